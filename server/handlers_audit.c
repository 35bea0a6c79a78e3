/* handlers_audit.c - the audit log: who changed what, when, before and after. It needs PLAN
 * (planners and admins) and shows the changes made to data within the user's subtree. */
#include "handlers.h"

#include "access.h"
#include "klar/registry.h"

#include <stdlib.h>

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
