/* handlers_risks.c - ROS risks (list in pages, create, get, update with optimistic version,
 * delete), the risk matrix with the four-year flag, and the audit log. Every right is checked
 * against the organisation owning the data (the user's organisation subtree, in the
 * organisation tree); outside it the answer is 403. The audit log needs PLAN (planners and
 * admins) and shows the changes made to data within the user's subtree. */
#include "handlers.h"

#include "access.h"
#include "jsonin.h"
#include "klar/jsonwriter.h"
#include "klar/registry.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Copies an optional string member (absent or null: "") of at most size - 1 bytes; 0 with res
 * set to 400 naming the field. */
static int opt_string(json_t *body, const char *name, char *dst, size_t size, srv_response *res)
{
    json_t *v = json_object_get(body, name);
    dst[0] = '\0';
    if (!v || json_is_null(v))
        return 1;
    if (!json_is_string(v)) {
        srv_respond_error(res, 400, name, "%s must be a string", name);
        return 0;
    }
    if (json_string_length(v) >= size) {
        srv_respond_error(res, 400, name, "%s is longer than %zu bytes", name, size - 1);
        return 0;
    }
    snprintf(dst, size, "%s", json_string_value(v));
    return 1;
}

static int req_string(json_t *body, const char *name, char *dst, size_t size, srv_response *res)
{
    const char *v = srv_json_string(body, name, size - 1, res);
    if (!v)
        return 0;
    snprintf(dst, size, "%s", v);
    return 1;
}

/* A required integer member; 0 with res set. */
static int req_int(json_t *body, const char *name, long long *out, srv_response *res)
{
    json_t *v = json_object_get(body, name);
    if (!v) {
        srv_respond_error(res, 400, name, "%s is required", name);
        return 0;
    }
    if (!json_is_integer(v)) {
        srv_respond_error(res, 400, name, "%s must be an integer", name);
        return 0;
    }
    *out = json_integer_value(v);
    return 1;
}

/* Fills r from a request body; org_id is required when need_org, else kept. 0 with res set. */
static int risk_from_body(json_t *body, klar_risk *r, int need_org, srv_response *res)
{
    long long p, c;
    json_t *comp = json_object_get(body, "comprehensive");
    if ((need_org || json_object_get(body, "org_id")) &&
        !req_string(body, "org_id", r->org_id, sizeof r->org_id, res))
        return 0;
    if (!req_string(body, "title", r->title, sizeof r->title, res) ||
        !req_string(body, "area", r->area, sizeof r->area, res) ||
        !req_int(body, "probability", &p, res) || !req_int(body, "consequence", &c, res) ||
        !opt_string(body, "vulnerabilities", r->vulnerabilities, sizeof r->vulnerabilities, res) ||
        !opt_string(body, "existing_measures", r->existing_measures, sizeof r->existing_measures,
                    res) ||
        !opt_string(body, "proposed_measures", r->proposed_measures, sizeof r->proposed_measures,
                    res) ||
        !opt_string(body, "owner", r->owner, sizeof r->owner, res) ||
        !opt_string(body, "last_assessed", r->last_assessed, sizeof r->last_assessed, res))
        return 0;
    if (comp && !json_is_boolean(comp)) {
        srv_respond_error(res, 400, "comprehensive", "comprehensive must be true or false");
        return 0;
    }
    r->comprehensive = comp && json_is_true(comp);
    r->probability = p < 0 || p > 99 ? 99 : (int)p;
    r->consequence = c < 0 || c > 99 ? 99 : (int)c;
    return 1;
}

/* A page of risks being written. */
typedef struct risk_page {
    klar_jw w;
    size_t count;
} risk_page;

/* klar_risk_each's callback: one risk more into the page. */
static int write_risk(const klar_risk *r, void *ctx)
{
    risk_page *p = ctx;
    klar_risk_json_write(r, &p->w);
    p->count++;
    return 0;
}

/* The page as JSON text (written directly: a page of 100 risks through jansson objects would
 * cost ten times as much): {"within", "risks": [...], "count", "total", "limit", "offset"}. */
