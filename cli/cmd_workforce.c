/* cmd_workforce.c - "klar workforce": supply and demand of one health profession (Helsemod
 * class), nationally (the sum of the four RHFs) or for one RHF, with an optional scenario,
 * printed as a table, CSV or JSON and optionally drawn as an SVG chart. The model is in
 * libklar (include/klar/workforce.h); this file only reads options and prints. */
#include "cli.h"
#include "klar/text.h"

#include "klar/chart.h"
#include "klar/datadir.h"
#include "klar/population.h"
#include "klar/workforce.h"

#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define COMMAND "workforce"
#define DEFAULT_HORIZON 2050

static const cli_option options[] = {
    {"profession", 1, "profession id, e.g. bioingenior (see --list)"},
    {"region", 1, "NO (default: the sum of the four RHFs), helse-sor-ost, helse-vest, "
                  "helse-midt-norge or helse-nord"},
    {"scenario", 1, "scenario file (INI), or the name of one in scenarios/"},
    {"from", 1, "first year shown (default: the base year)"},
    {"to", 1, "last year shown (default: the scenario's to_year, else 2050)"},
    {"format", 1, "table (default), csv or json"},
    {"chart", 1, "also draw supply against the three demand alternatives into FILE.svg"},
    {"list", 0, "list the professions and exit"},
};
#define NOPTIONS (sizeof options / sizeof options[0])

/* Everything the command was asked for and what it loaded; freed by request_free. */
typedef struct request {
    cli_format format;
    const char *chart_path;
    klar_profession *profession;
    klar_wf_scenario *scenario;
    klar_wf_model *model;
    int rhf;                        /* -1 for the nation */
    int from, to;
    char profession_path[4096];
} request;

static void request_free(request *r)
{
    klar_wf_model_free(r->model);
    klar_wf_scenario_free(r->scenario);
    klar_profession_free(r->profession);
}

static const char *option(const cli_args *args, const char *name)
{
    return cli_value(args, options, NOPTIONS, name);
}

static void print_help(void)
{
    cli_print_help(
        "klar workforce --profession ID [--region NO|RHF] [--scenario FILE] [--from YEAR] "
        "[--to YEAR] [--format table|csv|json] [--chart FILE.svg]\n       klar workforce --list",
        "Projects supply and demand of one health profession, Helsemod style. Supply: the stock\n"
        "of persons educated in the profession by sex and age 20-74, moved year by year with\n"
        "graduates, net immigration and exits, times the probability of working and the FTE per\n"
        "worker. Demand: base-year FTE by sector, driven by the projected population weighted\n"
        "by service use by age and sex, and a yearly standard change. Three alternatives:\n"
        "demography (no standard change), reference and high. Gap = demand - supply FTE\n"
        "(positive = shortage). The nation is the sum of the four RHFs. Professions are files\n"
        "in <data>/professions; inputs without a source are listed as assumptions.",
        options, NOPTIONS);
}

/* ---- finding things ------------------------------------------------------------------------- */

static int professions_dir(char *buf, size_t size)
{
    if (klar_datapath(buf, size, "professions") != 0) {
        fprintf(stderr, "klar %s: data directory path too long\n", COMMAND);
        return CLI_BAD_INPUT;
    }
    return 0;
}

/* Checks that id names a shipped profession; suggests the nearest one if not. */
static int check_profession_id(const char *dir, const char *id)
{
    klar_error err;
    char **ids;
    int n = klar_profession_list(dir, &ids, &err);
    if (n < 0) {
        fprintf(stderr, "klar %s: %s\n", COMMAND, err.message);
        return CLI_BAD_INPUT;
    }
    int found = 0;
    for (int i = 0; i < n; i++)
        found |= strcmp(ids[i], id) == 0;
    if (!found) {
        const char *s = klar_text_suggest(id, (const char *const *)ids, (size_t)n);
        if (s)
            fprintf(stderr, "klar %s: unknown profession '%s'; did you mean '%s'?\n", COMMAND, id, s);
        else
            fprintf(stderr, "klar %s: unknown profession '%s'; see 'klar %s --list'\n", COMMAND, id,
                    COMMAND);
    }
    klar_profession_list_free(ids);
    return found ? 0 : CLI_USAGE;
}

