/* test_ssb.c - the SSB table 07459 importer: national totals of every shared export, each CSV
 * variant (separators, quoting, encodings, line ends, Norwegian labels, title and footnotes),
 * mapping to 2020 borders, JSON-stat2 (dense and sparse, index as object and array), and
 * malformed input rejected with file, line (or JSON path) and reason. */
#include "test.h"

#include <time.h>

#include "klar/datadir.h"
#include "klar/geo.h"
#include "klar/population.h"
#include "klar/ssb.h"

#if defined(__SANITIZE_ADDRESS__)
#define UNDER_SANITIZER 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define UNDER_SANITIZER 1
#endif
#endif

static klar_geo *geo;

/* Imports text from an exactly sized heap copy (no NUL after it, so ASan catches overreads). */
static int import_text(const char *text, size_t len, klar_poptable *t, klar_ssb_report *rep, klar_error *err)
{
    char *copy = malloc(len ? len : 1);
    if (!copy)
        return -2;
    memcpy(copy, text, len);
    int rc = klar_ssb_import_buffer_report("in.csv", copy, len, geo, t, rep, err);
    free(copy);
    return rc;
}

/* Imports text that must be accepted. */
static void import_ok(const char *text, klar_poptable *t, klar_ssb_report *rep)
{
    klar_error err = {0};
    int rc = import_text(text, strlen(text), t, rep, &err);
    if (rc != 0)
        fprintf(stderr, "unexpected import error: %s\n", err.message);
    CHECK(rc == 0);
}

/* Imports len bytes that must be rejected; checks the table is unchanged; returns the message. */
static const char *import_error_n(const char *text, size_t len)
{
    static klar_error err;
    klar_poptable t = {NULL, 0, 0};
    klar_poptable_add(&t, 1999, 1, KLAR_MALE, 0, 1);
    klar_error_clear(&err);
    int rc = import_text(text, len, &t, NULL, &err);
    CHECK(rc == -1);
    CHECK(t.count == 1);
    klar_poptable_free(&t);
    return err.message;
}

static const char *import_error(const char *text)
{
    return import_error_n(text, strlen(text));
}

/* Persons in t for year (and region / sex unless -1). */
static double sum_rows(const klar_poptable *t, int year, int region, int sex)
{
    double s = 0;
    for (size_t i = 0; i < t->count; i++) {
        const klar_poprow *r = &t->rows[i];
        if (r->year == year && (region < 0 || r->region == region) && (sex < 0 || (int)r->sex == sex))
            s += r->persons;
    }
    return s;
}

/* ---- the shared SSB exports --------------------------------------------------------------- */

typedef struct expected_year {
    int year;
    double persons;
} expected_year;

/* Imports a shared file and checks the totals of its years; skips without ../shared. */
static void check_shared_file(const char *name, const expected_year *want, int n, int has_sex)
{
    char rel[256];
    snprintf(rel, sizeof rel, "ssb/%s", name);
    const char *path = test_shared_path(rel);
    if (!path) {
        test_skip("../shared/data not present (set KLAR_SHARED_DATA)");
        return;
    }
    klar_poptable t = {NULL, 0, 0};
    klar_error err = {0};
    clock_t start = clock();
    int rc = klar_ssb_import_file(path, geo, &t, &err);
    double seconds = (double)(clock() - start) / CLOCKS_PER_SEC;
    if (rc != 0)
        fprintf(stderr, "%s\n", err.message);
    CHECK(rc == 0);
#ifdef UNDER_SANITIZER
    (void)seconds; /* sanitizers slow everything down; time only the plain build */
#else
    CHECK(seconds < 1.0);
#endif
    klar_ssb_year_total totals[32];
    int nt = klar_ssb_year_totals(&t, totals, 32);
    CHECK(nt == n);
    for (int i = 0; i < n && i < nt; i++) {
        CHECK(totals[i].year == want[i].year);
        CHECK_NEAR(totals[i].persons, want[i].persons, 0.001);
        CHECK(totals[i].has_sex == has_sex);
        CHECK(totals[i].regions >= 356);
    }
    klar_poptable_free(&t);
}

