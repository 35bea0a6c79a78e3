/* test_chime.c - the CHIME-compatible projection: settings files and their errors, and the
 * census day by day against golden files from tests/chime/reference.py (an independent Python
 * implementation of CHIME's equations). Run from the repository root. */
#include "test.h"

#include "klar/chime.h"

extern int surge_chime_exhaustive;   /* src/surge/surge_internal.h: CHIME's own search */

#define GOLDEN "tests/chime/"

static const char *const CASES[] = {
    "default", "chime_tests", "fast_growth", "slow_growth", "mitigation_past",
    "mitigation_future", "first_hospitalized", "beyond_peak",
};

/* The default settings, as text (CHIME's defaults/cli.cfg). */
static const char DEFAULT_TEXT[] =
    "--current-hospitalized 69\n--doubling-time 5.0\n--hospitalized-days 7\n"
    "--hospitalized-rate 0.025\n--icu-days 9\n--icu-rate 0.0075\n--infectious-days 10\n"
    "--market-share 0.15\n--n-days 30\n--population 3600000\n--recovered 0\n"
    "--relative-contact-rate 0.45\n--ventilated-days 10\n--ventilated-rate 0.005\n";

/* Reads a whole (small) file; NULL if it cannot. The caller frees it. */
static char *slurp(FILE *fp)
{
    if (fseek(fp, 0, SEEK_END) != 0)
        return NULL;
    long n = ftell(fp);
    rewind(fp);
    char *buf = n >= 0 ? malloc((size_t)n + 1) : NULL;
    if (buf) {
        size_t got = fread(buf, 1, (size_t)n, fp);
        buf[got] = '\0';
    }
    return buf;
}

static char *slurp_path(const char *path)
{
    FILE *fp = fopen(path, "rb");
    if (!fp)
        return NULL;
    char *text = slurp(fp);
    fclose(fp);
    return text;
}

/* The CSV klar writes for r. The caller frees it. */
static char *csv_of(const klar_chime_result *r)
{
    FILE *fp = tmpfile();
    if (!fp)
        return NULL;
    CHECK(klar_chime_write_csv(fp, r) == 0);
    char *text = slurp(fp);
    fclose(fp);
    return text;
}

/* Compares two CSV texts line by line, reporting the first line that differs. */
static int same_rows(const char *name, const char *got, const char *want)
{
    long line = 1;
    while (*got || *want) {
        size_t a = strcspn(got, "\n"), b = strcspn(want, "\n");
        if (a != b || strncmp(got, want, a) != 0) {
            fprintf(stderr, "  %s line %ld: got '%.*s', want '%.*s'\n", name, line, (int)a, got,
                    (int)b, want);
            return 0;
        }
        got += a + (got[a] == '\n');
        want += b + (want[b] == '\n');
        line++;
    }
    return 1;
}

/* Loads and runs GOLDEN<name>.cfg into r; 0 on success. */
static int run_case(const char *name, klar_chime_result *r)
{
    char path[256];
    klar_chime_params p;
    klar_error err;
    snprintf(path, sizeof path, GOLDEN "%s.cfg", name);
    if (klar_chime_load(path, &p, &err) != 0 || klar_chime_run(&p, r, &err) != 0) {
        fprintf(stderr, "  %s\n", err.message);
        return -1;
    }
    return 0;
}

static void test_default_settings_match_golden(void)
{
    klar_chime_result r;
    if (run_case("default", &r) != 0) {
        CHECK(0);
        return;
    }
    CHECK(r.i_day == 30);
    CHECK(r.n == 61);
    CHECK(r.day[0] == -30 && r.day[r.n - 1] == 30);
    CHECK(r.mitigation_day == 0);
    CHECK_NEAR(r.doubling_time, 5.0, 0);
    /* day 0 (row 30) and day 30, as CHIME prints them floored */
    CHECK(floor(r.census_hospitalized[30]) == 65 && floor(r.census_icu[30]) == 22 &&
          floor(r.census_ventilated[30]) == 15);
    CHECK(floor(r.census_hospitalized[60]) == 140 && floor(r.census_icu[60]) == 52 &&
          floor(r.census_ventilated[60]) == 38);
    CHECK(isnan(r.admits_hospitalized[0]));
    char *got = csv_of(&r), *want = slurp_path(GOLDEN "default.csv");
    CHECK(got && want && same_rows("default", got, want));
    free(got);
    free(want);
    klar_chime_result_free(&r);
}