/* --region: "NO" or an RHF id. */
static int parse_region(const char *text, int *rhf)
{
    if (!text || strcmp(text, "NO") == 0 || strcmp(text, "no") == 0) {
        *rhf = -1;
        return 0;
    }
    *rhf = klar_rhf_parse_id(text);
    if (*rhf >= 0)
        return 0;
    const char *names[KLAR_RHF_COUNT + 1] = {"NO"};
    for (int r = 0; r < KLAR_RHF_COUNT; r++)
        names[r + 1] = klar_rhf_id((klar_rhf)r);
    char hint[96];
    klar_text_suggest_hint(text, names, KLAR_RHF_COUNT + 1, hint, sizeof hint);
    fprintf(stderr, "klar %s: unknown region '%s'%s; use NO, helse-sor-ost, helse-vest, "
            "helse-midt-norge or helse-nord\n", COMMAND, text, hint);
    return CLI_USAGE;
}

/* ---- --list ----------------------------------------------------------------------------------- */

static int list_professions(cli_format format)
{
    char dir[4096];
    klar_error err;
    char **ids;
    if (professions_dir(dir, sizeof dir) != 0)
        return CLI_BAD_INPUT;
    int n = klar_profession_list(dir, &ids, &err);
    if (n < 0) {
        fprintf(stderr, "klar %s: %s\n", COMMAND, err.message);
        return CLI_BAD_INPUT;
    }
    int rc = CLI_OK;
    json_t *arr = format == CLI_JSON ? json_array() : NULL;
    if (format == CLI_CSV)
        printf("id,name_nb,name_en,base_year\n");
    else if (format == CLI_TABLE)
        printf("%-20s %-28s %-34s %s\n", "id", "name (nb)", "name (en)", "base year");
    for (int i = 0; i < n && rc == CLI_OK; i++) {
        char path[8192];
        snprintf(path, sizeof path, "%s/%s.ini", dir, ids[i]);
        klar_profession *p = klar_profession_load(path, &err);
        if (!p) {
            fprintf(stderr, "klar %s: %s\n", COMMAND, err.message);
            rc = CLI_BAD_INPUT;
            break;
        }
        const char *nb = klar_profession_name_nb(p), *en = klar_profession_name_en(p);
        int year = klar_profession_base_year(p);
        if (format == CLI_CSV)
            printf("%s,\"%s\",\"%s\",%d\n", ids[i], nb, en, year);
        else if (format == CLI_TABLE)
        {
            cli_print_padded(ids[i], 21);
            cli_print_padded(nb, 29);
            cli_print_padded(en, 35);
            printf("%d\n", year);
        }
        else
            json_array_append_new(arr, json_pack("{s:s, s:s, s:s, s:i}", "id", ids[i], "name_nb", nb,
                                                 "name_en", en, "base_year", year));
        klar_profession_free(p);
    }
    if (arr) {
        if (rc == CLI_OK) {
            json_dumpf(arr, stdout, JSON_INDENT(2));
            putchar('\n');
        }
        json_decref(arr);
    }
    klar_profession_list_free(ids);
    return rc;
}

/* ---- loading ---------------------------------------------------------------------------------- */

static int load_scenario(const char *arg, request *r)
{
    if (!arg)
        return 0;
    char path[4096];
    klar_error err;
    cli_resolve_scenario(arg, path, sizeof path);
    r->scenario = klar_wf_scenario_load(path, &err);
    if (!r->scenario) {
        fprintf(stderr, "klar %s: %s\n", COMMAND, err.message);
        return CLI_BAD_INPUT;
    }
    return 0;
}

