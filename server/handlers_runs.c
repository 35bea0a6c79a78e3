/* handlers_runs.c - engine runs: POST /api/v1/runs/surge and POST /api/v1/runs/workforce run
 * the library (klar/runs.h) on a stored scenario ({"scenario_id": N}, which the user must be
 * allowed to read) or on posted parameters ({"parameters": "<INI text>"}; a workforce run may
 * also go without), with the optional members "region", and "runs" and "seed" (surge) or
 * "profession" and "to_year" (workforce).
 * The answer is the library's result with the scenario used and the time the run took. The
 * runs change no state (READ); being POSTs they still need the CSRF token (guard.c). */
#include "handlers.h"

#include "jsonin.h"
#include "klar/record.h"
#include "klar/runs.h"

#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#define RUN_THREADS 2         /* threads of a Monte Carlo batch; results do not depend on it */
#define REGION_MAX 60         /* bytes, as a stored scenario's region */
#define PROFESSION_MAX 64

/* Engine runs at once in this process: a Monte Carlo batch keeps a worker thread and both
 * cores busy for up to a second, so further runs are turned away (503, Retry-After) rather
 * than let them starve the registry's other requests. */
#define RUNS_AT_ONCE 1
static atomic_int runs_active;

/* 1 if a run may start now (then run_slot_give must follow), else 0. */
static int run_slot_take(void)
{
    if (atomic_fetch_add(&runs_active, 1) < RUNS_AT_ONCE)
        return 1;
    atomic_fetch_sub(&runs_active, 1);
    return 0;
}

static void run_slot_give(void)
{
    atomic_fetch_sub(&runs_active, 1);
}

/* One run request: the body's members, and the stored scenario when one is named. */
typedef struct run_request {
    const char *engine;           /* "surge" or "workforce" */
    json_t *body;                 /* owned */
    json_t *scenario;             /* owned; the stored record, or NULL */
    long long scenario_id;        /* 0: posted parameters */
    const char *text;             /* the parameters (borrowed from body or scenario) */
    const char *region;           /* NULL: the scenario's, else the text's */
    int region_from_scenario;
    long long runs, seed, to_year;
    const char *profession;
} run_request;

static const char *const surge_members[] = {"scenario_id", "parameters", "region", "runs",
                                            "seed", NULL};
static const char *const workforce_members[] = {"scenario_id", "parameters", "region",
                                                "profession", "to_year", NULL};

/* ---- reading the body ------------------------------------------------------------------------ */

/* An optional string member (absent or null: NULL) of at most max bytes; 0 with res set. */
static int opt_string(json_t *body, const char *name, size_t max, const char **out,
                      srv_response *res)
{
    json_t *v = json_object_get(body, name);
    *out = NULL;
    if (!v || json_is_null(v))
        return 1;
    *out = srv_json_string(body, name, max, res);
    return *out != NULL;
}

/* An optional integer member in [min, max] (absent or null: *out unchanged); 0 with res set. */
static int opt_int(json_t *body, const char *name, long long min, long long max,
                   long long *out, srv_response *res)
{
    json_t *v = json_object_get(body, name);
    if (!v || json_is_null(v))
        return 1;
    if (!json_is_integer(v)) {
        srv_respond_error(res, 400, name, "%s must be an integer", name);
        return 0;
    }
    long long x = json_integer_value(v);
    if (x < min || x > max) {
        srv_respond_error(res, 400, name, "%s must be %lld to %lld, not %lld", name, min, max, x);
        return 0;
    }
    *out = x;
    return 1;
}

/* The parameters: one of scenario_id and parameters; a workforce run may have neither (the
 * profession without a scenario). */
static int read_source(run_request *rr, srv_response *res)
{
    int has_id = json_object_get(rr->body, "scenario_id") != NULL;
    int has_text = json_object_get(rr->body, "parameters") != NULL;
    int optional = strcmp(rr->engine, "workforce") == 0;
    if (has_id && has_text) {
        srv_respond_error(res, 400, "parameters", "give scenario_id or parameters, not both");
        return 0;
    }
    if (!has_id && !has_text) {
        if (!optional)
            srv_respond_error(res, 400, "parameters", "parameters (the scenario text) or "
                              "scenario_id is required");
        return optional;
    }
    if (has_id) {
        json_t *v = json_object_get(rr->body, "scenario_id");
        if (!json_is_integer(v) || json_integer_value(v) <= 0) {
            srv_respond_error(res, 400, "scenario_id", "scenario_id must be a positive integer");
            return 0;
        }
        rr->scenario_id = json_integer_value(v);
        return 1;
    }
    rr->text = srv_json_string(rr->body, "parameters", KLAR_RUN_MAX_TEXT, res);
    return rr->text != NULL;
}

/* Reads the request body of an engine run into rr; 0 with res set. */
static int read_body(srv_request *req, const char *engine, run_request *rr, srv_response *res)
{
    int surge = strcmp(engine, "surge") == 0;
    memset(rr, 0, sizeof *rr);
    rr->engine = engine;
    rr->seed = 1;
    rr->body = srv_json_object_body(req, res);
    if (!rr->body)
        return 0;
    if (!srv_json_members_known(rr->body, surge ? surge_members : workforce_members, res) ||
        !read_source(rr, res) || !opt_string(rr->body, "region", REGION_MAX, &rr->region, res))
        return 0;
    if (surge)
        return opt_int(rr->body, "runs", 0, KLAR_RUN_MAX_RUNS, &rr->runs, res) &&
               opt_int(rr->body, "seed", 0, INT64_MAX, &rr->seed, res);
    return opt_string(rr->body, "profession", PROFESSION_MAX, &rr->profession, res) &&
           opt_int(rr->body, "to_year", 1, 9999, &rr->to_year, res);
}

