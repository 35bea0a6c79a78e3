/* cmd_population.c - "klar population": the cohort-component projection of a region (nation,
 * RHF or county) from an observed year, printed as a summary table, CSV or JSON. */
#include "cli.h"

#include "klar/datadir.h"
#include "klar/population.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define COMMAND "population"
#define LAST_YEAR 2200

static const cli_option options[] = {
    {"region", 1, "NO (default), an RHF id (helse-sor-ost, helse-vest, helse-midt-norge, "
                  "helse-nord), a county code or name"},
    {"from", 1, "start year, an observed year (default: the last observed year)"},
    {"to", 1, "last year to project (required)"},
    {"format", 1, "table (default), csv or json"},
    {"assumptions", 1, "directory with fertility.csv, mortality.csv, migration.csv and "
                       "assumptions.csv (default: <data>/population)"},
};
#define NOPTIONS (sizeof options / sizeof options[0])

/* What the command was asked for, after checking every option. */
typedef struct request {
    klar_region region;
    int from, to;
    cli_format format;
    char assumptions_dir[4096];
} request;

/* What the output shows: the projection and the inputs it came from. */
typedef struct projection {
    const request *req;
    const klar_popbase *pb;
    const klar_pop_assumptions *a;
    const klar_pyramid *years;      /* req->to - req->from + 1 pyramids */
} projection;

static void print_help(void)
{
    cli_print_help("klar population [--region REGION] [--from YEAR] --to YEAR "
                   "[--format table|csv|json] [--assumptions DIR]",
                   "Projects the population (persons on 1 January, by sex and single-year age) with a\n"
                   "cohort-component model: deaths from death probabilities by age and sex, births\n"
                   "from fertility by age of mother, net migration by age and sex. Counties are\n"
                   "projected one by one and summed into RHFs and the nation. Fertility, mortality and\n"
                   "migration are assumptions (see data/population/README.md); edit a copy and pass\n"
                   "--assumptions DIR to change them.",
                   options, NOPTIONS);
}

static const char *option(const cli_args *args, const char *name)
{
    return cli_value(args, options, NOPTIONS, name);
}

/* Parses --region (a municipality is refused: the baseline is by county). */
static int parse_region(const klar_popbase *pb, const char *text, klar_region *out)
{
    klar_error err;
    if (klar_region_parse(klar_popbase_geo(pb), text ? text : "NO", out, &err) != 0) {
        fprintf(stderr, "klar %s: --region: %s\n", COMMAND, err.message);
        return CLI_USAGE;
    }
    if (klar_popbase_check_region(pb, out, &err) != 0) {
        fprintf(stderr, "klar %s: --region: %s\n", COMMAND, err.message);
        return CLI_USAGE;
    }
    return 0;
}

/* Checks the options that need the baseline: region, years, assumptions directory. */
static int parse_request(const cli_args *args, const klar_popbase *pb, request *req)
{
    int rc = parse_region(pb, option(args, "region"), &req->region);
    if (rc != 0)
        return rc;
    long from = klar_popbase_last_year(pb), to;
    const char *from_text = option(args, "from");
    if (from_text && (rc = cli_int(COMMAND, "from", from_text, klar_popbase_first_year(pb),
                                   klar_popbase_last_year(pb), &from)) != 0)
        return rc;
    if ((rc = cli_int(COMMAND, "to", option(args, "to"), from, LAST_YEAR, &to)) != 0)
        return rc;
    req->from = (int)from;
    req->to = (int)to;
    const char *dir = option(args, "assumptions");
    int n = dir ? snprintf(req->assumptions_dir, sizeof req->assumptions_dir, "%s", dir)
                : snprintf(req->assumptions_dir, sizeof req->assumptions_dir, "%s/population",
                           klar_datadir());
    if (n < 0 || (size_t)n >= sizeof req->assumptions_dir) {
        fprintf(stderr, "klar %s: --assumptions: path too long\n", COMMAND);
        return CLI_USAGE;
    }
    return 0;
}

static void print_csv(const projection *p)
{
    char num[64];
    printf("year,region,sex,age,persons\n");
    for (int y = p->req->from; y <= p->req->to; y++) {
        const klar_pyramid *pyr = &p->years[y - p->req->from];
        for (int s = 0; s < 2; s++)
            for (int age = 0; age < KLAR_AGES; age++) {
                klar_format_persons(pyr->persons[s][age], num, sizeof num);
                printf("%d,%s,%s,%d,%s\n", y, p->req->region.id, s == KLAR_MALE ? "male" : "female",
                       age, num);
            }
    }
}

