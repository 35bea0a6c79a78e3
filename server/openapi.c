/* openapi.c - GET /api/v1/openapi.json: the API described from the routing table (routes.c),
 * the record kinds' field lists (klar/record.h) and, for the fixed routes, the parameters,
 * bodies and answers of server/openapi_ops.json (embedded: assets.h), so that the description
 * cannot drift from what the server does. Each operation says which role it needs
 * (x-klar-least-role), whether it needs the session and the CSRF token, its parameters, its
 * body, its answer and every error status it can give. tests/contract checks the answers the
 * HTTP tests receive against it. */
#include "handlers.h"

#include "access.h"
#include "assets.h"
#include "guard.h"
#include "klar/record.h"
#include "router.h"

#include <ctype.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
        if (!f->required)                   /* OpenAPI 3.0: nullable needs null in the enum */
            json_array_append_new(e, json_null());
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
static json_t *kind_input_schema(const klar_kind *k)
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
    return json_pack("{s:s, s:s, s:o, s:o, s:b}", "type", "object", "description",
                     k->doc ? k->doc : k->title, "properties", props, "required", required,
                     "additionalProperties", 0);
}

/* Adds the property name of type (a JSON schema type) to props and to required. */
static void add_member(json_t *props, json_t *required, const char *name, json_t *schema)
{
    json_object_set_new(props, name, schema);
    json_array_append_new(required, json_string(name));
}

/* The schema of a record of kind k as answered: id, org_id, every field (null when unset),
 * version, created_at, updated_at, overdue (kinds with a due date) and the derived members. */
static json_t *kind_answer_schema(const klar_kind *k)
{
    json_t *props = json_object(), *required = json_array();
    add_member(props, required, "id", json_pack("{s:s, s:i}", "type", "integer", "minimum", 1));
    add_member(props, required, "org_id", json_pack("{s:s}", "type", "string"));
    for (size_t i = 0; i < k->nfields; i++)
        add_member(props, required, k->fields[i].name, field_schema(&k->fields[i]));
    add_member(props, required, "version", json_pack("{s:s, s:i}", "type", "integer",
                                                     "minimum", 1));
    add_member(props, required, "created_at", json_pack("{s:s, s:s}", "type", "string",
                                                        "format", "date-time"));
    add_member(props, required, "updated_at", json_pack("{s:s, s:s}", "type", "string",
                                                        "format", "date-time"));
    if (k->due)
        add_member(props, required, "overdue",
                   json_pack("{s:s, s:s}", "type", "boolean", "description",
                             "past its due date and not finished (as of today)"));
    for (size_t i = 0; i < k->nderived; i++)
        add_member(props, required, k->derived[i].name, field_schema(&k->derived[i]));
    return json_pack("{s:s, s:s, s:o, s:o, s:b}", "type", "object", "description",
                     k->doc ? k->doc : k->title, "properties", props, "required", required,
                     "additionalProperties", 0);
}

/* "#/components/schemas/<name><suffix>" as a {"$ref"} object. */
static json_t *schema_ref(const char *name, const char *suffix)
{
    char ref[128];
    snprintf(ref, sizeof ref, "#/components/schemas/%s%s", name, suffix);
    return json_pack("{s:s}", "$ref", ref);
}

/* The schema of a page of kind k's list: {"within", "<table>", "count", "total", "limit",
 * "offset"}. */
static json_t *kind_list_schema(const klar_kind *k)
{
    json_t *props = json_object(), *required = json_array();
    add_member(props, required, "within", json_pack("{s:s}", "type", "string"));
    add_member(props, required, k->table, json_pack("{s:s, s:o}", "type", "array", "items",
                                                    schema_ref(k->name, "")));
    add_member(props, required, "count", json_pack("{s:s, s:i, s:s}", "type", "integer",
                                                   "minimum", 0, "description",
                                                   "records on this page"));
    add_member(props, required, "total", json_pack("{s:s, s:i, s:s}", "type", "integer",
                                                   "minimum", 0, "description",
                                                   "records on all pages"));
    add_member(props, required, "limit", json_pack("{s:s}", "type", "integer"));
    add_member(props, required, "offset", json_pack("{s:s}", "type", "integer"));
    return json_pack("{s:s, s:o, s:o, s:b}", "type", "object", "properties", props,
                     "required", required, "additionalProperties", 0);
}

