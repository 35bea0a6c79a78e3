/* test_surge.c - the surge engine on hand-built parameters: no one lost in any step, no
 * infection no admissions, the final size of an epidemic against the final-size equation,
 * early growth against the doubling time, the stochastic mean against the deterministic run,
 * Monte Carlo bands the same at 1 and 2 threads, stocks never negative with the stock-out day
 * of a hand-computed case, capacity and reserves by hand, measures and vaccination moving the
 * epidemic the right way. */
#include "test.h"

#include "klar/surge.h"

#define G KLAR_SURGE_GROUPS

/* A region of `people` spread evenly over the age groups, no capacity, no items. */
static void small_region(klar_surge_params *p, double people)
{
    klar_surge_params_defaults(p);
    p->days = 300;
    for (int g = 0; g < G; g++)
        p->population[g] = people / G;
    p->n_items = 0;
    p->n_uncertain = 0;
    p->vac.enabled = 0;
    p->epi.n_measures = 0;
    memset(p->epi.contacts, 0, sizeof p->epi.contacts);
    for (int g = 0; g < G; g++) {
        p->epi.susceptibility[g] = 1;
        p->epi.immune[g] = 0;
    }
}

static double peak_of(const double *x, int days, int *day)
{
    double best = x[0];
    *day = 0;
    for (int d = 1; d <= days; d++)
        if (x[d] > best) {
            best = x[d];
            *day = d;
        }
    return best;
}

static int run_ok(const klar_surge_params *p, int stochastic, uint64_t seed, klar_surge_result *r)
{
    klar_error err;
    if (klar_surge_run(p, stochastic, seed, r, &err) != 0) {
        fprintf(stderr, "run failed: %s\n", err.message);
        return 0;
    }
    return 1;
}

/* ---------- accounting ---------- */

static void test_defaults_pass_the_check(void)
{
    klar_surge_params p;
    klar_error err;
    klar_surge_params_defaults(&p);
    for (int g = 0; g < G; g++)
        p.population[g] = 1000;
    CHECK(klar_surge_params_check(&p, &err) == 0);
}

static void test_people_conserved_every_day(void)
{
    klar_surge_params p;
    small_region(&p, 90000);
    p.care.hospitalised_scale = 20;    /* many through every hospital stay */
    p.epi.initial_infected_per_100k = 50;   /* no early extinction in the stochastic run */
    for (int stochastic = 0; stochastic <= 1; stochastic++) {
        klar_surge_result r;
        if (!run_ok(&p, stochastic, 7, &r)) {
            CHECK(0);
            continue;
        }
        int bad = 0;
        for (int d = 0; d <= r.days; d++)
            bad += fabs(r.people[d] - 90000) > (stochastic ? 0 : 1e-6);
        CHECK(bad == 0);
        CHECK(r.summary.admissions > 100);
        CHECK(r.summary.icu_admissions > 10);
        CHECK(r.summary.deaths > 0);
        klar_surge_result_free(&r);
    }
}

static void test_no_infection_no_admissions(void)
{
    klar_surge_params p;
    small_region(&p, 500000);
    p.epi.initial_infected_per_100k = 0;
    for (int stochastic = 0; stochastic <= 1; stochastic++) {
        klar_surge_result r;
        if (!run_ok(&p, stochastic, 3, &r)) {
            CHECK(0);
            continue;
        }
        CHECK(r.summary.infections == 0);
        CHECK(r.summary.admissions == 0);
        CHECK(r.summary.peak_census_icu == 0);
        CHECK(r.summary.deaths == 0);
        klar_surge_result_free(&r);
    }
}

/* ---------- transmission ---------- */

/* Final size z = 1 - exp(-R0 z) holds exactly for daily infection probabilities 1 - e^-lambda
 * when everyone is equally infectious for the same mean time. */
static void test_final_size_equation(void)
{
    klar_surge_params p;
    small_region(&p, 1e6);
    p.days = 1500;
    p.epi.r0 = 2.0;
    p.epi.doubling_time = 0;
    p.epi.initial_infected_per_100k = 1;
    p.care.onset_to_admission = p.epi.infectious;   /* hospital-bound as infectious as others */
    klar_surge_result r;
    if (!run_ok(&p, 0, 0, &r)) {
        CHECK(0);
        return;
    }
    double z = 0.5;
    for (int i = 0; i < 200; i++)
        z = 1 - exp(-2.0 * z);    /* 0.7968 */
    CHECK_NEAR(r.summary.attack_rate, z, 0.002);
    klar_surge_result_free(&r);
}

