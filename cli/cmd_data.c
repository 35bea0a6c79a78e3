/* cmd_data.c - "klar data": importing Statistics Norway's population exports (table 07459, CSV
 * or JSON-stat2) and building the baseline tables klar ships in data/.
 *
 *   klar data import-ssb FILE... [--format table|csv]
 *   klar data build-baseline --ssb-dir DIR --geo-dir DIR [--out DIR]
 *
 * import-ssb reads every file before printing anything. The table shows persons per year next
 * to Norway's official population, so a user sees a year that falls short; csv writes only the
 * rows to stdout and notes (missing values, short years) to stderr. */
#include "cli.h"
#include "klar/text.h"

#include "klar/baseline.h"
#include "klar/datadir.h"
#include "klar/geo.h"
#include "klar/population.h"
#include "klar/poptable.h"
#include "klar/ssb.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_YEARS 256
#define SHORT_SHARE 0.995 /* a year below this share of the official total gets a note */

/* ---- shared helpers ----------------------------------------------------------------------- */

static klar_geo *load_geo(const char *command)
{
    klar_error err;
    klar_geo *geo = klar_geo_load(klar_datadir(), &err);
    if (!geo)
        fprintf(stderr, "klar %s: %s\n(set KLAR_DATA to the data directory, or run 'klar data build-baseline')\n",
                command, err.message);
    return geo;
}

/* Norway's official population of a year from the shipped national totals (0 if unknown).
 * Loaded on first use; if the table cannot be read, the report goes on without it. */
static double official_total(int year)
{
    static klar_national_totals totals;
    static int state; /* 0 not loaded, 1 loaded, -1 unreadable */
    if (state == 0) {
        klar_error err;
        state = klar_national_totals_load(klar_datadir(), &totals, &err) == 0 ? 1 : -1;
        if (state < 0)
            fprintf(stderr, "note: no official national totals to compare with: %s\n", err.message);
    }
    return state > 0 ? klar_national_total(&totals, year) : 0.0;
}

/* Municipalities of 2020 with a county in an RHF, less Svalbard: the 356 of the mainland. */
static int mainland_municipality_count(const klar_geo *geo)
{
    int n = 0;
    for (int i = 0; i < klar_geo_municipality_count(geo); i++) {
        int code = klar_geo_municipality_code(geo, i);
        n += code != 2100 && klar_rhf_of_county(klar_geo_county_of(geo, code)) >= 0;
    }
    return n;
}

/* The file part of a path. */
static const char *base_name(const char *path)
{
    const char *s = strrchr(path, '/');
    return s ? s + 1 : path;
}

/* ---- import-ssb --------------------------------------------------------------------------- */

#define IMPORT_COMMAND "data import-ssb"

static const cli_option import_options[] = {
    {"format", 1, "table (default: persons per year against Norway's total) or csv (rows)"},
};
#define NIMPORT_OPTIONS (sizeof import_options / sizeof import_options[0])

static void print_import_help(void)
{
    cli_print_help("klar data import-ssb FILE... [--format table|csv]",
                   "Imports Statistics Norway table 07459 (population by region, sex and single-year\n"
                   "age, 1 January) as exported from the statbank (CSV: ';', tab or ',' separated,\n"
                   "UTF-8 or ISO-8859-1, English or Norwegian labels, one column per year) or from\n"
                   "PxWebApi as JSON-stat2. Municipality codes of the time are mapped to 2020 borders.\n"
                   "Every file is read before anything is printed.\n\n"
                   "--format table prints persons, men and women per year and the share of Norway's\n"
                   "official population, so a year whose export lacks municipalities stands out.\n"
                   "--format csv prints year,region,sex,age,persons (region = 2020 municipality code;\n"
                   "sex male, female, or all where the file has no sex), notes go to stderr.\n"
                   "Values given as '.', '..', ':' or '-' (missing) count as 0 persons and are noted.\n"
                   "Exit status 1 (with file:line and reason) when a file cannot be read.",
                   import_options, NIMPORT_OPTIONS);
}

/* What was read from one file. */
typedef struct imported {
    const char *path;
    klar_poptable rows;
    klar_ssb_report report;
    klar_ssb_year_total totals[MAX_YEARS];
    int ntotals;
} imported;

/* Imports every file; returns 0, or CLI_BAD_INPUT after printing the first failure. */
static int import_all(const klar_geo *geo, const char *const *paths, int n, imported *files)
{
    for (int i = 0; i < n; i++) {
        klar_error err;
        files[i].path = paths[i];
        if (klar_ssb_import_file_report(paths[i], geo, &files[i].rows, &files[i].report, &err) != 0) {
            fprintf(stderr, "klar %s: %s\n", IMPORT_COMMAND, err.message);
            return CLI_BAD_INPUT;
        }
        files[i].ntotals = klar_ssb_year_totals(&files[i].rows, files[i].totals, MAX_YEARS);
    }
    return 0;
}

