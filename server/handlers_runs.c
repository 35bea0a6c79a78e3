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
#include "klar/runstore.h"
#include "klar/datadir.h"
#include "access.h"

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
    const char *org_id;           /* the organisation the run is for (body, or its region's) */
    const char *figures_mode;     /* "registry" (default) or "shipped" */
    json_t *figures;              /* owned; the registry's figures used, or NULL */
    json_t *rerun_of;             /* owned; the kept run this one repeats, or NULL */
    const char *figures_note;     /* why the registry's figures are not used, or NULL */
    char org_buf[48];
} run_request;

static const char *const surge_members[] = {"scenario_id", "parameters", "region", "runs",
                                            "seed", "org_id", "figures", NULL};
static const char *const workforce_members[] = {"scenario_id", "parameters", "region",
                                                "profession", "to_year", "org_id", NULL};

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
    if (!opt_string(rr->body, "org_id", 47, &rr->org_id, res))
        return 0;
    if (surge) {
        if (!opt_string(rr->body, "figures", 16, &rr->figures_mode, res))
            return 0;
        if (rr->figures_mode && strcmp(rr->figures_mode, "registry") != 0 &&
            strcmp(rr->figures_mode, "shipped") != 0) {
            srv_respond_error(res, 400, "figures", "figures must be 'registry' (the "
                              "organisation's registered figures over the shipped ones) or "
                              "'shipped' (the shipped figures only), not '%s'",
                              rr->figures_mode);
            return 0;
        }
        return opt_int(rr->body, "runs", 0, KLAR_RUN_MAX_RUNS, &rr->runs, res) &&
               opt_int(rr->body, "seed", 0, INT64_MAX, &rr->seed, res);
    }
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

/* ---- the organisation and its registered figures ---------------------------------------------- */

/* The region the run is for as far as the request tells (body, stored scenario, the text's
 * [scenario] region), else NO. */
static void requested_region(const run_request *rr, char *out, size_t size)
{
    snprintf(out, size, "NO");
    if (rr->region && *rr->region)
        snprintf(out, size, "%s", rr->region);
    else if (rr->text && strcmp(rr->engine, "surge") == 0 &&
             klar_surge_scenario_region(rr->text, strlen(rr->text), out, size) == 0 && !*out)
        snprintf(out, size, "NO");
}

/* org_id from the body: known, readable by the user, and with a region of its own, which is
 * the run's unless the body gives another. 0 with res set. */
static int org_from_body(srv_request *req, run_request *rr, srv_response *res)
{
    const klar_org *o = klar_org_tree_get(req->app->orgs, rr->org_id);
    char region[sizeof rr->org_buf];
    if (!o) {
        srv_respond_error(res, 400, "org_id", "no organisation has the id '%.47s'", rr->org_id);
        return 0;
    }
    if (!srv_may(req, KLAR_ACTION_READ, o->id, res))
        return 0;
    if (klar_run_org_region(o->type, o->id, region, sizeof region) != 0) {
        srv_respond_error(res, 400, "org_id", "%s (%s) has no region of its own to run for: "
                          "give the region (a county) and no org_id", o->name, o->type);
        return 0;
    }
    if (!rr->region) {
        snprintf(rr->org_buf, sizeof rr->org_buf, "%s", region);
        rr->region = rr->org_buf;
    }
    return 1;
}

/* Reads the registered figures of the run's organisation, or says in figures_note why none
 * are used. 0 with res set. */
static int read_figures(srv_request *req, run_request *rr, srv_response *res)
{
    if (strcmp(rr->engine, "surge") != 0)
        return 1;
    if (rr->figures_mode && strcmp(rr->figures_mode, "shipped") == 0) {
        rr->figures_note = "the request asked for the shipped figures only";
        return 1;
    }
    if (!rr->org_id) {
        rr->figures_note = "no organisation of the registry stands for the region (a county "
                           "has none: give org_id)";
        return 1;
    }
    if (klar_user_may_in(req->app->orgs, &req->session.user, KLAR_ACTION_READ, rr->org_id) != 1) {
        rr->figures_note = "the user may not read the registry figures of the region's "
                           "organisation";
        return 1;
    }
    klar_error err;
    rr->figures = klar_run_registry_figures(req->store, rr->org_id, &err);
    if (!rr->figures)
        srv_respond_internal(res, "reading the registry's figures", &err);
    return rr->figures != NULL;
}

