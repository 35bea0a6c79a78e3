/* test_registry.c - the organisation register: seeding from the shipped data (named
 * organisations, HFs under their RHFs, 356 municipalities under their statsforvalter),
 * idempotence, subtree tests, listings, the tree in memory, and file:line errors for a
 * malformed CSV; on SQLite and, when KLAR_TEST_PG names a database, on PostgreSQL too (the
 * *_pg runs). */
#include "klar/auth.h"
#include "klar/datadir.h"
#include "klar/registry.h"
#include "klar/store.h"
#include "store_test_util.h"
#include "test.h"

static char dir[64];
static int use_pg;          /* the running test is a *_pg run */
static char pg_last[64];    /* the name the PostgreSQL database was last emptied for */

/* Opens the store named name in the temporary directory (fresh unless opened before). On
 * PostgreSQL the database is emptied when name differs from the last one opened. */
static klar_store *open_fresh(const char *name)
{
    char path[1024];
    klar_error err;
    if (use_pg) {
        snprintf(path, sizeof path, "%s", pg_test_url());
        if (strcmp(name, pg_last) != 0) {
            if (pg_test_reset(path) < 0)
                return NULL;
            snprintf(pg_last, sizeof pg_last, "%s", name);
        }
    } else {
        snprintf(path, sizeof path, "%s/%s.db", dir, name);
    }
    klar_store *s = klar_store_open(path, &err);
    if (!s)
        fprintf(stderr, "%s\n", err.message);
    return s;
}

/* Number of organisations of a type (-1 on failure). */
static long count_type(klar_store *s, const char *type)
{
    klar_error err;
    klar_stmt *st = klar_store_prepare(s, "SELECT count(*) FROM organisations WHERE type = ?1", &err);
    if (!st)
        return -1;
    klar_stmt_bind_text(st, 1, type);
    long n = klar_stmt_step(st, &err) == KLAR_STMT_ROW ? (long)klar_stmt_column_int64(st, 0) : -1;
    klar_stmt_finalize(st);
    return n;
}

/* 1 if organisation id exists with the given type and parent ("" for none). */
static int has_org(klar_store *s, const char *id, const char *type, const char *parent)
{
    klar_error err;
    klar_org o;
    if (klar_org_get(s, id, &o, &err) != 1) {
        fprintf(stderr, "  missing organisation %s\n", id);
        return 0;
    }
    int ok = strcmp(o.type, type) == 0 && strcmp(o.parent_id, parent) == 0;
    if (!ok)
        fprintf(stderr, "  %s: type %s parent '%s'\n", id, o.type, o.parent_id);
    return ok;
}

static void test_seed_contents(void)
{
    klar_error err;
    klar_store *s = open_fresh("seed");
    CHECK(s != NULL);
    if (!s)
        return;
    int n = klar_registry_seed(s, klar_datadir(), &err);
    if (n < 0)
        fprintf(stderr, "%s\n", err.message);
    CHECK(n > 400);
    CHECK(has_org(s, "hod", "ministry", ""));
    CHECK(has_org(s, "helsedir", "directorate", "hod"));
    CHECK(has_org(s, "fhi", "agency", "hod"));
    CHECK(has_org(s, "dmp", "directorate", "hod"));
    CHECK(has_org(s, "dsa", "directorate", "hod"));
    CHECK(has_org(s, "mattilsynet", "agency", ""));
    CHECK(has_org(s, "nhn", "other", "hod"));
    const char *rhfs[] = {"helse-sor-ost", "helse-vest", "helse-midt-norge", "helse-nord"};
    for (int i = 0; i < 4; i++)
        CHECK(has_org(s, rhfs[i], "rhf", "hod"));
    CHECK(count_type(s, "rhf") == 4);
    CHECK(count_type(s, "hf") == 31);
    CHECK(has_org(s, "helse-bergen", "hf", "helse-vest"));
    CHECK(has_org(s, "ous", "hf", "helse-sor-ost"));
    CHECK(has_org(s, "unn", "hf", "helse-nord"));
    CHECK(has_org(s, "st-olav", "hf", "helse-midt-norge"));
    CHECK(has_org(s, "sykehusinnkjop", "hf", ""));
    CHECK(count_type(s, "county-governor") == 10);
    CHECK(has_org(s, "sf-troms-finnmark", "county-governor", "helsedir"));
    CHECK(count_type(s, "municipality") == 356);
    CHECK(has_org(s, "0301", "municipality", "sf-oslo-viken"));
    CHECK(has_org(s, "4601", "municipality", "sf-vestland"));
    CHECK(has_org(s, "5401", "municipality", "sf-troms-finnmark"));
    CHECK(has_org(s, "3001", "municipality", "sf-oslo-viken"));
    klar_org o;
    CHECK(klar_org_get(s, "0301", &o, &err) == 1 && strcmp(o.name, "Oslo") == 0);
    CHECK(klar_org_exists(s, "2100", &err) == 0);   /* Svalbard: no statsforvalter */
    CHECK(klar_org_exists(s, "9999", &err) == 0);
    CHECK(klar_org_exists(s, "helse-vest", &err) == 1);
    CHECK(klar_org_exists(s, "nope", &err) == 0);
    CHECK(klar_org_get(s, "nope", &o, &err) == 0);
    klar_store_close(s);
}

