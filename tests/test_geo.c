/* test_geo.c - municipalities mapped to 2020 borders, counties and RHFs, region parsing, and
 * the geography builder, against the shipped tables in data/geo/ (KLAR_DATA). */
#include "test.h"

#include <unistd.h>

#include "klar/baseline.h"
#include "klar/csv.h"
#include "klar/datadir.h"
#include "klar/geo.h"

static klar_geo *geo;

/* Sum of the weights code maps to in year, and the number of parts. */
static double weight_sum(int code, int year, int *nparts)
{
    int codes[KLAR_GEO_MAX_SPLIT];
    double w[KLAR_GEO_MAX_SPLIT];
    *nparts = klar_geo_map_2020(geo, code, year, codes, w, KLAR_GEO_MAX_SPLIT);
    double s = 0;
    for (int i = 0; i < *nparts; i++)
        s += w[i];
    return s;
}

static void test_rhf_ids_and_names(void)
{
    CHECK(strcmp(klar_rhf_id(KLAR_RHF_SOR_OST), "helse-sor-ost") == 0);
    CHECK(strcmp(klar_rhf_id(KLAR_RHF_VEST), "helse-vest") == 0);
    CHECK(strcmp(klar_rhf_id(KLAR_RHF_MIDT), "helse-midt-norge") == 0);
    CHECK(strcmp(klar_rhf_id(KLAR_RHF_NORD), "helse-nord") == 0);
    CHECK(strcmp(klar_rhf_name(KLAR_RHF_SOR_OST), "Helse Sør-Øst RHF") == 0);
    CHECK(klar_rhf_parse_id("helse-nord") == KLAR_RHF_NORD);
    CHECK(klar_rhf_parse_id("helse-north") == -1);
}

static void test_counties_to_rhf(void)
{
    int sor_ost[] = {3, 30, 34, 38, 42}, vest[] = {11, 46}, midt[] = {15, 50}, nord[] = {18, 54, 21};
    for (size_t i = 0; i < 5; i++)
        CHECK(klar_rhf_of_county(sor_ost[i]) == KLAR_RHF_SOR_OST);
    for (size_t i = 0; i < 2; i++) {
        CHECK(klar_rhf_of_county(vest[i]) == KLAR_RHF_VEST);
        CHECK(klar_rhf_of_county(midt[i]) == KLAR_RHF_MIDT);
    }
    for (size_t i = 0; i < 3; i++)
        CHECK(klar_rhf_of_county(nord[i]) == KLAR_RHF_NORD);
    CHECK(klar_rhf_of_county(23) == -1); /* continental shelf */
    CHECK(klar_rhf_of_county(99) == -1); /* unknown */
    CHECK(klar_rhf_of_county(12) == -1); /* Hordaland: no 2020 county */
}

static void test_geo_tables_load(void)
{
    CHECK(geo != NULL);
    CHECK(klar_geo_municipality_count(geo) == 359); /* 356 + 2100, 2300, 9999 */
    CHECK(klar_geo_county_count(geo) == 14);         /* 11 + 21, 23, 99 */
    int prev = 0;
    for (int i = 0; i < klar_geo_county_count(geo); i++) {
        CHECK(klar_geo_county_code(geo, i) > prev);
        prev = klar_geo_county_code(geo, i);
    }
    CHECK(klar_geo_county_code(geo, 99) == -1);
    CHECK(strcmp(klar_geo_county_name(geo, 30), "Viken") == 0);
    CHECK(strcmp(klar_geo_county_name(geo, 46), "Vestland") == 0);
    CHECK(strcmp(klar_geo_county_name(geo, 54), "Troms og Finnmark") == 0);
    CHECK(strcmp(klar_geo_county_name(geo, 15), "Møre og Romsdal") == 0);
    CHECK(klar_geo_county_name(geo, 12) == NULL);
    CHECK(strcmp(klar_geo_municipality_name(geo, 3001), "Halden") == 0);
    CHECK(klar_geo_municipality_name(geo, 101) == NULL); /* 0101 is no 2020 code */
    CHECK(strcmp(klar_geo_code_name(geo, 101, 2010), "Halden") == 0);
}

