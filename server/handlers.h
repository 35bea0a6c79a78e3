/* handlers.h - the endpoint handlers (one file per group). Each reads the request, uses the
 * library through req->store, and fills the response; none knows libmicrohttpd. */
#ifndef KLAR_SERVER_HANDLERS_H
#define KLAR_SERVER_HANDLERS_H

#include "request.h"
#include "response.h"

/* handlers_system.c */
void srv_handle_healthz(srv_request *req, srv_response *res);
void srv_handle_metrics(srv_request *req, srv_response *res);

/* openapi.c */
void srv_handle_openapi(srv_request *req, srv_response *res);

/* The OpenAPI description of every route (openapi.c), a new object; NULL if out of memory or
 * the embedded part is missing. */
json_t *srv_openapi_document(void);

/* handlers_auth.c */
void srv_handle_login(srv_request *req, srv_response *res);
void srv_handle_logout(srv_request *req, srv_response *res);
void srv_handle_me(srv_request *req, srv_response *res);
void srv_handle_session(srv_request *req, srv_response *res);

/* handlers_users.c: user administration (admins, within their subtree) and one's own account */
void srv_handle_user_list(srv_request *req, srv_response *res);
void srv_handle_user_create(srv_request *req, srv_response *res);
void srv_handle_user_get(srv_request *req, srv_response *res);
void srv_handle_user_update(srv_request *req, srv_response *res);
void srv_handle_user_password(srv_request *req, srv_response *res);
void srv_handle_me_password(srv_request *req, srv_response *res);
void srv_handle_me_sessions_end(srv_request *req, srv_response *res);

/* handlers_organisations.c */
void srv_handle_organisation_list(srv_request *req, srv_response *res);
void srv_handle_organisation_get(srv_request *req, srv_response *res);

/* handlers_audit.c */
void srv_handle_audit_list(srv_request *req, srv_response *res);

/* handlers_records.c: the kind comes from the route */
void srv_handle_record_list(srv_request *req, srv_response *res);
void srv_handle_record_create(srv_request *req, srv_response *res);
void srv_handle_record_get(srv_request *req, srv_response *res);
void srv_handle_record_update(srv_request *req, srv_response *res);
void srv_handle_record_delete(srv_request *req, srv_response *res);
void srv_handle_record_import(srv_request *req, srv_response *res);
void srv_handle_record_export(srv_request *req, srv_response *res);

/* handlers_overview.c: roll-ups over the ?within= subtree */
void srv_handle_capacity_summary(srv_request *req, srv_response *res);
void srv_handle_stock_compliance(srv_request *req, srv_response *res);
void srv_handle_reserve_summary(srv_request *req, srv_response *res);
void srv_handle_exercise_plan(srv_request *req, srv_response *res);
void srv_handle_situation_rollup(srv_request *req, srv_response *res);
void srv_handle_situation_rollups(srv_request *req, srv_response *res);
void srv_handle_overview_areas(srv_request *req, srv_response *res);
void srv_handle_overview(srv_request *req, srv_response *res);
void srv_handle_risk_matrix(srv_request *req, srv_response *res);

/* handlers_web.c: the web app's page and files (no session: the page logs in itself) */
void srv_handle_web(srv_request *req, srv_response *res);

/* 1 if req is the web app's: a GET or HEAD of a screen's address or a file of the app, or a
 * browser's (Accept: text/html) at any address outside /api/ and /assets/. */
int srv_web_serves(const srv_request *req);

/* handlers_runs.c: engine runs on a stored scenario or posted parameters */
void srv_handle_run_surge(srv_request *req, srv_response *res);
void srv_handle_run_nowcast(srv_request *req, srv_response *res);   /* handlers_nowcast.c */
void srv_handle_run_workforce(srv_request *req, srv_response *res);
void srv_handle_professions(srv_request *req, srv_response *res);
void srv_handle_run_rerun(srv_request *req, srv_response *res);

/* runs kept (handlers_kept.c) */
void srv_handle_run_list(srv_request *req, srv_response *res);
void srv_handle_run_get(srv_request *req, srv_response *res);
void srv_handle_run_delete(srv_request *req, srv_response *res);
void srv_handle_run_compare(srv_request *req, srv_response *res);

/* Kept run id as klar_runstore_get gives it, if the user may read it (their own, or one of a
 * user within their subtree); NULL with res set (404 also when they may not: the run's
 * existence is not told, or 500). */
json_t *srv_load_run(srv_request *req, int64_t id, srv_response *res);
void srv_handle_scenario_keys(srv_request *req, srv_response *res);

/* The limits of a surge run by role as a sentence for the API description, into out. */
void srv_run_limits_describe(char *out, size_t size);

#endif
