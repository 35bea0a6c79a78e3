/* engine.c - one run of the surge model: an age-structured SEIR epidemic in daily steps, with
 * the care pathway of those bound for hospital (community -> ward -> ICU -> ward -> out), as a
 * deterministic recurrence or a binomial chain. Every stay is a chain of stages a person leaves
 * with probability stages/days a day, so the mean stay is exactly `days`.
 *
 * One day's step computes every flow from the state at the start of the day and then applies
 * them all, so no one moves through two stages in a day and no one is lost: the sum of all
 * compartments (the dead included) stays the population. Capacity, staff and stocks do not
 * feed back into the epidemic; they are worked out afterwards from the daily series
 * (capacity.c, stocks.c, summary.c). */
#include "klar/surge.h"
#include "surge_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define G KLAR_SURGE_GROUPS

/* The people in one stay, stage by stage. */
typedef struct chain {
    double x[KLAR_SURGE_MAX_STAGES];
    int k;
    double p;     /* probability of leaving a stage in a day */
} chain;

typedef struct group_state {
    double su;       /* susceptible, not offered a dose */
    double sd;       /* susceptible although dosed (vaccine did not protect) */
    double v;        /* protected by vaccination */
    double r;        /* recovered (or discharged) */
    double d;        /* dead */
    double dosed;    /* persons given a dose, whatever their state */
    chain e;         /* latent */
    chain im;        /* infectious, not bound for hospital */
    chain ih;        /* infectious, bound for hospital (before admission) */
    chain wo;        /* ward only */
    chain wp;        /* ward before ICU */
    chain u;         /* ICU, not ventilated */
    chain uv;        /* ICU, ventilated */
    chain wa;        /* ward after ICU */
} group_state;

typedef struct model {
    const klar_surge_params *p;
    gsl_rng *rng;               /* NULL: deterministic */
    double n[G], n_total;
    double mix[G][G];           /* contacts of a g-person with j-persons per j-person */
    double h[G];                /* share of infections admitted (scale applied, <= 1) */
    double icu[G];              /* share of admitted who need ICU (scale applied, <= 1) */
    double beta;
    double seeded;              /* persons infected on day 0 by the initial seed */
    group_state g[G];
} model;

/* ---- small pieces ------------------------------------------------------------------------ */

/* A draw of how many of n leave with probability p (the expectation when deterministic). */
static double flow(model *m, double n, double p)
{
    if (!m->rng)
        return n * p;
    return surge_binomial(m->rng, n, p);
}

static void chain_init(chain *c, const klar_surge_stay *s)
{
    memset(c, 0, sizeof *c);
    c->k = s->stages < 1 ? 1 : s->stages;
    if (c->k > KLAR_SURGE_MAX_STAGES)
        c->k = KLAR_SURGE_MAX_STAGES;
    c->p = s->days > 0 ? c->k / s->days : 1.0;
    if (c->p > 1)
        c->p = 1;
}

/* Moves people one stage on; returns how many left the last stage (not yet placed). */
static double chain_step(model *m, chain *c)
{
    double out[KLAR_SURGE_MAX_STAGES];
    for (int i = 0; i < c->k; i++)
        out[i] = flow(m, c->x[i], c->p);
    for (int i = 0; i < c->k; i++) {
        c->x[i] -= out[i];
        if (i + 1 < c->k)
            c->x[i + 1] += out[i];
    }
    return out[c->k - 1];
}

static double chain_sum(const chain *c)
{
    double s = 0;
    for (int i = 0; i < c->k; i++)
        s += c->x[i];
    return s;
}

static double relative_contact(const klar_surge_epidemic *e, int day)
{
    double rel = 1.0;
    for (int i = 0; i < e->n_measures && e->measures[i].from_day <= day; i++)
        rel = e->measures[i].relative_contact;
    return rel;
}

/* ---- transmission ------------------------------------------------------------------------ */

