/* handlers_records.c - the endpoints of every table-described record kind (klar/record.h):
 * GET and POST /api/v1/<kind>s, GET, PUT and DELETE /api/v1/<kind>s/{id}. The route says which
 * kind and which action its method needs (routes.c); rights are checked against the
 * organisation owning the record, before and (on PUT) after a change. Lists take ?within=
 * (default: the user's organisation), the kind's filters as query arguments,
 * ?overdue=true for kinds with a due date, and the page (?limit=, ?offset=; access.h); they
 * answer count (on this page) and total (on all pages). A PUT without org_id leaves the record
 * in its organisation. */
#include "handlers.h"

#include "klar/export.h"
#include "klar/file.h"

#include "access.h"
#include "jsonin.h"
#include "klar/jsonwriter.h"
#include "klar/record.h"
#include "router.h"

#include <stdlib.h>
#include <unistd.h>
#include <string.h>

static const klar_kind *kind_of(const srv_request *req)
{
    return req->route->kind;
}

/* Fills f from the query: within (checked), the kind's filters, overdue, the page. 0 with res
 * set. */
static int read_filter(srv_request *req, const klar_kind *k, klar_record_filter *f,
                       srv_response *res)
{
    memset(f, 0, sizeof *f);
    if (!(f->within = srv_read_scope(req, res)))
        return 0;
    for (const char *const *name = k->filters; name && *name; name++) {
        const char *v = srv_request_query(req, *name);
        if (!v)
            continue;
        if (f->n == KLAR_RECORD_MAX_FILTERS) {
            srv_respond_error(res, 400, *name, "at most %d filters at a time",
                              KLAR_RECORD_MAX_FILTERS);
            return 0;
        }
        f->names[f->n] = *name;
        f->values[f->n++] = v;
    }
    const char *overdue = srv_request_query(req, "overdue");
    if (overdue && strcmp(overdue, "true") != 0 && strcmp(overdue, "false") != 0) {
        srv_respond_error(res, 400, "overdue", "overdue must be true or false");
        return 0;
    }
    f->overdue = overdue && strcmp(overdue, "true") == 0;
    const char *inherited = k->shared ? srv_request_query(req, "inherited") : NULL;
    if (inherited && strcmp(inherited, "true") != 0 && strcmp(inherited, "false") != 0) {
        srv_respond_error(res, 400, "inherited", "inherited must be true or false");
        return 0;
    }
    f->inherited = inherited && strcmp(inherited, "true") == 0;
    klar_page page;
    if (!srv_read_page(req, &page, res))
        return 0;
    f->limit = page.limit;
    f->offset = page.offset;
    return 1;
}

/* The page as JSON text written straight from the rows (a page of 100 records through jansson
 * objects would cost ten times as much):
 * {"within", "<table>": [...], "count", "total", "limit", "offset"}. */
void srv_handle_record_list(srv_request *req, srv_response *res)
{
    const klar_kind *k = kind_of(req);
    const char *format = srv_request_query(req, "format");
    if (format && strcmp(format, "json") != 0) {
        srv_handle_record_export(req, res);    /* ?format=csv|xlsx: the whole list as a file */
        return;
    }
    klar_record_filter f;
    if (!read_filter(req, k, &f, res))
        return;
    klar_error err;
    int64_t total = klar_record_count(req->store, k, &f, &err);
    klar_jw w = {0};
    size_t count = 0;
    int rc = total < 0 ? (err.code == KLAR_ERR_INVALID ? KLAR_REG_INVALID : KLAR_REG_FAILED) : 0;
    if (rc == 0) {
        klar_jw_reserve(&w, 512 * (f.limit && f.limit < 200 ? f.limit : 200));
        klar_jw_begin_object(&w);
        klar_jw_key(&w, "within");
        klar_jw_string(&w, f.within);
        klar_jw_key(&w, k->table);
        klar_jw_begin_array(&w);
        rc = klar_record_write_list(req->store, k, &f, &w, &count, &err);
    }
    if (rc) {
        klar_jw_free(&w);
        if (rc == KLAR_REG_INVALID)
            srv_respond_error(res, 400, err.field[0] ? err.field : NULL, "%s", err.message);
        else
            srv_respond_internal(res, "listing records", &err);
        return;
    }
    klar_jw_end_array(&w);
    klar_jw_key(&w, "count");
    klar_jw_int(&w, (int64_t)count);
    klar_jw_key(&w, "total");
    klar_jw_int(&w, total);
    klar_jw_key(&w, "limit");
    klar_jw_int(&w, (int64_t)f.limit);
    klar_jw_key(&w, "offset");
    klar_jw_int(&w, (int64_t)f.offset);
    klar_jw_end_object(&w);
    srv_respond_text(res, 200, "application/json", klar_jw_finish(&w, NULL));
}

