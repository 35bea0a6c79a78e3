/* cmd_nowcast.c - "klar nowcast --census FILE.csv": where the epidemic is heading from the
 * hospital census reported so far. The surge scenario (default covid19-2020) is fitted to the
 * census between --from and --to (klar/nowcast.h) and projected --weeks ahead with 5/50/95 %
 * bands against the region's beds. Output: a table (the fit, the peak, a row a week), CSV (a
 * row a day, units in the headers) or JSON (klar_run_nowcast_json). */
#include "cli.h"

#include "klar/datadir.h"
#include "klar/date.h"
#include "klar/nowcast.h"
#include "klar/runs.h"

#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define COMMAND "nowcast"

static const cli_option options[] = {
    {"census", 1, "CSV of the daily census: date, hospital_census_patients[, icu_census_patients]"},
    {"scenario", 1, "the surge scenario fitted (name or file; default covid19-2020)"},
    {"region", 1, "the region the census is of (default: the scenario's, else NO)"},
    {"from", 1, "first day fitted, YYYY-MM-DD (default: the first day reported above 0)"},
    {"to", 1, "last day fitted, YYYY-MM-DD (default: the last day of the census)"},
    {"weeks", 1, "weeks projected after --to, 1-8 (default 6)"},
    {"draws", 1, "parameter draws behind the bands, 10-2000 (default 200)"},
    {"seed", 1, "seed of the draws (default 1)"},
    {"threads", 1, "threads (default 2; the result does not depend on it)"},
    {"measures", 1, "contacts (default: measures scale the fitted growth's contacts) or "
                    "reproduction (they leave the scenario's R)"},
    {"format", 1, "table (default), csv or json"},
};
#define NOPTIONS (sizeof options / sizeof options[0])

static const char *opt(const cli_args *a, const char *name)
{
    return cli_value(a, options, NOPTIONS, name);
}

static void print_help(void)
{
    cli_print_help("klar nowcast --census FILE.csv [--scenario S] [--region R] [--from DATE] "
                   "[--to DATE] [--weeks N] [--format table|csv|json]",
                   "Fits the surge model to a reported census (the doubling time before the\n"
                   "scenario's measures and the size of the epidemic, with their uncertainty) and\n"
                   "projects it 1-8 weeks ahead with 5/50/95 % bands against the region's beds.\n"
                   "Method and assumptions: docs/nowcast.md.",
                   options, NOPTIONS);
}

static int parse_date_option(const char *name, const char *text, long long *out)
{
    if (klar_date_parse(text, out) != 0) {
        fprintf(stderr, "klar %s: --%s: '%s' is not a date YYYY-MM-DD\n", COMMAND, name, text);
        return CLI_USAGE;
    }
    return CLI_OK;
}

/* The first day of c with a hospital census above 0, or c's first day. */
static long long first_positive(const klar_census *c)
{
    for (int i = 0; i < c->n; i++)
        if (c->hospital[i] > 0)
            return c->first + i;
    return c->first;
}

static int read_options(const cli_args *a, const klar_census *c, klar_nowcast_options *o)
{
    long weeks = 6, draws = 200, seed = 1, threads = 2;
    int rc = CLI_OK;
    o->from = first_positive(c);
    o->to = c->first + c->n - 1;
    if (opt(a, "from"))
        rc = parse_date_option("from", opt(a, "from"), &o->from);
    if (!rc && opt(a, "to"))
        rc = parse_date_option("to", opt(a, "to"), &o->to);
    if (!rc && opt(a, "weeks"))
        rc = cli_int(COMMAND, "weeks", opt(a, "weeks"), 1, 8, &weeks);
    if (!rc && opt(a, "draws"))
        rc = cli_int(COMMAND, "draws", opt(a, "draws"), 10, 2000, &draws);
    if (!rc && opt(a, "seed"))
        rc = cli_int(COMMAND, "seed", opt(a, "seed"), 0, 2147483647L, &seed);
    if (!rc && opt(a, "threads"))
        rc = cli_int(COMMAND, "threads", opt(a, "threads"), 1, 64, &threads);
    const char *m = opt(a, "measures");
    if (!rc && m && strcmp(m, "contacts") != 0 && strcmp(m, "reproduction") != 0) {
        fprintf(stderr, "klar %s: --measures: '%s' is neither contacts nor reproduction\n",
                COMMAND, m);
        rc = CLI_USAGE;
    }
    o->measures_keep_r = m && strcmp(m, "reproduction") == 0;
    o->horizon_days = (int)weeks * 7;
    o->draws = (int)draws;
    o->seed = (uint64_t)seed;
    o->threads = (int)threads;
    return rc;
}