/* The totals of `year` to report: from the first file split by sex, else the first file. */
static const klar_ssb_year_total *totals_of_year(const imported *files, int n, int year, int *file)
{
    const klar_ssb_year_total *best = NULL;
    for (int i = 0; i < n; i++)
        for (int k = 0; k < files[i].ntotals; k++) {
            const klar_ssb_year_total *t = &files[i].totals[k];
            if (t->year == year && (!best || (t->has_sex && !best->has_sex))) {
                best = t;
                *file = i;
            }
        }
    return best;
}

/* The distinct years of all files, ascending. */
static int all_years(const imported *files, int n, int *years)
{
    int ny = 0;
    for (int i = 0; i < n; i++)
        for (int k = 0; k < files[i].ntotals; k++) {
            int y = files[i].totals[k].year, j = 0;
            while (j < ny && years[j] < y)
                j++;
            if ((j < ny && years[j] == y) || ny == MAX_YEARS)
                continue;
            memmove(&years[j + 1], &years[j], (size_t)(ny - j) * sizeof *years);
            years[j] = y;
            ny++;
        }
    return ny;
}

/* Notes for the user: missing values, years short of Norway's total, files that disagree. */
static void print_notes(FILE *out, const imported *files, int n, const int *years, int ny,
                        int mainland_municipalities)
{
    for (int i = 0; i < n; i++)
        if (files[i].report.missing > 0)
            fprintf(out, "note: %s: %ld of %ld values were missing ('..', ':' or similar) and count as 0 persons\n",
                    files[i].path, files[i].report.missing, files[i].report.cells);
    for (int y = 0; y < ny; y++) {
        int f = 0;
        const klar_ssb_year_total *t = totals_of_year(files, n, years[y], &f);
        double official = official_total(years[y]);
        if (t->regions < mainland_municipalities) {
            fprintf(out, "note: %d: the files cover %d of Norway's %d municipalities (2020 borders)\n", years[y],
                    t->regions, mainland_municipalities);
        } else if (official > 0 && t->persons < SHORT_SHARE * official) {
            char a[32], b[32];
            cli_format_thousands(official - t->persons, a, sizeof a);
            cli_format_thousands(official, b, sizeof b);
            fprintf(out, "note: %d falls %s persons (%.1f %%) short of Norway's %s; the export lacks "
                         "municipalities merged away before it was made\n",
                    years[y], a, 100.0 * (official - t->persons) / official, b);
        }
        for (int i = 0; i < n; i++)
            for (int k = 0; k < files[i].ntotals; k++)
                if (i != f && files[i].totals[k].year == years[y] && fabs(files[i].totals[k].persons - t->persons) > 0.5)
                    fprintf(out, "note: %d: %s gives %.0f persons, %s gives %.0f\n", years[y], files[f].path,
                            t->persons, files[i].path, files[i].totals[k].persons);
    }
}

static void print_year_table(const imported *files, int n, int mainland)
{
    int years[MAX_YEARS];
    int ny = all_years(files, n, years);
    printf("%-6s %12s %12s %12s %8s %14s %7s  %s\n", "year", "persons", "men", "women", "regions",
           "Norway (SSB)", "share", "file");
    for (int y = 0; y < ny; y++) {
        int f = 0;
        const klar_ssb_year_total *t = totals_of_year(files, n, years[y], &f);
        char persons[32], men[32] = "-", women[32] = "-", official[32] = "-", share[16] = "-";
        cli_format_thousands(t->persons, persons, sizeof persons);
        if (t->has_sex) {
            cli_format_thousands(t->male, men, sizeof men);
            cli_format_thousands(t->female, women, sizeof women);
        }
        double national = official_total(years[y]);
        if (national > 0) {
            cli_format_thousands(national, official, sizeof official);
            snprintf(share, sizeof share, "%.1f %%", 100.0 * t->persons / national);
        }
        printf("%-6d %12s %12s %12s %8d %14s %7s  %s\n", years[y], persons, men, women, t->regions, official,
               share, base_name(files[f].path));
    }
    printf("\npersons on 1 January; regions = 2020 municipalities; men/women '-' where the file has no sex\n");
    print_notes(stdout, files, n, years, ny, mainland);
}

