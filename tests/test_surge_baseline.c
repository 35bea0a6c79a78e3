/* test_surge_baseline.c - the shipped surge baseline (klar_surge_baseline_load): Norway is the
 * sum of the four RHFs for every count, a county and a municipality get their RHF's counts by
 * population share, items are scaled by population, other fields of the parameters are left
 * alone, every shipped value names a source or says it is an assumption, and bad files (unknown
 * key or region, bad or negative number, duplicate or missing row, bad item) are refused with
 * file:line. */
#include "test.h"

#include "klar/csv.h"
#include "klar/datadir.h"
#include "klar/geo.h"
#include "klar/population.h"
#include "klar/surge.h"

/* The counts klar_surge_baseline_load sets, in one array for comparing regions. */
#define NCOUNTS (4 + 2 * KLAR_STAFF_N)

static void counts_of(const klar_surge_params *p, double c[NCOUNTS])
{
    c[0] = p->cap.ward_beds;
    c[1] = p->cap.ward_beds_surge;
    c[2] = p->cap.icu_beds;
    c[3] = p->cap.icu_beds_surge;
    for (int s = 0; s < KLAR_STAFF_N; s++) {
        c[4 + s] = p->cap.staff[s].fte;
        c[4 + KLAR_STAFF_N + s] = p->cap.staff[s].reserve_fte;
    }
}

/* The shipped population baseline, loaded once in main. */
static klar_popbase *base;

/* Puts region text ("NO", "helse-vest", "46", "4601") into *region and its population, as
 * klar_surge_load does, into p (zeroed first). */
static int region_of(const char *text, klar_region *region, klar_surge_params *p, klar_error *err)
{
    memset(p, 0, sizeof *p);
    if (klar_region_parse(klar_popbase_geo(base), text, region, err) != 0)
        return -1;
    return klar_popbase_age_groups(base, klar_datadir(), region, p->population, NULL, err);
}

/* Loads the shipped baseline for region text onto p. */
static int load(const char *text, klar_surge_params *p, klar_error *err)
{
    klar_region region;
    if (region_of(text, &region, p, err) != 0)
        return -1;
    return klar_surge_baseline_load(klar_datadir(), base, &region, p, err);
}

static double population_of(const char *text)
{
    klar_error err;
    klar_region region;
    klar_surge_params p;
    if (region_of(text, &region, &p, &err) != 0)
        return -1.0;
    double t = 0.0;
    for (int i = 0; i < KLAR_AGE_GROUPS; i++)
        t += p.population[i];
    return t;
}

static void test_nation_is_the_sum_of_the_rhfs(void)
{
    klar_error err;
    klar_surge_params p;
    double no[NCOUNTS], sum[NCOUNTS] = {0};
    CHECK(load("NO", &p, &err) == 0);
    counts_of(&p, no);
    int n_items = p.n_items;
    klar_surge_item no_items[KLAR_SURGE_MAX_ITEMS];
    memcpy(no_items, p.items, sizeof no_items);
    double item_sum[KLAR_SURGE_MAX_ITEMS] = {0};
    for (int r = 0; r < KLAR_RHF_COUNT; r++) {
        double c[NCOUNTS];
        CHECK(load(klar_rhf_id((klar_rhf)r), &p, &err) == 0);
        counts_of(&p, c);
        for (int k = 0; k < NCOUNTS; k++) {
            CHECK(c[k] > 0.0);
            sum[k] += c[k];
        }
        CHECK(p.n_items == n_items);
        for (int i = 0; i < n_items && i < p.n_items; i++)
            item_sum[i] += p.items[i].normal_per_month;
    }
    for (int k = 0; k < NCOUNTS; k++)
        CHECK_NEAR(no[k], sum[k], 1e-9);
    for (int i = 0; i < n_items; i++)
        CHECK_NEAR(no_items[i].normal_per_month, item_sum[i], 1e-6 * item_sum[i]);
    /* the shipped national figures (see data/surge/README.md) */
    CHECK_NEAR(no[2], 289, 0);      /* ICU beds, March 2020 */
    CHECK_NEAR(no[2] + no[3], 1200, 0);   /* the 2020 surge plans */
    CHECK(no[0] > 9000 && no[0] < 11000);
    CHECK_NEAR(no[4 + KLAR_STAFF_BIOENGINEER], 4041, 0);
}