/* ---- errors ------------------------------------------------------------------------------- */

/* What an error status means in this API. */
static const struct {
    int status;
    const char *meaning;
} error_meanings[] = {
    {400, "bad input: error.field names the member or query argument"},
    {401, "no session, or it has ended"},
    {403, "the role, the organisation or the CSRF token does not allow it"},
    {404, "no such record (or none the user may know of)"},
    {409, "the record changed meanwhile (send the version read), or a uniqueness rule or a "
          "reference stops the change"},
    {413, "the body is larger than the server takes"},
    {415, "the body is not sent as Content-Type: application/json"},
    {422, "an engine run over a limit of the user's role or of the server (Monte Carlo runs, "
          "simulated days, memory, wall time): error.field names the input to reduce; an import "
          "with rows that cannot go in: error.rows names each (row, field, message)"},
    {429, "too many failed logins, or the user's engine runs already in the queue; "
          "Retry-After says when to try again"},
    {500, "the server failed; its log says why"},
    {503, "busy (the queue of engine runs is full; Retry-After), the database does not "
          "answer, the registry is served read-only, or the server is stopping"},
    {507, "the database's disk is full (or its size limit reached): the change was not saved"},
};

/* Adds the error answer status (an Error object) to responses. */
static void add_error(json_t *responses, int status)
{
    char code[8];
    const char *meaning = "error";
    snprintf(code, sizeof code, "%d", status);
    for (size_t i = 0; i < sizeof error_meanings / sizeof error_meanings[0]; i++)
        if (error_meanings[i].status == status)
            meaning = error_meanings[i].meaning;
    json_object_set_new(responses, code,
                        json_pack("{s:s, s:{s:{s:o}}}", "description", meaning, "content",
                                  "application/json", "schema", schema_ref("Error", "")));
}

/* The errors every operation of r can give besides its own: 500; with a session 401 and 403;
 * with a body 400, 413 and 415. */
static void add_common_errors(json_t *responses, const srv_route *r, int has_body)
{
    add_error(responses, 500);
    if (r->access == SRV_SESSION) {
        add_error(responses, 401);
        add_error(responses, 403);
    }
    if (has_body) {
        add_error(responses, 400);
        add_error(responses, 413);
        add_error(responses, 415);
    }
}

/* ---- parameters --------------------------------------------------------------------------- */

/* One query parameter: its name, JSON schema and description. */
static json_t *query_parameter(const char *name, json_t *schema, const char *description)
{
    return json_pack("{s:s, s:s, s:b, s:o, s:s}", "name", name, "in", "query", "required", 0,
                     "schema", schema, "description", description);
}

/* The query parameters many operations share: within, limit and offset; NULL for another. */
static json_t *shared_parameter(const char *name)
{
    if (strcmp(name, "within") == 0)
        return query_parameter("within", json_pack("{s:s}", "type", "string"),
                               "an organisation id: its subtree (default: the user's "
                               "organisation)");
    if (strcmp(name, "limit") == 0)
        return query_parameter("limit",
                               json_pack("{s:s, s:i, s:i, s:i}", "type", "integer", "minimum", 1,
                                         "maximum", SRV_PAGE_MAX, "default", SRV_PAGE_DEFAULT),
                               "the page size; the answer's count is the number on this page, "
                               "total the number on all pages");
    if (strcmp(name, "offset") == 0)
        return query_parameter("offset",
                               json_pack("{s:s, s:i, s:i, s:i}", "type", "integer", "minimum", 0,
                                         "maximum", SRV_OFFSET_MAX, "default", 0),
                               "how many to skip, in the list's order");
    return NULL;
}

