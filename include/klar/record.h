/* record.h - the registry's domain records: ROS risks, scenarios, planning assumptions, plans,
 * exercises, evaluations, learning points, capacity, stocks, reserves and situation reports.
 * Each kind is one table described by a field list (klar_kind); one engine validates JSON
 * records against that description (errors name the field in klar_error.field), stores them
 * through klar_store and gives create/get/list/update (optimistic version)/delete, with an
 * audit row in the transaction of every change. Values derived from the stored ones (a risk's
 * score, overdue, months of cover, the armed-forces conflict) are added on every read. A
 * record's JSON text is written in one place (rows straight into a klar_jw); the jansson
 * objects below are that text read back. Records are objects:
 *   {"id": 7, "org_id": "helse-vest", <the kind's fields>, "version": 1,
 *    "created_at": "...Z", "updated_at": "...Z", <derived members>}
 * Absent optional fields read back as null. */
#ifndef KLAR_RECORD_H
#define KLAR_RECORD_H

#include <stddef.h>
#include <stdint.h>
#include "klar/error.h"
#include "klar/registry.h"
#include "klar/store.h"

struct json_t;

/* A fifth result besides those of registry.h: a UNIQUE rule or a reference from another row
 * stops the change (a second situation report for the same day; deleting an exercise that
 * still has evaluations). */
#define KLAR_REG_CONFLICT (-5)

typedef enum {
    KLAR_FIELD_TEXT,        /* string of at most max characters (UTF-8 code points) */
    KLAR_FIELD_INT,         /* integer in [min, max] */
    KLAR_FIELD_NUMBER,      /* finite number in [min, max] */
    KLAR_FIELD_BOOL,        /* true or false (stored 0/1); absent or null is false */
    KLAR_FIELD_DATE,        /* "YYYY-MM-DD", a real calendar date */
    KLAR_FIELD_CHOICE,      /* one of choices */
    KLAR_FIELD_REF,         /* the id of an existing row of table ref */
    KLAR_FIELD_REFS,        /* an array of ids of existing rows of table ref (stored as JSON) */
    KLAR_FIELD_ORGS,        /* an array of existing organisation ids (stored as JSON) */
} klar_field_type;

typedef struct klar_field {
    const char *name;              /* the JSON member and the column */
    klar_field_type type;
    int required;                  /* 1: must be present and not null */
    double min, max;               /* INT, NUMBER: the range; TEXT: max characters */
    const char *const *choices;    /* CHOICE: NULL-terminated */
    const char *ref;               /* REF, REFS: the table referred to ("risks") */
    const char *doc;               /* one line for the API description (unit included) */
} klar_field;

typedef struct klar_kind klar_kind;

/* The most fields a kind may have (a record view holds that many values). */
#define KLAR_KIND_MAX_FIELDS 16

/* Cross-field rule checked after the fields: 0, or KLAR_REG_INVALID with err (field set). */
typedef int (*klar_kind_check_fn)(const struct json_t *rec, klar_error *err);

/* The stored values of one record, as a derive function reads them (valid during the call). */
typedef struct klar_record_view klar_record_view;

/* Field name's text (TEXT, DATE, CHOICE), or NULL when it is null or not such a field. */
const char *klar_view_text(const klar_record_view *v, const char *name);

/* Field name's number (INT, NUMBER, REF), or NAN when it is null or not such a field. */
double klar_view_number(const klar_record_view *v, const char *name);

/* 1 if BOOL field name is true. */
int klar_view_true(const klar_record_view *v, const char *name);

/* Writes the kind's derived members (klar_jw_key, then a value, for each) of record v as of
 * today (YYYY-MM-DD) into w, an open object. */
struct klar_jw;
typedef void (*klar_kind_derive_fn)(const klar_record_view *v, const char *today,
                                    struct klar_jw *w);

