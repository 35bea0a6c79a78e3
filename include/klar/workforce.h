/* workforce.h - the Helsemod-class workforce model: supply of one health profession by sex and
 * single-year age as a stock-flow projection, demand by sector driven by demography and a
 * yearly standard change, and the gap between them, nationally and per RHF.
 *
 * Use in three steps, each owning what it returns:
 *   1. load    klar_profession_load() and (optionally) klar_wf_scenario_load(): INI files,
 *              every value with its source or labelled an assumption;
 *   2. prepare klar_wf_model_new(): applies the scenario, reads the age profiles (CSV) and
 *              calibrates the base year; done once per profession and scenario;
 *   3. run     klar_wf_run() / klar_wf_run_nation(): no allocation, no I/O, takes a population
 *              series that was projected once per region and is shared by every profession.
 * The model knows nothing of the command line. See docs/workforce.md for the equations. */
#ifndef KLAR_WORKFORCE_H
#define KLAR_WORKFORCE_H

#include <stddef.h>
#include "klar/error.h"
#include "klar/geo.h"
#include "klar/population.h"

#define KLAR_WF_AGE_MIN 20                                   /* youngest age in the stock */
#define KLAR_WF_AGE_MAX 74                                   /* oldest; at 75 persons leave */
#define KLAR_WF_NAGES (KLAR_WF_AGE_MAX - KLAR_WF_AGE_MIN + 1)
#define KLAR_WF_MAX_YEARS 101                                /* base year and 100 more */

/* Sectors of demand. */
typedef enum {
    KLAR_WF_SPECIALIST = 0,   /* specialist health services (hospitals) */
    KLAR_WF_MUNICIPAL = 1,    /* municipal health and care services */
    KLAR_WF_OTHER = 2,        /* everything else the profession's FTE covers */
    KLAR_WF_SECTORS = 3
} klar_wf_sector;

/* Demand alternatives. */
typedef enum {
    KLAR_WF_DEMOGRAPHY = 0,   /* demography only: standard change 0 */
    KLAR_WF_REFERENCE = 1,    /* demography and the reference standard change */
    KLAR_WF_HIGH = 2,         /* demography and the high standard change */
    KLAR_WF_ALTERNATIVES = 3
} klar_wf_alternative;

/* "specialist", "municipal", "other". */
const char *klar_wf_sector_id(klar_wf_sector k);

/* "demography", "reference", "high". */
const char *klar_wf_alternative_id(klar_wf_alternative alt);

/* ---- 1. load ---------------------------------------------------------------------------- */

/* A profession as read from its INI file (data/professions/<id>.ini). Opaque. */
typedef struct klar_profession klar_profession;

/* Reads a profession file. Relative CSV paths in it are resolved against its directory.
 * Returns NULL with "file:line: reason" in err. Caller frees with klar_profession_free. */
klar_profession *klar_profession_load(const char *path, klar_error *err);

/* The same from text in memory; name is used in messages, dir resolves relative CSV paths. */
klar_profession *klar_profession_parse(const char *text, const char *name, const char *dir,
                                       klar_error *err);

/* Frees a profession; NULL is allowed. */
void klar_profession_free(klar_profession *p);

/* The profession's id ("bioingenior"), names in Norwegian (bokmål) and English, base year. */
const char *klar_profession_id(const klar_profession *p);
const char *klar_profession_name_nb(const klar_profession *p);
const char *klar_profession_name_en(const klar_profession *p);
int klar_profession_base_year(const klar_profession *p);

/* Ids of the professions in dir (every <id>.ini), sorted. Returns the count and a NULL-
 * terminated array the caller frees with klar_profession_list_free, or -1 with err set. */
int klar_profession_list(const char *dir, char ***ids, klar_error *err);

/* Frees a list from klar_profession_list; NULL is allowed. */
void klar_profession_list_free(char **ids);

/* A scenario (scenarios/NAME.ini): levers in [scenario] plus overrides of any profession value.
 * Opaque. */
typedef struct klar_wf_scenario klar_wf_scenario;

/* Reads a scenario file. Returns NULL with "file:line: reason" in err. Caller frees. */
klar_wf_scenario *klar_wf_scenario_load(const char *path, klar_error *err);

/* The same from text in memory; dir resolves relative CSV paths named in overrides. */
klar_wf_scenario *klar_wf_scenario_parse(const char *text, const char *name, const char *dir,
                                         klar_error *err);

/* Frees a scenario; NULL is allowed. */
void klar_wf_scenario_free(klar_wf_scenario *s);

/* The scenario's name (its id, or the file name without .ini) and description (may be ""). */
const char *klar_wf_scenario_name(const klar_wf_scenario *s);
const char *klar_wf_scenario_description(const klar_wf_scenario *s);

/* The profession the scenario is written for, or NULL if it names none. */
const char *klar_wf_scenario_profession(const klar_wf_scenario *s);

/* The last year the scenario asks to show ([scenario] to_year), or 0 if it sets none. */
int klar_wf_scenario_to_year(const klar_wf_scenario *s);

/* One key a workforce scenario file may set (for forms over them): a [scenario] lever, or a
 * profession value it overrides. Strings are static. */
typedef struct klar_wf_key_info {
    const char *section;      /* "scenario", "education", "demand", ... */
    const char *name;         /* "study_places_factor", "std.reference" */
    int is_number;            /* 1: a number; 0: a text or a CSV name */
    int is_integer;           /* 1: a whole number */
    int is_lever;             /* 1: a [scenario] key; 0: a profession value overridden */
    double min, max;          /* allowed range of a number */
    double neutral;           /* a lever's value when not given (0 for profession values) */
    const char *label;        /* what it is, in English, with its unit */
    const char *unit;         /* "persons", "share", "FTE", "factor", ...; "none" for texts */
} klar_wf_key_info;

