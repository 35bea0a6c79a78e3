/* workforce.c - running a prepared model for one RHF, the whole country, or the country as
 * the sum of its four RHFs; adding results; and the population series the runs share. */
#include "wf_internal.h"

#include <stdlib.h>
#include <string.h>

const char *klar_wf_sector_id(klar_wf_sector k)
{
    static const char *const ids[] = {"specialist", "municipal", "other"};
    return (k >= 0 && k < KLAR_WF_SECTORS) ? ids[k] : "?";
}

const char *klar_wf_alternative_id(klar_wf_alternative alt)
{
    static const char *const ids[] = {"demography", "reference", "high"};
    return (alt >= 0 && alt < KLAR_WF_ALTERNATIVES) ? ids[alt] : "?";
}

/* Number of years from the base year to to_year, or -1 with err set if it does not fit. */
static int years_to_run(const klar_wf_model *m, int npop, int to_year, klar_error *err)
{
    int n = to_year - m->base_year + 1;
    if (n < 1) {
        klar_error_set(err, NULL, 0, "the last year %d lies before the base year %d", to_year,
                       m->base_year);
        return -1;
    }
    if (n > KLAR_WF_MAX_YEARS) {
        klar_error_set(err, NULL, 0, "at most %d years can be projected (%d-%d asked)",
                       KLAR_WF_MAX_YEARS, m->base_year, to_year);
        return -1;
    }
    if (n > npop) {
        klar_error_set(err, NULL, 0, "the population series covers %d-%d, not %d-%d", m->base_year,
                       m->base_year + npop - 1, m->base_year, to_year);
        return -1;
    }
    return n;
}

static int run_share(const klar_wf_model *m, double share, const klar_pyramid *pop, int npop,
                     int to_year, klar_wf_result *out, klar_error *err)
{
    int n = years_to_run(m, npop, to_year, err);
    if (n < 0)
        return -1;
    wf_supply_run(m, share, n, out);
    wf_demand_run(m, share, pop, n, out);
    return 0;
}

int klar_wf_run(const klar_wf_model *m, klar_rhf rhf, const klar_pyramid *pop, int npop,
                int to_year, klar_wf_result *out, klar_error *err)
{
    if (rhf < 0 || rhf >= KLAR_RHF_COUNT) {
        klar_error_set(err, NULL, 0, "no RHF number %d", (int)rhf);
        return -1;
    }
    return run_share(m, m->rhf_share[rhf], pop, npop, to_year, out, err);
}

int klar_wf_run_whole(const klar_wf_model *m, const klar_pyramid *pop, int npop, int to_year,
                      klar_wf_result *out, klar_error *err)
{
    return run_share(m, 1.0, pop, npop, to_year, out, err);
}

int klar_wf_run_nation(const klar_wf_model *m, const klar_pyramid *const pop[KLAR_RHF_COUNT],
                       int npop, int to_year, klar_wf_result *out, klar_error *err)
{
    klar_wf_result part;
    for (int r = 0; r < KLAR_RHF_COUNT; r++) {
        klar_wf_result *dst = r == 0 ? out : &part;
        if (klar_wf_run(m, (klar_rhf)r, pop[r], npop, to_year, dst, err) != 0)
            return -1;
        if (r > 0 && klar_wf_result_add(out, &part) != 0) {
            klar_error_set(err, NULL, 0, "internal error: RHF results do not line up");
            return -1;
        }
    }
    return 0;
}

/* Adds one year; the drivers become base-demand-weighted means (base0/part0: base demand). */
static void add_year(klar_wf_year *s, const klar_wf_year *p, const double base0[KLAR_WF_SECTORS],
                     const double part0[KLAR_WF_SECTORS])
{
    s->persons += p->persons;
    s->employed += p->employed;
    s->fte += p->fte;
    s->graduates += p->graduates;
    s->migration += p->migration;
    s->exits += p->exits;
    for (int k = 0; k < KLAR_WF_SECTORS; k++) {
        double w = base0[k] + part0[k];
        s->demo[k] = w > 0 ? (s->demo[k] * base0[k] + p->demo[k] * part0[k]) / w
                           : 0.5 * (s->demo[k] + p->demo[k]);
    }
    for (int alt = 0; alt < KLAR_WF_ALTERNATIVES; alt++) {
        s->demand[alt] += p->demand[alt];
        s->gap[alt] += p->gap[alt];
        for (int k = 0; k < KLAR_WF_SECTORS; k++)
            s->demand_sector[alt][k] += p->demand_sector[alt][k];
    }
}

int klar_wf_result_add(klar_wf_result *sum, const klar_wf_result *part)
{
    if (sum->base_year != part->base_year || sum->nyears != part->nyears)
        return -1;
    /* Weights: each side's base-year demand by sector before adding (demo is 1 there). */
    double base0[KLAR_WF_SECTORS], part0[KLAR_WF_SECTORS];
    for (int k = 0; k < KLAR_WF_SECTORS; k++) {
        base0[k] = sum->years[0].demand_sector[KLAR_WF_DEMOGRAPHY][k];
        part0[k] = part->years[0].demand_sector[KLAR_WF_DEMOGRAPHY][k];
    }
    for (int i = 0; i < sum->nyears; i++)
        add_year(&sum->years[i], &part->years[i], base0, part0);
    return 0;
}

int klar_wf_popseries_project(const klar_popbase *pb, const klar_pop_assumptions *a, int from,
                              int to, klar_wf_popseries *out, klar_error *err)
{
    memset(out, 0, sizeof *out);
    if (to < from || to - from + 1 > KLAR_WF_MAX_YEARS) {
        klar_error_set(err, NULL, 0, "cannot project the population from %d to %d", from, to);
        return -1;
    }
    int n = to - from + 1;
    out->first_year = from;
    out->nyears = n;
    for (int r = 0; r < KLAR_RHF_COUNT; r++) {
        out->rhf[r] = malloc((size_t)n * sizeof(klar_pyramid));
        klar_region region = klar_region_of_rhf((klar_rhf)r);
        if (!out->rhf[r]) {
            klar_error_set(err, NULL, 0, "out of memory");
        } else if (klar_pop_project_region(pb, &region, from, to, a, out->rhf[r], err) == 0) {
            continue;
        }
        klar_wf_popseries_free(out);
        return -1;
    }
    return 0;
}

void klar_wf_popseries_free(klar_wf_popseries *s)
{
    if (!s)
        return;
    for (int r = 0; r < KLAR_RHF_COUNT; r++)
        free(s->rhf[r]);
    memset(s, 0, sizeof *s);
}
