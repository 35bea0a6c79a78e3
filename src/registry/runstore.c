/* runstore.c - engine runs kept in the registry (klar/runstore.h): one row of the runs table a
 * run, its request, summary and result as JSON text. jansson writes doubles with 17
 * significant digits, so a result read back holds the very numbers the run gave. */
#include "klar/runstore.h"
#include "klar/registry.h"
#include "registry_internal.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define KLAR_VERSION_TEXT "0.11.0"

/* The columns of a run's header, in the order header_json reads them. */
#define HEADER_COLUMNS "r.id, r.engine, r.title, r.region, r.user_id, r.user_name, r.org_id," \
                       " r.created_at, r.klar_version, r.data_checksum, r.figures_org," \
                       " r.scenario_id, r.summary"
#define NHEADER 13

const char *klar_version(void)
{
    return KLAR_VERSION_TEXT;
}

static char *dump(const json_t *v)
{
    return v ? json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY) : strdup("null");
}

int klar_runstore_save(klar_store *s, const klar_run_meta *m, const json_t *request,
                       const json_t *summary, const json_t *result, int64_t *id,
                       klar_error *err)
{
    char now[KLAR_TIMESTAMP_SIZE];
    char *req = dump(request), *sum = dump(summary), *res = dump(result);
    klar_stmt *st = NULL;
    int rc = -1;
    klar_store_now(now);
    if (!req || !sum || !res)
        klar_error_set(err, NULL, 0, "out of memory encoding a run");
    else
        st = klar_store_prepare(s, "INSERT INTO runs (engine, user_id, user_name, org_id,"
                                " created_at, klar_version, data_checksum, title, region,"
                                " figures_org, scenario_id, request, summary, result) VALUES"
                                " (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)"
                                " RETURNING id", err);
    if (st) {
        klar_stmt_bind_text(st, 1, m->engine);
        klar_stmt_bind_int64(st, 2, m->user_id);
        klar_stmt_bind_text(st, 3, m->user_name);
        klar_stmt_bind_text(st, 4, m->org_id);
        klar_stmt_bind_text(st, 5, now);
        klar_stmt_bind_text(st, 6, klar_version());
        klar_stmt_bind_text(st, 7, m->data_checksum ? m->data_checksum : "");
        klar_stmt_bind_text(st, 8, m->title ? m->title : "");
        klar_stmt_bind_text(st, 9, m->region ? m->region : "");
        if (m->figures_org)
            klar_stmt_bind_text(st, 10, m->figures_org);
        else
            klar_stmt_bind_null(st, 10);
        if (m->scenario_id > 0)
            klar_stmt_bind_int64(st, 11, m->scenario_id);
        else
            klar_stmt_bind_null(st, 11);
        klar_stmt_bind_text(st, 12, req);
        klar_stmt_bind_text(st, 13, sum);
        klar_stmt_bind_text(st, 14, res);
        if (klar_stmt_step(st, err) == KLAR_STMT_ROW) {
            *id = klar_stmt_column_int64(st, 0);
            rc = 0;
        }
    }
    klar_stmt_finalize(st);
    free(req);
    free(sum);
    free(res);
    return rc;
}

/* Column col of the current row as JSON text read back, or null. */
static json_t *json_column(klar_stmt *st, int col)
{
    const char *text = klar_stmt_column_text(st, col);
    json_t *v = text ? json_loads(text, JSON_DECODE_ANY, NULL) : NULL;
    return v ? v : json_null();
}

static json_t *text_or_null(klar_stmt *st, int col)
{
    const char *text = klar_stmt_column_text(st, col);
    return text ? json_string(text) : json_null();
}

/* The header of the current row (HEADER_COLUMNS), or NULL out of memory. */
static json_t *header_json(klar_stmt *st)
{
    return json_pack("{s:I, s:s?, s:s?, s:s?, s:I, s:s?, s:s?, s:s?, s:s?, s:s?, s:o, s:o, s:o}",
                     "id", (json_int_t)klar_stmt_column_int64(st, 0),
                     "engine", klar_stmt_column_text(st, 1),
                     "title", klar_stmt_column_text(st, 2),
                     "region", klar_stmt_column_text(st, 3),
                     "user_id", (json_int_t)klar_stmt_column_int64(st, 4),
                     "user_name", klar_stmt_column_text(st, 5),
                     "org_id", klar_stmt_column_text(st, 6),
                     "created_at", klar_stmt_column_text(st, 7),
                     "klar_version", klar_stmt_column_text(st, 8),
                     "data_checksum", klar_stmt_column_text(st, 9),
                     "figures_org", text_or_null(st, 10),
                     "scenario_id", klar_stmt_column_is_null(st, 11)
                                        ? json_null()
                                        : json_integer(klar_stmt_column_int64(st, 11)),
                     "summary", json_column(st, 12));
}

/* Prepares "SELECT what FROM runs r" within the subtree and of the engine given (NULL: any),
 * newest first and paged when paged. */