static void respond_risk_page(srv_request *req, const char *within, const char *area,
                              klar_page page, srv_response *res)
{
    risk_page p = {{0}, 0};
    klar_jw *w = &p.w;
    klar_error err;
    int64_t total = 0;
    klar_jw_reserve(w, 512 * (page.limit < 200 ? page.limit : 200));   /* ~400 bytes a risk */
    klar_jw_begin_object(w);
    klar_jw_key(w, "within");
    klar_jw_string(w, within);
    klar_jw_key(w, "risks");
    klar_jw_begin_array(w);
    if (klar_risk_each(req->store, within, area, page, write_risk, &p, &total, &err) != 0) {
        klar_jw_free(w);
        srv_respond_internal(res, "listing risks", &err);
        return;
    }
    klar_jw_end_array(w);
    klar_jw_key(w, "count");
    klar_jw_int(w, (int64_t)p.count);
    klar_jw_key(w, "total");
    klar_jw_int(w, total);
    klar_jw_key(w, "limit");
    klar_jw_int(w, (int64_t)page.limit);
    klar_jw_key(w, "offset");
    klar_jw_int(w, (int64_t)page.offset);
    klar_jw_end_object(w);
    srv_respond_text(res, 200, "application/json", klar_jw_finish(w, NULL));
}

void srv_handle_risk_list(srv_request *req, srv_response *res)
{
    const char *within = srv_read_scope(req, res);
    if (!within)
        return;
    const char *area = srv_request_query(req, "area");
    if (area && !klar_risk_area_valid(area)) {
        srv_respond_error(res, 400, "area", "area must be one of hybrid-war, digital, supply, "
                          "pandemic, water, nuclear");
        return;
    }
    klar_page page;
    if (srv_read_page(req, &page, res))
        respond_risk_page(req, within, area, page, res);
}

void srv_handle_risk_create(srv_request *req, srv_response *res)
{
    json_t *body = srv_json_object_body(req, res);
    if (!body)
        return;
    klar_risk *r = calloc(1, sizeof *r);
    if (!r) {
        json_decref(body);
        srv_respond_internal(res, "out of memory", NULL);
        return;
    }
    if (risk_from_body(body, r, 1, res) &&
        srv_may_on_known(req, KLAR_ACTION_PLAN, r->org_id, res)) {
        klar_error err;
        const char *field = NULL;
        int rc = klar_risk_create(req->store, req->session.user.id, r, &field, &err);
        if (rc)
            srv_respond_write_error(res, rc, field, &err, "writing a risk");
        else
            srv_respond_json(res, 201, klar_risk_json(r));
    }
    free(r);
    json_decref(body);
}

/* Reads risk {id} into *r and checks action on its organisation; 0 with res set. */
static int load(srv_request *req, klar_action action, klar_risk *r, srv_response *res)
{
    int64_t id = srv_path_id(req, "risk", res);
    if (!id)
        return 0;
    klar_error err;
    int found = klar_risk_get(req->store, id, r, &err);
    if (found < 0)
        srv_respond_internal(res, "reading a risk", &err);
    else if (!found)
        srv_respond_error(res, 404, "id", "no risk has the id %lld", (long long)id);
    return found == 1 && srv_may(req, action, r->org_id, res);
}

void srv_handle_risk_get(srv_request *req, srv_response *res)
{
    klar_risk *r = malloc(sizeof *r);
    if (!r) {
        srv_respond_internal(res, "out of memory", NULL);
        return;
    }
    if (load(req, KLAR_ACTION_READ, r, res)) {
        klar_jw w = {0};
        klar_risk_json_write(r, &w);
        srv_respond_text(res, 200, "application/json", klar_jw_finish(&w, NULL));
    }
    free(r);
}

