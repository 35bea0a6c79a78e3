/* kinds.c - the registry's record kinds, each a table described by its fields (klar/record.h):
 * ROS risks, the preparedness cycle (scenarios, planning assumptions, plans, exercises,
 * evaluations, learning points), the overviews (capacity, stocks, reserves) and crisis mode
 * (situation reports), with their cross-field rules and derived values. The tables are created
 * by migrations 2 and 3 (src/store/migrations.c); a field here is a column there. */
#include "klar/record.h"
#include "klar/overview.h"
#include "klar/runs.h"
#include "klar/jsonwriter.h"

#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TEXT_MAX 4000            /* characters of free text */
#define NAME_MAX 200             /* characters of titles, owners and names */
#define COUNT_MAX 1e7            /* beds, persons: far above any Norwegian total */
#define AMOUNT_MAX 1e12          /* stock quantities in the item's unit */


/* ---- field helpers: designated initialisers keep the tables readable ---- */

#define TEXT(n, lo, hi, req, d) {.name = n, .type = KLAR_FIELD_TEXT, .required = req,          \
                                 .min = lo, .max = hi, .doc = d}
#define INT(n, lo, hi, req, d) {.name = n, .type = KLAR_FIELD_INT, .required = req, .min = lo, \
                                .max = hi, .doc = d}
#define NUM(n, lo, hi, req, d) {.name = n, .type = KLAR_FIELD_NUMBER, .required = req,         \
                                .min = lo, .max = hi, .doc = d}
#define BOOL(n, req, d) {.name = n, .type = KLAR_FIELD_BOOL, .required = req, .doc = d}
#define DATE(n, req, d) {.name = n, .type = KLAR_FIELD_DATE, .required = req, .doc = d}
#define CHOICE(n, c, req, d) {.name = n, .type = KLAR_FIELD_CHOICE, .required = req,           \
                              .choices = c, .doc = d}
#define REF(n, table, req, d) {.name = n, .type = KLAR_FIELD_REF, .required = req, .ref = table, \
                               .doc = d}
#define REFS(n, table, d) {.name = n, .type = KLAR_FIELD_REFS, .max = 100, .ref = table,        \
                           .doc = d}
#define ORGS(n, d) {.name = n, .type = KLAR_FIELD_ORGS, .max = 500, .doc = d}
#define NFIELDS(a) (sizeof a / sizeof a[0])

static int reject(klar_error *err, const char *name, const char *msg)
{
    klar_error_field(err, KLAR_ERR_INVALID, name, "%s %s", name, msg);
    return KLAR_REG_INVALID;
}

static const char *text_of(const json_t *rec, const char *name)
{
    return json_string_value(json_object_get(rec, name));
}

static int has(const json_t *rec, const char *name)
{
    json_t *v = json_object_get(rec, name);
    return v && !json_is_null(v);
}

/* ---- ROS risks ---- */

static const klar_field risk_fields[] = {
    TEXT("title", 1, NAME_MAX, 1, "short name of the risk"),
    CHOICE("area", klar_risk_areas, 1, "risk area (Meld. St. 5 (2023-2024))"),
    INT("probability", 1, 5, 1, "probability class, 1 (very low) to 5 (very high)"),
    INT("consequence", 1, 5, 1, "consequence class, 1 (very small) to 5 (very large)"),
    TEXT("vulnerabilities", 0, TEXT_MAX, 0, "the vulnerabilities found"),
    TEXT("existing_measures", 0, TEXT_MAX, 0, "measures in place"),
    TEXT("proposed_measures", 0, TEXT_MAX, 0, "measures proposed"),
    TEXT("owner", 0, NAME_MAX, 0, "who owns the risk"),
    DATE("last_assessed", 0, "date of the last assessment"),
    BOOL("comprehensive", 0, "part of the comprehensive ROS (to be renewed every four years)"),
};

/* score: probability x consequence, the cell of the 5 x 5 matrix (1 to 25) */
static void risk_derive(const klar_record_view *v, const char *today, klar_jw *w)
{
    (void)today;
    double score = klar_view_number(v, "probability") * klar_view_number(v, "consequence");
    klar_jw_key(w, "score");
    if (isfinite(score))
        klar_jw_int(w, (int64_t)score);
    else
        klar_jw_null(w);
}