static void test_early_growth_matches_doubling_time(void)
{
    klar_surge_params p;
    small_region(&p, 5e6);
    p.epi.doubling_time = 4.0;
    p.epi.initial_infected_per_100k = 0.2;
    klar_surge_result r;
    if (!run_ok(&p, 0, 0, &r)) {
        CHECK(0);
        return;
    }
    /* after the start-up transient, infections double every 4 days */
    double growth = r.series[KLAR_SURGE_INFECTIONS][40] / r.series[KLAR_SURGE_INFECTIONS][20];
    CHECK_NEAR(log(growth) / log(2) * 4.0 / 20.0, 1.0, 0.03);
    klar_surge_result_free(&r);
}

/* Groups 0-3 meet only groups 4-8: a periodic contact matrix, on which a plain power
 * iteration would not converge; growth must still match the doubling time. */
static void test_doubling_time_with_bipartite_contacts(void)
{
    klar_surge_params p;
    small_region(&p, 5e9);       /* large, so that depletion does not slow day 60 */
    p.epi.doubling_time = 4.0;
    p.epi.initial_infected_per_100k = 0.0002;
    for (int i = 0; i < G; i++)
        for (int j = 0; j < G; j++)
            p.epi.contacts[i][j] = (i < 4) != (j < 4) ? 2.0 + i + j : 0;
    klar_surge_result r;
    if (!run_ok(&p, 0, 0, &r)) {
        CHECK(0);
        return;
    }
    double growth = r.series[KLAR_SURGE_INFECTIONS][60] / r.series[KLAR_SURGE_INFECTIONS][40];
    CHECK_NEAR(log(growth) / log(2) * 4.0 / 20.0, 1.0, 0.03);
    klar_surge_result_free(&r);
    p.epi.doubling_time = 0.05;
    klar_error err;
    CHECK(klar_surge_params_check(&p, &err) != 0);
    CHECK(test_contains(err.message, "epidemic.doubling_time"));
}

/* More people in a group than a binomial sampler counts in an int: the stochastic run must
 * still follow the deterministic one. */
static void test_huge_population_stochastic(void)
{
    klar_surge_params p;
    small_region(&p, 9 * 5e9);
    p.days = 400;
    p.epi.r0 = 1.5;
    klar_surge_result det, sto;
    if (!run_ok(&p, 0, 0, &det) || !run_ok(&p, 1, 11, &sto)) {
        CHECK(0);
        return;
    }
    CHECK_NEAR(sto.summary.attack_rate, det.summary.attack_rate, 0.01);
    klar_surge_result_free(&det);
    klar_surge_result_free(&sto);
}

/* Fractional doses a day are rounded at random, so a small municipality is vaccinated as
 * fast on average as the deterministic run says. */
static void test_stochastic_vaccination_unbiased(void)
{
    klar_surge_params p;
    small_region(&p, 300);
    p.epi.initial_infected_per_100k = 0;
    p.days = 60;
    p.vac.enabled = 1;
    p.vac.start_day = 0;
    p.vac.doses_per_day_per_100k = 500;     /* 1.5 doses a day */
    p.vac.efficacy = 0.8;
    p.vac.max_coverage = 0.9;
    p.vac.n_priority = G;
    for (int g = 0; g < G; g++)
        p.vac.priority[g] = G - 1 - g;
    klar_surge_result det;
    if (!run_ok(&p, 0, 0, &det)) {
        CHECK(0);
        return;
    }
    double mean = 0;
    for (int i = 0; i < 200; i++) {
        klar_surge_result r;
        if (!run_ok(&p, 1, 500 + (uint64_t)i, &r)) {
            CHECK(0);
            break;
        }
        mean += r.series[KLAR_SURGE_VACCINATED][60] / 200;
        klar_surge_result_free(&r);
    }
    CHECK_NEAR(det.series[KLAR_SURGE_VACCINATED][60], 91.5, 1e-9);
    CHECK_NEAR(mean / 91.5, 1.0, 0.03);
    klar_surge_result_free(&det);
}

