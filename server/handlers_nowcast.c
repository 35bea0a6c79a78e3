/* handlers_nowcast.c - POST /api/v1/runs/nowcast {"region", "from", "to"} (+ "parameters",
 * "weeks", "draws", "seed", "measures"): the surge model fitted to the census the situation
 * reports of the region's organisation and those below it carry (patients_in_hospital,
 * patients_in_icu; klar_run_census_from_reports), projected 1-8 weeks with bands against the
 * subtree's registered beds (klar_run_registry_figures over the shipped baseline).
 *
 * The request is read and the census and figures are gathered here, on the worker; the fit is
 * a job of the run queue, as other runs. The library does the modelling (klar/nowcast.h). */
#include "handlers.h"

#include "access.h"
#include "jsonin.h"
#include "runqueue.h"
#include "klar/datadir.h"
#include "klar/date.h"
#include "klar/file.h"
#include "klar/runs.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NOWCAST_THREADS 2
#define DEFAULT_SCENARIO "covid19-2020"

static const char *const members[] = {"region", "from", "to", "parameters", "weeks", "draws",
                                      "seed", "measures", NULL};

typedef struct nowcast_job {
    srv_run_job job;              /* first: the queue's part */
    klar_surge_params p;
    klar_census census;
    klar_nowcast_options o;
    char org_id[48];
    int reports_used;
    json_t *figures_used;         /* inputs.figures: every count with where it came from */
} nowcast_job;

static void job_release(srv_run_job *job)
{
    nowcast_job *nj = (nowcast_job *)job;
    klar_census_free(&nj->census);
    json_decref(nj->figures_used);
    free(nj);
}

static void job_work(srv_run_job *job, srv_response *res)
{
    nowcast_job *nj = (nowcast_job *)job;
    klar_nowcast nc;
    klar_error err;
    if (klar_nowcast_run(&nj->p, &nj->census, &nj->o, &nc, &err) != 0) {
        if (err.code == KLAR_ERR_INVALID)
            srv_respond_error(res, 422, err.field, "%s", err.message);
        else
            srv_respond_internal(res, "making a nowcast", &err);
        return;
    }
    json_t *j = klar_run_nowcast_json(&nj->p, &nj->census, &nj->o, &nc);
    klar_nowcast_free(&nc);
    if (!j) {
        srv_respond_internal(res, "writing a nowcast", NULL);
        return;
    }
    json_t *in = json_object_get(j, "inputs");
    json_object_set_new(in, "census", json_pack(
        "{s:s, s:i, s:s}", "org_id", nj->org_id, "reports_used", nj->reports_used, "rule",
        "situation reports of the organisation and those below it, summed per day; where an "
        "organisation and one below it both report, the finer reports count"));
    json_object_set(in, "figures", nj->figures_used);
    json_object_set_new(j, "kept_note", json_string("nowcasts are not kept as runs"));
    srv_respond_json(res, 200, j);
}

/* A date member of body as a day number; 0 with res set. */
static int date_member(json_t *body, const char *name, long long *out, srv_response *res)
{
    const char *s = srv_json_string(body, name, 16, res);
    if (!s)
        return 0;
    if (klar_date_parse(s, out) != 0) {
        srv_respond_error(res, 400, name, "%s: '%s' is not a date YYYY-MM-DD", name, s);
        return 0;
    }
    return 1;
}

static int int_member(json_t *body, const char *name, long long lo, long long hi, long long def,
                      long long *out, srv_response *res)
{
    json_t *v = json_object_get(body, name);
    *out = def;
    if (!v)
        return 1;
    if (!json_is_integer(v) || json_integer_value(v) < lo || json_integer_value(v) > hi) {
        srv_respond_error(res, 400, name, "%s must be an integer from %lld to %lld", name, lo, hi);
        return 0;
    }
    *out = json_integer_value(v);
    return 1;
}

