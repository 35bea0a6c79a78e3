/* test_population.c - the cohort-component projection: conservation and accounting in one step,
 * the default assumptions (TFR, life expectancy, migration), the observed baseline (2022 as
 * observed, 2010 scaled to the official total), regions adding up to the nation, a plausible
 * 2050, speed, and malformed assumption files refused with file:line messages. */
#include "test.h"

#include "klar/datadir.h"
#include "klar/population.h"

#include <time.h>
#include <unistd.h>

/* ---------- helpers ---------- */

/* Assumptions where nothing happens: no deaths, births or migration. */
static klar_pop_assumptions still_assumptions(void)
{
    klar_pop_assumptions a;
    memset(&a, 0, sizeof a);
    a.share_boys = 0.5;
    a.fertility_scale = 1.0;
    a.migration_scale = 1.0;
    return a;
}

/* A pyramid of whole persons that differ by age and sex, so sums are exact. */
static klar_pyramid integer_pyramid(void)
{
    klar_pyramid p;
    for (int s = 0; s < 2; s++)
        for (int age = 0; age < KLAR_AGES; age++)
            p.persons[s][age] = (double)(1000 + 37 * age + 11 * s + (age % 7) * 101);
    return p;
}

static int load_defaults(klar_pop_assumptions *a)
{
    klar_error err;
    if (klar_pop_assumptions_load(klar_datadir(), a, &err) != 0) {
        fprintf(stderr, "cannot load default assumptions: %s\n", err.message);
        return -1;
    }
    return 0;
}

static double sex_total(const klar_pyramid *p, int s)
{
    double t = 0.0;
    for (int age = 0; age < KLAR_AGES; age++)
        t += p->persons[s][age];
    return t;
}

/* ---------- one step ---------- */

static void test_pure_ageing_conserves_persons(void)
{
    klar_pop_assumptions a = still_assumptions();
    klar_pyramid start = integer_pyramid(), end;
    klar_pop_flows f;
    klar_pop_step(&start, 0, &a, 1.0, &end, &f);
    CHECK(klar_pyramid_total(&end) == klar_pyramid_total(&start));
    for (int s = 0; s < 2; s++) {
        CHECK(end.persons[s][0] == 0.0);
        for (int age = 1; age < KLAR_MAX_AGE; age++)
            CHECK(end.persons[s][age] == start.persons[s][age - 1]);
        CHECK(end.persons[s][KLAR_MAX_AGE] ==
              start.persons[s][KLAR_MAX_AGE - 1] + start.persons[s][KLAR_MAX_AGE]);
        CHECK(f.births[s] == 0.0 && f.deaths[s] == 0.0 && f.net_migration[s] == 0.0);
    }
}

static void test_open_group_accumulates(void)
{
    klar_pop_assumptions a = still_assumptions();
    klar_pyramid p;
    memset(&p, 0, sizeof p);
    p.persons[KLAR_FEMALE][100] = 5.0;
    p.persons[KLAR_FEMALE][KLAR_MAX_AGE] = 3.0;
    klar_pyramid out[12];
    klar_pop_project(&p, 2022, 2033, &a, 1.0, out);
    CHECK(out[4].persons[KLAR_FEMALE][104] == 5.0);
    CHECK(out[4].persons[KLAR_FEMALE][KLAR_MAX_AGE] == 3.0);
    CHECK(out[5].persons[KLAR_FEMALE][KLAR_MAX_AGE] == 8.0);
    CHECK(out[11].persons[KLAR_FEMALE][KLAR_MAX_AGE] == 8.0);
    CHECK(klar_pyramid_total(&out[11]) == 8.0);
}

static void check_identity(const klar_pyramid *before, const klar_pyramid *after, const klar_pop_flows *f)
{
    for (int s = 0; s < 2; s++) {
        double expect = sex_total(before, s) - f->deaths[s] + f->births[s] + f->net_migration[s];
        CHECK_NEAR(sex_total(after, s), expect, 1e-9 * sex_total(before, s));
    }
}