static void test_shared_2022_by_sex(void)
{
    const expected_year want[] = {{2022, 5425270}};
    check_shared_file("07459_population_municipality_sex_age_2022.csv", want, 1, 1);
    const char *path = test_shared_path("ssb/07459_population_municipality_sex_age_2022.csv");
    if (!path)
        return;
    klar_poptable t = {NULL, 0, 0};
    klar_error err;
    CHECK(klar_ssb_import_file(path, geo, &t, &err) == 0);
    klar_ssb_year_total tot;
    CHECK(klar_ssb_year_totals(&t, &tot, 1) == 1);
    CHECK_NEAR(tot.male, 2737332, 0.001);
    CHECK_NEAR(tot.female, 2687938, 0.001);
    CHECK_NEAR(sum_rows(&t, 2022, 2100, -1) + sum_rows(&t, 2022, 2300, -1) + sum_rows(&t, 2022, 9999, -1), 0, 0);
    klar_poptable_free(&t);
}

static void test_shared_2021_2020_by_sex(void)
{
    const expected_year y2021[] = {{2021, 5391369}}, y2020[] = {{2020, 5367580}};
    check_shared_file("07459_population_municipality_sex_age_2021.csv", y2021, 1, 1);
    check_shared_file("07459_population_municipality_sex_age_2020.csv", y2020, 1, 1);
}

static void test_shared_2020_to_2022_by_age(void)
{
    const expected_year y2022[] = {{2022, 5425270}}, y2021[] = {{2021, 5391369}}, y2020[] = {{2020, 5367580}};
    check_shared_file("07459_population_municipality_age_2022.csv", y2022, 1, 0); /* CRLF, title */
    check_shared_file("07459_population_municipality_age_2021.csv", y2021, 1, 0);
    check_shared_file("07459_population_municipality_age_2020.csv", y2020, 1, 0); /* tab */
}

static void test_shared_2019_comma_old_codes(void)
{
    const expected_year want[] = {{2019, 5328212}};
    check_shared_file("07459_population_municipality_age_2019.csv", want, 1, 0);
}

static void test_shared_2015_2018_latin1_tabs(void)
{
    const expected_year want[] = {{2015, 5103155}, {2016, 5150571}, {2017, 5258317}, {2018, 5295619}};
    check_shared_file("07459_population_municipality_age_2015-2018.csv", want, 4, 0);
}

static void test_shared_2005_2014(void)
{
    const expected_year a[] = {{2005, 4485465}, {2006, 4530347}, {2007, 4570755}, {2008, 4648804}, {2009, 4710180}};
    const expected_year b[] = {{2010, 4768357}, {2011, 4829540}, {2012, 4900999}, {2013, 4989702}, {2014, 5046852}};
    check_shared_file("07459_population_municipality_age_2005-2009.csv", a, 5, 0);
    check_shared_file("07459_population_municipality_age_2010-2014.csv", b, 5, 0);
    /* short of Norway's population: merged municipalities are missing from the export */
    klar_national_totals official;
    klar_error err;
    const char *datadir = getenv("KLAR_DATA") ? getenv("KLAR_DATA") : "data";
    CHECK(klar_national_totals_load(datadir, &official, &err) == 0);
    CHECK(klar_national_total(&official, 2016) == 5213985);
    CHECK(klar_national_total(&official, 2022) == 5425270);
    CHECK(klar_national_total(&official, 1990) == 0);
    for (int i = 0; i < 5; i++) {
        CHECK(a[i].persons < klar_national_total(&official, a[i].year));
        CHECK(b[i].persons < klar_national_total(&official, b[i].year));
    }
}

/* ---- CSV variants ------------------------------------------------------------------------- */

static void test_csv_semicolon_quoted_with_title(void)
{
    klar_poptable t = {NULL, 0, 0};
    klar_ssb_report rep;
    import_ok("\"07459: Population, by region, sex, age, contents and year\"\n\n"
              "\"region\";\"sex\";\"age\";\"Persons 2022\"\n"
              "\"K-3001 Halden\";\"Males\";\"0 years\";139\n"
              "\"K-3001 Halden\";\"Females\";\"105 years or older\";2\n"
              "\"K-5444 Sør-Varanger\";\"Males\";\"1 year\";40\n",
              &t, &rep);
    CHECK(t.count == 3);
    CHECK_NEAR(sum_rows(&t, 2022, 3001, KLAR_MALE), 139, 0);
    CHECK_NEAR(sum_rows(&t, 2022, 3001, KLAR_FEMALE), 2, 0);
    CHECK(t.count == 3 && t.rows[1].age == 105);
    CHECK_NEAR(sum_rows(&t, 2022, 5444, -1), 40, 0);
    CHECK(rep.cells == 3 && rep.missing == 0);
    klar_poptable_free(&t);
}

