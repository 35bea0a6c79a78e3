/* run_surge.c - a surge run on scenario text: the region (the caller's, else the text's, else
 * NO) with its population and baseline, the text read onto them, the deterministic run and the
 * Monte Carlo runs, and the result as JSON with the inputs it used. Blame goes to the input at
 * fault: "region" for the caller's region, "parameters" for the text (its region included),
 * "runs" for too many runs, none for the shipped data. */
#include "runs_internal.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "klar/population.h"

#define POPULATION_SOURCE "Statistics Norway (SSB), table 07459, as shipped in data/population.csv"

/* Puts region `want`, its population and its baseline onto p, and where the baseline's figures
 * come from into rf (may be NULL). */
static int load_region(const char *datadir, const char *want, klar_surge_params *p, int *year,
                       run_figures *rf, klar_error *err)
{
    klar_popbase *pb = klar_popbase_load(datadir, err);
    if (!pb)
        return -1;
    klar_region r;
    klar_surge_baseline_source *src = NULL;
    int n = 0;
    int rc = klar_region_parse(klar_popbase_geo(pb), want, &r, err) != 0 ||
             klar_popbase_age_groups(pb, datadir, &r, p->population, year, err) != 0 ||
             klar_surge_baseline_load(datadir, pb, &r, p, err) != 0 ? -1 : 0;
    if (rc == 0 && rf) {
        src = malloc(KLAR_SURGE_BASELINE_SOURCES * sizeof *src);
        if (!src || klar_surge_baseline_sources(datadir, pb, &r, p, src, &n, err) != 0 ||
            run_figures_shipped(rf, src, n) != 0) {
            if (!src)
                klar_error_set(err, NULL, 0, "out of memory");
            rc = -1;
        }
    }
    free(src);
    klar_popbase_free(pb);
    if (rc == 0) {
        snprintf(p->region_id, sizeof p->region_id, "%s", r.id);
        snprintf(p->region_name, sizeof p->region_name, "%s", r.name);
    }
    return rc;
}

/* Blames a failed region on whoever chose it: the caller ("region"), the text ("parameters",
 * with the line that names it), or nobody (the default NO, or the shipped data failing). */
static int blame_region(const char *datadir, const char *region, const run_text *t,
                        klar_error *err)
{
    const char *field = NULL;
    if (run_error_names_datadir(err, datadir)) {
        field = NULL;
    } else if (region && *region) {
        field = "region";
    } else if (t->region[0]) {
        klar_error inner = *err;
        klar_error_set(err, NULL, 0, "line %d: 'region': %s", t->region_line, inner.message);
        field = "parameters";
    }
    run_error_tidy(err, datadir);
    return run_blame(err, field);
}

int run_surge_load(const char *datadir, const char *text, const char *region,
                   const json_t *figures, klar_surge_params *p, int *year, run_figures *rf,
                   klar_error *err)
{
    run_text t;
    datadir = run_datadir(datadir);
    if (run_text_scan("surge", text, &t, err) != 0)
        return run_blame(err, "parameters");
    klar_surge_params_defaults(p);
    const char *want = region && *region ? region : t.region[0] ? t.region : "NO";
    if (load_region(datadir, want, p, year, rf, err) != 0)
        return blame_region(datadir, region, &t, err);
    run_figures none;
    if (figures && !rf && run_figures_init(&none, err) != 0)
        return run_blame(err, NULL);
    int rc = figures ? run_figures_apply(rf ? rf : &none, p, figures, err) : 0;
    if (figures && !rf)
        run_figures_free(&none);
    if (rc != 0)
        return -1;
    if (klar_surge_scenario_parse(text, strlen(text), RUN_TEXT_NAME, p, err) != 0) {
        run_error_tidy(err, datadir);
        return run_blame(err, "parameters");
    }
    if (rf)
        run_figures_text(rf, text);
    return 0;
}

/* ---- the result ----------------------------------------------------------------------------- */

/* What the caller asked for, and where the figures came from. */
typedef struct run_surge_args {
    const char *text, *region;
    int runs;
    uint64_t seed;
    int threads;
    const klar_run_limits *limits;   /* never NULL */
    const json_t *figures;           /* the registry's, or NULL */
    run_figures *rf;
} run_surge_args;