static klar_stmt *list_prepare(klar_store *s, const char *within, const char *engine,
                               const char *what, int paged, size_t limit, size_t offset,
                               klar_error *err)
{
    char sql[1024];
    int arg = within ? 2 : 1;
    int n = snprintf(sql, sizeof sql, "%s SELECT %s FROM runs r WHERE 1 = 1%s",
                     within ? KLAR_SUBTREE_CTE : "", what,
                     within ? " AND r.org_id IN (SELECT id FROM sub)" : "");
    if (engine)
        n += snprintf(sql + n, sizeof sql - (size_t)n, " AND r.engine = ?%d", arg++);
    if (paged)
        snprintf(sql + n, sizeof sql - (size_t)n, " ORDER BY r.id DESC LIMIT ?%d OFFSET ?%d",
                 arg, arg + 1);
    klar_stmt *st = klar_store_prepare(s, sql, err);
    if (!st)
        return NULL;
    arg = 1;
    if (within)
        klar_stmt_bind_text(st, arg++, within);
    if (engine)
        klar_stmt_bind_text(st, arg++, engine);
    if (paged) {
        klar_stmt_bind_int64(st, arg, limit ? (int64_t)limit : INT64_MAX);
        klar_stmt_bind_int64(st, arg + 1, (int64_t)offset);
    }
    return st;
}

static int64_t list_count(klar_store *s, const char *within, const char *engine,
                          klar_error *err)
{
    klar_stmt *st = list_prepare(s, within, engine, "COUNT(*)", 0, 0, 0, err);
    if (!st)
        return -1;
    int rc = klar_stmt_step(st, err);
    int64_t total = rc == KLAR_STMT_ROW ? klar_stmt_column_int64(st, 0) : -1;
    klar_stmt_finalize(st);
    return total;
}

json_t *klar_runstore_list(klar_store *s, const char *within, const char *engine, size_t limit,
                           size_t offset, int64_t *total, klar_error *err)
{
    klar_stmt *st = list_prepare(s, within, engine, HEADER_COLUMNS, 1, limit, offset, err);
    json_t *list = st ? json_array() : NULL;
    int rc = st ? KLAR_STMT_ROW : -1;
    while (list && (rc = klar_stmt_step(st, err)) == KLAR_STMT_ROW)
        if (json_array_append_new(list, header_json(st)) != 0) {
            klar_error_set(err, NULL, 0, "out of memory listing runs");
            rc = -1;
            break;
        }
    klar_stmt_finalize(st);
    if (rc == 0 && total && (*total = list_count(s, within, engine, err)) < 0)
        rc = -1;
    if (rc != 0) {
        json_decref(list);
        return NULL;
    }
    return list;
}

/* Reads run id's header (and with full, its request and result) into *out. */
static int read_run(klar_store *s, int64_t id, int full, json_t **out, klar_error *err)
{
    char sql[512];
    snprintf(sql, sizeof sql, "SELECT %s%s FROM runs r WHERE r.id = ?1", HEADER_COLUMNS,
             full ? ", r.request, r.result" : "");
    klar_stmt *st = klar_store_prepare(s, sql, err);
    if (!st)
        return -1;
    klar_stmt_bind_int64(st, 1, id);
    int rc = klar_stmt_step(st, err);
    *out = NULL;
    if (rc == KLAR_STMT_ROW) {
        *out = header_json(st);
        if (*out && full &&
            (json_object_set_new(*out, "request", json_column(st, NHEADER)) != 0 ||
             json_object_set_new(*out, "result", json_column(st, NHEADER + 1)) != 0)) {
            json_decref(*out);
            *out = NULL;
        }
        if (!*out)
            klar_error_set(err, NULL, 0, "out of memory reading run %lld", (long long)id);
        rc = *out ? 1 : -1;
    }
    klar_stmt_finalize(st);
    return rc;
}

int klar_runstore_get(klar_store *s, int64_t id, json_t **out, klar_error *err)
{
    return read_run(s, id, 1, out, err);
}

/* Deletes the row and writes its audit row, inside the open transaction. */
static int delete_row(klar_store *s, int64_t user_id, int64_t id, const json_t *header,
                      klar_error *err)
{
    char key[24], *before = dump(header);
    snprintf(key, sizeof key, "%lld", (long long)id);
    const char *args[] = {key};
    int rc = before ? klar_store_exec(s, "DELETE FROM runs WHERE id = CAST(?1 AS BIGINT)", args,
                                      1, err)
                    : -1;
    if (rc == 0)
        rc = klar_audit_write(s, user_id, json_string_value(json_object_get(header, "org_id")),
                              "delete", "run", key, before, NULL, err);
    if (!before)
        klar_error_set(err, NULL, 0, "out of memory");
    free(before);
    return rc;
}

int klar_runstore_delete(klar_store *s, int64_t user_id, int64_t id, klar_error *err)
{
    json_t *header = NULL;
    if (klar_store_begin(s, err) != 0)
        return -1;
    int found = read_run(s, id, 0, &header, err);
    int rc = found == 1 ? delete_row(s, user_id, id, header, err) : found;
    json_decref(header);
    if (rc < 0 || found == 0) {
        klar_store_rollback(s);
        return rc < 0 ? -1 : 0;
    }
    return klar_store_commit(s, err) == 0 ? 1 : -1;
}
