/* jsonin.c - parsing request bodies into JSON with field-naming errors. */
#include "jsonin.h"

json_t *srv_json_object_body(const srv_request *req, srv_response *res)
{
    if (!req->body || req->body_len == 0) {
        srv_respond_error(res, 400, NULL, "the request needs a JSON object as its body");
        return NULL;
    }
    json_error_t jerr;
    json_t *doc = json_loadb(req->body, req->body_len, JSON_REJECT_DUPLICATES, &jerr);
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