struct klar_kind {
    const char *name;              /* "learning-point": the audit entity and API name */
    const char *table;             /* "learning_points" */
    const char *title;             /* "learning point": for messages */
    const klar_field *fields;      /* besides id, org_id, version, created_at, updated_at */
    size_t nfields;
    const char *const *unique;     /* NULL-terminated columns whose combination is unique
                                      (with org_id), or NULL; for the conflict message */
    const char *const *filters;    /* NULL-terminated fields a list may be filtered on
                                      (equality), or NULL */
    const char *order;             /* the ORDER BY of lists ("due, id") */
    const char *due;               /* the DATE field after which an unfinished record is
                                      overdue ("due", "revision_due"), or NULL */
    const char *const *done;       /* NULL-terminated values of the "status" field that
                                      finish a record (never overdue), or NULL */
    int shared;                    /* 1: readable also below the owner (a national scenario
                                      by every HF); see the reading rule */
    int contributed;               /* 1: contributors create and update them (learning points,
                                      figures; auth.h); 0: planners. Deleting needs a planner */
    klar_kind_check_fn check;      /* NULL for none */
    klar_kind_derive_fn derive;    /* NULL for none */
    const klar_field *derived;     /* the members derive writes (their type, range, whether
                                      never null: required), or NULL; a client may send them
                                      back (they are ignored) */
    size_t nderived;
    const char *doc;               /* one line for the API description */
};

/* ---- the reading rule (reading.c) ----
 * A user may read a record if (1) its organisation is the user's or below it; or (2) its kind
 * is shared (scenarios, planning assumptions, exercises) and its organisation is above the
 * user's: what a ministry, directorate or RHF plans with is there for those below; or (3) one
 * of its organisations (an exercise's participants) is the user's, above it or below it.
 * Writing needs the record's organisation within the user's subtree, always. A reference a
 * writer gives (scenario_id, risk_ids, ...) must point at a record the writer may read. */

struct klar_user;
struct klar_org_tree;

/* 1 if user u may read rec (a record of kind k with at least org_id and its ORGS fields), 0 if
 * not, -1 with err (the store failed). */
int klar_record_readable(klar_store *s, const klar_kind *k, const struct klar_user *u,
                         const struct json_t *rec, klar_error *err);

/* klar_record_readable judged by an organisation tree in memory: 1 or 0. */
int klar_record_readable_in(const struct klar_org_tree *t, const klar_kind *k,
                            const struct klar_user *u, const struct json_t *rec);

/* 1 if row id of table (a record kind's) exists and u (NULL: the system, who reads all) may
 * read it, 0 if either is not so (not told apart: no existence oracle), -1 with err. */
int klar_record_reference_ok(klar_store *s, const char *table, int64_t id,
                             const struct klar_user *u, klar_error *err);

/* The kinds, in the order of the preparedness cycle (kinds.c). */
extern const klar_kind klar_kind_risk, klar_kind_scenario, klar_kind_planning_assumption, klar_kind_plan,
    klar_kind_exercise, klar_kind_evaluation, klar_kind_learning_point, klar_kind_capacity,
    klar_kind_stock, klar_kind_reserve, klar_kind_situation_report;
extern const klar_kind *const klar_kinds[];
extern const size_t klar_nkinds;

/* The kind named name ("plan"), or NULL. */
const klar_kind *klar_kind_find(const char *name);

/* The URL name of k's records, its table with '-' for '_' ("learning-points"), into out. */
void klar_kind_url_name(const klar_kind *k, char *out, size_t size);

/* 1 if status is one of k's finishing states (a closed learning point, a retired plan). */
int klar_kind_is_done(const klar_kind *k, const char *status);

/* The field named name of kind k, or NULL. */
const klar_field *klar_kind_field(const klar_kind *k, const char *name);

/* Checks the JSON object in as a record of kind k (its org_id and fields) without touching
 * the store: 0, or KLAR_REG_INVALID with err naming the member in err->field ("due",
 * "participants[2]"). A member that is neither a field nor one the record answers with (id,
 * version, created_at, updated_at, overdue, the derived ones) is refused, with the nearest
 * name as a suggestion ("exisiting_measures: unknown member (did you mean ...)"). */
int klar_record_validate(const klar_kind *k, const struct json_t *in, klar_error *err);

/* Inserts a record of kind k from in (validated; org_id and references must exist) with an
 * audit row in one transaction. On success *out (if not NULL) is the stored record (a new
 * reference). 0, KLAR_REG_INVALID (err->field), KLAR_REG_CONFLICT or KLAR_REG_FAILED, with err. */
int klar_record_create(klar_store *s, const klar_kind *k, int64_t user_id,
                       const struct json_t *in, struct json_t **out, klar_error *err);

#define KLAR_IMPORT_MAX_ERRORS 100   /* row errors an import reports at most */

/* Creates a record of kind k from every object of rows (as klar_record_create, each with its
 * audit row) in one transaction: all of them, or - when any row fails, or with dry_run -
 * none. *errors is a new array of {"row" (1-based), "field", "message"} for the rows that
 * fail (validation and references first, for every row; then conflicts of uniqueness, also
 * between rows), at most KLAR_IMPORT_MAX_ERRORS. 0 (all went in, or would have), or
 * KLAR_REG_INVALID (see *errors), or KLAR_REG_FAILED with err. The caller frees *errors. */
