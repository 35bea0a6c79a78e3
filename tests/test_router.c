/* test_router.c - the routing table and its matching (server/router.c, routes.c): literal
 * segments win over {id} whatever the order of rows, 405 lists only the methods of the winning
 * pattern, and every record kind has its seven routes, made from the kind table, with the
 * rights its kind asks for. */
#include "test.h"

#include "assets.h"
#include "handlers.h"
#include "klar/record.h"
#include "router.h"

#include <jansson.h>
#include <string.h>

static void nothing(srv_request *req, srv_response *res)
{
    (void)req;
    (void)res;
}

/* Routes method path in routes[0..n): the pattern found ("" if none) into *match. */
static srv_match route(const srv_route *routes, size_t n, const char *method, const char *path,
                       const char **pattern, char allow[64])
{
    srv_request req = {0};
    req.method = method;
    req.path = path;
    srv_match m = srv_route_find(routes, n, &req, allow, 64);
    *pattern = m == SRV_MATCH ? req.route->pattern : "";
    return m;
}

static void test_literal_wins(void)
{
    const srv_route forward[] = {
        {"GET", "/a/{id}", nothing, SRV_OPEN, KLAR_ACTION_READ, NULL, NULL},
        {"PUT", "/a/{id}", nothing, SRV_OPEN, KLAR_ACTION_READ, NULL, NULL},
        {"GET", "/a/b", nothing, SRV_OPEN, KLAR_ACTION_READ, NULL, NULL},
    };
    const srv_route backward[] = {forward[2], forward[1], forward[0]};
    const srv_route *tables[] = {forward, backward};
    for (int t = 0; t < 2; t++) {
        const char *p;
        char allow[64];
        CHECK(route(tables[t], 3, "GET", "/a/b", &p, allow) == SRV_MATCH &&
              strcmp(p, "/a/b") == 0);
        CHECK(route(tables[t], 3, "GET", "/a/7", &p, allow) == SRV_MATCH &&
              strcmp(p, "/a/{id}") == 0);
        CHECK(route(tables[t], 3, "PUT", "/a/b", &p, allow) == SRV_NO_METHOD &&
              strcmp(allow, "GET") == 0);
        CHECK(route(tables[t], 3, "DELETE", "/a/7", &p, allow) == SRV_NO_METHOD &&
              strlen(allow) == 8 && strstr(allow, "GET") && strstr(allow, "PUT"));
        CHECK(route(tables[t], 3, "GET", "/a", &p, allow) == SRV_NO_PATH && allow[0] == '\0');
        CHECK(route(tables[t], 3, "GET", "/a/b/c", &p, allow) == SRV_NO_PATH);
        CHECK(route(tables[t], 3, "GET", "/a/", &p, allow) == SRV_NO_PATH);
    }
}

/* path of pattern with "7" for {id} into buf. */
static const char *concrete(const char *pattern, char *buf, size_t size)
{
    const char *id = strstr(pattern, "{id}");
    if (id)
        snprintf(buf, size, "%.*s7%s", (int)(id - pattern), pattern, id + 4);
    else
        snprintf(buf, size, "%s", pattern);
    return buf;
}

static void test_server_table_order_free(void)
{
    size_t n;
    const srv_route *routes = srv_route_table(&n);
    CHECK(n > 5 * klar_nkinds);
    srv_route *reversed = malloc(n * sizeof *reversed);
    if (!reversed)
        return;
    for (size_t i = 0; i < n; i++)
        reversed[i] = routes[n - 1 - i];
    int same = 1;
    for (size_t i = 0; i < n; i++) {
        char path[128], allow[64];
        const char *a, *b;
        concrete(routes[i].pattern, path, sizeof path);
        same &= route(routes, n, routes[i].method, path, &a, allow) == SRV_MATCH &&
                route(reversed, n, routes[i].method, path, &b, allow) == SRV_MATCH &&
                strcmp(a, routes[i].pattern) == 0 && strcmp(b, a) == 0;
        if (!same) {
            fprintf(stderr, "  %s %s routed elsewhere\n", routes[i].method, path);
            break;
        }
    }
    CHECK(same);
    free(reversed);
}

/* The route of method and pattern in the server's table, or NULL. */
static const srv_route *find(const char *method, const char *pattern)
{
    size_t n;
    const srv_route *routes = srv_route_table(&n);
    for (size_t i = 0; i < n; i++)
        if (strcmp(routes[i].method, method) == 0 && strcmp(routes[i].pattern, pattern) == 0)
            return &routes[i];
    return NULL;
}