/* The profession: --profession, else the one the scenario is written for. */
static int load_profession(const char *arg, request *r)
{
    const char *id = arg ? arg : (r->scenario ? klar_wf_scenario_profession(r->scenario) : NULL);
    if (!id) {
        fprintf(stderr, "klar %s: --profession is required (see 'klar %s --list')\n", COMMAND, COMMAND);
        return CLI_USAGE;
    }
    char dir[2048];
    int rc = professions_dir(dir, sizeof dir);
    if (rc == 0)
        rc = check_profession_id(dir, id);
    if (rc != 0)
        return rc;
    klar_error err;
    int n = snprintf(r->profession_path, sizeof r->profession_path, "%s/%s.ini", dir, id);
    if (n < 0 || (size_t)n >= sizeof r->profession_path) {
        fprintf(stderr, "klar %s: profession path too long\n", COMMAND);
        return CLI_BAD_INPUT;
    }
    r->profession = klar_profession_load(r->profession_path, &err);
    if (r->profession && strcmp(klar_profession_id(r->profession), id) != 0) {
        fprintf(stderr, "klar %s: %s: id '%s' does not match the file name\n", COMMAND,
                r->profession_path, klar_profession_id(r->profession));
        return CLI_BAD_INPUT;
    }
    if (r->profession)
        r->model = klar_wf_model_new(r->profession, r->scenario, &err);
    if (!r->model) {
        fprintf(stderr, "klar %s: %s\n", COMMAND, err.message);
        return CLI_BAD_INPUT;
    }
    return 0;
}

/* --from and --to against the model's base year. */
static int parse_years(const cli_args *args, request *r)
{
    int base = klar_wf_model_base_year(r->model);
    int scenario_to = r->scenario ? klar_wf_scenario_to_year(r->scenario) : 0;
    long to = scenario_to ? scenario_to : (base < DEFAULT_HORIZON ? DEFAULT_HORIZON : base + 18);
    long from = base;
    long last = base + KLAR_WF_MAX_YEARS - 1;
    const char *t;
    int rc = 0;
    if ((t = option(args, "to")) != NULL)
        rc = cli_int(COMMAND, "to", t, base, last, &to);
    if (rc == 0 && (t = option(args, "from")) != NULL)
        rc = cli_int(COMMAND, "from", t, base, to, &from);
    r->from = (int)from;
    r->to = (int)to;
    return rc;
}

/* ---- running -------------------------------------------------------------------------------- */

/* Projects the population of the RHFs once and runs the model for the region asked. */
static int run(const request *r, klar_wf_result *res)
{
    klar_error err;
    const char *datadir = klar_datadir();
    klar_pop_assumptions a;
    klar_popbase *pb = klar_popbase_load(datadir, &err);
    if (!pb || klar_pop_assumptions_load(datadir, &a, &err) != 0) {
        fprintf(stderr, "klar %s: population data: %s\n", COMMAND, err.message);
        klar_popbase_free(pb);
        return CLI_BAD_INPUT;
    }
    klar_wf_popseries ps;
    int base = klar_wf_model_base_year(r->model), rc = CLI_OK;
    if (klar_wf_popseries_project(pb, &a, base, r->to, &ps, &err) != 0) {
        fprintf(stderr, "klar %s: population projection from the base year %d: %s\n", COMMAND, base,
                err.message);
        klar_popbase_free(pb);
        return CLI_BAD_INPUT;
    }
    const klar_pyramid *pops[KLAR_RHF_COUNT] = {ps.rhf[0], ps.rhf[1], ps.rhf[2], ps.rhf[3]};
    int failed = r->rhf < 0 ? klar_wf_run_nation(r->model, pops, ps.nyears, r->to, res, &err)
                            : klar_wf_run(r->model, (klar_rhf)r->rhf, pops[r->rhf], ps.nyears,
                                          r->to, res, &err);
    if (failed) {
        fprintf(stderr, "klar %s: %s\n", COMMAND, err.message);
        rc = CLI_BAD_INPUT;
    }
    klar_wf_popseries_free(&ps);
    klar_popbase_free(pb);
    return rc;
}

