/* openapi.c - GET /api/v1/openapi.json: the API described from the routing table (routes.c)
 * and the record kinds' field lists (klar/record.h), so that the description cannot drift from
 * what the server does. Each operation says which role it needs (x-klar-least-role), whether
 * it needs the session and the CSRF token, the query parameters of lists (scope, filters,
 * page) and the errors it can answer. */
#include "handlers.h"

#include "access.h"
#include "guard.h"
#include "klar/record.h"
#include "router.h"

#include <ctype.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The least role that may do action (klar_role_may). */
static const char *least_role(klar_action action)
{
    for (int r = KLAR_ROLE_VIEWER; r <= KLAR_ROLE_ADMIN; r++)
        if (klar_role_may((klar_role)r, action))
            return klar_role_id((klar_role)r);
    return "admin";
}

/* The JSON schema of one field. */
static json_t *field_schema(const klar_field *f)
{
    json_t *s = json_object();
    if (!s)
        return NULL;
    json_object_set_new(s, "description", json_string(f->doc ? f->doc : f->name));
    switch (f->type) {
    case KLAR_FIELD_TEXT:
        json_object_set_new(s, "type", json_string("string"));
        json_object_set_new(s, "minLength", json_integer((json_int_t)f->min));
        json_object_set_new(s, "maxLength", json_integer((json_int_t)f->max));
        break;
    case KLAR_FIELD_INT:
    case KLAR_FIELD_NUMBER:
        json_object_set_new(s, "type",
                            json_string(f->type == KLAR_FIELD_INT ? "integer" : "number"));
        json_object_set_new(s, "minimum", json_real(f->min));
        json_object_set_new(s, "maximum", json_real(f->max));
        break;
    case KLAR_FIELD_BOOL:
        json_object_set_new(s, "type", json_string("boolean"));
        break;
    case KLAR_FIELD_DATE:
        json_object_set_new(s, "type", json_string("string"));
        json_object_set_new(s, "format", json_string("date"));
        break;
    case KLAR_FIELD_CHOICE: {
        json_t *e = json_array();
        for (const char *const *c = f->choices; e && *c; c++)
            json_array_append_new(e, json_string(*c));
        json_object_set_new(s, "type", json_string("string"));
        json_object_set_new(s, "enum", e);
        break;
    }
    case KLAR_FIELD_REF:
        json_object_set_new(s, "type", json_string("integer"));
        json_object_set_new(s, "x-klar-refers-to", json_string(f->ref));
        break;
    case KLAR_FIELD_REFS:
    case KLAR_FIELD_ORGS:
        json_object_set_new(s, "type", json_string("array"));
        json_object_set_new(s, "maxItems", json_integer((json_int_t)f->max));
        json_object_set_new(s, "items", json_pack("{s:s}", "type",
                                                  f->type == KLAR_FIELD_REFS ? "integer"
                                                                             : "string"));
        json_object_set_new(s, "x-klar-refers-to",
                            json_string(f->type == KLAR_FIELD_REFS ? f->ref : "organisations"));
        break;
    }
    if (!f->required)
        json_object_set_new(s, "nullable", json_true());
    return s;
}

/* The schema of a record of kind k as written (org_id and the fields; version on PUT). */
static json_t *kind_schema(const klar_kind *k)
{
    json_t *props = json_object(), *required = json_array();
    json_object_set_new(props, "org_id", json_pack("{s:s, s:s}", "type", "string",
                                                   "description", "the owning organisation"));
    json_array_append_new(required, json_string("org_id"));
    for (size_t i = 0; i < k->nfields; i++) {
        json_object_set_new(props, k->fields[i].name, field_schema(&k->fields[i]));
        if (k->fields[i].required)
            json_array_append_new(required, json_string(k->fields[i].name));
    }
    json_object_set_new(props, "version",
                        json_pack("{s:s, s:s}", "type", "integer", "description",
                                  "on PUT: the version the record was read at (else 409)"));
    return json_pack("{s:s, s:s, s:o, s:o}", "type", "object", "description",
                     k->doc ? k->doc : k->title, "properties", props, "required", required);
}