static void test_kind_routes(void)
{
    for (size_t i = 0; i < klar_nkinds; i++) {
        const klar_kind *k = klar_kinds[i];
        char list[80], one[96], import[96], export[96];
        snprintf(list, sizeof list, "/api/v1/%s", k->table);
        for (char *c = list; *c; c++)
            *c = *c == '_' ? '-' : *c;
        snprintf(one, sizeof one, "%s/{id}", list);
        snprintf(import, sizeof import, "%s/import", list);
        snprintf(export, sizeof export, "%s/export", list);
        klar_action write = k->contributed ? KLAR_ACTION_CONTRIBUTE : KLAR_ACTION_PLAN;
        const srv_route *r[7] = {find("GET", list), find("POST", list), find("GET", one),
                                 find("PUT", one), find("DELETE", one), find("POST", import),
                                 find("GET", export)};
        klar_action want[7] = {KLAR_ACTION_READ, write, KLAR_ACTION_READ, write,
                               KLAR_ACTION_PLAN, write, KLAR_ACTION_READ};
        for (int j = 0; j < 7; j++) {
            CHECK(r[j] && r[j]->kind == k && r[j]->access == SRV_SESSION &&
                  r[j]->action == want[j]);
            if (!r[j])
                fprintf(stderr, "  %s: route %d missing\n", k->name, j);
        }
    }
    CHECK(find("GET", "/api/v1/learning-points") != NULL);
    CHECK(find("GET", "/api/v1/risks/matrix") != NULL);
    CHECK(find("POST", "/api/v1/learning-points")->action == KLAR_ACTION_CONTRIBUTE);
    CHECK(find("POST", "/api/v1/risks")->action == KLAR_ACTION_PLAN);
}

/* openapi_ops.json has an entry for every fixed route and none for a route that does not
 * exist, and the description gives every operation a success answer with a schema, every
 * error status an Error, and 401/403 to every operation that needs a session. */
static void test_openapi_covers_routes(void)
{
    const srv_asset *a = srv_asset_find("server/openapi_ops.json");
    CHECK(a != NULL);
    json_t *ops = a ? json_loadb((const char *)a->data, a->size, 0, NULL) : NULL;
    json_t *doc = srv_openapi_document();
    CHECK(ops != NULL && doc != NULL);
    size_t n, fixed = 0;
    const srv_route *routes = srv_route_table(&n);
    for (size_t i = 0; ops && doc && i < n; i++) {
        const srv_route *r = &routes[i];
        char key[160], method[8];
        snprintf(key, sizeof key, "%s %s", r->method, r->pattern);
        if (!r->kind) {
            fixed++;
            if (!json_object_get(json_object_get(ops, "operations"), key))
                test_check(0, key, __FILE__, __LINE__);   /* no entry for this route */
        }
        size_t j = 0;
        for (; r->method[j] && j < 7; j++)
            method[j] = (char)(r->method[j] - 'A' + 'a');
        method[j] = '\0';
        json_t *op = json_object_get(json_object_get(json_object_get(doc, "paths"), r->pattern),
                                     method);
        json_t *resp = json_object_get(op, "responses");
        int created = strcmp(r->method, "POST") == 0 && !strstr(r->pattern, "/import") &&
                      (r->kind || strcmp(r->pattern, "/api/v1/users") == 0);
        json_t *ok = json_object_get(resp, created ? "201" : "200");
        CHECK(ok && json_object_get(ok, "content"));
        CHECK(json_object_get(resp, "500") != NULL);
        if (r->access == SRV_SESSION)
            CHECK(json_object_get(resp, "401") && json_object_get(resp, "403"));
    }
    CHECK(json_object_size(json_object_get(ops, "operations")) == fixed);
    json_decref(ops);
    json_decref(doc);
}

/* The surge run's description states the limits of the handler's table, every role's. */
static void test_openapi_run_limits(void)
{
    json_t *doc = srv_openapi_document();
    json_t *op = json_object_get(json_object_get(json_object_get(doc, "paths"),
                                                 "/api/v1/runs/surge"), "post");
    const char *text = json_string_value(json_object_get(op, "description"));
    CHECK(text != NULL);
    if (text) {
        CHECK(strstr(text, "a viewer may ask for 1000 Monte Carlo runs and 730 simulated days") != NULL);
        CHECK(strstr(text, "a contributor may ask for") && strstr(text, "a planner may ask for") &&
              strstr(text, "an admin may ask for") != NULL);
        CHECK(strstr(text, "--run-max-seconds") != NULL);
    }
    json_t *resp = json_object_get(op, "responses");
    CHECK(json_object_get(resp, "422") && json_object_get(resp, "429") &&
          json_object_get(resp, "503"));
    json_decref(doc);
}

int main(void)
{
    RUN(test_literal_wins);
    RUN(test_server_table_order_free);
    RUN(test_kind_routes);
    RUN(test_openapi_covers_routes);
    RUN(test_openapi_run_limits);
    return test_finish();
}