static void test_csv_tab_latin1_several_years(void)
{
    /* ISO-8859-1: "S\xf8r-Odal" (Sør-Odal), CRLF line ends */
    const char text[] = "\"region\"\t\"age\"\t\"Persons 2015\"\t\"Persons 2016\"\r\n"
                        "\"0419 S\xf8r-Odal\"\t\"0 years\"\t60\t55\r\n"
                        "\"0101 Halden\"\t\"1 year\"\t300\t301\r\n";
    klar_poptable t = {NULL, 0, 0};
    import_ok(text, &t, NULL);
    CHECK(t.count == 4);
    CHECK_NEAR(sum_rows(&t, 2015, 3415, KLAR_SEX_ALL), 60, 0); /* 0419 Sør-Odal -> 3415 */
    CHECK_NEAR(sum_rows(&t, 2016, 3415, KLAR_SEX_ALL), 55, 0);
    CHECK_NEAR(sum_rows(&t, 2016, 3001, KLAR_SEX_ALL), 301, 0);
    klar_poptable_free(&t);
}

static void test_csv_comma_unquoted_old_codes(void)
{
    klar_poptable t = {NULL, 0, 0};
    import_ok("region,age,Persons 2019\n0101 Halden,0 years,245\n1850 Tysfjord,5 years,10\n"
              "5012 Snillfjord,6 years,100\n0137 Våler (Østfold),7 years,3\n",
              &t, NULL);
    CHECK_NEAR(sum_rows(&t, 2019, 3001, KLAR_SEX_ALL), 245, 0); /* 0101 Halden -> 3001 */
    CHECK_NEAR(sum_rows(&t, 2019, 1806, -1), 5, 1e-9);          /* Tysfjord split in halves */
    CHECK_NEAR(sum_rows(&t, 2019, 1875, -1), 5, 1e-9);
    CHECK_NEAR(sum_rows(&t, 2019, 5055, -1), 35, 1e-9);         /* Snillfjord 0.35/0.35/0.3 */
    CHECK_NEAR(sum_rows(&t, 2019, 5056, -1), 35, 1e-9);
    CHECK_NEAR(sum_rows(&t, 2019, 5059, -1), 30, 1e-9);
    CHECK_NEAR(sum_rows(&t, 2019, -1, -1), 245 + 10 + 100 + 3, 1e-9);
    klar_poptable_free(&t);
}

static void test_csv_norwegian_labels(void)
{
    klar_poptable t = {NULL, 0, 0};
    klar_ssb_report rep;
    import_ok("\"region\";\"kjønn\";\"alder\";\"Personer 2021\";\"2022\"\n"
              "\"K-3001 Halden\";\"Menn\";\"0 år\";100;110\n"
              "\"K-3001 Halden\";\"Kvinner\";\"105 år eller eldre\";2;..\n"
              "\"K-3001 Halden\";\"Kvinner\";\"7 år\";:;-\n",
              &t, &rep);
    CHECK_NEAR(sum_rows(&t, 2021, 3001, KLAR_MALE), 100, 0);
    CHECK_NEAR(sum_rows(&t, 2022, 3001, KLAR_MALE), 110, 0);
    CHECK_NEAR(sum_rows(&t, 2021, 3001, KLAR_FEMALE), 2, 0);
    CHECK_NEAR(sum_rows(&t, 2022, 3001, KLAR_FEMALE), 0, 0);
    CHECK(rep.cells == 6);
    CHECK(rep.missing == 3);
    klar_poptable_free(&t);
}

static void test_csv_bom_cr_only_and_footnotes(void)
{
    klar_poptable t = {NULL, 0, 0};
    import_ok("\xEF\xBB\xBF\"region\";\"age\";\"Persons 2020\"\r\"K-3001 Halden\";\"3 years\";5\r"
              "\"K-3001 Halden\";\"4 years\";6\r\r\"Footnote: population 1 January\"\r\"Source: SSB\"\r",
              &t, NULL);
    CHECK(t.count == 2);
    CHECK_NEAR(sum_rows(&t, 2020, 3001, -1), 11, 0);
    klar_poptable_free(&t);
}

