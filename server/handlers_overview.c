/* handlers_overview.c - the roll-ups of klar/overview.h over the ?within= subtree (default:
 * the user's organisation; the national picture for users at the top of the tree): capacity
 * per bed category, stock compliance with the six-month rule, reserves per profession, the
 * multi-year exercise plan (?from=YYYY&to=YYYY), the situation of one day (?date=) and the
 * 5 x 5 risk matrix with the four-year flag of the comprehensive ROS; and the map's areas
 * (the RHFs and the county governors' counties) each with one indicator's figure. */
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

/* The risk matrix of within with the four-year flag of its comprehensive ROS, or NULL with
 * err. */
static json_t *risk_matrix_json(klar_store *store, const char *within, klar_error *err)
{
    long counts[5][5];
    char last[11];
    long total = klar_risk_matrix(store, within, counts, err);
    int outdated = total < 0 ? -1 : klar_risk_ros_outdated(store, within, NULL, last, err);
    if (outdated < 0)
        return NULL;
    json_t *rows = json_array();
    for (int p = 0; rows && p < 5; p++) {
        json_t *row = json_array();
        for (int c = 0; row && c < 5; c++)
            json_array_append_new(row, json_integer(counts[p][c]));
        json_array_append_new(rows, row);
    }
    return rows ? json_pack("{s:s, s:o, s:I, s:{s:s?, s:b}}", "within", within, "matrix", rows,
                            "total", (json_int_t)total, "comprehensive_ros", "last_assessed",
                            last[0] ? last : NULL, "older_than_four_years", outdated)
                : NULL;
}

void srv_handle_risk_matrix(srv_request *req, srv_response *res)
{
    const char *within = srv_read_scope(req, res);
    if (!within)
        return;
    klar_error err;
    json_t *m = risk_matrix_json(req->store, within, &err);
    if (m)
        srv_respond_json(res, 200, m);
    else
        srv_respond_internal(res, "computing the risk matrix", &err);
}

/* One area of the map: its figure where the user may read it, else readable false. */
static json_t *area_json(srv_request *req, const klar_org *o, const char *indicator,
                         const char *today, klar_error *err)
{
    int readable = klar_user_may_in(req->app->orgs, &req->session.user, KLAR_ACTION_READ, o->id);
    json_t *figure = readable ? klar_overview_indicator(req->store, o->id, indicator, today, err)
                              : json_pack("{s:n, s:n}", "value", "unit");
    if (!figure)
        return NULL;
    json_t *a = json_pack("{s:s, s:s, s:s, s:s?, s:b, s:O, s:O}", "id", o->id, "name", o->name,
                          "type", o->type, "parent_id", o->parent_id[0] ? o->parent_id : NULL,
                          "readable", readable, "value", json_object_get(figure, "value"),
                          "unit", json_object_get(figure, "unit"));
    json_decref(figure);
    return a;
}

/* GET /api/v1/overview/areas?indicator=: every RHF and county governor (a county, 2020
 * borders) with the figure of indicator where the user may read it, in one answer. */
void srv_handle_overview_areas(srv_request *req, srv_response *res)
{
    const char *indicator = srv_request_query(req, "indicator");
    if (!klar_overview_indicator_valid(indicator)) {
        srv_respond_error(res, 400, "indicator", "indicator must be situation, icu, risks or "
                          "stocks");
        return;
    }
    char today[11];
    klar_today(today);
    size_t n = 0;
    klar_error err;
    klar_error_clear(&err);
    klar_org *orgs = klar_org_list(req->store, NULL, &n, &err);
    json_t *areas = orgs ? json_array() : NULL;
    for (size_t i = 0; areas && i < n; i++) {
        if (strcmp(orgs[i].type, "rhf") != 0 && strcmp(orgs[i].type, "county-governor") != 0)
            continue;
        json_t *a = area_json(req, &orgs[i], indicator, today, &err);
        if (!a || json_array_append_new(areas, a) != 0) {
            json_decref(areas);
            areas = NULL;
        }
    }
    free(orgs);
    respond_overview(res, areas ? json_pack("{s:s, s:s, s:o}", "indicator", indicator, "date",
                                            today, "areas", areas) : NULL, &err);
}

/* ---- the whole overview in one answer ----------------------------------------------------- */

#define OVERDUE_SHOWN 5       /* overdue records listed per kind; the total counts them all */

/* The overdue records of kind k within: {"<list member>": the first OVERDUE_SHOWN, "total"}. */
static json_t *overdue_json(klar_store *store, const klar_kind *k, const char *member,
                            const char *within, klar_error *err)
{
    klar_record_filter f;
    memset(&f, 0, sizeof f);
    f.within = within;
    f.overdue = 1;
    f.limit = OVERDUE_SHOWN;
    int64_t total = klar_record_count(store, k, &f, err);
    json_t *list = total < 0 ? NULL : klar_record_list(store, k, &f, err);
    return list ? json_pack("{s:o, s:I}", member, list, "total", (json_int_t)total) : NULL;
}

/* A part of the overview: its figures, or {"error"} when they failed (logged), so that one
 * failing part leaves the others. */
static json_t *part_or_error(json_t *part, const char *what, klar_error *err)
{
    if (!part) {
        fprintf(stderr, "klar serve: computing %s: %s\n", what,
                err->message[0] ? err->message : "failed");
        part = json_pack("{s:s}", "error", "the server could not compute this part");
    }
    klar_error_clear(err);                 /* the next part's failure is its own */
    return part;
}

/* GET /api/v1/overview?within=: every panel of the dashboard in one answer, each part as its
 * own endpoint answers (the risk matrix, overdue plans and learning points, stocks, capacity,
 * reserves, today's situation). */
void srv_handle_overview(srv_request *req, srv_response *res)
{
    const char *within = srv_read_scope(req, res);
    if (!within)
        return;
    char today[11];
    klar_today(today);
    klar_error err;
    klar_error_clear(&err);
    klar_store *st = req->store;
    json_t *o = json_pack("{s:s}", "within", within);
    struct { const char *name; json_t *part; } parts[] = {
        {"risk_matrix", risk_matrix_json(st, within, &err)},
        {"overdue_plans", NULL}, {"overdue_learning_points", NULL},
        {"stocks", NULL}, {"capacity", NULL}, {"reserves", NULL}, {"situation", NULL}};
    parts[0].part = part_or_error(parts[0].part, "the risk matrix", &err);
    parts[1].part = part_or_error(overdue_json(st, &klar_kind_plan, "plans", within, &err),
                                  "overdue plans", &err);
    parts[2].part = part_or_error(overdue_json(st, &klar_kind_learning_point,
                                                    "learning_points", within, &err),
                                  "overdue learning points", &err);
    parts[3].part = part_or_error(klar_overview_stocks(st, within, &err), "stocks", &err);
    parts[4].part = part_or_error(klar_overview_capacity(st, within, &err), "capacity",
                                  &err);
    parts[5].part = part_or_error(klar_overview_reserves(st, within, NULL, &err),
                                  "reserves", &err);
    parts[6].part = part_or_error(klar_overview_situation(st, within, today, &err),
                                  "the situation", &err);
    for (size_t i = 0; i < sizeof parts / sizeof parts[0]; i++) {
        if (o && parts[i].part)
            json_object_set_new(o, parts[i].name, parts[i].part);
        else
            json_decref(parts[i].part);
    }
    srv_respond_json(res, 200, o);
}