static void test_map_halden(void)
{
    int codes[KLAR_GEO_MAX_SPLIT];
    double w[KLAR_GEO_MAX_SPLIT];
    CHECK(klar_geo_map_2020(geo, 101, 2019, codes, w, KLAR_GEO_MAX_SPLIT) == 1);
    CHECK(codes[0] == 3001);
    CHECK_NEAR(w[0], 1, 1e-12);
    CHECK(klar_geo_map_2020(geo, 3001, 2022, codes, w, KLAR_GEO_MAX_SPLIT) == 1);
    CHECK(codes[0] == 3001);
    /* a chain: 1662 Klæbu (-2017) -> 5030 Klæbu (2018-2019) -> 5001 Trondheim */
    CHECK(klar_geo_map_2020(geo, 1662, 2010, codes, w, KLAR_GEO_MAX_SPLIT) == 1);
    CHECK(codes[0] == 5001);
}

static void test_map_tysfjord_split(void)
{
    int codes[KLAR_GEO_MAX_SPLIT];
    double w[KLAR_GEO_MAX_SPLIT];
    int n = klar_geo_map_2020(geo, 1850, 2019, codes, w, KLAR_GEO_MAX_SPLIT);
    CHECK(n == 2);
    if (n == 2) {
        CHECK((codes[0] == 1806 && codes[1] == 1875) || (codes[0] == 1875 && codes[1] == 1806));
        CHECK_NEAR(w[0] + w[1], 1, 1e-12);
        CHECK_NEAR(w[0], 0.5, 1e-12);
    }
    CHECK(klar_geo_map_2020(geo, 1850, 2019, codes, w, 1) == 1); /* max is respected */
}

static void test_map_snillfjord_split(void)
{
    int n;
    CHECK_NEAR(weight_sum(5012, 2019, &n), 1, 1e-12);
    CHECK(n == 3);
    CHECK_NEAR(weight_sum(1613, 2010, &n), 1, 1e-12); /* 1613 -> 5012 -> three parts */
    CHECK(n == 3);
    int codes[KLAR_GEO_MAX_SPLIT];
    double w[KLAR_GEO_MAX_SPLIT];
    n = klar_geo_map_2020(geo, 1613, 2010, codes, w, KLAR_GEO_MAX_SPLIT);
    for (int i = 0; i < n; i++)
        CHECK((codes[i] == 5055 && fabs(w[i] - 0.35) < 1e-12) || (codes[i] == 5056 && fabs(w[i] - 0.35) < 1e-12) ||
              (codes[i] == 5059 && fabs(w[i] - 0.3) < 1e-12));
}

static void test_map_special_regions(void)
{
    int codes[KLAR_GEO_MAX_SPLIT];
    double w[KLAR_GEO_MAX_SPLIT];
    CHECK(klar_geo_map_2020(geo, 2100, 2022, codes, w, KLAR_GEO_MAX_SPLIT) == 1 && codes[0] == 2100);
    CHECK(klar_geo_map_2020(geo, 2111, 2010, codes, w, KLAR_GEO_MAX_SPLIT) == 1 && codes[0] == 2100);
    CHECK(klar_geo_map_2020(geo, 2300, 2022, codes, w, KLAR_GEO_MAX_SPLIT) == 1 && codes[0] == 2300);
    CHECK(klar_geo_map_2020(geo, 9999, 2022, codes, w, KLAR_GEO_MAX_SPLIT) == 1 && codes[0] == 9999);
    CHECK(klar_geo_map_2020(geo, 8888, 2022, codes, w, KLAR_GEO_MAX_SPLIT) == 0);
    CHECK(klar_geo_county_of(geo, 2100) == 21);
    CHECK(klar_geo_county_of(geo, 2300) == 23);
    CHECK(klar_geo_county_of(geo, 9999) == 99);
    CHECK(klar_geo_county_of(geo, 101) == -1);
    CHECK(klar_geo_county_of(geo, 4601) == 46);
}

/* Every 2020 municipality lies in exactly one RHF, except 2300 (continental shelf) and 9999
 * (unknown), which lie in none; 2100 Svalbard is in Helse Nord. */
