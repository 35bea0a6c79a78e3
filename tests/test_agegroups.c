/* test_agegroups.c - the 10-year age groups' labels, and population by age group for any region
 * (klar_popbase_age_groups, and klar_region_age_groups, which loads the baseline itself): the
 * two agree, the nation adds up to the baseline's total, the municipalities of every county
 * add up to the county, Oslo and Bergen look like Oslo and Bergen, and an unknown
 * municipality, a missing table and a malformed table are refused with the region or
 * file:line named. */
#include "test.h"

#include "klar/datadir.h"
#include "klar/geo.h"
#include "klar/population.h"

static double sum_groups(const double g[KLAR_AGE_GROUPS])
{
    double t = 0.0;
    for (int i = 0; i < KLAR_AGE_GROUPS; i++)
        t += g[i];
    return t;
}

static void test_labels_and_ages(void)
{
    CHECK(strcmp(klar_age_group_label(0), "0-9") == 0);
    CHECK(strcmp(klar_age_group_label(3), "30-39") == 0);
    CHECK(strcmp(klar_age_group_label(KLAR_AGE_GROUPS - 1), "80+") == 0);
    CHECK(klar_age_group_label(-1) == NULL && klar_age_group_label(KLAR_AGE_GROUPS) == NULL);
    for (int g = 0; g < KLAR_AGE_GROUPS; g++)
        CHECK(klar_age_group_parse(klar_age_group_label(g)) == g);
    CHECK(klar_age_group_parse("80-89") == -1 && klar_age_group_parse("") == -1);
    CHECK(klar_age_group_parse(" 0-9") == -1);
    CHECK(klar_age_group_of(0) == 0 && klar_age_group_of(9) == 0 && klar_age_group_of(10) == 1);
    CHECK(klar_age_group_of(79) == 7 && klar_age_group_of(80) == 8 && klar_age_group_of(KLAR_MAX_AGE) == 8);
}

static klar_region municipality(int code, const char *name)
{
    klar_region r;
    memset(&r, 0, sizeof r);
    r.kind = KLAR_REGION_MUNICIPALITY;
    r.code = code;
    snprintf(r.id, sizeof r.id, "%04d", code);
    snprintf(r.name, sizeof r.name, "%s", name);
    return r;
}

static void test_nation_adds_up_to_the_baseline(void)
{
    klar_error err;
    klar_popbase *pb = klar_popbase_load(klar_datadir(), &err);
    CHECK(pb != NULL);
    if (!pb)
        return;
    int last = klar_popbase_last_year(pb);
    klar_region no = klar_region_nation();
    klar_pyramid pyr;
    CHECK(klar_popbase_pyramid(pb, &no, last, &pyr, &err) == 0);
    double g[KLAR_AGE_GROUPS];
    int year = 0;
    CHECK(klar_region_age_groups(klar_datadir(), &no, g, &year, &err) == 0);
    CHECK(year == last);
    CHECK_NEAR(sum_groups(g), klar_pyramid_total(&pyr), 1e-6);
    for (int i = 0; i < KLAR_AGE_GROUPS - 1; i++)
        CHECK_NEAR(g[i], klar_pyramid_range(&pyr, 10 * i, 10 * i + 9), 1e-6);
    CHECK_NEAR(g[KLAR_AGE_GROUPS - 1], klar_pyramid_range(&pyr, 80, KLAR_MAX_AGE), 1e-6);
    if (last == 2022)
        CHECK_NEAR(sum_groups(g), 5425270, 0.5); /* SSB: Norway on 1 January 2022 */
    /* with the baseline at hand: the same groups */
    double same[KLAR_AGE_GROUPS];
    year = 0;
    CHECK(klar_popbase_age_groups(pb, klar_datadir(), &no, same, &year, &err) == 0);
    CHECK(year == last);
    CHECK(memcmp(same, g, sizeof g) == 0);
    /* the four RHFs add up to the nation, group by group */
    double rhf_sum[KLAR_AGE_GROUPS] = {0};
    for (int r = 0; r < KLAR_RHF_COUNT; r++) {
        klar_region reg = klar_region_of_rhf((klar_rhf)r);
        double h[KLAR_AGE_GROUPS];
        CHECK(klar_popbase_age_groups(pb, klar_datadir(), &reg, h, NULL, &err) == 0);
        for (int i = 0; i < KLAR_AGE_GROUPS; i++)
            rhf_sum[i] += h[i];
    }
    for (int i = 0; i < KLAR_AGE_GROUPS; i++)
        CHECK_NEAR(rhf_sum[i], g[i], 1e-6);
    klar_popbase_free(pb);
}