static void build_mixing(model *m)
{
    const klar_surge_epidemic *e = &m->p->epi;
    int uniform = 1;
    for (int i = 0; i < G; i++)
        for (int j = 0; j < G; j++)
            if (e->contacts[i][j] != 0)
                uniform = 0;
    for (int i = 0; i < G; i++)
        for (int j = 0; j < G; j++) {
            if (uniform)
                m->mix[i][j] = m->n_total > 0 ? 1.0 / m->n_total : 0;
            else
                m->mix[i][j] = m->n[j] > 0 ? e->contacts[i][j] / m->n[j] : 0;
        }
}

/* Dominant eigenvalue of a non-negative matrix by power iteration on a + s·I, s its largest
 * row sum: the shift leaves the Perron root the only eigenvalue of largest modulus, so the
 * iteration converges also for periodic (e.g. bipartite) contact patterns. */
static double spectral_radius(const double a[G][G])
{
    double v[G], w[G], shift = 0, rho = 0;
    for (int i = 0; i < G; i++) {
        double row = 0;
        for (int j = 0; j < G; j++)
            row += a[i][j];
        shift = row > shift ? row : shift;
        v[i] = 1.0;
    }
    if (shift <= 0)
        return 0;
    for (int it = 0; it < 10000; it++) {
        double norm = 0;
        for (int i = 0; i < G; i++) {
            w[i] = shift * v[i];
            for (int j = 0; j < G; j++)
                w[i] += a[i][j] * v[j];
            norm += w[i];
        }
        double next = norm / G - shift;   /* v is normalised to mean 1 */
        for (int i = 0; i < G; i++)
            v[i] = w[i] * G / norm;
        if (fabs(next - rho) <= 1e-13 * shift)
            return next > 0 ? next : 0;
        rho = next;
    }
    return rho > 0 ? rho : 0;
}

/* E[G^-T] for a stay of k geometric stages, each left with probability p a day. */
static double stay_discount(double growth, int k, double p)
{
    return pow(p / (growth - 1.0 + p), k);
}

/* Sum over the days of a stay of growth^-day, day 0 first: the discounted days infectious. */
static double infectious_discount(double growth, const chain *c)
{
    if (growth == 1.0)
        return c->k / c->p;
    return (1.0 - stay_discount(growth, c->k, c->p)) / (1.0 - 1.0 / growth);
}

/* beta from R0 (basic, everyone susceptible) or from the doubling time of early growth. For a
 * growth factor G a day, a case infected on day t infects on days t + 1 + T_E + m, m < T_I, so
 * the next-generation matrix discounted by G^-n must have spectral radius 1. */
static double compute_beta(model *m)
{
    const klar_surge_epidemic *e = &m->p->epi;
    double growth = 1.0;
    if (e->doubling_time > 0)
        growth = pow(2.0, 1.0 / e->doubling_time);
    const group_state *s0 = &m->g[0];
    double latent = growth == 1.0 ? 1.0 : stay_discount(growth, s0->e.k, s0->e.p) / growth;
    double a[G][G];
    for (int j = 0; j < G; j++) {
        double inf = (1 - m->h[j]) * infectious_discount(growth, &s0->im)
                   + m->h[j] * infectious_discount(growth, &s0->ih);
        for (int i = 0; i < G; i++) {
            double susceptible = m->n[i];
            if (e->doubling_time > 0)
                susceptible *= 1 - e->immune[i];
            a[i][j] = e->susceptibility[i] * m->mix[i][j] * susceptible * latent * inf;
        }
    }
    double rho = spectral_radius((const double(*)[G])a);
    if (rho <= 0)
        return 0;
    return e->doubling_time > 0 ? 1.0 / rho : e->r0 / rho;
}

/* ---- set-up ------------------------------------------------------------------------------- */

