/* reading.c - who may read a record (the reading rule of klar/record.h), judged by the store
 * or by an organisation tree in memory, and whether a reference a writer gives points at a
 * record that writer may read. One rule, two ways of asking "is this organisation within
 * that one". */
#include "klar/record.h"
#include "registry_internal.h"

#include "klar/auth.h"
#include "klar/registry.h"

#include <jansson.h>
#include <stdio.h>
#include <string.h>

/* 1 if org is ancestor or below it, 0 if not, -1 (store failure). */
typedef int (*within_fn)(void *ctx, const char *org, const char *ancestor);

typedef struct store_ctx {
    klar_store *s;
    klar_error *err;
} store_ctx;

static int within_store(void *ctx, const char *org, const char *ancestor)
{
    store_ctx *c = ctx;
    return klar_org_is_within(c->s, org, ancestor, c->err);
}

static int within_tree(void *ctx, const char *org, const char *ancestor)
{
    return klar_org_tree_is_within(ctx, org, ancestor);
}

/* 1 if organisation p relates to u's organisation as a participant does: u's organisation is
 * p or above it, or p is above u's organisation. */
static int participant_reads(const klar_user *u, const char *p, within_fn within, void *ctx)
{
    int r = within(ctx, p, u->org_id);
    return r != 0 ? r : within(ctx, u->org_id, p);
}

/* The rule: owned within u's subtree; a shared kind owned above u's organisation; one of the
 * record's organisations (its ORGS fields: an exercise's participants) related to u's. */
static int readable(const klar_kind *k, const klar_user *u, const json_t *rec, within_fn within,
                    void *ctx)
{
    const char *owner = json_string_value(json_object_get(rec, "org_id"));
    int r;
    if (!owner || !klar_role_may(u->role, KLAR_ACTION_READ))
        return 0;
    if ((r = within(ctx, owner, u->org_id)) != 0)
        return r;
    if (k->shared && (r = within(ctx, u->org_id, owner)) != 0)
        return r;
    for (size_t i = 0; i < k->nfields; i++) {
        const klar_field *f = &k->fields[i];
        json_t *orgs = f->type == KLAR_FIELD_ORGS ? json_object_get(rec, f->name) : NULL;
        for (size_t j = 0; j < json_array_size(orgs); j++) {
            const char *p = json_string_value(json_array_get(orgs, j));
            if (p && (r = participant_reads(u, p, within, ctx)) != 0)
                return r;
        }
    }
    return 0;
}

int klar_record_readable(klar_store *s, const klar_kind *k, const klar_user *u,
                         const json_t *rec, klar_error *err)
{
    store_ctx c = {s, err};
    return readable(k, u, rec, within_store, &c);
}

int klar_record_readable_in(const klar_org_tree *t, const klar_kind *k, const klar_user *u,
                            const json_t *rec)
{
    return readable(k, u, rec, within_tree, (void *)t) == 1;
}

/* ---- references ---------------------------------------------------------------------------- */

/* The kind whose table is table, or NULL. */
static const klar_kind *kind_of_table(const char *table)
{
    for (size_t i = 0; i < klar_nkinds; i++)
        if (strcmp(klar_kinds[i]->table, table) == 0)
            return klar_kinds[i];
    return NULL;
}

/* Row id of k as {"org_id", and its ORGS fields} into *out: 1, 0 if there is none, -1. */
static int read_owner(klar_store *s, const klar_kind *k, int64_t id, json_t **out,
                      klar_error *err)
{
    char sql[512];
    size_t n = (size_t)snprintf(sql, sizeof sql, "SELECT org_id");
    for (size_t i = 0; i < k->nfields && n < sizeof sql; i++)
        if (k->fields[i].type == KLAR_FIELD_ORGS)
            n += (size_t)snprintf(sql + n, sizeof sql - n, ", %s", k->fields[i].name);
    if (n < sizeof sql)
        snprintf(sql + n, sizeof sql - n, " FROM %s WHERE id = ?1", k->table);
    klar_stmt *st = klar_store_prepare(s, sql, err);
    if (!st)
        return -1;
    klar_stmt_bind_int64(st, 1, id);
    int rc = klar_stmt_step(st, err), col = 1;
    *out = rc == KLAR_STMT_ROW ? json_pack("{s:s?}", "org_id", klar_stmt_column_text(st, 0))
                               : NULL;
    for (size_t i = 0; *out && i < k->nfields; i++) {
        if (k->fields[i].type != KLAR_FIELD_ORGS)
            continue;
        const char *text = klar_stmt_column_text(st, col++);
        json_t *a = text ? json_loads(text, 0, NULL) : NULL;
        json_object_set_new(*out, k->fields[i].name, a ? a : json_array());
    }
    klar_stmt_finalize(st);
    if (rc == KLAR_STMT_ROW && !*out) {
        klar_error_set(err, NULL, 0, "out of memory");
        return -1;
    }
    return rc < 0 ? -1 : rc == KLAR_STMT_ROW;
}