/* All rows of all files, summed per (year, 2020 municipality, sex, age), to stdout. */
static int print_rows_csv(const imported *files, int n, int mainland)
{
    klar_poptable all = {NULL, 0, 0};
    for (int i = 0; i < n; i++)
        for (size_t r = 0; r < files[i].rows.count; r++) {
            const klar_poprow *p = &files[i].rows.rows[r];
            if (klar_poptable_add(&all, p->year, p->region, p->sex, p->age, p->persons) != 0) {
                fprintf(stderr, "klar %s: out of memory\n", IMPORT_COMMAND);
                klar_poptable_free(&all);
                return CLI_BAD_INPUT;
            }
        }
    if (klar_poptable_collapse(&all) != 0) {
        fprintf(stderr, "klar %s: out of memory\n", IMPORT_COMMAND);
        klar_poptable_free(&all);
        return CLI_BAD_INPUT;
    }
    int rc = klar_poptable_write_csv(stdout, &all);
    klar_poptable_free(&all);
    if (rc != 0 || fflush(stdout) != 0) {
        fprintf(stderr, "klar %s: cannot write the output\n", IMPORT_COMMAND);
        return CLI_BAD_INPUT;
    }
    int years[MAX_YEARS];
    int ny = all_years(files, n, years);
    print_notes(stderr, files, n, years, ny, mainland);
    return CLI_OK;
}

static int cmd_import_ssb(int argc, char **argv)
{
    cli_args args;
    if (cli_parse(IMPORT_COMMAND, argc, argv, import_options, NIMPORT_OPTIONS, &args) != 0)
        return CLI_USAGE;
    if (args.help) {
        print_import_help();
        return CLI_OK;
    }
    cli_format format;
    if (cli_parse_format(IMPORT_COMMAND, cli_value(&args, import_options, NIMPORT_OPTIONS, "format"), CLI_TABLE,
                         &format) != 0)
        return CLI_USAGE;
    if (format == CLI_JSON) {
        fprintf(stderr, "klar %s: --format json is not offered here; use table or csv\n", IMPORT_COMMAND);
        return CLI_USAGE;
    }
    if (args.npositional == 0) {
        fprintf(stderr, "klar %s: no FILE given; see 'klar %s --help'\n", IMPORT_COMMAND, IMPORT_COMMAND);
        return CLI_USAGE;
    }
    klar_geo *geo = load_geo(IMPORT_COMMAND);
    if (!geo)
        return CLI_BAD_INPUT;
    imported *files = calloc((size_t)args.npositional, sizeof *files);
    int rc = files ? import_all(geo, args.positional, args.npositional, files) : CLI_BAD_INPUT;
    int mainland = mainland_municipality_count(geo);
    if (rc == 0 && format == CLI_TABLE)
        print_year_table(files, args.npositional, mainland);
    else if (rc == 0)
        rc = print_rows_csv(files, args.npositional, mainland);
    for (int i = 0; files && i < args.npositional; i++)
        klar_poptable_free(&files[i].rows);
    free(files);
    klar_geo_free(geo);
    return rc;
}

/* ---- build-baseline ----------------------------------------------------------------------- */

#define BUILD_COMMAND "data build-baseline"

static const cli_option build_options[] = {
    {"ssb-dir", 1, "directory of SSB table 07459 exports (*.csv, *.json)"},
    {"geo-dir", 1, "directory with FHI's norway_municipalities_2020_borders.csv"},
    {"out", 1, "where to write the tables (default: data)"},
};
#define NBUILD_OPTIONS (sizeof build_options / sizeof build_options[0])

static void print_build_help(void)
{
    cli_print_help("klar data build-baseline --ssb-dir DIR --geo-dir DIR [--out DIR]",
                   "Builds the compact tables klar ships from the original sources:\n"
                   "  OUT/geo/municipalities.csv  every municipality code since 1838 -> 2020 code, weight\n"
                   "  OUT/geo/counties.csv        the 2020 counties and their RHF\n"
                   "  OUT/population.csv          persons by year, 2020 county, sex and age\n"
                   "  OUT/population_municipality.csv\n"
                   "                              the latest year by 2020 municipality, 10-year age group\n"
                   "  OUT/README.md               (its section on these files: sources and caveats)\n"
                   "The population is imported with the same importer as 'klar data import-ssb'.",
                   build_options, NBUILD_OPTIONS);
}

/* The command line as the README should show it. */
static void describe_command(char *buf, size_t size, const char *ssb_dir, const char *geo_dir, const char *out)
{
    snprintf(buf, size, "klar data build-baseline --ssb-dir %s --geo-dir %s --out %s", ssb_dir, geo_dir, out);
}