static int read_options(json_t *body, klar_nowcast_options *o, srv_response *res)
{
    long long weeks, draws, seed;
    if (!date_member(body, "from", &o->from, res) || !date_member(body, "to", &o->to, res) ||
        !int_member(body, "weeks", 1, 8, 6, &weeks, res) ||
        !int_member(body, "draws", 10, 1000, 200, &draws, res) ||
        !int_member(body, "seed", 0, 2147483647LL, 1, &seed, res))
        return 0;
    json_t *m = json_object_get(body, "measures");
    const char *ms = json_string_value(m);
    if (m && (!ms || (strcmp(ms, "contacts") != 0 && strcmp(ms, "reproduction") != 0))) {
        srv_respond_error(res, 400, "measures", "measures must be 'contacts' or 'reproduction'");
        return 0;
    }
    o->measures_keep_r = ms && strcmp(ms, "reproduction") == 0;
    o->horizon_days = (int)weeks * 7;
    o->draws = (int)draws;
    o->seed = (uint64_t)seed;
    o->threads = NOWCAST_THREADS;
    return 1;
}

/* The scenario text: the body's parameters, else the shipped default (malloc'd). */
static char *scenario_text(json_t *body, srv_response *res)
{
    json_t *v = json_object_get(body, "parameters");
    if (v) {
        const char *t = srv_json_string(body, "parameters", KLAR_RUN_MAX_TEXT, res);
        return t ? strdup(t) : NULL;
    }
    char path[4096];
    klar_error err;
    size_t len;
    snprintf(path, sizeof path, "%s/../scenarios/%s.ini", klar_datadir(), DEFAULT_SCENARIO);
    char *text = klar_file_read(path, KLAR_RUN_MAX_TEXT, &len, &err);
    if (!text)
        srv_respond_internal(res, "reading the default scenario", &err);
    return text;
}

/* The census, the figures and the parameters into nj; 0 with res set. */
static int gather(srv_request *req, json_t *body, const char *region, nowcast_job *nj,
                  srv_response *res)
{
    const klar_org *o = klar_run_region_org(req->app->orgs, region);
    klar_error err;
    if (!o) {
        srv_respond_error(res, 400, "region", "no organisation of the registry stands for "
                          "region '%.40s' (NO, an RHF, HF or municipality), so no situation "
                          "reports are there to fit", region);
        return 0;
    }
    if (!srv_may(req, KLAR_ACTION_READ, o->id, res))
        return 0;
    snprintf(nj->org_id, sizeof nj->org_id, "%s", o->id);
    if (klar_run_census_from_reports(req->store, o->id, nj->o.from, nj->o.to, &nj->census,
                                     &nj->reports_used, &err) != 0) {
        if (err.code == KLAR_ERR_INVALID)
            srv_respond_error(res, 400, err.field, "%s", err.message);
        else
            srv_respond_internal(res, "reading the situation reports", &err);
        return 0;
    }
    char *text = scenario_text(body, res);
    if (!text)
        return 0;
    json_t *figures = klar_run_registry_figures(req->store, o->id, &err);
    int ok = figures != NULL;
    if (!ok)
        srv_respond_internal(res, "reading the registry's figures", &err);
    if (ok && klar_run_surge_params(NULL, text, region, figures, &nj->p, &nj->figures_used,
                                    NULL, &err) != 0) {
        srv_respond_error(res, 400, err.field[0] ? err.field : "parameters", "%s", err.message);
        ok = 0;
    }
    if (ok && klar_nowcast_day0(&nj->p, nj->o.from, &nj->o.day0, &err) != 0) {
        srv_respond_error(res, 400, err.field, "%s", err.message);
        ok = 0;
    }
    json_decref(figures);
    free(text);
    return ok;
}

void srv_handle_run_nowcast(srv_request *req, srv_response *res)
{
    json_t *body = srv_json_object_body(req, res);
    nowcast_job *nj = body ? calloc(1, sizeof *nj) : NULL;
    const char *region;
    if (body && !nj)
        srv_respond_internal(res, "queueing a nowcast", NULL);
    if (nj && srv_json_members_known(body, members, res) &&
        (region = srv_json_string(body, "region", 60, res)) && read_options(body, &nj->o, res) &&
        gather(req, body, region, nj, res)) {
        nj->job.work = job_work;
        nj->job.release = job_release;
        snprintf(nj->job.user, sizeof nj->job.user, "%lld", (long long)req->session.user.id);
        srv_respond_later(res, &nj->job);
        nj = NULL;
    }
    if (nj)
        job_release(&nj->job);
    json_decref(body);
}