static void test_accounting_identity_every_year(void)
{
    klar_pop_assumptions a;
    if (load_defaults(&a) != 0) {
        CHECK(0);
        return;
    }
    klar_pyramid cur = integer_pyramid(), next;
    for (int i = 0; i < 40; i++) {
        klar_pop_flows f;
        klar_pop_step(&cur, i, &a, 0.3, &next, &f);
        check_identity(&cur, &next, &f);
        CHECK(f.births[KLAR_MALE] > 0.0 && f.deaths[KLAR_FEMALE] > 0.0);
        CHECK_NEAR(f.births[KLAR_MALE] / (f.births[KLAR_MALE] + f.births[KLAR_FEMALE]), a.share_boys, 1e-12);
        CHECK_NEAR(f.net_migration[KLAR_MALE] + f.net_migration[KLAR_FEMALE],
                   0.3 * klar_pop_assumptions_net_migration(&a), 1e-6);
        cur = next;
    }
}

static void test_zero_fertility_gives_zero_births(void)
{
    klar_pop_assumptions a;
    if (load_defaults(&a) != 0) {
        CHECK(0);
        return;
    }
    a.fertility_scale = 0.0;
    klar_pyramid start = integer_pyramid(), end;
    klar_pop_flows f;
    klar_pop_step(&start, 0, &a, 1.0, &end, &f);
    CHECK(f.births[KLAR_MALE] == 0.0 && f.births[KLAR_FEMALE] == 0.0);
    CHECK(end.persons[KLAR_MALE][0] == a.net_migration[KLAR_MALE][0]);
    check_identity(&start, &end, &f);
    a.fertility_scale = 1.0;
    memset(a.fertility, 0, sizeof a.fertility);
    a.migration_scale = 0.0;
    klar_pop_step(&start, 0, &a, 1.0, &end, &f);
    CHECK(f.births[KLAR_FEMALE] == 0.0 && end.persons[KLAR_FEMALE][0] == 0.0);
}

static void test_births_use_mean_of_start_and_end_exposure(void)
{
    klar_pop_assumptions a = still_assumptions();
    a.fertility[30] = 0.1;
    klar_pyramid p;
    memset(&p, 0, sizeof p);
    p.persons[KLAR_FEMALE][29] = 1000.0; /* aged 30 at the end of the year */
    p.persons[KLAR_FEMALE][30] = 3000.0; /* aged 30 at the start */
    klar_pyramid end;
    klar_pop_flows f;
    klar_pop_step(&p, 0, &a, 1.0, &end, &f);
    CHECK_NEAR(f.births[KLAR_MALE] + f.births[KLAR_FEMALE], 0.1 * 0.5 * (3000.0 + 1000.0), 1e-9);
}

static void test_never_negative_persons(void)
{
    klar_pop_assumptions a = still_assumptions();
    a.net_migration[KLAR_MALE][40] = -5000.0;    /* more than the cohort */
    a.net_migration[KLAR_FEMALE][0] = -1.0e6;
    klar_pyramid start = integer_pyramid(), end;
    klar_pop_flows f;
    klar_pop_step(&start, 0, &a, 1.0, &end, &f);
    for (int s = 0; s < 2; s++)
        for (int age = 0; age < KLAR_AGES; age++)
            CHECK(end.persons[s][age] >= 0.0);
    CHECK(end.persons[KLAR_MALE][40] == 0.0);
    CHECK_NEAR(f.unmet_emigration[KLAR_MALE], 5000.0 - start.persons[KLAR_MALE][39], 1e-9);
    CHECK(f.unmet_emigration[KLAR_FEMALE] == 1.0e6);
    check_identity(&start, &end, &f);
}

static void test_mortality_improvement_compounds(void)
{
    klar_pop_assumptions a;
    if (load_defaults(&a) != 0) {
        CHECK(0);
        return;
    }
    a.mortality_improvement = 0.02;
    a.fertility_scale = 0.0; /* births would depend on the deaths among women */
    klar_pyramid start = integer_pyramid(), end;
    klar_pop_flows f0, f10;
    klar_pop_step(&start, 0, &a, 1.0, &end, &f0);
    klar_pop_step(&start, 10, &a, 1.0, &end, &f10);
    CHECK_NEAR(f10.deaths[KLAR_MALE] / f0.deaths[KLAR_MALE], pow(0.98, 10), 1e-12);
}