static void test_seed_idempotent(void)
{
    klar_error err;
    klar_store *s = open_fresh("idem");
    CHECK(s != NULL);
    if (!s)
        return;
    int n = klar_registry_seed(s, klar_datadir(), &err);
    CHECK(n > 400);
    CHECK(klar_registry_seed(s, klar_datadir(), &err) == 0);
    size_t count = 0;
    klar_org *all = klar_org_list(s, NULL, &count, &err);
    CHECK(all && count == (size_t)n);
    free(all);
    CHECK(!klar_store_in_transaction(s));
    klar_store_close(s);
    s = open_fresh("idem");
    CHECK(s && klar_registry_seed(s, klar_datadir(), &err) == 0);
    klar_store_close(s);
}

/* A registry seeded before migration 7 (the county governors at the top, and so none of the
 * later migrations) gets them under Helsedirektoratet when it is opened again. */
static void test_county_governors_moved(void)
{
    klar_error err;
    char path[1024];
    if (use_pg)
        return;
    snprintf(path, sizeof path, "%s/moved.db", dir);
    klar_store *s = klar_store_open(path, &err);
    CHECK(s && klar_registry_seed(s, klar_datadir(), &err) > 0);
    if (!s)
        return;
    static const char *const back[] = {
        "UPDATE organisations SET parent_id = NULL WHERE type = 'county-governor'",
        "DROP TABLE runs",
        "ALTER TABLE situation_reports DROP COLUMN patients_in_hospital",
        "ALTER TABLE situation_reports DROP COLUMN patients_in_icu",
        "DELETE FROM schema_migrations WHERE version >= 7"};
    for (size_t i = 0; i < sizeof back / sizeof back[0]; i++) {
        klar_stmt *st = klar_store_prepare(s, back[i], &err);
        CHECK(st && klar_stmt_step(st, &err) == KLAR_STMT_DONE);
        klar_stmt_finalize(st);
    }
    CHECK(has_org(s, "sf-agder", "county-governor", ""));
    klar_store_close(s);
    s = klar_store_open(path, &err);
    CHECK(s != NULL);
    if (!s)
        return;
    CHECK(has_org(s, "sf-agder", "county-governor", "helsedir"));
    CHECK(klar_org_is_within(s, "4204", "hod", &err) == 1);       /* Kristiansand */
    klar_store_close(s);
}

static void test_within(void)
{
    klar_error err;
    klar_store *s = open_fresh("within");
    CHECK(s && klar_registry_seed(s, klar_datadir(), &err) > 0);
    if (!s)
        return;
    CHECK(klar_org_is_within(s, "helse-bergen", "helse-vest", &err) == 1);
    CHECK(klar_org_is_within(s, "helse-bergen", "helse-nord", &err) == 0);
    CHECK(klar_org_is_within(s, "0301", "sf-oslo-viken", &err) == 1);
    CHECK(klar_org_is_within(s, "helse-bergen", "hod", &err) == 1);
    CHECK(klar_org_is_within(s, "helse-vest", "helse-vest", &err) == 1);
    CHECK(klar_org_is_within(s, "helse-vest", "helse-bergen", &err) == 0);
    CHECK(klar_org_is_within(s, "0301", "hod", &err) == 1);         /* through helsedir */
    CHECK(klar_org_is_within(s, "0301", "helsedir", &err) == 1);
    CHECK(klar_org_is_within(s, "0301", "helse-vest", &err) == 0);
    CHECK(klar_org_is_within(s, "nope", "hod", &err) == 0);
    CHECK(klar_org_is_within(s, "hod", "nope", &err) == 0);
    klar_store_close(s);
}

