/* handlers_overview.c - the roll-ups of klar/overview.h over the ?within= subtree (default:
 * the user's organisation; the national picture for users at the top of the tree): capacity
 * per bed category, stock compliance with the six-month rule, reserves per profession, the
 * multi-year exercise plan (?from=YYYY&to=YYYY), the situation of one day (?date=) and the
 * 5 x 5 risk matrix with the four-year flag of the comprehensive ROS. */
#include "handlers.h"

#include "access.h"
#include "klar/overview.h"
#include "klar/record.h"
#include "klar/registry.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Answers the overview (NULL: 500 with err). */
static void respond_overview(srv_response *res, json_t *overview, const klar_error *err)
{
    if (overview)
        srv_respond_json(res, 200, overview);
    else
        srv_respond_internal(res, "computing an overview", err);
}

void srv_handle_capacity_summary(srv_request *req, srv_response *res)
{
    const char *within = srv_read_scope(req, res);
    klar_error err;
    if (within)
        respond_overview(res, klar_overview_capacity(req->store, within, &err), &err);
}

void srv_handle_stock_compliance(srv_request *req, srv_response *res)
{
    const char *within = srv_read_scope(req, res);
    klar_error err;
    if (within)
        respond_overview(res, klar_overview_stocks(req->store, within, &err), &err);
}

void srv_handle_reserve_summary(srv_request *req, srv_response *res)
{
    const char *within = srv_read_scope(req, res);
    klar_error err;
    if (within)
        respond_overview(res, klar_overview_reserves(req->store, within, NULL, &err), &err);
}

/* The query argument name as a year (1900..9999), or fallback when absent; 0 with res set. */
static int query_year(srv_request *req, const char *name, int fallback, srv_response *res)
{
    const char *text = srv_request_query(req, name);
    if (!text)
        return fallback;
    char *end;
    long y = strtol(text, &end, 10);
    if (end == text || *end || y < 1900 || y > 9999) {
        srv_respond_error(res, 400, name, "%s must be a year YYYY", name);
        return 0;
    }
    return (int)y;
}

void srv_handle_exercise_plan(srv_request *req, srv_response *res)
{
    const char *within = srv_read_scope(req, res);
    if (!within)
        return;
    char today[11];
    klar_today(today);
    int this_year = atoi(today);
    int from = query_year(req, "from", this_year, res);
    int to = from ? query_year(req, "to", from + 3, res) : 0;
    if (!from || !to)
        return;
    if (to < from || to - from > KLAR_OVERVIEW_MAX_YEARS) {
        srv_respond_error(res, 400, "to", "to must be from 'from' to %d years after it",
                          KLAR_OVERVIEW_MAX_YEARS);
        return;
    }
    klar_error err;
    respond_overview(res, klar_overview_exercises(req->store, within, from, to, &err), &err);
}

void srv_handle_situation_rollup(srv_request *req, srv_response *res)
{
    const char *within = srv_read_scope(req, res);
    if (!within)
        return;
    char today[11];
    klar_today(today);
    const char *date = srv_request_query(req, "date");
    if (!date)
        date = today;
    if (!klar_date_valid(date)) {
        srv_respond_error(res, 400, "date", "date must be a date YYYY-MM-DD");
        return;
    }
    klar_error err;
    respond_overview(res, klar_overview_situation(req->store, within, date, &err), &err);
}

void srv_handle_situation_rollups(srv_request *req, srv_response *res)
{
    const char *within = srv_read_scope(req, res);
    if (!within)
        return;
    char today[11];
    klar_today(today);
    const char *to = srv_request_query(req, "to");
    const char *from = srv_request_query(req, "from");
    klar_error err;
    json_t *r = klar_overview_situation_days(req->store, within, from ? from : to ? to : today,
                                             to ? to : today, &err);
    if (!r && err.code == KLAR_ERR_INVALID)
        srv_respond_error(res, 400, err.field, "%s", err.message);
    else
        respond_overview(res, r, &err);
}

void srv_handle_risk_matrix(srv_request *req, srv_response *res)
{
    const char *within = srv_read_scope(req, res);
    if (!within)
        return;
    long counts[5][5];
    char last[11];
    klar_error err;
    long total = klar_risk_matrix(req->store, within, counts, &err);
    int outdated = total < 0 ? -1 : klar_risk_ros_outdated(req->store, within, NULL, last, &err);
    if (outdated < 0) {
        srv_respond_internal(res, "computing the risk matrix", &err);
        return;
    }
    json_t *rows = json_array();
    for (int p = 0; rows && p < 5; p++) {
        json_t *row = json_array();
        for (int c = 0; row && c < 5; c++)
            json_array_append_new(row, json_integer(counts[p][c]));
        json_array_append_new(rows, row);
    }
    srv_respond_json(res, 200,
                     rows ? json_pack("{s:s, s:o, s:I, s:{s:s?, s:b}}", "within", within,
                                      "matrix", rows, "total", (json_int_t)total,
                                      "comprehensive_ros", "last_assessed",
                                      last[0] ? last : NULL, "older_than_four_years",
                                      outdated)
                          : NULL);
}