static void seed_group(model *m, int g)
{
    const klar_surge_params *p = m->p;
    group_state *s = &m->g[g];
    chain_init(&s->e, &p->epi.latent);
    chain_init(&s->im, &p->epi.infectious);
    chain_init(&s->ih, &p->care.onset_to_admission);
    chain_init(&s->wo, &p->care.ward);
    chain_init(&s->wp, &p->care.ward_before_icu);
    chain_init(&s->u, &p->care.icu_stay);
    chain_init(&s->uv, &p->care.icu_ventilated);
    chain_init(&s->wa, &p->care.ward_after_icu);

    double n = m->n[g];
    double immune = m->rng ? round(n * p->epi.immune[g]) : n * p->epi.immune[g];
    double seeded = n * p->epi.initial_infected_per_100k / 1e5;
    if (m->rng)
        seeded = surge_round_random(m->rng, seeded);
    if (immune > n)
        immune = n;
    if (seeded > n - immune)
        seeded = n - immune;
    s->r = immune;
    s->e.x[0] = seeded;
    m->seeded += seeded;
    s->su = n - immune - seeded;
}

static void model_init(model *m, const klar_surge_params *p, gsl_rng *rng)
{
    memset(m, 0, sizeof *m);
    m->p = p;
    m->rng = rng;
    for (int g = 0; g < G; g++) {
        m->n[g] = rng ? round(p->population[g]) : p->population[g];
        m->n_total += m->n[g];
        double h = p->care.hospitalised[g] * p->care.hospitalised_scale;
        m->h[g] = h < 0 ? 0 : h > 1 ? 1 : h;
        double icu = p->care.icu[g] * p->care.icu_scale;
        m->icu[g] = icu < 0 ? 0 : icu > 1 ? 1 : icu;
    }
    build_mixing(m);
    for (int g = 0; g < G; g++)
        seed_group(m, g);
    m->beta = compute_beta(m);
}

/* ---- one day ------------------------------------------------------------------------------ */

typedef struct day_flows {
    double infections, onsets_symptomatic_tested, admissions, icu_admissions, deaths, doses;
} day_flows;

static void infect(model *m, int day, double new_inf[G])
{
    double infectious[G];
    for (int j = 0; j < G; j++)
        infectious[j] = chain_sum(&m->g[j].im) + chain_sum(&m->g[j].ih);
    double rel = relative_contact(&m->p->epi, day);
    for (int g = 0; g < G; g++) {
        double pressure = 0;
        for (int j = 0; j < G; j++)
            pressure += m->mix[g][j] * infectious[j];
        double lambda = m->beta * rel * m->p->epi.susceptibility[g] * pressure;
        double prob = lambda > 0 ? -expm1(-lambda) : 0;
        group_state *s = &m->g[g];
        double a = flow(m, s->su, prob), b = flow(m, s->sd, prob);
        s->su -= a;
        s->sd -= b;
        new_inf[g] = a + b;
    }
}

/* Doses of the day, offered by priority to those not yet dosed; only the susceptible among
 * them can be protected. Returns the doses given. */
static double vaccinate(model *m, int day)
{
    const klar_surge_vaccination *v = &m->p->vac;
    if (!v->enabled || day < v->start_day)
        return 0;
    double doses = v->doses_per_day_per_100k * m->n_total / 1e5;
    if (m->rng)
        doses = surge_round_random(m->rng, doses);
    double given = 0;
    for (int i = 0; i < v->n_priority && doses > 0; i++) {
        int g = v->priority[i];
        group_state *s = &m->g[g];
        double room = v->max_coverage * m->n[g] - s->dosed;
        double undosed = m->n[g] - s->dosed;
        if (m->rng)
            room = floor(room);
        double d = doses < room ? doses : room;
        if (d <= 0 || undosed <= 0)
            continue;
        double to_susceptible;
        if (m->rng)
            to_susceptible = surge_hypergeometric(m->rng, s->su, undosed - s->su, d);
        else
            to_susceptible = s->su > 0 ? d * s->su / undosed : 0;
        if (to_susceptible > s->su)
            to_susceptible = s->su;
        double protected_ = flow(m, to_susceptible, v->efficacy);
        s->su -= to_susceptible;
        s->sd += to_susceptible - protected_;
        s->v += protected_;
        s->dosed += d;
        doses -= d;
        given += d;
    }
    return given;
}