static void test_project_repeats_steps(void)
{
    klar_pop_assumptions a;
    if (load_defaults(&a) != 0) {
        CHECK(0);
        return;
    }
    klar_pyramid base = integer_pyramid(), out[6], cur = base, next;
    klar_pop_project(&base, 2022, 2027, &a, 0.1, out);
    CHECK(memcmp(&out[0], &base, sizeof base) == 0);
    for (int i = 1; i < 6; i++) {
        klar_pop_step(&cur, i - 1, &a, 0.1, &next, NULL);
        CHECK(memcmp(&out[i], &next, sizeof next) == 0);
        cur = next;
    }
}

/* ---------- default assumptions ---------- */

static void test_default_life_expectancy(void)
{
    klar_pop_assumptions a;
    if (load_defaults(&a) != 0) {
        CHECK(0);
        return;
    }
    CHECK_NEAR(klar_life_expectancy(a.death_prob[KLAR_MALE]), 81.0, 0.3);
    CHECK_NEAR(klar_life_expectancy(a.death_prob[KLAR_FEMALE]), 84.4, 0.3);
    double none[KLAR_AGES] = {0}, all[KLAR_AGES];
    none[KLAR_MAX_AGE] = 1.0;
    for (int age = 0; age < KLAR_AGES; age++)
        all[age] = 1.0;
    CHECK_NEAR(klar_life_expectancy(none), KLAR_MAX_AGE + 0.5, 1e-12);
    CHECK_NEAR(klar_life_expectancy(all), 0.1, 1e-12);
}

static void test_default_levels(void)
{
    klar_pop_assumptions a;
    if (load_defaults(&a) != 0) {
        CHECK(0);
        return;
    }
    CHECK_NEAR(klar_pop_assumptions_tfr(&a), 1.41, 0.005);
    CHECK_NEAR(klar_pop_assumptions_net_migration(&a), 20000.0, 200.0);
    double men = 0.0;
    for (int age = 0; age < KLAR_AGES; age++)
        men += a.net_migration[KLAR_MALE][age];
    CHECK_NEAR(men / klar_pop_assumptions_net_migration(&a), 0.52, 0.01);
    CHECK_NEAR(a.share_boys, 0.514, 1e-12);
    CHECK(a.mortality_improvement > 0.0 && a.mortality_improvement < 0.03);
    CHECK(a.fertility_scale == 1.0 && a.migration_scale == 1.0);
    for (int age = 0; age < 15; age++)
        CHECK(a.fertility[age] == 0.0);
}

/* ---------- the observed baseline and regions ---------- */

static klar_popbase *load_base(void)
{
    klar_error err;
    klar_popbase *pb = klar_popbase_load(klar_datadir(), &err);
    if (!pb)
        fprintf(stderr, "cannot load the baseline: %s\n", err.message);
    return pb;
}

static void test_base_year_is_observed(void)
{
    klar_popbase *pb = load_base();
    CHECK(pb != NULL);
    if (!pb)
        return;
    CHECK(klar_popbase_last_year(pb) == 2022);
    CHECK(klar_popbase_first_year(pb) == 2005);
    klar_region no = klar_region_nation();
    klar_pyramid p;
    klar_error err;
    CHECK(klar_popbase_pyramid(pb, &no, 2022, &p, &err) == 0);
    CHECK_NEAR(klar_pyramid_total(&p), 5425270.0, 0.5);
    CHECK(klar_popbase_scale(pb, 2022) == 1.0);
    CHECK(klar_popbase_sex_source_year(pb, 2022) == 2022);
    CHECK(sex_total(&p, KLAR_MALE) > 2.7e6 && sex_total(&p, KLAR_FEMALE) > 2.6e6);
    klar_pyramid out[1];
    klar_pop_assumptions a;
    CHECK(load_defaults(&a) == 0);
    CHECK(klar_pop_project_region(pb, &no, 2022, 2022, &a, out, &err) == 0);
    CHECK(memcmp(&out[0], &p, sizeof p) == 0);
    klar_popbase_free(pb);
}