/* The note on how an observed year was made complete, or "" when it needed nothing. */
static void observed_note(const klar_popbase *pb, int year, char *buf, size_t size)
{
    double scale = klar_popbase_scale(pb, year);
    int sex_year = klar_popbase_sex_source_year(pb, year);
    buf[0] = '\0';
    if (scale != 1.0 && sex_year != year)
        snprintf(buf, size, "%d: split by sex with the shares of %d and scaled by %.4f to the "
                 "official national total (SSB table 05803).\n", year, sex_year, scale);
    else if (scale != 1.0)
        snprintf(buf, size, "%d: scaled by %.4f to the official national total (SSB table 05803).\n",
                 year, scale);
    else if (sex_year != year)
        snprintf(buf, size, "%d: split by sex with the shares by county and age of %d.\n", year,
                 sex_year);
}

static void print_assumption_lines(const projection *p)
{
    const klar_pop_assumptions *a = p->a;
    printf("Assumptions (not observed; from %s, see data/population/README.md):\n",
           p->req->assumptions_dir);
    printf("  fertility: %.2f births per woman (TFR); share of boys %.3f\n",
           klar_pop_assumptions_tfr(a), a->share_boys);
    printf("  mortality: life expectancy at birth %.1f years (men), %.1f years (women) in the first "
           "projected year, death rates falling %.1f %% a year\n",
           klar_life_expectancy(a->death_prob[KLAR_MALE]),
           klar_life_expectancy(a->death_prob[KLAR_FEMALE]), 100.0 * a->mortality_improvement);
    char migrants[32];
    cli_format_thousands(klar_pop_assumptions_net_migration(a), migrants, sizeof migrants);
    printf("  migration: %s net immigrants per year to Norway (persons), shared among counties "
           "by population in %d\n", migrants, p->req->from);
}

static void print_table(const projection *p)
{
    const request *req = p->req;
    int last_observed = klar_popbase_last_year(p->pb);
    printf("Population of %s (%s), persons on 1 January, %d-%d\n", req->region.name, req->region.id,
           req->from, req->to);
    if (req->to > req->from)
        printf("Observed: %d (Statistics Norway, table 07459). Projected: %d-%d.\n", req->from,
               req->from + 1, req->to);
    else
        printf("Observed: %d (Statistics Norway, table 07459). Nothing projected.\n", req->from);
    char note[256];
    observed_note(p->pb, req->from, note, sizeof note);
    fputs(note, stdout);
    print_assumption_lines(p);
    printf("\n%-4s  %-9s  %13s  %13s  %13s  %13s  %13s  %9s\n", "year", "", "total", "0-19",
           "20-66", "67-79", "80+", "67+");
    printf("%-4s  %-9s  %13s  %13s  %13s  %13s  %13s  %9s\n", "", "", "persons", "persons",
           "persons", "persons", "persons", "share %");
    for (int y = req->from; y <= req->to; y++) {
        const klar_pyramid *pyr = &p->years[y - req->from];
        double total = klar_pyramid_total(pyr);
        double bands[4] = {klar_pyramid_range(pyr, 0, 19), klar_pyramid_range(pyr, 20, 66),
                           klar_pyramid_range(pyr, 67, 79), klar_pyramid_range(pyr, 80, KLAR_MAX_AGE)};
        char cols[5][32];
        cli_format_thousands(total, cols[0], sizeof cols[0]);
        for (int b = 0; b < 4; b++)
            cli_format_thousands(bands[b], cols[b + 1], sizeof cols[b + 1]);
        double share67 = total > 0.0 ? 100.0 * (bands[2] + bands[3]) / total : 0.0;
        printf("%-4d  %-9s  %13s  %13s  %13s  %13s  %13s  %9.1f\n", y,
               y == req->from && y <= last_observed ? "observed" : "projected", cols[0], cols[1],
               cols[2], cols[3], cols[4], share67);
    }
}

/* A JSON array of the persons by age of one sex. */
static json_t *ages_json(const double *persons)
{
    json_t *arr = json_array();
    for (int age = 0; arr && age < KLAR_AGES; age++)
        if (json_array_append_new(arr, json_real(persons[age])) != 0) {
            json_decref(arr);
            return NULL;
        }
    return arr;
}