static const char *const risk_filters[] = {"area", "probability", "consequence", "comprehensive",
                                           NULL};

static const klar_field risk_derived[] = {
    INT("score", 1, 25, 0, "probability x consequence: the cell of the 5 x 5 matrix"),
};

const klar_kind klar_kind_risk = {
    .name = "risk", .table = "risks", .title = "risk", .fields = risk_fields,
    .nfields = NFIELDS(risk_fields), .filters = risk_filters, .order = "id",
    .derive = risk_derive, .derived = risk_derived, .nderived = NFIELDS(risk_derived),
    .doc = "ROS risks in the six risk areas: probability and consequence classes 1 to 5"};

/* ---- scenarios ---- */

static const char *const engines[] = {"surge", "workforce", NULL};

static const klar_field scenario_fields[] = {
    TEXT("title", 1, NAME_MAX, 1, "short name of the scenario"),
    CHOICE("area", klar_risk_areas, 1, "risk area"),
    TEXT("description", 0, TEXT_MAX, 0, "the course of events the scenario describes"),
    REFS("risk_ids", "risks", "ids of the ROS risks the scenario is built on"),
    CHOICE("engine", engines, 0, "the engine its parameters are for"),
    TEXT("region", 0, 60, 0, "region the engine runs on (NO, an RHF, county or municipality)"),
    TEXT("parameters", 0, 65536, 0, "the engine's scenario file text (INI, as scenarios/*.ini)"),
};

/* engine is required with parameters or a region; the parameters are read as the engine's
 * run would read them (klar_run_check_parameters), so that a stored scenario can run */
static int scenario_check(const json_t *rec, klar_error *err)
{
    if ((has(rec, "parameters") || has(rec, "region")) && !has(rec, "engine"))
        return reject(err, "engine", "is required when parameters or region are given");
    const char *text = text_of(rec, "parameters");
    if (!text)
        return 0;
    klar_error why;
    if (klar_run_check_parameters(NULL, text_of(rec, "engine"), text, &why) == 0)
        return 0;
    klar_error_field(err, KLAR_ERR_INVALID, "parameters", "parameters: %s", why.message);
    return KLAR_REG_INVALID;
}

static const char *const scenario_filters[] = {"area", "engine", NULL};

const klar_kind klar_kind_scenario = {
    .shared = 1,
    .name = "scenario", .table = "scenarios", .title = "scenario",
    .fields = scenario_fields, .nfields = NFIELDS(scenario_fields),
    .filters = scenario_filters, .order = "id", .check = scenario_check,
    .doc = "shared planning scenarios, linked to risks; may hold engine parameters"};

/* ---- planning assumptions ---- */

static const klar_field assumption_fields[] = {
    TEXT("title", 1, NAME_MAX, 1, "short name of the assumption"),
    TEXT("statement", 1, TEXT_MAX, 1, "the assumption planners are to use"),
    REF("scenario_id", "scenarios", 0, "the scenario it belongs to"),
    REFS("risk_ids", "risks", "ids of the risks it addresses"),
    NUM("value", -1e12, 1e12, 0, "a number to plan with, in unit"),
    TEXT("unit", 0, 40, 0, "the unit of value (required with value)"),
    TEXT("source", 0, 400, 0, "where it comes from, or why it is an assumption"),
    DATE("valid_until", 0, "last day it is to be used"),
};

static int assumption_check(const json_t *rec, klar_error *err)
{
    if (has(rec, "value") && (!has(rec, "unit") || !*text_of(rec, "unit")))
        return reject(err, "unit", "is required when a value is given");
    return 0;
}

static const char *const assumption_filters[] = {"scenario_id", NULL};

const klar_kind klar_kind_planning_assumption = {
    .shared = 1,
    .name = "planning-assumption", .table = "planning_assumptions",
    .title = "planning assumption", .fields = assumption_fields,
    .nfields = NFIELDS(assumption_fields), .filters = assumption_filters, .order = "id",
    .check = assumption_check, .doc = "shared planning assumptions, linked to scenarios and risks"};