static void test_every_golden_case_row_by_row(void)
{
    for (size_t k = 0; k < sizeof CASES / sizeof CASES[0]; k++) {
        char path[256];
        klar_chime_result r;
        if (run_case(CASES[k], &r) != 0) {
            CHECK(!"golden case runs");
            continue;
        }
        snprintf(path, sizeof path, GOLDEN "%s.csv", CASES[k]);
        char *got = csv_of(&r), *want = slurp_path(path);
        CHECK(want != NULL);
        CHECK(got && want && same_rows(CASES[k], got, want));
        free(got);
        free(want);
        klar_chime_result_free(&r);
    }
}

/* Unfloored census and compartments against the .raw.csv files (17 significant digits). */
static void test_unfloored_values_agree(void)
{
    for (size_t k = 0; k < sizeof CASES / sizeof CASES[0]; k++) {
        char path[256], line[512];
        klar_chime_result r;
        if (run_case(CASES[k], &r) != 0) {
            CHECK(0);
            continue;
        }
        snprintf(path, sizeof path, GOLDEN "%s.raw.csv", CASES[k]);
        FILE *fp = fopen(path, "r");
        CHECK(fp != NULL);
        size_t row = 0;
        if (fp && fgets(line, sizeof line, fp)) {
            int day;
            double v[6];
            while (fgets(line, sizeof line, fp) &&
                   sscanf(line, "%d,%lf,%lf,%lf,%lf,%lf,%lf", &day, &v[0], &v[1], &v[2], &v[3],
                          &v[4], &v[5]) == 7 && row < r.n) {
                const double got[6] = {r.census_hospitalized[row], r.census_icu[row],
                                       r.census_ventilated[row], r.susceptible[row],
                                       r.infected[row], r.recovered[row]};
                CHECK(r.day[row] == day);
                for (int c = 0; c < 6; c++)
                    CHECK_NEAR(got[c], v[c], 1e-9 * (1 + fabs(v[c])));
                row++;
            }
            fclose(fp);
        }
        CHECK(row == r.n);
        klar_chime_result_free(&r);
    }
}

/* Parses text as "t.cfg" and checks that it fails with a message starting with prefix and
 * containing part. */
static void expect_error(const char *text, const char *prefix, const char *part)
{
    klar_chime_params p;
    klar_error err;
    int rc = klar_chime_parse(text, strlen(text), "t.cfg", &p, &err);
    CHECK(rc == -1);
    if (rc == -1) {
        CHECK(test_starts_with(err.message, prefix));
        if (!test_contains(err.message, part))
            fprintf(stderr, "  expected '%s' in '%s'\n", part, err.message);
        CHECK(test_contains(err.message, part));
    }
}

/* DEFAULT_TEXT with one line replaced by (or, if line is 0, followed by) extra. */
static const char *defaults_with(int line, const char *extra)
{
    static char buf[2048];
    const char *s = DEFAULT_TEXT;
    size_t used = 0;
    for (int k = 1; *s; k++) {
        size_t n = strcspn(s, "\n") + 1;
        if (k == line)
            used += (size_t)snprintf(buf + used, sizeof buf - used, "%s\n", extra);
        else
            used += (size_t)snprintf(buf + used, sizeof buf - used, "%.*s", (int)n, s);
        s += n;
    }
    if (line == 0)
        snprintf(buf + used, sizeof buf - used, "%s\n", extra);
    return buf;
}

