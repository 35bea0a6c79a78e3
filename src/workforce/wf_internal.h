/* wf_internal.h - what the workforce modules share inside libklar: the table of input keys,
 * values with their provenance, the INI and age-profile readers, and the prepared model.
 * Not installed; the public contract is include/klar/workforce.h. */
#ifndef KLAR_WF_INTERNAL_H
#define KLAR_WF_INTERNAL_H

#include <stddef.h>
#include "klar/error.h"
#include "klar/ini.h"
#include "klar/workforce.h"

/* ---- input keys ------------------------------------------------------------------------- */

typedef enum { WF_NUM, WF_INT, WF_TEXT, WF_PATH } wf_kind;

/* Where a key may appear: in a profession file (and be overridden by a scenario), only in a
 * profession file (identity), or only in a scenario's [scenario] section. */
typedef enum { WF_SCOPE_PROFESSION, WF_SCOPE_IDENTITY, WF_SCOPE_SCENARIO } wf_scope;

typedef struct wf_key {
    const char *section;
    const char *name;
    wf_kind kind;
    wf_scope scope;
    int required;          /* must be given (in the profession file for profession keys) */
    double lo, hi;         /* allowed range of numbers */
    double fallback;       /* value of an optional number that is not given */
    const char *label;     /* what it is, with its unit */
    const char *unit;      /* the unit alone: "persons", "share", "FTE"; "none" for texts */
} wf_key;

/* Indices into the key table (wf_keys); the order matches keys.c. */
enum {
    K_ID, K_NAME_NB, K_NAME_EN, K_BASE_YEAR,
    K_STOCK_PERSONS, K_STOCK_WOMEN, K_STOCK_AGE, K_STOCK_FTE, K_STOCK_FTE_PER_WORKER,
    K_EDU_PLACES, K_EDU_COMPLETION, K_EDU_YEARS, K_EDU_WOMEN, K_EDU_AGE,
    K_MIG_NET, K_MIG_WOMEN, K_MIG_AGE,
    K_BEH_PARTICIPATION, K_BEH_FTE, K_BEH_EXIT, K_BEH_EXIT_EXTRA,
    K_DEM_SHORTAGE,
    K_DEM_SHARE_SPEC, K_DEM_SHARE_MUNI, K_DEM_SHARE_OTHER,
    K_DEM_USE_SPEC, K_DEM_USE_MUNI, K_DEM_USE_OTHER,
    K_DEM_STD_REF, K_DEM_STD_HIGH,
    K_DEM_STD_REF_SPEC, K_DEM_STD_REF_MUNI, K_DEM_STD_REF_OTHER,
    K_DEM_STD_HIGH_SPEC, K_DEM_STD_HIGH_MUNI, K_DEM_STD_HIGH_OTHER,
    K_REG_SOR_OST, K_REG_VEST, K_REG_MIDT, K_REG_NORD,
    K_SC_ID, K_SC_DESCRIPTION, K_SC_PROFESSION, K_SC_TO_YEAR, K_SC_START_YEAR,
    K_SC_PLACES_FACTOR, K_SC_COMPLETION_CHANGE, K_SC_RETIREMENT_SHIFT, K_SC_PARTTIME_FACTOR,
    K_SC_MIGRATION_FACTOR, K_SC_PRODUCTIVITY,
    WF_NKEYS
};

extern const wf_key wf_keys[WF_NKEYS];

/* Index of section.name in wf_keys, or -1. */
int wf_key_find(const char *section, const char *name);

/* Writes the names of the keys of a section, comma separated, into buf (for messages). */
void wf_key_list(const char *section, char *buf, size_t size);

/* 1 if a section of that name exists in the table. */
int wf_section_known(const char *section);

/* Index of a section (0..WF_NSECTIONS-1), or -1. */
#define WF_NSECTIONS 8
int wf_section_index(const char *section);

/* "section.name" of key k into buf. */
void wf_key_path(int k, char *buf, size_t size);

/* ---- values with provenance --------------------------------------------------------------- */

#define WF_TEXT_MAX 256
#define WF_SOURCE_MAX 640
#define WF_FILE_MAX 512

typedef struct wf_value {
    int set;                    /* 1 if given in the file */
    int line;                   /* line of the value */
    double num;                 /* parsed number (WF_NUM, WF_INT) */
    char text[WF_TEXT_MAX];     /* as written */
    char source[WF_SOURCE_MAX]; /* "" when no source was given */
    char file[WF_FILE_MAX];     /* file (or name) it came from */
    char dir[WF_FILE_MAX];      /* directory relative paths in it start from */
} wf_value;

