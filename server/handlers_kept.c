/* handlers_kept.c - the engine runs the server keeps (klar/runstore.h): GET /api/v1/runs (one
 * page, newest first, of the runs made by users within ?within=, default the user's own
 * organisation), GET /api/v1/runs/{id} (as JSON, or ?format=csv the series, ?format=xlsx a
 * workbook of inputs, series and summary), DELETE /api/v1/runs/{id} (its owner, or a planner
 * over the owner's organisation) and GET /api/v1/runs/compare?ids=1,2[,...] (klar_run_compare).
 * A user reads the runs of users in their subtree, and their own. Running a kept run again is
 * POST /api/v1/runs/{id}/rerun (handlers_runs.c). */
#include "handlers.h"

#include "access.h"
#include "klar/export.h"
#include "klar/file.h"
#include "klar/runs.h"
#include "klar/runstore.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define XLSX_TYPE "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

static const char *const engines[] = {"surge", "workforce"};

void srv_handle_run_list(srv_request *req, srv_response *res)
{
    const char *within = srv_read_scope(req, res), *engine = srv_request_query(req, "engine");
    klar_page page;
    if (!within || !srv_read_page(req, &page, res))
        return;
    if (engine && strcmp(engine, engines[0]) != 0 && strcmp(engine, engines[1]) != 0) {
        srv_respond_error(res, 400, "engine", "engine must be surge or workforce, not '%.20s'",
                          engine);
        return;
    }
    klar_error err;
    int64_t total = 0;
    json_t *runs = klar_runstore_list(req->store, within, engine, page.limit, page.offset,
                                      &total, &err);
    if (!runs) {
        srv_respond_internal(res, "listing runs", &err);
        return;
    }
    srv_respond_json(res, 200, json_pack("{s:s, s:o, s:I, s:I, s:I, s:I}", "within", within,
                                         "runs", runs, "count",
                                         (json_int_t)json_array_size(runs), "total",
                                         (json_int_t)total, "limit", (json_int_t)page.limit,
                                         "offset", (json_int_t)page.offset));
}

/* 1 if the user may do action on the run: their own, or action in the owner's organisation. */
static int may_on_run(srv_request *req, const json_t *run, klar_action action)
{
    const char *org = json_string_value(json_object_get(run, "org_id"));
    if (json_integer_value(json_object_get(run, "user_id")) == req->session.user.id &&
        action == KLAR_ACTION_READ)
        return 1;
    return org && klar_user_may_in(req->app->orgs, &req->session.user, action, org) == 1;
}

json_t *srv_load_run(srv_request *req, int64_t id, srv_response *res)
{
    json_t *run = NULL;
    klar_error err;
    int found = klar_runstore_get(req->store, id, &run, &err);
    if (found < 0) {
        srv_respond_internal(res, "reading a run", &err);
        return NULL;
    }
    if (found == 0 || !may_on_run(req, run, KLAR_ACTION_READ)) {
        srv_respond_error(res, 404, NULL, "no run has the id %lld", (long long)id);
        json_decref(run);
        return NULL;
    }
    return run;
}

/* ---- a run as a file ------------------------------------------------------------------------ */

/* The inputs as sheet rows: every figure with where it came from, then the choices. */
static json_t *input_rows(const json_t *run)
{
    json_t *rows = json_array(), *f;
    const json_t *result = json_object_get(run, "result");
    const json_t *inputs = json_object_get(result, "inputs");
    size_t i;
    json_array_foreach(json_object_get(inputs, "figures"), i, f) {
        const char *from = json_string_value(json_object_get(f, "from"));
        json_t *row = json_pack("{s:O, s:O, s:O, s:O, s:s}", "input", json_object_get(f, "key"),
                                "value", json_object_get(f, "value"), "unit",
                                json_object_get(f, "unit"), "from", json_object_get(f, "from"),
                                "kind", from && strcmp(from, "shipped") == 0
                                            ? "shipped default (see its source in the file)"
                                            : from && strcmp(from, "registry") == 0
                                                  ? "registered figure"
                                                  : "scenario text");
        json_t *where = json_object_get(f, strcmp(from ? from : "", "registry") == 0 ? "records"
                                           : strcmp(from ? from : "", "shipped") == 0 ? "lines"
                                                                                     : "line");
        if (row) {
            char *text = json_dumps(where, JSON_COMPACT | JSON_ENCODE_ANY);
            json_object_set_new(row, "where", json_string(text ? text : ""));
            json_object_set(row, "rule", json_object_get(f, "rule"));
            free(text);
        }
        json_array_append_new(rows, row);
    }
    const char *key;
    json_t *v;
    json_object_foreach(json_object_get(run, "request"), key, v) {
        if (json_is_object(v) || json_is_null(v))
            continue;
        json_array_append_new(rows, json_pack("{s:s, s:O, s:s, s:s}", "input", key, "value", v,
                                              "from", "request", "kind", "chosen for the run"));
    }
    return rows;
}

