/* risks.c - the risk overviews: the six risk areas of the white paper, the 5 x 5 risk matrix
 * and the four-year rule for an organisation's comprehensive ROS. A risk itself is a record of
 * kind klar_kind_risk (kinds.c), written and read by the record engine (record.c). */
#include "klar/registry.h"
#include "registry_internal.h"
#include "klar/date.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *const klar_risk_areas[KLAR_RISK_NAREAS + 1] = {
    "hybrid-war", "digital", "supply", "pandemic", "water", "nuclear", NULL};

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
    if (rc == KLAR_STMT_ROW && klar_stmt_column_text(st, 0))
        snprintf(last, 11, "%s", klar_stmt_column_text(st, 0));
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