/* ---- plans ---- */

static const char *const plan_types[] = {"preparedness", "contingency", "continuity",
                                          "infection-control", "supply", "evacuation",
                                          "communication", "other", NULL};
static const char *const plan_states[] = {"draft", "approved", "under-revision", "retired",
                                           NULL};
static const char *const plan_done[] = {"retired", NULL};

static const klar_field plan_fields[] = {
    TEXT("title", 1, NAME_MAX, 1, "name of the plan"),
    CHOICE("type", plan_types, 1, "kind of plan"),
    TEXT("owner", 1, NAME_MAX, 1, "who is responsible for the plan"),
    CHOICE("status", plan_states, 1, "where the plan stands"),
    DATE("approved_on", 0, "date of the last approval"),
    DATE("revision_due", 1, "date the plan is to be revised by"),
    REFS("risk_ids", "risks", "ids of the risks it answers"),
    REFS("scenario_ids", "scenarios", "ids of the scenarios it is built on"),
};

static const char *const plan_filters[] = {"status", "type", NULL};

const klar_kind klar_kind_plan = {
    .name = "plan", .table = "plans", .title = "plan", .fields = plan_fields,
    .nfields = NFIELDS(plan_fields), .filters = plan_filters, .order = "revision_due, id",
    .due = "revision_due", .done = plan_done,
    .doc = "preparedness plans; overdue when the revision date has passed"};

/* ---- exercises ---- */

static const char *const exercise_types[] = {"seminar", "tabletop", "functional", "full-scale",
                                              "drill", "alert", NULL};
static const char *const exercise_states[] = {"planned", "held", "evaluated", "cancelled",
                                               NULL};

static const klar_field exercise_fields[] = {
    TEXT("title", 1, NAME_MAX, 1, "name of the exercise"),
    CHOICE("type", exercise_types, 1, "form of exercise"),
    CHOICE("status", exercise_states, 1, "where the exercise stands"),
    DATE("start_date", 1, "first day"),
    DATE("end_date", 0, "last day (default: the first)"),
    ORGS("participants", "ids of the participating organisations"),
    REF("scenario_id", "scenarios", 0, "the scenario exercised"),
    TEXT("objectives", 0, TEXT_MAX, 0, "what the exercise is to test"),
    TEXT("lead", 0, NAME_MAX, 0, "who leads the exercise"),
};

static int exercise_check(const json_t *rec, klar_error *err)
{
    const char *end = text_of(rec, "end_date");
    if (end && strcmp(end, text_of(rec, "start_date")) < 0)
        return reject(err, "end_date", "is before start_date");
    return 0;
}

/* year: the calendar year of start_date, for the multi-year exercise plan */
static void exercise_derive(const klar_record_view *v, const char *today, klar_jw *w)
{
    (void)today;
    const char *start = klar_view_text(v, "start_date");
    klar_jw_key(w, "year");
    if (start)
        klar_jw_int(w, atoi(start));
    else
        klar_jw_null(w);
}

static const char *const exercise_filters[] = {"status", "type", "scenario_id", NULL};

static const klar_field exercise_derived[] = {
    INT("year", 1900, 9999, 0, "the year of start_date, the column of the exercise plan"),
};

const klar_kind klar_kind_exercise = {
    .shared = 1,
    .name = "exercise", .table = "exercises", .title = "exercise", .fields = exercise_fields,
    .nfields = NFIELDS(exercise_fields), .filters = exercise_filters,
    .order = "start_date, id", .check = exercise_check, .derive = exercise_derive,
    .derived = exercise_derived, .nderived = NFIELDS(exercise_derived),
    .doc = "exercises of the multi-year exercise plan"};

/* ---- evaluations ---- */

static const char *const evaluation_states[] = {"draft", "final", NULL};