static void test_county_and_municipality_get_their_rhf_share(void)
{
    klar_error err;
    klar_surge_params p;
    double vest[NCOUNTS], vestland[NCOUNTS], bergen[NCOUNTS];
    CHECK(load("helse-vest", &p, &err) == 0);
    counts_of(&p, vest);
    CHECK(load("Vestland", &p, &err) == 0);
    counts_of(&p, vestland);
    CHECK(load("4601", &p, &err) == 0);
    counts_of(&p, bergen);
    double share = population_of("46") / population_of("helse-vest");
    double bshare = population_of("4601") / population_of("helse-vest");
    CHECK(share > 0.5 && share < 0.6);      /* Vestland is about 57 % of Helse Vest */
    CHECK(bshare > 0.2 && bshare < 0.3);    /* Bergen about 25 % */
    for (int k = 0; k < NCOUNTS; k++) {
        CHECK_NEAR(vestland[k], vest[k] * share, 1e-9 * vest[k]);
        CHECK_NEAR(bergen[k], vest[k] * bshare, 1e-9 * vest[k]);
    }
    /* the counties of an RHF add up to it */
    double sum[NCOUNTS] = {0};
    const char *counties[] = {"11", "46"};
    for (int c = 0; c < 2; c++) {
        double v[NCOUNTS];
        CHECK(load(counties[c], &p, &err) == 0);
        counts_of(&p, v);
        for (int k = 0; k < NCOUNTS; k++)
            sum[k] += v[k];
    }
    for (int k = 0; k < NCOUNTS; k++)
        CHECK_NEAR(sum[k], vest[k], 1e-9 * vest[k]);
    /* Svalbard has nobody registered; the continental shelf no RHF */
    CHECK(load("21", &p, &err) == -1);
    CHECK(test_contains(err.message, "Svalbard"));
    CHECK(load("23", &p, &err) == -1);
    CHECK(test_contains(err.message, "no regional health authority"));
}

static void test_items_scale_with_population(void)
{
    klar_error err;
    klar_surge_params no, oslo;
    CHECK(load("NO", &no, &err) == 0);
    CHECK(load("0301", &oslo, &err) == 0);
    CHECK(no.n_items >= 6);
    CHECK(no.n_items == oslo.n_items);
    double ratio = population_of("0301") / population_of("NO");
    CHECK(ratio > 0.1 && ratio < 0.15);
    const char *want[] = {"ffp2", "ffp3", "surgical-mask", "gloves", "gown", "propofol"};
    for (size_t w = 0; w < sizeof want / sizeof want[0]; w++) {
        int found = 0;
        for (int i = 0; i < no.n_items; i++)
            found += strcmp(no.items[i].id, want[w]) == 0;
        CHECK(found == 1);
    }
    for (int i = 0; i < no.n_items; i++) {
        const klar_surge_item *a = &no.items[i], *b = &oslo.items[i];
        CHECK(strcmp(a->id, b->id) == 0);
        CHECK(a->normal_per_month > 0.0);
        CHECK_NEAR(b->normal_per_month, a->normal_per_month * ratio, 1e-9 * a->normal_per_month);
        /* per patient-day, per test and stock rules do not scale */
        CHECK(a->per_ward_day == b->per_ward_day && a->per_icu_day == b->per_icu_day);
        CHECK(a->per_test == b->per_test && a->opening_months == b->opening_months);
        CHECK(a->import_share >= 0.0 && a->import_share <= 1.0);
        CHECK(a->stop_day == -1 && a->resume_day == -1 && a->resume_fraction == 0.0);
        CHECK(strcmp(a->category, "ppe") == 0 || strcmp(a->category, "medicine") == 0);
        if (strcmp(a->id, "propofol") == 0)
            CHECK(strcmp(a->category, "medicine") == 0 && a->per_icu_day > 0.0);
    }
    /* Norway's normal ffp3 use per month: 500 per 100 000 inhabitants */
    for (int i = 0; i < no.n_items; i++)
        if (strcmp(no.items[i].id, "ffp3") == 0)
            CHECK_NEAR(no.items[i].normal_per_month, 500.0 * population_of("NO") / 1e5, 1e-6);
}

