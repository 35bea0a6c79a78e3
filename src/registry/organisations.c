/* organisations.c - the organisation register: seeding the organisations table from the shipped
 * CSV and the municipality table, lookups, subtree tests and listings for role scoping. */
#include "klar/registry.h"
#include "registry_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "klar/array.h"
#include "klar/csv.h"
#include "klar/geo.h"

static const char *const org_types[] = {"ministry", "directorate", "agency", "rhf", "hf",
                                        "county-governor", "municipality", "other"};

/* The statsforvalter of each county (2020 borders); counties not listed get no municipalities
 * (21 Svalbard, 23 the continental shelf, 99 unknown). */
static const struct {
    int county;
    const char *sf;
} county_sf[] = {{3, "sf-oslo-viken"},   {30, "sf-oslo-viken"},   {34, "sf-innlandet"},
                 {38, "sf-vestfold-telemark"}, {42, "sf-agder"},  {11, "sf-rogaland"},
                 {46, "sf-vestland"},    {15, "sf-more-romsdal"}, {50, "sf-trondelag"},
                 {18, "sf-nordland"},    {54, "sf-troms-finnmark"}};

int klar_org_type_valid(const char *type)
{
    for (size_t i = 0; i < sizeof org_types / sizeof org_types[0]; i++)
        if (strcmp(type, org_types[i]) == 0)
            return 1;
    return 0;
}

/* The statsforvalter id of county, or NULL. */
static const char *sf_of_county(int county)
{
    for (size_t i = 0; i < sizeof county_sf / sizeof county_sf[0]; i++)
        if (county_sf[i].county == county)
            return county_sf[i].sf;
    return NULL;
}

/* ---- reading organisations.csv ---- */

typedef struct org_list {
    klar_org *orgs;
    size_t n, cap;
} org_list;

/* Index of id in list, or -1. */
static long find_org(const org_list *list, const char *id)
{
    for (size_t i = 0; i < list->n; i++)
        if (strcmp(list->orgs[i].id, id) == 0)
            return (long)i;
    return -1;
}

/* Appends org; 0 or -1 (out of memory). */
static int push_org(org_list *list, const klar_org *org)
{
    klar_org *grown = klar_array_grow(list->orgs, &list->cap, list->n, sizeof *grown);
    if (!grown)
        return -1;
    list->orgs = grown;
    list->orgs[list->n++] = *org;
    return 0;
}

/* 1 if id is 1-47 characters of a-z, 0-9 and '-'. */
static int id_valid(const char *id)
{
    size_t n = strlen(id);
    if (n == 0 || n >= sizeof ((klar_org *)0)->id)
        return 0;
    return strspn(id, "abcdefghijklmnopqrstuvwxyz0123456789-") == n;
}

/* Checks one CSV record and fills *org; 0 or -1 with err naming file:line. */
static int parse_org(klar_csv *csv, char **f, const org_list *list, klar_org *org,
                     klar_error *err)
{
    const char *file = klar_csv_name(csv);
    long line = klar_csv_line(csv);
    if (!id_valid(f[0])) {
        klar_error_set(err, file, line, "bad id '%s' (1-47 characters a-z, 0-9, '-')", f[0]);
        return -1;
    }
    if (find_org(list, f[0]) >= 0) {
        klar_error_set(err, file, line, "duplicate id '%s'", f[0]);
        return -1;
    }
    if (!*f[1] || strlen(f[1]) >= sizeof org->name) {
        klar_error_set(err, file, line, "%s: name empty or longer than %zu bytes", f[0],
                       sizeof org->name - 1);
        return -1;
    }
    if (!klar_org_type_valid(f[2])) {
        klar_error_set(err, file, line, "%s: unknown type '%s' (ministry, directorate, agency, "
                       "rhf, hf, county-governor, municipality, other)", f[0], f[2]);
        return -1;
    }
    if (*f[3] && find_org(list, f[3]) < 0) {
        klar_error_set(err, file, line, "%s: parent '%s' is not defined above", f[0], f[3]);
        return -1;
    }
    snprintf(org->id, sizeof org->id, "%s", f[0]);
    snprintf(org->name, sizeof org->name, "%s", f[1]);
    snprintf(org->type, sizeof org->type, "%s", f[2]);
    snprintf(org->parent_id, sizeof org->parent_id, "%s", f[3]);
    return 0;
}