/* ---- output ------------------------------------------------------------------------------------ */

static const char *region_id(int rhf)
{
    return rhf < 0 ? "NO" : klar_rhf_id((klar_rhf)rhf);
}

static const char *region_name(int rhf)
{
    return rhf < 0 ? "Norway (sum of the four RHFs)" : klar_rhf_name((klar_rhf)rhf);
}

static void print_table_header(const request *r)
{
    const char *sc = klar_wf_model_scenario_name(r->model);
    printf("%s (%s) - %s\n", klar_wf_model_profession_name(r->model, 0),
           klar_wf_model_profession_name(r->model, 1), region_name(r->rhf));
    printf("Base year %d, scenario: %s. Supply and demand in FTE (årsverk, 37.5 h/week); "
           "stock in persons.\n\n", klar_wf_model_base_year(r->model), sc ? sc : "none");
    printf("%-6s %10s %10s %12s %10s %10s %12s %10s %10s\n", "", "supply", "supply", "demand FTE",
           "", "", "gap FTE", "", "");
    printf("%-6s %10s %10s %12s %10s %10s %12s %10s %10s\n", "year", "persons", "FTE", "demography",
           "reference", "high", "demography", "reference", "high");
}

static void print_table_row(const klar_wf_year *y)
{
    char c[8][32];
    cli_format_thousands(y->persons, c[0], sizeof c[0]);
    cli_format_thousands(y->fte, c[1], sizeof c[1]);
    for (int alt = 0; alt < KLAR_WF_ALTERNATIVES; alt++) {
        cli_format_thousands(y->demand[alt], c[2 + alt], sizeof c[2 + alt]);
        cli_format_thousands(y->gap[alt], c[5 + alt], sizeof c[5 + alt]);
    }
    printf("%-6d %10s %10s %12s %10s %10s %12s %10s %10s\n", y->year, c[0], c[1], c[2], c[3], c[4],
           c[5], c[6], c[7]);
}

static void print_assumptions_footer(const request *r)
{
    size_t n = klar_wf_model_input_count(r->model);
    size_t na = klar_wf_model_assumption_count(r->model);
    printf("\nGap = demand - supply; positive = shortage (FTE). Demand alternatives: demography =\n"
           "population change weighted by service use only; reference and high add a yearly\n"
           "standard change. The base year is in balance unless a base shortage is given.\n");
    printf("\nAssumptions - %zu of %zu inputs have no source:\n", na, n);
    for (size_t i = 0; i < n; i++) {
        klar_wf_input in = klar_wf_model_input(r->model, i);
        if (!in.source)
            printf("  %s = %s - %s\n", in.key, in.value, in.label);
    }
    printf("Sources of the other inputs: --format json, or the profession file %s%s.\n",
           r->profession_path, r->scenario ? " and the scenario file" : "");
}

static void print_table(const request *r, const klar_wf_result *res)
{
    print_table_header(r);
    for (int i = 0; i < res->nyears; i++)
        if (res->years[i].year >= r->from)
            print_table_row(&res->years[i]);
    print_assumptions_footer(r);
}

/* v, with -0.0 and rounding noise shown as 0. */
static double tidy(double v)
{
    return fabs(v) < 0.05 ? 0.0 : v;
}

static void print_csv(const request *r, const klar_wf_result *res)
{
    printf("year,alternative,supply_persons,supply_fte,demand_fte,gap_fte\n");
    for (int i = 0; i < res->nyears; i++) {
        const klar_wf_year *y = &res->years[i];
        if (y->year < r->from)
            continue;
        for (int alt = 0; alt < KLAR_WF_ALTERNATIVES; alt++)
            printf("%d,%s,%.1f,%.1f,%.1f,%.1f\n", y->year,
                   klar_wf_alternative_id((klar_wf_alternative)alt), tidy(y->persons),
                   tidy(y->fte), tidy(y->demand[alt]), tidy(y->gap[alt]));
    }
}