static void test_csv_special_regions(void)
{
    klar_poptable t = {NULL, 0, 0};
    import_ok("\"region\";\"age\";\"Persons 2022\"\n"
              "\"K-21-22 Svalbard and Jan Mayen\";\"0 years\";1\n"
              "\"K-23 Continental shelf\";\"0 years\";2\n"
              "\"K-Rest Divided municalities and unknown\";\"0 years\";3\n",
              &t, NULL);
    CHECK_NEAR(sum_rows(&t, 2022, 2100, -1), 1, 0);
    CHECK_NEAR(sum_rows(&t, 2022, 2300, -1), 2, 0);
    CHECK_NEAR(sum_rows(&t, 2022, 9999, -1), 3, 0);
    CHECK(klar_geo_county_of(geo, 2100) == 21);
    CHECK(klar_rhf_of_county(klar_geo_county_of(geo, 2300)) == -1);
    klar_poptable_free(&t);
}

static void test_csv_unquoted_title(void)
{
    klar_poptable t = {NULL, 0, 0};
    import_ok("07459: Population, by region, age, contents and year\n\nregion;age;Persons 2022\n"
              "K-3001 Halden;0 years;266\n",
              &t, NULL);
    CHECK(t.count == 1);
    CHECK_NEAR(sum_rows(&t, 2022, 3001, KLAR_SEX_ALL), 266, 0);
    klar_poptable_free(&t);
}

static void test_csv_trailing_separator_and_blanks(void)
{
    klar_poptable t = {NULL, 0, 0};
    import_ok("region;age;Persons 2022;\n0101 Halden ; 0 years ; 245 ;\n", &t, NULL);
    CHECK(t.count == 1);
    CHECK_NEAR(sum_rows(&t, 2022, 3001, KLAR_SEX_ALL), 245, 0);
    klar_poptable_free(&t);
    CHECK(test_contains(import_error("region;age;Persons 2022;\n0101 Halden;0 years;2 45;\n"), "persons '2 45'"));
}

static void test_csv_appends_to_existing_rows(void)
{
    klar_poptable t = {NULL, 0, 0};
    klar_poptable_add(&t, 1999, 1, KLAR_MALE, 0, 1);
    import_ok("region;age;2022\n3001;0;5\n", &t, NULL);
    CHECK(t.count == 2);
    CHECK(t.rows[0].year == 1999 && t.rows[1].year == 2022 && t.rows[1].persons == 5);
    klar_poptable_free(&t);
}

/* ---- malformed CSV ------------------------------------------------------------------------ */

