/* draw.c - drawing the uncertain parameters of a scenario for one Monte Carlo run: each
 * declared parameter gets a value from its distribution (uniform, triangular, truncated
 * normal, lognormal), clamped to the parameter's valid range. */
#include "surge_internal.h"

#include <gsl/gsl_randist.h>
#include <math.h>
#include <string.h>

static double triangular(gsl_rng *rng, double low, double mode, double high)
{
    if (high <= low)
        return low;
    double u = gsl_rng_uniform(rng);
    double split = (mode - low) / (high - low);
    if (u < split)
        return low + sqrt(u * (high - low) * (mode - low));
    return high - sqrt((1 - u) * (high - low) * (high - mode));
}

/* A normal draw within [lo, hi]: redrawn a few times, then clamped. */
static double truncated_normal(gsl_rng *rng, double mean, double sd, double lo, double hi)
{
    double x = mean;
    for (int i = 0; i < 64; i++) {
        x = mean + sd * gsl_ran_ugaussian(rng);
        if (x >= lo && x <= hi)
            return x;
    }
    return x;
}

static double draw_one(gsl_rng *rng, const klar_surge_uncertain *u)
{
    switch (u->kind) {
    case KLAR_DIST_UNIFORM:
        return u->a + (u->b - u->a) * gsl_rng_uniform(rng);
    case KLAR_DIST_TRIANGULAR:
        return triangular(rng, u->a, u->b, u->c);
    case KLAR_DIST_NORMAL:
        return truncated_normal(rng, u->a, u->b, u->lo, u->hi);
    case KLAR_DIST_LOGNORMAL:
        return u->a * exp(u->b * gsl_ran_ugaussian(rng));
    }
    return u->a;
}

/* A drawn stay may not be shorter than its number of stages (daily steps). */
static void keep_stay_valid(klar_surge_stay *s)
{
    if (s->days < s->stages)
        s->days = s->stages;
}

static void keep_stays_valid(klar_surge_params *p)
{
    klar_surge_stay *stays[] = {
        &p->epi.latent, &p->epi.infectious, &p->care.onset_to_admission, &p->care.ward,
        &p->care.ward_before_icu, &p->care.icu_stay, &p->care.icu_ventilated,
        &p->care.ward_after_icu,
    };
    for (size_t i = 0; i < sizeof stays / sizeof stays[0]; i++)
        keep_stay_valid(stays[i]);
}

void klar_surge_draw_params(const klar_surge_params *p, uint64_t seed, klar_surge_params *out)
{
    if (out != p)
        memcpy(out, p, sizeof *out);
    if (p->n_uncertain <= 0)
        return;
    gsl_rng *rng = surge_rng_new(seed);
    if (!rng)
        return;   /* out of memory: the point values stand */
    for (int i = 0; i < p->n_uncertain && i < KLAR_SURGE_MAX_UNCERTAIN; i++) {
        const klar_surge_uncertain *u = &p->uncertain[i];
        if (u->offset + sizeof(double) > sizeof *out)
            continue;
        double x = draw_one(rng, u);
        if (x < u->lo)
            x = u->lo;
        if (x > u->hi)
            x = u->hi;
        memcpy((char *)out + u->offset, &x, sizeof x);
    }
    keep_stays_valid(out);
    surge_rng_free(rng);
}