/* Number of keys a scenario may set (a profession's identity is not among them). */
size_t klar_wf_key_count(void);

/* The i-th of them into out. Returns 0, or -1 when i >= klar_wf_key_count(). */
int klar_wf_key_at(size_t i, klar_wf_key_info *out);

/* ---- 2. prepare ------------------------------------------------------------------------- */

/* A profession with a scenario applied, its profiles read and its base year calibrated. */
typedef struct klar_wf_model klar_wf_model;

/* Builds a model. scenario may be NULL. Errors name the file and line of the offending value
 * (profession, scenario or CSV). Caller frees with klar_wf_model_free. */
klar_wf_model *klar_wf_model_new(const klar_profession *p, const klar_wf_scenario *scenario,
                                 klar_error *err);

/* Frees a model; NULL is allowed. */
void klar_wf_model_free(klar_wf_model *m);

/* Base year of the model (the profession's, or the scenario's override). */
int klar_wf_model_base_year(const klar_wf_model *m);

/* Id and name (Norwegian, or English when english != 0) of the model's profession; the model
 * keeps its own copies. */
const char *klar_wf_model_profession_id(const klar_wf_model *m);
const char *klar_wf_model_profession_name(const klar_wf_model *m, int english);

/* Name of the scenario, or NULL when built without one. */
const char *klar_wf_model_scenario_name(const klar_wf_model *m);

/* Share of the profession (stock, flows and base demand) in one RHF. */
double klar_wf_model_rhf_share(const klar_wf_model *m, klar_rhf rhf);

/* One input value with its provenance. */
typedef struct klar_wf_input {
    const char *key;          /* "stock.persons" */
    const char *label;        /* "persons educated, base year (persons)" */
    const char *value;        /* as written in the file */
    const char *source;       /* the source given, or NULL: then the value is an assumption */
    const char *file;         /* file the value came from */
    int line;                 /* line in that file */
} klar_wf_input;

/* Number of inputs the model used, and the i-th (0 <= i < count); strings owned by m. */
size_t klar_wf_model_input_count(const klar_wf_model *m);
klar_wf_input klar_wf_model_input(const klar_wf_model *m, size_t i);

/* Number of inputs without a source (assumptions). */
size_t klar_wf_model_assumption_count(const klar_wf_model *m);

/* ---- 3. run ----------------------------------------------------------------------------- */

/* One year of a run. Stock and FTE are on 1 January; flows are during the year, so that
 * persons(t+1) = persons(t) + graduates(t) + migration(t) - exits(t) exactly. */
typedef struct klar_wf_year {
    int year;
    double persons;                 /* stock aged 20-74 educated in the profession (persons) */
    double employed;                /* of them working in the covered sectors (persons) */
    double fte;                     /* supply: FTE (årsverk) they perform */
    double graduates;               /* new graduates entering the stock during the year */
    double migration;               /* net immigration during the year (may be negative) */
    double exits;                   /* deaths, emigration, leaving and ageing past 74 */
    double demo[KLAR_WF_SECTORS];   /* demographic driver demo_k(t), 1 in the base year */
    double demand[KLAR_WF_ALTERNATIVES];                     /* demand (FTE) */
    double demand_sector[KLAR_WF_ALTERNATIVES][KLAR_WF_SECTORS];
    double gap[KLAR_WF_ALTERNATIVES];                        /* demand - supply FTE */
} klar_wf_year;

/* A run from the base year to a last year; years[0] is the base year. */
typedef struct klar_wf_result {
    int base_year;
    int nyears;
    klar_wf_year years[KLAR_WF_MAX_YEARS];
} klar_wf_result;

/* Runs one RHF: stock, flows and base demand are the model's share for that RHF; demand is
 * driven by pop, the RHF's population series with pop[0] in the model's base year and npop
 * years. to_year must lie within the series. Returns 0, or -1 with err set. */
int klar_wf_run(const klar_wf_model *m, klar_rhf rhf, const klar_pyramid *pop, int npop,
                int to_year, klar_wf_result *out, klar_error *err);

/* Runs the whole country as one unit (share 1) on the national population series. Its supply
 * equals the sum of the four RHF runs; its demand does not exactly (the drivers differ). */
int klar_wf_run_whole(const klar_wf_model *m, const klar_pyramid *pop, int npop, int to_year,
                      klar_wf_result *out, klar_error *err);

/* The national result as the sum of the four RHF runs (pop[r] is the series of RHF r). */
int klar_wf_run_nation(const klar_wf_model *m, const klar_pyramid *const pop[KLAR_RHF_COUNT],
                       int npop, int to_year, klar_wf_result *out, klar_error *err);

/* Adds every quantity of part to sum (same base year and length; the demo drivers are
 * combined as base-demand-weighted averages). Returns 0, or -1 if they do not match. */
int klar_wf_result_add(klar_wf_result *sum, const klar_wf_result *part);

/* ---- population series shared by runs --------------------------------------------------- */

/* The projected population of the four RHFs, one pyramid per year from first_year. */
typedef struct klar_wf_popseries {
    int first_year;
    int nyears;
    klar_pyramid *rhf[KLAR_RHF_COUNT];   /* owned; each holds nyears pyramids */
} klar_wf_popseries;

/* Projects every RHF once from the observed population of `from` to `to`. Returns 0, or -1
 * with err set. Free with klar_wf_popseries_free. */
int klar_wf_popseries_project(const klar_popbase *pb, const klar_pop_assumptions *a, int from,
                              int to, klar_wf_popseries *out, klar_error *err);

/* Frees the pyramids and zeroes the series; NULL is allowed. */
void klar_wf_popseries_free(klar_wf_popseries *s);

#endif
