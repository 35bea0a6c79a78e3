/* risks.c - ROS entries (risk and vulnerability analyses) in the six risk areas: validation,
 * create/get/list/update (optimistic version)/delete with an audit row in the transaction of
 * every change, the 5 x 5 risk matrix and the four-year rule for the comprehensive ROS. */
#include "klar/registry.h"
#include "registry_internal.h"
#include "klar/text.h"
#include "klar/date.h"
#include "klar/jsonwriter.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *const klar_risk_areas[KLAR_RISK_NAREAS + 1] = {
    "hybrid-war", "digital", "supply", "pandemic", "water", "nuclear", NULL};

#define RISK_COLUMNS                                                                         \
    "id, org_id, title, area, probability, consequence, vulnerabilities, existing_measures, " \
    "proposed_measures, owner, last_assessed, comprehensive, version, created_at, updated_at"


int klar_risk_area_valid(const char *area)
{
    for (int i = 0; i < KLAR_RISK_NAREAS; i++)
        if (strcmp(area, klar_risk_areas[i]) == 0)
            return 1;
    return 0;
}

int klar_date_valid(const char *t)
{
    if (strlen(t) != 10 || t[4] != '-' || t[7] != '-')
        return 0;
    for (int i = 0; i < 10; i++)
        if (i != 4 && i != 7 && (t[i] < '0' || t[i] > '9'))
            return 0;
    int y = atoi(t), m = (t[5] - '0') * 10 + (t[6] - '0'), d = (t[8] - '0') * 10 + (t[9] - '0');
    if (y < 1900 || m < 1 || m > 12 || d < 1)
        return 0;
    return d <= klar_days_in_month(y, m);
}

static int invalid(const char **field, const char *name, klar_error *err, const char *msg)
{
    if (field)
        *field = name;
    klar_error_set(err, NULL, 0, "%s %s", name, msg);
    return KLAR_REG_INVALID;
}

int klar_risk_validate(const klar_risk *r, const char **field, klar_error *err)
{
    if (!*r->org_id)
        return invalid(field, "org_id", err, "is required");
    size_t tl = klar_text_utf8_length(r->title);
    if (tl == 0 || tl > KLAR_RISK_TITLE_MAX)
        return invalid(field, "title", err, "must be 1 to 200 characters");
    if (!klar_risk_area_valid(r->area))
        return invalid(field, "area", err,
                       "must be one of hybrid-war, digital, supply, pandemic, water, nuclear");
    if (r->probability < 1 || r->probability > 5)
        return invalid(field, "probability", err, "must be a class from 1 to 5");
    if (r->consequence < 1 || r->consequence > 5)
        return invalid(field, "consequence", err, "must be a class from 1 to 5");
    if (strlen(r->vulnerabilities) > KLAR_RISK_TEXT_MAX)
        return invalid(field, "vulnerabilities", err, "is longer than 4000 bytes");
    if (strlen(r->existing_measures) > KLAR_RISK_TEXT_MAX)
        return invalid(field, "existing_measures", err, "is longer than 4000 bytes");
    if (strlen(r->proposed_measures) > KLAR_RISK_TEXT_MAX)
        return invalid(field, "proposed_measures", err, "is longer than 4000 bytes");
    if (klar_text_utf8_length(r->owner) > KLAR_RISK_OWNER_MAX)
        return invalid(field, "owner", err, "is longer than 200 characters");
    if (*r->last_assessed && !klar_date_valid(r->last_assessed))
        return invalid(field, "last_assessed", err, "must be a date YYYY-MM-DD");
    if (r->comprehensive != 0 && r->comprehensive != 1)
        return invalid(field, "comprehensive", err, "must be true or false");
    return 0;
}

/* ---- rows and JSON ---- */

/* src (NULL: "") into dst of size bytes, cut to fit; no formatting (row_to_risk copies every
 * text column of every row listed). */
