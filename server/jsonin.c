/* jsonin.c - parsing request bodies into JSON with field-naming errors: the body must say it is
 * JSON, be one JSON object, and hold only the members the operation knows. */
#include "jsonin.h"

#include "klar/text.h"

#include <string.h>
#include <strings.h>

/* 1 if the request says its body is JSON (application/json, parameters allowed); else 0 with
 * res set to 415. A form posted from another site cannot reach a handler this way. */
static int body_is_json(const srv_request *req, srv_response *res)
{
    static const char json[] = "application/json";
    const char *type = srv_request_header(req, "Content-Type");
    size_t n = sizeof json - 1;
    if (type && strncasecmp(type, json, n) == 0 &&
        (type[n] == '\0' || type[n] == ';' || type[n] == ' '))
        return 1;
    srv_respond_error(res, 415, NULL, "the body must be JSON, sent with Content-Type: "
                      "application/json%s%.40s", type ? ", not " : "", type ? type : "");
    return 0;
}

json_t *srv_json_object_body(const srv_request *req, srv_response *res)
{
    return body_is_json(req, res) ? srv_json_parse_object(req->body, req->body_len, res) : NULL;
}

json_t *srv_json_parse_object(const char *body, size_t len, srv_response *res)
{
    if (!body || len == 0) {
        srv_respond_error(res, 400, NULL, "the request needs a JSON object as its body");
        return NULL;
    }
    json_error_t jerr;
    json_t *doc = json_loadb(body, len, JSON_REJECT_DUPLICATES, &jerr);
    if (!doc) {
        srv_respond_error(res, 400, NULL, "the body is not valid JSON: %s (line %d, column %d)",
                          jerr.text, jerr.line, jerr.column);
        return NULL;
    }
    if (!json_is_object(doc)) {
        json_decref(doc);
        srv_respond_error(res, 400, NULL, "the body must be a JSON object");
        return NULL;
    }
    return doc;
}

const char *srv_json_string(json_t *obj, const char *name, size_t max_bytes, srv_response *res)
{
    json_t *v = json_object_get(obj, name);
    if (!v) {
        srv_respond_error(res, 400, name, "%s is required", name);
        return NULL;
    }
    if (!json_is_string(v)) {
        srv_respond_error(res, 400, name, "%s must be a string", name);
        return NULL;
    }
    if (json_string_length(v) > max_bytes) {
        srv_respond_error(res, 400, name, "%s is longer than %zu bytes", name, max_bytes);
        return NULL;
    }
    return json_string_value(v);
}

int srv_json_members_known(json_t *obj, const char *const *names, srv_response *res)
{
    const char *key;
    json_t *value;
    json_object_foreach(obj, key, value) {
        size_t n = 0;
        int known = 0;
        for (; names[n]; n++)
            known |= strcmp(key, names[n]) == 0;
        if (!known) {
            char hint[96];
            klar_text_suggest_hint(key, names, n, hint, sizeof hint);
            srv_respond_error(res, 400, key[0] ? key : "body", "unknown member '%.40s'%s", key,
                              hint);
            return 0;
        }
    }
    return 1;
}