/* The org_id member of body, present and a string; NULL with res set (400). */
static const char *body_org(json_t *body, srv_response *res)
{
    return srv_json_string(body, "org_id", 47, res);
}

/* 1 if the user may write body for org: a record in a finishing state (a closed learning
 * point) needs PLAN there, even on a route contributors may use; else 0 with 403 naming
 * status. */
static int may_finish(srv_request *req, const klar_kind *k, json_t *body, const char *org,
                      srv_response *res)
{
    const char *status = json_string_value(json_object_get(body, "status"));
    if (req->route->action >= KLAR_ACTION_PLAN || !klar_kind_is_done(k, status))
        return 1;
    if (klar_user_may_in(req->app->orgs, &req->session.user, KLAR_ACTION_PLAN, org))
        return 1;
    srv_respond_error(res, 403, "status", "a %s is set to '%.20s' by a planner", k->title,
                      status);
    return 0;
}

/* 1 if the user may take record id of k (owned by org) out of a finishing state as body asks
 * (reopening a closed learning point needs PLAN there, as closing it does); else 0 with 403
 * naming status (or 500). */
static int may_reopen(srv_request *req, const klar_kind *k, int64_t id, json_t *body,
                      const char *org, srv_response *res)
{
    if (req->route->action >= KLAR_ACTION_PLAN || !k->done ||
        klar_kind_is_done(k, json_string_value(json_object_get(body, "status"))))
        return 1;
    json_t *stored = NULL;
    klar_error err;
    int found = klar_record_get(req->store, k, id, &stored, &err);
    if (found < 0) {
        srv_respond_internal(res, "reading a record", &err);
        return 0;
    }
    const char *was = found ? json_string_value(json_object_get(stored, "status")) : NULL;
    int ok = !was || !klar_kind_is_done(k, was) ||
             klar_user_may_in(req->app->orgs, &req->session.user, KLAR_ACTION_PLAN, org) == 1;
    if (!ok)
        srv_respond_error(res, 403, "status", "a %s that is '%.20s' is reopened by a planner",
                          k->title, was);
    json_decref(stored);
    return ok;
}

void srv_handle_record_create(srv_request *req, srv_response *res)
{
    const klar_kind *k = kind_of(req);
    json_t *body = srv_json_object_body(req, res);
    if (!body)
        return;
    const char *org = body_org(body, res);
    if (org && srv_may_on_known(req, req->route->action, org, res) &&
        may_finish(req, k, body, org, res)) {
        klar_error err;
        json_t *rec = NULL;
        int rc = klar_record_create(req->store, k, req->session.user.id, body, &rec, &err);
        if (rc)
            srv_respond_write_error(res, rc, &err, "creating a record");
        else
            srv_respond_json(res, 201, rec);
    }
    json_decref(body);
}

/* 1 if record id of k, owned by org outside the user's subtree, is still theirs to read by
 * the reading rule (klar/record.h: shared from above, or an exercise they take part in). */
static int shared_with_user(srv_request *req, const klar_kind *k, int64_t id, const char *org)
{
    int has_orgs = 0;
    for (size_t i = 0; i < k->nfields; i++)
        has_orgs |= k->fields[i].type == KLAR_FIELD_ORGS;
    if ((!k->shared && !has_orgs) ||
        klar_user_may_in(req->app->orgs, &req->session.user, KLAR_ACTION_READ, org) == 1)
        return 0;                     /* not shared, or readable the plain way anyway */
    json_t *rec = NULL;
    klar_error err;
    int ok = klar_record_get(req->store, k, id, &rec, &err) == 1 &&
             klar_record_readable_in(req->app->orgs, k, &req->session.user, rec);
    json_decref(rec);
    return ok;
}

/* The {id} of the path, its record existing and its organisation (into org) open to action;
 * 0 with res set (404, 403). The write then names org as the one it expects. */
