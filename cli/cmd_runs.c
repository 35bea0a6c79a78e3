/* cmd_runs.c - "klar runs": the engine runs a registry keeps (klar serve keeps every run; see
 * klar/runstore.h): `runs list` (newest first, within an organisation, of an engine), `runs show
 * ID` (the run as JSON, its series as CSV, or a workbook) and `runs compare ID,ID[,...]` (the
 * summaries side by side with their differences, or the aligned series as CSV or JSON). The
 * library does the work (runstore.h, runs.h); this file reads options and prints. */
#include "cli.h"

#include "klar/export.h"
#include "klar/file.h"
#include "klar/runs.h"
#include "klar/runstore.h"
#include "klar/store.h"

#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define DEFAULT_DB "klar.db"

static const cli_option options[] = {
    {"db", 1, "the registry: a SQLite file (default: klar.db) or a postgresql:// URL"},
    {"within", 1, "list: only runs of users within this organisation's subtree (default: all)"},
    {"engine", 1, "list: only surge or workforce runs"},
    {"limit", 1, "list: at most this many runs (default 50)"},
    {"format", 1, "show: json (default), csv (the series) or xlsx (with --out); compare: table "
                  "(default), csv (the aligned series) or json"},
    {"out", 1, "show --format xlsx: the workbook to write"},
};
#define NOPTIONS (sizeof options / sizeof options[0])

static const char *opt(const cli_args *a, const char *name)
{
    return cli_value(a, options, NOPTIONS, name);
}

static void print_help(void)
{
    cli_print_help("klar runs list [--within ORG] [--engine surge|workforce] [--limit N] [--db PATH]"
                   "\n       klar runs show ID [--format json|csv|xlsx --out FILE] [--db PATH]"
                   "\n       klar runs compare ID,ID[,...] [--format table|csv|json] [--db PATH]",
                   "The engine runs the registry keeps: every run made through 'klar serve' is\n"
                   "stored with who made it and when, klar's version, a checksum of the shipped\n"
                   "data, its full inputs (the scenario text and every choice, the registry\n"
                   "figures it used with their records' versions), its summary and its series.\n"
                   "compare takes 2 to 8 runs of one engine: their summaries side by side with each\n"
                   "run's difference from the first, or their series aligned by day or year.",
                   options, NOPTIONS);
}

static klar_store *open_db(const cli_args *a)
{
    const char *db = opt(a, "db");
    klar_error err;
    db = db && *db ? db : DEFAULT_DB;
    if (!klar_store_is_postgres_url(db) && access(db, F_OK) != 0) {
        fprintf(stderr, "klar runs: %s: no registry there (give --db PATH of one)\n", db);
        return NULL;
    }
    klar_store *s = klar_store_open(db, &err);
    if (!s)
        fprintf(stderr, "klar runs: %s\n", err.message);
    return s;
}

/* A run's headline: the surge ICU peak or the workforce reference gap in its last year. */
static void headline(const json_t *run, char *buf, size_t size)
{
    const json_t *s = json_object_get(run, "summary");
    char n[32];
    if (json_object_get(s, "peak_census_icu")) {
        cli_format_thousands(json_number_value(json_object_get(s, "peak_census_icu")), n,
                             sizeof n);
        snprintf(buf, size, "ICU peak %s patients on day %lld", n,
                 (long long)json_integer_value(json_object_get(s, "peak_day_icu")));
    } else if (json_object_get(s, "reference")) {
        cli_format_thousands(json_number_value(json_object_get(json_object_get(s, "reference"),
                                                               "gap_fte")), n, sizeof n);
        snprintf(buf, size, "reference gap %s FTE in %lld", n,
                 (long long)json_integer_value(json_object_get(s, "year")));
    } else {
        snprintf(buf, size, "-");
    }
}

static int list_runs(klar_store *s, const cli_args *a)
{
    long limit = 50;
    const char *v = opt(a, "limit"), *engine = opt(a, "engine");
    if (v && cli_int("runs list", "limit", v, 1, 100000, &limit))
        return CLI_USAGE;
    if (engine && strcmp(engine, "surge") != 0 && strcmp(engine, "workforce") != 0) {
        fprintf(stderr, "klar runs list: --engine must be surge or workforce, not '%s'\n",
                engine);
        return CLI_USAGE;
    }
    klar_error err;
    int64_t total = 0;
    json_t *runs = klar_runstore_list(s, opt(a, "within"), engine, (size_t)limit, 0, &total,
                                      &err);
    if (!runs) {
        fprintf(stderr, "klar runs list: %s\n", err.message);
        return CLI_BAD_INPUT;
    }
    printf("%-6s %-20s %-10s %-10s %-24s %-16s %-14s %s\n", "id", "made (UTC)", "by", "engine",
           "scenario", "region", "registry of", "result");
    size_t i;
    json_t *r;
    json_array_foreach(runs, i, r) {
        char head[96];
        const char *fig = json_string_value(json_object_get(r, "figures_org"));
        headline(r, head, sizeof head);
        printf("%-6lld %-20s %-10s %-10s %-24.24s %-16s %-14s %s\n",
               (long long)json_integer_value(json_object_get(r, "id")),
               json_string_value(json_object_get(r, "created_at")),
               json_string_value(json_object_get(r, "user_name")),
               json_string_value(json_object_get(r, "engine")),
               json_string_value(json_object_get(r, "title")),
               json_string_value(json_object_get(r, "region")), fig ? fig : "-", head);
    }
    printf("%zu of %lld runs\n", json_array_size(runs), (long long)total);
    json_decref(runs);
    return CLI_OK;
}