static void test_every_municipality_in_one_rhf(void)
{
    int per_rhf[KLAR_RHF_COUNT] = {0}, outside = 0;
    for (int i = 0; i < klar_geo_municipality_count(geo); i++) {
        int code = klar_geo_municipality_code(geo, i);
        int county = klar_geo_county_of(geo, code);
        CHECK(county > 0);
        int rhf = klar_rhf_of_county(county);
        int in_rhfs = 0;
        for (int r = 0; r < KLAR_RHF_COUNT; r++) {
            klar_region region = klar_region_of_rhf((klar_rhf)r);
            in_rhfs += klar_region_has_county(&region, county);
        }
        if (code == 2300 || code == 9999) {
            CHECK(rhf == -1);
            CHECK(in_rhfs == 0);
            outside++;
        } else {
            CHECK(rhf >= 0);
            CHECK(in_rhfs == 1);
            if (rhf >= 0)
                per_rhf[rhf]++;
        }
    }
    CHECK(outside == 2);
    CHECK(per_rhf[0] + per_rhf[1] + per_rhf[2] + per_rhf[3] == 357);
    CHECK(per_rhf[KLAR_RHF_VEST] == 23 + 43);  /* Rogaland + Vestland */
    CHECK(per_rhf[KLAR_RHF_MIDT] == 26 + 38);  /* Møre og Romsdal + Trøndelag */
    CHECK(per_rhf[KLAR_RHF_NORD] == 41 + 39 + 1);
}

/* Every row of municipalities.csv maps (in its own years) to parts whose weights sum to 1. */
static void test_every_code_maps_to_weights_summing_to_one(void)
{
    char path[4096];
    CHECK(klar_datapath(path, sizeof path, "geo/municipalities.csv") == 0);
    klar_error err;
    klar_csv *csv = klar_csv_open(path, ',', &err);
    CHECK(csv != NULL);
    if (!csv)
        return;
    int nf, rows = 0, bad = 0;
    char **f;
    klar_csv_next(csv, &nf, &f, &err); /* header */
    while (klar_csv_next(csv, &nf, &f, &err) == 1) {
        int n;
        double s = weight_sum(atoi(f[0]), atoi(f[2]), &n);
        if (n < 1 || fabs(s - 1) > 1e-9) {
            fprintf(stderr, "code %s in %s: %d parts, weights sum to %g\n", f[0], f[2], n, s);
            bad++;
        }
        rows++;
    }
    klar_csv_close(csv);
    CHECK(rows > 700);
    CHECK(bad == 0);
}

static void check_region(const char *text, klar_region_kind kind, int code, const char *id)
{
    klar_region r;
    klar_error err = {0};
    int rc = klar_region_parse(geo, text, &r, &err);
    if (rc != 0 || r.kind != kind || r.code != code || strcmp(r.id, id) != 0)
        fprintf(stderr, "region '%s': rc %d kind %d code %d id '%s' (%s)\n", text, rc, (int)r.kind, r.code,
                rc == 0 ? r.id : "", err.message);
    CHECK(rc == 0 && r.kind == kind && r.code == code && strcmp(r.id, id) == 0);
}

static void test_region_parse_accepts(void)
{
    check_region("NO", KLAR_REGION_NATION, 0, "NO");
    check_region("no", KLAR_REGION_NATION, 0, "NO");
    check_region("Norge", KLAR_REGION_NATION, 0, "NO");
    check_region("norway", KLAR_REGION_NATION, 0, "NO");
    check_region("helse-vest", KLAR_REGION_RHF, KLAR_RHF_VEST, "helse-vest");
    check_region("helse-sor-ost", KLAR_REGION_RHF, KLAR_RHF_SOR_OST, "helse-sor-ost");
    check_region("Helse Midt-Norge RHF", KLAR_REGION_RHF, KLAR_RHF_MIDT, "helse-midt-norge");
    check_region("helse sør-øst", KLAR_REGION_RHF, KLAR_RHF_SOR_OST, "helse-sor-ost");
    check_region("46", KLAR_REGION_COUNTY, 46, "46");
    check_region("3", KLAR_REGION_COUNTY, 3, "03");
    check_region("03", KLAR_REGION_COUNTY, 3, "03");
    check_region("Vestland", KLAR_REGION_COUNTY, 46, "46");
    check_region("møre og romsdal", KLAR_REGION_COUNTY, 15, "15");
    check_region("MØRE OG ROMSDAL", KLAR_REGION_COUNTY, 15, "15");
    check_region("  Trøndelag ", KLAR_REGION_COUNTY, 50, "50");
    check_region("Oslo", KLAR_REGION_COUNTY, 3, "03"); /* the county before the municipality */
    check_region("4601", KLAR_REGION_MUNICIPALITY, 4601, "4601");
    check_region("0301", KLAR_REGION_MUNICIPALITY, 301, "0301");
    check_region("bergen", KLAR_REGION_MUNICIPALITY, 4601, "4601");
    check_region("snåase - snåsa", KLAR_REGION_MUNICIPALITY, 5041, "5041");
    klar_region r;
    klar_error err;
    CHECK(klar_region_parse(geo, "Vestland", &r, &err) == 0 && strcmp(r.name, "Vestland") == 0);
    CHECK(klar_region_parse(geo, "NO", &r, &err) == 0 && strcmp(r.name, "Norge") == 0);
}