/* "list plans", "create a plan", ... for a record route without its own doc. */
static void record_summary(const srv_route *r, char *buf, size_t size)
{
    const char *m = r->method, *t = r->kind->title;
    int one = strstr(r->pattern, "{id}") != NULL;
    if (strcmp(m, "GET") == 0 && !one)
        snprintf(buf, size, "list the %ss within ?within= (filters: query arguments)", t);
    else if (strcmp(m, "GET") == 0)
        snprintf(buf, size, "one %s", t);
    else if (strcmp(m, "POST") == 0)
        snprintf(buf, size, "create a %s", t);
    else if (strcmp(m, "PUT") == 0)
        snprintf(buf, size, "replace a %s (needs the version it was read at)", t);
    else
        snprintf(buf, size, "delete a %s", t);
}

/* The error answers an operation of route r can give. */
static json_t *responses(const srv_route *r)
{
    json_t *out = json_object();
    int writes = strcmp(r->method, "GET") != 0;
    int one = strstr(r->pattern, "{id}") != NULL;
    json_object_set_new(out, strcmp(r->method, "POST") == 0 && r->kind ? "201" : "200",
                        json_pack("{s:s}", "description", "success"));
    if (writes || r->access == SRV_SESSION)
        json_object_set_new(out, "400", json_pack("{s:s}", "description",
                                                  "bad input; error.field names the member"));
    if (r->access == SRV_SESSION) {
        json_object_set_new(out, "401", json_pack("{s:s}", "description", "no session"));
        json_object_set_new(out, "403", json_pack("{s:s}", "description",
                                                  "role, organisation or CSRF token refused"));
    }
    if (one)
        json_object_set_new(out, "404", json_pack("{s:s}", "description", "unknown id"));
    if (strcmp(r->method, "PUT") == 0 || (r->kind && writes))
        json_object_set_new(out, "409", json_pack("{s:s}", "description",
                                                  "stale version or a conflicting record"));
    return out;
}

/* One query parameter: its name, JSON schema and description. */
static json_t *query_parameter(const char *name, json_t *schema, const char *description)
{
    return json_pack("{s:s, s:s, s:b, s:o, s:s}", "name", name, "in", "query", "required", 0,
                     "schema", schema, "description", description);
}

/* The query parameters of a list route (NULL for any other route): ?within=, the filters of
 * the route's kind, ?overdue= for kinds with a due date, the page. */
static json_t *list_parameters(const srv_route *r)
{
    if (r->handler != srv_handle_record_list)
        return NULL;
    json_t *ps = json_array();
    json_array_append_new(ps, query_parameter("within", json_pack("{s:s}", "type", "string"),
                                              "an organisation id: its subtree (default: the "
                                              "user's organisation)"));
    for (const char *const *f = r->kind->filters; f && *f; f++)
        json_array_append_new(ps, query_parameter(*f, field_schema(klar_kind_field(r->kind, *f)),
                                                  "only records whose field has this value"));
    if (r->kind->due)
        json_array_append_new(ps, query_parameter("overdue",
                                                  json_pack("{s:s}", "type", "boolean"),
                                                  "true: only the overdue ones"));
    json_array_append_new(ps, query_parameter(
                                  "limit", json_pack("{s:s, s:i, s:i, s:i}", "type", "integer",
                                                     "minimum", 1, "maximum", SRV_PAGE_MAX,
                                                     "default", SRV_PAGE_DEFAULT),
                                  "the page size; the answer's count is the number on this "
                                  "page, total the number on all pages"));
    json_array_append_new(ps, query_parameter(
                                  "offset", json_pack("{s:s, s:i, s:i, s:i}", "type", "integer",
                                                      "minimum", 0, "maximum", SRV_OFFSET_MAX,
                                                      "default", 0),
                                  "how many to skip, in the list's order"));
    return ps;
}