static void print_build_summary(const char *out, const klar_ssb_year_total *totals, int n)
{
    printf("wrote %s/geo/municipalities.csv, %s/geo/counties.csv, %s/population.csv, "
           "%s/population_municipality.csv, %s/README.md\n\n", out, out, out, out, out);
    printf("%-6s %12s %12s %12s %14s\n", "year", "persons", "men", "women", "Norway (SSB)");
    for (int i = 0; i < n; i++) {
        char p[32], m[32] = "-", f[32] = "-", o[32] = "-";
        cli_format_thousands(totals[i].persons, p, sizeof p);
        if (totals[i].has_sex) {
            cli_format_thousands(totals[i].male, m, sizeof m);
            cli_format_thousands(totals[i].female, f, sizeof f);
        }
        if (official_total(totals[i].year) > 0)
            cli_format_thousands(official_total(totals[i].year), o, sizeof o);
        printf("%-6d %12s %12s %12s %14s\n", totals[i].year, p, m, f, o);
    }
}

static int cmd_build_baseline(int argc, char **argv)
{
    cli_args args;
    if (cli_parse(BUILD_COMMAND, argc, argv, build_options, NBUILD_OPTIONS, &args) != 0)
        return CLI_USAGE;
    if (args.help) {
        print_build_help();
        return CLI_OK;
    }
    const char *ssb_dir = cli_value(&args, build_options, NBUILD_OPTIONS, "ssb-dir");
    const char *geo_dir = cli_value(&args, build_options, NBUILD_OPTIONS, "geo-dir");
    const char *out = cli_value(&args, build_options, NBUILD_OPTIONS, "out");
    if (!out)
        out = "data";
    if (!ssb_dir || !geo_dir || args.npositional > 0) {
        fprintf(stderr, "klar %s: needs --ssb-dir DIR and --geo-dir DIR (and no other arguments); see 'klar %s --help'\n",
                BUILD_COMMAND, BUILD_COMMAND);
        return CLI_USAGE;
    }
    char source[4096], population[4096], municipalities[4096], command[4096];
    snprintf(source, sizeof source, "%s/norway_municipalities_2020_borders.csv", geo_dir);
    snprintf(population, sizeof population, "%s/population.csv", out);
    snprintf(municipalities, sizeof municipalities, "%s/population_municipality.csv", out);
    describe_command(command, sizeof command, ssb_dir, geo_dir, out);
    klar_error err;
    klar_ssb_year_total totals[MAX_YEARS];
    int ntotals = 0;
    klar_geo *geo = NULL;
    int ok = klar_baseline_build_geo(source, out, &err) == 0 && (geo = klar_geo_load(out, &err)) != NULL &&
             klar_baseline_build_population(ssb_dir, geo, population, municipalities, totals, MAX_YEARS,
                                            &ntotals, &err) == 0 &&
             klar_baseline_write_readme(out, command, &err) == 0;
    klar_geo_free(geo);
    if (!ok) {
        fprintf(stderr, "klar %s: %s\n", BUILD_COMMAND, err.message);
        return CLI_BAD_INPUT;
    }
    print_build_summary(out, totals, ntotals);
    return CLI_OK;
}

/* ---- dispatch ----------------------------------------------------------------------------- */

typedef struct subcommand {
    const char *name;
    int (*run)(int argc, char **argv);
    const char *summary;
} subcommand;

static const subcommand subcommands[] = {
    {"import-ssb", cmd_import_ssb, "import SSB table 07459 exports (CSV or JSON-stat2): totals or rows"},
    {"build-baseline", cmd_build_baseline,
     "build data/ (geography, population by county and by municipality) from the sources"},
};
#define NSUBCOMMANDS (sizeof subcommands / sizeof subcommands[0])

static void print_data_help(FILE *out)
{
    fprintf(out, "usage: klar data <subcommand> [options]\n\n"
                 "Population data from Statistics Norway (SSB) and the tables klar ships.\n\nsubcommands:\n");
    for (size_t i = 0; i < NSUBCOMMANDS; i++)
        fprintf(out, "  %-16s %s\n", subcommands[i].name, subcommands[i].summary);
    fprintf(out, "\n'klar data <subcommand> --help' tells more.\n");
}

int cmd_data(int argc, char **argv)
{
    if (argc < 2) {
        print_data_help(stderr);
        return CLI_USAGE;
    }
    if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "help") == 0) {
        print_data_help(stdout);
        return CLI_OK;
    }
    for (size_t i = 0; i < NSUBCOMMANDS; i++)
        if (strcmp(argv[1], subcommands[i].name) == 0)
            return subcommands[i].run(argc - 1, argv + 1);
    const char *names[NSUBCOMMANDS];
    for (size_t i = 0; i < NSUBCOMMANDS; i++)
        names[i] = subcommands[i].name;
    const char *s = klar_text_suggest(argv[1], names, NSUBCOMMANDS);
    if (s)
        fprintf(stderr, "klar data: unknown subcommand '%s'; did you mean '%s'?\n", argv[1], s);
    else
        fprintf(stderr, "klar data: unknown subcommand '%s'; see 'klar data --help'\n", argv[1]);
    return CLI_USAGE;
}
