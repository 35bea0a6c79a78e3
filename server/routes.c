/* routes.c - the server's routing table: every endpoint, in one place. The routes of the
 * record kinds are made from the kind table (klar_kinds); the others are listed here. The
 * router prefers literal segments over {id}, so the order of rows carries no rule.
 * State-changing methods other than login additionally need the session's CSRF token
 * (guard.c). */
#include "handlers.h"
#include "klar/record.h"
#include "router.h"

#include <pthread.h>
#include <stdio.h>
#include <string.h>

static const srv_route fixed_routes[] = {
    {"GET", "/healthz", srv_handle_healthz, SRV_OPEN, KLAR_ACTION_READ, NULL,
     "liveness: 200 while the server runs"},
    {"GET", "/metrics", srv_handle_metrics, SRV_OPEN, KLAR_ACTION_READ, NULL,
     "request counts and latencies in Prometheus text format"},
    {"GET", "/api/v1/openapi.json", srv_handle_openapi, SRV_OPEN, KLAR_ACTION_READ, NULL,
     "this description of the API (OpenAPI 3)"},
    {"POST", "/api/v1/login", srv_handle_login, SRV_OPEN, KLAR_ACTION_READ, NULL,
     "log in with {\"username\",\"password\"}: sets the session cookie, returns csrf_token"},
    {"POST", "/api/v1/logout", srv_handle_logout, SRV_SESSION, KLAR_ACTION_READ, NULL,
     "end the session"},
    {"GET", "/api/v1/me", srv_handle_me, SRV_SESSION, KLAR_ACTION_READ, NULL,
     "the logged-in user, organisation and role"},
    {"GET", "/api/v1/session", srv_handle_session, SRV_OPEN, KLAR_ACTION_READ, NULL,
     "whether the request's cookie names a live session: {\"active\": false}, or what /me "
     "answers with \"active\": true (a page asks this first, and gets no 401)"},
    {"PUT", "/api/v1/me/password", srv_handle_me_password, SRV_SESSION, KLAR_ACTION_READ, NULL,
     "change one's own password ({\"old_password\", \"new_password\"}); other sessions end"},
    {"DELETE", "/api/v1/me/sessions", srv_handle_me_sessions_end, SRV_SESSION, KLAR_ACTION_READ,
     NULL, "log out everywhere: end every session of the logged-in user"},
    /* user administration: admins, for the organisations within their subtree */
    {"GET", "/api/v1/users", srv_handle_user_list, SRV_SESSION, KLAR_ACTION_ADMINISTER, NULL,
     "the users of the organisations within ?within= (default: the admin's)"},
    {"POST", "/api/v1/users", srv_handle_user_create, SRV_SESSION, KLAR_ACTION_ADMINISTER, NULL,
     "add a user with a first password (no role above one's own)"},
    {"GET", "/api/v1/users/{id}", srv_handle_user_get, SRV_SESSION, KLAR_ACTION_ADMINISTER, NULL,
     "one user"},
    {"PATCH", "/api/v1/users/{id}", srv_handle_user_update, SRV_SESSION, KLAR_ACTION_ADMINISTER,
     NULL, "change a user's organisation, role, or disable or enable them"},
    {"POST", "/api/v1/users/{id}/password", srv_handle_user_password, SRV_SESSION,
     KLAR_ACTION_ADMINISTER, NULL, "set a new password for a user; their sessions end"},
    {"GET", "/api/v1/organisations", srv_handle_organisation_list, SRV_SESSION, KLAR_ACTION_READ,
     NULL,
     "the organisations within ?within= (default: all), with type and parent"},
    {"GET", "/api/v1/organisations/{id}", srv_handle_organisation_get, SRV_SESSION,
     KLAR_ACTION_READ, NULL,
     "one organisation"},
    /* the overviews of record kinds (the records' own routes are made from klar_kinds) */
    {"GET", "/api/v1/risks/matrix", srv_handle_risk_matrix, SRV_SESSION, KLAR_ACTION_READ, NULL,
     "the 5 x 5 risk matrix within ?within= and the four-year flag of the comprehensive ROS"},
    {"GET", "/api/v1/exercises/plan", srv_handle_exercise_plan, SRV_SESSION, KLAR_ACTION_READ,
     NULL, "the multi-year exercise plan within ?within=, years ?from= to ?to="},
    {"GET", "/api/v1/capacity/summary", srv_handle_capacity_summary, SRV_SESSION,
     KLAR_ACTION_READ, NULL, "beds per category within ?within=: physical, staffed, surge"},
    {"GET", "/api/v1/stocks/compliance", srv_handle_stock_compliance, SRV_SESSION,
     KLAR_ACTION_READ, NULL, "stocks within ?within= against the six-month rule"},
    {"GET", "/api/v1/reserves/summary", srv_handle_reserve_summary, SRV_SESSION,
     KLAR_ACTION_READ, NULL, "reserve personnel within ?within= per profession"},
    {"GET", "/api/v1/situation-reports/rollup", srv_handle_situation_rollup, SRV_SESSION,
     KLAR_ACTION_READ, NULL, "the situation within ?within= on ?date= (default: today)"},
    {"GET", "/api/v1/overview", srv_handle_overview, SRV_SESSION, KLAR_ACTION_READ, NULL,
     "every panel of the overview within ?within= in one answer"},
    {"GET", "/api/v1/overview/areas", srv_handle_overview_areas, SRV_SESSION, KLAR_ACTION_READ,
     NULL, "the RHFs and counties (county governors) with one ?indicator= each, for the map"},
    {"GET", "/api/v1/situation-reports/rollups", srv_handle_situation_rollups, SRV_SESSION,
     KLAR_ACTION_READ, NULL, "the situation within ?within= on every day ?from= to ?to= "
     "(default: today; at most 92 days)"},
    /* the audit log: planners and admins, changes within their subtree */
    {"GET", "/api/v1/audit", srv_handle_audit_list, SRV_SESSION, KLAR_ACTION_PLAN, NULL,
     "who changed what, when, before and after, within ?within="},
    /* engine runs: change no state (READ), but as POSTs need the CSRF token */
    {"POST", "/api/v1/runs/surge", srv_handle_run_surge, SRV_SESSION, KLAR_ACTION_READ, NULL,
     "run the surge engine on {\"scenario_id\"} or {\"parameters\"} (+ region, runs, seed)"},
    {"POST", "/api/v1/runs/nowcast", srv_handle_run_nowcast, SRV_SESSION, KLAR_ACTION_READ, NULL,
     "fit the surge model to the census of the region's situation reports {\"region\", \"from\", "
     "\"to\"} and project it with bands"},
    {"POST", "/api/v1/runs/workforce", srv_handle_run_workforce, SRV_SESSION, KLAR_ACTION_READ,
     NULL, "run the workforce projection on {\"scenario_id\"} or {\"parameters\"} "
     "(+ profession, region, to_year)"},
    {"POST", "/api/v1/runs/{id}/rerun", srv_handle_run_rerun, SRV_SESSION, KLAR_ACTION_READ,
     NULL, "run a kept run again on its kept inputs (the registry figures it used, not "
     "today's); kept as a new run, with \"identical\": whether every number is the same"},
    /* runs kept: every run above is stored (runstore.h) */
    {"GET", "/api/v1/runs", srv_handle_run_list, SRV_SESSION, KLAR_ACTION_READ, NULL,
     "the kept runs of users within ?within= (default: one's own organisation), newest first, "
     "?engine=surge|workforce, paged"},
    {"GET", "/api/v1/runs/{id}", srv_handle_run_get, SRV_SESSION, KLAR_ACTION_READ, NULL,
     "one kept run: who, when, klar's version, the data checksum, its inputs and result; "
     "?format=csv its series, ?format=xlsx a workbook (summary, inputs, series)"},
    {"DELETE", "/api/v1/runs/{id}", srv_handle_run_delete, SRV_SESSION, KLAR_ACTION_READ, NULL,
     "delete a kept run: its owner, or a planner over the owner's organisation"},
    {"GET", "/api/v1/runs/compare", srv_handle_run_compare, SRV_SESSION, KLAR_ACTION_READ, NULL,
     "kept runs of one engine side by side, ?ids=1,2[,...]: series aligned by day or year and "
     "the differences of their summaries"},
    {"GET", "/api/v1/professions", srv_handle_professions, SRV_SESSION, KLAR_ACTION_READ, NULL,
     "the professions a workforce run can project (data/professions): id and names"},
    {"POST", "/api/v1/scenario-keys", srv_handle_scenario_keys, SRV_SESSION, KLAR_ACTION_READ,
     NULL, "the keys a scenario text of an engine may set, with defaults, units, ranges, what "
     "the text sets on which line and its first fault by key"},
};