/* The OpenAPI operation object of route r. */
static json_t *operation(const srv_route *r)
{
    char summary[160];
    if (r->doc)
        snprintf(summary, sizeof summary, "%s", r->doc);
    else if (r->kind)
        record_summary(r, summary, sizeof summary);
    else
        snprintf(summary, sizeof summary, "%s %s", r->method, r->pattern);
    json_t *op = json_pack("{s:s, s:o}", "summary", summary, "responses", responses(r));
    if (!op)
        return NULL;
    if (r->access == SRV_SESSION) {
        json_t *sec = srv_method_changes_state(r->method)
                          ? json_pack("[{s:[], s:[]}]", "session", "csrf")
                          : json_pack("[{s:[]}]", "session");
        json_object_set_new(op, "security", sec);
        json_object_set_new(op, "x-klar-least-role", json_string(least_role(r->action)));
    } else {
        json_object_set_new(op, "security", json_array());
    }
    if (strstr(r->pattern, "{id}"))
        json_object_set_new(op, "parameters",
                            json_pack("[{s:s, s:s, s:b, s:{s:s}}]", "name", "id", "in", "path",
                                      "required", 1, "schema", "type",
                                      r->kind ? "integer" : "string"));
    json_t *query = list_parameters(r);
    if (query)
        json_object_set_new(op, "parameters", query);
    if (r->kind && (strcmp(r->method, "POST") == 0 || strcmp(r->method, "PUT") == 0)) {
        char ref[96];
        snprintf(ref, sizeof ref, "#/components/schemas/%s", r->kind->name);
        json_object_set_new(op, "requestBody",
                            json_pack("{s:b, s:{s:{s:{s:s}}}}", "required", 1, "content",
                                      "application/json", "schema", "$ref", ref));
    }
    return op;
}

/* The lower-case method name ("get") into buf. */
static const char *lower(const char *method, char buf[8])
{
    size_t i = 0;
    for (; method[i] && i < 7; i++)
        buf[i] = (char)tolower((unsigned char)method[i]);
    buf[i] = '\0';
    return buf;
}

/* The whole description; NULL if out of memory. */
static json_t *openapi_document(void)
{
    json_t *paths = json_object(), *schemas = json_object();
    if (!paths || !schemas) {
        json_decref(paths);
        json_decref(schemas);
        return NULL;
    }
    size_t nroutes;
    const srv_route *routes = srv_route_table(&nroutes);
    for (size_t i = 0; i < nroutes; i++) {
        const srv_route *r = &routes[i];
        json_t *item = json_object_get(paths, r->pattern);
        if (!item) {
            item = json_object();
            json_object_set_new(paths, r->pattern, item);
        }
        char m[8];
        json_object_set_new(item, lower(r->method, m), operation(r));
    }
    for (size_t i = 0; i < klar_nkinds; i++)
        json_object_set_new(schemas, klar_kinds[i]->name, kind_schema(klar_kinds[i]));
    return json_pack(
        "{s:s, s:{s:s, s:s, s:s}, s:o, s:{s:o, s:{s:{s:s, s:s, s:s}, s:{s:s, s:s, s:s}}}}",
        "openapi", "3.0.3", "info", "title", "klar preparedness registry", "version", "1",
        "description",
        "Health-preparedness registry: ROS risks, scenarios, planning assumptions, plans, "
        "exercises, evaluations, learning points, capacity, stocks, reserves, situation "
        "reports and engine runs. Rights are scoped to the user's organisation subtree.",
        "paths", paths, "components", "schemas", schemas, "securitySchemes", "session",
        "type", "apiKey", "in", "cookie", "name", SRV_SESSION_COOKIE, "csrf", "type", "apiKey",
        "in", "header", "name", SRV_CSRF_HEADER);
}

/* The description as JSON text, made once per process: the routing table and the kinds are
 * constants. NULL if it could not be made (out of memory at the first request). */
static char *openapi_text;
static pthread_once_t openapi_once = PTHREAD_ONCE_INIT;

static void make_openapi_text(void)
{
    json_t *doc = openapi_document();
    openapi_text = doc ? json_dumps(doc, JSON_COMPACT) : NULL;
    json_decref(doc);
}

void srv_handle_openapi(srv_request *req, srv_response *res)
{
    (void)req;
    pthread_once(&openapi_once, make_openapi_text);
    char *copy = openapi_text ? strdup(openapi_text) : NULL;
    if (copy)
        srv_respond_text(res, 200, "application/json", copy);
    else
        srv_respond_internal(res, "describing the API", NULL);
}