/* Every key's value as read from one file. */
typedef struct wf_values {
    wf_value v[WF_NKEYS];
    int section_line[WF_NSECTIONS]; /* line of each section's header in the file */
    char file[WF_FILE_MAX];
    char dir[WF_FILE_MAX];      /* directory of the file (for relative CSV paths) */
} wf_values;

/* Which keys a file may hold. */
typedef enum { WF_FILE_PROFESSION, WF_FILE_SCENARIO } wf_file_kind;

/* Parses INI text into vals (zeroed first). Unknown sections or keys, values that do not
 * parse or lie out of range, keys given twice and lines too long are errors with file:line.
 * Returns 0 or -1. */
int wf_values_parse(const char *text, size_t len, const char *name, const char *dir,
                    wf_file_kind kind, wf_values *vals, klar_error *err);

/* Reads a whole text file (at most 4 MiB, no NUL bytes) into a NUL-terminated buffer the
 * caller frees, and its directory into dir (for relative CSV paths). NULL with err set. */
char *wf_read_text_file(const char *path, char *dir, size_t dirsize, klar_error *err);


/* ---- age profiles (CSV: age_from,age_to,male,female) ------------------------------------ */

typedef enum {
    WF_PROFILE_WEIGHTS,  /* relative weights, ages not listed are 0 */
    WF_PROFILE_RATES     /* values that must cover every age in [need_lo, need_hi] */
} wf_profile_kind;

/* Reads a profile into out[sex][age] for ages 0..KLAR_MAX_AGE (unlisted ages 0). Rates must
 * lie in [0, max_value]. Returns 0, or -1 with file:line in err. */
int wf_profile_read(const char *path, wf_profile_kind kind, int need_lo, int need_hi,
                    double max_value, double out[2][KLAR_AGES], klar_error *err);

/* Finds the CSV named by a value: relative to the file that named it, else relative to
 * fallback_dir. Writes the path into buf; returns 0, or -1 with err naming the value's line. */
int wf_resolve_path(const wf_value *v, const char *fallback_dir, char *buf, size_t size,
                    klar_error *err);

/* ---- loaded objects ----------------------------------------------------------------------- */

struct klar_profession {
    wf_values vals;
};

struct klar_wf_scenario {
    wf_values vals;
    char name[WF_TEXT_MAX];
};

/* The prepared model: everything a run needs, with no pointers to the loaded files. */
struct klar_wf_model {
    char id[WF_TEXT_MAX];
    char name_nb[WF_TEXT_MAX];
    char name_en[WF_TEXT_MAX];
    char scenario[WF_TEXT_MAX];     /* "" without a scenario */
    int base_year;
    int start_year;                 /* first year the scenario's levers act */

    /* supply, national, ages 20..74 at index age - KLAR_WF_AGE_MIN */
    double stock[2][KLAR_WF_NAGES];
    double participation[2][2][KLAR_WF_NAGES];   /* [before/after start][sex][age] */
    double fte_per_worker[2][2][KLAR_WF_NAGES];
    double exit_rate[2][KLAR_WF_NAGES];
    double graduate_profile[2][KLAR_WF_NAGES];   /* sums to 1 over sex and age */
    double migration_profile[2][KLAR_WF_NAGES];  /* sums to 1 over sex and age */
    double graduates[KLAR_WF_MAX_YEARS];         /* entering during year base+i */
    double migration[KLAR_WF_MAX_YEARS];

    /* demand */
    double base_demand[KLAR_WF_SECTORS];         /* FTE in the base year, national */
    double growth[KLAR_WF_ALTERNATIVES][KLAR_WF_SECTORS];  /* yearly factor (1+std)/(1+prod) */
    double service_use[KLAR_WF_SECTORS][2][KLAR_AGES];

    double rhf_share[KLAR_RHF_COUNT];

    /* provenance: the effective value of every key (profession, overridden by scenario) */
    wf_value vals[WF_NKEYS];
    char key_path[WF_NKEYS][48];
    int input_key[WF_NKEYS];        /* keys that were given, in table order */
    size_t ninputs;
    size_t nassumptions;
};

/* ---- the two halves of a run (supply.c, demand.c) ----------------------------------------- */

/* Projects the stock for nyears from the base year times share; fills persons, employed,
 * fte and the flows of out->years[0..nyears-1]. */
void wf_supply_run(const klar_wf_model *m, double share, int nyears, klar_wf_result *out);

/* Fills demo, demand, demand_sector and gap of out->years[0..nyears-1] from the population
 * series (pop[0] = base year) and the base demand times share. Supply must be filled. */
void wf_demand_run(const klar_wf_model *m, double share, const klar_pyramid *pop, int nyears,
                   klar_wf_result *out);

#endif
