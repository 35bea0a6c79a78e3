/* jsonin.h - reading JSON request bodies with errors that name the field: a body not sent as
 * JSON is 415; one that is not a JSON object, a missing or unknown member or one of the wrong
 * type each answer 400. */
#ifndef KLAR_SERVER_JSONIN_H
#define KLAR_SERVER_JSONIN_H

#include <jansson.h>
#include <stddef.h>

#include "request.h"
#include "response.h"

/* The body parsed as a JSON object (a new reference the caller releases), or NULL with res
 * set: 415 unless Content-Type is application/json, 400 for anything but one JSON object. */
json_t *srv_json_object_body(const srv_request *req, srv_response *res);

/* The len bytes of body parsed as a JSON object (a new reference), or NULL with res set to
 * 400 (srv_json_object_body after its Content-Type check). */
json_t *srv_json_parse_object(const char *body, size_t len, srv_response *res);

/* The string member `name` of obj, at most max_bytes long; NULL with res set to 400 naming
 * the field when it is missing, not a string, or too long. */
const char *srv_json_string(json_t *obj, const char *name, size_t max_bytes, srv_response *res);

/* 1 if every member of obj is one of names (NULL-terminated); else 0 with res set to 400
 * naming the first stranger, with a "did you mean" hint. */
int srv_json_members_known(json_t *obj, const char *const *names, srv_response *res);

#endif