static void test_old_years_scaled_and_split(void)
{
    klar_popbase *pb = load_base();
    CHECK(pb != NULL);
    if (!pb)
        return;
    klar_region no = klar_region_nation();
    klar_pyramid p;
    klar_error err;
    CHECK(klar_popbase_pyramid(pb, &no, 2010, &p, &err) == 0);
    CHECK_NEAR(klar_pyramid_total(&p), 4858199.0, 1e-3);
    CHECK(klar_popbase_scale(pb, 2010) > 1.0);
    CHECK(klar_popbase_sex_source_year(pb, 2010) == 2020);
    CHECK(klar_popbase_pyramid(pb, &no, 2019, &p, &err) == 0);
    CHECK_NEAR(klar_pyramid_total(&p), 5328212.0, 0.5);
    CHECK(klar_popbase_scale(pb, 2019) == 1.0);
    CHECK(klar_popbase_sex_source_year(pb, 2019) == 2020);
    for (int age = 20; age < 60; age++) /* men and women within a plausible ratio */
        CHECK(p.persons[KLAR_MALE][age] > 0.9 * p.persons[KLAR_FEMALE][age] &&
              p.persons[KLAR_MALE][age] < 1.25 * p.persons[KLAR_FEMALE][age]);
    CHECK(klar_popbase_pyramid(pb, &no, 2004, &p, &err) == -1);
    CHECK(strstr(err.message, "2004") != NULL);
    klar_popbase_free(pb);
}

static void test_rhfs_add_up_to_nation(void)
{
    klar_popbase *pb = load_base();
    klar_pop_assumptions a;
    CHECK(pb != NULL && load_defaults(&a) == 0);
    if (!pb)
        return;
    enum { FROM = 2022, TO = 2050, N = TO - FROM + 1 };
    static klar_pyramid nation[N], rhf[N], sum[N];
    klar_error err;
    klar_region no = klar_region_nation();
    CHECK(klar_pop_project_region(pb, &no, FROM, TO, &a, nation, &err) == 0);
    memset(sum, 0, sizeof sum);
    for (int r = 0; r < KLAR_RHF_COUNT; r++) {
        klar_region reg = klar_region_of_rhf((klar_rhf)r);
        CHECK(klar_pop_project_region(pb, &reg, FROM, TO, &a, rhf, &err) == 0);
        CHECK(klar_pyramid_total(&rhf[N - 1]) > 0.0);
        for (int i = 0; i < N; i++)
            klar_pyramid_add(&sum[i], &rhf[i]);
    }
    int bad = 0;
    for (int i = 0; i < N; i++)
        for (int s = 0; s < 2; s++)
            for (int age = 0; age < KLAR_AGES; age++) {
                double n = nation[i].persons[s][age], m = sum[i].persons[s][age];
                if (fabs(n - m) > 1e-6 * (fabs(n) > 1.0 ? fabs(n) : 1.0))
                    bad++;
            }
    CHECK(bad == 0);
    double total2050 = klar_pyramid_total(&nation[N - 1]);
    printf("national total 2050: %.0f persons (2022: %.0f)\n", total2050, klar_pyramid_total(&nation[0]));
    CHECK(total2050 > 5.6e6 && total2050 < 6.6e6);
    for (int i = 0; i < N; i++)
        for (int s = 0; s < 2; s++)
            for (int age = 0; age < KLAR_AGES; age++)
                CHECK(nation[i].persons[s][age] >= 0.0);
    klar_popbase_free(pb);
}

static void test_region_errors(void)
{
    klar_popbase *pb = load_base();
    klar_pop_assumptions a;
    CHECK(pb != NULL && load_defaults(&a) == 0);
    if (!pb)
        return;
    klar_error err;
    klar_region mun;
    klar_pyramid out[3];
    CHECK(klar_region_parse(klar_popbase_geo(pb), "4601", &mun, &err) == 0);
    CHECK(klar_pop_project_region(pb, &mun, 2022, 2024, &a, out, &err) == -1);
    CHECK(strstr(err.message, "county") != NULL && strstr(err.message, "46") != NULL);
    klar_region no = klar_region_nation();
    CHECK(klar_pop_project_region(pb, &no, 2023, 2025, &a, out, &err) == -1);
    CHECK(strstr(err.message, "2023") != NULL);
    CHECK(klar_pop_project_region(pb, &no, 2022, 2021, &a, out, &err) == -1);
    klar_region county;
    CHECK(klar_region_parse(klar_popbase_geo(pb), "46", &county, &err) == 0);
    CHECK(klar_pop_project_region(pb, &county, 2022, 2024, &a, out, &err) == 0);
    CHECK(klar_pyramid_total(&out[0]) > 600000.0 && klar_pyramid_total(&out[0]) < 700000.0);
    klar_popbase_free(pb);
}

