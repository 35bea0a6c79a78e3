/* baseline.h - building the compact tables klar ships in data/ from the original sources:
 * FHI's list of Norwegian municipalities (2020 borders) and SSB table 07459 exports. */
#ifndef KLAR_BASELINE_H
#define KLAR_BASELINE_H

#include "klar/error.h"
#include "klar/geo.h"
#include "klar/population.h"
#include "klar/ssb.h"

/* Reads FHI spldata's norway_municipalities_2020_borders.csv (source_csv) and writes
 * <out_dir>/geo/municipalities.csv and <out_dir>/geo/counties.csv (creating geo/). Chains of
 * mergers are followed to the 2020 code, multiplying the weights of splits. Returns 0 or -1. */
int klar_baseline_build_geo(const char *source_csv, const char *out_dir, klar_error *err);

/* Imports every *.csv and *.json file in ssb_dir (sorted by name), keeps one file per year
 * (the first with a split by sex, else the first), sums municipalities into 2020 counties and
 * writes out_csv ("year,region,sex,age,persons", region = county code, rows with 0 persons
 * left out). When municipality_csv is not NULL, the latest year is also written there by 2020
 * municipality and 10-year age group, both sexes ("year,municipality,age_group,persons", all
 * KLAR_AGE_GROUPS groups of every municipality with anyone in it; municipalities with nobody
 * left out). Fills up to max totals of the kept years in totals (may be NULL) and *ntotals.
 * Returns 0 or -1. */
int klar_baseline_build_population(const char *ssb_dir, const klar_geo *geo, const char *out_csv,
                                   const char *municipality_csv, klar_ssb_year_total *totals, int max,
                                   int *ntotals, klar_error *err);

/* Writes (or updates) the section about these tables in <out_dir>/README.md between marker
 * comments, keeping whatever else the file says. command_line is how the tables were made. */
int klar_baseline_write_readme(const char *out_dir, const char *command_line, klar_error *err);

#endif
