/* geo.h - Norway's municipalities (mapped to 2020 borders), counties, the four regional health
 * authorities (RHF), and parsing a region named on the command line. */
#ifndef KLAR_GEO_H
#define KLAR_GEO_H

#include "klar/error.h"

/* The four regional health authorities, in a fixed order. */
typedef enum {
    KLAR_RHF_SOR_OST = 0,
    KLAR_RHF_VEST = 1,
    KLAR_RHF_MIDT = 2,
    KLAR_RHF_NORD = 3,
    KLAR_RHF_COUNT = 4
} klar_rhf;

/* Short id of an RHF ("helse-sor-ost", "helse-vest", "helse-midt-norge", "helse-nord"). */
const char *klar_rhf_id(klar_rhf rhf);

/* Display name of an RHF ("Helse Sør-Øst RHF", ...). */
const char *klar_rhf_name(klar_rhf rhf);

/* The RHF with short id `id` ("helse-vest"), or -1. */
int klar_rhf_parse_id(const char *id);

/* RHF of a county code (2020 borders, e.g. 3 Oslo, 46 Vestland, 54 Troms og Finnmark; 21
 * Svalbard belongs to Helse Nord); -1 for codes that belong to no RHF. */
int klar_rhf_of_county(int county);

/* Municipalities and counties, loaded from the shipped tables in <datadir>/geo/. */
typedef struct klar_geo klar_geo;

/* Loads <datadir>/geo/municipalities.csv and counties.csv. Caller frees with klar_geo_free. */
klar_geo *klar_geo_load(const char *datadir, klar_error *err);

/* Frees a table from klar_geo_load; NULL is allowed. */
void klar_geo_free(klar_geo *geo);

/* Most 2020 municipalities one code of the past was split into (klar_geo_map_2020's max). */
#define KLAR_GEO_MAX_SPLIT 8

/* Maps municipality `code` as valid in `year` to 2020 borders: fills up to max pairs of
 * (2020 code, weight; weights sum to 1) and returns their number, 0 if the code is unknown. */
int klar_geo_map_2020(const klar_geo *geo, int code, int year, int *codes, double *weights, int max);

/* County code (2020 borders) of a 2020 municipality code, or -1 if unknown. */
int klar_geo_county_of(const klar_geo *geo, int municipality_2020);

/* Name of a 2020 municipality, or NULL. */
const char *klar_geo_municipality_name(const klar_geo *geo, int municipality_2020);

/* Number of 2020 municipalities (incl. 2100 Svalbard, 2300 continental shelf, 9999 unknown)
 * and the i-th code, in ascending order. */
int klar_geo_municipality_count(const klar_geo *geo);
int klar_geo_municipality_code(const klar_geo *geo, int i);

/* Name of any municipality code as it was in `year` (nearest period), or NULL if unknown. */
const char *klar_geo_code_name(const klar_geo *geo, int code, int year);

/* Name of a county (2020 borders), or NULL. */
const char *klar_geo_county_name(const klar_geo *geo, int county);

/* Number of counties and the i-th county code, in ascending order. */
int klar_geo_county_count(const klar_geo *geo);
int klar_geo_county_code(const klar_geo *geo, int i);

/* A region a projection can run on. */
typedef enum {
    KLAR_REGION_NATION,       /* code 0, id "NO" */
    KLAR_REGION_RHF,          /* code is a klar_rhf */
    KLAR_REGION_COUNTY,       /* code is a county code */
    KLAR_REGION_MUNICIPALITY  /* code is a 2020 municipality code */
} klar_region_kind;

typedef struct klar_region {
    klar_region_kind kind;
    int code;
    char id[48];     /* as printed in output: "NO", "helse-vest", "46", "4601" */
    char name[96];   /* display name */
} klar_region;

/* Parses "NO", an RHF id, a county code or name ("46", "Vestland") or a municipality code
 * ("4601"). Returns 0, or -1 with a message listing what is accepted (and a suggestion). */
int klar_region_parse(const klar_geo *geo, const char *text, klar_region *out, klar_error *err);

/* The nation as a region. */
klar_region klar_region_nation(void);

/* The region of an RHF. */
klar_region klar_region_of_rhf(klar_rhf rhf);

/* 1 if the county lies in the region (always for the nation), else 0. Municipal regions
 * answer for their own county only through klar_geo_county_of. */
int klar_region_has_county(const klar_region *region, int county);

#endif
