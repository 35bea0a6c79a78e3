/* runs.h - engine runs as JSON results: the crisis surge simulation (klar/surge.h) and the
 * workforce projection (klar/workforce.h) assembled from a scenario text (the INI format of
 * scenarios/NAME.ini), the shipped data and a region, for callers that hold parameters as text
 * (the server's runs endpoints, stored scenarios); and the JSON of a run that the command line
 * prints too. Knows nothing of HTTP. Every number in a result says its unit.
 *
 * Scenario text run here reads no file it names: a surge contact matrix must be "uniform", and
 * a workforce age profile may only be the bare name of a CSV shipped in <datadir>/professions/
 * (as the Helsemod scenarios use); paths are refused with the line that gives them.
 *
 * Runs that fail set err; err->field names the input to blame ("parameters", "region",
 * "runs", "profession", "to_year") with code KLAR_ERR_INVALID, or is "" with KLAR_ERR_FAILED
 * when the input is not at fault (the shipped data, memory): a server answers 400 naming the
 * field, or 500. Messages about the
 * text read "line N: reason" and name data files as "data/...". datadir NULL means
 * klar_datadir(). */
#ifndef KLAR_RUNS_H
#define KLAR_RUNS_H

#include <stddef.h>
#include <stdint.h>

#include "klar/error.h"
#include "klar/nowcast.h"
#include "klar/surge.h"
#include "klar/workforce.h"

struct json_t;
struct klar_store;
struct klar_org;
struct klar_org_tree;

#define KLAR_RUN_MAX_RUNS 10000      /* Monte Carlo runs a surge run may ask for at most */
#define KLAR_RUN_MAX_TEXT 65536      /* bytes of scenario text (as a stored scenario holds) */

/* ---- runs on scenario text ---------------------------------------------------------------- */

/* Checks text as parameters of engine ("surge" or "workforce") as a run would read them (a
 * surge text on its own region, else NO; a workforce text with the profession it names).
 * Returns 0, or -1 with err ("line N: reason"). */
int klar_run_check_parameters(const char *datadir, const char *engine, const char *text,
                              klar_error *err);

/* Limits on the work of one surge run (a server's, by the caller's role); 0 or NULL members
 * set no limit. A run over a limit fails before it starts, or, stopped, when stop says so,
 * with err code KLAR_ERR_LIMIT and field "runs" or "parameters" (the days of the text). */
typedef struct klar_run_limits {
    int max_runs;                /* Monte Carlo runs (at most KLAR_RUN_MAX_RUNS anyway) */
    int max_days;                /* days the scenario may simulate */
    size_t max_bytes;            /* memory the Monte Carlo runs may hold (klar_surge_mc_bytes) */
    klar_surge_stop_fn stop;     /* asked between runs, from the run's threads: nonzero stops */
    void *stop_ctx;
    const char *who;             /* whom the limits are for, in messages ("a viewer") */
} klar_run_limits;

/* Runs the surge scenario text on region (NULL or "": the text's region, else NO): the
 * deterministic run, and with runs of 1..KLAR_RUN_MAX_RUNS also that many Monte Carlo runs
 * from seed on threads, within limits (NULL: none). A new object {"engine", "inputs",
 * "summary", "units", "days"}, or NULL with err. */
struct json_t *klar_run_surge(const char *datadir, const char *text, const char *region,
                              int runs, uint64_t seed, int threads,
                              const klar_run_limits *limits, klar_error *err);

/* A surge run as klar_run_surge_with takes it. */
typedef struct klar_run_surge_request {
    const char *text;              /* the scenario text */
    const char *region;            /* NULL or "": the text's region, else NO */
    int runs;                      /* Monte Carlo runs, 0..KLAR_RUN_MAX_RUNS */
    uint64_t seed;
    int threads;
    const klar_run_limits *limits; /* NULL: none */
    const struct json_t *figures;  /* a registry's figures (klar_run_registry_figures) put over
                                      the shipped baseline; NULL: the shipped baseline only */
} klar_run_surge_request;

/* klar_run_surge for rq. The result's "inputs" also has "figures" (every count and item
 * figure: value, unit, and "from": "shipped" with file, lines and rule, "registry" with the
 * organisation and records {kind, id, version, org_id}, or "parameters" with the text's line)
 * and "registry" (null, or the organisation, registered figures not used and why, and the
 * hospital trusts without capacity records). */