static void test_other_fields_are_left_alone(void)
{
    klar_error err;
    klar_region region;
    klar_surge_params p, before;
    memset(&p, 0x5a, sizeof p);
    CHECK(klar_region_parse(klar_popbase_geo(base), "helse-nord", &region, &err) == 0);
    CHECK(klar_popbase_age_groups(base, klar_datadir(), &region, p.population, NULL, &err) == 0);
    before = p;
    CHECK(klar_surge_baseline_load(klar_datadir(), base, &region, &p, &err) == 0);
    CHECK(memcmp(p.name, before.name, sizeof p.name) == 0);
    CHECK(memcmp(&p.epi, &before.epi, sizeof p.epi) == 0);
    CHECK(memcmp(&p.care, &before.care, sizeof p.care) == 0);
    CHECK(memcmp(p.population, before.population, sizeof p.population) == 0);
    CHECK(p.cap.ward_occupancy == before.cap.ward_occupancy);
    CHECK(p.cap.absence_base == before.cap.absence_base);
    CHECK(p.cap.surge_delay_days == before.cap.surge_delay_days);
    for (int s = 0; s < KLAR_STAFF_N; s++) {
        CHECK(p.cap.staff[s].per_ward_bed == before.cap.staff[s].per_ward_bed);
        CHECK(p.cap.staff[s].normal_load == before.cap.staff[s].normal_load);
        CHECK(p.cap.staff[s].tests_per_fte_day == before.cap.staff[s].tests_per_fte_day);
    }
    CHECK(p.n_uncertain == before.n_uncertain);
}

/* The region's own population is the one p holds: items follow it, and so does the share of a
 * county; with nobody in it there is no baseline. */
static void test_population_is_taken_from_the_parameters(void)
{
    klar_error err;
    klar_region region;
    klar_surge_params p, q;
    CHECK(load("NO", &p, &err) == 0);
    CHECK(region_of("NO", &region, &q, &err) == 0);
    for (int g = 0; g < KLAR_AGE_GROUPS; g++)
        q.population[g] *= 2;
    CHECK(klar_surge_baseline_load(klar_datadir(), base, &region, &q, &err) == 0);
    CHECK(q.cap.icu_beds == p.cap.icu_beds && q.n_items == p.n_items && p.n_items > 0);
    for (int i = 0; i < p.n_items && i < q.n_items; i++)
        CHECK_NEAR(q.items[i].normal_per_month, 2 * p.items[i].normal_per_month,
                   1e-9 * q.items[i].normal_per_month);

    CHECK(load("46", &p, &err) == 0);
    CHECK(region_of("46", &region, &q, &err) == 0);
    for (int g = 0; g < KLAR_AGE_GROUPS; g++)
        q.population[g] /= 2;
    CHECK(klar_surge_baseline_load(klar_datadir(), base, &region, &q, &err) == 0);
    CHECK_NEAR(q.cap.ward_beds, p.cap.ward_beds / 2, 1e-9 * p.cap.ward_beds);
    CHECK_NEAR(q.cap.staff[KLAR_STAFF_NURSE].fte, p.cap.staff[KLAR_STAFF_NURSE].fte / 2,
               1e-9 * p.cap.staff[KLAR_STAFF_NURSE].fte);

    memset(q.population, 0, sizeof q.population);
    CHECK(klar_surge_baseline_load(klar_datadir(), base, &region, &q, &err) == -1);
    CHECK(test_contains(err.message, "46 Vestland has no registered population"));
}

/* Every shipped row names a source with a year, or says it is an assumption. */
static int check_source(klar_csv *csv, int n, char **f, void *ctx, klar_error *err)
{
    (void)err;
    int *bad = ctx;
    const char *s = f[n - 1];
    int has_year = 0;
    for (const char *c = s; *c; c++)
        if (c[0] == '2' && c[1] == '0' && c[2] >= '0' && c[2] <= '9' && c[3] >= '0' && c[3] <= '9')
            has_year = 1;
    if (strncmp(s, "assumption: ", 12) != 0 && !has_year) {
        fprintf(stderr, "%s:%ld: source '%s' has no year and is not an assumption\n", klar_csv_name(csv),
                klar_csv_line(csv), s);
        (*bad)++;
    }
    return 0;
}

