/* cmd_surge.c - "klar surge": a crisis surge scenario (epidemic -> admissions, beds, tests,
 * staff, stocks) for a region, deterministic and optionally with Monte Carlo percentile bands,
 * printed as a table, CSV or JSON, with an optional summary JSON file and SVG chart; and
 * "klar surge --chime FILE", the CHIME-compatible census. The models are in libklar
 * (include/klar/surge.h, include/klar/chime.h) and its JSON in include/klar/runs.h; this file
 * reads options and prints. */
#include "cli.h"
#include "klar/date.h"
#include <ctype.h>

#include "klar/chart.h"
#include "klar/chime.h"
#include "klar/datadir.h"
#include "klar/file.h"
#include "klar/runs.h"
#include "klar/surge.h"

#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define COMMAND "surge"

static const cli_option options[] = {
    {"scenario", 1, "scenario file (INI), or the name of one in scenarios/ (influenza-moderate, "
                    "influenza-severe, covid19-2020, ppe-import-stop)"},
    {"region", 1, "NO, an RHF id (helse-vest ...), a county (46, Vestland) or a municipality "
                  "code (4601); default: the scenario's region, else NO"},
    {"days", 1, "days to simulate (default: the scenario's)"},
    {"runs", 1, "Monte Carlo runs with uncertain parameters drawn per run (default 1: only the "
                "deterministic run)"},
    {"seed", 1, "seed of the Monte Carlo runs (default 1)"},
    {"threads", 1, "threads for the Monte Carlo runs (default 2)"},
    {"format", 1, "table (default), csv or json"},
    {"chart", 1, "draw ICU demand against capacity (with the 5-95 % band) into FILE.svg"},
    {"summary", 1, "write the summary as JSON into FILE"},
    {"chime", 1, "run the CHIME-compatible model on a CHIME settings file and print its census"},
    {"db", 1, "use the registered capacity, stocks and reserves of this registry (SQLite file or "
              "postgresql:// URL) over the shipped figures, as klar serve does"},
    {"org", 1, "with --db: the organisation whose subtree's figures are used (default: the "
               "region's: NO the national one, an RHF, HF or municipality its own)"},
};
#define NOPTIONS (sizeof options / sizeof options[0])

typedef struct request {
    cli_format format;
    const char *chart_path, *summary_path;
    long runs, threads;
    unsigned long long seed;
    char scenario_path[4096];
    klar_surge_params *params;
    klar_surge_result result;      /* the deterministic run */
    klar_surge_mc mc;              /* when runs > 1 */
    int have_result, have_mc;
} request;

static const char *option(const cli_args *args, const char *name)
{
    return cli_value(args, options, NOPTIONS, name);
}

static void print_help(void)
{
    cli_print_help(
        "klar surge --scenario FILE [--region NO|RHF|COUNTY|MUNICIPALITY] [--days N] [--runs N "
        "--seed S --threads T] [--format table|csv|json] [--chart FILE.svg] [--summary FILE.json]"
        "\n       klar surge --chime FILE",
        "Simulates a crisis surge day by day: an age-structured SEIR epidemic (10-year groups)\n"
        "feeding hospital admissions, ward and ICU census (lengths of stay as Erlang stages),\n"
        "lab tests, staff absence, staff gaps against staffing ratios, reserve personnel and\n"
        "stocks of infection-control equipment and medicines, against the region's capacity.\n"
        "The deterministic run gives the central figures; --runs N adds N stochastic runs\n"
        "(binomial chain, uncertain parameters drawn from the scenario's distributions) and\n"
        "5/50/95 % bands, the same for a seed whatever the number of threads. Capacities come\n"
        "from <data>/surge/ (each value sourced or marked as an assumption), the rest from the\n"
        "scenario file. --chime FILE prints the CHIME-compatible census as CSV instead.",
        options, NOPTIONS);
}

/* ---- CHIME mode ---------------------------------------------------------------------------- */

static int run_chime(const char *path)
{
    klar_chime_params p;
    klar_chime_result r;
    klar_error err;
    if (klar_chime_load(path, &p, &err) != 0 || klar_chime_run(&p, &r, &err) != 0) {
        fprintf(stderr, "klar %s: %s\n", COMMAND, err.message);
        return CLI_BAD_INPUT;
    }
    int rc = klar_chime_write_csv(stdout, &r) == 0 ? CLI_OK : CLI_BAD_INPUT;
    klar_chime_result_free(&r);
    return rc;
}

/* ---- options -------------------------------------------------------------------------------- */