static void test_measures_and_vaccination_lower_the_epidemic(void)
{
    klar_surge_params p;
    small_region(&p, 1e6);
    p.epi.r0 = 1.8;
    klar_surge_result base, measured, vaccinated;
    if (!run_ok(&p, 0, 0, &base)) {
        CHECK(0);
        return;
    }
    klar_surge_params q = p;
    q.epi.n_measures = 1;
    q.epi.measures[0].from_day = 20;
    q.epi.measures[0].relative_contact = 0.7;
    klar_surge_params v = p;
    v.vac.enabled = 1;
    v.vac.start_day = 0;
    v.vac.doses_per_day_per_100k = 1000;
    v.vac.efficacy = 0.7;
    v.vac.max_coverage = 0.8;
    v.vac.n_priority = G;
    for (int g = 0; g < G; g++)
        v.vac.priority[g] = G - 1 - g;
    if (!run_ok(&q, 0, 0, &measured) || !run_ok(&v, 0, 0, &vaccinated)) {
        CHECK(0);
        klar_surge_result_free(&base);
        return;
    }
    CHECK(measured.summary.infections < base.summary.infections);
    CHECK(measured.summary.peak_census_icu < base.summary.peak_census_icu);
    CHECK(vaccinated.summary.infections < base.summary.infections);
    /* 1 000 doses a day per 100 000 for 300 days reach 80 % coverage of everyone */
    CHECK_NEAR(vaccinated.series[KLAR_SURGE_VACCINATED][300], 0.8e6, 1);
    klar_surge_result_free(&base);
    klar_surge_result_free(&measured);
    klar_surge_result_free(&vaccinated);
}

/* ---------- stochastic ---------- */

static void test_stochastic_mean_converges_to_deterministic(void)
{
    klar_surge_params p;
    small_region(&p, 500000);
    p.epi.r0 = 1.6;
    p.epi.initial_infected_per_100k = 20;
    klar_surge_result det;
    if (!run_ok(&p, 0, 0, &det)) {
        CHECK(0);
        return;
    }
    int runs = 200;
    double mean_admissions = 0, mean_icu_day[301] = { 0 };
    for (int i = 0; i < runs; i++) {
        klar_surge_result r;
        if (!run_ok(&p, 1, 1000 + (uint64_t)i, &r)) {
            CHECK(0);
            break;
        }
        mean_admissions += r.summary.admissions / runs;
        for (int d = 0; d <= 300; d++)
            mean_icu_day[d] += r.series[KLAR_SURGE_CENSUS_ICU][d] / runs;
        klar_surge_result_free(&r);
    }
    int det_day, mean_day;
    double det_peak = peak_of(det.series[KLAR_SURGE_CENSUS_ICU], 300, &det_day);
    double mean_peak = peak_of(mean_icu_day, 300, &mean_day);
    CHECK_NEAR(mean_admissions / det.summary.admissions, 1.0, 0.02);
    CHECK_NEAR(mean_peak / det_peak, 1.0, 0.05);
    CHECK(abs(mean_day - det_day) <= 5);
    klar_surge_result_free(&det);
}

static int bands_equal(const klar_surge_mc *a, const klar_surge_mc *b)
{
    size_t n = sizeof(double) * ((size_t)a->days + 1);
    for (int s = 0; s < KLAR_SURGE_NSERIES; s++)
        if (memcmp(a->series[s].p5, b->series[s].p5, n) || memcmp(a->series[s].p50, b->series[s].p50, n)
            || memcmp(a->series[s].p95, b->series[s].p95, n))
            return 0;
    for (int i = 0; i < a->n_items; i++)
        if (memcmp(a->stock[i].p50, b->stock[i].p50, n))
            return 0;
    return memcmp(a->peak_census_icu, b->peak_census_icu, sizeof a->peak_census_icu) == 0
        && memcmp(a->deaths, b->deaths, sizeof a->deaths) == 0;
}

