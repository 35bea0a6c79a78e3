/* test_nowcast.c - the nowcast: census CSV files read (and refused with file and line), an
 * epidemic made by klar's own engine with known parameters recovered from its first three
 * weeks of census (doubling time within 10 %, peak day within 3 days), Norway's spring 2020
 * national hospital census fitted as on 20 March 2020 with the real peak (325 on 1 April),
 * and every day up to it, inside the 5-95 % band, the same bands at 1 and 2 threads, bad options named. */
#include "test.h"

#include "klar/datadir.h"
#include "klar/date.h"
#include "klar/nowcast.h"

#define CENSUS_2020 "tests/data/no_covid_spring2020_census.csv"

static char dir[512];

static long long day_of(const char *s)
{
    long long d = 0;
    CHECK(klar_date_parse(s, &d) == 0);
    return d;
}

static const char *write_file(const char *name, const char *text)
{
    static char path[600];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "w");
    CHECK(f != NULL);
    if (f) {
        fputs(text, f);
        fclose(f);
    }
    return path;
}

static void test_reads_the_spring_2020_fixture(void)
{
    klar_census c;
    klar_error err;
    CHECK(klar_census_read_csv(CENSUS_2020, &c, &err) == 0);
    if (!c.n)
        return;
    CHECK(c.first == day_of("2020-03-01"));
    CHECK(c.n == 76);                                   /* 1 March .. 15 May */
    CHECK(isnan(c.hospital[0]));                        /* not published before 8 March */
    CHECK(c.hospital[day_of("2020-03-19") - c.first] == 102);
    CHECK(c.hospital[day_of("2020-04-01") - c.first] == 325);
    CHECK(isnan(c.icu[day_of("2020-03-20") - c.first]));
    CHECK(c.icu[day_of("2020-04-07") - c.first] == 101);
    klar_census_free(&c);
}

static void expect_refused(const char *name, const char *text, const char *words)
{
    klar_census c;
    klar_error err;
    const char *path = write_file(name, text);
    CHECK(klar_census_read_csv(path, &c, &err) == -1);
    CHECK(strstr(err.message, path) != NULL);
    if (!strstr(err.message, words))
        fprintf(stderr, "  %s: message '%s' lacks '%s'\n", name, err.message, words);
    CHECK(strstr(err.message, words) != NULL);
}

static void test_bad_census_files_are_refused_with_their_line(void)
{
    expect_refused("nohosp.csv", "date,icu_census_patients\n2020-03-01,1\n",
                   "hospital_census_patients");
    expect_refused("baddate.csv", "date,hospital_census_patients\n2020-03-01,1\n2020-02-30,2\n",
                   ":3: date: '2020-02-30'");
    expect_refused("order.csv", "date,hospital_census_patients\n2020-03-02,1\n2020-03-01,2\n",
                   ":3: date: 2020-03-01 comes after");
    expect_refused("neg.csv", "# a comment\ndate,hospital_census_patients\n2020-03-01,-4\n",
                   ":3: hospital_census_patients: '-4'");
    expect_refused("empty.csv", "date,hospital_census_patients\n", "no days");
    expect_refused("short.csv", "hospital_census_patients,x,date\n5,1\n", ":2: 2 fields");
    expect_refused("quote.csv", "date,hospital_census_patients\n\"2020-03-01,1\n", ":2:");
}

/* A national epidemic of known doubling time and size, no measures, no uncertain parameters. */
static int synthetic_params(klar_surge_params *p, double doubling_time)
{
    klar_error err;
    if (klar_surge_load("scenarios/influenza-moderate.ini", klar_datadir(), "NO", p, &err) != 0) {
        fprintf(stderr, "  %s\n", err.message);
        return -1;
    }
    p->n_uncertain = 0;
    p->epi.n_measures = 0;
    p->epi.doubling_time = doubling_time;
    p->epi.initial_infected_per_100k = 0.5;
    p->days = 200;
    p->start_date[0] = '\0';
    return 0;
}

/* The census of a binomial-chain run of truth as reported, from day 0 = day number 20000;
 * *first the day it first reaches 50 patients (before that, a chain's census of a handful of
 * patients says more about chance than about growth), *peak its highest day. */
static int census_of(const klar_surge_params *truth, klar_census *c, int *first, int *peak)
{
    klar_surge_result r;
    klar_error err;
    if (klar_surge_run(truth, 1, 42, &r, &err) != 0 ||
        klar_census_init(c, 20000, truth->days + 1, &err) != 0) {
        fprintf(stderr, "  %s\n", err.message);
        return -1;
    }
    *first = -1;
    *peak = 0;
    for (int d = 0; d <= truth->days; d++) {
        c->hospital[d] = r.series[KLAR_SURGE_CENSUS_WARD][d] + r.series[KLAR_SURGE_CENSUS_ICU][d];
        c->icu[d] = r.series[KLAR_SURGE_CENSUS_ICU][d];
        if (*first < 0 && c->hospital[d] >= 50)
            *first = d;
        if (c->hospital[d] > c->hospital[*peak])
            *peak = d;
    }
    klar_surge_result_free(&r);
    return 0;
}