static const klar_field evaluation_fields[] = {
    TEXT("title", 1, NAME_MAX, 1, "name of the evaluation"),
    REF("exercise_id", "exercises", 0, "the exercise evaluated"),
    TEXT("event", 0, NAME_MAX, 0, "the real event evaluated, when it is not an exercise"),
    DATE("evaluated_on", 1, "date of the evaluation report"),
    CHOICE("status", evaluation_states, 1, "draft or final"),
    TEXT("summary", 0, TEXT_MAX, 0, "the main findings"),
};

static int evaluation_check(const json_t *rec, klar_error *err)
{
    if (!has(rec, "exercise_id") && (!has(rec, "event") || !*text_of(rec, "event")))
        return reject(err, "exercise_id", "or event is required: what was evaluated");
    return 0;
}

static const char *const evaluation_filters[] = {"exercise_id", "status", NULL};

const klar_kind klar_kind_evaluation = {
    .name = "evaluation", .table = "evaluations", .title = "evaluation",
    .fields = evaluation_fields, .nfields = NFIELDS(evaluation_fields),
    .filters = evaluation_filters, .order = "evaluated_on, id", .check = evaluation_check,
    .doc = "evaluations of exercises and real events"};

/* ---- learning points ---- */

static const char *const learning_states[] = {"open", "in-progress", "closed", NULL};
static const char *const learning_done[] = {"closed", NULL};

static const klar_field learning_fields[] = {
    TEXT("title", 1, NAME_MAX, 1, "the learning point"),
    REF("evaluation_id", "evaluations", 0, "the evaluation it came from"),
    TEXT("description", 0, TEXT_MAX, 0, "what is to change"),
    TEXT("owner", 1, NAME_MAX, 1, "who is responsible for closing it"),
    DATE("due", 1, "date it is to be closed by"),
    CHOICE("status", learning_states, 1, "open, in-progress or closed"),
    TEXT("resolution", 0, TEXT_MAX, 0, "what was done (required to close)"),
    DATE("closed_on", 0, "date it was closed"),
};

static int learning_check(const json_t *rec, klar_error *err)
{
    int closed = strcmp(text_of(rec, "status"), "closed") == 0;
    const char *resolution = text_of(rec, "resolution");
    if (closed && (!resolution || !*resolution))
        return reject(err, "resolution",
                      "is required to close a learning point: say what was done");
    if (!closed && has(rec, "closed_on"))
        return reject(err, "closed_on", "is only for a closed learning point");
    return 0;
}

static const char *const learning_filters[] = {"status", "evaluation_id", "owner", NULL};

const klar_kind klar_kind_learning_point = {
    .contributed = 1,
    .name = "learning-point", .table = "learning_points", .title = "learning point",
    .fields = learning_fields, .nfields = NFIELDS(learning_fields),
    .filters = learning_filters, .order = "due, id", .due = "due", .done = learning_done,
    .check = learning_check,
    .doc = "learning points followed until closed; overdue after the due date"};

/* ---- capacity ---- */

static const char *const bed_categories[] = {"ward", "intermediate", "icu", NULL};

static const klar_field capacity_fields[] = {
    CHOICE("category", bed_categories, 1, "bed category (common categories for all HFs)"),
    INT("physical", 0, COUNT_MAX, 1, "beds physically in place (beds)"),
    INT("staffed", 0, COUNT_MAX, 1, "beds staffed in normal operation (beds)"),
    INT("surge", 0, COUNT_MAX, 1, "beds that can be staffed in a surge, in all (beds)"),
    DATE("as_of", 1, "date the counts are from"),
    TEXT("note", 0, TEXT_MAX, 0, "comment, source"),
};

static int capacity_check(const json_t *rec, klar_error *err)
{
    json_int_t physical = json_integer_value(json_object_get(rec, "physical"));
    json_int_t staffed = json_integer_value(json_object_get(rec, "staffed"));
    json_int_t surge = json_integer_value(json_object_get(rec, "surge"));
    if (staffed > physical)
        return reject(err, "staffed", "cannot exceed physical beds");
    if (surge < staffed)
        return reject(err, "surge",
                      "counts all beds that can be staffed in a surge: at least staffed");
    return 0;
}

static const char *const capacity_unique[] = {"category", NULL};
static const char *const capacity_filters[] = {"category", NULL};

