/* handlers_organisations.c - the organisation register, read-only: the list (optionally
 * ?within=ID, the subtree of ID; from the store, in its order by id) and one organisation by
 * id (from the tree loaded at start). */
#include "handlers.h"

#include "klar/registry.h"

#include <stdlib.h>

static json_t *org_json(const klar_org *o)
{
    return json_pack("{s:s, s:s, s:s, s:s?}", "id", o->id, "name", o->name, "type", o->type,
                     "parent_id", o->parent_id[0] ? o->parent_id : NULL);
}

static json_t *org_array(const klar_org *orgs, size_t n)
{
    json_t *a = json_array();
    for (size_t i = 0; a && i < n; i++)
        if (json_array_append_new(a, org_json(&orgs[i])) != 0) {
            json_decref(a);
            return NULL;
        }
    return a;
}

/* 1 if within is absent or a known organisation; 0 with res set. */
static int check_within(srv_request *req, const char *within, srv_response *res)
{
    if (!within || klar_org_tree_get(req->app->orgs, within))
        return 1;
    srv_respond_error(res, 400, "within", "no organisation has the id '%.100s'", within);
    return 0;
}

void srv_handle_organisation_list(srv_request *req, srv_response *res)
{
    const char *within = srv_request_query(req, "within");
    if (!check_within(req, within, res))
        return;
    size_t n;
    klar_error err;
    klar_org *orgs = klar_org_list(req->store, within, &n, &err);
    if (!orgs) {
        srv_respond_internal(res, "listing organisations", &err);
        return;
    }
    json_t *items = org_array(orgs, n);
    free(orgs);
    srv_respond_json(res, 200, items ? json_pack("{s:o, s:I}", "organisations", items,
                                                 "count", (json_int_t)n)
                                     : NULL);
}

void srv_handle_organisation_get(srv_request *req, srv_response *res)
{
    const char *id = req->params[0];
    const klar_org *org = klar_org_tree_get(req->app->orgs, id);
    if (!org)
        srv_respond_error(res, 404, "id", "no organisation has the id '%.100s'", id);
    else
        srv_respond_json(res, 200, org_json(org));
}
