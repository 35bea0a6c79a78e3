/* supply.c - the supply side: the stock of persons educated in the profession by sex and
 * single-year age 20-74, moved one year at a time,
 *     N(t+1, a+1) = N(t, a) (1 - exit(s, a)) + graduates(t, s, a+1) + migration(t, s, a+1),
 * with everyone aged 74 leaving at the end of the year, and the FTE they perform,
 *     S(t) = sum N(t, s, a) P(s, a) E(s, a).
 * The flows are recorded so that persons(t+1) = persons(t) + graduates - exits + migration
 * holds exactly. Works on fixed-size arrays; nothing is allocated. */
#include "wf_internal.h"

#include <string.h>

#define N KLAR_WF_NAGES

/* Sums persons, persons working and FTE of a stock with the profiles in force in the year. */
static void measure(const klar_wf_model *m, const double stock[2][N], int after_start,
                    klar_wf_year *y)
{
    const double(*p)[N] = m->participation[after_start];
    const double(*e)[N] = m->fte_per_worker[after_start];
    double persons = 0, employed = 0, fte = 0;
    for (int s = 0; s < 2; s++)
        for (int a = 0; a < N; a++) {
            double working = stock[s][a] * p[s][a];
            persons += stock[s][a];
            employed += working;
            fte += working * e[s][a];
        }
    y->persons = persons;
    y->employed = employed;
    y->fte = fte;
}

/* One year: next from cur; returns the flows in y. Net emigration never takes a cohort below
 * zero (the part that finds no one is not counted as migration). */
static void step(const klar_wf_model *m, double share, int i, const double cur[2][N],
                 double next[2][N], klar_wf_year *y)
{
    double grads_total = m->graduates[i] * share, mig_total = m->migration[i] * share;
    double exits = 0, grads = 0, mig = 0;
    for (int s = 0; s < 2; s++) {
        exits += cur[s][N - 1]; /* ageing past 74, after this year's deaths counted below */
        next[s][0] = 0.0;
        for (int a = 0; a < N; a++) {
            double leaving = cur[s][a] * m->exit_rate[s][a];
            if (a < N - 1) {
                exits += leaving;
                next[s][a + 1] = cur[s][a] - leaving;
            }
        }
        for (int a = 0; a < N; a++) {
            double g = grads_total * m->graduate_profile[s][a];
            double mg = mig_total * m->migration_profile[s][a];
            double v = next[s][a] + g + mg;
            if (v < 0.0) {
                mg = -(next[s][a] + g);
                v = 0.0;
            }
            next[s][a] = v;
            grads += g;
            mig += mg;
        }
    }
    y->graduates = grads;
    y->migration = mig;
    y->exits = exits;
}

void wf_supply_run(const klar_wf_model *m, double share, int nyears, klar_wf_result *out)
{
    double stock[2][2][N];
    for (int s = 0; s < 2; s++)
        for (int a = 0; a < N; a++)
            stock[0][s][a] = m->stock[s][a] * share;
    out->base_year = m->base_year;
    out->nyears = nyears;
    for (int i = 0; i < nyears; i++) {
        klar_wf_year *y = &out->years[i];
        const double(*cur)[N] = (const double(*)[N])stock[i & 1];
        y->year = m->base_year + i;
        measure(m, cur, y->year >= m->start_year, y);
        step(m, share, i, cur, stock[(i + 1) & 1], y);
    }
}