const klar_kind klar_kind_capacity = {
    .contributed = 1,
    .name = "capacity", .table = "capacity", .title = "capacity",
    .fields = capacity_fields, .nfields = NFIELDS(capacity_fields), .unique = capacity_unique,
    .filters = capacity_filters, .order = "org_id, category", .check = capacity_check,
    .doc = "ward, intermediate and ICU beds per HF: physical, staffed and surge"};

/* ---- stocks ---- */

static const char *const stock_categories[] = {"medicine", "infection-control",
                                                "medical-device", "other", NULL};

static const klar_field stock_fields[] = {
    TEXT("item", 1, 80, 1, "what is stocked (e.g. ffp2, paracetamol 500 mg)"),
    CHOICE("category", stock_categories, 1, "kind of item"),
    TEXT("unit", 1, 40, 1, "the unit of on_hand and monthly_consumption"),
    NUM("on_hand", 0, AMOUNT_MAX, 1, "stock on hand (unit)"),
    NUM("monthly_consumption", 0, AMOUNT_MAX, 1, "normal consumption (unit per month)"),
    DATE("as_of", 1, "date of the count"),
    TEXT("note", 0, TEXT_MAX, 0, "comment, source"),
};

/* months_of_cover (null without consumption, or when a vanishing consumption makes the ratio
 * overflow), the six-month target, compliant, shortfall */
static void stock_derive(const klar_record_view *v, const char *today, klar_jw *w)
{
    (void)today;
    double on_hand = klar_view_number(v, "on_hand");
    double monthly = klar_view_number(v, "monthly_consumption");
    double shortfall = fmax(0.0, KLAR_OVERVIEW_STOCK_TARGET_MONTHS * monthly - on_hand);
    klar_jw_key(w, "months_of_cover");
    klar_jw_number(w, monthly > 0 ? on_hand / monthly : NAN);   /* not finite: null */
    klar_jw_key(w, "target_months");
    klar_jw_number(w, KLAR_OVERVIEW_STOCK_TARGET_MONTHS);
    klar_jw_key(w, "compliant");
    klar_jw_bool(w, shortfall <= 0.0);
    klar_jw_key(w, "shortfall");
    klar_jw_number(w, shortfall);
}

static const char *const stock_unique[] = {"item", NULL};
static const char *const stock_filters[] = {"item", "category", NULL};

static const klar_field stock_derived[] = {
    NUM("months_of_cover", 0, 1e308, 0, "on_hand / monthly_consumption (months); null "
        "without consumption"),
    NUM("target_months", 6, 6, 1, "the target: six months of normal consumption (months)"),
    BOOL("compliant", 1, "on_hand covers the target"),
    NUM("shortfall", 0, 1e308, 1, "what is missing to reach the target (unit)"),
};

const klar_kind klar_kind_stock = {
    .contributed = 1,
    .name = "stock", .table = "stocks", .title = "stock", .fields = stock_fields,
    .nfields = NFIELDS(stock_fields), .unique = stock_unique, .filters = stock_filters,
    .order = "org_id, item", .derive = stock_derive, .derived = stock_derived,
    .nderived = NFIELDS(stock_derived),
    .doc = "stocks per institution: months of cover against the six-month rule"};

/* ---- reserves ---- */

static const char *const professions[] = {
    "nurse", "specialist-nurse", "physician", "bioengineer", "medical-technical-engineer",
    "ict-engineer", "radiographer", "pharmacist", "paramedic", "health-worker", "other", NULL};
static const char *const availabilities[] = {"immediate", "24h", "72h", "1-week", "unavailable",
                                              NULL};

static const klar_field reserve_fields[] = {
    TEXT("name", 1, NAME_MAX, 1, "the person (or a reference to the personnel system)"),
    CHOICE("profession", professions, 1, "profession"),
    BOOL("authorised", 1, "holds Norwegian authorisation or licence for the profession"),
    TEXT("authorisation_id", 0, 40, 0, "HPR number or equivalent"),
    CHOICE("availability", availabilities, 1, "how soon the person can serve"),
    DATE("last_verified", 0, "date the entry was last confirmed with the person"),
    BOOL("armed_forces", 1, "also assigned to the armed forces (conflicts in war)"),
    TEXT("note", 0, TEXT_MAX, 0, "comment"),
};