static void copy_text(char *dst, size_t size, const char *src)
{
    size_t n = src ? strnlen(src, size - 1) : 0;
    memcpy(dst, src ? src : "", n);
    dst[n] = '\0';
}

/* The current row (RISK_COLUMNS) into *r. */
static void row_to_risk(klar_stmt *st, klar_risk *r);

/* One risk row into *elem (a klar_risk). */
static int fill_risk(klar_stmt *st, void *elem)
{
    row_to_risk(st, elem);
    return 0;
}

static void row_to_risk(klar_stmt *st, klar_risk *r)
{
    r->id = klar_stmt_column_int64(st, 0);
    copy_text(r->org_id, sizeof r->org_id, klar_stmt_column_text(st, 1));
    copy_text(r->title, sizeof r->title, klar_stmt_column_text(st, 2));
    copy_text(r->area, sizeof r->area, klar_stmt_column_text(st, 3));
    r->probability = (int)klar_stmt_column_int64(st, 4);
    r->consequence = (int)klar_stmt_column_int64(st, 5);
    copy_text(r->vulnerabilities, sizeof r->vulnerabilities, klar_stmt_column_text(st, 6));
    copy_text(r->existing_measures, sizeof r->existing_measures, klar_stmt_column_text(st, 7));
    copy_text(r->proposed_measures, sizeof r->proposed_measures, klar_stmt_column_text(st, 8));
    copy_text(r->owner, sizeof r->owner, klar_stmt_column_text(st, 9));
    copy_text(r->last_assessed, sizeof r->last_assessed, klar_stmt_column_text(st, 10));
    r->comprehensive = klar_stmt_column_int64(st, 11) != 0;
    r->version = klar_stmt_column_int64(st, 12);
    copy_text(r->created_at, sizeof r->created_at, klar_stmt_column_text(st, 13));
    copy_text(r->updated_at, sizeof r->updated_at, klar_stmt_column_text(st, 14));
}

static const char *or_null(const char *s)
{
    return *s ? s : NULL;
}


void klar_risk_json_write(const klar_risk *r, klar_jw *w)
{
    klar_jw_begin_object(w);
    klar_jw_key(w, "id");
    klar_jw_int(w, r->id);
    klar_jw_key(w, "org_id");
    klar_jw_string(w, r->org_id);
    klar_jw_key(w, "title");
    klar_jw_string(w, r->title);
    klar_jw_key(w, "area");
    klar_jw_string(w, r->area);
    klar_jw_key(w, "probability");
    klar_jw_int(w, r->probability);
    klar_jw_key(w, "consequence");
    klar_jw_int(w, r->consequence);
    klar_jw_key(w, "score");
    klar_jw_int(w, r->probability * r->consequence);
    klar_jw_key(w, "vulnerabilities");
    klar_jw_string(w, or_null(r->vulnerabilities));
    klar_jw_key(w, "existing_measures");
    klar_jw_string(w, or_null(r->existing_measures));
    klar_jw_key(w, "proposed_measures");
    klar_jw_string(w, or_null(r->proposed_measures));
    klar_jw_key(w, "owner");
    klar_jw_string(w, or_null(r->owner));
    klar_jw_key(w, "last_assessed");
    klar_jw_string(w, or_null(r->last_assessed));
    klar_jw_key(w, "comprehensive");
    klar_jw_bool(w, r->comprehensive);
    klar_jw_key(w, "version");
    klar_jw_int(w, r->version);
    klar_jw_key(w, "created_at");
    klar_jw_string(w, r->created_at);
    klar_jw_key(w, "updated_at");
    klar_jw_string(w, r->updated_at);
    klar_jw_end_object(w);
}

/* The risk's one JSON shape is klar_risk_json_write's; the object is that text read back, so
 * that the two can never differ. */
json_t *klar_risk_json(const klar_risk *r)
{
    klar_jw w = {0};
    klar_risk_json_write(r, &w);
    size_t len;
    char *text = klar_jw_finish(&w, &len);
    json_t *j = text ? json_loadb(text, len, 0, NULL) : NULL;
    free(text);
    return j;
}