static int org_row(klar_csv *csv, int nfields, char **fields, void *ctx, klar_error *err)
{
    org_list *list = ctx;
    if (nfields != 5) {
        klar_error_set(err, klar_csv_name(csv), klar_csv_line(csv),
                       "expected 5 fields (id,name,type,parent_id,source), not %d", nfields);
        return -1;
    }
    klar_org org;
    if (parse_org(csv, fields, list, &org, err) < 0)
        return -1;
    if (push_org(list, &org) < 0) {
        klar_error_set(err, klar_csv_name(csv), klar_csv_line(csv), "out of memory");
        return -1;
    }
    return 0;
}

/* Reads <datadir>/registry/organisations.csv into list; 0 or -1 with err. */
static int read_org_csv(const char *datadir, org_list *list, klar_error *err)
{
    static const char *const columns[] = {"id", "name", "type", "parent_id", "source"};
    char path[4096];
    if (snprintf(path, sizeof path, "%s/registry/organisations.csv", datadir) >= (int)sizeof path) {
        klar_error_set(err, NULL, 0, "data directory path too long");
        return -1;
    }
    return klar_csv_read_table(path, columns, 5, KLAR_CSV_COMMENTS, org_row, list, err);
}

/* Appends one municipality per 2020 number of the geo table under its statsforvalter, which
 * must be in list already; 0 or -1 with err. */
static int add_municipalities(const char *datadir, org_list *list, klar_error *err)
{
    klar_geo *geo = klar_geo_load(datadir, err);
    if (!geo)
        return -1;
    int rc = 0;
    for (int i = 0; rc == 0 && i < klar_geo_municipality_count(geo); i++) {
        int code = klar_geo_municipality_code(geo, i);
        const char *sf = sf_of_county(klar_geo_county_of(geo, code));
        const char *name = klar_geo_municipality_name(geo, code);
        if (!sf || !name)
            continue;
        if (find_org(list, sf) < 0) {
            klar_error_set(err, NULL, 0, "registry/organisations.csv lacks '%s' (statsforvalter "
                           "of municipality %04d)", sf, code);
            rc = -1;
            break;
        }
        klar_org org;
        snprintf(org.id, sizeof org.id, "%04d", code);
        snprintf(org.name, sizeof org.name, "%s", name);
        snprintf(org.type, sizeof org.type, "municipality");
        snprintf(org.parent_id, sizeof org.parent_id, "%s", sf);
        if (push_org(list, &org) < 0) {
            klar_error_set(err, NULL, 0, "out of memory");
            rc = -1;
        }
    }
    klar_geo_free(geo);
    return rc;
}

/* ---- writing ---- */

/* Number of organisations in the table, or -1 with err. */
static long count_orgs(klar_store *s, klar_error *err)
{
    klar_stmt *st = klar_store_prepare(s, "SELECT count(*) FROM organisations", err);
    if (!st)
        return -1;
    int rc = klar_stmt_step(st, err);
    long n = rc == KLAR_STMT_ROW ? (long)klar_stmt_column_int64(st, 0) : -1;
    klar_stmt_finalize(st);
    return n;
}

/* Inserts every organisation of list (parents first); 0 or -1 with err. */
static int insert_orgs(klar_store *s, const org_list *list, klar_error *err)
{
    klar_stmt *st = klar_store_prepare(
        s, "INSERT INTO organisations (id, name, type, parent_id) VALUES (?1, ?2, ?3, ?4)", err);
    if (!st)
        return -1;
    int rc = 0;
    for (size_t i = 0; rc == 0 && i < list->n; i++) {
        const klar_org *o = &list->orgs[i];
        klar_stmt_bind_text(st, 1, o->id);
        klar_stmt_bind_text(st, 2, o->name);
        klar_stmt_bind_text(st, 3, o->type);
        klar_stmt_bind_text(st, 4, *o->parent_id ? o->parent_id : NULL);
        rc = klar_stmt_step(st, err) < 0 ? -1 : 0;
        klar_stmt_reset(st);
    }
    klar_stmt_finalize(st);
    return rc;
}