static void test_shipped_values_are_sourced(void)
{
    static const char *const cap[] = {"region", "key", "value", "unit", "source"};
    static const char *const items[] = {"item", "unit", "category", "normal_per_100k_month", "per_ward_day",
                                        "per_icu_day", "per_test", "opening_months", "import_share", "source"};
    char path[1024];
    klar_error err;
    int bad = 0;
    snprintf(path, sizeof path, "%s/surge/capacity.csv", klar_datadir());
    CHECK(klar_csv_read_table(path, cap, 5, KLAR_CSV_COMMENTS, check_source, &bad, &err) == 0);
    snprintf(path, sizeof path, "%s/surge/items.csv", klar_datadir());
    CHECK(klar_csv_read_table(path, items, 10, KLAR_CSV_COMMENTS, check_source, &bad, &err) == 0);
    CHECK(bad == 0);
}

/* ---- bad files ------------------------------------------------------------------------- */

/* A scratch data directory: the shipped geography and population, and surge/ files given. */
static char scratch[64];

static int make_scratch(const char *capacity, const char *items_text)
{
    snprintf(scratch, sizeof scratch, "/tmp/klar-surgebase-XXXXXX");
    if (!mkdtemp(scratch))
        return -1;
    char cmd[2048];
    snprintf(cmd, sizeof cmd, "cp -r '%s/geo' '%s/population' '%s/population.csv' '%s/population_municipality.csv' "
             "'%s/' && mkdir '%s/surge'", klar_datadir(), klar_datadir(), klar_datadir(), klar_datadir(),
             scratch, scratch);
    if (system(cmd) != 0)
        return -1;
    char dir[128];
    snprintf(dir, sizeof dir, "%s/surge", scratch);
    if (capacity && test_write_file(dir, "capacity.csv", capacity) != 0)
        return -1;
    if (items_text && test_write_file(dir, "items.csv", items_text) != 0)
        return -1;
    return 0;
}

static void remove_scratch(void)
{
    char cmd[256];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", scratch);
    if (system(cmd) != 0)
        fprintf(stderr, "could not remove %s\n", scratch);
}

/* Texts made by shipped(), freed by free_texts() at the end of a test. */
static char *texts[64];
static int ntexts;

static void free_texts(void)
{
    while (ntexts > 0)
        free(texts[--ntexts]);
}

/* The shipped surge file `name` with the first `from` replaced by `to`, or with `to` appended
 * when from is NULL (NULL if the file or `from` is not found). */
static char *shipped(const char *name, const char *from, const char *to)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/surge/%s", klar_datadir(), name);
    FILE *fp = fopen(path, "rb");
    if (!fp || ntexts == (int)(sizeof texts / sizeof texts[0])) {
        if (fp)
            fclose(fp);
        return NULL;
    }
    size_t size = 1 << 16;
    char *text = malloc(size + 4096);
    size_t n = text ? fread(text, 1, size, fp) : 0;
    fclose(fp);
    if (!text)
        return NULL;
    texts[ntexts++] = text;
    text[n] = '\0';
    if (from) {
        char *at = strstr(text, from);
        if (!at)
            return NULL;
        size_t fl = strlen(from), tl = strlen(to);
        memmove(at + tl, at + fl, strlen(at + fl) + 1);
        memcpy(at, to, tl);
    } else if (to) {
        strcat(text, to);
    }
    return text;
}

/* Loads NO from a scratch directory with these files; the message goes to err. */
static int load_files(const char *capacity, const char *items_text, klar_error *err)
{
    if (!capacity || !items_text || make_scratch(capacity, items_text) != 0) {
        snprintf(err->message, sizeof err->message, "could not prepare the scratch directory");
        return -2;
    }
    klar_region no;
    klar_surge_params p;
    int rc = region_of("NO", &no, &p, err);
    if (rc == 0)
        rc = klar_surge_baseline_load(scratch, base, &no, &p, err);
    remove_scratch();
    return rc;
}