/* The risk as malloc'd compact JSON text, or NULL with err. */
static char *risk_json_text(const klar_risk *r, klar_error *err)
{
    json_t *j = klar_risk_json(r);
    char *text = j ? json_dumps(j, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
    json_decref(j);
    if (!text)
        klar_error_set(err, NULL, 0, "out of memory");
    return text;
}

/* Binds the fields ?first.. (org_id, title, area, probability, consequence, vulnerabilities,
 * existing_measures, proposed_measures, owner, last_assessed, comprehensive). */
static void bind_fields(klar_stmt *st, int first, const klar_risk *r)
{
    klar_stmt_bind_text(st, first, r->org_id);
    klar_stmt_bind_text(st, first + 1, r->title);
    klar_stmt_bind_text(st, first + 2, r->area);
    klar_stmt_bind_int64(st, first + 3, r->probability);
    klar_stmt_bind_int64(st, first + 4, r->consequence);
    klar_stmt_bind_text(st, first + 5, or_null(r->vulnerabilities));
    klar_stmt_bind_text(st, first + 6, or_null(r->existing_measures));
    klar_stmt_bind_text(st, first + 7, or_null(r->proposed_measures));
    klar_stmt_bind_text(st, first + 8, or_null(r->owner));
    klar_stmt_bind_text(st, first + 9, or_null(r->last_assessed));
    klar_stmt_bind_int64(st, first + 10, r->comprehensive);
}

/* Validation plus the organisation's existence: 0 or KLAR_REG_INVALID/FAILED with err. */
static int check(klar_store *s, const klar_risk *r, const char **field, klar_error *err)
{
    int rc = klar_risk_validate(r, field, err);
    if (rc)
        return rc;
    int known = klar_org_exists(s, r->org_id, err);
    if (known < 0)
        return KLAR_REG_FAILED;
    if (!known) {
        if (field)
            *field = "org_id";
        klar_error_set(err, NULL, 0, "org_id: no organisation has the id '%.60s'", r->org_id);
        return KLAR_REG_INVALID;
    }
    return 0;
}

/* Writes the audit row of a change to risk r (before/after may be NULL). 0 or -1 with err. */
static int audit(klar_store *s, int64_t user_id, const char *action, const klar_risk *before,
                 const klar_risk *after, klar_error *err)
{
    const klar_risk *r = after ? after : before;
    char *btext = NULL, *atext = NULL, id[32];
    int rc = -1;
    snprintf(id, sizeof id, "%lld", (long long)r->id);
    if ((!before || (btext = risk_json_text(before, err))) &&
        (!after || (atext = risk_json_text(after, err))))
        rc = klar_audit_write(s, user_id, r->org_id, action, "risk", id, btext, atext, err);
    free(btext);
    free(atext);
    return rc;
}

/* Reads risk id inside the current connection: 1, 0, -1 with err. */
int klar_risk_get(klar_store *s, int64_t id, klar_risk *out, klar_error *err)
{
    klar_stmt *st = klar_store_prepare(s, "SELECT " RISK_COLUMNS " FROM risks WHERE id = ?1", err);
    if (!st)
        return -1;
    klar_stmt_bind_int64(st, 1, id);
    int rc = klar_stmt_step(st, err);
    if (rc == KLAR_STMT_ROW && out)
        row_to_risk(st, out);
    klar_stmt_finalize(st);
    return rc < 0 ? -1 : rc == KLAR_STMT_ROW;
}

int klar_risk_create(klar_store *s, int64_t user_id, klar_risk *r, const char **field,
                     klar_error *err)
{
    int rc = check(s, r, field, err);
    if (rc)
        return rc;
    char now[KLAR_TIMESTAMP_SIZE];
    klar_store_now(now);
    if (klar_store_begin(s, err) < 0)
        return KLAR_REG_FAILED;
    klar_stmt *st = klar_store_prepare(
        s,
        "INSERT INTO risks (org_id, title, area, probability, consequence, vulnerabilities,"
        " existing_measures, proposed_measures, owner, last_assessed, comprehensive, version,"
        " created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, 1, ?12,"
        " ?12) RETURNING id",
        err);
    rc = KLAR_REG_FAILED;
    if (st) {
        bind_fields(st, 1, r);
        klar_stmt_bind_text(st, 12, now);
        if (klar_stmt_step(st, err) == KLAR_STMT_ROW) {
            r->id = klar_stmt_column_int64(st, 0);
            rc = klar_stmt_step(st, err) == KLAR_STMT_DONE ? 0 : KLAR_REG_FAILED;
        }
        klar_stmt_finalize(st);
    }
    if (rc == 0) {
        r->version = 1;
        copy_text(r->created_at, sizeof r->created_at, now);
        copy_text(r->updated_at, sizeof r->updated_at, now);
        rc = audit(s, user_id, "create", NULL, r, err) < 0 ? KLAR_REG_FAILED : 0;
    }
    return registry_finish(s, rc, err);
}

/* Prepares "<head>SELECT <what> FROM risks WHERE <within and area><tail>" with within (?1)
 * and area (the next) bound; the number of the next free parameter into *next. NULL with
 * err. */
static klar_stmt *prepare_filtered(klar_store *s, const char *head, const char *what,
                                   const char *within, const char *area, const char *tail,
                                   int *next, klar_error *err)
{
    char sql[1024];
    int area_arg = within ? 2 : 1;
    char area_cond[64] = "";
    if (area)
        snprintf(area_cond, sizeof area_cond, " AND area = ?%d", area_arg);
    snprintf(sql, sizeof sql, "%s%sSELECT %s FROM risks WHERE 1 = 1%s%s%s",
             within ? REGISTRY_SUBTREE_CTE : "", head, what,
             within ? " AND org_id IN (SELECT id FROM sub)" : "", area_cond, tail);
    klar_stmt *st = klar_store_prepare(s, sql, err);
    if (!st)
        return NULL;
    if (within)
        klar_stmt_bind_text(st, 1, within);
    if (area)
        klar_stmt_bind_text(st, area_arg, area);
    *next = area_arg + (area != NULL);
    return st;
}

/* The number of risks within `within` of `area`, or -1 with err. */
static int64_t count_risks(klar_store *s, const char *within, const char *area, klar_error *err)
{
    int next;
    klar_stmt *st = prepare_filtered(s, "", "count(*)", within, area, "", &next, err);
    if (!st)
        return -1;
    int rc = klar_stmt_step(st, err);
    int64_t n = rc == KLAR_STMT_ROW ? klar_stmt_column_int64(st, 0) : -1;
    klar_stmt_finalize(st);
    return n;
}

/* Steps st to the end, reading each row into *r and handing it to fn; finalizes st. 0, fn's
 * non-zero value, or -1 with err. */
static int visit_rows(klar_stmt *st, klar_risk *r, klar_risk_fn fn, void *ctx, klar_error *err)
{
    int rc, stop = 0;
    while (!stop && (rc = klar_stmt_step(st, err)) == KLAR_STMT_ROW) {
        row_to_risk(st, r);
        stop = fn(r, ctx);
    }
    klar_stmt_finalize(st);
    return stop ? stop : rc < 0 ? -1 : 0;
}

int klar_risk_each(klar_store *s, const char *within, const char *area, klar_page page,
                   klar_risk_fn fn, void *ctx, int64_t *total, klar_error *err)
{
    if (total && (*total = count_risks(s, within, area, err)) < 0)
        return -1;
    /* a page: the ids of the page first (sorting ids from the index, not whole rows), then
     * those rows */
    int next = 1 + (within != NULL) + (area != NULL);   /* the first after within and area */
    char tail[96];
    snprintf(tail, sizeof tail, " ORDER BY id LIMIT ?%d OFFSET ?%d) ORDER BY id", next, next + 1);
    klar_stmt *st =
        page.limit ? prepare_filtered(s, "SELECT " RISK_COLUMNS " FROM risks WHERE id IN (", "id",
                                      within, area, tail, &next, err)
                   : prepare_filtered(s, "", RISK_COLUMNS, within, area, " ORDER BY id", &next,
                                      err);
    if (!st)
        return -1;
    if (page.limit) {
        klar_stmt_bind_int64(st, next, (int64_t)page.limit);
        klar_stmt_bind_int64(st, next + 1, (int64_t)page.offset);
    }
    klar_risk *r = malloc(sizeof *r);   /* one row at a time: no array of 14 KB rows */
    if (!r) {
        klar_stmt_finalize(st);
        klar_error_set(err, NULL, 0, "out of memory");
        return -1;
    }
    int rc = visit_rows(st, r, fn, ctx, err);
    free(r);
    return rc;
}

klar_risk *klar_risk_list(klar_store *s, const char *within, const char *area, size_t *n,
                          klar_error *err)
{
    int next;
    *n = 0;
    klar_stmt *st =
        prepare_filtered(s, "", RISK_COLUMNS, within, area, " ORDER BY id", &next, err);
    if (!st)
        return NULL;
    return registry_collect(st, sizeof(klar_risk), fill_risk, NULL, n, err);
}

int klar_risk_update(klar_store *s, int64_t user_id, klar_risk *r, const char **field,
                     klar_error *err)
{
    int rc = check(s, r, field, err);
    if (rc)
        return rc;
    klar_risk *before = malloc(sizeof *before);
    if (!before) {
        klar_error_set(err, NULL, 0, "out of memory");
        return KLAR_REG_FAILED;
    }
    if (klar_store_begin(s, err) < 0) {
        free(before);
        return KLAR_REG_FAILED;
    }
    int found = klar_risk_get(s, r->id, before, err);
    if (found < 0)
        rc = KLAR_REG_FAILED;
    else if (!found) {
        klar_error_set(err, NULL, 0, "no risk has the id %lld", (long long)r->id);
        rc = KLAR_REG_NOT_FOUND;
    }
    klar_stmt *st = NULL;
    if (rc == 0) {
        char now[KLAR_TIMESTAMP_SIZE];
        klar_store_now(now);
        st = klar_store_prepare(
            s,
            "UPDATE risks SET org_id = ?3, title = ?4, area = ?5, probability = ?6,"
            " consequence = ?7, vulnerabilities = ?8, existing_measures = ?9,"
            " proposed_measures = ?10, owner = ?11, last_assessed = ?12, comprehensive = ?13,"
            " version = version + 1, updated_at = ?14 WHERE id = ?1 AND version = ?2",
            err);
        if (!st)
            rc = KLAR_REG_FAILED;
        else {
            klar_stmt_bind_int64(st, 1, r->id);
            klar_stmt_bind_int64(st, 2, r->version);
            bind_fields(st, 3, r);
            klar_stmt_bind_text(st, 14, now);
            if (klar_stmt_step(st, err) < 0)
                rc = KLAR_REG_FAILED;
            else if (klar_stmt_changes(st) == 0) {
                klar_error_set(err, NULL, 0, "risk %lld is at version %lld, not %lld: reload it",
                               (long long)r->id, (long long)before->version,
                               (long long)r->version);
                rc = KLAR_REG_STALE;
            }
            klar_stmt_finalize(st);
        }
    }
    if (rc == 0) {
        found = klar_risk_get(s, r->id, r, err);
        rc = found == 1 && audit(s, user_id, "update", before, r, err) == 0 ? 0
                                                                           : KLAR_REG_FAILED;
    }
    free(before);
    return registry_finish(s, rc, err);
}

int klar_risk_delete(klar_store *s, int64_t user_id, int64_t id, klar_error *err)
{
    klar_risk *before = malloc(sizeof *before);
    if (!before) {
        klar_error_set(err, NULL, 0, "out of memory");
        return KLAR_REG_FAILED;
    }
    if (klar_store_begin(s, err) < 0) {
        free(before);
        return KLAR_REG_FAILED;
    }
    int rc = 0, found = klar_risk_get(s, id, before, err);
    if (found < 0)
        rc = KLAR_REG_FAILED;
    else if (!found) {
        klar_error_set(err, NULL, 0, "no risk has the id %lld", (long long)id);
        rc = KLAR_REG_NOT_FOUND;
    }
    if (rc == 0) {
        klar_stmt *st = klar_store_prepare(s, "DELETE FROM risks WHERE id = ?1", err);
        if (!st)
            rc = KLAR_REG_FAILED;
        else {
            klar_stmt_bind_int64(st, 1, id);
            rc = klar_stmt_step(st, err) < 0 ? KLAR_REG_FAILED : 0;
            klar_stmt_finalize(st);
        }
    }
    if (rc == 0)
        rc = audit(s, user_id, "delete", before, NULL, err) < 0 ? KLAR_REG_FAILED : 0;
    free(before);
    return registry_finish(s, rc, err);
}

long klar_risk_matrix(klar_store *s, const char *within, long counts[5][5], klar_error *err)
{
    memset(counts, 0, 25 * sizeof counts[0][0]);
    char sql[512];
    /* grouped by organisation too: the groups then come in the order of the covering index
     * risks_org_matrix (no sorting), and are added up here */
    snprintf(sql, sizeof sql,
             "%sSELECT probability, consequence, count(*) FROM risks%s"
             " GROUP BY org_id, probability, consequence",
             within ? REGISTRY_SUBTREE_CTE : "", within ? " WHERE org_id IN (SELECT id FROM sub)" : "");
    klar_stmt *st = klar_store_prepare(s, sql, err);
    if (!st)
        return -1;
    if (within)
        klar_stmt_bind_text(st, 1, within);
    long total = 0;
    int rc;
    while ((rc = klar_stmt_step(st, err)) == KLAR_STMT_ROW) {
        int64_t p = klar_stmt_column_int64(st, 0), c = klar_stmt_column_int64(st, 1);
        long k = (long)klar_stmt_column_int64(st, 2);
        if (p >= 1 && p <= 5 && c >= 1 && c <= 5)
            counts[p - 1][c - 1] += k;
        total += k;
    }
    klar_stmt_finalize(st);
    return rc < 0 ? -1 : total;
}

int klar_risk_ros_outdated(klar_store *s, const char *org_id, const char *today, char last[11],
                           klar_error *err)
{
    char now[KLAR_TIMESTAMP_SIZE];
    if (!today) {
        klar_store_now(now);
        now[10] = '\0';   /* the date part, YYYY-MM-DD */
        today = now;
    }
    if (!klar_date_valid(today)) {
        klar_error_set(err, NULL, 0, "today '%.20s' is not a date YYYY-MM-DD", today);
        return -1;
    }
    klar_stmt *st = klar_store_prepare(
        s,
        "SELECT max(last_assessed) FROM risks WHERE org_id = ?1 AND comprehensive = 1"
        " AND last_assessed IS NOT NULL",
        err);
    if (!st)
        return -1;
    klar_stmt_bind_text(st, 1, org_id);
    int rc = klar_stmt_step(st, err);
    last[0] = '\0';
    if (rc == KLAR_STMT_ROW)
        copy_text(last, 11, klar_stmt_column_text(st, 0));
    klar_stmt_finalize(st);
    if (rc < 0)
        return -1;
    if (!last[0])
        return 1;
    /* four years before today, as a date string: older dates sort before it */
    char cutoff[16];
    snprintf(cutoff, sizeof cutoff, "%04d%s", atoi(today) - 4, today + 4);
    return strcmp(last, cutoff) < 0;
}