static void test_csv_rejects_malformed_input(void)
{
    const char *h = "\"07459: Population\"\n\n\"region\";\"sex\";\"age\";\"Persons 2022\"\n";
    char buf[512];

    snprintf(buf, sizeof buf, "%s\"K-3001 Halden\";\"Males\";\"0 years\";139\n\"K-3001 Halden\";\"Males\"\n", h);
    CHECK(strcmp(import_error(buf), "in.csv:5: expected 4 fields as in the header on line 3, found 2 (truncated line?)") == 0);

    snprintf(buf, sizeof buf, "%s\"K-3001 Halden\";\"Males\";\"0 years\";13x9\n", h);
    CHECK(test_contains(import_error(buf), "in.csv:4: persons '13x9' for 2022 is not a whole number"));

    snprintf(buf, sizeof buf, "%s\"K-3001 Halden\";\"Males\";\"0 years\";-4\n", h);
    CHECK(test_contains(import_error(buf), "in.csv:4: persons '-4' for 2022 is not a whole number"));

    snprintf(buf, sizeof buf, "%s\"K-3001 Halden\";\"Males\";\"0 yrs\";139\n", h);
    CHECK(test_contains(import_error(buf), "in.csv:4: unknown age '0 yrs'"));

    snprintf(buf, sizeof buf, "%s\"K-3001 Halden\";\"Males\";\"106 years\";139\n", h);
    CHECK(test_contains(import_error(buf), "in.csv:4: unknown age '106 years'"));

    snprintf(buf, sizeof buf, "%s\"K-3001 Halden\";\"Males\";\"0 years\";1\n\"K-8888 Nowhere\";\"Males\";\"0 years\";1\n", h);
    CHECK(strcmp(import_error(buf), "in.csv:5: unknown municipality code 8888 (year 2022)") == 0);

    snprintf(buf, sizeof buf, "%s\"Halden\";\"Males\";\"0 years\";1\n", h);
    CHECK(test_contains(import_error(buf), "in.csv:4: cannot read region 'Halden'"));

    snprintf(buf, sizeof buf, "%s\"F-30 Viken\";\"Males\";\"0 years\";1\n", h);
    CHECK(test_contains(import_error(buf), "in.csv:4: region 'F-30 Viken' is a total for the country or a county"));

    snprintf(buf, sizeof buf, "%s\"K-3001 Halden\";\"Both sexes\";\"0 years\";1\n", h);
    CHECK(test_contains(import_error(buf), "in.csv:4: unknown sex 'Both sexes'"));

    snprintf(buf, sizeof buf, "%s\"K-3001 Halden\";\"Males\";\"0 years;139\n", h);
    CHECK(strcmp(import_error(buf), "in.csv:4: unterminated quote") == 0);

    snprintf(buf, sizeof buf, "%s\"K-3001 Halden\";\"Males\";\"0 years\";1\n\"K-3001 Halden\";\"Males\";\"0 years\";2\n", h);
    CHECK(test_contains(import_error(buf), "in.csv:5: region 3001, sex male, age 0 is given twice (first on line 4)"));

    snprintf(buf, sizeof buf, "%s\"K-3001 Halden\";\"Males\";\"0 years\";1\n\n\"a note\"\n\"K-3001 Halden\";\"Males\";\"1 year\";1\n", h);
    CHECK(test_contains(import_error(buf), "in.csv:7: data after the footnotes"));

    CHECK(test_contains(import_error(h), "in.csv:3: a header but no data lines"));
    CHECK(test_contains(import_error("\"region\";\"age\";\"contents\";\"Persons 2022\"\n\"K-3001\";\"0 years\";\"x\";1\n"),
                   "in.csv:1: unknown column 'contents'"));
    CHECK(test_contains(import_error("\"region\";\"age\";\"Persons 2022\";\"2022\"\n"), "in.csv:1: year 2022 appears twice"));
    CHECK(test_contains(import_error("\"region\";\"age\"\n\"K-3001\";\"0 years\"\n"), "in.csv:1: the header needs"));
}

static void test_rejects_empty_and_binary(void)
{
    CHECK(strcmp(import_error(""), "in.csv: empty file: no header and no data") == 0);
    CHECK(strcmp(import_error(" \r\n\n\t\n"), "in.csv: empty file: no header and no data") == 0);
    const char junk[] = "\x7f" "ELF\x02\x01\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x02\x00>\x00";
    CHECK(test_contains(import_error_n(junk, sizeof junk - 1), "in.csv:1: NUL byte in the text"));
    const char noise[] = "\x89PNG\r\n\x1a\n\xff\xfe\xfd garbage;;\xc3\x28\n";
    CHECK(test_contains(import_error_n(noise, sizeof noise - 1), "in.csv:1: no header line found"));
    CHECK(test_contains(import_error("1;2;3\n4;5;6\n"), "in.csv:1: no header line found"));
    klar_error err;
    klar_poptable t = {NULL, 0, 0};
    CHECK(klar_ssb_import_file("/nonexistent/07459.csv", geo, &t, &err) == -1);
    CHECK(test_contains(err.message, "/nonexistent/07459.csv: cannot open"));
}

/* ---- JSON-stat2 --------------------------------------------------------------------------- */

static void test_jsonstat_dense_index_object(void)
{
    klar_poptable t = {NULL, 0, 0};
    klar_error err = {0};
    klar_ssb_report rep;
    int rc = klar_ssb_import_file_report("tests/data/jsonstat_dense.json", geo, &t, &rep, &err);
    if (rc != 0)
        fprintf(stderr, "%s\n", err.message);
    CHECK(rc == 0);
    CHECK(t.count == 24);
    /* values 1..24 in row-major order, Tid fastest: 2021 gets the odd values, 2022 the even */
    CHECK_NEAR(sum_rows(&t, 2021, -1, -1), 144, 0);
    CHECK_NEAR(sum_rows(&t, 2022, -1, -1), 156, 0);
    CHECK_NEAR(sum_rows(&t, 2021, -1, KLAR_MALE), 1 + 3 + 5 + 13 + 15 + 17, 0);
    CHECK_NEAR(sum_rows(&t, 2022, 4601, KLAR_FEMALE), 20 + 22 + 24, 0); /* K-4601 Bergen */
    CHECK_NEAR(sum_rows(&t, 2022, 3001, -1), 2 + 4 + 6 + 8 + 10 + 12, 0);
    int age105 = 0;
    for (size_t i = 0; i < t.count; i++)
        age105 += t.rows[i].age == 105;
    CHECK(age105 == 8);
    CHECK(rep.cells == 24 && rep.missing == 0);
    klar_ssb_year_total tot[4];
    CHECK(klar_ssb_year_totals(&t, tot, 4) == 2);
    CHECK(tot[0].year == 2021 && tot[0].has_sex && tot[0].regions == 2);
    klar_poptable_free(&t);
}