static void test_recovers_a_synthetic_epidemic_from_three_weeks(void)
{
    static const double doubling[] = {3.0, 5.0};
    for (size_t t = 0; t < sizeof doubling / sizeof doubling[0]; t++) {
        klar_surge_params truth, guess;
        klar_census c;
        klar_error err;
        int first, true_peak;
        if (synthetic_params(&truth, doubling[t]) != 0 ||
            census_of(&truth, &c, &first, &true_peak) != 0) {
            CHECK(0);
            return;
        }
        guess = truth;
        guess.epi.doubling_time = 10;      /* fitted, so the guess does not matter */
        guess.epi.initial_infected_per_100k = 7;
        klar_nowcast_options o = {.from = c.first + first, .to = c.first + first + 20,
                                  .day0 = c.first, .horizon_days = 56, .draws = 100,
                                  .seed = 5, .threads = 2};
        klar_nowcast nc;
        CHECK(klar_nowcast_run(&guess, &c, &o, &nc, &err) == 0);
        if (!nc.hospital.p50) {
            fprintf(stderr, "  %s\n", err.message);
            klar_census_free(&c);
            continue;
        }
        fprintf(stderr, "  doubling %g: fitted %.3f (%.3f-%.3f) days; peak day %d, nowcast "
                "%.1f (%.1f-%.1f), first census day %d\n", doubling[t], nc.doubling_time[1],
                nc.doubling_time[0], nc.doubling_time[2], true_peak, nc.peak_day_hospital[1],
                nc.peak_day_hospital[0], nc.peak_day_hospital[2], first);
        CHECK(fabs(nc.doubling_time[1] / doubling[t] - 1) <= 0.10);
        CHECK(nc.doubling_time[0] <= doubling[t] * 1.1 && nc.doubling_time[2] >= doubling[t] / 1.1);
        CHECK(true_peak <= nc.days);                    /* the peak lies within the horizon */
        CHECK(fabs(nc.peak_day_hospital[1] - true_peak) <= 3);
        CHECK(nc.n_hospital == 21 && nc.n_icu == 21);
        klar_nowcast_free(&nc);
        klar_census_free(&c);
    }
}

static int spring_2020(klar_surge_params *p, klar_census *c, klar_nowcast_options *o,
                       const char *to)
{
    klar_error err;
    if (klar_surge_load("scenarios/covid19-2020.ini", klar_datadir(), "NO", p, &err) != 0 ||
        klar_census_read_csv(CENSUS_2020, c, &err) != 0) {
        fprintf(stderr, "  %s\n", err.message);
        return -1;
    }
    memset(o, 0, sizeof *o);
    o->from = day_of("2020-03-08");        /* the first day of Helsedirektoratet's series */
    o->to = day_of(to);
    o->horizon_days = 42;
    o->draws = 200;
    o->seed = 2020;
    o->threads = 2;
    CHECK(klar_nowcast_day0(p, o->from, &o->day0, &err) == 0);
    CHECK(o->day0 == day_of("2020-02-20"));   /* the scenario's start_date */
    return 0;
}

static void test_norway_20_march_2020_band_holds_the_real_peak(void)
{
    klar_surge_params p;
    klar_census c;
    klar_nowcast_options o;
    klar_nowcast nc;
    klar_error err;
    if (spring_2020(&p, &c, &o, "2020-03-20") != 0) {
        CHECK(0);
        return;
    }
    CHECK(klar_nowcast_run(&p, &c, &o, &nc, &err) == 0);
    if (nc.hospital.p50) {
        int peak = (int)(day_of("2020-04-01") - nc.day0);
        fprintf(stderr, "  20 March 2020: doubling %.2f (%.2f-%.2f) days; peak %.0f (%.0f-%.0f) "
                "patients; on 1 April %.0f (%.0f-%.0f), real 325\n", nc.doubling_time[1],
                nc.doubling_time[0], nc.doubling_time[2], nc.peak_hospital[1],
                nc.peak_hospital[0], nc.peak_hospital[2], nc.hospital.p50[peak],
                nc.hospital.p5[peak], nc.hospital.p95[peak]);
        CHECK(nc.n_hospital == 13 && nc.n_icu == 0);
        CHECK(nc.hospital.p5[peak] <= 325 && 325 <= nc.hospital.p95[peak]);
        /* every reported day after the fit up to the peak lies in the band too */
        for (long long d = day_of("2020-03-21"); d <= day_of("2020-04-01"); d++) {
            double seen = c.hospital[d - c.first];
            int m = (int)(d - nc.day0);
            if (!(nc.hospital.p5[m] <= seen && seen <= nc.hospital.p95[m]))
                fprintf(stderr, "  day %d: %.0f outside %.0f-%.0f\n", m, seen,
                        nc.hospital.p5[m], nc.hospital.p95[m]);
            CHECK(nc.hospital.p5[m] <= seen && seen <= nc.hospital.p95[m]);
        }
        /* and the days fitted lie in the band: 102 on 19 March, 130 on 20 March */
        int d19 = (int)(day_of("2020-03-19") - nc.day0);
        CHECK(nc.hospital.p5[d19] <= 102 * 1.15 && 102 / 1.15 <= nc.hospital.p95[d19]);
        CHECK(nc.hospital.p5[d19 + 1] <= 130 * 1.15 && 130 / 1.15 <= nc.hospital.p95[d19 + 1]);
        CHECK(nc.days == nc.last_day + 42);
    } else {
        fprintf(stderr, "  %s\n", err.message);
    }
    klar_nowcast_free(&nc);
    klar_census_free(&c);
}