/* The query parameters of kind k's list: ?within=, the kind's filters, ?overdue= for kinds
 * with a due date, the page. */
static json_t *list_parameters(const klar_kind *k)
{
    json_t *ps = json_array();
    json_array_append_new(ps, shared_parameter("within"));
    for (const char *const *f = k->filters; f && *f; f++)
        json_array_append_new(ps, query_parameter(*f, field_schema(klar_kind_field(k, *f)),
                                                  "only records whose field has this value"));
    if (k->due)
        json_array_append_new(ps, query_parameter("overdue",
                                                  json_pack("{s:s}", "type", "boolean"),
                                                  "true: only the overdue ones"));
    if (k->shared)
        json_array_append_new(ps, query_parameter("inherited",
                                                  json_pack("{s:s}", "type", "boolean"),
                                                  "true: also those of the organisations "
                                                  "above ?within=, shared with it"));
    json_array_append_new(ps, shared_parameter("limit"));
    json_array_append_new(ps, shared_parameter("offset"));
    return ps;
}

/* The parameters of a fixed operation from its "parameters" in openapi_ops.json: a shared
 * name ("within") or {"name", "schema", "description"}. */
static json_t *fixed_parameters(json_t *spec)
{
    json_t *ps = json_array(), *p;
    size_t i;
    json_array_foreach(spec, i, p) {
        json_t *one = json_is_string(p) ? shared_parameter(json_string_value(p))
                                        : json_deep_copy(p);
        if (one && json_is_object(one) && !json_object_get(one, "in")) {
            json_object_set_new(one, "in", json_string("query"));
            json_object_set_new(one, "required", json_false());
        }
        json_array_append_new(ps, one);
    }
    return ps;
}

/* The {id} path parameter: an integer for records, a string for organisations. */
static json_t *id_parameter(const srv_route *r)
{
    return r->kind ? json_pack("{s:s, s:s, s:b, s:{s:s, s:i}}", "name", "id", "in", "path",
                               "required", 1, "schema", "type", "integer", "minimum", 1)
                   : json_pack("{s:s, s:s, s:b, s:{s:s}}", "name", "id", "in", "path",
                               "required", 1, "schema", "type", "string");
}

/* ---- operations --------------------------------------------------------------------------- */