int klar_record_reference_ok(klar_store *s, const char *table, int64_t id, const klar_user *u,
                             klar_error *err)
{
    const klar_kind *k = kind_of_table(table);
    json_t *rec = NULL;
    if (!k) {
        klar_error_set(err, NULL, 0, "references to %s are not known to the record engine",
                       table);
        return -1;
    }
    int found = read_owner(s, k, id, &rec, err);
    int ok = found == 1 ? (u ? klar_record_readable(s, k, u, rec, err) : 1) : found;
    json_decref(rec);
    return ok;
}

/* ---- who refers to a record ------------------------------------------------------------------ */

/* Adds to counts (org id -> number) the records of kind k2 whose field f refers to id. */
static int count_referrers(klar_store *s, const klar_kind *k2, const klar_field *f, int64_t id,
                           json_t *counts, int64_t *total, klar_error *err)
{
    char sql[600], idtext[32];
    snprintf(idtext, sizeof idtext, "%lld", (long long)id);
    if (f->type == KLAR_FIELD_REF)
        snprintf(sql, sizeof sql, "SELECT org_id, count(*) FROM %s WHERE %s = CAST(?1 AS BIGINT)"
                 " GROUP BY org_id", k2->table, f->name);
    else              /* an id array as JSON text: look for ",id," in ",1,5,7," */
        snprintf(sql, sizeof sql, "SELECT org_id, count(*) FROM %s WHERE ',' || "
                 "replace(replace(replace(%s, '[', ''), ']', ''), ' ', '') || ',' LIKE "
                 "'%%,' || ?1 || ',%%' GROUP BY org_id", k2->table, f->name);
    klar_stmt *st = klar_store_prepare(s, sql, err);
    if (!st)
        return -1;
    klar_stmt_bind_text(st, 1, idtext);
    int rc;
    while ((rc = klar_stmt_step(st, err)) == KLAR_STMT_ROW) {
        const char *org = klar_stmt_column_text(st, 0);
        int64_t n = klar_stmt_column_int64(st, 1);
        json_t *have = org ? json_object_get(counts, org) : NULL;
        if (org)
            json_object_set_new(counts, org, json_integer(json_integer_value(have) + n));
        *total += n;
    }
    klar_stmt_finalize(st);
    return rc < 0 ? -1 : 0;
}

/* The name of organisation id (or the id itself) into out. */
static void org_name(klar_store *s, const char *id, char *out, size_t size)
{
    klar_error ignored;
    klar_stmt *st = klar_store_prepare(s, "SELECT name FROM organisations WHERE id = ?1",
                                       &ignored);
    snprintf(out, size, "%s", id);
    if (st) {
        klar_stmt_bind_text(st, 1, id);
        if (klar_stmt_step(st, &ignored) == KLAR_STMT_ROW && klar_stmt_column_text(st, 0))
            snprintf(out, size, "%s", klar_stmt_column_text(st, 0));
    }
    klar_stmt_finalize(st);
}

int64_t registry_referrers(klar_store *s, const klar_kind *k, int64_t id, char *out, size_t size,
                           klar_error *err)
{
    json_t *counts = json_object();
    int64_t total = 0;
    out[0] = '\0';
    for (size_t i = 0; counts && i < klar_nkinds; i++)
        for (size_t j = 0; j < klar_kinds[i]->nfields; j++) {
            const klar_field *f = &klar_kinds[i]->fields[j];
            if ((f->type == KLAR_FIELD_REF || f->type == KLAR_FIELD_REFS) && f->ref &&
                strcmp(f->ref, k->table) == 0 &&
                count_referrers(s, klar_kinds[i], f, id, counts, &total, err) < 0) {
                json_decref(counts);
                return -1;
            }
        }
    const char *org;
    json_t *n;
    size_t len = 0;
    json_object_foreach(counts, org, n) {
        char name[160];
        org_name(s, org, name, sizeof name);
        if (len < size)
            len += (size_t)snprintf(out + len, size - len, "%s%lld of %s", len ? ", " : "",
                                    (long long)json_integer_value(n), name);
    }
    json_decref(counts);
    return total;
}