static void test_jsonstat_sparse_index_array(void)
{
    klar_poptable t = {NULL, 0, 0};
    klar_error err = {0};
    klar_ssb_report rep;
    int rc = klar_ssb_import_file_report("tests/data/jsonstat_sparse.json", geo, &t, &rep, &err);
    if (rc != 0)
        fprintf(stderr, "%s\n", err.message);
    CHECK(rc == 0);
    CHECK_NEAR(sum_rows(&t, 2019, -1, -1), 46, 1e-9); /* "both sexes" (999, 777) left out */
    CHECK_NEAR(sum_rows(&t, 2019, -1, KLAR_MALE), 21, 1e-9);
    CHECK_NEAR(sum_rows(&t, 2019, 1806, -1), 15.5, 1e-9); /* Tysfjord: half of 10 + 1 + 20 */
    CHECK_NEAR(sum_rows(&t, 2019, 1875, -1), 15.5, 1e-9);
    CHECK_NEAR(sum_rows(&t, 2019, 3001, -1), 15, 1e-9); /* K-0101 Halden */
    CHECK(rep.missing == 2); /* one null, one absent */
    klar_poptable_free(&t);
}

/* A small JSON-stat2 document with the given value member and age index. */
static const char *jsonstat(const char *ages, int nages, const char *value)
{
    static char buf[2048];
    snprintf(buf, sizeof buf,
             "{\"version\":\"2.0\",\"class\":\"dataset\",\"id\":[\"Region\",\"Alder\",\"Tid\"],\"size\":[1,%d,1],"
             "\"dimension\":{\"Region\":{\"category\":{\"index\":[\"3001\"]}},"
             "\"Alder\":{\"category\":{\"index\":%s}},\"Tid\":{\"category\":{\"index\":[\"2022\"]}}},"
             "\"value\":%s}",
             nages, ages, value);
    return buf;
}

static void test_jsonstat_small_variants(void)
{
    klar_poptable t = {NULL, 0, 0};
    import_ok(jsonstat("[\"000\",\"105+\"]", 2, "[3, 4.5]"), &t, NULL);
    CHECK_NEAR(sum_rows(&t, 2022, 3001, KLAR_SEX_ALL), 7.5, 0);
    klar_poptable_free(&t);
    import_ok(jsonstat("{\"010\":1,\"009\":0}", 2, "{\"1\": 8}"), &t, NULL);
    CHECK(t.count == 1 && t.rows[0].age == 10 && t.rows[0].persons == 8);
    klar_poptable_free(&t);
}