/* The organisation the run is for and its figures. 0 with res set. */
static int resolve_org(srv_request *req, run_request *rr, srv_response *res)
{
    if (rr->org_id) {
        if (!org_from_body(req, rr, res))
            return 0;
    } else {
        char region[64];
        requested_region(rr, region, sizeof region);
        const klar_org *o = klar_run_region_org(req->app->orgs, region);
        rr->org_id = o ? o->id : NULL;
    }
    return read_figures(req, rr, res);
}

/* ---- the run, as a job of the run queue ---------------------------------------------------- */

typedef struct run_job {
    srv_run_job job;              /* first: the queue's part */
    run_request rr;               /* owned: its body, scenario and figures */
    srv_app *app;                 /* the pool to store the run with */
    klar_user user;               /* who asked */
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
    json_decref(rj->rr.figures);
    json_decref(rj->rr.rerun_of);
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
        klar_run_surge_request q = {rr->text, rr->region, (int)rr->runs, (uint64_t)rr->seed,
                                    RUN_THREADS, &l, rr->figures};
        return klar_run_surge_with(NULL, &q, err);
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

/* {"engine", "elapsed_ms", "waited_ms", "stored_scenario": {"id", "title"} or null,
 * "org_id", "figures_note", then the result's members}. */
static json_t *answer(const run_request *rr, json_t *result, double waited_ms, double ms)
{
    json_t *scenario = rr->scenario
                           ? json_pack("{s:I, s:s?}", "id", (json_int_t)rr->scenario_id, "title",
                                       member_text(rr->scenario, "title"))
                           : json_null();
    json_t *o = json_pack("{s:s, s:f, s:f, s:o, s:s?, s:s?}", "engine", rr->engine,
                          "elapsed_ms", tenths(ms), "waited_ms", tenths(waited_ms),
                          "stored_scenario", scenario, "org_id", rr->org_id, "figures_note",
                          rr->figures_note);
    if (o && json_object_update(o, result) != 0) {
        json_decref(o);
        o = NULL;
    }
    return o;
}

/* What runs the request again: the scenario text and every choice, the figures it used. */
static json_t *request_json(const run_request *rr)
{
    return json_pack("{s:s, s:s?, s:s?, s:I, s:I, s:s?, s:I, s:s?, s:O?, s:o?}",
                     "engine", rr->engine, "parameters", rr->text, "region", rr->region,
                     "runs", (json_int_t)rr->runs, "seed", (json_int_t)rr->seed,
                     "profession", rr->profession, "to_year", (json_int_t)rr->to_year,
                     "org_id", rr->org_id, "figures", rr->figures,
                     "scenario_id", rr->scenario_id ? json_integer(rr->scenario_id) : NULL);
}

/* The title of a stored run: the stored scenario's, else the text's scenario name, else the
 * profession's id. */
static const char *run_title(const run_request *rr, const json_t *result)
{
    const char *t = rr->scenario ? member_text(rr->scenario, "title") : NULL;
    json_t *inputs = json_object_get(result, "inputs");
    if (!t)
        t = json_string_value(json_object_get(inputs, "scenario"));
    if (!t)
        t = json_string_value(json_object_get(json_object_get(result, "profession"), "id"));
    return t ? t : rr->engine;
}

static const char *result_region(const json_t *result)
{
    json_t *r = json_object_get(json_object_get(result, "inputs"), "region");
    if (!r)
        r = json_object_get(result, "region");
    const char *id = json_string_value(json_object_get(r, "id"));
    return id ? id : "";
}

/* Keeps the run (runstore.h) with a connection of the pool; its id, or 0 with why in *note. */
static int64_t keep_run(run_job *rj, const json_t *result, const char **note)
{
    const run_request *rr = &rj->rr;
    if (rj->app->read_only) {
        *note = "the registry is served read-only: the run is not kept";
        return 0;
    }
    char checksum[KLAR_CHECKSUM_SIZE];
    klar_error err;
    if (klar_datadir_checksum(NULL, checksum, &err) != 0)
        snprintf(checksum, sizeof checksum, "unknown");
    klar_run_meta m = {rr->engine, rj->user.id, rj->user.name, rj->user.org_id,
                       run_title(rr, result), result_region(result),
                       rr->figures ? rr->org_id : NULL, rr->scenario_id, checksum};
    json_t *request = request_json(rr), *summary = klar_run_summary(result);
    int64_t id = 0;
    klar_store *st = srv_pool_acquire(rj->app->pool);
    if (!request || !summary || klar_runstore_save(st, &m, request, summary, result, &id,
                                                   &err) != 0) {
        id = 0;
        *note = err.code == KLAR_ERR_FULL ? "the disk is full: the run is not kept"
                                          : "the run could not be kept (the server's log "
                                            "says why)";
        fprintf(stderr, "klar serve: keeping a run: %s\n", request && summary ? err.message
                                                                              : "out of memory");
    }
    srv_pool_release(rj->app->pool, st);
    json_decref(request);
    json_decref(summary);
    return id;
}

/* The job's work, on the queue's runner thread: the run, kept, then answered. */
static void run_work(srv_run_job *job, srv_response *res)
{
    run_job *rj = (run_job *)job;
    klar_error err;
    double started = srv_now();
    rj->deadline = started + rj->run_seconds;
    json_t *result = run(rj, &err);
    double ms = (srv_now() - started) * 1000;
    if (!result) {
        respond_failure(rj, &err, res);
        return;
    }
    const char *note = NULL;
    int64_t id = keep_run(rj, result, &note);
    json_t *o = answer(&rj->rr, result, (started - rj->asked) * 1000, ms);
    if (o)
        json_object_set_new(o, "run_id", id ? json_integer(id) : json_null());
    if (o && note)
        json_object_set_new(o, "kept_note", json_string(note));
    if (o && rj->rr.rerun_of)
        json_object_set_new(o, "rerun_of", json_pack("{s:O, s:b}", "id",
                            json_object_get(rj->rr.rerun_of, "id"), "identical",
                            json_equal(json_object_get(rj->rr.rerun_of, "result"), result)));
    json_decref(result);
    srv_respond_json(res, 200, o);
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
    if (rr->region == rr->org_buf)
        rj->rr.region = rj->rr.org_buf;
    rj->app = req->app;
    rj->user = req->session.user;
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
    if (read_body(req, engine, &rr, res) && (!rr.scenario_id || load_scenario(req, &rr, res)) &&
        resolve_org(req, &rr, res)) {
        run_job *rj = run_job_new(req, &rr);
        if (rj)
            srv_respond_later(res, &rj->job);
        else
            srv_respond_internal(res, "queueing an engine run", NULL);
    }
    json_decref(rr.scenario);
    json_decref(rr.body);
    json_decref(rr.figures);
}

/* The kept request of run into rr, as a new request would have it; 0 with res set. */
static int kept_request(json_t *run, run_request *rr, srv_response *res)
{
    json_t *q = json_object_get(run, "request");
    const char *engine = json_string_value(json_object_get(q, "engine"));
    memset(rr, 0, sizeof *rr);
    if (!engine || (strcmp(engine, "surge") != 0 && strcmp(engine, "workforce") != 0)) {
        srv_respond_error(res, 409, NULL, "run %lld keeps no request that can run again",
                          (long long)json_integer_value(json_object_get(run, "id")));
        return 0;
    }
    rr->engine = strcmp(engine, "surge") == 0 ? "surge" : "workforce";
    rr->body = json_incref(q);
    rr->rerun_of = json_incref(run);
    rr->text = json_string_value(json_object_get(q, "parameters"));
    rr->region = json_string_value(json_object_get(q, "region"));
    rr->runs = json_integer_value(json_object_get(q, "runs"));
    rr->seed = json_integer_value(json_object_get(q, "seed"));
    rr->to_year = json_integer_value(json_object_get(q, "to_year"));
    rr->profession = json_string_value(json_object_get(q, "profession"));
    rr->org_id = json_string_value(json_object_get(q, "org_id"));
    rr->scenario_id = json_integer_value(json_object_get(q, "scenario_id"));
    json_t *figures = json_object_get(q, "figures");
    rr->figures = json_is_object(figures) ? json_incref(figures) : NULL;
    if (!rr->figures && strcmp(rr->engine, "surge") == 0)
        rr->figures_note = "the kept run used no registry figures";
    return 1;
}

/* POST /api/v1/runs/{id}/rerun: the kept run's request run again on its kept figures. */
void srv_handle_run_rerun(srv_request *req, srv_response *res)
{
    int64_t id = srv_path_id(req, "run", res);
    json_t *run = id ? srv_load_run(req, id, res) : NULL;
    run_request rr;
    memset(&rr, 0, sizeof rr);
    if (run && kept_request(run, &rr, res)) {
        run_job *rj = run_job_new(req, &rr);
        if (rj)
            srv_respond_later(res, &rj->job);
        else
            srv_respond_internal(res, "queueing an engine run", NULL);
    }
    json_decref(rr.body);
    json_decref(rr.figures);
    json_decref(rr.rerun_of);
    json_decref(run);
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
