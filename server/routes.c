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
};
const size_t srv_nroutes = sizeof srv_routes / sizeof srv_routes[0];
