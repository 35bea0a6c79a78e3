/* demand.c - the demand side: per sector k,
 *     demo_k(t) = sum pop(t, s, a) u_k(s, a) / sum pop(t0, s, a) u_k(s, a)
 *     D_k(t)    = D0_k * demo_k(t) * ((1 + std_k) / (1 + productivity))^(t - t0)
 * for the three alternatives (demography: std = 0), and the gap D(t) - S(t). */
#include "wf_internal.h"

/* Service-use weighted population sum_s,a pop(s, a) u(s, a). */
static double weighted_population(const klar_pyramid *pop, const double u[2][KLAR_AGES])
{
    double sum = 0;
    for (int s = 0; s < 2; s++)
        for (int a = 0; a < KLAR_AGES; a++)
            sum += pop->persons[s][a] * u[s][a];
    return sum;
}

void wf_demand_run(const klar_wf_model *m, double share, const klar_pyramid *pop, int nyears,
                   klar_wf_result *out)
{
    double base_users[KLAR_WF_SECTORS], growth[KLAR_WF_ALTERNATIVES][KLAR_WF_SECTORS];
    for (int k = 0; k < KLAR_WF_SECTORS; k++) {
        base_users[k] = weighted_population(&pop[0], m->service_use[k]);
        for (int alt = 0; alt < KLAR_WF_ALTERNATIVES; alt++)
            growth[alt][k] = 1.0;
    }
    for (int i = 0; i < nyears; i++) {
        klar_wf_year *y = &out->years[i];
        for (int k = 0; k < KLAR_WF_SECTORS; k++)
            y->demo[k] = i == 0 || base_users[k] <= 0
                             ? 1.0
                             : weighted_population(&pop[i], m->service_use[k]) / base_users[k];
        for (int alt = 0; alt < KLAR_WF_ALTERNATIVES; alt++) {
            double total = 0;
            for (int k = 0; k < KLAR_WF_SECTORS; k++) {
                double d = m->base_demand[k] * share * y->demo[k] * growth[alt][k];
                y->demand_sector[alt][k] = d;
                total += d;
                growth[alt][k] *= m->growth[alt][k];
            }
            y->demand[alt] = total;
            y->gap[alt] = total - y->fte;
        }
    }
}