static void print_band(const char *label, const json_t *b, const char *unit)
{
    char lo[32], mid[32], hi[32];
    cli_format_thousands(json_number_value(json_object_get(b, "p5")), lo, sizeof lo);
    cli_format_thousands(json_number_value(json_object_get(b, "p50")), mid, sizeof mid);
    cli_format_thousands(json_number_value(json_object_get(b, "p95")), hi, sizeof hi);
    printf("  %-38s %10s  (5-95 %%: %s to %s) %s\n", label, mid, lo, hi, unit);
}

static void print_dates(const char *label, const json_t *b)
{
    printf("  %-38s %10s  (5-95 %%: %s to %s)\n", label,
           json_string_value(json_object_get(b, "p50")),
           json_string_value(json_object_get(b, "p5")),
           json_string_value(json_object_get(b, "p95")));
}

static void print_cell(const json_t *v)
{
    char buf[32] = "-";
    if (json_is_number(v))
        cli_format_thousands(json_number_value(v), buf, sizeof buf);
    printf(" %9s", buf);
}

static void print_table(const json_t *j)
{
    const json_t *in = json_object_get(j, "inputs"), *fit = json_object_get(j, "fit");
    const json_t *s = json_object_get(j, "summary");
    printf("Nowcast of %s (%s) on scenario %s, fitted %s to %s (%lld days of hospital census), "
           "%lld draws\n", json_string_value(json_object_get(in, "region_name")),
           json_string_value(json_object_get(in, "region")),
           json_string_value(json_object_get(in, "scenario")),
           json_string_value(json_object_get(in, "from")),
           json_string_value(json_object_get(in, "to")),
           (long long)json_integer_value(json_object_get(json_object_get(in, "reported_days"),
                                                         "hospital")),
           (long long)json_integer_value(json_object_get(in, "draws")));
    const json_t *td = json_object_get(fit, "doubling_time"), *g = json_object_get(fit,
                                                                                 "growth_per_day");
    printf("  %-38s %10.2f  (5-95 %%: %.2f to %.2f) days\n", "doubling time before measures",
           json_number_value(json_object_get(td, "p50")), json_number_value(json_object_get(td, "p5")),
           json_number_value(json_object_get(td, "p95")));
    printf("  %-38s %+9.1f %%  (5-95 %%: %+.1f to %+.1f) a day\n", "growth of infections, last week",
           100 * json_number_value(json_object_get(g, "p50")),
           100 * json_number_value(json_object_get(g, "p5")),
           100 * json_number_value(json_object_get(g, "p95")));
    print_band("new infections on the last day", json_object_get(fit, "infections_per_day"),
               "persons/day");
    print_band("infectious on the last day", json_object_get(fit, "infectious"), "persons");
    print_band("peak in hospital", json_object_get(s, "peak_hospital"), "patients");
    print_dates("  on", json_object_get(s, "peak_date_hospital"));
    print_band("peak in ICU", json_object_get(s, "peak_icu"), "patients");
    print_dates("  on", json_object_get(s, "peak_date_icu"));
    printf("  %-38s %9.0f %%  of draws (hospital), %.0f %% (ICU)\n", "over the beds available",
           100 * json_number_value(json_object_get(s, "share_over_capacity_hospital")),
           100 * json_number_value(json_object_get(s, "share_over_capacity_icu")));
    printf("\n%-10s %9s %9s %9s %9s %9s %9s %9s %9s\n", "date", "reported", "hosp p5", "p50",
           "p95", "icu rep.", "icu p5", "p50", "p95");
    size_t i;
    const json_t *row;
    json_array_foreach(json_object_get(j, "days"), i, row) {
        if (i % 7 && i + 1 != json_array_size(json_object_get(j, "days")))
            continue;
        printf("%-10s", json_string_value(json_object_get(row, "date")));
        static const char *const cols[] = {"reported_hospital", "hospital_p5", "hospital_p50",
                                           "hospital_p95", "reported_icu", "icu_p5", "icu_p50",
                                           "icu_p95"};
        for (size_t c = 0; c < sizeof cols / sizeof cols[0]; c++)
            print_cell(json_object_get(row, cols[c]));
        printf("\n");
    }
    printf("\nAssumptions:\n");
    const json_t *a;
    json_array_foreach(json_object_get(in, "assumptions"), i, a)
        printf("  - %s\n", json_string_value(a));
}