/* Line number of the first line of the shipped file containing text (1-based), or 0. */
static long line_of(const char *name, const char *text)
{
    char path[1024], line[4096];
    snprintf(path, sizeof path, "%s/surge/%s", klar_datadir(), name);
    FILE *fp = fopen(path, "r");
    long n = 0, found = 0;
    while (fp && !found && fgets(line, sizeof line, fp)) {
        n++;
        if (strstr(line, text))
            found = n;
    }
    if (fp)
        fclose(fp);
    return found;
}

static int expect_error(const char *capacity, const char *items_text, const char *file, long line,
                        const char *reason)
{
    klar_error err;
    err.message[0] = '\0';
    if (load_files(capacity, items_text, &err) != -1) {
        fprintf(stderr, "  expected an error '%s', got success or '%s'\n", reason, err.message);
        return 0;
    }
    char want[256];
    if (line > 0)
        snprintf(want, sizeof want, "%s:%ld: ", file, line);
    else
        snprintf(want, sizeof want, "%s: ", file);
    int ok = test_contains(err.message, want) && test_contains(err.message, reason);
    if (!ok)
        fprintf(stderr, "  expected '%s...%s', got '%s'\n", want, reason, err.message);
    return ok;
}

static void test_shipped_files_load_from_a_copy(void)
{
    klar_error err;
    CHECK(load_files(shipped("capacity.csv", NULL, NULL), shipped("items.csv", NULL, NULL), &err) == 0);
    free_texts();
}

static void test_bad_capacity_rows_are_refused(void)
{
    const char *items = shipped("items.csv", NULL, NULL);
    long icu = line_of("capacity.csv", "helse-vest,icu_beds,");
    long ward = line_of("capacity.csv", "helse-sor-ost,ward_beds,");
    long last = line_of("capacity.csv", "helse-nord,staff.bioengineer.reserve_fte,");
    CHECK(icu > 0 && ward > 0 && last > 0);
    CHECK(expect_error(shipped("capacity.csv", "helse-vest,icu_beds,", "helse-vest,icu_bed,"), items,
                       "capacity.csv", icu, "unknown key 'icu_bed'; did you mean 'icu_beds'?"));
    CHECK(expect_error(shipped("capacity.csv", "helse-vest,icu_beds,", "helse-west,icu_beds,"), items,
                       "capacity.csv", icu, "unknown region 'helse-west'; did you mean 'helse-vest'?"));
    CHECK(expect_error(shipped("capacity.csv", "helse-vest,icu_beds,", "NO,icu_beds,"), items, "capacity.csv", icu,
                       "unknown region 'NO'"));
    CHECK(expect_error(shipped("capacity.csv", "helse-vest,icu_beds,60,", "helse-vest,icu_beds,sixty,"), items,
                       "capacity.csv", icu, "icu_beds: value 'sixty' is not a number"));
    CHECK(expect_error(shipped("capacity.csv", "helse-vest,icu_beds,60,", "helse-vest,icu_beds,-60,"), items,
                       "capacity.csv", icu, "icu_beds: value -60 is negative"));
    CHECK(expect_error(shipped("capacity.csv", "helse-vest,icu_beds,60,beds", "helse-vest,icu_beds,60,FTE"), items,
                       "capacity.csv", icu, "icu_beds: unit 'FTE' should be 'beds'"));
    CHECK(expect_error(shipped("capacity.csv", NULL, "helse-sor-ost,ward_beds,1,beds,assumption: again\n"), items,
                       "capacity.csv", last + 1, "helse-sor-ost ward_beds appears twice (first on line"));
    CHECK(expect_error(shipped("capacity.csv", NULL, "helse-nord,staff.nurse.fte,1,FTE,\n"), items, "capacity.csv",
                       last + 1, "staff.nurse.fte: no source"));
    CHECK(expect_error(shipped("capacity.csv", NULL, "helse-nord,staff.nurse.fte,1,FTE\n"), items, "capacity.csv",
                       last + 1, "expected 'region,key,value,unit,source', found 4 fields"));
    CHECK(expect_error(shipped("capacity.csv", "helse-vest,icu_beds,", "#helse-vest,icu_beds,"), items,
                       "capacity.csv", 0, "helse-vest has no row for icu_beds"));
    CHECK(expect_error("region,key,value\n", items, "capacity.csv", 1, "expected the header"));
    CHECK(expect_error("", items, "capacity.csv", 0, "empty file"));
    free_texts();
}

