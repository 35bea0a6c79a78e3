/* bench_workforce.c - times the workforce model: every shipped profession x 3 alternatives x
 * 2022-2050, nationally (sum of the four RHFs) and per RHF, against a baseline measured in
 * the same run: projecting the population of one RHF over the same years (which the runs
 * share and do not repeat). Prints time per profession-alternative-region, the ratio to the
 * baseline, and peak memory (ru_maxrss). One run computes all three alternatives at once, so
 * the time per alternative is the run's time divided by three. No assertions: it reports. */
#include "klar/datadir.h"
#include "klar/population.h"
#include "klar/workforce.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#define FROM 2022
#define TO 2050
#define MAX_PROFESSIONS 32

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* Loads and prepares every profession in <dir>/professions; returns how many, or -1. */
static int load_models(const char *datadir, klar_wf_model **models)
{
    char dir[2048], path[4096];
    klar_error err;
    char **ids;
    snprintf(dir, sizeof dir, "%s/professions", datadir);
    int n = klar_profession_list(dir, &ids, &err);
    if (n < 0) {
        fprintf(stderr, "bench_workforce: %s\n", err.message);
        return -1;
    }
    int kept = 0;
    for (int i = 0; i < n && kept < MAX_PROFESSIONS; i++) {
        snprintf(path, sizeof path, "%s/%s.ini", dir, ids[i]);
        klar_profession *p = klar_profession_load(path, &err);
        klar_wf_model *m = p ? klar_wf_model_new(p, NULL, &err) : NULL;
        klar_profession_free(p);
        if (!m) {
            fprintf(stderr, "bench_workforce: %s\n", err.message);
            continue;
        }
        models[kept++] = m;
    }
    klar_profession_list_free(ids);
    return kept;
}

/* Time of one RHF population projection FROM..TO (ms), the best of `reps`. */
static double time_population(const klar_popbase *pb, const klar_pop_assumptions *a, int reps,
                              klar_pyramid *buf)
{
    double best = 1e30;
    klar_error err;
    klar_region region = klar_region_of_rhf(KLAR_RHF_VEST);
    for (int r = 0; r < reps; r++) {
        double t0 = now_ms();
        if (klar_pop_project_region(pb, &region, FROM, TO, a, buf, &err) != 0) {
            fprintf(stderr, "bench_workforce: %s\n", err.message);
            return -1;
        }
        double t = now_ms() - t0;
        if (t < best)
            best = t;
    }
    return best;
}

/* Runs every model nationally and for each RHF `reps` times; returns the mean ms per
 * profession-region run (each run gives all three alternatives). */
static double time_runs(klar_wf_model **models, int nmodels, const klar_wf_popseries *ps,
                        int reps, klar_wf_result *res, double *checksum)
{
    const klar_pyramid *pops[KLAR_RHF_COUNT] = {ps->rhf[0], ps->rhf[1], ps->rhf[2], ps->rhf[3]};
    klar_error err;
    long runs = 0;
    double t0 = now_ms();
    for (int r = 0; r < reps; r++)
        for (int i = 0; i < nmodels; i++) {
            if (klar_wf_run_nation(models[i], pops, ps->nyears, TO, res, &err) == 0)
                *checksum += res->years[res->nyears - 1].gap[KLAR_WF_REFERENCE];
            runs++;
            for (int h = 0; h < KLAR_RHF_COUNT; h++) {
                if (klar_wf_run(models[i], (klar_rhf)h, pops[h], ps->nyears, TO, res, &err) == 0)
                    *checksum += res->years[res->nyears - 1].gap[KLAR_WF_HIGH];
                runs++;
            }
        }
    return (now_ms() - t0) / (double)runs;
}

int main(void)
{
    const char *datadir = getenv("KLAR_DATA") ? klar_datadir() : "data";
    klar_wf_model *models[MAX_PROFESSIONS];
    klar_error err;
    double t0 = now_ms();
    int nmodels = load_models(datadir, models);
    double load_ms = now_ms() - t0;
    if (nmodels <= 0)
        return 1;

    klar_pop_assumptions a;
    klar_popbase *pb = klar_popbase_load(datadir, &err);
    if (!pb || klar_pop_assumptions_load(datadir, &a, &err) != 0) {
        printf("workforce: skipped, no population baseline (%s)\n", err.message);
        klar_popbase_free(pb);
        for (int i = 0; i < nmodels; i++)
            klar_wf_model_free(models[i]);
        return 0;
    }
    klar_pyramid *buf = malloc((TO - FROM + 1) * sizeof *buf);
    klar_wf_result *res = malloc(sizeof *res);
    klar_wf_popseries ps;
    int rc = 1;
    t0 = now_ms();
    if (buf && res && klar_wf_popseries_project(pb, &a, FROM, TO, &ps, &err) == 0) {
        double shared_ms = now_ms() - t0;
        double pop_ms = time_population(pb, &a, 20, buf);
        double checksum = 0;
        time_runs(models, nmodels, &ps, 5, res, &checksum); /* warm up */
        double run_ms = time_runs(models, nmodels, &ps, 200, res, &checksum);
        double per_alt = run_ms / KLAR_WF_ALTERNATIVES;
        struct rusage ru;
        getrusage(RUSAGE_SELF, &ru);
        printf("workforce: %d professions x %d alternatives x 5 regions (NO = sum of 4 RHFs), "
               "%d-%d; loading and preparing them took %.2f ms, projecting the 4 RHFs once %.2f ms\n",
               nmodels, KLAR_WF_ALTERNATIVES, FROM, TO, load_ms, shared_ms);
        printf("workforce: baseline = population projection of one RHF %d-%d: %.3f ms\n", FROM, TO,
               pop_ms);
        printf("workforce: %.4f ms per profession-alternative-region (target < 1 ms), %.3fx "
               "baseline; %.4f ms per run of all 3 alternatives; peak memory %ld KiB "
               "(checksum %.0f)\n", per_alt, per_alt / pop_ms, run_ms, ru.ru_maxrss, checksum);
        klar_wf_popseries_free(&ps);
        rc = 0;
    } else {
        fprintf(stderr, "bench_workforce: %s\n", buf && res ? err.message : "out of memory");
    }
    free(buf);
    free(res);
    klar_popbase_free(pb);
    for (int i = 0; i < nmodels; i++)
        klar_wf_model_free(models[i]);
    return rc;
}