static void print_csv_value(const json_t *v, int whole)
{
    if (json_is_number(v))
        printf(whole ? ",%.0f" : ",%.1f", json_number_value(v));
    else if (json_is_true(v) || json_is_false(v))
        printf(",%d", json_is_true(v));
    else
        printf(",");
}

static void print_csv(const json_t *j)
{
    static const char *const cols[] = {
        "fitted", "reported_hospital", "hospital_p5", "hospital_p50", "hospital_p95",
        "reported_icu", "icu_p5", "icu_p50", "icu_p95", "hospital_beds_available",
        "icu_beds_available"};
    static const char *const headers[] = {
        "fitted", "reported_hospital_patients", "hospital_p5_patients", "hospital_p50_patients",
        "hospital_p95_patients", "reported_icu_patients", "icu_p5_patients", "icu_p50_patients",
        "icu_p95_patients", "hospital_beds_available_beds", "icu_beds_available_beds"};
    printf("date,day");
    for (size_t c = 0; c < sizeof headers / sizeof headers[0]; c++)
        printf(",%s", headers[c]);
    printf("\n");
    size_t i;
    const json_t *row;
    json_array_foreach(json_object_get(j, "days"), i, row) {
        printf("%s,%lld", json_string_value(json_object_get(row, "date")),
               (long long)json_integer_value(json_object_get(row, "day")));
        for (size_t c = 0; c < sizeof cols / sizeof cols[0]; c++)
            print_csv_value(json_object_get(row, cols[c]), strncmp(cols[c], "reported", 8) == 0);
        printf("\n");
    }
}

static int run(const cli_args *a, cli_format format)
{
    char path[4096];
    klar_surge_params p;
    klar_census c;
    klar_nowcast_options o = {0};
    klar_nowcast nc;
    klar_error err;
    if (!opt(a, "census")) {
        fprintf(stderr, "klar %s: give --census FILE.csv (see --help)\n", COMMAND);
        return CLI_USAGE;
    }
    if (klar_census_read_csv(opt(a, "census"), &c, &err) != 0) {
        fprintf(stderr, "klar %s: %s\n", COMMAND, err.message);
        return CLI_BAD_INPUT;
    }
    cli_resolve_scenario(opt(a, "scenario") ? opt(a, "scenario") : "covid19-2020", path,
                         sizeof path);
    int rc = cli_scenario_check(COMMAND, opt(a, "scenario") ? opt(a, "scenario") : "covid19-2020",
                                path);
    if (!rc)
        rc = read_options(a, &c, &o);
    if (!rc && klar_surge_load(path, klar_datadir(), opt(a, "region"), &p, &err) != 0) {
        fprintf(stderr, "klar %s: %s\n", COMMAND, err.message);
        rc = CLI_BAD_INPUT;
    }
    if (!rc && (klar_nowcast_day0(&p, o.from, &o.day0, &err) != 0 ||
                klar_nowcast_run(&p, &c, &o, &nc, &err) != 0)) {
        fprintf(stderr, "klar %s: %s\n", COMMAND, err.message);
        rc = CLI_BAD_INPUT;
    } else if (!rc) {
        json_t *j = klar_run_nowcast_json(&p, &c, &o, &nc);
        if (!j) {
            fprintf(stderr, "klar %s: out of memory\n", COMMAND);
            rc = CLI_BAD_INPUT;
        } else if (format == CLI_JSON) {
            json_dumpf(j, stdout, JSON_INDENT(2) | JSON_REAL_PRECISION(10));
            printf("\n");
        } else if (format == CLI_CSV) {
            print_csv(j);
        } else {
            print_table(j);
        }
        json_decref(j);
        klar_nowcast_free(&nc);
    }
    klar_census_free(&c);
    return rc;
}

int cmd_nowcast(int argc, char **argv)
{
    cli_args a;
    int rc = cli_begin(COMMAND, argc, argv, options, NOPTIONS, print_help, &a);
    if (rc >= 0)
        return rc;
    cli_format format;
    if ((rc = cli_parse_format(COMMAND, opt(&a, "format"), CLI_TABLE, &format)) != 0)
        return rc;
    return run(&a, format);
}