static int64_t load_id(srv_request *req, klar_action action, char org[48], srv_response *res)
{
    const klar_kind *k = kind_of(req);
    int64_t id = srv_path_id(req, k->title, res);
    if (!id)
        return 0;
    klar_error err;
    int found = klar_record_org(req->store, k, id, org, &err);
    if (found < 0)
        srv_respond_internal(res, "reading a record", &err);
    else if (!found)
        srv_respond_error(res, 404, "id", "no %s has the id %lld", k->title, (long long)id);
    if (found != 1)
        return 0;
    if (action == KLAR_ACTION_READ && shared_with_user(req, k, id, org))
        return id;
    return srv_may(req, action, org, res) ? id : 0;
}

void srv_handle_record_get(srv_request *req, srv_response *res)
{
    char org[48];
    int64_t id = load_id(req, KLAR_ACTION_READ, org, res);
    if (!id)
        return;
    klar_error err;
    klar_jw w = {0};                    /* written straight from the row, as lists are */
    int found = klar_record_write(req->store, kind_of(req), id, &w, &err);
    if (found == 1) {
        srv_respond_text(res, 200, "application/json", klar_jw_finish(&w, NULL));
        return;
    }
    klar_jw_free(&w);
    if (found == 0)          /* deleted between the two reads */
        srv_respond_error(res, 404, "id", "no %s has the id %lld", kind_of(req)->title,
                          (long long)id);
    else
        srv_respond_internal(res, "reading a record", &err);
}

void srv_handle_record_update(srv_request *req, srv_response *res)
{
    const klar_kind *k = kind_of(req);
    char org_before[48];
    int64_t id = load_id(req, req->route->action, org_before, res);
    json_t *body = id ? srv_json_object_body(req, res) : NULL;
    if (!body)
        return;
    if (!json_object_get(body, "org_id"))          /* absent: the record stays where it is */
        json_object_set_new(body, "org_id", json_string(org_before));
    const char *org = body_org(body, res);
    if (org && srv_may_on_known(req, req->route->action, org, res) &&
        may_finish(req, k, body, org, res) && may_reopen(req, k, id, body, org_before, res)) {
        klar_error err;
        json_t *rec = NULL;
        int rc = klar_record_update(req->store, k, req->session.user.id, id, org_before, body,
                                    &rec, &err);
        if (rc)
            srv_respond_write_error(res, rc, &err, "updating a record");
        else
            srv_respond_json(res, 200, rec);
    }
    json_decref(body);
}

void srv_handle_record_delete(srv_request *req, srv_response *res)
{
    char org_before[48];
    int64_t id = load_id(req, req->route->action, org_before, res);
    if (!id)
        return;
    klar_error err;
    int rc = klar_record_delete(req->store, kind_of(req), req->session.user.id, id, org_before,
                                &err);
    if (rc)
        srv_respond_write_error(res, rc, &err, "deleting a record");
    else
        srv_respond_json(res, 200, json_pack("{s:I, s:b}", "id", (json_int_t)id, "deleted", 1));
}

/* ---- import: many records at once ---------------------------------------------------------- */

#define IMPORT_MAX_ROWS 5000

/* The rows whose organisation the user may not write (or a finishing state not theirs to
 * set), as import row errors into errors; the number of them. */
static size_t refused_rows(srv_request *req, const klar_kind *k, json_t *rows, json_t *errors)
{
    size_t refused = 0;
    for (size_t i = 0; i < json_array_size(rows); i++) {
        json_t *row = json_array_get(rows, i);
        const char *org = json_string_value(json_object_get(row, "org_id"));
        srv_response probe = {0};
        int ok = org && srv_may_on_known(req, req->route->action, org, &probe) &&
                 may_finish(req, k, row, org, &probe);
        if (!ok) {
            json_t *e = json_object_get(probe.json, "error");
            const char *field = json_string_value(json_object_get(e, "field"));
            const char *message = json_string_value(json_object_get(e, "message"));
            refused++;
            if (json_array_size(errors) < KLAR_IMPORT_MAX_ERRORS)
                json_array_append_new(errors, json_pack("{s:I, s:s, s:s}", "row",
                                      (json_int_t)(i + 1), "field", field ? field : "org_id",
                                      "message", message ? message : "org_id is missing"));
        }
        srv_response_clear(&probe);
    }
    return refused;
}

