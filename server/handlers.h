/* handlers.h - the endpoint handlers (one file per group). Each reads the request, uses the
 * library through req->store, and fills the response; none knows libmicrohttpd. */
#ifndef KLAR_SERVER_HANDLERS_H
#define KLAR_SERVER_HANDLERS_H

#include "request.h"
#include "response.h"

/* handlers_system.c */
void srv_handle_healthz(srv_request *req, srv_response *res);
void srv_handle_metrics(srv_request *req, srv_response *res);

/* handlers_auth.c */
void srv_handle_login(srv_request *req, srv_response *res);
void srv_handle_logout(srv_request *req, srv_response *res);
void srv_handle_me(srv_request *req, srv_response *res);

/* handlers_organisations.c */
void srv_handle_organisation_list(srv_request *req, srv_response *res);
void srv_handle_organisation_get(srv_request *req, srv_response *res);

/* handlers_risks.c */
void srv_handle_risk_list(srv_request *req, srv_response *res);
void srv_handle_risk_create(srv_request *req, srv_response *res);
void srv_handle_risk_get(srv_request *req, srv_response *res);
void srv_handle_risk_update(srv_request *req, srv_response *res);
void srv_handle_risk_delete(srv_request *req, srv_response *res);
void srv_handle_risk_matrix(srv_request *req, srv_response *res);
void srv_handle_audit_list(srv_request *req, srv_response *res);

#endif