/* The care pathway of group g for one day; new_inf enter the latent stay at the end. */
static void progress(model *m, int g, double new_inf, day_flows *f)
{
    const klar_surge_care *c = &m->p->care;
    group_state *s = &m->g[g];

    double onsets = chain_step(m, &s->e);
    double recovered_mild = chain_step(m, &s->im);
    double admitted = chain_step(m, &s->ih);
    double ward_out = chain_step(m, &s->wo);
    double to_icu = chain_step(m, &s->wp);
    double icu_out = chain_step(m, &s->u);
    double icu_vent_out = chain_step(m, &s->uv);
    double after_icu_out = chain_step(m, &s->wa);

    double to_hospital = flow(m, onsets, m->h[g]);
    double needs_icu = flow(m, admitted, m->icu[g]);
    double ventilated = flow(m, to_icu, c->ventilated);
    double ward_deaths = flow(m, ward_out, c->death_ward[g]);
    double icu_deaths = flow(m, icu_out, c->death_icu[g]) + flow(m, icu_vent_out, c->death_icu[g]);

    s->e.x[0] += new_inf;
    s->im.x[0] += onsets - to_hospital;
    s->ih.x[0] += to_hospital;
    s->wp.x[0] += needs_icu;
    s->wo.x[0] += admitted - needs_icu;
    s->uv.x[0] += ventilated;
    s->u.x[0] += to_icu - ventilated;
    s->wa.x[0] += icu_out + icu_vent_out - icu_deaths;
    s->r += recovered_mild + ward_out - ward_deaths + after_icu_out;
    s->d += ward_deaths + icu_deaths;

    f->infections += new_inf;
    f->onsets_symptomatic_tested += onsets * c->symptomatic[g] * c->tested;
    f->admissions += admitted;
    f->icu_admissions += to_icu;
    f->deaths += ward_deaths + icu_deaths;
}

static void record_day(const model *m, int day, const day_flows *f, klar_surge_result *r,
                       double *vaccinated)
{
    double ward = 0, icu = 0, vent = 0, infectious = 0, people = 0;
    for (int g = 0; g < G; g++) {
        const group_state *s = &m->g[g];
        double wo = chain_sum(&s->wo), wp = chain_sum(&s->wp), wa = chain_sum(&s->wa);
        double u = chain_sum(&s->u), uv = chain_sum(&s->uv);
        double im = chain_sum(&s->im), ih = chain_sum(&s->ih), e = chain_sum(&s->e);
        ward += wo + wp + wa;
        icu += u + uv;
        vent += uv;
        infectious += im + ih;
        people += s->su + s->sd + s->v + s->r + s->d + e + im + ih + wo + wp + wa + u + uv;
    }
    const klar_surge_care *c = &m->p->care;
    *vaccinated += f->doses;
    r->series[KLAR_SURGE_INFECTIONS][day] = f->infections;
    r->series[KLAR_SURGE_INFECTIOUS][day] = infectious;
    r->series[KLAR_SURGE_ADMISSIONS][day] = f->admissions;
    r->series[KLAR_SURGE_ICU_ADMISSIONS][day] = f->icu_admissions;
    r->series[KLAR_SURGE_CENSUS_WARD][day] = ward;
    r->series[KLAR_SURGE_CENSUS_ICU][day] = icu;
    r->series[KLAR_SURGE_CENSUS_VENTILATED][day] = vent;
    r->series[KLAR_SURGE_DEATHS][day] = f->deaths;
    r->series[KLAR_SURGE_TESTS_DEMAND][day] = f->onsets_symptomatic_tested
        + c->tests_per_admission * f->admissions + c->tests_per_patient_day * (ward + icu)
        + c->background_tests_per_100k * m->n_total / 1e5;
    r->series[KLAR_SURGE_VACCINATED][day] = *vaccinated;
    r->people[day] = people;
}

/* 1 when no one is infected or in hospital: a stochastic epidemic that has died out, whose
 * remaining days have no flows but vaccination. */
