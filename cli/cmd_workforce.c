/* cmd_workforce.c - "klar workforce": supply and demand of one health profession (Helsemod
 * class), nationally (the sum of the four RHFs) or for one RHF, with an optional scenario,
 * printed as a table, CSV or JSON and optionally drawn as an SVG chart. The model is in
 * libklar (include/klar/workforce.h), its assembly and JSON in include/klar/runs.h; this file
 * only reads options and prints. */
#include "cli.h"

#include "klar/chart.h"
#include "klar/datadir.h"
#include "klar/runs.h"
#include "klar/workforce.h"

#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define COMMAND "workforce"

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

/* --region: "NO" or an RHF id (klar_run_wf_region). */
static int parse_region(const char *text, int *rhf)
{
    klar_error err;
    if (klar_run_wf_region(text, rhf, &err) == 0)
        return 0;
    fprintf(stderr, "klar %s: %s\n", COMMAND, err.message);
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
    klar_error err;
    int unknown;
    r->profession = klar_run_wf_profession(klar_datadir(), id, &unknown, &err);
    if (r->profession)
        r->model = klar_wf_model_new(r->profession, r->scenario, &err);
    if (!r->model) {
        fprintf(stderr, "klar %s: %s\n", COMMAND, err.message);
        return unknown ? CLI_USAGE : CLI_BAD_INPUT;
    }
    int n = snprintf(r->profession_path, sizeof r->profession_path, "%s/professions/%s.ini",
                     klar_datadir(), id);
    if (n < 0 || (size_t)n >= sizeof r->profession_path)
        snprintf(r->profession_path, sizeof r->profession_path, "%s.ini", id);
    return 0;
}

/* --from and --to against the model's base year. */
static int parse_years(const cli_args *args, request *r)
{
    int base = klar_wf_model_base_year(r->model);
    long to = klar_run_wf_default_to(r->model, r->scenario);
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
    if (klar_run_wf_project(klar_datadir(), r->model, r->rhf, r->to, res, &err) != 0) {
        fprintf(stderr, "klar %s: %s\n", COMMAND, err.message);
        return CLI_BAD_INPUT;
    }
    return CLI_OK;
}

/* ---- output ------------------------------------------------------------------------------------ */

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

static int print_json(const request *r, const klar_wf_result *res)
{
    json_t *root = klar_run_wf_json(r->model, r->rhf, r->from, r->to, res);
    if (!root) {
        fprintf(stderr, "klar %s: cannot encode the result as JSON\n", COMMAND);
        return CLI_BAD_INPUT;
    }
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