static void test_national_projection_is_fast(void)
{
    klar_popbase *pb = load_base();
    klar_pop_assumptions a;
    CHECK(pb != NULL && load_defaults(&a) == 0);
    if (!pb)
        return;
    static klar_pyramid out[29];
    klar_region no = klar_region_nation();
    klar_error err;
    enum { RUNS = 200 };
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    for (int r = 0; r < RUNS; r++)
        CHECK(klar_pop_project_region(pb, &no, 2022, 2050, &a, out, &err) == 0);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    double ms = ((double)(t1.tv_sec - t0.tv_sec) * 1e3 + (double)(t1.tv_nsec - t0.tv_nsec) / 1e6) / RUNS;
    printf("national projection 2022-2050: %.3f ms each\n", ms);
    CHECK(ms < 20.0); /* generous so sanitizer builds pass; about 0.1 ms optimised */
    klar_popbase_free(pb);
}

/* ---------- malformed assumption files ---------- */

static char tmpdir[256];

/* A profile: header, then ages lo..hi with `value`; `twist_age` gets `twist` instead of its
 * whole row ("" leaves that age out). */
static void write_profile(const char *name, const char *header, int lo, int hi, const char *value,
                          int twist_age, const char *twist)
{
    static char buf[16384];
    size_t n = (size_t)snprintf(buf, sizeof buf, "# test file\n%s\n", header);
    for (int age = lo; age <= hi && n < sizeof buf; age++) {
        if (age == twist_age)
            n += (size_t)snprintf(buf + n, sizeof buf - n, "%s%s", twist, *twist ? "\n" : "");
        else
            n += (size_t)snprintf(buf + n, sizeof buf - n, "%d,%s\n", age, value);
    }
    test_write_file(tmpdir, name, buf);
}

static const char *good_scalars =
    "parameter,value,basis\nshare_boys,0.514,x\nmortality_improvement,0.01,x\n"
    "fertility_scale,1,x\nmigration_scale,1,x\n";

static void write_good_files(void)
{
    write_profile("fertility.csv", "age,births_per_woman", 15, 49, "0.04", -1, "");
    write_profile("mortality.csv", "age,male,female", 0, KLAR_MAX_AGE, "0.01,0.008", -1, "");
    write_profile("migration.csv", "age,male,female", 0, KLAR_MAX_AGE, "10,9.5", -1, "");
    test_write_file(tmpdir, "assumptions.csv", good_scalars);
}

/* Loads tmpdir and checks it fails with a message holding `where` and `why`. */
static void expect_rejected(const char *where, const char *why)
{
    klar_pop_assumptions a;
    memset(&a, 0x5a, sizeof a);
    klar_pop_assumptions before = a;
    klar_error err;
    klar_error_clear(&err);
    int rc = klar_pop_assumptions_load_dir(tmpdir, &a, &err);
    CHECK(rc == -1);
    CHECK(memcmp(&a, &before, sizeof a) == 0);
    if (rc == 0 || !strstr(err.message, where) || !strstr(err.message, why)) {
        fprintf(stderr, "  expected '%s' ... '%s', got: %s\n", where, why, err.message);
        CHECK(0);
    }
    write_good_files();
}

