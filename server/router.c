/* router.c - matching a path against the routing table's patterns, segment by segment. */
#include "router.h"

#include <stdio.h>
#include <string.h>

/* Length of the segment at s (up to the next '/' or the end). */
static size_t segment_length(const char *s)
{
    return strcspn(s, "/");
}

/* The number of literal segments + 1 if path matches pattern (capturing "{...}" segments
 * into params), else 0. */
static int path_matches(const char *pattern, const char *path,
                        char params[SRV_MAX_PARAMS][SRV_PARAM_SIZE], int *nparams)
{
    int literal = 1;
    *nparams = 0;
    for (;;) {
        if (*pattern != *path)        /* both at a '/' or both at the end */
            return 0;
        if (!*pattern)
            return literal;
        pattern++, path++;
        size_t pl = segment_length(pattern), sl = segment_length(path);
        if (pl > 1 && pattern[0] == '{' && pattern[pl - 1] == '}') {
            if (sl == 0 || sl >= SRV_PARAM_SIZE || *nparams >= SRV_MAX_PARAMS)
                return 0;
            memcpy(params[*nparams], path, sl);
            params[(*nparams)++][sl] = '\0';
        } else if (pl != sl || memcmp(pattern, path, pl) != 0) {
            return 0;
        } else {
            literal++;
        }
        pattern += pl, path += sl;
    }
}

static void add_allowed(char *allow, size_t size, const char *method)
{
    size_t len = strlen(allow);
    if (strstr(allow, method))        /* the same method under two patterns */
        return;
    snprintf(allow + len, size - len, "%s%s", len ? ", " : "", method);
}

srv_match srv_route_find(const srv_route *routes, size_t n, srv_request *req, char *allow,
                         size_t allow_size)
{
    char params[SRV_MAX_PARAMS][SRV_PARAM_SIZE];
    int nparams, best = 0;
    for (size_t i = 0; i < n; i++) {                 /* the most literal matching pattern */
        int score = path_matches(routes[i].pattern, req->path, params, &nparams);
        if (score > best)
            best = score;
    }
    if (allow_size)
        allow[0] = '\0';
    if (!best)
        return SRV_NO_PATH;
    for (size_t i = 0; i < n; i++) {
        if (path_matches(routes[i].pattern, req->path, params, &nparams) != best)
            continue;
        if (strcmp(routes[i].method, req->method) == 0) {
            req->route = &routes[i];
            memcpy(req->params, params, sizeof params);
            req->nparams = nparams;
            return SRV_MATCH;
        }
        if (allow_size)
            add_allowed(allow, allow_size, routes[i].method);
    }
    return SRV_NO_METHOD;
}