static json_t *inputs_json(const klar_wf_model *m, int want_assumptions)
{
    json_t *arr = json_array();
    for (size_t i = 0; i < klar_wf_model_input_count(m); i++) {
        klar_wf_input in = klar_wf_model_input(m, i);
        if ((in.source == NULL) != want_assumptions)
            continue;
        json_t *o = json_pack("{s:s, s:s, s:s, s:s, s:i}", "parameter", in.key, "label", in.label,
                              "value", in.value, "file", in.file, "line", in.line);
        if (in.source)
            json_object_set_new(o, "source", json_string(in.source));
        json_array_append_new(arr, o);
    }
    return arr;
}

static json_t *rows_json(const request *r, const klar_wf_result *res)
{
    json_t *rows = json_array();
    for (int i = 0; i < res->nyears; i++) {
        const klar_wf_year *y = &res->years[i];
        if (y->year < r->from)
            continue;
        for (int alt = 0; alt < KLAR_WF_ALTERNATIVES; alt++) {
            json_t *sectors = json_object();
            for (int k = 0; k < KLAR_WF_SECTORS; k++)
                json_object_set_new(sectors, klar_wf_sector_id((klar_wf_sector)k),
                                    json_real(y->demand_sector[alt][k]));
            json_array_append_new(
                rows, json_pack("{s:i, s:s, s:f, s:f, s:f, s:f, s:f, s:f, s:f, s:f, s:o}", "year",
                                y->year, "alternative", klar_wf_alternative_id((klar_wf_alternative)alt),
                                "supply_persons", y->persons, "supply_employed", y->employed,
                                "supply_fte", y->fte, "demand_fte", y->demand[alt], "gap_fte",
                                y->gap[alt], "graduates", y->graduates, "net_migration", y->migration,
                                "exits", y->exits, "demand_fte_by_sector", sectors));
        }
    }
    return rows;
}

static int print_json(const request *r, const klar_wf_result *res)
{
    const char *sc = klar_wf_model_scenario_name(r->model);
    json_t *root = json_pack(
        "{s:{s:s, s:s, s:s}, s:{s:s, s:s}, s:i, s:i, s:i, s:o, s:{s:s, s:s, s:s}, s:s}",
        "profession", "id", klar_wf_model_profession_id(r->model), "name_nb",
        klar_wf_model_profession_name(r->model, 0), "name_en", klar_wf_model_profession_name(r->model, 1),
        "region", "id", region_id(r->rhf), "name", region_name(r->rhf),
        "base_year", klar_wf_model_base_year(r->model), "from", r->from, "to", r->to,
        "scenario", sc ? json_string(sc) : json_null(),
        "units", "supply_persons", "persons", "fte", "FTE (årsverk, 37.5 h/week)", "gap",
        "demand - supply, FTE; positive = shortage",
        "national", "the nation is the sum of the four RHF runs");
    if (!root)
        return CLI_BAD_INPUT;
    json_object_set_new(root, "assumptions", inputs_json(r->model, 1));
    json_object_set_new(root, "sources", inputs_json(r->model, 0));
    json_object_set_new(root, "rows", rows_json(r, res));
    json_dumpf(root, stdout, JSON_INDENT(2) | JSON_REAL_PRECISION(10));
    putchar('\n');
    json_decref(root);
    return CLI_OK;
}

/* ---- chart ------------------------------------------------------------------------------------- */