/* Parses text expecting failure; returns the message. */
static const char *region_error(const char *text)
{
    static klar_error err;
    klar_region r;
    klar_error_clear(&err);
    int rc = klar_region_parse(geo, text, &r, &err);
    CHECK(rc == -1);
    return err.message;
}

static void test_region_parse_rejects_with_suggestions(void)
{
    const char *m = region_error("Vestlnd");
    CHECK(test_contains(m, "unknown region 'Vestlnd'"));
    CHECK(test_contains(m, "did you mean 'Vestland'?"));
    CHECK(test_contains(m, "helse-midt-norge"));
    CHECK(test_contains(m, "county code or name"));
    CHECK(test_contains(region_error("helse-vset"), "did you mean 'helse-vest'?"));
    CHECK(test_contains(region_error("Snåase-Snåsa"), "did you mean 'Snåase - Snåsa'?"));
    CHECK(test_contains(region_error("Troms og Finmark"), "did you mean 'Troms og Finnmark'?"));
    CHECK(test_contains(region_error("Møre og Romsdl"), "did you mean 'Møre og Romsdal'?"));
    m = region_error("qqqqqqqq");
    CHECK(test_contains(m, "unknown region 'qqqqqqqq'"));
    CHECK(!test_contains(m, "did you mean"));
    CHECK(test_contains(region_error("0101"), "it became 3001 Halden"));
    CHECK(test_contains(region_error("4"), "unknown county code '4'"));
    CHECK(test_contains(region_error("8888"), "unknown region code '8888'"));
    CHECK(test_contains(region_error("Herøy"), "1515 or 1818"));
    CHECK(test_contains(region_error(""), "empty region"));
}

static void test_region_has_county(void)
{
    klar_region no = klar_region_nation(), vest = klar_region_of_rhf(KLAR_RHF_VEST), county;
    klar_error err;
    CHECK(klar_region_has_county(&no, 46));
    CHECK(klar_region_has_county(&vest, 46));
    CHECK(klar_region_has_county(&vest, 11));
    CHECK(!klar_region_has_county(&vest, 3));
    CHECK(klar_region_parse(geo, "46", &county, &err) == 0);
    CHECK(klar_region_has_county(&county, 46));
    CHECK(!klar_region_has_county(&county, 11));
    CHECK(klar_region_parse(geo, "4601", &county, &err) == 0);
    CHECK(!klar_region_has_county(&county, 46));
}