struct json_t *klar_run_surge_with(const char *datadir, const klar_run_surge_request *rq,
                                   klar_error *err);

/* The registry's figures for a surge run for organisation org, summed over its subtree with
 * the records they come from (run_figures.c gives the rules): capacity by bed category,
 * stocks by item and unit, reserves by profession. A new object to keep with a run and give
 * to klar_run_surge_with, or NULL with err (field "org_id" for an unknown organisation). */
struct json_t *klar_run_registry_figures(struct klar_store *s, const char *org,
                                         klar_error *err);

/* The region a run for an organisation of type `type` and id `id` is for, into out: "NO" for
 * the national level (ministry, directorate, agency), the id of an RHF, HF or municipality.
 * 0, or -1 when the type has no region of its own (a county governor: run for a county). */
int klar_run_org_region(const char *type, const char *id, char *out, size_t size);

/* The organisation of the tree that stands for region: for NO the national one
 * (klar_org_tree_national), for an RHF, HF or municipality the organisation of that id; NULL
 * when none does (a county). */
const struct klar_org *klar_run_region_org(const struct klar_org_tree *t, const char *region);

/* The parameters klar_run_surge_with runs for text on region with figures (NULL: none), for a
 * caller that runs the engine itself (the command line); *used (may be NULL) gets a new array
 * of every count and item figure with where it came from, as a result's inputs.figures, and
 * *unused the registered figures not used, and why. 0, or -1 with err. */
int klar_run_surge_params(const char *datadir, const char *text, const char *region,
                          const struct json_t *figures, klar_surge_params *p,
                          struct json_t **used, struct json_t **unused, klar_error *err);

/* Projects the workforce of profession (an id in <datadir>/professions/; NULL: the one the
 * text names) with the scenario text (NULL: none) for region (NULL, "" or "NO": the nation as
 * the sum of the four RHFs; or an RHF id) to to_year (0: the text's to_year, else 2050). A
 * new object {"engine", "inputs", and klar_run_wf_json's members}, or NULL with err. */
struct json_t *klar_run_workforce(const char *datadir, const char *profession,
                                  const char *text, const char *region, int to_year,
                                  klar_error *err);

/* The keys a scenario text of engine may set, for a form over them: {"engine", "sections":
 * [{"section", "line", "keys": [{"key", "path", "kind", "min", "max", "unit", "default",
 * "value", "line", ...}]}], "error"}, with the defaults of region (surge; NULL: the text's,
 * else NO) or of profession (workforce; NULL: the text's), what text (may be NULL) sets on
 * which line, and the first complaint of klar_run_check_parameters with the key on its line.
 * NULL with err (field "engine", "region" or "profession"). */
struct json_t *klar_run_parameter_keys(const char *datadir, const char *engine,
                                       const char *text, const char *region,
                                       const char *profession, klar_error *err);

/* ---- results kept and compared (run_series.c) ---------------------------------------------- */

#define KLAR_RUN_COMPARE_MAX 8     /* runs one comparison takes at most */

/* The summary lists and comparisons show of a result: a surge run's "summary"; for a
 * workforce projection {"year" (the last), "unit", "<alternative>": {supply_fte, demand_fte,
 * gap_fte}}. A new object, NULL out of memory. */
struct json_t *klar_run_summary(const struct json_t *result);

/* The series of a result as rows for a spreadsheet: one object a day (surge: "day", "date"
 * when the result has dates, every series, "stock.<id>", bands as "<series>.p5" ...) or a year
 * (workforce: "year", then "<alternative>.<measure>"); every member but day, date and year is
 * named with its unit in brackets ("census_icu (patients)"). A new array, NULL out of memory. */
struct json_t *klar_run_series_rows(const struct json_t *result);

/* 2..KLAR_RUN_COMPARE_MAX stored runs of one engine (as klar_runstore_get gives them) side by
 * side: {"engine", "axis" ("day" or "year"), "runs" (their headers), "x" (every day or year
 * of any of them), "series": {"<column>": [[a value per x, null where that run has none] per
 * run]}, "summary": {"<measure>": {"values", "differences" (each minus the first run's)}}}.
 * NULL with err (field "ids") for too few or many runs or runs of two engines. */
