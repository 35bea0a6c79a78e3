/* routes.c - the server's routing table: every endpoint, in one place. State-changing methods
 * other than login additionally need the session's CSRF token (guard.c). */
#include "handlers.h"
#include "router.h"

const srv_route srv_routes[] = {
    {"GET", "/healthz", srv_handle_healthz, SRV_OPEN, KLAR_ACTION_READ},
    {"GET", "/metrics", srv_handle_metrics, SRV_OPEN, KLAR_ACTION_READ},
    {"POST", "/api/v1/login", srv_handle_login, SRV_OPEN, KLAR_ACTION_READ},
    {"POST", "/api/v1/logout", srv_handle_logout, SRV_SESSION, KLAR_ACTION_READ},
    {"GET", "/api/v1/me", srv_handle_me, SRV_SESSION, KLAR_ACTION_READ},
    {"GET", "/api/v1/organisations", srv_handle_organisation_list, SRV_SESSION, KLAR_ACTION_READ},
    {"GET", "/api/v1/organisations/{id}", srv_handle_organisation_get, SRV_SESSION,
     KLAR_ACTION_READ},
    /* risks: the matrix before {id} so that "matrix" is not taken for an id */
    {"GET", "/api/v1/risks", srv_handle_risk_list, SRV_SESSION, KLAR_ACTION_READ},
    {"POST", "/api/v1/risks", srv_handle_risk_create, SRV_SESSION, KLAR_ACTION_PLAN},
    {"GET", "/api/v1/risks/matrix", srv_handle_risk_matrix, SRV_SESSION, KLAR_ACTION_READ},
    {"GET", "/api/v1/risks/{id}", srv_handle_risk_get, SRV_SESSION, KLAR_ACTION_READ},
    {"PUT", "/api/v1/risks/{id}", srv_handle_risk_update, SRV_SESSION, KLAR_ACTION_PLAN},
    {"DELETE", "/api/v1/risks/{id}", srv_handle_risk_delete, SRV_SESSION, KLAR_ACTION_PLAN},
    /* the audit log: planners and admins, changes within their subtree */
    {"GET", "/api/v1/audit", srv_handle_audit_list, SRV_SESSION, KLAR_ACTION_PLAN},
};
const size_t srv_nroutes = sizeof srv_routes / sizeof srv_routes[0];