static int parse_numbers(const cli_args *args, request *r)
{
    long days = 0, seed = 1;
    r->runs = 1;
    r->threads = 2;
    const char *v;
    if ((v = option(args, "runs")) && cli_int(COMMAND, "runs", v, 1, 1000000, &r->runs))
        return CLI_USAGE;
    if ((v = option(args, "threads")) && cli_int(COMMAND, "threads", v, 1, 64, &r->threads))
        return CLI_USAGE;
    if ((v = option(args, "seed")) && cli_int(COMMAND, "seed", v, 0, 2147483647L, &seed))
        return CLI_USAGE;
    if ((v = option(args, "days"))) {
        if (cli_int(COMMAND, "days", v, 1, KLAR_SURGE_MAX_DAYS, &days))
            return CLI_USAGE;
        r->params->days = (int)days;
    }
    r->seed = (unsigned long long)seed;
    return 0;
}

static int prepare(const cli_args *args, request *r)
{
    int rc = cli_parse_format(COMMAND, option(args, "format"), CLI_TABLE, &r->format);
    if (rc)
        return rc;
    const char *scenario = option(args, "scenario");
    if (!scenario || !*scenario) {
        fprintf(stderr, "klar %s: --scenario FILE is required (or --chime FILE); see 'klar %s "
                "--help'\n", COMMAND, COMMAND);
        return CLI_USAGE;
    }
    r->chart_path = option(args, "chart");
    r->summary_path = option(args, "summary");
    if ((r->chart_path && !*r->chart_path) || (r->summary_path && !*r->summary_path)) {
        fprintf(stderr, "klar %s: --chart and --summary need a file name\n", COMMAND);
        return CLI_USAGE;
    }
    cli_resolve_scenario(scenario, r->scenario_path, sizeof r->scenario_path);
    if ((rc = cli_scenario_check(COMMAND, scenario, r->scenario_path)) != CLI_OK)
        return rc;
    if (option(args, "db") || option(args, "org")) {
        rc = cli_surge_registry_load(option(args, "db"), option(args, "org"), r->scenario_path,
                                     option(args, "region"), r->params);
        return rc ? rc : parse_numbers(args, r);
    }
    klar_error err;
    if (klar_surge_load(r->scenario_path, klar_datadir(), option(args, "region"), r->params,
                        &err) != 0) {
        fprintf(stderr, "klar %s: %s\n", COMMAND, err.message);
        return CLI_BAD_INPUT;
    }
    return parse_numbers(args, r);
}

static int simulate(request *r)
{
    klar_error err;
    if (klar_surge_run(r->params, 0, 0, &r->result, &err) != 0) {
        fprintf(stderr, "klar %s: %s\n", COMMAND, err.message);
        return CLI_BAD_INPUT;
    }
    r->have_result = 1;
    if (r->runs > 1) {
        if (klar_surge_montecarlo(r->params, (int)r->runs, r->seed, (int)r->threads, &r->mc,
                                  &err) != 0) {
            fprintf(stderr, "klar %s: %s\n", COMMAND, err.message);
            return CLI_BAD_INPUT;
        }
        r->have_mc = 1;
    }
    return CLI_OK;
}

/* ---- summary JSON --------------------------------------------------------------------------- */

/* The summary as the library encodes it (klar/runs.h), naming the scenario file. */
static json_t *summary_json(const request *r)
{
    return klar_run_surge_summary_json(r->params, &r->result, r->have_mc ? &r->mc : NULL,
                                       r->seed, (int)r->threads, r->scenario_path);
}

static int write_summary(const request *r)
{
    klar_error err;
    FILE *f = klar_file_create(r->summary_path, &err);
    if (!f) {
        fprintf(stderr, "klar %s: --summary: %s\n", COMMAND, err.message);
        return CLI_BAD_INPUT;
    }
    json_t *o = summary_json(r);
    int ok = o && json_dumpf(o, f, JSON_INDENT(2) | JSON_REAL_PRECISION(10)) == 0
             && fputc('\n', f) != EOF;
    json_decref(o);
    if (klar_file_commit(f, r->summary_path, ok, &err) != 0 || !ok) {
        fprintf(stderr, "klar %s: --summary: %s\n", COMMAND, ok ? err.message : "cannot write");
        return CLI_BAD_INPUT;
    }
    return CLI_OK;
}

/* ---- daily output ------------------------------------------------------------------------- */

