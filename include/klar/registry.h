/* registry.h - the organisation register: Norway's health-preparedness organisations (ministry,
 * directorates, RHFs and HFs, statsforvaltere, municipalities) as a tree in the store, seeded
 * from data/registry/organisations.csv and data/geo/municipalities.csv; used for role scoping. */
#ifndef KLAR_REGISTRY_H
#define KLAR_REGISTRY_H

#include <stddef.h>
#include <stdint.h>
#include "klar/error.h"
#include "klar/store.h"

/* One organisation; parent_id is "" for a root. */
typedef struct klar_org {
    char id[48];
    char name[160];
    char type[24];      /* ministry directorate agency rhf hf county-governor municipality other */
    char parent_id[48];
} klar_org;

/* Fills the organisations table when it is empty, in one transaction: the rows of
 * <datadir>/registry/organisations.csv, then one municipality per 2020 number under the
 * statsforvalter of its county. Returns the number inserted (0 if already seeded), or -1 with
 * err ("file:line: reason" for a bad CSV). */
int klar_registry_seed(klar_store *s, const char *datadir, klar_error *err);

/* 1 if organisation id exists, 0 if not, -1 with err. */
int klar_org_exists(klar_store *s, const char *id, klar_error *err);

/* Reads organisation id into *out: 1 if found, 0 if not, -1 with err. */
int klar_org_get(klar_store *s, const char *id, klar_org *out, klar_error *err);

/* 1 if org is ancestor or lies below it in the tree, 0 if not (or org is unknown), -1 with err.
 * For role scoping: a user of `ancestor` may act on `org`. */
int klar_org_is_within(klar_store *s, const char *org, const char *ancestor, klar_error *err);

/* All organisations (within = NULL) or those within the subtree of `within`, ordered by id;
 * a malloc'd array the caller frees, its length in *n. NULL with err on failure (an empty
 * result is a non-NULL array with *n = 0). */
klar_org *klar_org_list(klar_store *s, const char *within, size_t *n, klar_error *err);

/* ---- the organisation tree in memory (org_tree.c) ----
 * A snapshot of the organisations table, immutable once loaded and so safe to share between
 * threads without locks: for rights checks on every request (klar_user_may_in). It does not
 * see organisations added after it was loaded; the server loads it once at start (the
 * organisations change only by seeding). */
typedef struct klar_org_tree klar_org_tree;

/* Reads every organisation into a new tree. NULL with err on failure. */
klar_org_tree *klar_org_tree_load(klar_store *s, klar_error *err);

/* Frees the tree. NULL is fine. */
void klar_org_tree_free(klar_org_tree *t);

/* The number of organisations in the tree. */
size_t klar_org_tree_count(const klar_org_tree *t);

/* Organisation id (owned by the tree), or NULL if the tree has none of that id. */
const klar_org *klar_org_tree_get(const klar_org_tree *t, const char *id);

/* The national organisation: the root of the tree that is a ministry (HOD), else the first
 * root; NULL for an empty tree. Runs for the nation (region NO) are its. */
const klar_org *klar_org_tree_national(const klar_org_tree *t);

/* 1 if org is ancestor or lies below it, 0 if not or if either is unknown (as
 * klar_org_is_within, without the store). */
int klar_org_tree_is_within(const klar_org_tree *t, const char *org, const char *ancestor);

/* The ids of id's subtree (id first, each organisation before those below it): a pointer to n
 * ids owned by the tree, or NULL with *n = 0 for an unknown id. */
const char *const *klar_org_tree_subtree(const klar_org_tree *t, const char *id, size_t *n);

/* 1 if type is one of the organisation types the schema accepts. */
int klar_org_type_valid(const char *type);

/* ---- results of the domain writes below (besides 0 or a count) ---- */
enum {
    KLAR_REG_FAILED = -1,        /* storage or system failure (err) */
    KLAR_REG_INVALID = -2,       /* a field is wrong: err says why, err->field names it */
    KLAR_REG_NOT_FOUND = -3,     /* no row with that id */
    KLAR_REG_STALE = -4,         /* the row exists but its version is not the one given */
};

