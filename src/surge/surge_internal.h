/* surge_internal.h - what the surge modules share inside libklar: random streams, the
 * draws of uncertain parameters, the naming of runs' seeds and the baseline loader. Not
 * installed; the public contract is include/klar/surge.h. */
#ifndef KLAR_SURGE_INTERNAL_H
#define KLAR_SURGE_INTERNAL_H

#include <stdint.h>
#include <gsl/gsl_rng.h>
#include "klar/surge.h"

/* A GSL generator on klar's own 64-bit stream type (xoshiro256**), seeded from all 64 bits of
 * seed, so that every Monte Carlo run has a distinct stream. NULL when out of memory; free
 * with surge_rng_free (not gsl_rng_free). */
gsl_rng *surge_rng_new(uint64_t seed);
void surge_rng_free(gsl_rng *rng);

/* The seed of run i of a Monte Carlo batch started with seed: depends on (seed, i) only. */
uint64_t surge_run_seed(uint64_t seed, int run, int stream);

/* A binomial draw of n trials (a whole number >= 0) with probability p; 0 when n is 0. */
double surge_binomial(gsl_rng *rng, double n, double p);

/* How many of `drawn` taken without replacement from marked + others are marked. */
double surge_hypergeometric(gsl_rng *rng, double marked, double others, double drawn);

/* x rounded down or up at random, up with probability x - floor(x). */
double surge_round_random(gsl_rng *rng, double x);

/* 1: the CHIME mode searches i_day as CHIME does, every candidate projected from scratch
 * (the baseline of bench_chime and the reference of test_chime); 0 (default): with the work
 * the candidates share done once. Same results either way. */
extern int surge_chime_exhaustive;

/* Days in a month of normal consumption (365.25 / 12). */
#define SURGE_DAYS_PER_MONTH 30.4375

/* After the epidemic series of r are filled: beds available, tests capacity, absence, staff
 * gaps and reserves (capacity.c), stocks (stocks.c), then the summary (summary.c). */
void surge_capacity_fill(const klar_surge_params *p, klar_surge_result *r);
void surge_stocks_fill(const klar_surge_params *p, klar_surge_result *r);
void surge_summarise(const klar_surge_params *p, klar_surge_result *r);

/* Total population of p (persons). */
double surge_population(const klar_surge_params *p);

/* klar_surge_baseline_load; when it fails because of the region itself (no regional health
 * authority, nobody registered) rather than a file, *region_fault (may be NULL) is set to 1,
 * else to 0. */
int surge_baseline_load(const char *datadir, const klar_popbase *pb, const klar_region *region,
                        klar_surge_params *p, int *region_fault, klar_error *err);

#endif