static int draw_chart(const request *r, const klar_wf_result *res)
{
    double x[KLAR_WF_MAX_YEARS], supply[KLAR_WF_MAX_YEARS], demand[KLAR_WF_ALTERNATIVES][KLAR_WF_MAX_YEARS];
    size_t n = 0;
    for (int i = 0; i < res->nyears; i++) {
        const klar_wf_year *y = &res->years[i];
        if (y->year < r->from)
            continue;
        x[n] = y->year;
        supply[n] = y->fte;
        for (int alt = 0; alt < KLAR_WF_ALTERNATIVES; alt++)
            demand[alt][n] = y->demand[alt];
        n++;
    }
    klar_chart_series series[4] = {
        {"supply (FTE)", x, supply, NULL, NULL, n, 0},
        {"demand, demography", x, demand[KLAR_WF_DEMOGRAPHY], NULL, NULL, n, 1},
        {"demand, reference", x, demand[KLAR_WF_REFERENCE], NULL, NULL, n, 1},
        {"demand, high", x, demand[KLAR_WF_HIGH], NULL, NULL, n, 1},
    };
    char title[512], subtitle[512], marker[64], note[512];
    const char *sc = klar_wf_model_scenario_name(r->model);
    int base = klar_wf_model_base_year(r->model);
    snprintf(title, sizeof title, "%s: supply and demand, %s", klar_wf_model_profession_name(r->model, 0),
             region_name(r->rhf));
    snprintf(subtitle, sizeof subtitle, "scenario: %s; gap = demand - supply", sc ? sc : "none");
    snprintf(marker, sizeof marker, "base year %d", base);
    snprintf(note, sizeof note, "%zu of %zu inputs are assumptions without a source (see the table "
             "footer or --format json).", klar_wf_model_assumption_count(r->model),
             klar_wf_model_input_count(r->model));
    klar_chart chart = {title, subtitle, "year", "FTE (årsverk)", 1, base, marker, note};
    klar_error err;
    if (klar_chart_save_svg(r->chart_path, &chart, series, 4, &err) != 0) {
        fprintf(stderr, "klar %s: --chart: %s\n", COMMAND, err.message);
        return CLI_BAD_INPUT;
    }
    return CLI_OK;
}

/* ---- main ----------------------------------------------------------------------------------------- */

static int prepare(const cli_args *args, request *r)
{
    int rc = cli_parse_format(COMMAND, option(args, "format"), CLI_TABLE, &r->format);
    if (rc == 0)
        rc = parse_region(option(args, "region"), &r->rhf);
    if (rc == 0)
        rc = load_scenario(option(args, "scenario"), r);
    if (rc == 0)
        rc = load_profession(option(args, "profession"), r);
    if (rc == 0)
        rc = parse_years(args, r);
    r->chart_path = option(args, "chart");
    if (rc == 0 && r->chart_path && !*r->chart_path) {
        fprintf(stderr, "klar %s: --chart needs a file name\n", COMMAND);
        rc = CLI_USAGE;
    }
    return rc;
}

int cmd_workforce(int argc, char **argv)
{
    cli_args args;
    int rc = cli_begin(COMMAND, argc, argv, options, NOPTIONS, print_help, &args);
    if (rc >= 0)
        return rc;
    if (option(&args, "list")) {
        cli_format format;
        rc = cli_parse_format(COMMAND, option(&args, "format"), CLI_TABLE, &format);
        return rc ? rc : list_professions(format);
    }
    request r;
    memset(&r, 0, sizeof r);
    rc = prepare(&args, &r);
    klar_wf_result *res = rc == 0 ? malloc(sizeof *res) : NULL;
    if (rc == 0 && !res) {
        fprintf(stderr, "klar %s: out of memory\n", COMMAND);
        rc = CLI_BAD_INPUT;
    }
    if (rc == 0)
        rc = run(&r, res);
    if (rc == 0) {
        if (r.format == CLI_TABLE)
            print_table(&r, res);
        else if (r.format == CLI_CSV)
            print_csv(&r, res);
        else
            rc = print_json(&r, res);
    }
    if (rc == 0 && r.chart_path)
        rc = draw_chart(&r, res);
    free(res);
    request_free(&r);
    return rc;
}