static void test_errors_name_file_and_line(void)
{
    expect_error(defaults_with(8, "--markt-share 0.15"), "t.cfg:8: ",
                 "unknown option --markt-share (did you mean --market-share?)");
    expect_error(defaults_with(8, "--market-share 1.5"), "t.cfg:8: ",
                 "--market-share must be between 0.00001 and 1, not 1.5");
    expect_error(defaults_with(10, "--population lots"), "t.cfg:10: ", "not a whole number");
    expect_error(defaults_with(9, "--n-days 30.5"), "t.cfg:9: ", "not a whole number");
    expect_error(defaults_with(9, "--n-days 0"), "t.cfg:9: ", "--n-days must be between 1");
    expect_error(defaults_with(9, "--n-days"), "t.cfg:9: ", "--n-days needs a value");
    expect_error(defaults_with(9, "--n-days --population 5"), "t.cfg:9: ", "needs a value");
    expect_error(defaults_with(2, "--doubling-time 0"), "t.cfg:2: ", "greater than 0");
    expect_error(defaults_with(2, "--doubling-time inf"), "t.cfg:2: ", "not a number");
    expect_error(defaults_with(2, "--doubling-time nan"), "t.cfg:2: ", "not a number");
    expect_error(defaults_with(2, "--doubling-time 0x10"), "t.cfg:2: ", "not a number");
    expect_error(defaults_with(5, "--icu-days -3"), "t.cfg:5: ", "--icu-days must be");
    expect_error(defaults_with(6, "--icu-rate 1.01"), "t.cfg:6: ", "between 0 and 1");
    expect_error(defaults_with(11, "--recovered -1"), "t.cfg:11: ", "--recovered must be");
    expect_error(defaults_with(12, "--relative-contact-rate 2"), "t.cfg:12: ", "between 0 and 1");
    expect_error(defaults_with(3, "population 5"), "t.cfg:3: ", "expected an option");
    expect_error(defaults_with(3, "--icu 5"), "t.cfg:3: ", "ambiguous option --icu");
    expect_error(defaults_with(3, "--parameters other.cfg"), "t.cfg:3: ", "not supported");
    expect_error(defaults_with(3, "--use-log-scale=1"), "t.cfg:3: ", "takes no value");
    expect_error(defaults_with(3, "--"), "t.cfg:3: ", "expected an option");
    expect_error(defaults_with(3, "--=5"), "t.cfg:3: ", "unknown option");
    expect_error(defaults_with(0, "--current-date 2020-02-30"), "t.cfg:15: ", "not a date");
    expect_error(defaults_with(0, "--current-date 2020-04-14x"), "t.cfg:15: ", "not a date");
    /* missing options are reported at the last line, all at once */
    expect_error("--doubling-time 4\n\n--n-days 30\n", "t.cfg:3: ",
                 "missing required option(s) --current-hospitalized, --hospitalized-days");
    expect_error(defaults_with(10, "# no population"), "t.cfg:14: ",
                 "missing required option(s) --population");
    expect_error("", "t.cfg:1: ", "missing required option(s)");
    expect_error("--population 5\n", "t.cfg:1: ",
                 "--ventilated-rate, --doubling-time (or --date-first-hospitalized)");
    /* combinations, blamed on the line of the option that does not fit */
    expect_error(defaults_with(2, "# none"), "t.cfg:14: ", "missing --doubling-time");
    expect_error(defaults_with(0, "--current-date 2020-04-14\n--date-first-hospitalized "
                                  "2020-04-01"), "t.cfg:16: ", "not both");
    expect_error(defaults_with(2, "--date-first-hospitalized 2020-04-01"), "t.cfg:2: ",
                 "needs --current-date");
    expect_error(defaults_with(2, "--date-first-hospitalized 2020-04-20 --current-date "
                                  "2020-04-14"), "t.cfg:2: ", "after --current-date");
    expect_error(defaults_with(0, "--mitigation-date 2020-04-14"), "t.cfg:15: ",
                 "--mitigation-date needs --current-date");
    expect_error(defaults_with(0, "--mitigation-date 2020-05-15 --current-date 2020-04-14"),
                 "t.cfg:15: ", "31 days after --current-date, more than --n-days (30)");
    expect_error(defaults_with(10, "--population 200"), "t.cfg:10: ",
                 "is not above the 266.6");
}