static json_t *uncertain_json(const klar_surge_params *p)
{
    json_t *a = json_array();
    for (int i = 0; a && i < p->n_uncertain; i++)
        json_array_append_new(a, json_string(p->uncertain[i].key));
    return a;
}

/* Who chose the region: the caller, the text, or nobody (NO). */
static const char *chosen_by(const char *text, const char *region)
{
    char named[128];
    if (region && *region)
        return "caller";
    if (klar_surge_scenario_region(text, strlen(text), named, sizeof named) == 0 && named[0])
        return "parameters";
    return "default";
}

static json_t *inputs_json(const klar_surge_params *p, const run_surge_args *a, int year)
{
    double population = 0;
    char date[16];
    for (int g = 0; g < KLAR_SURGE_GROUPS; g++)
        population += p->population[g];
    snprintf(date, sizeof date, "%d-01-01", year);
    return json_pack(
        "{s:s, s:{s:s, s:s, s:s}, s:{s:f, s:s, s:s, s:s}, s:{s:i, s:s}, s:i, s:o, s:o, s:s, s:s}",
        "scenario", p->name,
        "region", "id", p->region_id, "name", p->region_name, "chosen_by",
        chosen_by(a->text, a->region),
        "population", "value", population, "unit", "persons", "date", date, "source",
        POPULATION_SOURCE,
        "days", "value", p->days, "unit", "days",
        "monte_carlo_runs", a->runs, "seed",
        a->runs > 0 ? json_integer((json_int_t)a->seed) : json_null(),
        "uncertain_parameters", uncertain_json(p),
        "baseline", "beds, staff and stock items of the region from data/surge/capacity.csv and "
        "data/surge/items.csv (rows marked 'assumption:' there are estimates, not measurements), "
        "replaced by the registry's figures where the run's organisation has them (figures)",
        "assumptions", "the scenario text gives its sources and marks its assumptions in its "
        "comments; values it leaves out are klar's defaults (docs/surge-scenarios.md)");
}

/* The registry's part of the inputs: {"org_id", "org_name", "not_used", "trusts_without_capacity"}
 * or null. */
static json_t *registry_json(const run_surge_args *a)
{
    if (!a->figures)
        return json_null();
    return json_pack("{s:O, s:O, s:O, s:O}", "org_id", json_object_get(a->figures, "org_id"),
                     "org_name", json_object_get(a->figures, "org_name"), "not_used",
                     a->rf->unused, "trusts_without_capacity",
                     json_object_get(a->figures, "trusts_without_capacity"));
}

/* The inputs with every count and item figure the run used and where it came from. */
static json_t *all_inputs_json(klar_surge_params *p, const run_surge_args *a, int year)
{
    json_t *in = inputs_json(p, a, year);
    if (in && (json_object_set_new(in, "figures", run_figures_json(a->rf, p)) != 0 ||
               json_object_set_new(in, "registry", registry_json(a)) != 0)) {
        json_decref(in);
        return NULL;
    }
    return in;
}

/* {"engine", "inputs"} followed by the members of klar_run_surge_json. */
static json_t *result_json(klar_surge_params *p, const klar_surge_result *r,
                           const klar_surge_mc *mc, const run_surge_args *a, int year)
{
    json_t *root = json_pack("{s:s, s:o}", "engine", "surge", "inputs",
                             all_inputs_json(p, a, year));
    json_t *rest = klar_run_surge_json(p, r, mc, a->seed, a->threads, NULL);
    if (!root || !rest || json_object_update(root, rest) != 0) {
        json_decref(root);
        root = NULL;
    }
    json_decref(rest);
    return root;
}

/* The runs and the result; a failure here blames no input (nothing is the caller's fault). */
static json_t *simulate(klar_surge_params *p, const run_surge_args *a, int year,
                        klar_error *err)
{
    klar_surge_result r;
    klar_surge_mc mc;
    if (klar_surge_run(p, 0, 0, &r, err) != 0)
        return NULL;
    if (a->runs > 0 && klar_surge_montecarlo_until(p, a->runs, a->seed, a->threads,
                                                   a->limits->stop, a->limits->stop_ctx, &mc,
                                                   err) != 0) {
        klar_surge_result_free(&r);
        return NULL;
    }
    json_t *o = result_json(p, &r, a->runs > 0 ? &mc : NULL, a, year);
    if (!o)
        klar_error_set(err, NULL, 0, "out of memory encoding the result");
    klar_surge_result_free(&r);
    if (a->runs > 0)
        klar_surge_mc_free(&mc);
    return o;
}