/* 1 if row (1-based) is among the refused ones. */
static int is_refused(json_t *refused, size_t row)
{
    size_t i;
    json_t *e;
    json_array_foreach(refused, i, e)
        if ((size_t)json_integer_value(json_object_get(e, "row")) == row)
            return 1;
    return 0;
}

/* The rows that are not refused, a new array (NULL when out of memory). */
static json_t *allowed_rows(json_t *rows, json_t *refused)
{
    json_t *out = json_array();
    for (size_t i = 0; out && i < json_array_size(rows); i++)
        if (!is_refused(refused, i + 1) && json_array_append(out, json_array_get(rows, i)) != 0) {
            json_decref(out);
            out = NULL;
        }
    return out;
}

/* The library numbered the allowed rows only: give its errors the rows' numbers in the file. */
static void renumber_rows(json_t *errors, json_t *rows, json_t *refused)
{
    size_t i;
    json_t *e;
    json_array_foreach(errors, i, e) {
        size_t nth = (size_t)json_integer_value(json_object_get(e, "row")), seen = 0;
        for (size_t r = 1; r <= json_array_size(rows); r++)
            if (!is_refused(refused, r) && ++seen == nth) {
                json_object_set_new(e, "row", json_integer((json_int_t)r));
                break;
            }
    }
}

/* The number of rows the errors name (a row may fail on more than one count). */
static size_t rows_named(json_t *errors)
{
    size_t n = 0, i;
    json_t *e;
    json_int_t last = 0;
    json_array_foreach(errors, i, e) {                  /* in the order of rows */
        json_int_t row = json_integer_value(json_object_get(e, "row"));
        n += row != last;
        last = row;
    }
    return n;
}

static int by_row(const void *a, const void *b)
{
    json_int_t x = json_integer_value(json_object_get(*(json_t *const *)a, "row"));
    json_int_t y = json_integer_value(json_object_get(*(json_t *const *)b, "row"));
    return x < y ? -1 : x > y;
}

/* Adds the refused rows' errors to errors, in the order of rows, at most
 * KLAR_IMPORT_MAX_ERRORS in all. */
static void merge_row_errors(json_t *errors, json_t *refused)
{
    size_t n = json_array_size(errors) + json_array_size(refused), k = 0;
    json_t **all = n ? malloc(n * sizeof *all) : NULL;
    if (!all || !errors) {
        free(all);
        return;
    }
    for (size_t i = 0; i < json_array_size(errors); i++)
        all[k++] = json_incref(json_array_get(errors, i));
    for (size_t i = 0; i < json_array_size(refused); i++)
        all[k++] = json_incref(json_array_get(refused, i));
    qsort(all, k, sizeof *all, by_row);
    json_array_clear(errors);
    for (size_t i = 0; i < k; i++) {
        if (i < KLAR_IMPORT_MAX_ERRORS)
            json_array_append(errors, all[i]);
        json_decref(all[i]);
    }
    free(all);
}

/* 422 naming the rows that cannot go in: {"error": {"status", "message", "rows": [...]}}. */
static void respond_rows(srv_response *res, size_t nrows, json_t *errors)
{
    size_t n = rows_named(errors);
    srv_respond_error(res, 422, NULL, "%zu%s of the %zu rows cannot be imported; nothing was "
                      "written", n, json_array_size(errors) >= KLAR_IMPORT_MAX_ERRORS ? " or more" : "",
                      nrows);
    json_t *e = json_object_get(res->json, "error");
    if (e)
        json_object_set(e, "rows", errors);
}

/* {"rows": [record, ...], "dry_run": bool}: every row checked as a create, then all written
 * in one transaction, or none (any row failing, or a dry run). */