/* Read as the reproduction number they leave, the measures of 12 March stop the growth the
 * fit found: the infections of 20 March grow less than when the measures scale contacts. */
static void test_measures_read_as_reproduction_number(void)
{
    klar_surge_params p;
    klar_census c;
    klar_nowcast_options o;
    klar_nowcast a, b;
    klar_error err;
    if (spring_2020(&p, &c, &o, "2020-03-20") != 0) {
        CHECK(0);
        return;
    }
    o.draws = 40;
    CHECK(klar_nowcast_run(&p, &c, &o, &a, &err) == 0);
    o.measures_keep_r = 1;
    CHECK(klar_nowcast_run(&p, &c, &o, &b, &err) == 0);
    CHECK(b.growth_now[1] < a.growth_now[1]);
    CHECK(b.peak_hospital[1] < a.peak_hospital[1]);
    klar_nowcast_free(&a);
    klar_nowcast_free(&b);
    klar_census_free(&c);
}

static void test_same_bands_at_1_and_2_threads(void)
{
    klar_surge_params p;
    klar_census c;
    klar_nowcast_options o;
    klar_nowcast a, b;
    klar_error err;
    if (spring_2020(&p, &c, &o, "2020-03-25") != 0) {
        CHECK(0);
        return;
    }
    o.draws = 30;
    o.threads = 1;
    CHECK(klar_nowcast_run(&p, &c, &o, &a, &err) == 0);
    o.threads = 2;
    CHECK(klar_nowcast_run(&p, &c, &o, &b, &err) == 0);
    if (a.hospital.p50 && b.hospital.p50) {
        size_t bytes = (size_t)(a.days + 1) * sizeof(double);
        CHECK(memcmp(a.hospital.p5, b.hospital.p5, bytes) == 0);
        CHECK(memcmp(a.icu.p95, b.icu.p95, bytes) == 0);
        CHECK(a.doubling_time[1] == b.doubling_time[1]);
    }
    klar_nowcast_free(&a);
    klar_nowcast_free(&b);
    klar_census_free(&c);
}

static void test_bad_options_name_their_field(void)
{
    klar_surge_params p;
    klar_census c;
    klar_nowcast_options o;
    klar_nowcast nc;
    klar_error err;
    if (spring_2020(&p, &c, &o, "2020-03-20") != 0) {
        CHECK(0);
        return;
    }
    static const struct {
        long long from_shift, to_shift;
        int horizon, draws;
        const char *field;
    } bad[] = {
        {-30, 0, 42, 200, "from"}, {0, 80, 42, 200, "to"}, {0, -20, 42, 200, "to"},
        {0, 0, 6, 200, "horizon_days"}, {0, 0, 57, 200, "horizon_days"},
        {0, 0, 42, 9, "draws"}, {-7, -10, 42, 200, "census"},   /* 1-3 March: nothing reported */
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        klar_nowcast_options b = o;
        b.from += bad[i].from_shift;
        b.to += bad[i].to_shift;
        b.day0 = b.from - 21;
        b.horizon_days = bad[i].horizon;
        b.draws = bad[i].draws;
        CHECK(klar_nowcast_run(&p, &c, &b, &nc, &err) == -1);
        CHECK(strcmp(err.field, bad[i].field) == 0);
        CHECK(err.code == KLAR_ERR_INVALID);
    }
    long long day0;
    CHECK(klar_nowcast_day0(&p, day_of("2020-02-01"), &day0, &err) == -1);
    CHECK(strcmp(err.field, "from") == 0);
    klar_census_free(&c);
}

int main(void)
{
    snprintf(dir, sizeof dir, "/tmp/klar-nowcast-%d", (int)getpid());
    mkdir(dir, 0700);
    RUN(test_reads_the_spring_2020_fixture);
    RUN(test_bad_census_files_are_refused_with_their_line);
    RUN(test_recovers_a_synthetic_epidemic_from_three_weeks);
    RUN(test_norway_20_march_2020_band_holds_the_real_peak);
    RUN(test_measures_read_as_reproduction_number);
    RUN(test_same_bands_at_1_and_2_threads);
    RUN(test_bad_options_name_their_field);
    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd) != 0)
        fprintf(stderr, "could not remove %s\n", dir);
    return test_finish();
}