int klar_registry_seed(klar_store *s, const char *datadir, klar_error *err)
{
    org_list list = {0};
    if (read_org_csv(datadir, &list, err) < 0 || add_municipalities(datadir, &list, err) < 0) {
        free(list.orgs);
        return -1;
    }
    int rc = klar_store_begin(s, err);
    if (rc == 0) {
        long have = count_orgs(s, err);
        if (have < 0)
            rc = -1;
        else if (have == 0)
            rc = insert_orgs(s, &list, err) < 0 ? -1 : (int)list.n;
        if (rc < 0)
            klar_store_rollback(s);
        else if (klar_store_commit(s, err) < 0)
            rc = -1;
    }
    free(list.orgs);
    return rc;
}

/* ---- reading ---- */

/* Copies the current row (id, name, type, parent_id) into *org. */
static void row_to_org(klar_stmt *st, klar_org *org)
{
    const char *parent = klar_stmt_column_text(st, 3);
    snprintf(org->id, sizeof org->id, "%s", klar_stmt_column_text(st, 0));
    snprintf(org->name, sizeof org->name, "%s", klar_stmt_column_text(st, 1));
    snprintf(org->type, sizeof org->type, "%s", klar_stmt_column_text(st, 2));
    snprintf(org->parent_id, sizeof org->parent_id, "%s", parent ? parent : "");
}

int klar_org_get(klar_store *s, const char *id, klar_org *out, klar_error *err)
{
    klar_stmt *st = klar_store_prepare(
        s, "SELECT id, name, type, parent_id FROM organisations WHERE id = ?1", err);
    if (!st)
        return -1;
    klar_stmt_bind_text(st, 1, id);
    int rc = klar_stmt_step(st, err);
    if (rc == KLAR_STMT_ROW && out)
        row_to_org(st, out);
    klar_stmt_finalize(st);
    return rc < 0 ? -1 : rc == KLAR_STMT_ROW;
}

int klar_org_exists(klar_store *s, const char *id, klar_error *err)
{
    return klar_org_get(s, id, NULL, err);
}

int klar_org_is_within(klar_store *s, const char *org, const char *ancestor, klar_error *err)
{
    klar_stmt *st = klar_store_prepare(
        s,
        "WITH RECURSIVE up(id, parent_id) AS ("
        " SELECT id, parent_id FROM organisations WHERE id = ?1"
        " UNION SELECT o.id, o.parent_id FROM organisations o JOIN up ON o.id = up.parent_id)"
        " SELECT count(*) FROM up WHERE id = ?2",
        err);
    if (!st)
        return -1;
    klar_stmt_bind_text(st, 1, org);
    klar_stmt_bind_text(st, 2, ancestor);
    int rc = klar_stmt_step(st, err);
    int within = rc == KLAR_STMT_ROW && klar_stmt_column_int64(st, 0) > 0;
    klar_stmt_finalize(st);
    return rc < 0 ? -1 : within;
}

/* One organisation row into *elem (a klar_org). */
static int fill_org(klar_stmt *st, void *elem)
{
    row_to_org(st, elem);
    return 0;
}

klar_org *klar_org_list(klar_store *s, const char *within, size_t *n, klar_error *err)
{
    const char *sql_all = "SELECT id, name, type, parent_id FROM organisations ORDER BY id";
    const char *sql_within =
        REGISTRY_SUBTREE_CTE
        "SELECT o.id, o.name, o.type, o.parent_id FROM organisations o"
        " JOIN sub ON o.id = sub.id ORDER BY o.id";
    *n = 0;
    klar_stmt *st = klar_store_prepare(s, within ? sql_within : sql_all, err);
    if (!st)
        return NULL;
    if (within)
        klar_stmt_bind_text(st, 1, within);
    return registry_collect(st, sizeof(klar_org), fill_org, NULL, n, err);
}