/* Every county equals the sum of its municipalities in the same year; municipalities missing
 * from the table (nobody registered: Svalbard, the continental shelf, unknown) must belong to
 * counties with nobody in them either. */
static void test_municipalities_add_up_to_counties(void)
{
    klar_error err;
    klar_popbase *pb = klar_popbase_load(klar_datadir(), &err);
    CHECK(pb != NULL);
    if (!pb)
        return;
    const klar_geo *geo = klar_popbase_geo(pb);
    int checked = 0;
    for (int c = 0; c < klar_geo_county_count(geo); c++) {
        int county = klar_geo_county_code(geo, c);
        char text[8];
        snprintf(text, sizeof text, "%02d", county);
        klar_region reg;
        CHECK(klar_region_parse(geo, text, &reg, &err) == 0);
        double want[KLAR_AGE_GROUPS], got[KLAR_AGE_GROUPS] = {0};
        int county_year = 0;
        CHECK(klar_popbase_age_groups(pb, klar_datadir(), &reg, want, &county_year, &err) == 0);
        for (int i = 0; i < klar_geo_municipality_count(geo); i++) {
            int code = klar_geo_municipality_code(geo, i);
            if (klar_geo_county_of(geo, code) != county)
                continue;
            klar_region m = municipality(code, klar_geo_municipality_name(geo, code));
            double g[KLAR_AGE_GROUPS];
            int year = 0;
            if (klar_popbase_age_groups(pb, klar_datadir(), &m, g, &year, &err) != 0) {
                CHECK(test_contains(err.message, m.id));
                continue;
            }
            CHECK(year == county_year);
            for (int k = 0; k < KLAR_AGE_GROUPS; k++)
                got[k] += g[k];
            checked++;
        }
        for (int k = 0; k < KLAR_AGE_GROUPS; k++)
            CHECK_NEAR(got[k], want[k], 1e-6);
    }
    CHECK(checked >= 356); /* the 356 municipalities of 2020 */
    klar_popbase_free(pb);
}

static void test_oslo_and_bergen_are_plausible(void)
{
    klar_error err;
    klar_geo *geo = klar_geo_load(klar_datadir(), &err);
    CHECK(geo != NULL);
    if (!geo)
        return;
    klar_region oslo, bergen;
    CHECK(klar_region_parse(geo, "0301", &oslo, &err) == 0);
    CHECK(oslo.kind == KLAR_REGION_MUNICIPALITY && oslo.code == 301);
    CHECK(klar_region_parse(geo, "4601", &bergen, &err) == 0);
    CHECK(bergen.kind == KLAR_REGION_MUNICIPALITY && bergen.code == 4601);
    CHECK(test_contains(bergen.name, "Bergen"));
    double g[KLAR_AGE_GROUPS];
    int year = 0;
    CHECK(klar_region_age_groups(klar_datadir(), &oslo, g, &year, &err) == 0);
    double total = sum_groups(g);
    CHECK(total > 650000 && total < 750000);
    if (year == 2022)
        CHECK_NEAR(total, 699827, 0.5); /* SSB: Oslo on 1 January 2022 */
    /* a young capital: more people in their thirties than in their seventies, 80+ the smallest */
    CHECK(g[3] > 2 * g[7]);
    for (int i = 0; i < KLAR_AGE_GROUPS - 1; i++)
        CHECK(g[KLAR_AGE_GROUPS - 1] < g[i]);
    CHECK(g[KLAR_AGE_GROUPS - 1] > 15000 && g[KLAR_AGE_GROUPS - 1] < 30000);
    CHECK(klar_region_age_groups(klar_datadir(), &bergen, g, NULL, &err) == 0);
    CHECK(sum_groups(g) > 270000 && sum_groups(g) < 300000);
    klar_geo_free(geo);
}

static void test_unknown_municipality_is_named(void)
{
    klar_error err;
    klar_region nowhere = municipality(9998, "Nowhere");
    double g[KLAR_AGE_GROUPS];
    err.message[0] = '\0';
    CHECK(klar_region_age_groups(klar_datadir(), &nowhere, g, NULL, &err) == -1);
    CHECK(test_contains(err.message, "9998 Nowhere"));
    CHECK(test_contains(err.message, "population_municipality.csv"));
}

/* A scratch data directory holding only the municipality table `text` (NULL: no table). */
static const char *scratch_dir(const char *text)
{
    static char dir[64];
    snprintf(dir, sizeof dir, "/tmp/klar-agegroups-XXXXXX");
    if (!mkdtemp(dir))
        return NULL;
    if (text && test_write_file(dir, "population_municipality.csv", text) != 0)
        return NULL;
    return dir;
}