/* conflict: counted twice (health reserve and armed forces); verification_overdue: never
 * verified or before the overview's cutoff (the same rule as klar_overview_reserves) */
static void reserve_derive(const klar_record_view *v, const char *today, klar_jw *w)
{
    const char *verified = klar_view_text(v, "last_verified");
    int overdue = 1;
    if (verified && klar_date_valid(verified) && klar_date_valid(today)) {
        char cutoff[11];
        klar_overview_verify_cutoff(today, cutoff);
        overdue = strcmp(verified, cutoff) < 0;
    }
    klar_jw_key(w, "conflict");
    klar_jw_bool(w, klar_view_true(v, "armed_forces"));
    klar_jw_key(w, "verification_overdue");
    klar_jw_bool(w, overdue);
}

static const char *const reserve_filters[] = {"profession", "availability", "armed_forces",
                                               "authorised", NULL};

static const klar_field reserve_derived[] = {
    BOOL("conflict", 1, "also assigned to the armed forces: counted twice in a war"),
    BOOL("verification_overdue", 1, "never verified, or not within the overview's period"),
};

const klar_kind klar_kind_reserve = {
    .name = "reserve", .table = "reserves", .title = "reserve", .fields = reserve_fields,
    .nfields = NFIELDS(reserve_fields), .filters = reserve_filters, .order = "profession, id",
    .derive = reserve_derive, .derived = reserve_derived, .nderived = NFIELDS(reserve_derived),
    .doc = "reserve personnel; conflict when also assigned to the armed forces"};

/* ---- situation reports ---- */

static const char *const levels[] = {"normal", "strained", "critical", NULL};

static const klar_field situation_fields[] = {
    DATE("date", 1, "the day reported"),
    CHOICE("status", levels, 1, "overall status"),
    CHOICE("capacity_status", levels, 1, "beds and ICU"),
    CHOICE("staff_status", levels, 1, "personnel"),
    CHOICE("stock_status", levels, 1, "medicines and equipment"),
    INT("beds_occupied", 0, COUNT_MAX, 0, "ward beds occupied (beds)"),
    INT("beds_available", 0, COUNT_MAX, 0, "ward beds free (beds)"),
    INT("icu_occupied", 0, COUNT_MAX, 0, "ICU beds occupied (beds)"),
    INT("icu_available", 0, COUNT_MAX, 0, "ICU beds free (beds)"),
    INT("staff_absent", 0, COUNT_MAX, 0, "staff absent (persons)"),
    INT("patients_in_hospital", 0, COUNT_MAX, 0,
        "patients with the epidemic disease in hospital, ward and ICU (patients); the census a "
        "nowcast fits"),
    INT("patients_in_icu", 0, COUNT_MAX, 0,
        "of whom in ICU (patients)"),
    TEXT("summary", 0, TEXT_MAX, 0, "the situation in words, needs"),
};

static const char *const situation_unique[] = {"date", NULL};
static const char *const situation_filters[] = {"date", "status", NULL};

const klar_kind klar_kind_situation_report = {
    .contributed = 1,
    .name = "situation-report", .table = "situation_reports", .title = "situation report",
    .fields = situation_fields, .nfields = NFIELDS(situation_fields),
    .unique = situation_unique, .filters = situation_filters, .order = "date DESC, org_id",
    .doc = "crisis mode: status per organisation and day"};

/* ---- all kinds ---- */

const klar_kind *const klar_kinds[] = {
    &klar_kind_risk, &klar_kind_scenario, &klar_kind_planning_assumption, &klar_kind_plan,
    &klar_kind_exercise, &klar_kind_evaluation, &klar_kind_learning_point,
    &klar_kind_capacity, &klar_kind_stock, &klar_kind_reserve, &klar_kind_situation_report};
const size_t klar_nkinds = sizeof klar_kinds / sizeof klar_kinds[0];