/* A unit as a column suffix: "persons/day" -> "persons_per_day", "FTE" -> "fte". */
static void unit_suffix(const char *unit, char *buf, size_t size)
{
    size_t n = 0;
    for (const char *c = unit; *c && n + 6 < size; c++) {
        if (*c == '/') {
            memcpy(buf + n, "_per_", 5);
            n += 5;
        } else {
            buf[n++] = *c == ' ' || *c == '-' ? '_' : (char)tolower((unsigned char)*c);
        }
    }
    buf[n] = '\0';
}

/* The decimals a value of unit is written with: shares 4, FTE 1, counts (persons, patients,
 * beds, tests, stock units) none. Never an exponent. */
static int decimals_of(const char *unit)
{
    return strcmp(unit, "share") == 0 ? 4 : strcmp(unit, "FTE") == 0 ? 1 : 0;
}

static void print_header(const char *id, const char *part, const char *unit)
{
    char suffix[64];
    unit_suffix(unit, suffix, sizeof suffix);
    printf(",%s%s_%s", id, part, suffix);
}

static void print_value(double v, const char *unit)
{
    double rounded = round(v * pow(10, decimals_of(unit))) / pow(10, decimals_of(unit));
    printf(",%.*f", decimals_of(unit), rounded == 0 ? 0.0 : rounded);   /* no "-0" */
}

/* The days as CSV: day (and date when the scenario names its start_date), every series with
 * its unit in the column name ("census_icu_patients"), each item's stock and unmet need, and
 * with Monte Carlo runs the 5/50/95 % band of every series. */
static void print_csv(const request *r)
{
    const klar_surge_result *res = &r->result;
    const klar_surge_params *p = r->params;
    long long day0 = 0;
    int dated = p->start_date[0] && klar_date_parse(p->start_date, &day0) == 0;
    printf(dated ? "day,date" : "day");
    for (int s = 0; s < KLAR_SURGE_NSERIES; s++)
        print_header(klar_surge_series_id((klar_surge_series)s), "",
                     klar_surge_series_unit((klar_surge_series)s));
    for (int i = 0; i < p->n_items; i++) {
        char id[48];
        snprintf(id, sizeof id, "stock_%s", p->items[i].id);
        print_header(id, "", p->items[i].unit);
        snprintf(id, sizeof id, "unmet_%s", p->items[i].id);
        print_header(id, "", p->items[i].unit);
    }
    static const char *const bands[] = {"_p5", "_p50", "_p95"};
    if (r->have_mc)
        for (int s = 0; s < KLAR_SURGE_NSERIES; s++)
            for (int b = 0; b < 3; b++)
                print_header(klar_surge_series_id((klar_surge_series)s), bands[b],
                             klar_surge_series_unit((klar_surge_series)s));
    printf("\n");
    for (int d = 0; d <= res->days; d++) {
        printf("%d", d);
        if (dated) {
            char date[16];
            klar_date_format(day0 + d, date, sizeof date);
            printf(",%s", date);
        }
        for (int s = 0; s < KLAR_SURGE_NSERIES; s++)
            print_value(res->series[s][d], klar_surge_series_unit((klar_surge_series)s));
        for (int i = 0; i < p->n_items; i++) {
            print_value(res->stock[i][d], p->items[i].unit);
            print_value(res->stock_unmet[i][d], p->items[i].unit);
        }
        if (r->have_mc)
            for (int s = 0; s < KLAR_SURGE_NSERIES; s++) {
                const char *unit = klar_surge_series_unit((klar_surge_series)s);
                print_value(r->mc.series[s].p5[d], unit);
                print_value(r->mc.series[s].p50[d], unit);
                print_value(r->mc.series[s].p95[d], unit);
            }
        printf("\n");
    }
}

static int print_json(const request *r)
{
    json_t *root = klar_run_surge_json(r->params, &r->result, r->have_mc ? &r->mc : NULL,
                                       r->seed, (int)r->threads, r->scenario_path);
    if (!root) {
        fprintf(stderr, "klar %s: cannot encode the result as JSON\n", COMMAND);
        return CLI_BAD_INPUT;
    }
    int rc = json_dumpf(root, stdout, JSON_INDENT(2) | JSON_REAL_PRECISION(10));
    putchar('\n');
    json_decref(root);
    return rc == 0 ? CLI_OK : CLI_BAD_INPUT;
}

static void print_number(double v, int width)
{
    char buf[64];
    cli_format_thousands(v, buf, sizeof buf);
    printf("%*s", width, buf);
}