/* ---- a stored scenario ----------------------------------------------------------------------- */

static const char *member_text(json_t *obj, const char *name)
{
    return json_string_value(json_object_get(obj, name));
}

/* 1 if the user may read the organisation of the scenario; 0 with res set. */
static int may_read(srv_request *req, const run_request *rr, srv_response *res)
{
    const char *org = member_text(rr->scenario, "org_id");
    int ok = org ? klar_user_may_in(req->app->orgs, &req->session.user, KLAR_ACTION_READ, org)
                 : 0;
    if (!ok)
        srv_respond_error(res, 403, "scenario_id", "%s may not read scenario %lld of "
                          "organisation '%.60s'", req->session.user.name, rr->scenario_id,
                          org ? org : "?");
    return ok == 1;
}

/* Reads scenario_id and takes its parameters and region; 0 with res set. */
static int load_scenario(srv_request *req, run_request *rr, srv_response *res)
{
    klar_error err;
    int found = klar_record_get(req->store, &klar_kind_scenario, rr->scenario_id, &rr->scenario,
                                &err);
    if (found < 0)
        srv_respond_internal(res, "reading a scenario", &err);
    else if (!found)
        srv_respond_error(res, 404, "scenario_id", "no scenario has the id %lld", rr->scenario_id);
    if (found != 1 || !may_read(req, rr, res))
        return 0;
    const char *engine = member_text(rr->scenario, "engine");
    rr->text = member_text(rr->scenario, "parameters");
    if (!engine || strcmp(engine, rr->engine) != 0 || !rr->text) {
        srv_respond_error(res, 400, "scenario_id", "scenario %lld holds no %s parameters%s%s%s",
                          rr->scenario_id, rr->engine, engine ? " (its engine is " : "",
                          engine ? engine : "", engine ? ")" : "");
        return 0;
    }
    if (!rr->region) {
        rr->region = member_text(rr->scenario, "region");
        rr->region_from_scenario = rr->region != NULL;
    }
    return 1;
}

/* ---- running and answering ------------------------------------------------------------------- */

static json_t *run(const run_request *rr, klar_error *err)
{
    if (strcmp(rr->engine, "surge") == 0)
        return klar_run_surge(NULL, rr->text, rr->region, (int)rr->runs, (uint64_t)rr->seed,
                              RUN_THREADS, err);
    return klar_run_workforce(NULL, rr->profession, rr->text, rr->region, (int)rr->to_year,
                              err);
}

/* A failed run: 400 naming the input at fault (a stored scenario's parameters and region are
 * its scenario_id's), or 500 when the library blames no input. */
static void respond_failure(const run_request *rr, const klar_error *err, srv_response *res)
{
    const char *field = err->field;
    if (err->code != KLAR_ERR_INVALID || !*field) {
        srv_respond_internal(res, "running an engine", err);
        return;
    }
    int stored = rr->scenario_id && (strcmp(field, "parameters") == 0 ||
                                     (strcmp(field, "region") == 0 && rr->region_from_scenario));
    if (stored)
        srv_respond_error(res, 400, "scenario_id", "the %s of scenario %lld: %s", field,
                          rr->scenario_id, err->message);
    else
        srv_respond_error(res, 400, field, "%s", err->message);
}

/* {"engine", "elapsed_ms", "stored_scenario": {"id", "title"} or null, then the result's
 * members}. */
static json_t *answer(const run_request *rr, json_t *result, double ms)
{
    json_t *scenario = rr->scenario
                           ? json_pack("{s:I, s:s?}", "id", (json_int_t)rr->scenario_id, "title",
                                       member_text(rr->scenario, "title"))
                           : json_null();
    json_t *o = json_pack("{s:s, s:f, s:o}", "engine", rr->engine, "elapsed_ms",
                          (double)(long long)(ms * 10 + 0.5) / 10, "stored_scenario", scenario);
    if (o && json_object_update(o, result) != 0) {
        json_decref(o);
        o = NULL;
    }
    json_decref(result);
    return o;
}

static void handle_run(srv_request *req, srv_response *res, const char *engine)
{
    run_request rr;
    if (read_body(req, engine, &rr, res) && (!rr.scenario_id || load_scenario(req, &rr, res))) {
        if (!run_slot_take()) {
            srv_metrics_event(req->app->metrics, SRV_EVENT_RUN_REFUSED);
            srv_respond_error(res, 503, NULL, "another engine run is in progress; try again");
            srv_response_header(res, "Retry-After", "1");
            json_decref(rr.scenario);
            json_decref(rr.body);
            return;
        }
        klar_error err;
        double started = srv_now();
        json_t *result = run(&rr, &err);
        double ms = (srv_now() - started) * 1000;
        run_slot_give();
        if (result)
            srv_respond_json(res, 200, answer(&rr, result, ms));
        else
            respond_failure(&rr, &err, res);
    }
    json_decref(rr.scenario);
    json_decref(rr.body);
}

void srv_handle_run_surge(srv_request *req, srv_response *res)
{
    handle_run(req, res, "surge");
}

void srv_handle_run_workforce(srv_request *req, srv_response *res)
{
    handle_run(req, res, "workforce");
}