/* The summary (flattened one level: "staff_peak_gap.nurse") and the run's header as rows. */
static json_t *summary_rows(const json_t *run)
{
    json_t *rows = json_array();
    const json_t *summary = json_object_get(run, "summary");
    const json_t *units = json_object_get(summary, "units");
    const char *key, *inner;
    json_t *v, *w;
    static const char *const header[] = {"id", "engine", "title", "region", "user_name",
                                         "created_at", "klar_version", "data_checksum",
                                         "figures_org"};
    for (size_t i = 0; i < sizeof header / sizeof header[0]; i++)
        json_array_append_new(rows, json_pack("{s:s, s:O, s:s}", "measure", header[i], "value",
                                              json_object_get(run, header[i]), "unit", ""));
    json_object_foreach((json_t *)summary, key, v) {
        if (strcmp(key, "units") == 0 || strcmp(key, "monte_carlo") == 0)
            continue;
        const char *unit = json_string_value(json_object_get(units, key));
        if (!json_is_object(v)) {
            json_array_append_new(rows, json_pack("{s:s, s:O, s:s}", "measure", key, "value", v,
                                                  "unit", unit ? unit : ""));
            continue;
        }
        json_object_foreach(v, inner, w) {
            char name[160];
            snprintf(name, sizeof name, "%s.%s", key, inner);
            json_array_append_new(rows, json_pack("{s:s, s:O, s:s}", "measure", name, "value",
                                                  w, "unit", unit ? unit : ""));
        }
    }
    return rows;
}

static void respond_run_xlsx(srv_response *res, const json_t *run, json_t *series)
{
    char path[] = "/tmp/klar-run-XXXXXX";
    int fd = mkstemp(path);
    klar_error err;
    size_t len = 0;
    char *data = NULL;
    json_t *inputs = input_rows(run), *summary = summary_rows(run);
    if (fd < 0) {
        klar_error_set(&err, NULL, 0, "cannot make a temporary file for the workbook");
    } else {
        close(fd);
        klar_export_sheet sheets[] = {{"summary", summary}, {"inputs", inputs},
                                      {"series", series}};
        if (inputs && summary &&
            klar_export_xlsx_sheets(sheets, sizeof sheets / sizeof sheets[0], path, &err) == 0)
            data = klar_file_read(path, (size_t)256 << 20, &len, &err);
        unlink(path);
    }
    json_decref(inputs);
    json_decref(summary);
    if (!data) {
        srv_respond_internal(res, "writing a run's workbook", &err);
        return;
    }
    srv_respond_bytes(res, 200, XLSX_TYPE, (const unsigned char *)data, len, 1);
}

static void respond_run_file(srv_response *res, const json_t *run, const char *format)
{
    json_t *series = klar_run_series_rows(json_object_get(run, "result"));
    klar_error err;
    if (!series) {
        srv_respond_internal(res, "making a run's series", NULL);
        return;
    }
    if (strcmp(format, "xlsx") == 0) {
        respond_run_xlsx(res, run, series);
    } else {
        size_t len = 0;
        char *csv = klar_export_csv(series, &len, &err);
        if (csv)
            srv_respond_bytes(res, 200, "text/csv; charset=utf-8", (const unsigned char *)csv,
                              len, 1);
        else
            srv_respond_internal(res, "writing a run's CSV", &err);
    }
    json_decref(series);
    if (res->status == 200)
        srv_response_header(res, "Content-Disposition", "attachment; filename=\"klar-run-%lld"
                            ".%s\"", (long long)json_integer_value(json_object_get(run, "id")),
                            format);
}