static void remove_scratch(const char *dir)
{
    char path[256];
    snprintf(path, sizeof path, "%s/population_municipality.csv", dir);
    unlink(path);
    rmdir(dir);
}

/* Loads municipality 0301 from a table `text`; returns the call's result, message in err. */
static int load_from(const char *text, double g[KLAR_AGE_GROUPS], klar_error *err)
{
    const char *dir = scratch_dir(text);
    if (!dir)
        return -2;
    klar_region oslo = municipality(301, "Oslo");
    int rc = klar_region_age_groups(dir, &oslo, g, NULL, err);
    remove_scratch(dir);
    return rc;
}

#define HEADER "year,municipality,age_group,persons\n"
#define OSLO_ROWS                                                                                 \
    "2022,0301,0-9,1\n2022,0301,10-19,2\n2022,0301,20-29,3\n2022,0301,30-39,4\n2022,0301,40-49,5\n" \
    "2022,0301,50-59,6\n2022,0301,60-69,7\n2022,0301,70-79,8\n2022,0301,80+,9\n"

static void test_small_table_reads(void)
{
    klar_error err;
    double g[KLAR_AGE_GROUPS];
    CHECK(load_from(HEADER OSLO_ROWS, g, &err) == 0);
    CHECK_NEAR(sum_groups(g), 45, 0);
    CHECK_NEAR(g[8], 9, 0);
    /* an older year in the same table is ignored: the latest wins */
    CHECK(load_from(HEADER "2021,0301,0-9,100\n" OSLO_ROWS, g, &err) == 0);
    CHECK_NEAR(g[0], 1, 0);
}

static void test_bad_tables_name_file_and_line(void)
{
    klar_error err;
    double g[KLAR_AGE_GROUPS];
    const char *dir = scratch_dir(NULL);
    CHECK(dir != NULL);
    if (dir) {
        klar_region oslo = municipality(301, "Oslo");
        CHECK(klar_region_age_groups(dir, &oslo, g, NULL, &err) == -1);
        CHECK(test_contains(err.message, "population_municipality.csv"));
        remove_scratch(dir);
    }
    CHECK(load_from(HEADER "2022,0301,0-9,1\n2022,0301,0-10,2\n", g, &err) == -1);
    CHECK(test_contains(err.message, "population_municipality.csv:3: unknown age group '0-10'"));
    CHECK(load_from(HEADER "2022,0301,0-9,many\n", g, &err) == -1);
    CHECK(test_contains(err.message, "population_municipality.csv:2: persons 'many'"));
    CHECK(load_from(HEADER "2022,0301,0-9,-4\n", g, &err) == -1);
    CHECK(test_contains(err.message, "population_municipality.csv:2: persons '-4'"));
    CHECK(load_from(HEADER "2022,301,0-9,4\n", g, &err) == -1);
    CHECK(test_contains(err.message, "population_municipality.csv:2: municipality '301'"));
    CHECK(load_from(HEADER "twenty,0301,0-9,4\n", g, &err) == -1);
    CHECK(test_contains(err.message, "population_municipality.csv:2: year 'twenty'"));
    CHECK(load_from(HEADER "2022,0301,0-9\n", g, &err) == -1);
    CHECK(test_contains(err.message, "population_municipality.csv:2: expected"));
    CHECK(load_from("year,kommune,age_group,persons\n" OSLO_ROWS, g, &err) == -1);
    CHECK(test_contains(err.message, "population_municipality.csv:1: expected the header"));
    CHECK(load_from(HEADER OSLO_ROWS "2022,0301,30-39,4\n", g, &err) == -1);
    CHECK(test_contains(err.message, "population_municipality.csv:11: year 2022, municipality 0301, age group "
                                     "30-39 appears twice (first on line 5)"));
    CHECK(load_from(HEADER "2022,0301,0-9,1\n", g, &err) == -1);
    CHECK(test_contains(err.message, "has no row for age group 10-19"));
    CHECK(load_from(HEADER, g, &err) == -1);
    CHECK(test_contains(err.message, "no population rows"));
}

int main(void)
{
    RUN(test_labels_and_ages);
    RUN(test_nation_adds_up_to_the_baseline);
    RUN(test_municipalities_add_up_to_counties);
    RUN(test_oslo_and_bergen_are_plausible);
    RUN(test_unknown_municipality_is_named);
    RUN(test_small_table_reads);
    RUN(test_bad_tables_name_file_and_line);
    return test_finish();
}
