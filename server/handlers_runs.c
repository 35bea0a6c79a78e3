/* handlers_runs.c - engine runs: POST /api/v1/runs/surge and POST /api/v1/runs/workforce run
 * the library (klar/runs.h) on a stored scenario ({"scenario_id": N}, which the user must be
 * allowed to read) or on posted parameters ({"parameters": "<INI text>"}; a workforce run may
 * also go without), with the optional members "region", and "runs" and "seed" (surge) or
 * "profession" and "to_year" (workforce).
 * The answer is the library's result with the scenario used, the time the run waited and took.
 * The runs change no state (READ); being POSTs they still need the CSRF token (guard.c).
 *
 * The handler reads and checks the request here, on the worker; the run itself is a job of
 * the run queue (runqueue.h: one run at a time, in turns by user), answered when it has run.
 * A surge run is held to the limits of the user's role (role_limits below: Monte Carlo runs,
 * simulated days) and the server's caps on wall time and memory; over one it gets 422 naming
 * the input to reduce. */
#include "handlers.h"

#include "jsonin.h"
#include "runqueue.h"
#include "klar/record.h"
#include "klar/runs.h"

#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define RUN_THREADS 2         /* threads of a Monte Carlo batch; results do not depend on it */
#define REGION_MAX 60         /* bytes, as a stored scenario's region */
#define PROFESSION_MAX 64

/* What a role may ask of one surge run. The wall time and memory caps are the server's
 * (klar serve --run-max-seconds, --run-max-memory) and hold for every role. */
typedef struct role_limit {
    int max_runs;                 /* Monte Carlo runs */
    int max_days;                 /* days a scenario may simulate */
    const char *who;              /* in messages */
} role_limit;

static const role_limit role_limits[] = {
    [KLAR_ROLE_VIEWER] = {1000, 730, "a viewer"},
    [KLAR_ROLE_CONTRIBUTOR] = {2000, 730, "a contributor"},
    [KLAR_ROLE_PLANNER] = {KLAR_RUN_MAX_RUNS, 1825, "a planner"},
    [KLAR_ROLE_ADMIN] = {KLAR_RUN_MAX_RUNS, 1825, "an admin"},
};

void srv_run_limits_describe(char *out, size_t size)
{
    size_t n = sizeof role_limits / sizeof role_limits[0], used = 0;
    out[0] = '\0';
    for (size_t i = 0; i < n && used < size; i++) {
        int w = snprintf(out + used, size - used, "%s%s may ask for %d Monte Carlo runs and %d "
                         "simulated days", i ? "; " : "Limits by role: ", role_limits[i].who,
                         role_limits[i].max_runs, role_limits[i].max_days);
        used += w > 0 ? (size_t)w : 0;
    }
    if (used < size)
        snprintf(out + used, size - used, ".");
}