void srv_handle_run_get(srv_request *req, srv_response *res)
{
    const char *format = srv_request_query(req, "format");
    if (format && strcmp(format, "json") != 0 && strcmp(format, "csv") != 0 &&
        strcmp(format, "xlsx") != 0) {
        srv_respond_error(res, 400, "format", "format must be json, csv or xlsx, not '%.20s'",
                          format);
        return;
    }
    int64_t id = srv_path_id(req, "run", res);
    json_t *run = id ? srv_load_run(req, id, res) : NULL;
    if (!run)
        return;
    if (!format || strcmp(format, "json") == 0)
        srv_respond_json(res, 200, run);
    else {
        respond_run_file(res, run, format);
        json_decref(run);
    }
}

void srv_handle_run_delete(srv_request *req, srv_response *res)
{
    int64_t id = srv_path_id(req, "run", res);
    json_t *run = id ? srv_load_run(req, id, res) : NULL;
    if (!run)
        return;
    int own = json_integer_value(json_object_get(run, "user_id")) == req->session.user.id;
    if (!own && !may_on_run(req, run, KLAR_ACTION_PLAN)) {
        srv_respond_error(res, 403, NULL, "%s may not delete run %lld: only its owner (%s) or a "
                          "planner over %s may", req->session.user.name, (long long)id,
                          json_string_value(json_object_get(run, "user_name")),
                          json_string_value(json_object_get(run, "org_id")));
        json_decref(run);
        return;
    }
    json_decref(run);
    klar_error err;
    int rc = klar_runstore_delete(req->store, req->session.user.id, id, &err);
    if (rc < 0)
        srv_respond_internal(res, "deleting a run", &err);
    else if (rc == 0)
        srv_respond_error(res, 404, NULL, "no run has the id %lld", (long long)id);
    else
        srv_respond_json(res, 200, json_pack("{s:I, s:b}", "id", (json_int_t)id, "deleted", 1));
}

/* ---- comparison ------------------------------------------------------------------------------- */

/* ?ids= as up to max ids: their number, or 0 with res set. */
static size_t read_ids(srv_request *req, int64_t *ids, size_t max, srv_response *res)
{
    const char *text = srv_request_query(req, "ids");
    size_t n = 0;
    if (!text || !*text) {
        srv_respond_error(res, 400, "ids", "ids is required: the runs to compare, as 1,2[,3...]");
        return 0;
    }
    for (const char *p = text; *p;) {
        char *end;
        long long v = strtoll(p, &end, 10);
        if (n == max) {
            srv_respond_error(res, 400, "ids", "compare at most %zu runs", max);
            return 0;
        }
        if (end == p || v <= 0 || (*end && *end != ',')) {
            srv_respond_error(res, 400, "ids", "ids must be run ids separated by commas "
                              "(1,2,3), not '%.40s'", text);
            return 0;
        }
        ids[n++] = v;
        p = *end ? end + 1 : end;
    }
    return n;
}

void srv_handle_run_compare(srv_request *req, srv_response *res)
{
    int64_t ids[KLAR_RUN_COMPARE_MAX];
    json_t *runs[KLAR_RUN_COMPARE_MAX];
    size_t n = read_ids(req, ids, KLAR_RUN_COMPARE_MAX, res), loaded = 0;
    if (n == 0)
        return;
    while (loaded < n && (runs[loaded] = srv_load_run(req, ids[loaded], res)) != NULL)
        loaded++;
    if (loaded == n) {
        klar_error err;
        json_t *cmp = klar_run_compare(runs, n, &err);
        if (cmp)
            srv_respond_json(res, 200, cmp);
        else if (err.code == KLAR_ERR_INVALID)
            srv_respond_error(res, 400, err.field, "%s", err.message);
        else
            srv_respond_internal(res, "comparing runs", &err);
    }
    for (size_t i = 0; i < loaded; i++)
        json_decref(runs[i]);
}
