/* bench_surge.c - times the surge engine on the shipped influenza-severe scenario:
 *   1. one deterministic 365-day national run (target < 1 ms), against a baseline measured in
 *      the same run: a textbook one-group SEIR over the same days;
 *   2. 10 000 stochastic runs (uncertain parameters drawn) for a region of 500 000 people on
 *      2 threads (target < 10 s), against the same number of deterministic runs;
 *   3. the speed-up from 1 to 2 threads on 1 000 of those runs (target >= 1.8x), the best of
 *      three timings each, taken in turn, so that one disturbed timing does not decide it.
 * Set BENCH_RUNS to change the 10 000. No assertions: it reports. */
#include "klar/datadir.h"
#include "klar/surge.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* The baseline: a one-group SEIR with daily steps over `days`; returns the final recovered. */
static double textbook_seir(int days, double n, double r0)
{
    double s = n - 10, e = 10, i = 0, r = 0, sigma = 1 / 1.5, gamma = 1 / 3.0;
    double beta = r0 * gamma;
    for (int d = 0; d <= days; d++) {
        double inf = s * (1 - exp(-beta * i / n)), onset = e * sigma, rec = i * gamma;
        s -= inf;
        e += inf - onset;
        i += onset - rec;
        r += rec;
    }
    return r;
}

static double time_deterministic(const klar_surge_params *p, int reps, double *checksum)
{
    klar_error err;
    double best = 1e30;
    for (int k = 0; k < reps; k++) {
        klar_surge_result r;
        double t0 = now_ms();
        if (klar_surge_run(p, 0, 0, &r, &err) != 0) {
            fprintf(stderr, "bench_surge: %s\n", err.message);
            return -1;
        }
        double t = now_ms() - t0;
        *checksum += r.summary.peak_census_icu;
        klar_surge_result_free(&r);
        best = t < best ? t : best;
    }
    return best;
}

static double time_baseline(int days, int reps, double *checksum)
{
    double best = 1e30;
    for (int k = 0; k < reps; k++) {
        double t0 = now_ms();
        *checksum += textbook_seir(days, 5.4e6 + k, 1.8);
        double t = now_ms() - t0;
        best = t < best ? t : best;
    }
    return best;
}

static double time_montecarlo(const klar_surge_params *p, int runs, int threads, double *checksum)
{
    klar_surge_mc mc;
    klar_error err;
    double t0 = now_ms();
    if (klar_surge_montecarlo(p, runs, 2026, threads, &mc, &err) != 0) {
        fprintf(stderr, "bench_surge: %s\n", err.message);
        return -1;
    }
    double t = now_ms() - t0;
    *checksum += mc.peak_census_icu[1];
    klar_surge_mc_free(&mc);
    return t;
}

/* The scenario for a region scaled to `people` persons (the age mix of the nation). */
static void scale_population(klar_surge_params *p, double people)
{
    double total = 0;
    for (int g = 0; g < KLAR_SURGE_GROUPS; g++)
        total += p->population[g];
    for (int g = 0; g < KLAR_SURGE_GROUPS; g++)
        p->population[g] *= people / total;
}

int main(void)
{
    const char *datadir = getenv("KLAR_DATA") ? klar_datadir() : "data";
    klar_surge_params *p = malloc(sizeof *p);
    klar_error err;
    if (!p || klar_surge_load("scenarios/influenza-severe.ini", datadir, "NO", p, &err) != 0) {
        printf("surge: skipped (%s)\n", p ? err.message : "out of memory");
        free(p);
        return 0;
    }
    p->days = 365;
    double checksum = 0;
    double det = time_deterministic(p, 200, &checksum);
    double base = time_baseline(365, 200, &checksum);
    if (det < 0)
        return 1;
    printf("surge deterministic, NO, 365 days: %.3f ms per run (target < 1 ms); "
           "one-group SEIR baseline %.4f ms; ratio %.0fx\n", det, base, det / base);

    int runs = getenv("BENCH_RUNS") ? atoi(getenv("BENCH_RUNS")) : 10000;
    if (runs < 10)
        runs = 10;
    scale_population(p, 500000);
    double det_region = time_deterministic(p, 50, &checksum);
    double mc2 = time_montecarlo(p, runs, 2, &checksum);
    if (mc2 < 0)
        return 1;
    printf("surge Monte Carlo, region of 500 000, %d stochastic runs on 2 threads: %.2f s "
           "(target < 10 s); %.3f ms per run; ratio to a deterministic run %.1fx\n", runs,
           mc2 / 1e3, mc2 / runs, (mc2 / runs) / det_region);

    int small = runs < 1000 ? runs : 1000;
    double t1 = 1e30, t2 = 1e30;
    for (int k = 0; k < 3; k++) {
        double one = time_montecarlo(p, small, 1, &checksum);
        double two = time_montecarlo(p, small, 2, &checksum);
        if (one < 0 || two < 0)
            return 1;
        t1 = one < t1 ? one : t1;
        t2 = two < t2 ? two : t2;
    }
    printf("surge Monte Carlo speed-up 1 -> 2 threads (%d runs, best of 3 each): %.2fx "
           "(target >= 1.8x; %.2f s -> %.2f s)\n", small, t1 / t2, t1 / 1e3, t2 / 1e3);

    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    printf("surge peak memory: %.1f MB (checksum %.6g)\n", ru.ru_maxrss / 1024.0, checksum);
    free(p);
    return 0;
}