static void test_malformed_assumptions_rejected(void)
{
    snprintf(tmpdir, sizeof tmpdir, "/tmp/klar-test-pop-XXXXXX");
    if (!mkdtemp(tmpdir)) {
        CHECK(0);
        return;
    }
    write_good_files();
    klar_pop_assumptions a;
    klar_error err;
    CHECK(klar_pop_assumptions_load_dir(tmpdir, &a, &err) == 0);
    CHECK_NEAR(klar_pop_assumptions_tfr(&a), 35 * 0.04, 1e-12);
    CHECK(a.death_prob[KLAR_FEMALE][50] == 0.008 && a.net_migration[KLAR_FEMALE][3] == 9.5);

    /* line of age a in a profile starting at lo: comment, header, then one row per age */
    write_profile("fertility.csv", "age,births_per_woman", 15, 49, "0.04", 30, "");
    expect_rejected("fertility.csv", "age 30 is missing");
    write_profile("fertility.csv", "age,births_per_woman", 15, 49, "0.04", 20, "20,-0.01");
    expect_rejected("fertility.csv:8:", "not from 0 to 1");
    write_profile("fertility.csv", "age,births_per_woman", 15, 49, "0.04", 20, "20,abc");
    expect_rejected("fertility.csv:8:", "is not a number");
    write_profile("fertility.csv", "age,births", 15, 49, "0.04", -1, "");
    expect_rejected("fertility.csv:2:", "expected the header");
    write_profile("mortality.csv", "age,male,female", 0, KLAR_MAX_AGE, "0.01,0.008", 70, "70,1.2,0.01");
    expect_rejected("mortality.csv:73:", "probability");
    write_profile("mortality.csv", "age,male,female", 0, KLAR_MAX_AGE, "0.01,0.008", 70, "70,0.01");
    expect_rejected("mortality.csv:73:", "expected 3 fields");
    write_profile("mortality.csv", "age,male,female", 0, KLAR_MAX_AGE, "0.01,0.008", 105, "105,0.5,0");
    expect_rejected("mortality.csv:108:", "open group");
    write_profile("mortality.csv", "age,male,female", 0, KLAR_MAX_AGE, "0.01,0.008", 9, "");
    expect_rejected("mortality.csv", "age 9 is missing");
    write_profile("migration.csv", "age,male,female", 0, KLAR_MAX_AGE, "10,9.5", 12, "11,1,1");
    expect_rejected("migration.csv:15:", "appears twice");
    write_profile("migration.csv", "age,male,female", 0, KLAR_MAX_AGE, "10,9.5", 12, "12,1,1,1");
    expect_rejected("migration.csv:15:", "expected 3 fields");
    write_profile("migration.csv", "age,male,female", 0, KLAR_MAX_AGE, "10,9.5", 12, "x12,1,1");
    expect_rejected("migration.csv:15:", "not a whole number");
    test_write_file(tmpdir, "assumptions.csv", "parameter,value\nshare_boys,1.5\n");
    expect_rejected("assumptions.csv:2:", "share_boys");
    test_write_file(tmpdir, "assumptions.csv", "parameter,value\nshare_boys,0.5\nshare_girls,0.5\n");
    expect_rejected("assumptions.csv:3:", "unknown parameter");
    test_write_file(tmpdir, "assumptions.csv", "parameter,value\nshare_boys,0.5\nfertility_scale,-1\n");
    expect_rejected("assumptions.csv:3:", "fertility_scale");
    test_write_file(tmpdir, "assumptions.csv", "parameter,value\nshare_boys,0.5\n");
    expect_rejected("assumptions.csv", "mortality_improvement is missing");
    test_write_file(tmpdir, "assumptions.csv", "");
    expect_rejected("assumptions.csv", "empty file");
    char path[512];
    snprintf(path, sizeof path, "%s/assumptions.csv", tmpdir);
    unlink(path);
    expect_rejected("assumptions.csv", "cannot open");

    const char *names[] = {"fertility.csv", "mortality.csv", "migration.csv", "assumptions.csv"};
    for (size_t i = 0; i < 4; i++) {
        snprintf(path, sizeof path, "%s/%s", tmpdir, names[i]);
        unlink(path);
    }
    rmdir(tmpdir);
}

int main(void)
{
    RUN(test_pure_ageing_conserves_persons);
    RUN(test_open_group_accumulates);
    RUN(test_accounting_identity_every_year);
    RUN(test_zero_fertility_gives_zero_births);
    RUN(test_births_use_mean_of_start_and_end_exposure);
    RUN(test_never_negative_persons);
    RUN(test_mortality_improvement_compounds);
    RUN(test_project_repeats_steps);
    RUN(test_default_life_expectancy);
    RUN(test_default_levels);
    RUN(test_base_year_is_observed);
    RUN(test_old_years_scaled_and_split);
    RUN(test_rhfs_add_up_to_nation);
    RUN(test_region_errors);
    RUN(test_national_projection_is_fast);
    RUN(test_malformed_assumptions_rejected);
    return test_finish();
}