static void test_bad_item_rows_are_refused(void)
{
    const char *cap = shipped("capacity.csv", NULL, NULL);
    long ffp3 = line_of("items.csv", "ffp3,");
    long last = line_of("items.csv", "propofol,");
    CHECK(ffp3 > 0 && last > 0);
    CHECK(expect_error(cap, shipped("items.csv", "ffp3,pieces,ppe,500,", "ffp3,pieces,ppe,lots,"), "items.csv",
                       ffp3, "ffp3: normal_per_100k_month 'lots' is not a number"));
    CHECK(expect_error(cap, shipped("items.csv", "ffp3,pieces,ppe,500,1,", "ffp3,pieces,ppe,500,-1,"),
                       "items.csv", ffp3, "ffp3: per_ward_day -1 is negative"));
    CHECK(expect_error(cap, shipped("items.csv", "ffp3,pieces,ppe,", "ffp3,pieces,kit,"), "items.csv", ffp3,
                       "ffp3: category 'kit' is neither"));
    CHECK(expect_error(cap, shipped("items.csv", "ffp3,", "FFP3,"), "items.csv", ffp3, "item 'FFP3' is not an id"));
    CHECK(expect_error(cap, shipped("items.csv", "ffp3,", "ffp2,"), "items.csv", ffp3,
                       "item 'ffp2' appears twice (first on line"));
    CHECK(expect_error(cap, shipped("items.csv", NULL, "swab,pieces,ppe,1,0,0,1,1,1.5,assumption: x\n"), "items.csv",
                       last + 1, "swab: import_share 1.5 is more than 1"));
    CHECK(expect_error(cap, shipped("items.csv", NULL, "swab,pieces,ppe,1,0,0,1,1,1,\n"), "items.csv", last + 1,
                       "swab: no source"));
    char many[8192] = "item,unit,category,normal_per_100k_month,per_ward_day,per_icu_day,per_test,opening_months,"
                      "import_share,source\n";
    for (int i = 0; i <= KLAR_SURGE_MAX_ITEMS; i++) {
        char row[128];
        snprintf(row, sizeof row, "item-%d,pieces,ppe,1,1,1,1,1,1,assumption: test\n", i);
        strcat(many, row);
    }
    char reason[64];
    snprintf(reason, sizeof reason, "more than %d items", KLAR_SURGE_MAX_ITEMS);
    CHECK(expect_error(cap, many, "items.csv", KLAR_SURGE_MAX_ITEMS + 2, reason));
    /* a file with no items at all is allowed: no stocks */
    klar_error err;
    CHECK(load_files(cap, "item,unit,category,normal_per_100k_month,per_ward_day,per_icu_day,per_test,"
                          "opening_months,import_share,source\n", &err) == 0);
    free_texts();
}

static void test_missing_files_are_named(void)
{
    klar_region no;
    klar_surge_params p;
    klar_error err;
    CHECK(region_of("NO", &no, &p, &err) == 0);
    CHECK(klar_surge_baseline_load("/nonexistent-klar-data", base, &no, &p, &err) == -1);
    CHECK(test_contains(err.message, "/nonexistent-klar-data/surge/capacity.csv"));
}

int main(void)
{
    klar_error err;
    base = klar_popbase_load(klar_datadir(), &err);
    if (!base) {
        fprintf(stderr, "no population baseline: %s\n", err.message);
        return 1;
    }
    RUN(test_nation_is_the_sum_of_the_rhfs);
    RUN(test_county_and_municipality_get_their_rhf_share);
    RUN(test_items_scale_with_population);
    RUN(test_other_fields_are_left_alone);
    RUN(test_population_is_taken_from_the_parameters);
    RUN(test_shipped_values_are_sourced);
    RUN(test_shipped_files_load_from_a_copy);
    RUN(test_bad_capacity_rows_are_refused);
    RUN(test_bad_item_rows_are_refused);
    RUN(test_missing_files_are_named);
    klar_popbase_free(base);
    return test_finish();
}