/* The tree in memory answers as the recursive query does (klar_org_is_within). */
static void test_tree(void)
{
    klar_error err;
    klar_store *s = open_fresh("tree");
    int seeded = s ? klar_registry_seed(s, klar_datadir(), &err) : -1;
    CHECK(seeded > 400);
    klar_org_tree *t = s ? klar_org_tree_load(s, &err) : NULL;
    CHECK(t != NULL);
    if (!t) {
        klar_store_close(s);
        return;
    }
    CHECK(klar_org_tree_count(t) == (size_t)seeded);
    CHECK(klar_org_tree_is_within(t, "helse-bergen", "helse-vest") == 1);
    CHECK(klar_org_tree_is_within(t, "helse-bergen", "helse-nord") == 0);
    CHECK(klar_org_tree_is_within(t, "helse-bergen", "hod") == 1);      /* the root */
    CHECK(klar_org_tree_is_within(t, "hod", "hod") == 1);
    CHECK(klar_org_tree_is_within(t, "hod", "helse-vest") == 0);
    CHECK(klar_org_tree_is_within(t, "helse-vest", "helse-vest") == 1);
    CHECK(klar_org_tree_is_within(t, "helse-vest", "helse-bergen") == 0);
    CHECK(klar_org_tree_is_within(t, "0301", "sf-oslo-viken") == 1);    /* municipalities */
    CHECK(klar_org_tree_is_within(t, "4601", "sf-vestland") == 1);
    CHECK(klar_org_tree_is_within(t, "4601", "sf-oslo-viken") == 0);
    CHECK(klar_org_tree_is_within(t, "0301", "hod") == 1);
    CHECK(klar_org_tree_is_within(t, "sf-vestland", "helsedir") == 1);
    CHECK(klar_org_tree_is_within(t, "0301", "fhi") == 0);
    CHECK(klar_org_tree_is_within(t, "nope", "hod") == 0);              /* unknown */
    CHECK(klar_org_tree_is_within(t, "hod", "nope") == 0);
    CHECK(klar_org_tree_is_within(t, "nope", "nope") == 0);
    CHECK(klar_org_tree_is_within(t, NULL, "hod") == 0);
    const klar_org *o = klar_org_tree_get(t, "0301");
    CHECK(o && strcmp(o->name, "Oslo") == 0 && strcmp(o->type, "municipality") == 0 &&
          strcmp(o->parent_id, "sf-oslo-viken") == 0);
    o = klar_org_tree_get(t, "hod");
    CHECK(o && strcmp(o->parent_id, "") == 0);
    CHECK(klar_org_tree_get(t, "nope") == NULL);
    size_t n = 0;
    const char *const *ids = klar_org_tree_subtree(t, "helse-vest", &n);
    CHECK(ids && n == 6 && strcmp(ids[0], "helse-vest") == 0);
    ids = klar_org_tree_subtree(t, "sf-vestland", &n);
    CHECK(ids && n == 44 && strcmp(ids[0], "sf-vestland") == 0);
    for (size_t i = 1; ids && i < n; i++)
        CHECK(klar_org_tree_is_within(t, ids[i], "sf-vestland") == 1);
    ids = klar_org_tree_subtree(t, "hod", &n);
    CHECK(ids && n == 1 + 5 + 4 + 26 + 10 + 356);
    ids = klar_org_tree_subtree(t, "helse-bergen", &n);
    CHECK(ids && n == 1);
    CHECK(klar_org_tree_subtree(t, "nope", &n) == NULL && n == 0);
    /* every organisation against a few ancestors, as the store answers */
    static const char *const ancestors[] = {"hod", "helse-vest", "helse-sor-ost", "sf-vestland",
                                            "sf-troms-finnmark", "helse-bergen", "4601",
                                            "mattilsynet"};
    size_t nall = 0, differ = 0;
    klar_org *all = klar_org_list(s, NULL, &nall, &err);
    CHECK(all && nall == (size_t)seeded);
    for (size_t i = 0; all && i < nall; i++)
        for (size_t a = 0; a < sizeof ancestors / sizeof ancestors[0]; a++)
            differ += klar_org_tree_is_within(t, all[i].id, ancestors[a]) !=
                      klar_org_is_within(s, all[i].id, ancestors[a], &err);
    CHECK(differ == 0);
    free(all);
    /* the rights check on the tree: the role, then the subtree */
    klar_user u = {.id = 1, .name = "kari", .org_id = "helse-vest", .role = KLAR_ROLE_CONTRIBUTOR};
    CHECK(klar_user_may_in(t, &u, KLAR_ACTION_CONTRIBUTE, "helse-bergen") == 1);
    CHECK(klar_user_may_in(t, &u, KLAR_ACTION_READ, "helse-vest") == 1);
    CHECK(klar_user_may_in(t, &u, KLAR_ACTION_PLAN, "helse-bergen") == 0);
    CHECK(klar_user_may_in(t, &u, KLAR_ACTION_READ, "helse-nord") == 0);
    CHECK(klar_user_may_in(t, &u, KLAR_ACTION_READ, "hod") == 0);
    CHECK(klar_user_may_in(t, &u, KLAR_ACTION_READ, "no-such-org") == 0);
    CHECK(klar_user_may_in(t, &u, KLAR_ACTION_READ, NULL) == 0);
    klar_org_tree_free(t);
    klar_org_tree_free(NULL);
    klar_store_close(s);
}