static void test_same_seed_same_bands_at_1_and_2_threads(void)
{
    klar_surge_params p;
    small_region(&p, 200000);
    p.days = 200;
    p.epi.r0 = 1.5;
    p.n_uncertain = 1;
    klar_surge_uncertain *u = &p.uncertain[0];
    snprintf(u->key, sizeof u->key, "epidemic.r0");
    u->offset = offsetof(klar_surge_params, epi.r0);
    u->kind = KLAR_DIST_TRIANGULAR;
    u->a = 1.3, u->b = 1.5, u->c = 1.8, u->lo = 0.01, u->hi = 20;
    klar_surge_mc one, two, other;
    klar_error err;
    CHECK(klar_surge_montecarlo(&p, 37, 42, 1, &one, &err) == 0);
    CHECK(klar_surge_montecarlo(&p, 37, 42, 2, &two, &err) == 0);
    CHECK(klar_surge_montecarlo(&p, 37, 43, 2, &other, &err) == 0);
    CHECK(bands_equal(&one, &two));
    CHECK(!bands_equal(&one, &other));
    int ordered = 1;
    for (int d = 0; d <= 200; d++) {
        const klar_surge_band *b = &one.series[KLAR_SURGE_CENSUS_ICU];
        ordered &= b->p5[d] <= b->p50[d] && b->p50[d] <= b->p95[d];
    }
    CHECK(ordered);
    CHECK(one.peak_census_icu[0] < one.peak_census_icu[2]);   /* R0 drawn: peaks differ */
    klar_surge_mc_free(&one);
    klar_surge_mc_free(&two);
    klar_surge_mc_free(&other);
}

static void test_draws_follow_the_distribution(void)
{
    klar_surge_params p, q;
    small_region(&p, 1000);
    p.n_uncertain = 1;
    klar_surge_uncertain *u = &p.uncertain[0];
    snprintf(u->key, sizeof u->key, "care.hospitalised_scale");
    u->offset = offsetof(klar_surge_params, care.hospitalised_scale);
    u->kind = KLAR_DIST_UNIFORM;
    u->a = 0.5, u->b = 1.5, u->lo = 0, u->hi = 100;
    double sum = 0, lo = 10, hi = -10;
    for (int i = 0; i < 2000; i++) {
        klar_surge_draw_params(&p, (uint64_t)i, &q);
        double x = q.care.hospitalised_scale;
        sum += x;
        lo = x < lo ? x : lo;
        hi = x > hi ? x : hi;
    }
    CHECK_NEAR(sum / 2000, 1.0, 0.02);
    CHECK(lo >= 0.5 && hi <= 1.5 && lo < 0.52 && hi > 1.48);
    CHECK(q.epi.r0 == p.epi.r0);    /* what is not declared uncertain is left alone */
}

/* ---------- capacity and stocks ---------- */

/* 1 unit a day of normal use, one month (30.4375 units) in stock, imports (all of supply)
 * stopped from day 0: the stock after day d is 30.4375 - (d + 1), and on day 30 only 0.4375
 * is left for a day's use of 1. */
static void test_stock_out_day_by_hand(void)
{
    klar_surge_params p;
    small_region(&p, 100000);
    p.epi.initial_infected_per_100k = 0;
    p.days = 60;
    p.n_items = 1;
    klar_surge_item *it = &p.items[0];
    memset(it, 0, sizeof *it);
    snprintf(it->id, sizeof it->id, "gloves");
    snprintf(it->unit, sizeof it->unit, "pairs");
    snprintf(it->category, sizeof it->category, "ppe");
    it->normal_per_month = 30.4375;
    it->opening_months = 1;
    it->import_share = 1;
    it->stop_day = 0;
    it->resume_day = -1;
    klar_surge_result r;
    if (!run_ok(&p, 0, 0, &r)) {
        CHECK(0);
        return;
    }
    CHECK(r.summary.first_stockout_day[0] == 30);
    CHECK_NEAR(r.stock[0][0], 29.4375, 1e-9);
    CHECK_NEAR(r.stock[0][29], 0.4375, 1e-9);
    CHECK_NEAR(r.stock_unmet[0][30], 0.5625, 1e-9);
    int negative = 0;
    for (int d = 0; d <= 60; d++)
        negative += r.stock[0][d] < 0;
    CHECK(negative == 0);
    klar_surge_result_free(&r);

    /* half the imports back from day 20: 0.5 a day short from then on */
    it->resume_day = 20;
    it->resume_fraction = 0.5;
    if (!run_ok(&p, 0, 0, &r)) {
        CHECK(0);
        return;
    }
    /* after day 19: 30.4375 - 20 = 10.4375 left, then 0.5 a day: runs out on day 40 */
    CHECK_NEAR(r.stock[0][19], 10.4375, 1e-9);
    CHECK(r.summary.first_stockout_day[0] == 40);
    klar_surge_result_free(&r);

    /* no stop: the stock stays where it was */
    it->stop_day = -1;
    it->resume_day = -1;
    if (!run_ok(&p, 0, 0, &r)) {
        CHECK(0);
        return;
    }
    CHECK(r.summary.first_stockout_day[0] == -1);
    CHECK_NEAR(r.stock[0][60], 30.4375, 1e-9);
    klar_surge_result_free(&r);
}