static const role_limit *limit_of(klar_role role)
{
    size_t n = sizeof role_limits / sizeof role_limits[0];
    return (size_t)role < n ? &role_limits[role] : &role_limits[KLAR_ROLE_VIEWER];
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

/* ---- the run, as a job of the run queue ---------------------------------------------------- */

typedef struct run_job {
    srv_run_job job;              /* first: the queue's part */
    run_request rr;               /* owned: its body and scenario */
    const role_limit *limit;
    double run_seconds;           /* the server's caps */
    size_t run_bytes;
    double asked, deadline;       /* monotonic seconds: queued, and the end of the wall time */
    atomic_int timed_out;         /* 1 once the deadline stopped the run */
    atomic_int ended;             /* 1 once the queue's stop ended the run */
} run_job;

static void run_job_release(srv_run_job *job)
{
    run_job *rj = (run_job *)job;
    json_decref(rj->rr.scenario);
    json_decref(rj->rr.body);
    free(rj);
}

/* The run's stop (klar_run_limits): the queue stops, or the wall time is over. */
static int run_must_stop(void *ctx)
{
    run_job *rj = ctx;
    if (atomic_load(rj->job.stopping)) {
        atomic_store(&rj->ended, 1);
        return 1;
    }
    if (srv_now() <= rj->deadline)
        return 0;
    atomic_store(&rj->timed_out, 1);
    return 1;
}

static json_t *run(run_job *rj, klar_error *err)
{
    const run_request *rr = &rj->rr;
    if (strcmp(rr->engine, "surge") == 0) {
        klar_run_limits l = {rj->limit->max_runs, rj->limit->max_days, rj->run_bytes,
                             run_must_stop, rj, rj->limit->who};
        return klar_run_surge(NULL, rr->text, rr->region, (int)rr->runs, (uint64_t)rr->seed,
                              RUN_THREADS, &l, err);
    }
    return klar_run_workforce(NULL, rr->profession, rr->text, rr->region, (int)rr->to_year,
                              err);
}

/* 1 if the run was stopped (wall time, the server stopping), with res set. */
static int respond_stopped(run_job *rj, const klar_error *err, srv_response *res)
{
    if (err->code != KLAR_ERR_LIMIT || strcmp(err->field, "runs") != 0)
        return 0;
    if (atomic_load(&rj->timed_out)) {
        srv_respond_error(res, 422, "runs", "the run took longer than the %.0f s a run may take "
                          "on this server (%s); ask for fewer Monte Carlo runs or days",
                          rj->run_seconds, err->message);
        return 1;
    }
    if (atomic_load(&rj->ended)) {
        srv_respond_error(res, 503, NULL, "the server is stopping; the run was ended");
        return 1;
    }
    return 0;
}

/* A failed run: 400 naming the input at fault (a stored scenario's parameters and region are
 * its scenario_id's), 422 for a run over a limit, or 500 when the library blames no input. */
static void respond_failure(run_job *rj, const klar_error *err, srv_response *res)
{
    const run_request *rr = &rj->rr;
    const char *field = err->field;
    int status = err->code == KLAR_ERR_LIMIT ? 422 : 400;
    if (respond_stopped(rj, err, res))
        return;
    if ((err->code != KLAR_ERR_INVALID && err->code != KLAR_ERR_LIMIT) || !*field) {
        srv_respond_internal(res, "running an engine", err);
        return;
    }
    int stored = rr->scenario_id && (strcmp(field, "parameters") == 0 ||
                                     (strcmp(field, "region") == 0 && rr->region_from_scenario));
    if (stored)
        srv_respond_error(res, status, "scenario_id", "the %s of scenario %lld: %s", field,
                          rr->scenario_id, err->message);
    else
        srv_respond_error(res, status, field, "%s", err->message);
}

static double tenths(double ms)
{
    return (double)(long long)(ms * 10 + 0.5) / 10;
}

/* {"engine", "elapsed_ms", "waited_ms", "stored_scenario": {"id", "title"} or null, then the
 * result's members}. */
static json_t *answer(const run_request *rr, json_t *result, double waited_ms, double ms)
{
    json_t *scenario = rr->scenario
                           ? json_pack("{s:I, s:s?}", "id", (json_int_t)rr->scenario_id, "title",
                                       member_text(rr->scenario, "title"))
                           : json_null();
    json_t *o = json_pack("{s:s, s:f, s:f, s:o}", "engine", rr->engine, "elapsed_ms",
                          tenths(ms), "waited_ms", tenths(waited_ms), "stored_scenario",
                          scenario);
    if (o && json_object_update(o, result) != 0) {
        json_decref(o);
        o = NULL;
    }
    json_decref(result);
    return o;
}

/* The job's work, on the queue's runner thread. */
static void run_work(srv_run_job *job, srv_response *res)
{
    run_job *rj = (run_job *)job;
    klar_error err;
    double started = srv_now();
    rj->deadline = started + rj->run_seconds;
    json_t *result = run(rj, &err);
    double ms = (srv_now() - started) * 1000;
    if (result)
        srv_respond_json(res, 200, answer(&rj->rr, result, (started - rj->asked) * 1000, ms));
    else
        respond_failure(rj, &err, res);
}

/* The checked request as a job for the queue (rr's body and scenario move into it); NULL
 * when out of memory. */
static run_job *run_job_new(srv_request *req, run_request *rr)
{
    run_job *rj = calloc(1, sizeof *rj);
    if (!rj)
        return NULL;
    rj->job.work = run_work;
    rj->job.release = run_job_release;
    snprintf(rj->job.user, sizeof rj->job.user, "%lld", (long long)req->session.user.id);
    rj->rr = *rr;
    rj->limit = limit_of(req->session.user.role);
    rj->run_seconds = req->app->run_seconds;
    rj->run_bytes = req->app->run_bytes;
    rj->asked = srv_now();
    atomic_init(&rj->timed_out, 0);
    atomic_init(&rj->ended, 0);
    memset(rr, 0, sizeof *rr);
    return rj;
}

static void handle_run(srv_request *req, srv_response *res, const char *engine)
{
    run_request rr;
    if (read_body(req, engine, &rr, res) && (!rr.scenario_id || load_scenario(req, &rr, res))) {
        run_job *rj = run_job_new(req, &rr);
        if (rj)
            srv_respond_later(res, &rj->job);
        else
            srv_respond_internal(res, "queueing an engine run", NULL);
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

void srv_handle_professions(srv_request *req, srv_response *res)
{
    (void)req;
    klar_error err;
    json_t *list = klar_run_wf_professions(NULL, &err);
    if (!list) {
        srv_respond_internal(res, "listing the professions", &err);
        return;
    }
    srv_respond_json(res, 200, json_pack("{s:o, s:I}", "professions", list, "count",
                                         (json_int_t)json_array_size(list)));
}

/* ---- the keys of scenario texts ---------------------------------------------------------------- */

static const char *const keys_members[] = {"engine", "parameters", "region", "profession", NULL};

/* POST /api/v1/scenario-keys {"engine", "parameters"?, "region"?, "profession"?}: the keys a
 * form over the text offers (klar_run_parameter_keys), with the text's first fault by key. */
void srv_handle_scenario_keys(srv_request *req, srv_response *res)
{
    json_t *body = srv_json_object_body(req, res);
    const char *engine, *text = NULL, *region = NULL, *profession = NULL;
    if (!body)
        return;
    if (srv_json_members_known(body, keys_members, res) &&
        (engine = srv_json_string(body, "engine", 16, res)) &&
        opt_string(body, "parameters", KLAR_RUN_MAX_TEXT, &text, res) &&
        opt_string(body, "region", REGION_MAX, &region, res) &&
        opt_string(body, "profession", PROFESSION_MAX, &profession, res)) {
        klar_error err;
        json_t *keys = klar_run_parameter_keys(NULL, engine, text, region, profession, &err);
        if (keys)
            srv_respond_json(res, 200, keys);
        else if (err.code == KLAR_ERR_INVALID)
            srv_respond_error(res, 400, err.field, "%s", err.message);
        else
            srv_respond_internal(res, "listing the scenario keys", &err);
    }
    json_decref(body);
}