static void test_jsonstat_rejects_malformed_input(void)
{
    CHECK(test_contains(import_error("{\"id\": [\"Region\", }"), "in.csv:1: bad JSON"));
    CHECK(test_contains(import_error("{\n\"id\": [\"Region\"],\n\"size\": [1]\n,,}"), "in.csv:4: bad JSON"));
    CHECK(test_contains(import_error("[1, 2]"), "in.csv: $: expected a JSON-stat2 dataset object"));
    CHECK(test_contains(import_error(jsonstat("[\"000\",\"001\"]", 2, "[1, 2, 3]")),
                   "in.csv: $.value: 3 values but $.size gives 2 cells"));
    CHECK(test_contains(import_error(jsonstat("[\"000\",\"001\",\"002\"]", 2, "[1, 2]")),
                   "$.dimension.Alder.category.index: 3 categories but $.size says 2"));
    CHECK(test_contains(import_error(jsonstat("[\"000\",\"999\"]", 2, "[1, 2]")),
                   "in.csv: $.dimension.Alder.category.index.999: unknown age"));
    CHECK(test_contains(import_error(jsonstat("[\"000\",\"001\"]", 2, "[1, \"x\"]")), "in.csv: $.value[1]: expected a number"));
    CHECK(test_contains(import_error(jsonstat("[\"000\",\"001\"]", 2, "[1, -2]")), "in.csv: $.value[1]: expected a number"));
    CHECK(test_contains(import_error(jsonstat("[\"000\",\"001\"]", 2, "{\"2\": 1}")), "in.csv: $.value.2: expected a position"));
    CHECK(test_contains(import_error(jsonstat("[\"000\",\"001\"]", 2, "7")), "in.csv: $.value: expected an array or an object"));
    CHECK(test_contains(import_error(jsonstat("{\"000\":0,\"001\":0}", 2, "[1, 2]")),
                   "$.dimension.Alder.category.index.001: expected a distinct position"));
    CHECK(test_contains(import_error(jsonstat("[\"000\",\"0\"]", 2, "[1, 2]")),
                   "$.dimension.Alder.category.index: two categories mean the same"));
    CHECK(test_contains(import_error("{\"id\":[\"Region\",\"Tid\"],\"size\":[1,1],\"dimension\":{\"Region\":{\"category\":"
                                "{\"index\":[\"8888\"]}},\"Tid\":{\"category\":{\"index\":[\"2022\"]}}},\"value\":[1]}"),
                   "$.id: needs region, age and time dimensions"));
    CHECK(test_contains(import_error("{\"id\":[\"Region\",\"Alder\",\"Tid\"],\"size\":[1,1,1],\"dimension\":{\"Region\":{\"category\":"
                                "{\"index\":[\"8888\"]}},\"Alder\":{\"category\":{\"index\":[\"000\"]}},\"Tid\":{\"category\":"
                                "{\"index\":[\"2022\"]}}},\"value\":[1]}"),
                   "in.csv: $.dimension.Region.category.index.8888: unknown municipality code 8888 (year 2022)"));
    CHECK(test_contains(import_error("{\"id\":[\"Region\",\"Alder\",\"Tid\"],\"size\":[1,1,1],\"dimension\":{\"Region\":{\"category\":"
                                "{\"index\":[\"0\"]}},\"Alder\":{\"category\":{\"index\":[\"000\"]}},\"Tid\":{\"category\":"
                                "{\"index\":[\"2022\"]}}},\"value\":[1]}"),
                   "$.dimension.Region.category.index.0: a total for the country or a county"));
    CHECK(test_contains(import_error("{\"id\":[\"Region\"],\"size\":[1,2]}"), "$.size: expected an array with one size per dimension"));
    CHECK(test_contains(import_error("{\"id\":[\"Region\"],\"size\":[0]}"), "$.size[0]: expected a whole number from 1"));
    CHECK(test_contains(import_error("{\"id\":[\"Region\"],\"size\":[1]}"), "$.dimension.Region.category: missing"));
    CHECK(test_contains(import_error("{\"dataset\":{}}"), "JSON-stat 1.0 is not supported"));
    CHECK(test_contains(import_error("{\"a\":1,\"a\":2}"), "in.csv:1: bad JSON: duplicate object key"));
}

int main(void)
{
    klar_error err;
    geo = klar_geo_load(klar_datadir(), &err);
    if (!geo) {
        fprintf(stderr, "cannot load geo tables: %s\n", err.message);
        printf("0 passed, 1 failed, 0 skipped\n");
        return 1;
    }
    RUN(test_shared_2022_by_sex);
    RUN(test_shared_2021_2020_by_sex);
    RUN(test_shared_2020_to_2022_by_age);
    RUN(test_shared_2019_comma_old_codes);
    RUN(test_shared_2015_2018_latin1_tabs);
    RUN(test_shared_2005_2014);
    RUN(test_csv_semicolon_quoted_with_title);
    RUN(test_csv_tab_latin1_several_years);
    RUN(test_csv_comma_unquoted_old_codes);
    RUN(test_csv_norwegian_labels);
    RUN(test_csv_bom_cr_only_and_footnotes);
    RUN(test_csv_special_regions);
    RUN(test_csv_unquoted_title);
    RUN(test_csv_trailing_separator_and_blanks);
    RUN(test_csv_appends_to_existing_rows);
    RUN(test_csv_rejects_malformed_input);
    RUN(test_rejects_empty_and_binary);
    RUN(test_jsonstat_dense_index_object);
    RUN(test_jsonstat_sparse_index_array);
    RUN(test_jsonstat_small_variants);
    RUN(test_jsonstat_rejects_malformed_input);
    klar_geo_free(geo);
    return test_finish();
}