static int burnt_out(const model *m)
{
    if (!m->rng)
        return 0;
    for (int g = 0; g < G; g++) {
        const group_state *s = &m->g[g];
        const chain *cs[] = { &s->e, &s->im, &s->ih, &s->wo, &s->wp, &s->u, &s->uv, &s->wa };
        for (size_t i = 0; i < sizeof cs / sizeof cs[0]; i++)
            for (int k = 0; k < cs[i]->k; k++)
                if (cs[i]->x[k] != 0)
                    return 0;
    }
    return 1;
}

/* ---- results ------------------------------------------------------------------------------ */

static int result_alloc(klar_surge_result *r, int days, int n_items)
{
    memset(r, 0, sizeof *r);
    r->days = days;
    r->n_items = n_items;
    size_t n = (size_t)days + 1;
    int ok = 1;
    for (int s = 0; s < KLAR_SURGE_NSERIES; s++)
        ok &= (r->series[s] = calloc(n, sizeof(double))) != NULL;
    for (int i = 0; i < n_items; i++) {
        ok &= (r->stock[i] = calloc(n, sizeof(double))) != NULL;
        ok &= (r->stock_unmet[i] = calloc(n, sizeof(double))) != NULL;
    }
    ok &= (r->people = calloc(n, sizeof(double))) != NULL;
    if (!ok)
        klar_surge_result_free(r);
    return ok ? 0 : -1;
}

void klar_surge_result_free(klar_surge_result *r)
{
    if (!r)
        return;
    for (int s = 0; s < KLAR_SURGE_NSERIES; s++)
        free(r->series[s]);
    for (int i = 0; i < KLAR_SURGE_MAX_ITEMS; i++) {
        free(r->stock[i]);
        free(r->stock_unmet[i]);
    }
    free(r->people);
    memset(r, 0, sizeof *r);
}

/* Simulates the epidemic and care pathway into r's series (capacity, staff and stocks are
 * filled in afterwards). */
static void simulate(model *m, klar_surge_result *r)
{
    double vaccinated = 0;
    int quiet = 0;
    for (int day = 0; day <= m->p->days; day++) {
        day_flows f;
        memset(&f, 0, sizeof f);
        if (day == 0)
            f.infections = m->seeded;   /* the initial seed counts as infected on day 0 */
        if (!quiet) {
            double new_inf[G];
            infect(m, day, new_inf);
            f.doses = vaccinate(m, day);
            for (int g = 0; g < G; g++)
                progress(m, g, new_inf[g], &f);
            quiet = burnt_out(m);
        } else {
            f.doses = vaccinate(m, day);
        }
        record_day(m, day, &f, r, &vaccinated);
    }
}

int klar_surge_run(const klar_surge_params *p, int stochastic, uint64_t seed,
                   klar_surge_result *out, klar_error *err)
{
    if (klar_surge_params_check(p, err) != 0)
        return -1;
    gsl_rng *rng = NULL;
    if (stochastic && !(rng = surge_rng_new(seed))) {
        klar_error_set(err, NULL, 0, "surge: out of memory");
        return -1;
    }
    if (result_alloc(out, p->days, p->n_items) != 0) {
        if (rng)
            surge_rng_free(rng);
        klar_error_set(err, NULL, 0, "surge: out of memory for %d days", p->days);
        return -1;
    }
    model m;
    model_init(&m, p, rng);
    simulate(&m, out);
    surge_capacity_fill(p, out);
    surge_stocks_fill(p, out);
    surge_summarise(p, out);
    if (rng)
        surge_rng_free(rng);
    return 0;
}

double klar_surge_basic_r0(const klar_surge_params *p)
{
    if (!(p->epi.doubling_time > 0))
        return p->epi.r0;
    model with, unit_model;
    klar_surge_params unit = *p;
    unit.epi.doubling_time = 0;
    unit.epi.r0 = 1;
    model_init(&with, p, NULL);
    model_init(&unit_model, &unit, NULL);
    return unit_model.beta > 0 ? with.beta / unit_model.beta : 0;
}