/* The table: a row a week (and the last day), then the summary with units. */
static void print_table(const request *r)
{
    const klar_surge_result *res = &r->result;
    const klar_surge_params *p = r->params;
    const klar_surge_summary *s = &res->summary;
    double *const *x = res->series;
    double population = 0;
    for (int g = 0; g < KLAR_SURGE_GROUPS; g++)
        population += p->population[g];
    char pop[64];
    cli_format_thousands(population, pop, sizeof pop);
    printf("Surge: %s, %s (%s persons), %d days, central (deterministic) run\n\n", p->name,
           p->region_name, pop, p->days);
    printf("%5s %11s %12s %9s %9s %8s %8s %8s %10s %10s %9s %9s\n", "day", "infections",
           "admissions", "ward", "ward cap", "ICU", "ICU cap", "ventil.", "tests", "test cap",
           "nurse gap", "ICU-n gap");
    printf("%5s %11s %12s %9s %9s %8s %8s %8s %10s %10s %9s %9s\n", "", "persons/day",
           "patients/day", "patients", "beds", "patients", "beds", "patients", "tests/day",
           "tests/day", "FTE", "FTE");
    for (int d = 0; d <= res->days; d++) {
        if (d % 7 != 0 && d != res->days)
            continue;
        printf("%5d", d);
        print_number(x[KLAR_SURGE_INFECTIONS][d], 12);
        print_number(x[KLAR_SURGE_ADMISSIONS][d], 13);
        print_number(x[KLAR_SURGE_CENSUS_WARD][d], 10);
        print_number(x[KLAR_SURGE_WARD_CAPACITY][d], 10);
        print_number(x[KLAR_SURGE_CENSUS_ICU][d], 9);
        print_number(x[KLAR_SURGE_ICU_CAPACITY][d], 9);
        print_number(x[KLAR_SURGE_CENSUS_VENTILATED][d], 9);
        print_number(x[KLAR_SURGE_TESTS_DEMAND][d], 11);
        print_number(x[KLAR_SURGE_TESTS_CAPACITY][d], 11);
        print_number(x[KLAR_SURGE_GAP_NURSE][d], 10);
        print_number(x[KLAR_SURGE_GAP_ICU_NURSE][d], 10);
        printf("\n");
    }
    printf("\nSummary (central run)\n");
    printf("  peak ICU demand        %.0f patients on day %d (%d days over capacity, %.0f unmet "
           "ICU bed-days)\n", s->peak_census_icu, s->peak_day_icu, s->days_icu_over_capacity,
           s->unmet_icu_bed_days);
    printf("  peak ward demand       %.0f patients on day %d (%d days over capacity, %.0f unmet "
           "ward bed-days)\n", s->peak_census_ward, s->peak_day_ward, s->days_ward_over_capacity,
           s->unmet_ward_bed_days);
    printf("  peak ventilated        %.0f patients on day %d\n", s->peak_census_ventilated,
           s->peak_day_ventilated);
    printf("  tests                  peak demand %.0f tests/day on day %d; capacity %.0f "
           "tests/day on day 0 (%d days over)\n", s->tests_peak_demand, s->tests_peak_day,
           s->tests_capacity, s->days_tests_over_capacity);
    for (int k = 0; k < KLAR_STAFF_N; k++)
        printf("  staff gap %-12s peak %.0f FTE, %d days with a gap\n",
               klar_staff_id((klar_staff)k), s->staff_peak_gap[k], s->staff_gap_days[k]);
    printf("  infected               %.0f persons (%.1f %% of the population)\n", s->infections,
           100 * s->attack_rate);
    printf("  admitted               %.0f patients, %.0f to ICU; %.0f deaths in hospital\n",
           s->admissions, s->icu_admissions, s->deaths);
    for (int i = 0; i < p->n_items; i++) {
        if (s->first_stockout_day[i] >= 0)
            printf("  stock %-16s runs out on day %d\n", p->items[i].id, s->first_stockout_day[i]);
        else
            printf("  stock %-16s lasts (%.0f %s left on day %d)\n", p->items[i].id,
                   res->stock[i][res->days], p->items[i].unit, res->days);
    }
    if (r->have_mc) {
        const klar_surge_mc *mc = &r->mc;
        printf("\nMonte Carlo, %d runs (seed %llu): 5 / 50 / 95 %%\n", mc->runs, r->seed);
        printf("  peak ICU demand        %.0f / %.0f / %.0f patients\n", mc->peak_census_icu[0],
               mc->peak_census_icu[1], mc->peak_census_icu[2]);
        printf("  unmet ICU bed-days     %.0f / %.0f / %.0f bed-days\n", mc->unmet_icu_bed_days[0],
               mc->unmet_icu_bed_days[1], mc->unmet_icu_bed_days[2]);
        printf("  deaths in hospital     %.0f / %.0f / %.0f persons\n", mc->deaths[0],
               mc->deaths[1], mc->deaths[2]);
        for (int i = 0; i < p->n_items; i++)
            printf("  stock %-16s runs out in %.0f %% of runs\n", p->items[i].id,
                   100 * mc->stockout_share[i]);
    }
    printf("\nInputs: %s and %s/surge/ (sources and assumptions are marked there).\n",
           r->scenario_path, klar_datadir());
}