/* ---- limits ------------------------------------------------------------------------------ */

static const char *limited_who(const klar_run_limits *l)
{
    return l->who && *l->who ? l->who : "this run";
}

/* The runs asked for against KLAR_RUN_MAX_RUNS and the limit; 0, or -1 with err. */
static int check_runs(int runs, const klar_run_limits *l, klar_error *err)
{
    if (runs < 0 || runs > KLAR_RUN_MAX_RUNS) {
        klar_error_field(err, KLAR_ERR_INVALID, "runs", "runs must be 0 (the deterministic run "
                         "only) to %d Monte Carlo runs, not %d", KLAR_RUN_MAX_RUNS, runs);
        return -1;
    }
    if (l->max_runs > 0 && runs > l->max_runs) {
        klar_error_field(err, KLAR_ERR_LIMIT, "runs", "%s may ask for at most %d Monte Carlo "
                         "runs, not %d", limited_who(l), l->max_runs, runs);
        return -1;
    }
    return 0;
}

/* The days the text simulates and the memory of its Monte Carlo runs against the limits. */
static int check_size(const klar_surge_params *p, const run_surge_args *a, klar_error *err)
{
    const klar_run_limits *l = a->limits;
    if (l->max_days > 0 && p->days > l->max_days) {
        klar_error_field(err, KLAR_ERR_LIMIT, "parameters", "the scenario simulates %d days "
                         "([scenario] days); %s may simulate at most %d", p->days,
                         limited_who(l), l->max_days);
        return -1;
    }
    size_t need = a->runs > 0 ? klar_surge_mc_bytes(p, a->runs, a->threads) : 0;
    if (l->max_bytes > 0 && need > l->max_bytes) {
        double mib = 1024.0 * 1024.0;
        klar_error_field(err, KLAR_ERR_LIMIT, "runs", "%d Monte Carlo runs of %d days need "
                         "about %.0f MiB, more than the %.0f MiB a run may use here; ask for "
                         "fewer runs or days", a->runs, p->days, (double)need / mib,
                         (double)l->max_bytes / mib);
        return -1;
    }
    return 0;
}

json_t *klar_run_surge_with(const char *datadir, const klar_run_surge_request *rq,
                            klar_error *err)
{
    static const klar_run_limits none = {0};
    const klar_run_limits *limits = rq->limits ? rq->limits : &none;
    if (check_runs(rq->runs, limits, err) != 0)
        return NULL;
    klar_surge_params *p = malloc(sizeof *p);
    run_figures rf;
    if (!p || run_figures_init(&rf, err) != 0) {
        if (!p)
            klar_error_set(err, NULL, 0, "out of memory");
        free(p);
        return NULL;
    }
    int year = 0;
    json_t *o = NULL;
    run_surge_args a = {rq->text, rq->region, rq->runs, rq->seed,
                        rq->threads < 1 ? 1 : rq->threads, limits, rq->figures, &rf};
    if (run_surge_load(datadir, rq->text, rq->region, rq->figures, p, &year, &rf, err) == 0 &&
        check_size(p, &a, err) == 0)
        o = simulate(p, &a, year, err);
    run_figures_free(&rf);
    free(p);
    return o;
}

json_t *klar_run_surge(const char *datadir, const char *text, const char *region, int runs,
                       uint64_t seed, int threads, const klar_run_limits *limits,
                       klar_error *err)
{
    klar_run_surge_request rq = {text, region, runs, seed, threads, limits, NULL};
    return klar_run_surge_with(datadir, &rq, err);
}

int klar_run_surge_params(const char *datadir, const char *text, const char *region,
                          const json_t *figures, klar_surge_params *p, json_t **used,
                          json_t **unused, klar_error *err)
{
    run_figures rf;
    int year = 0;
    if (run_figures_init(&rf, err) != 0)
        return -1;
    int rc = run_surge_load(datadir, text, region, figures, p, &year, &rf, err);
    if (rc == 0 && used)
        *used = run_figures_json(&rf, p);
    if (rc == 0 && unused)
        *unused = json_incref(rf.unused);
    run_figures_free(&rf);
    return rc;
}