static json_t *assumptions_json(const projection *p)
{
    const klar_pop_assumptions *a = p->a;
    return json_pack("{s:s, s:s, s:f, s:f, s:f, s:f, s:f, s:f}",
                     "source", p->req->assumptions_dir,
                     "note", "fertility, mortality and migration are assumptions, not observations; "
                             "see data/population/README.md",
                     "total_fertility_rate", klar_pop_assumptions_tfr(a),
                     "share_boys", a->share_boys,
                     "life_expectancy_men_years", klar_life_expectancy(a->death_prob[KLAR_MALE]),
                     "life_expectancy_women_years", klar_life_expectancy(a->death_prob[KLAR_FEMALE]),
                     "mortality_improvement_per_year", a->mortality_improvement,
                     "net_migration_persons_per_year", klar_pop_assumptions_net_migration(a));
}

static json_t *year_json(const projection *p, int year)
{
    const klar_pyramid *pyr = &p->years[year - p->req->from];
    return json_pack("{s:i, s:b, s:f, s:o, s:o}", "year", year, "observed", year == p->req->from,
                     "total", klar_pyramid_total(pyr), "male", ages_json(pyr->persons[KLAR_MALE]),
                     "female", ages_json(pyr->persons[KLAR_FEMALE]));
}

static int print_json(const projection *p)
{
    const request *req = p->req;
    json_t *years = json_array();
    for (int y = req->from; years && y <= req->to; y++) {
        json_t *yj = year_json(p, y);
        if (!yj || json_array_append_new(years, yj) != 0) {
            json_decref(years);
            years = NULL;
        }
    }
    json_t *root = json_pack("{s:{s:s, s:s}, s:s, s:s, s:i, s:i, s:o, s:o}",
                             "region", "id", req->region.id, "name", req->region.name,
                             "unit", "persons on 1 January",
                             "source", "observed: Statistics Norway table 07459; projected: klar "
                                       "cohort-component model",
                             "from", req->from, "to", req->to,
                             "assumptions", assumptions_json(p), "years", years);
    if (!root || json_dumpf(root, stdout, JSON_INDENT(1) | JSON_REAL_PRECISION(10)) != 0) {
        json_decref(root);
        fprintf(stderr, "klar %s: cannot write JSON\n", COMMAND);
        return CLI_BAD_INPUT;
    }
    putchar('\n');
    json_decref(root);
    return CLI_OK;
}

/* Loads the assumptions, projects and prints. */
static int run(const request *req, const klar_popbase *pb)
{
    klar_error err;
    klar_pop_assumptions a;
    if (klar_pop_assumptions_load_dir(req->assumptions_dir, &a, &err) != 0) {
        fprintf(stderr, "klar %s: %s\n", COMMAND, err.message);
        return CLI_BAD_INPUT;
    }
    size_t n = (size_t)(req->to - req->from + 1);
    klar_pyramid *years = malloc(n * sizeof *years);
    if (!years) {
        fprintf(stderr, "klar %s: out of memory\n", COMMAND);
        return CLI_BAD_INPUT;
    }
    int rc = CLI_OK;
    if (klar_pop_project_region(pb, &req->region, req->from, req->to, &a, years, &err) != 0) {
        fprintf(stderr, "klar %s: %s\n", COMMAND, err.message);
        rc = CLI_BAD_INPUT;
    } else {
        projection p = {req, pb, &a, years};
        if (req->format == CLI_CSV)
            print_csv(&p);
        else if (req->format == CLI_JSON)
            rc = print_json(&p);
        else
            print_table(&p);
    }
    free(years);
    return rc;
}

int cmd_population(int argc, char **argv)
{
    cli_args args;
    int rc = cli_begin(COMMAND, argc, argv, options, NOPTIONS, print_help, &args);
    if (rc >= 0)
        return rc;
    request req;
    memset(&req, 0, sizeof req);
    if ((rc = cli_parse_format(COMMAND, option(&args, "format"), CLI_TABLE, &req.format)) != 0)
        return rc;
    if (!option(&args, "to")) {
        fprintf(stderr, "klar %s: --to YEAR is required; see 'klar %s --help'\n", COMMAND, COMMAND);
        return CLI_USAGE;
    }
    klar_error err;
    klar_popbase *pb = klar_popbase_load(klar_datadir(), &err);
    if (!pb) {
        fprintf(stderr, "klar %s: %s\n", COMMAND, err.message);
        return CLI_BAD_INPUT;
    }
    rc = parse_request(&args, pb, &req);
    if (rc == 0)
        rc = run(&req, pb);
    klar_popbase_free(pb);
    return rc;
}