static void test_geo_load_errors(void)
{
    klar_error err;
    CHECK(klar_geo_load("/nonexistent/klar", &err) == NULL);
    CHECK(test_contains(err.message, "/nonexistent/klar/geo/counties.csv: cannot open"));

    char dir[] = "/tmp/klar-test-geo-XXXXXX";
    CHECK(mkdtemp(dir) != NULL);
    char sub[256];
    snprintf(sub, sizeof sub, "%s/geo", dir);
    mkdir(sub, 0700);
    test_write_file(sub, "counties.csv", "code,name,rhf\n03,Oslo,helse-sor-ost\n46,Vestland,helse-nord\n");
    test_write_file(sub, "municipalities.csv", "code,name,valid_from,valid_to,code_2020,weight\n0301,Oslo,1838,,0301,1\n");
    CHECK(klar_geo_load(dir, &err) == NULL);
    CHECK(test_contains(err.message, "geo/counties.csv:3: county 46 belongs to helse-vest"));

    test_write_file(sub, "counties.csv", "code,name,rhf\n03,Oslo,helse-sor-ost\n");
    test_write_file(sub, "municipalities.csv", "code,name,valid_from,valid_to,code_2020,weight\n0301,Oslo,1838,,0301,1\n"
                                          "0101,Halden,1838,2019,3001,1\n");
    CHECK(klar_geo_load(dir, &err) == NULL);
    CHECK(test_contains(err.message, "municipality 0101 maps to 3001"));

    test_write_file(sub, "municipalities.csv", "code,name,valid_from,valid_to,code_2020,weight\n0301,Oslo,1838,,0301,x\n");
    CHECK(klar_geo_load(dir, &err) == NULL);
    CHECK(test_contains(err.message, "geo/municipalities.csv:2: weight must be a number"));

    test_write_file(sub, "municipalities.csv", "code,name,valid_from,valid_to,code_2020,weight\n0301,Oslo,1838,,0301,1\n"
                                          "0302,Split,1838,1900,0301,0.5\n0302,Split,1838,1900,0301,0.6\n");
    CHECK(klar_geo_load(dir, &err) == NULL);
    CHECK(test_contains(err.message, "municipality 0302 from 1838: weights sum to 1.1, not 1"));

    test_write_file(sub, "municipalities.csv", "code;name\n");
    CHECK(klar_geo_load(dir, &err) == NULL);
    CHECK(test_contains(err.message, "geo/municipalities.csv:1: expected the header"));

    char path[1024];
    snprintf(path, sizeof path, "%s/counties.csv", sub);
    unlink(path);
    snprintf(path, sizeof path, "%s/municipalities.csv", sub);
    unlink(path);
    rmdir(sub);
    rmdir(dir);
}

/* The shipped geo tables are what the builder makes from the shared source. */
static void test_builder_reproduces_shipped_tables(void)
{
    const char *src = test_shared_path("geo/norway_municipalities_2020_borders.csv");
    if (!src) {
        test_skip("../shared/data not present");
        return;
    }
    char source[1024];
    snprintf(source, sizeof source, "%s", src);
    char dir[] = "/tmp/klar-test-build-XXXXXX";
    CHECK(mkdtemp(dir) != NULL);
    klar_error err;
    CHECK(klar_baseline_build_geo(source, dir, &err) == 0);
    const char *names[] = {"geo/municipalities.csv", "geo/counties.csv"};
    for (int i = 0; i < 2; i++) {
        char built[512], shipped[4096], cmd[4700];
        snprintf(built, sizeof built, "%s/%s", dir, names[i]);
        CHECK(klar_datapath(shipped, sizeof shipped, names[i]) == 0);
        snprintf(cmd, sizeof cmd, "cmp -s '%s' '%s'", built, shipped);
        CHECK(system(cmd) == 0);
        unlink(built);
    }
    char sub[256];
    snprintf(sub, sizeof sub, "%s/geo", dir);
    rmdir(sub);
    rmdir(dir);
    CHECK(klar_baseline_build_geo("/nonexistent.csv", "/tmp", &err) == -1);
    CHECK(test_contains(err.message, "/nonexistent.csv: cannot open"));
}

int main(void)
{
    klar_error err;
    geo = klar_geo_load(klar_datadir(), &err);
    if (!geo)
        fprintf(stderr, "cannot load geo tables: %s\n", err.message);
    RUN(test_rhf_ids_and_names);
    RUN(test_counties_to_rhf);
    RUN(test_geo_tables_load);
    if (geo) {
        RUN(test_map_halden);
        RUN(test_map_tysfjord_split);
        RUN(test_map_snillfjord_split);
        RUN(test_map_special_regions);
        RUN(test_every_municipality_in_one_rhf);
        RUN(test_every_code_maps_to_weights_summing_to_one);
        RUN(test_region_parse_accepts);
        RUN(test_region_parse_rejects_with_suggestions);
        RUN(test_region_has_county);
    }
    RUN(test_geo_load_errors);
    RUN(test_builder_reproduces_shipped_tables);
    klar_geo_free(geo);
    return test_finish();
}