/* "list plans", "create a plan", ... for a record route without its own doc. */
static void record_summary(const srv_route *r, char *buf, size_t size)
{
    const char *m = r->method, *t = r->kind->title;
    int one = strstr(r->pattern, "{id}") != NULL;
    if (strstr(r->pattern, "/export"))
        snprintf(buf, size, "every %s of the list (its within and filters, no pages) as a file: "
                 "?format=csv (default) or xlsx", t);
    else if (strstr(r->pattern, "/import"))
        snprintf(buf, size, "create many %ss at once from {\"rows\": [...], \"dry_run\"}: all, or "
                 "none and 422 naming every row that fails", t);
    else if (strcmp(m, "GET") == 0 && !one)
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

/* {"description", "content": {type: {"schema"}}} taking schema. */
static json_t *answer(const char *description, const char *type, json_t *schema)
{
    return json_pack("{s:s, s:{s:{s:o}}}", "description", description, "content", type,
                     "schema", schema);
}

/* A {"required", "content"} request body taking schema. */
static json_t *request_body(json_t *schema)
{
    return json_pack("{s:b, s:{s:{s:o}}}", "required", 1, "content", "application/json",
                     "schema", schema);
}

/* The body and answers of a kind's import route into op. */
static void describe_import_route(const srv_route *r, json_t *op)
{
    json_t *responses = json_object();
    json_object_set_new(op, "requestBody", request_body(json_pack(
        "{s:s, s:[s], s:b, s:{s:{s:s, s:i, s:i, s:o}, s:{s:s, s:s}}}", "type", "object",
        "required", "rows", "additionalProperties", 0, "properties", "rows", "type", "array",
        "minItems", 1, "maxItems", 5000, "items", schema_ref(r->kind->name, "-input"),
        "dry_run", "type", "boolean", "description",
        "true: check every row and write nothing")));
    json_object_set_new(responses, "200", answer(
        "every row went in (or, with dry_run, would have)", "application/json",
        json_pack("{s:s, s:[s, s, s], s:b, s:{s:{s:s}, s:{s:s}, s:{s:s}}}", "type", "object",
                  "required", "rows", "created", "dry_run", "additionalProperties", 0,
                  "properties", "rows", "type", "integer", "created", "type", "integer",
                  "dry_run", "type", "boolean")));
    add_common_errors(responses, r, 1);
    add_error(responses, 422);
    add_error(responses, 503);
    add_error(responses, 507);
    json_object_set_new(op, "responses", responses);
}

/* The parameters and answers of a kind's export route into op. */
static void describe_export_route(const srv_route *r, json_t *op)
{
    json_t *responses = json_object();
    json_t *ps = list_parameters(r->kind);
    for (size_t i = json_array_size(ps); i-- > 0;) {       /* no pages: the whole list */
        const char *name = json_string_value(json_object_get(json_array_get(ps, i), "name"));
        if (name && (strcmp(name, "limit") == 0 || strcmp(name, "offset") == 0))
            json_array_remove(ps, i);
    }
    json_array_append_new(ps, query_parameter("format", json_pack("{s:s, s:[s, s], s:s}",
                          "type", "string", "enum", "csv", "xlsx", "default", "csv"),
                          "csv: RFC 4180 text; xlsx: a workbook with one sheet"));
    json_object_set_new(op, "parameters", ps);
    json_object_set_new(responses, "200", json_pack(
        "{s:s, s:{s:{s:{s:s}}, s:{s:{s:s, s:s}}}}", "description",
        "the records, a row each and a column per member (Content-Disposition: attachment)",
        "content", "text/csv", "schema", "type", "string",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "schema", "type",
        "string", "format", "binary"));
    add_common_errors(responses, r, 0);
    add_error(responses, 400);
    json_object_set_new(op, "responses", responses);
}

/* The parameters, body and responses of a record route into op. */
static void describe_record_route(const srv_route *r, json_t *op)
{
    if (strstr(r->pattern, "/import")) {
        describe_import_route(r, op);
        return;
    }
    if (strstr(r->pattern, "/export")) {
        describe_export_route(r, op);
        return;
    }
    const klar_kind *k = r->kind;
    int one = strstr(r->pattern, "{id}") != NULL;
    int get = strcmp(r->method, "GET") == 0, post = strcmp(r->method, "POST") == 0;
    int put = strcmp(r->method, "PUT") == 0;
    json_t *responses = json_object();
    if (one)
        json_object_set_new(op, "parameters", json_pack("[o]", id_parameter(r)));
    else if (get) {
        json_t *ps = list_parameters(k);
        json_array_append_new(ps, query_parameter("format", json_pack("{s:s, s:[s, s, s], s:s}",
                              "type", "string", "enum", "json", "csv", "xlsx", "default", "json"),
                              "json: one page; csv or xlsx: the whole list (no pages) as a file, "
                              "as GET .../export"));
        json_object_set_new(op, "parameters", ps);
    }
    if (post || put)
        json_object_set_new(op, "requestBody", request_body(schema_ref(k->name, "-input")));
    if (get && !one) {
        json_t *page = answer("one page of the list (?format=csv|xlsx: the whole list as a file)",
                              "application/json", schema_ref(k->name, "-list"));
        json_t *content = json_object_get(page, "content");
        json_object_set_new(content, "text/csv", json_pack("{s:{s:s}}", "schema", "type",
                                                           "string"));
        json_object_set_new(content,
                            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                            json_pack("{s:{s:s, s:s}}", "schema", "type", "string", "format",
                                      "binary"));
        json_object_set_new(responses, "200", page);
    }
    else if (strcmp(r->method, "DELETE") == 0)
        json_object_set_new(responses, "200",
                            answer("deleted", "application/json",
                                   json_pack("{s:s, s:[s, s], s:b, s:{s:{s:s}, s:{s:s, s:[b]}}}",
                                             "type", "object", "required", "id", "deleted",
                                             "additionalProperties", 0, "properties", "id",
                                             "type", "integer", "deleted", "type", "boolean",
                                             "enum", 1)));
    else
        json_object_set_new(responses, post ? "201" : "200",
                            answer(post ? "created: the stored record" : "the record",
                                   "application/json", schema_ref(k->name, "")));
    add_common_errors(responses, r, post || put);
    if (!one)
        add_error(responses, 400);
    if (one)
        add_error(responses, 404);
    if (!get) {
        add_error(responses, 409);
        add_error(responses, 503);
        add_error(responses, 507);
    }
    json_object_set_new(op, "responses", responses);
}

/* The description of fixed route r: its entry's text, and for a surge run the limits by role
 * from the handler's table (so that the two cannot differ). */
static json_t *describe(const srv_route *r, const char *text)
{
    char limits[512];
    if (r->handler != srv_handle_run_surge)
        return json_string(text);
    srv_run_limits_describe(limits, sizeof limits);
    return json_sprintf("%s %s", text, limits);
}

/* The further media types an answer can have (a ?format= export: text/csv, a workbook), each a
 * string, from "other_types" of an operation's entry. */
static void add_other_types(json_t *response, json_t *types)
{
    json_t *content = json_object_get(response, "content"), *type;
    size_t i;
    json_array_foreach(types, i, type) {
        json_t *schema = json_pack("{s:s}", "type", "string");
        if (strcmp(json_string_value(type), "text/csv") != 0)
            json_object_set_new(schema, "format", json_string("binary"));
        json_object_set_new(content, json_string_value(type), json_pack("{s:o}", "schema", schema));
    }
}

/* The parameters, body and responses of a fixed route into op, from its entry in
 * openapi_ops.json (spec; NULL: the route is missing there, a fault test_router finds). */
static void describe_fixed_route(const srv_route *r, json_t *spec, json_t *op)
{
    json_t *responses = json_object();
    json_t *params = json_object_get(spec, "parameters");
    json_t *body = json_object_get(spec, "body");
    json_t *schema = json_object_get(spec, "answer");
    const char *type = json_string_value(json_object_get(spec, "content_type"));
    json_t *description = json_object_get(spec, "description");
    json_t *ps = params ? fixed_parameters(params) : json_array();
    if (description)
        json_object_set_new(op, "description", describe(r, json_string_value(description)));
    if (strstr(r->pattern, "{id}"))
        json_array_insert_new(ps, 0, id_parameter(r));
    if (json_array_size(ps))
        json_object_set_new(op, "parameters", ps);
    else
        json_decref(ps);
    if (body)
        json_object_set_new(op, "requestBody", request_body(json_deep_copy(body)));
    json_t *status = json_object_get(spec, "status");   /* the success status, default 200 */
    char code[8];
    snprintf(code, sizeof code, "%d", status ? (int)json_integer_value(status) : 200);
    json_t *success = answer("success", type ? type : "application/json",
                             schema ? json_deep_copy(schema) : json_object());
    add_other_types(success, json_object_get(spec, "other_types"));
    json_object_set_new(responses, code, success);
    add_common_errors(responses, r, body != NULL);
    json_t *error;
    size_t i;
    json_array_foreach(json_object_get(spec, "errors"), i, error)
        add_error(responses, (int)json_integer_value(error));
    json_object_set_new(op, "responses", responses);
}

/* The entry of route r ("GET /api/v1/me") in the operations of ops, or NULL. */
static json_t *fixed_spec(json_t *ops, const srv_route *r)
{
    char key[160];
    snprintf(key, sizeof key, "%s %s", r->method, r->pattern);
    return json_object_get(json_object_get(ops, "operations"), key);
}

/* The OpenAPI operation object of route r. */
static json_t *operation(const srv_route *r, json_t *ops)
{
    char summary[160];
    if (r->doc)
        snprintf(summary, sizeof summary, "%s", r->doc);
    else if (r->kind)
        record_summary(r, summary, sizeof summary);
    else
        snprintf(summary, sizeof summary, "%s %s", r->method, r->pattern);
    json_t *op = json_pack("{s:s}", "summary", summary);
    if (!op)
        return NULL;
    if (r->access == SRV_SESSION) {
        json_t *sec = srv_method_changes_state(r->method)
                          ? json_pack("[{s:[], s:[]}]", "session", "csrf")
                          : json_pack("[{s:[]}]", "session");
        json_object_set_new(op, "security", sec);
        json_object_set_new(op, "x-klar-least-role", json_string(srv_least_role(r->action)));
    } else {
        json_object_set_new(op, "security", json_array());
    }
    if (r->kind)
        describe_record_route(r, op);
    else
        describe_fixed_route(r, fixed_spec(ops, r), op);
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

/* The embedded openapi_ops.json, parsed; NULL if it is missing or not JSON (a build fault). */
static json_t *load_fixed_ops(void)
{
    const srv_asset *a = srv_asset_find("server/openapi_ops.json");
    json_error_t jerr;
    json_t *ops = a ? json_loadb((const char *)a->data, a->size, JSON_REJECT_DUPLICATES, &jerr)
                    : NULL;
    if (!ops)
        fprintf(stderr, "klar serve: server/openapi_ops.json: %s\n",
                a ? jerr.text : "not embedded");
    return ops;
}

/* components.schemas: the shared ones of openapi_ops.json, then for each kind "<name>-input"
 * (as written), "<name>" (as answered) and "<name>-list" (a page). */
static json_t *schemas(json_t *ops)
{
    json_t *out = json_deep_copy(json_object_get(ops, "schemas"));
    if (!out)
        out = json_object();
    for (size_t i = 0; out && i < klar_nkinds; i++) {
        const klar_kind *k = klar_kinds[i];
        char name[96];
        snprintf(name, sizeof name, "%s-input", k->name);
        json_object_set_new(out, name, kind_input_schema(k));
        json_object_set_new(out, k->name, kind_answer_schema(k));
        snprintf(name, sizeof name, "%s-list", k->name);
        json_object_set_new(out, name, kind_list_schema(k));
    }
    return out;
}

json_t *srv_openapi_document(void)
{
    json_t *ops = load_fixed_ops(), *paths = json_object();
    if (!ops || !paths) {
        json_decref(ops);
        json_decref(paths);
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
        json_object_set_new(item, lower(r->method, m), operation(r, ops));
    }
    json_t *doc = json_pack(
        "{s:s, s:{s:s, s:s, s:s, s:{s:s, s:s}}, s:o, s:{s:o, s:{s:{s:s, s:s, s:s}, "
        "s:{s:s, s:s, s:s}}}}",
        "openapi", "3.0.3", "info", "title", "klar preparedness registry", "version", "1",
        "description",
        "Health-preparedness registry: ROS risks, scenarios, planning assumptions, plans, "
        "exercises, evaluations, learning points, capacity, stocks, reserves, situation "
        "reports and engine runs. Rights are scoped to the user's organisation subtree. "
        "Every JSON body is sent as application/json; an unknown member is refused (400).",
        "license", "name", "GPL-3.0-or-later", "url", "https://www.gnu.org/licenses/gpl-3.0.html",
        "paths", paths, "components", "schemas", schemas(ops), "securitySchemes", "session",
        "type", "apiKey", "in", "cookie", "name", SRV_SESSION_COOKIE, "csrf", "type", "apiKey",
        "in", "header", "name", SRV_CSRF_HEADER);
    json_decref(ops);
    return doc;
}

/* The description as JSON text, made once per process: the routing table and the kinds are
 * constants. NULL if it could not be made (out of memory at the first request). */
static char *openapi_text;
static pthread_once_t openapi_once = PTHREAD_ONCE_INIT;

static void make_openapi_text(void)
{
    json_t *doc = srv_openapi_document();
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