static void test_error_with_nul_and_junk_bytes(void)
{
    static const char text[] = "--population 36\0000\n--\xff\xfe 1\n";
    klar_chime_params p;
    klar_error err;
    CHECK(klar_chime_parse(text, sizeof text - 1, "bin.cfg", &p, &err) == -1);
    CHECK(test_starts_with(err.message, "bin.cfg:1: "));
    CHECK(klar_chime_parse(text + 18, sizeof text - 19, "bin.cfg", &p, &err) == -1);
    CHECK(test_starts_with(err.message, "bin.cfg:1: unknown option --??"));
}

/* Hyphens or underscores, --opt=value, several per line, comments, blank lines, CRLF,
 * abbreviations, a chart flag and a repeated option (the last wins): the default result. */
static void test_format_variants_give_the_default_result(void)
{
    static const char text[] =
        "# CHIME defaults, written every way CHIME's parser takes them\r\n"
        "\r\n"
        "--current_hospitalized=69 --doubling-time 5   # growth\r\n"
        "--hospitalized_days 7 --hospitalized-rate=0.025\n"
        "\t--icu-days=9\t--icu_rate 0.0075\n"
        "--infectious 10 --market_share .15 --n-days 12 --n-days=30\n"
        "--pop 3600000 --recovered +0 --relative-contact-rate 4.5e-1\n"
        "--ventilated-days 10 --ventilated-rate 0.005 --use-log-scale --max-y-axis 500\n"
        "#--population 1\n";
    klar_chime_params p, d;
    klar_chime_result r;
    klar_error err;
    int rc = klar_chime_parse(text, sizeof text - 1, "variants.cfg", &p, &err);
    if (rc != 0)
        fprintf(stderr, "  %s\n", err.message);
    CHECK(rc == 0);
    klar_chime_defaults(&d);
    CHECK(memcmp(&p, &d, sizeof p) == 0);
    CHECK(klar_chime_run(&p, &r, &err) == 0);
    char *got = csv_of(&r), *want = slurp_path(GOLDEN "default.csv");
    CHECK(got && want && same_rows("variants", got, want));
    free(got);
    free(want);
    klar_chime_result_free(&r);
}

static void test_hand_filled_params_are_checked(void)
{
    klar_chime_params p;
    klar_chime_result r;
    klar_error err;
    klar_chime_defaults(&p);
    CHECK(klar_chime_check(&p, &err) == 0);
    p.infectious_days = 0;
    CHECK(klar_chime_run(&p, &r, &err) == -1);
    CHECK(test_contains(err.message, "--infectious-days must be between 1"));
    CHECK(r.n == 0 && r.day == NULL);
    klar_chime_result_free(&r);
    klar_chime_defaults(&p);
    p.population = 1e6 + 0.5;
    CHECK(klar_chime_check(&p, &err) == -1 && test_contains(err.message, "and whole"));
    klar_chime_defaults(&p);
    p.market_share = NAN;
    CHECK(klar_chime_check(&p, &err) == -1 && test_contains(err.message, "--market-share"));
    klar_chime_defaults(&p);
    p.has_current_date = 1;
    p.current_date = 99999999L;
    CHECK(klar_chime_check(&p, &err) == -1 && test_contains(err.message, "years 1 to 9999"));
    klar_chime_defaults(&p);
    p.doubling_time = -1;
    CHECK(klar_chime_check(&p, &err) == -1 && test_contains(err.message, "--doubling-time"));
}