void srv_handle_risk_update(srv_request *req, srv_response *res)
{
    json_t *body = srv_json_object_body(req, res);
    if (!body)
        return;
    klar_risk *r = malloc(sizeof *r);
    long long version;
    if (!r)
        srv_respond_internal(res, "out of memory", NULL);
    else if (load(req, KLAR_ACTION_PLAN, r, res) && req_int(body, "version", &version, res) &&
             risk_from_body(body, r, 0, res) &&
             srv_may_on_known(req, KLAR_ACTION_PLAN, r->org_id, res)) {
        klar_error err;
        const char *field = NULL;
        r->version = version;
        int rc = klar_risk_update(req->store, req->session.user.id, r, &field, &err);
        if (rc)
            srv_respond_write_error(res, rc, field, &err, "writing a risk");
        else
            srv_respond_json(res, 200, klar_risk_json(r));
    }
    free(r);
    json_decref(body);
}

void srv_handle_risk_delete(srv_request *req, srv_response *res)
{
    klar_risk *r = malloc(sizeof *r);
    if (!r) {
        srv_respond_internal(res, "out of memory", NULL);
        return;
    }
    if (load(req, KLAR_ACTION_PLAN, r, res)) {
        klar_error err;
        int rc = klar_risk_delete(req->store, req->session.user.id, r->id, &err);
        if (rc)
            srv_respond_write_error(res, rc, NULL, &err, "deleting a risk");
        else
            srv_respond_json(res, 200, json_pack("{s:I, s:b}", "id", (json_int_t)r->id,
                                                 "deleted", 1));
    }
    free(r);
}

void srv_handle_risk_matrix(srv_request *req, srv_response *res)
{
    const char *within = srv_read_scope(req, res);
    if (!within)
        return;
    long counts[5][5];
    char last[11];
    klar_error err;
    long total = klar_risk_matrix(req->store, within, counts, &err);
    int outdated = total < 0 ? -1 : klar_risk_ros_outdated(req->store, within, NULL, last, &err);
    if (outdated < 0) {
        srv_respond_internal(res, "computing the risk matrix", &err);
        return;
    }
    json_t *rows = json_array();
    for (int p = 0; rows && p < 5; p++) {
        json_t *row = json_array();
        for (int c = 0; row && c < 5; c++)
            json_array_append_new(row, json_integer(counts[p][c]));
        json_array_append_new(rows, row);
    }
    srv_respond_json(res, 200,
                     rows ? json_pack("{s:s, s:o, s:I, s:{s:s?, s:b}}", "within", within,
                                      "matrix", rows, "total", (json_int_t)total,
                                      "comprehensive_ros", "last_assessed",
                                      last[0] ? last : NULL, "older_than_four_years",
                                      outdated)
                          : NULL);
}

void srv_handle_audit_list(srv_request *req, srv_response *res)
{
    const char *within = srv_read_scope(req, res);
    if (!within || !srv_may(req, KLAR_ACTION_PLAN, within, res))
        return;
    size_t n;
    klar_error err;
    klar_audit_entry *e = klar_audit_list(req->store, within, srv_request_query(req, "entity"),
                                          srv_request_query(req, "entity_id"), 1000, &n, &err);
    if (!e) {
        srv_respond_internal(res, "listing the audit log", &err);
        return;
    }
    json_t *items = json_array();
    for (size_t i = 0; items && i < n; i++) {
        json_t *before = e[i].before_json ? json_loads(e[i].before_json, 0, NULL) : NULL;
        json_t *after = e[i].after_json ? json_loads(e[i].after_json, 0, NULL) : NULL;
        json_t *item = json_pack(
            "{s:I, s:s, s:s?, s:s, s:s, s:s, s:s, s:o?, s:o?}", "id", (json_int_t)e[i].id, "at",
            e[i].at, "user", e[i].user_name[0] ? e[i].user_name : NULL, "org_id", e[i].org_id,
            "action", e[i].action, "entity", e[i].entity, "entity_id", e[i].entity_id, "before",
            before, "after", after);
        if (!item || json_array_append_new(items, item) != 0) {
            json_decref(items);
            items = NULL;
        }
    }
    klar_audit_free(e, n);
    srv_respond_json(res, 200, items ? json_pack("{s:o, s:I}", "audit", items, "count",
                                                 (json_int_t)n)
                                     : NULL);
}