/* A tree from hand-made rows: a long chain, and a cycle of parents (which seeding cannot make)
 * that must neither hang the load nor lose its organisations. */
static void test_tree_chain_and_cycle(void)
{
    klar_error err;
    klar_store *s = open_fresh("chain");
    CHECK(s != NULL);
    if (!s)
        return;
    const char *sql = "INSERT INTO organisations (id, name, type, parent_id) VALUES "
                      "(?1, ?1, 'other', ?2)";
    char id[16], parent[16];
    CHECK(klar_store_begin(s, &err) == 0);
    for (int i = 0; i < 2000; i++) {
        snprintf(id, sizeof id, "c%d", i);
        snprintf(parent, sizeof parent, "c%d", i - 1);
        const char *args[2] = {id, i ? parent : NULL};
        CHECK(klar_store_exec(s, sql, args, 2, &err) == 0);
    }
    CHECK(klar_store_commit(s, &err) == 0);
    const char *x[2] = {"x", NULL}, *y[2] = {"y", "x"}, *cyc[1] = {"y"};
    CHECK(klar_store_exec(s, sql, x, 2, &err) == 0 && klar_store_exec(s, sql, y, 2, &err) == 0);
    CHECK(klar_store_exec(s, "UPDATE organisations SET parent_id = ?1 WHERE id = 'x'", cyc, 1,
                          &err) == 0);
    klar_org_tree *t = klar_org_tree_load(s, &err);
    CHECK(t && klar_org_tree_count(t) == 2002);
    size_t n = 0;
    CHECK(klar_org_tree_subtree(t, "c0", &n) && n == 2000);
    CHECK(klar_org_tree_is_within(t, "c1999", "c0") == 1);
    CHECK(klar_org_tree_is_within(t, "c0", "c1999") == 0);
    CHECK(klar_org_tree_get(t, "x") && klar_org_tree_get(t, "y"));
    CHECK(klar_org_tree_is_within(t, "x", "x") == 1);
    CHECK(klar_org_tree_is_within(t, "x", "c0") == 0);
    klar_org_tree_free(t);
    klar_store_close(s);
}

static void test_list(void)
{
    klar_error err;
    klar_store *s = open_fresh("list");
    CHECK(s && klar_registry_seed(s, klar_datadir(), &err) > 0);
    if (!s)
        return;
    size_t n = 0;
    klar_org *v = klar_org_list(s, "helse-vest", &n, &err);
    CHECK(v && n == 6);
    if (v && n == 6) {
        CHECK(strcmp(v[0].id, "helse-bergen") == 0);   /* ordered by id */
        CHECK(strcmp(v[0].name, "Helse Bergen HF") == 0);
        CHECK(strcmp(v[0].parent_id, "helse-vest") == 0);
    }
    free(v);
    v = klar_org_list(s, "sf-vestland", &n, &err);
    CHECK(v && n == 44);   /* the statsforvalter and Vestland's 43 municipalities (2020) */
    free(v);
    v = klar_org_list(s, "nope", &n, &err);
    CHECK(v && n == 0);
    free(v);
    v = klar_org_list(s, "hod", &n, &err);
    CHECK(v && n == 1 + 5 + 4 + 26 + 10 + 356);   /* hod, five under it, RHFs, their 26 HFs,
                                                   * the county governors and municipalities */
    free(v);
    klar_store_close(s);
}

/* Seeds a fresh store from a data directory whose organisations.csv is text; returns the
 * seed's result and leaves the message in err. */