void srv_handle_record_import(srv_request *req, srv_response *res)
{
    static const char *const members[] = {"rows", "dry_run", NULL};
    const klar_kind *k = kind_of(req);
    json_t *body = srv_json_object_body(req, res);
    if (!body || !srv_json_members_known(body, members, res)) {
        json_decref(body);
        return;
    }
    json_t *rows = json_object_get(body, "rows"), *dry = json_object_get(body, "dry_run");
    if (!json_is_array(rows) || json_array_size(rows) == 0 ||
        json_array_size(rows) > IMPORT_MAX_ROWS) {
        srv_respond_error(res, 400, "rows", "rows must be an array of 1 to %d records",
                          IMPORT_MAX_ROWS);
    } else if (dry && !json_is_boolean(dry)) {
        srv_respond_error(res, 400, "dry_run", "dry_run must be true or false");
    } else {
        json_t *refused = json_array(), *errors = NULL;
        size_t n = json_array_size(rows);
        klar_error err;
        /* rows the user may not write never reach the store (no answer may tell of records
         * they cannot read); the others are checked all the same, so that the answer names
         * every failing row, and then nothing is written */
        size_t nrefused = refused_rows(req, k, rows, refused);
        json_t *allowed = nrefused ? allowed_rows(rows, refused) : json_incref(rows);
        int dry_run = json_is_true(dry) || nrefused > 0;
        int rc = allowed ? klar_record_import(req->store, k, req->session.user.id, allowed,
                                              dry_run, &errors, &err)
                         : KLAR_REG_FAILED;
        if (!allowed)
            klar_error_set(&err, NULL, 0, "out of memory");
        if (rc == 0 || rc == KLAR_REG_INVALID) {
            renumber_rows(errors, rows, refused);
            merge_row_errors(errors, refused);
        }
        if ((rc == 0 || rc == KLAR_REG_INVALID) && json_array_size(errors) > 0)
            respond_rows(res, n, errors);
        else if (rc)
            srv_respond_write_error(res, rc, &err, "importing records");
        else
            srv_respond_json(res, 200, json_pack("{s:I, s:I, s:b}", "rows", (json_int_t)n,
                                                 "created", (json_int_t)(dry_run ? 0 : n),
                                                 "dry_run", dry_run));
        json_decref(allowed);
        json_decref(refused);
        json_decref(errors);
    }
    json_decref(body);
}

/* ---- export: a whole list as a spreadsheet --------------------------------------------------- */

#define EXPORT_MAX_RECORDS 100000

/* The XLSX of records through a temporary file (libxlsxwriter writes files): into res, or 500. */
static void respond_xlsx(srv_response *res, const klar_kind *k, json_t *records)
{
    char path[] = "/tmp/klar-export-XXXXXX";
    int fd = mkstemp(path);
    klar_error err;
    size_t len = 0;
    char *data = NULL;
    if (fd < 0) {
        klar_error_set(&err, NULL, 0, "cannot make a temporary file for the workbook");
    } else {
        close(fd);
        char sheet[32];
        snprintf(sheet, sizeof sheet, "%s", k->table);
        if (klar_export_xlsx(records, sheet, path, &err) == 0)
            data = klar_file_read(path, (size_t)256 << 20, &len, &err);
        unlink(path);
    }
    if (!data) {
        srv_respond_internal(res, "writing a workbook", &err);
        return;
    }
    srv_respond_bytes(res, 200, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                      (const unsigned char *)data, len, 1);
}

/* GET /<kind>/export?format=csv|xlsx with the list's within and filters: every record of the
 * list (no pages) as a file to download. */
void srv_handle_record_export(srv_request *req, srv_response *res)
{
    const klar_kind *k = kind_of(req);
    const char *format = srv_request_query(req, "format");
    if (!format)
        format = "csv";
    if (strcmp(format, "csv") != 0 && strcmp(format, "xlsx") != 0) {
        srv_respond_error(res, 400, "format", "format must be csv or xlsx (json: a page of the list), not '%.20s'", format);
        return;
    }
    klar_record_filter f;
    if (!read_filter(req, k, &f, res))
        return;
    f.limit = EXPORT_MAX_RECORDS;
    f.offset = 0;
    klar_error err;
    json_t *records = klar_record_list(req->store, k, &f, &err);
    if (!records) {
        if (err.code == KLAR_ERR_INVALID)
            srv_respond_error(res, 400, err.field[0] ? err.field : NULL, "%s", err.message);
        else
            srv_respond_internal(res, "exporting records", &err);
        return;
    }
    char name[48];
    klar_kind_url_name(k, name, sizeof name);
    if (strcmp(format, "xlsx") == 0) {
        respond_xlsx(res, k, records);
    } else {
        size_t len = 0;
        char *csv = klar_export_csv(records, &len, &err);
        if (csv)
            srv_respond_bytes(res, 200, "text/csv; charset=utf-8", (const unsigned char *)csv,
                              len, 1);
        else
            srv_respond_internal(res, "writing CSV", &err);
    }
    json_decref(records);
    if (res->status == 200)
        srv_response_header(res, "Content-Disposition", "attachment; filename=\"klar-%s-%s.%s\"",
                            name, f.within, format);
}