static void test_dates(void)
{
    long d;
    CHECK(klar_chime_parse_date("1970-01-01", &d) == 0 && d == 0);
    CHECK(klar_chime_parse_date("2020-04-14", &d) == 0 && d == 18366);
    CHECK(klar_chime_parse_date("2020-4-1", &d) == 0 && d == 18353);
    CHECK(klar_chime_parse_date("2020-02-29", &d) == 0);
    CHECK(klar_chime_parse_date("2019-02-29", &d) == -1);
    CHECK(klar_chime_parse_date("1900-02-29", &d) == -1);
    CHECK(klar_chime_parse_date("2000-02-29", &d) == 0);
    CHECK(klar_chime_parse_date("0001-01-01", &d) == 0 && d == -719162);
    CHECK(klar_chime_parse_date("0000-01-01", &d) == -1);
    CHECK(klar_chime_parse_date("20-04-14", &d) == -1);
    CHECK(klar_chime_parse_date("2020-13-01", &d) == -1);
    CHECK(klar_chime_parse_date("2020-04-141", &d) == -1);
    CHECK(klar_chime_parse_date("2020/04/14", &d) == -1);
    CHECK(klar_chime_parse_date("", &d) == -1);
}

/* Census is the sum of the admissions of the last length-of-stay days; S + I + R is kept. */
static void test_census_is_admissions_within_the_stay(void)
{
    klar_chime_result r;
    if (run_case("fast_growth", &r) != 0) {
        CHECK(0);
        return;
    }
    const int stay = 5;
    double n = r.susceptible[0] + r.infected[0] + r.recovered[0];
    for (size_t k = 1; k < r.n; k++) {
        double sum = 0;
        for (size_t j = k >= (size_t)stay ? k - stay + 1 : 1; j <= k; j++)
            sum += r.admits_hospitalized[j];
        CHECK_NEAR(r.census_hospitalized[k], sum, 1e-9 * (1 + sum));
        CHECK_NEAR(r.susceptible[k] + r.infected[k] + r.recovered[k], n, 1e-6);
        CHECK(r.admits_hospitalized[k] >= 0);
    }
    CHECK(r.day[r.i_day] == 0);
    klar_chime_result_free(&r);
}

static void test_write_csv_floors(void)
{
    int day[3] = {-1, 0, 1};
    double h[3] = {-0.0, 2.9999999, NAN}, i[3] = {0.5, 1e6 + 0.25, -0.5}, v[3] = {0, 7, 3.5};
    klar_chime_result r;
    memset(&r, 0, sizeof r);
    r.n = 3;
    r.day = day;
    r.census_hospitalized = h;
    r.census_icu = i;
    r.census_ventilated = v;
    char *got = csv_of(&r);
    CHECK(got && strcmp(got, "day,census_hospitalized,census_icu,census_ventilated\n"
                             "-1,0,0,0\n0,2,1000000,7\n1,,-1,3\n") == 0);
    free(got);
}

/* Where CHIME's doubling-time fit stops with an error, klar reports one. */
static void test_fit_failures_are_reported(void)
{
    char *text = slurp_path(GOLDEN "first_hospitalized.cfg");
    CHECK(text != NULL);
    if (!text)
        return;
    const char *variants[][2] = {
        {"--current-hospitalized 0\n", "no doubling time of less than 15 days"},
        {"--current-hospitalized 2000\n", "runs off the edge of its refined grid"},
    };
    for (size_t k = 0; k < 2; k++) {
        char buf[2048];
        snprintf(buf, sizeof buf, "%s%s", text, variants[k][0]);
        klar_chime_params p;
        klar_chime_result r;
        klar_error err;
        CHECK(klar_chime_parse(buf, strlen(buf), "fit.cfg", &p, &err) == 0);
        CHECK(klar_chime_run(&p, &r, &err) == -1);
        CHECK(test_contains(err.message, variants[k][1]));
        klar_chime_result_free(&r);
    }
    free(text);
}