/* ---- audit (audit.c): who changed what, when, before and after ---- */

/* Appends one audit row stamped now: user_id (0 for none), the organisation owning the
 * entity, action ("create", "update", "delete"), entity ("risk"), entity_id, and the entity
 * as JSON text before and after the change (NULL for none). Call it inside the transaction
 * of the change so that both commit or roll back together. 0, or -1 with err. */
int klar_audit_write(klar_store *s, int64_t user_id, const char *org_id, const char *action,
                     const char *entity, const char *entity_id, const char *before_json,
                     const char *after_json, klar_error *err);

typedef struct klar_audit_entry {
    int64_t id;
    char at[24];
    int64_t user_id;             /* 0 for none */
    char user_name[72];          /* "" if the user is unknown or gone */
    char org_id[48];
    char action[16];
    char entity[32];
    char entity_id[48];
    char *before_json, *after_json;   /* malloc'd, NULL for none */
} klar_audit_entry;

/* Which audit rows to list; NULL members match any. */
typedef struct klar_audit_filter {
    const char *within;          /* organisations within this subtree */
    const char *entity;          /* as stored: "risk", "learning-point", "user" */
    const char *entity_id;
    const char *user;            /* the name of the user who made the change */
    const char *from, *to;       /* changes at or after from, at or before to: timestamps as
                                  * stored ("2024-05-01T12:00:00Z") */
    size_t limit, offset;        /* the page; limit 0: all */
} klar_audit_filter;

/* The audit entity that name stands for: a record kind's name ("learning-point") or URL name
 * ("learning-points"), or "user"/"users". The stored name, or NULL when it names none. */
const char *klar_audit_entity(const char *name);

/* The URL names klar_audit_entity accepts, comma-separated, into buf ("risks, ..., users"). */
void klar_audit_entity_names(char *buf, size_t size);

/* The rows matching f, newest first, one page of them. A malloc'd array freed with
 * klar_audit_free, its length in *n; NULL with err on failure. */
klar_audit_entry *klar_audit_list(klar_store *s, const klar_audit_filter *f, size_t *n,
                                  klar_error *err);

/* The number of rows matching f on all pages, or -1 with err. */
int64_t klar_audit_count(klar_store *s, const klar_audit_filter *f, klar_error *err);
void klar_audit_free(klar_audit_entry *entries, size_t n);

/* ---- risks (risks.c): the six risk areas, the risk matrix and the four-year rule ----
 * A risk itself is a record of kind klar_kind_risk (klar/record.h). */

#define KLAR_RISK_NAREAS 6

/* The six risk areas, in the order of the white paper, then NULL. */
extern const char *const klar_risk_areas[KLAR_RISK_NAREAS + 1];

/* 1 if area is one of the six. */
int klar_risk_area_valid(const char *area);

/* 1 if text is a real calendar date YYYY-MM-DD (years 1900..9999). */
int klar_date_valid(const char *text);

/* One page of a list: at most limit items (0: all of them) after skipping offset. */
typedef struct klar_page {
    size_t limit;
    size_t offset;
} klar_page;

/* counts[p-1][c-1] = the number of risks with probability p and consequence c within the
 * subtree of `within` (NULL: all). The total, or -1 with err. */
long klar_risk_matrix(klar_store *s, const char *within, long counts[5][5], klar_error *err);

/* The four-year rule: the comprehensive ROS of organisation org_id is the set of its risks with
 * comprehensive = 1; its date is their latest last_assessed. Writes that date to last (11
 * bytes; "" when there is none) and returns 1 if there is none or it is more than four years
 * before today (YYYY-MM-DD; NULL: the current UTC date), 0 if it is recent, -1 with err. */
int klar_risk_ros_outdated(klar_store *s, const char *org_id, const char *today, char last[11],
                           klar_error *err);

#endif