static int seed_from(const char *text, klar_error *err)
{
    char data[128], reg[160], geo[160], realgeo[1024];
    snprintf(data, sizeof data, "%s/data", dir);
    snprintf(reg, sizeof reg, "%s/registry", data);
    snprintf(geo, sizeof geo, "%s/geo", data);
    klar_datapath(realgeo, sizeof realgeo, "geo");
    mkdir(data, 0700);
    mkdir(reg, 0700);
    if (symlink(realgeo, geo) < 0)
        return -3;
    test_write_file(reg, "organisations.csv", text);
    klar_store *s = open_fresh("bad");
    int rc = s ? klar_registry_seed(s, data, err) : -2;
    klar_store_close(s);
    unlink(geo);
    char file[200];
    snprintf(file, sizeof file, "%s/organisations.csv", reg);
    unlink(file);
    rmdir(reg);
    rmdir(data);
    return rc;
}

static void test_malformed_csv(void)
{
    klar_error err;
    const char *head = "# comment\nid,name,type,parent_id,source\nhod,HOD,ministry,,x\n";
    char text[512];
    snprintf(text, sizeof text, "%s%s", head, "fhi,FHI,institute,hod,x\n");
    CHECK(seed_from(text, &err) == -1);
    CHECK(test_contains(err.message, "organisations.csv:4:") && test_contains(err.message, "institute"));
    snprintf(text, sizeof text, "%s%s", head, "fhi,FHI,agency,nobody,x\n");
    CHECK(seed_from(text, &err) == -1);
    CHECK(test_contains(err.message, "organisations.csv:4:") && test_contains(err.message, "nobody"));
    snprintf(text, sizeof text, "%s%s", head, "hod,Again,ministry,,x\n");
    CHECK(seed_from(text, &err) == -1);
    CHECK(test_contains(err.message, "organisations.csv:4:") && test_contains(err.message, "duplicate"));
    snprintf(text, sizeof text, "%s%s", head, "Bad Id,X,agency,,x\n");
    CHECK(seed_from(text, &err) == -1);
    CHECK(test_contains(err.message, "organisations.csv:4:"));
    snprintf(text, sizeof text, "%s%s", head, "fhi,,agency,,x\n");
    CHECK(seed_from(text, &err) == -1);
    CHECK(test_contains(err.message, "organisations.csv:4:"));
    snprintf(text, sizeof text, "%s%s", head, "fhi,FHI,agency\n");
    CHECK(seed_from(text, &err) == -1);
    CHECK(test_contains(err.message, "organisations.csv:4:"));
    CHECK(seed_from("id,name,kind,parent_id,source\n", &err) == -1);
    CHECK(test_contains(err.message, "organisations.csv:1:"));
    /* a well-formed file without the statsforvalter ids cannot place the municipalities */
    CHECK(seed_from(head, &err) == -1);
    CHECK(test_contains(err.message, "sf-"));
}

static void test_types(void)
{
    CHECK(klar_org_type_valid("county-governor"));
    CHECK(klar_org_type_valid("municipality"));
    CHECK(!klar_org_type_valid("club"));
    CHECK(!klar_org_type_valid(""));
}

/* Defines fn_pg: fn against the KLAR_TEST_PG database, or skipped when it is not set. */
#define PG_VARIANT(fn)                                    \
    static void fn##_pg(void)                             \
    {                                                     \
        if (!pg_test_url()) {                             \
            test_skip("KLAR_TEST_PG not set");            \
            return;                                       \
        }                                                 \
        use_pg = 1;                                       \
        pg_last[0] = '\0';                                \
        fn();                                             \
        use_pg = 0;                                       \
    }

PG_VARIANT(test_seed_contents)
PG_VARIANT(test_seed_idempotent)
PG_VARIANT(test_within)
PG_VARIANT(test_list)
PG_VARIANT(test_tree)
PG_VARIANT(test_malformed_csv)

int main(void)
{
    if (tmpdir_make(dir, sizeof dir) < 0) {
        fprintf(stderr, "cannot make a temporary directory\n");
        return 1;
    }
    RUN(test_seed_contents);
    RUN(test_seed_idempotent);
    RUN(test_within);
    RUN(test_county_governors_moved);
    RUN(test_list);
    RUN(test_tree);
    RUN(test_tree_chain_and_cycle);
    RUN(test_malformed_csv);
    RUN(test_types);
    RUN(test_seed_contents_pg);
    RUN(test_seed_idempotent_pg);
    RUN(test_within_pg);
    RUN(test_list_pg);
    RUN(test_tree_pg);
    RUN(test_malformed_csv_pg);
    tmpdir_remove(dir);
    return test_finish();
}