/* Run id (text) read from s into *out; CLI_OK, CLI_USAGE for a bad id, CLI_BAD_INPUT. */
static int load(klar_store *s, const char *command, const char *text, json_t **out)
{
    char *end;
    long long id = text ? strtoll(text, &end, 10) : 0;
    if (!text || end == text || *end || id <= 0) {
        fprintf(stderr, "klar %s: '%s' is no run id (a whole number from 'klar runs list')\n",
                command, text ? text : "");
        return CLI_USAGE;
    }
    klar_error err;
    int found = klar_runstore_get(s, id, out, &err);
    if (found == 1)
        return CLI_OK;
    if (found == 0)
        fprintf(stderr, "klar %s: no run has the id %lld\n", command, id);
    else
        fprintf(stderr, "klar %s: %s\n", command, err.message);
    return CLI_BAD_INPUT;
}

static int print_csv(const json_t *rows, const char *command)
{
    klar_error err;
    size_t len = 0;
    char *csv = klar_export_csv(rows, &len, &err);
    if (!csv) {
        fprintf(stderr, "klar %s: %s\n", command, err.message);
        return CLI_BAD_INPUT;
    }
    fwrite(csv, 1, len, stdout);
    free(csv);
    return CLI_OK;
}

static int show_run(klar_store *s, const cli_args *a)
{
    const char *format = opt(a, "format"), *out = opt(a, "out");
    if (!format)
        format = "json";
    if (strcmp(format, "json") != 0 && strcmp(format, "csv") != 0 &&
        strcmp(format, "xlsx") != 0) {
        fprintf(stderr, "klar runs show: --format must be json, csv or xlsx, not '%s'\n",
                format);
        return CLI_USAGE;
    }
    if (strcmp(format, "xlsx") == 0 && (!out || !*out)) {
        fprintf(stderr, "klar runs show: --format xlsx needs --out FILE.xlsx\n");
        return CLI_USAGE;
    }
    json_t *run = NULL;
    int rc = load(s, "runs show", a->npositional > 1 ? a->positional[1] : NULL, &run);
    if (rc != CLI_OK)
        return rc;
    json_t *rows = strcmp(format, "json") != 0
                       ? klar_run_series_rows(json_object_get(run, "result")) : NULL;
    klar_error err;
    if (strcmp(format, "json") == 0) {
        rc = json_dumpf(run, stdout, JSON_INDENT(2)) == 0 && puts("") >= 0 ? CLI_OK
                                                                          : CLI_BAD_INPUT;
    } else if (!rows) {
        fprintf(stderr, "klar runs show: out of memory\n");
        rc = CLI_BAD_INPUT;
    } else if (strcmp(format, "csv") == 0) {
        rc = print_csv(rows, "runs show");
    } else {
        klar_export_sheet sheet = {"series", rows};
        if (klar_export_xlsx_sheets(&sheet, 1, out, &err) != 0) {
            fprintf(stderr, "klar runs show: %s\n", err.message);
            rc = CLI_BAD_INPUT;
        }
    }
    json_decref(rows);
    json_decref(run);
    return rc;
}

/* v for a table: whole numbers from 1 000 on with thousands spaced ("1 127 089"), else four
 * significant digits ("84.05"), never with an exponent; with sign, a + before a positive. */
static void format_value(const json_t *v, int sign, char *buf, size_t size)
{
    if (!json_is_number(v)) {
        snprintf(buf, size, "-");
        return;
    }
    double x = json_number_value(v);
    char body[48];
    if (fabs(x) >= 1000 || x == (double)(long long)x)
        cli_format_thousands(x, body, sizeof body);
    else
        snprintf(body, sizeof body, "%.*f", fabs(x) >= 100 ? 1 : fabs(x) >= 10 ? 2 : 3, x);
    snprintf(buf, size, "%s%s", sign && x > 0 ? "+" : "", body);
}