int klar_record_import(klar_store *s, const klar_kind *k, int64_t user_id,
                       const struct json_t *rows, int dry_run, struct json_t **errors,
                       klar_error *err);

/* Reads record id of kind k into *out (a new reference, with derived members as of the
 * current date): 1 if found, 0 if not, -1 with err. */
int klar_record_get(klar_store *s, const klar_kind *k, int64_t id, struct json_t **out,
                    klar_error *err);

/* A filter for lists: the subtree of within (NULL: all organisations), equality on fields of
 * the kind's filters list (names[i] = values[i], compared as text), and for kinds with a due
 * date only the overdue ones as of today (NULL: the current UTC date); and the page: at most
 * limit records (0: all) after skipping offset (klar_record_count ignores the page). */
#define KLAR_RECORD_MAX_FILTERS 4
typedef struct klar_record_filter {
    const char *within;
    const char *names[KLAR_RECORD_MAX_FILTERS];
    const char *values[KLAR_RECORD_MAX_FILTERS];
    int n;
    int overdue;
    int inherited;                 /* shared kinds: also the records of within's ancestors */
    const char *today;
    size_t limit, offset;
} klar_record_filter;

/* Writes the records of kind k matching f (NULL: all), in the kind's order, as JSON objects
 * (array elements) into w, straight from the rows; their number into *count (if not NULL).
 * 0, KLAR_REG_INVALID (a filter on a field that is not filterable, a value that is not one of
 * the field: err->field names it) or KLAR_REG_FAILED with err; w then holds a partial list. */
int klar_record_write_list(klar_store *s, const klar_kind *k, const klar_record_filter *f,
                           struct klar_jw *w, size_t *count, klar_error *err);

/* The records of klar_record_write_list as a new JSON array, or NULL with err. */
struct json_t *klar_record_list(klar_store *s, const klar_kind *k, const klar_record_filter *f,
                                klar_error *err);

/* The number of records of kind k matching f (NULL: all) on all pages, or -1 with err (as
 * klar_record_write_list). */
int64_t klar_record_count(klar_store *s, const klar_kind *k, const klar_record_filter *f,
                          klar_error *err);

/* Record id of kind k as JSON text (with derived members) into w: 1, 0 if there is none, -1
 * with err. */
int klar_record_write(klar_store *s, const klar_kind *k, int64_t id, struct klar_jw *w,
                      klar_error *err);

/* Replaces every field of record id of kind k with those of in, if in's "version" member is
 * the stored version; with an audit row (before and after) in the same transaction. *out (if
 * not NULL) gets the stored record. expected_org (NULL: any) is the organisation the caller
 * checked its right on: a record that belongs to another one inside the transaction (moved
 * meanwhile) is KLAR_REG_STALE (field "org_id"). 0, KLAR_REG_INVALID (err->field),
 * KLAR_REG_NOT_FOUND, KLAR_REG_STALE, KLAR_REG_CONFLICT or KLAR_REG_FAILED, with err. */
int klar_record_update(klar_store *s, const klar_kind *k, int64_t user_id, int64_t id,
                       const char *expected_org, const struct json_t *in,
                       struct json_t **out, klar_error *err);

/* Deletes record id of kind k with an audit row (before) in one transaction; expected_org as
 * for klar_record_update. 0, KLAR_REG_NOT_FOUND, KLAR_REG_STALE (moved meanwhile),
 * KLAR_REG_CONFLICT (other rows refer to it) or KLAR_REG_FAILED. */
int klar_record_delete(klar_store *s, const klar_kind *k, int64_t user_id, int64_t id,
                       const char *expected_org, klar_error *err);

/* The organisation owning record id of kind k into org (48 bytes): 1, 0 if no such record,
 * -1 with err. For scope checks before reading or writing. */
int klar_record_org(klar_store *s, const klar_kind *k, int64_t id, char org[48],
                    klar_error *err);

/* Adds k's derived members to rec as of today (YYYY-MM-DD; NULL: the current UTC date).
 * 0, or -1 out of memory. */
int klar_record_derive(const klar_kind *k, struct json_t *rec, const char *today);

/* Today's UTC date as YYYY-MM-DD into out (11 bytes). */
void klar_today(char out[11]);

#endif