struct json_t *klar_run_compare(struct json_t *const *runs, size_t n, klar_error *err);

/* ---- surge results as JSON (also `klar surge --format json` and --summary) ---------------- */

/* The summary of a run: the central run's figures, "units", and "monte_carlo" (percentiles of
 * mc, or null when mc is NULL). scenario_file (NULL: left out) names the file it came from. */
struct json_t *klar_run_surge_summary_json(const klar_surge_params *p,
                                           const klar_surge_result *r, const klar_surge_mc *mc,
                                           uint64_t seed, int threads,
                                           const char *scenario_file);

/* {"summary", "units" (of every series and stock item), "days": one object a day with every
 * series, "stock" and, with mc, "bands" (p5/p50/p95 of each series)}. NULL out of memory. */
struct json_t *klar_run_surge_json(const klar_surge_params *p, const klar_surge_result *r,
                                   const klar_surge_mc *mc, uint64_t seed, int threads,
                                   const char *scenario_file);

/* ---- the nowcast ------------------------------------------------------------------------ */

/* A nowcast of p on census c made with o as JSON: {"engine": "nowcast", "inputs" (scenario,
 * region, window, draws, seed, how measures are read, the assumptions), "fit" (doubling time,
 * growth, infections and infectious persons with p5/p50/p95), "summary" (peaks with dates,
 * shares of draws over capacity), "units", "days" (a row a day from `from` with the reported
 * census and the bands)}. NULL out of memory. */
struct json_t *klar_run_nowcast_json(const klar_surge_params *p, const klar_census *c,
                                     const klar_nowcast_options *o, const klar_nowcast *nc);

/* The census of days from..to (day numbers) from the situation reports of org's subtree
 * (patients_in_hospital, patients_in_icu), summed per day over the organisations that
 * reported; where an organisation and one below it both report, the finer reports count
 * (run_census.c). *reports_used gets how many reported figures were summed. 0, or -1 with err. */
int klar_run_census_from_reports(struct klar_store *s, const char *org, long long from,
                                 long long to, klar_census *out, int *reports_used,
                                 klar_error *err);

/* ---- the workforce projection's assembly (also `klar workforce`) -------------------------- */

/* The region of a workforce run into *rhf: -1 for NULL, "NO" or "no" (the nation), else the
 * RHF with that id. 0, or -1 with "unknown region 'x' (did you mean ...); use NO, ...". */
int klar_run_wf_region(const char *text, int *rhf, klar_error *err);

/* Loads the shipped profession id from <datadir>/professions/. NULL with err: *unknown (may be
 * NULL) is 1 when id is none of the shipped ones (the message suggests the nearest), 0 when
 * its file fails to load. The caller frees the result with klar_profession_free. */
klar_profession *klar_run_wf_profession(const char *datadir, const char *id, int *unknown,
                                        klar_error *err);

/* The shipped professions as a new array of {"id", "name_nb", "name_en", "base_year"}, sorted
 * by id, or NULL with err. */
struct json_t *klar_run_wf_professions(const char *datadir, klar_error *err);

/* The last year a projection shows by default: the scenario's to_year (s may be NULL), else
 * 2050, or the base year + 18 from a base year of 2050 on. */
int klar_run_wf_default_to(const klar_wf_model *m, const klar_wf_scenario *s);

/* Projects the population of the four RHFs from the model's base year to to_year (shipped
 * population and assumptions) and runs m for rhf (-1: the nation as the sum of the RHFs).
 * 0, or -1 with err. */
int klar_run_wf_project(const char *datadir, const klar_wf_model *m, int rhf, int to_year,
                        klar_wf_result *out, klar_error *err);

/* The projection as JSON: "profession", "region", "base_year", "from", "to", "scenario",
 * "units", "national", "assumptions" and "sources" (every input with its file and line) and
 * "rows" (one per year from `from` and alternative). NULL out of memory. */
struct json_t *klar_run_wf_json(const klar_wf_model *m, int rhf, int from, int to,
                                const klar_wf_result *res);

#endif