/* The summaries side by side: a measure a line, a column a run, then the differences. */
static void print_compare_table(const json_t *cmp)
{
    const json_t *runs = json_object_get(cmp, "runs");
    size_t n = json_array_size(runs), i;
    printf("%-34s", "measure");
    for (i = 0; i < n; i++)
        printf(" %14s%-4lld", "run ", (long long)json_integer_value(
                                           json_object_get(json_array_get(runs, i), "id")));
    for (i = 1; i < n; i++)
        printf(" %12s%-6lld", "diff ", (long long)json_integer_value(
                                            json_object_get(json_array_get(runs, i), "id")));
    printf("\n");
    const char *key;
    json_t *m;
    json_object_foreach(json_object_get(cmp, "summary"), key, m) {
        printf("%-34.34s", key);
        json_t *values = json_object_get(m, "values"), *diffs = json_object_get(m, "differences");
        char cell[64];
        for (i = 0; i < n; i++) {
            format_value(json_array_get(values, i), 0, cell, sizeof cell);
            printf(" %18s", cell);
        }
        for (i = 1; i < n; i++) {
            format_value(json_array_get(diffs, i), 1, cell, sizeof cell);
            printf(" %18s", cell);
        }
        printf("\n");
    }
}

/* The aligned series as one CSV row an x: x, then "<column> [run N]" for every run. */
static json_t *compare_rows(const json_t *cmp)
{
    const char *axis = json_string_value(json_object_get(cmp, "axis"));
    const json_t *x = json_object_get(cmp, "x"), *runs = json_object_get(cmp, "runs");
    json_t *rows = json_array();
    for (size_t i = 0; rows && i < json_array_size(x); i++) {
        json_t *row = json_pack("{s:O}", axis, json_array_get(x, i));
        const char *key;
        json_t *per_run;
        json_object_foreach(json_object_get(cmp, "series"), key, per_run) {
            for (size_t r = 0; row && r < json_array_size(per_run); r++) {
                char name[224];
                snprintf(name, sizeof name, "%s [run %lld]", key, (long long)json_integer_value(
                             json_object_get(json_array_get(runs, r), "id")));
                json_object_set(row, name, json_array_get(json_array_get(per_run, r), i));
            }
        }
        json_array_append_new(rows, row);
    }
    return rows;
}

static int compare_runs(klar_store *s, const cli_args *a)
{
    cli_format format;
    int rc = cli_parse_format("runs compare", opt(a, "format"), CLI_TABLE, &format);
    const char *ids = a->npositional > 1 ? a->positional[1] : "";
    json_t *runs[KLAR_RUN_COMPARE_MAX];
    size_t n = 0;
    char buf[256];
    snprintf(buf, sizeof buf, "%s", ids);
    for (char *tok = strtok(buf, ","); rc == CLI_OK && tok; tok = strtok(NULL, ",")) {
        if (n == KLAR_RUN_COMPARE_MAX) {
            fprintf(stderr, "klar runs compare: at most %d runs\n", KLAR_RUN_COMPARE_MAX);
            rc = CLI_USAGE;
            break;
        }
        rc = load(s, "runs compare", tok, &runs[n]);
        n += rc == CLI_OK;
    }
    json_t *cmp = NULL;
    klar_error err;
    if (rc == CLI_OK && !(cmp = klar_run_compare(runs, n, &err))) {
        fprintf(stderr, "klar runs compare: %s\n", err.message);
        rc = CLI_USAGE;
    }
    if (cmp && format == CLI_TABLE)
        print_compare_table(cmp);
    else if (cmp && format == CLI_JSON)
        rc = json_dumpf(cmp, stdout, JSON_INDENT(2)) == 0 && puts("") >= 0 ? CLI_OK
                                                                          : CLI_BAD_INPUT;
    else if (cmp) {
        json_t *rows = compare_rows(cmp);
        rc = rows ? print_csv(rows, "runs compare") : CLI_BAD_INPUT;
        json_decref(rows);
    }
    json_decref(cmp);
    for (size_t i = 0; i < n; i++)
        json_decref(runs[i]);
    return rc;
}

int cmd_runs(int argc, char **argv)
{
    cli_args a;
    if (cli_parse("runs", argc, argv, options, NOPTIONS, &a) != 0)
        return CLI_USAGE;
    const char *sub = a.npositional > 0 ? a.positional[0] : NULL;
    if (a.help || !sub) {
        print_help();
        return a.help ? CLI_OK : CLI_USAGE;
    }
    static const char *const subs[] = {"list", "show", "compare"};
    size_t which = 0;
    while (which < 3 && strcmp(sub, subs[which]) != 0)
        which++;
    if (which == 3) {
        fprintf(stderr, "klar runs: unknown subcommand '%s'; use list, show or compare\n", sub);
        return CLI_USAGE;
    }
    klar_store *s = open_db(&a);
    if (!s)
        return CLI_BAD_INPUT;
    int rc = which == 0 ? list_runs(s, &a) : which == 1 ? show_run(s, &a) : compare_runs(s, &a);
    klar_store_close(s);
    return rc;
}