/* ---- chart -------------------------------------------------------------------------------- */

static int draw_chart(const request *r)
{
    const klar_surge_result *res = &r->result;
    size_t n = (size_t)res->days + 1;
    double *x = malloc(sizeof(double) * n);
    if (!x) {
        fprintf(stderr, "klar %s: out of memory\n", COMMAND);
        return CLI_BAD_INPUT;
    }
    for (size_t d = 0; d < n; d++)
        x[d] = (double)d;
    const klar_surge_band *band = r->have_mc ? &r->mc.series[KLAR_SURGE_CENSUS_ICU] : NULL;
    const klar_surge_band *vent = r->have_mc ? &r->mc.series[KLAR_SURGE_CENSUS_VENTILATED] : NULL;
    klar_chart_series series[3] = {
        {r->have_mc ? "ICU demand, median" : "ICU demand", x,
         band ? band->p50 : res->series[KLAR_SURGE_CENSUS_ICU], band ? band->p5 : NULL,
         band ? band->p95 : NULL, n, 0},
        {r->have_mc ? "ventilated, median" : "ventilated", x,
         vent ? vent->p50 : res->series[KLAR_SURGE_CENSUS_VENTILATED], NULL, NULL, n, 0},
        {"ICU beds available", x, res->series[KLAR_SURGE_ICU_CAPACITY], NULL, NULL, n, 1},
    };
    char title[256], subtitle[256], note[768];
    const char *file = strrchr(r->scenario_path, '/');
    file = file ? file + 1 : r->scenario_path;
    snprintf(title, sizeof title, "ICU demand against capacity: %s", r->params->name);
    if (r->have_mc)
        snprintf(subtitle, sizeof subtitle, "%s; shaded: 5-95 %% of %d Monte Carlo runs; "
                 "capacity of the central run", r->params->region_name, r->mc.runs);
    else
        snprintf(subtitle, sizeof subtitle, "%s; deterministic run", r->params->region_name);
    snprintf(note, sizeof note, "Capacity: ICU beds not used by other patients, plus surge beds "
             "after a delay. Inputs marked as assumptions in %.300s and data/surge/.", file);
    klar_chart chart = {title, subtitle, "day", "patients / beds", 0, 0, NULL, note};
    klar_error err;
    int rc = klar_chart_save_svg(r->chart_path, &chart, series, 3, &err);
    free(x);
    if (rc != 0) {
        fprintf(stderr, "klar %s: --chart: %s\n", COMMAND, err.message);
        return CLI_BAD_INPUT;
    }
    return CLI_OK;
}

/* ---- main --------------------------------------------------------------------------------- */

int cmd_surge(int argc, char **argv)
{
    cli_args args;
    int rc = cli_begin(COMMAND, argc, argv, options, NOPTIONS, print_help, &args);
    if (rc >= 0)
        return rc;
    const char *chime = option(&args, "chime");
    if (chime) {
        if (option(&args, "scenario")) {
            fprintf(stderr, "klar %s: --chime and --scenario exclude each other\n", COMMAND);
            return CLI_USAGE;
        }
        return run_chime(chime);
    }
    request r;
    memset(&r, 0, sizeof r);
    r.params = malloc(sizeof *r.params);
    if (!r.params) {
        fprintf(stderr, "klar %s: out of memory\n", COMMAND);
        return CLI_BAD_INPUT;
    }
    rc = prepare(&args, &r);
    if (rc == 0)
        rc = simulate(&r);
    if (rc == 0) {
        if (r.format == CLI_TABLE)
            print_table(&r);
        else if (r.format == CLI_CSV)
            print_csv(&r);
        else
            rc = print_json(&r);
    }
    if (rc == 0 && r.summary_path)
        rc = write_summary(&r);
    if (rc == 0 && r.chart_path)
        rc = draw_chart(&r);
    if (r.have_result)
        klar_surge_result_free(&r.result);
    if (r.have_mc)
        klar_surge_mc_free(&r.mc);
    free(r.params);
    return rc;
}