static void test_beds_surge_and_reserves_by_hand(void)
{
    klar_surge_params p;
    small_region(&p, 1e6);
    p.epi.r0 = 2.0;
    p.cap.icu_beds = 20;
    p.cap.icu_occupancy = 0.5;         /* 10 free for the epidemic */
    p.cap.icu_beds_surge = 15;
    p.cap.surge_delay_days = 3;
    klar_surge_staff *icu = &p.cap.staff[KLAR_STAFF_ICU_NURSE];
    memset(icu, 0, sizeof *icu);
    icu->fte = 100;
    icu->normal_load = 0.9;
    icu->per_icu_bed = 5;
    icu->reserve_fte = 40;
    p.cap.reserve_delay_days = 7;
    p.cap.reserve_ramp_days = 10;
    p.cap.absence_base = 0;
    p.cap.absence_per_prevalence = 0;
    klar_surge_result r;
    if (!run_ok(&p, 0, 0, &r)) {
        CHECK(0);
        return;
    }
    const double *census = r.series[KLAR_SURGE_CENSUS_ICU];
    const double *cap = r.series[KLAR_SURGE_ICU_CAPACITY];
    int first = -1;
    for (int d = 0; d <= r.days && first < 0; d++)
        if (census[d] > 10)
            first = d;
    CHECK(first > 0);
    if (first > 0) {
        CHECK(cap[first + 2] == 10);
        CHECK(cap[first + 3] == 25);
    }
    /* the ICU nurse gap appears when 5 FTE a patient exceed the 10 spare FTE: census > 2 */
    int gap_day = -1;
    for (int d = 0; d <= r.days && gap_day < 0; d++)
        if (census[d] > 2)
            gap_day = d;
    CHECK(gap_day > 0);
    if (gap_day > 0) {
        CHECK(r.series[KLAR_SURGE_RESERVES][gap_day + 6] == 0);
        CHECK_NEAR(r.series[KLAR_SURGE_RESERVES][gap_day + 7], 4, 1e-9);
        CHECK_NEAR(r.series[KLAR_SURGE_RESERVES][gap_day + 16], 40, 1e-9);
        double need = 90 + 5 * census[gap_day + 16];
        double expect = need - 140;
        CHECK_NEAR(r.series[KLAR_SURGE_GAP_ICU_NURSE][gap_day + 16], expect > 0 ? expect : 0, 1e-6);
    }
    CHECK(r.summary.days_icu_over_capacity > 0);
    CHECK(r.summary.unmet_icu_bed_days > 0);
    klar_surge_result_free(&r);
}

int main(void)
{
    RUN(test_defaults_pass_the_check);
    RUN(test_people_conserved_every_day);
    RUN(test_no_infection_no_admissions);
    RUN(test_final_size_equation);
    RUN(test_early_growth_matches_doubling_time);
    RUN(test_doubling_time_with_bipartite_contacts);
    RUN(test_huge_population_stochastic);
    RUN(test_stochastic_vaccination_unbiased);
    RUN(test_measures_and_vaccination_lower_the_epidemic);
    RUN(test_stochastic_mean_converges_to_deterministic);
    RUN(test_same_seed_same_bands_at_1_and_2_threads);
    RUN(test_draws_follow_the_distribution);
    RUN(test_stock_out_day_by_hand);
    RUN(test_beds_surge_and_reserves_by_hand);
    return test_finish();
}