/* The seven routes of every record kind: /api/v1/<table, '-' for '_'>, .../{id},
 * .../import (many records at once) and .../export (the list as CSV or XLSX). Reading
 * needs READ, creating and updating PLAN or, for kinds contributors report, CONTRIBUTE (a
 * finished record still needs PLAN: handlers_records.c), deleting PLAN. */
#define KIND_ROUTES 7
#define NFIXED (sizeof fixed_routes / sizeof fixed_routes[0])
#define MAX_KINDS 24

static srv_route table[NFIXED + KIND_ROUTES * MAX_KINDS];
static char patterns[MAX_KINDS][4][64];
static size_t ntable;
static pthread_once_t table_once = PTHREAD_ONCE_INIT;

static void add_kind_routes(size_t i)
{
    const klar_kind *k = klar_kinds[i];
    char name[48];
    klar_kind_url_name(k, name, sizeof name);
    snprintf(patterns[i][0], sizeof patterns[i][0], "/api/v1/%s", name);
    snprintf(patterns[i][1], sizeof patterns[i][1], "/api/v1/%s/{id}", name);
    snprintf(patterns[i][2], sizeof patterns[i][2], "/api/v1/%s/import", name);
    snprintf(patterns[i][3], sizeof patterns[i][3], "/api/v1/%s/export", name);
    klar_action write = k->contributed ? KLAR_ACTION_CONTRIBUTE : KLAR_ACTION_PLAN;
    const srv_route routes[KIND_ROUTES] = {
        {"GET", patterns[i][0], srv_handle_record_list, SRV_SESSION, KLAR_ACTION_READ, k, NULL},
        {"POST", patterns[i][0], srv_handle_record_create, SRV_SESSION, write, k, NULL},
        {"GET", patterns[i][1], srv_handle_record_get, SRV_SESSION, KLAR_ACTION_READ, k, NULL},
        {"PUT", patterns[i][1], srv_handle_record_update, SRV_SESSION, write, k, NULL},
        {"DELETE", patterns[i][1], srv_handle_record_delete, SRV_SESSION, KLAR_ACTION_PLAN, k,
         NULL},
        {"POST", patterns[i][2], srv_handle_record_import, SRV_SESSION, write, k, NULL},
        {"GET", patterns[i][3], srv_handle_record_export, SRV_SESSION, KLAR_ACTION_READ, k, NULL},
    };
    memcpy(&table[ntable], routes, sizeof routes);
    ntable += KIND_ROUTES;
}

static void make_table(void)
{
    memcpy(table, fixed_routes, sizeof fixed_routes);
    ntable = NFIXED;
    for (size_t i = 0; i < klar_nkinds && i < MAX_KINDS; i++)
        add_kind_routes(i);
}

const srv_route *srv_route_table(size_t *n)
{
    pthread_once(&table_once, make_table);
    *n = ntable;
    return table;
}
