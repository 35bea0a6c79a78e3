/* rng.c - random streams for the stochastic surge model: a GSL generator type running
 * xoshiro256** (Blackman and Vigna), seeded through splitmix64 from a full 64-bit seed, and
 * GSL's binomial sampler on top of it. GSL's own generators take 32-bit seeds, which would let
 * two of 10 000 Monte Carlo runs share a stream. */
#include "surge_internal.h"

#include <gsl/gsl_randist.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

typedef struct xoshiro_state {
    uint64_t s[4];
} xoshiro_state;

static uint64_t splitmix64(uint64_t *x)
{
    uint64_t z = (*x += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

static uint64_t rotl(uint64_t x, int k)
{
    return (x << k) | (x >> (64 - k));
}

static uint64_t xoshiro_next(xoshiro_state *st)
{
    uint64_t *s = st->s;
    uint64_t result = rotl(s[1] * 5, 7) * 9;
    uint64_t t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 45);
    return result;
}

static void xoshiro_seed(xoshiro_state *st, uint64_t seed)
{
    uint64_t x = seed;
    for (int i = 0; i < 4; i++)
        st->s[i] = splitmix64(&x);
}

static void xoshiro_set(void *state, unsigned long seed)
{
    xoshiro_seed(state, (uint64_t)seed);
}

static unsigned long xoshiro_get(void *state)
{
    return (unsigned long)(xoshiro_next(state) >> 32);
}

/* Uniform on [0, 1) with 53 random bits. */
static double xoshiro_get_double(void *state)
{
    return (double)(xoshiro_next(state) >> 11) * 0x1.0p-53;
}

static const gsl_rng_type xoshiro_type = {
    "klar-xoshiro256**", 0xFFFFFFFFUL, 0, sizeof(xoshiro_state),
    xoshiro_set, xoshiro_get, xoshiro_get_double
};

/* Allocated here rather than by gsl_rng_alloc, whose default error handler aborts the program
 * when memory runs out; seeded with all 64 bits even where long has 32. */
gsl_rng *surge_rng_new(uint64_t seed)
{
    gsl_rng *r = malloc(sizeof *r);
    xoshiro_state *st = malloc(sizeof *st);
    if (!r || !st) {
        free(r);
        free(st);
        return NULL;
    }
    xoshiro_seed(st, seed);
    r->type = &xoshiro_type;
    r->state = st;
    return r;
}

void surge_rng_free(gsl_rng *r)
{
    if (!r)
        return;
    free(r->state);
    free(r);
}

uint64_t surge_run_seed(uint64_t seed, int run, int stream)
{
    uint64_t x = seed;
    uint64_t a = splitmix64(&x);
    x = a ^ ((uint64_t)(unsigned)run << 8) ^ (uint64_t)(unsigned)stream;
    splitmix64(&x);
    return splitmix64(&x);
}

/* GSL's sampler counts in an int: larger n are drawn in chunks whose binomials add up. */
double surge_binomial(gsl_rng *rng, double n, double p)
{
    if (!(n > 0) || !(p > 0))      /* also NaN */
        return 0;
    if (p >= 1)
        return n;
    if (!isfinite(n))
        return n * p;
    double drawn = 0;
    while (n > INT_MAX) {
        drawn += gsl_ran_binomial(rng, p, (unsigned int)INT_MAX);
        n -= INT_MAX;
    }
    return drawn + gsl_ran_binomial(rng, p, (unsigned int)n);
}

double surge_hypergeometric(gsl_rng *rng, double marked, double others, double drawn)
{
    if (!(drawn > 0) || !(marked > 0))
        return 0;
    if (!(others > 0))
        return drawn < marked ? drawn : marked;
    if (marked + others > INT_MAX)   /* beyond GSL's counts: the binomial is as good */
        return surge_binomial(rng, drawn, marked / (marked + others));
    if (drawn > marked + others)
        drawn = marked + others;
    return gsl_ran_hypergeometric(rng, (unsigned int)marked, (unsigned int)others,
                                  (unsigned int)drawn);
}

/* floor(x), plus one with probability x - floor(x): unbiased whole numbers. */
double surge_round_random(gsl_rng *rng, double x)
{
    double whole = floor(x);
    return whole + (gsl_rng_uniform(rng) < x - whole ? 1 : 0);
}
