/* handlers_audit.c - the audit log: who changed what, when, before and after. It needs PLAN
 * (planners and admins) and shows the changes made to data within the user's subtree, newest
 * first, in pages, optionally of one entity (?entity=learning-points or learning-point), one
 * entity_id, one user (?user=NAME) and a span of time (?from=, ?to=: dates or timestamps). */
#include "handlers.h"

#include "access.h"
#include "klar/date.h"
#include "klar/registry.h"
#include "klar/store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The ?entity= filter as the stored entity name (NULL: none given); 0 with res set to 400
 * naming the accepted values when it names no entity. */
static int read_entity(srv_request *req, const char **entity, srv_response *res)
{
    const char *given = srv_request_query(req, "entity");
    *entity = given ? klar_audit_entity(given) : NULL;
    if (!given || *entity)
        return 1;
    char names[512];
    klar_audit_entity_names(names, sizeof names);
    srv_respond_error(res, 400, "entity", "entity must be one of %s, not '%.40s'", names, given);
    return 0;
}

/* The ?entity_id= filter: a positive integer in canonical decimal (NULL: none given); 0 with
 * res set to 400. */
static int read_entity_id(srv_request *req, const char **id, srv_response *res)
{
    const char *v = srv_request_query(req, "entity_id");
    size_t n = v ? strspn(v, "0123456789") : 0;
    *id = v;
    if (!v || (n && n == strlen(v) && n <= 18 && v[0] != '0'))
        return 1;
    srv_respond_error(res, 400, "entity_id", "entity_id must be a positive whole number, not "
                      "'%.40s'", v);
    return 0;
}

/* The ?user= filter: a user name as stored (NULL: none given); 0 with res set to 400. */
static int read_user(srv_request *req, const char **user, srv_response *res)
{
    const char *v = srv_request_query(req, "user");
    *user = v;
    if (!v || (*v && strlen(v) <= 64))
        return 1;
    srv_respond_error(res, 400, "user", "user must be a user name of 1 to 64 characters");
    return 0;
}

/* A ?from= or ?to= bound as a stored timestamp into out: a timestamp "2024-05-01T12:00:00Z"
 * as it is, a date "2024-05-01" as the first (from) or last (to) second of that UTC day.
 * *bound gets out, or NULL when none is given; 0 with res set to 400. */
static int read_time(srv_request *req, const char *name, int last, char out[KLAR_TIMESTAMP_SIZE],
                     const char **bound, srv_response *res)
{
    const char *v = srv_request_query(req, name);
    int64_t t;
    *bound = NULL;
    if (!v)
        return 1;
    if (klar_store_parse_time(v, &t) == 0) {
        klar_store_format_time(t, out);
    } else if (klar_date_valid(v)) {
        t = klar_days_from_civil(atoi(v), atoi(v + 5), atoi(v + 8)) * 86400 + (last ? 86399 : 0);
        klar_store_format_time(t, out);
    } else {
        srv_respond_error(res, 400, name, "%s must be a date (YYYY-MM-DD, a UTC day) or a time "
                          "(YYYY-MM-DDTHH:MM:SSZ), not '%.40s'", name, v);
        return 0;
    }
    *bound = out;
    return 1;
}

/* Reads the filter and the page of the query into f (from and to written into times); 0 with
 * res set. */
static int read_filter(srv_request *req, klar_audit_filter *f,
                       char times[2][KLAR_TIMESTAMP_SIZE], srv_response *res)
{
    klar_page page;
    memset(f, 0, sizeof *f);
    f->within = srv_read_scope(req, res);
    if (!f->within || !srv_may(req, KLAR_ACTION_PLAN, f->within, res) ||
        !read_entity(req, &f->entity, res) || !read_entity_id(req, &f->entity_id, res) ||
        !read_user(req, &f->user, res) || !read_time(req, "from", 0, times[0], &f->from, res) ||
        !read_time(req, "to", 1, times[1], &f->to, res) || !srv_read_page(req, &page, res))
        return 0;
    f->limit = page.limit;
    f->offset = page.offset;
    return 1;
}

/* One entry as {"id", "at", "user", "org_id", "action", "entity", "entity_id", "before",
 * "after"}; NULL when out of memory. */
static json_t *entry_json(const klar_audit_entry *e)
{
    json_t *before = e->before_json ? json_loads(e->before_json, 0, NULL) : NULL;
    json_t *after = e->after_json ? json_loads(e->after_json, 0, NULL) : NULL;
    return json_pack("{s:I, s:s, s:s?, s:s, s:s, s:s, s:s, s:o?, s:o?}", "id", (json_int_t)e->id,
                     "at", e->at, "user", e->user_name[0] ? e->user_name : NULL, "org_id",
                     e->org_id, "action", e->action, "entity", e->entity, "entity_id",
                     e->entity_id, "before", before, "after", after);
}

/* {"within", "audit": [...], "count" (on this page), "total", "limit", "offset"}. */
void srv_handle_audit_list(srv_request *req, srv_response *res)
{
    klar_audit_filter f;
    char times[2][KLAR_TIMESTAMP_SIZE];
    if (!read_filter(req, &f, times, res))
        return;
    size_t n = 0;
    klar_error err;
    int64_t total = klar_audit_count(req->store, &f, &err);
    klar_audit_entry *e = total < 0 ? NULL : klar_audit_list(req->store, &f, &n, &err);
    if (!e) {
        srv_respond_internal(res, "listing the audit log", &err);
        return;
    }
    json_t *items = json_array();
    for (size_t i = 0; items && i < n; i++) {
        if (json_array_append_new(items, entry_json(&e[i])) != 0) {
            json_decref(items);
            items = NULL;
        }
    }
    klar_audit_free(e, n);
    srv_respond_json(res, 200, items ? json_pack("{s:s, s:o, s:I, s:I, s:I, s:I}", "within",
                                                 f.within, "audit", items, "count",
                                                 (json_int_t)n, "total", (json_int_t)total,
                                                 "limit", (json_int_t)f.limit, "offset",
                                                 (json_int_t)f.offset)
                                     : NULL);
}