static void test_load_names_a_missing_file(void)
{
    klar_chime_params p;
    klar_error err;
    CHECK(klar_chime_load("/nonexistent/chime.cfg", &p, &err) == -1);
    CHECK(test_contains(err.message, "/nonexistent/chime.cfg"));
}

/* The golden files are what the Python reference makes of the inputs (when python3 is here). */
static void test_reference_reproduces_golden_files(void)
{
    if (system("command -v python3 >/dev/null 2>&1") != 0) {
        test_skip("python3 not found");
        return;
    }
    CHECK(system("python3 " GOLDEN "reference.py --check >&2") == 0);
}


/* The i_day search that shares its candidates' work gives what CHIME's candidate-by-candidate
 * search gives, to the last bit, over doubling times, censuses, mitigation days before, on
 * and after the current day (where the shared work does not apply), and no mitigation. */
static void test_shared_search_equals_exhaustive(void)
{
    static const double doubling[] = {1.5, 3, 5, 9, 14};
    static const double current[] = {0, 3, 69, 1500, 40000};
    static const int mitigation[] = {-20, -1, 0, 1, 12, 1000};   /* 1000: none */
    int cases = 0, same = 0;
    for (size_t a = 0; a < sizeof doubling / sizeof doubling[0]; a++)
        for (size_t b = 0; b < sizeof current / sizeof current[0]; b++)
            for (size_t c = 0; c < sizeof mitigation / sizeof mitigation[0]; c++) {
                klar_chime_params p;
                klar_chime_result fast, slow;
                klar_error e1, e2;
                klar_chime_defaults(&p);
                p.doubling_time = doubling[a];
                p.current_hospitalized = current[b];
                p.n_days = 60;
                if (mitigation[c] != 1000) {
                    p.has_current_date = p.has_mitigation_date = 1;
                    p.current_date = 18350;
                    p.mitigation_date = 18350 + mitigation[c];
                }
                surge_chime_exhaustive = 0;
                int rf = klar_chime_run(&p, &fast, &e1);
                surge_chime_exhaustive = 1;
                int rs = klar_chime_run(&p, &slow, &e2);
                surge_chime_exhaustive = 0;
                cases++;
                if (rf == rs && (rf != 0 || (fast.i_day == slow.i_day && fast.n == slow.n &&
                    memcmp(fast.census_hospitalized, slow.census_hospitalized,
                           fast.n * sizeof(double)) == 0 &&
                    memcmp(fast.census_icu, slow.census_icu, fast.n * sizeof(double)) == 0)))
                    same++;
                else
                    fprintf(stderr, "  doubling %g current %g mitigation %d: i_day %d vs %d\n",
                            doubling[a], current[b], mitigation[c], rf ? -1 : fast.i_day,
                            rs ? -1 : slow.i_day);
                if (rf == 0)
                    klar_chime_result_free(&fast);
                if (rs == 0)
                    klar_chime_result_free(&slow);
            }
    CHECK(same == cases);
}

int main(void)
{
    RUN(test_default_settings_match_golden);
    RUN(test_shared_search_equals_exhaustive);
    RUN(test_every_golden_case_row_by_row);
    RUN(test_unfloored_values_agree);
    RUN(test_errors_name_file_and_line);
    RUN(test_error_with_nul_and_junk_bytes);
    RUN(test_format_variants_give_the_default_result);
    RUN(test_hand_filled_params_are_checked);
    RUN(test_dates);
    RUN(test_census_is_admissions_within_the_stay);
    RUN(test_write_csv_floors);
    RUN(test_fit_failures_are_reported);
    RUN(test_load_names_a_missing_file);
    RUN(test_reference_reproduces_golden_files);
    return test_finish();
}
