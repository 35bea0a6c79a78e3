/* record.c - the engine behind every table-described registry kind (klar/record.h): checking
 * a JSON record against its kind's fields, binding it to SQL, reading rows back as JSON, and
 * create/get/list/update (optimistic version)/delete with an audit row in the transaction of
 * every change. The kinds themselves are described in kinds.c. */
#include "klar/record.h"
#include "klar/auth.h"
#include "registry_internal.h"
#include "klar/text.h"
#include "klar/jsonwriter.h"

#include <jansson.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SQL_SIZE 4096

/* ---- kinds ---- */

void klar_kind_url_name(const klar_kind *k, char *out, size_t size)
{
    snprintf(out, size, "%s", k->table);
    for (char *c = out; *c; c++)
        if (*c == '_')
            *c = '-';
}

const klar_kind *klar_kind_find(const char *name)
{
    for (size_t i = 0; i < klar_nkinds; i++)
        if (strcmp(klar_kinds[i]->name, name) == 0)
            return klar_kinds[i];
    return NULL;
}

const klar_field *klar_kind_field(const klar_kind *k, const char *name)
{
    for (size_t i = 0; i < k->nfields; i++)
        if (strcmp(k->fields[i].name, name) == 0)
            return &k->fields[i];
    return NULL;
}

void klar_today(char out[11])
{
    char now[KLAR_TIMESTAMP_SIZE];
    klar_store_now(now);
    snprintf(out, 11, "%.10s", now);
}

/* ---- validation ---- */

/* Fails with KLAR_REG_INVALID, blaming field name: "<name> <what>". */
static int invalid(klar_error *err, const char *name, const char *what)
{
    klar_error_field(err, KLAR_ERR_INVALID, name, "%s %s", name, what);
    return KLAR_REG_INVALID;
}

static int choice_valid(const klar_field *f, const char *v)
{
    for (const char *const *c = f->choices; *c; c++)
        if (strcmp(*c, v) == 0)
            return 1;
    return 0;
}

/* The choices of f as "a, b, c" into buf. */
static const char *choice_list(const klar_field *f, char *buf, size_t size)
{
    size_t used = 0;
    buf[0] = '\0';
    for (const char *const *c = f->choices; *c && used < size; c++) {
        int w = snprintf(buf + used, size - used, "%s%s", c == f->choices ? "" : ", ", *c);
        if (w < 0)
            break;
        used += (size_t)w;
    }
    return buf;
}

/* Checks one array element (an id or an organisation id) of a REFS/ORGS field. */
static int check_element(const klar_field *f, const json_t *e, size_t i, klar_error *err)
{
    int ok = f->type == KLAR_FIELD_REFS ? json_is_integer(e) && json_integer_value(e) > 0
                                        : json_is_string(e) && json_string_length(e) > 0 &&
                                              json_string_length(e) < 48;
    if (ok)
        return 0;
    char name[80];
    snprintf(name, sizeof name, "%s[%zu]", f->name, i);
    return invalid(err, name, f->type == KLAR_FIELD_REFS ? "must be a positive integer id"
                                                         : "must be an organisation id");
}

/* Checks the value v (present and not null) of field f. */
static int check_value(const klar_field *f, const json_t *v, klar_error *err)
{
    char buf[300], what[340];
    switch (f->type) {
    case KLAR_FIELD_TEXT: {
        if (!json_is_string(v))
            return invalid(err, f->name, "must be a string");
        size_t n = klar_text_utf8_length(json_string_value(v));
        if (n >= (size_t)f->min && n <= (size_t)f->max)
            return 0;
        snprintf(what, sizeof what, "must be %.0f to %.0f characters", f->min, f->max);
        return invalid(err, f->name, what);
    }
    case KLAR_FIELD_INT:
    case KLAR_FIELD_NUMBER: {
        if (f->type == KLAR_FIELD_INT ? !json_is_integer(v) : !json_is_number(v))
            return invalid(err, f->name,
                           f->type == KLAR_FIELD_INT ? "must be an integer" : "must be a number");
        double x = json_number_value(v);
        if (isfinite(x) && x >= f->min && x <= f->max)
            return 0;
        snprintf(what, sizeof what, "must be from %.15g to %.15g", f->min, f->max);
        return invalid(err, f->name, what);
    }
    case KLAR_FIELD_BOOL:
        return json_is_boolean(v) ? 0 : invalid(err, f->name, "must be true or false");
    case KLAR_FIELD_DATE:
        return json_is_string(v) && klar_date_valid(json_string_value(v))
                   ? 0 : invalid(err, f->name, "must be a date YYYY-MM-DD");
    case KLAR_FIELD_CHOICE:
        if (json_is_string(v) && choice_valid(f, json_string_value(v)))
            return 0;
        snprintf(what, sizeof what, "must be one of %s", choice_list(f, buf, sizeof buf));
        return invalid(err, f->name, what);
    case KLAR_FIELD_REF:
        return json_is_integer(v) && json_integer_value(v) > 0
                   ? 0 : invalid(err, f->name, "must be a positive integer id");
    case KLAR_FIELD_REFS:
    case KLAR_FIELD_ORGS: {
        if (!json_is_array(v))
            return invalid(err, f->name, "must be an array");
        if (json_array_size(v) > (size_t)f->max) {
            snprintf(what, sizeof what, "has more than %.0f elements", f->max);
            return invalid(err, f->name, what);
        }
        for (size_t i = 0; i < json_array_size(v); i++)
            if (check_element(f, json_array_get(v, i), i, err))
                return KLAR_REG_INVALID;
        return 0;
    }
    }
    return invalid(err, f->name, "has an unknown type");
}

/* The members a record answers with besides its fields: sent back, they are ignored. */
static const char *const answer_members[] = {"id", "org_id", "version", "created_at",
                                             "updated_at", "overdue"};
#define NANSWER (sizeof answer_members / sizeof answer_members[0])

/* 1 if name is a member of a record of kind k (a field or one it answers with). */
static int known_member(const klar_kind *k, const char *name)
{
    if (klar_kind_field(k, name))
        return 1;
    for (size_t i = 0; i < NANSWER; i++)
        if (strcmp(answer_members[i], name) == 0)
            return 1;
    for (size_t i = 0; i < k->nderived; i++)
        if (strcmp(k->derived[i].name, name) == 0)
            return 1;
    return 0;
}

/* Refuses the first member of in that k does not know, suggesting the nearest field. */
static int check_members(const klar_kind *k, const json_t *in, klar_error *err)
{
    const char *name;
    json_t *v;
    json_object_foreach((json_t *)in, name, v) {
        if (known_member(k, name))
            continue;
        const char *names[KLAR_KIND_MAX_FIELDS];
        size_t n = 0;
        for (size_t i = 0; i < k->nfields && n < KLAR_KIND_MAX_FIELDS; i++)
            names[n++] = k->fields[i].name;
        if (!*name)                  /* nothing to name: the body is to blame */
            return invalid(err, "body", "has a member with an empty name");
        char hint[120], shown[64];
        klar_text_suggest_hint(name, names, n, hint, sizeof hint);
        snprintf(shown, sizeof shown, "%.60s", name);
        klar_error_field(err, KLAR_ERR_INVALID, shown, "%s: a %s has no member of that name%s",
                         shown, k->title, hint);
        return KLAR_REG_INVALID;
    }
    return 0;
}

int klar_record_validate(const klar_kind *k, const json_t *in, klar_error *err)
{
    if (!json_is_object(in))
        return invalid(err, "body", "must be a JSON object");
    if (check_members(k, in, err))
        return KLAR_REG_INVALID;
    json_t *org = json_object_get(in, "org_id");
    if (!org || json_is_null(org))
        return invalid(err, "org_id", "is required");
    if (!json_is_string(org) || json_string_length(org) == 0 || json_string_length(org) >= 48)
        return invalid(err, "org_id", "must be an organisation id");
    for (size_t i = 0; i < k->nfields; i++) {
        const klar_field *f = &k->fields[i];
        json_t *v = json_object_get(in, f->name);
        if (!v || json_is_null(v)) {
            if (f->required)
                return invalid(err, f->name, "is required");
            continue;
        }
        if (check_value(f, v, err))
            return KLAR_REG_INVALID;
    }
    return k->check ? k->check(in, err) : 0;
}

/* ---- references ---- */

/* The writer of a change, read from the store at the first reference that needs it (most
 * writes give none). */
typedef struct writer {
    int64_t user_id;              /* 0: the system, who may read everything */
    int loaded;
    klar_user user;
    const klar_user *u;           /* &user once loaded; NULL for the system or a gone user */
} writer;

/* The writer's user (NULL: unrestricted) into *u; 0 or KLAR_REG_FAILED with err. */
static int writer_user(klar_store *s, writer *w, const klar_user **u, klar_error *err)
{
    if (!w->loaded && w->user_id > 0) {
        int found = klar_user_get(s, w->user_id, &w->user, err);
        if (found < 0)
            return KLAR_REG_FAILED;
        w->u = found ? &w->user : NULL;
    }
    w->loaded = 1;
    *u = w->u;
    return 0;
}

/* Checks that the reference v of field f (the element index i of an array, or -1) exists
 * and, for a record, that the writer may read it; a record the writer may not read is
 * answered as one that does not exist. */
static int check_reference(klar_store *s, const klar_field *f, const json_t *v, long i,
                           writer *w, klar_error *err)
{
    char name[80], what[64];
    if (i < 0)
        snprintf(name, sizeof name, "%s", f->name);
    else
        snprintf(name, sizeof name, "%s[%ld]", f->name, i);
    int found;
    const klar_user *u;
    if (f->type == KLAR_FIELD_ORGS) {
        found = klar_org_exists(s, json_string_value(v), err);
        snprintf(what, sizeof what, "'%.40s'", json_string_value(v));
    } else if (writer_user(s, w, &u, err) != 0) {
        return KLAR_REG_FAILED;
    } else {
        found = klar_record_reference_ok(s, f->ref, json_integer_value(v), u, err);
        snprintf(what, sizeof what, "%lld", (long long)json_integer_value(v));
    }
    if (found < 0)
        return KLAR_REG_FAILED;
    if (found)
        return 0;
    klar_error_field(err, KLAR_ERR_INVALID, name, "%s: no %s has the id %s", name,
                     f->type == KLAR_FIELD_ORGS ? "organisation" : f->ref, what);
    return KLAR_REG_INVALID;
}

/* Validation plus the existence of the organisation and every reference (one the writer
 * user_id may read). */
static int check_record(klar_store *s, const klar_kind *k, int64_t user_id, const json_t *in,
                        klar_error *err)
{
    writer w = {.user_id = user_id};
    int rc = klar_record_validate(k, in, err);
    if (rc)
        return rc;
    const char *org = json_string_value(json_object_get(in, "org_id"));
    int known = klar_org_exists(s, org, err);
    if (known < 0)
        return KLAR_REG_FAILED;
    if (!known) {
        klar_error_field(err, KLAR_ERR_INVALID, "org_id",
                         "org_id: no organisation has the id '%.60s'", org);
        return KLAR_REG_INVALID;
    }
    for (size_t i = 0; i < k->nfields; i++) {
        const klar_field *f = &k->fields[i];
        json_t *v = json_object_get(in, f->name);
        if (!v || json_is_null(v))
            continue;
        if (f->type == KLAR_FIELD_REF && (rc = check_reference(s, f, v, -1, &w, err)))
            return rc;
        if (f->type == KLAR_FIELD_REFS || f->type == KLAR_FIELD_ORGS)
            for (size_t j = 0; j < json_array_size(v); j++)
                if ((rc = check_reference(s, f, json_array_get(v, j), (long)j, &w, err)))
                    return rc;
    }
    return 0;
}

/* ---- SQL text ---- */

/* SQL text built in pieces; too long a text is remembered and refused by sql_prepare rather
 * than cut short. */
typedef struct sql_text {
    char buf[SQL_SIZE];
    size_t used;
    int overflow;
} sql_text;

static void sql_add(sql_text *t, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

static void sql_add(sql_text *t, const char *fmt, ...)
{
    if (t->overflow)
        return;
    va_list ap;
    va_start(ap, fmt);
    int w = vsnprintf(t->buf + t->used, sizeof t->buf - t->used, fmt, ap);
    va_end(ap);
    if (w < 0 || (size_t)w >= sizeof t->buf - t->used)
        t->overflow = 1;
    else
        t->used += (size_t)w;
}

/* Prepares t's text; NULL with err when it overflowed or does not prepare. */
static klar_stmt *sql_prepare(klar_store *s, const klar_kind *k, const sql_text *t,
                              klar_error *err)
{
    if (t->overflow) {
        klar_error_set(err, NULL, 0, "the SQL of %s is longer than %d bytes", k->table,
                       SQL_SIZE);
        return NULL;
    }
    return klar_store_prepare(s, t->buf, err);
}

/* Appends "id, org_id, f1, f2, ..., version, created_at, updated_at". */
static void sql_add_columns(sql_text *t, const klar_kind *k)
{
    sql_add(t, "id, org_id");
    for (size_t i = 0; i < k->nfields; i++)
        sql_add(t, ", %s", k->fields[i].name);
    sql_add(t, ", version, created_at, updated_at");
}

/* ---- binding ---- */

/* Binds field f's value v (NULL or null: SQL NULL) as parameter i. 0, or -1 out of memory. */
static int bind_value(klar_stmt *st, int i, const klar_field *f, const json_t *v)
{
    if ((!v || json_is_null(v)) && f->type == KLAR_FIELD_BOOL)
        return klar_stmt_bind_int64(st, i, 0);     /* absent or null is false */
    if (!v || json_is_null(v))
        return klar_stmt_bind_null(st, i) < 0 ? -1 : 0;
    switch (f->type) {
    case KLAR_FIELD_INT:
    case KLAR_FIELD_REF:
        return klar_stmt_bind_int64(st, i, json_integer_value(v));
    case KLAR_FIELD_NUMBER:
        return klar_stmt_bind_double(st, i, json_number_value(v));
    case KLAR_FIELD_BOOL:
        return klar_stmt_bind_int64(st, i, json_is_true(v));
    case KLAR_FIELD_REFS:
    case KLAR_FIELD_ORGS: {
        char *text = json_dumps(v, JSON_COMPACT);
        if (!text)
            return -1;
        int rc = klar_stmt_bind_text(st, i, text);
        free(text);
        return rc;
    }
    default:
        return klar_stmt_bind_text(st, i, json_string_value(v));
    }
}

/* Binds org_id and the fields of in as parameters first, first + 1, ... 0 or -1 (OOM). */
static int bind_record(klar_stmt *st, int first, const klar_kind *k, const json_t *in)
{
    if (klar_stmt_bind_text(st, first, json_string_value(json_object_get(in, "org_id"))) < 0)
        return -1;
    for (size_t i = 0; i < k->nfields; i++)
        if (bind_value(st, first + 1 + (int)i, &k->fields[i],
                       json_object_get(in, k->fields[i].name)) < 0)
            return -1;
    return 0;
}

/* ---- rows: one view of a record, one writer of its JSON ---- */

/* One stored value: SQL NULL, an integer (INT, REF, BOOL), a real (NUMBER) or text (the
 * others; REFS and ORGS hold their JSON array text). */
typedef struct record_value {
    enum { VALUE_NULL, VALUE_INT, VALUE_REAL, VALUE_TEXT } type;
    int64_t i;
    double d;
    const char *s;
} record_value;

/* A record's stored values; texts point into the statement row or the JSON object read. */
struct klar_record_view {
    const klar_kind *k;
    int64_t id, version;
    const char *org_id, *created_at, *updated_at;
    record_value v[KLAR_KIND_MAX_FIELDS];
};

/* 1 if k's fields fit a view; else 0 with err (a kind table that outgrew the engine). */
static int kind_fits(const klar_kind *k, klar_error *err)
{
    if (k->nfields <= KLAR_KIND_MAX_FIELDS)
        return 1;
    klar_error_set(err, NULL, 0, "the kind %s has more than %d fields", k->name,
                   KLAR_KIND_MAX_FIELDS);
    return 0;
}

/* The current row (sql_add_columns order) into *v (valid until the next step). */
static void view_from_row(klar_stmt *st, const klar_kind *k, klar_record_view *v)
{
    v->k = k;
    v->id = klar_stmt_column_int64(st, 0);
    v->org_id = klar_stmt_column_text(st, 1);
    int col = 2;
    for (size_t i = 0; i < k->nfields; i++, col++) {
        record_value *x = &v->v[i];
        memset(x, 0, sizeof *x);
        if (klar_stmt_column_is_null(st, col))
            continue;
        switch (k->fields[i].type) {
        case KLAR_FIELD_INT:
        case KLAR_FIELD_REF:
        case KLAR_FIELD_BOOL:
            x->type = VALUE_INT;
            x->i = klar_stmt_column_int64(st, col);
            break;
        case KLAR_FIELD_NUMBER:
            x->type = VALUE_REAL;
            x->d = klar_stmt_column_double(st, col);
            break;
        default:
            x->type = VALUE_TEXT;
            x->s = klar_stmt_column_text(st, col);
        }
    }
    v->version = klar_stmt_column_int64(st, col);
    v->created_at = klar_stmt_column_text(st, col + 1);
    v->updated_at = klar_stmt_column_text(st, col + 2);
}

/* The scalar fields of the JSON record rec into *v, for its derived values (valid while rec
 * is); arrays are left null, as no derivation reads them. */
static void view_from_json(const klar_kind *k, const json_t *rec, klar_record_view *v)
{
    memset(v, 0, sizeof *v);
    v->k = k;
    v->id = json_integer_value(json_object_get(rec, "id"));
    v->org_id = json_string_value(json_object_get(rec, "org_id"));
    for (size_t i = 0; i < k->nfields; i++) {
        const json_t *j = json_object_get(rec, k->fields[i].name);
        record_value *x = &v->v[i];
        if (json_is_integer(j) || json_is_boolean(j)) {
            x->type = VALUE_INT;
            x->i = json_is_boolean(j) ? json_is_true(j) : json_integer_value(j);
        } else if (json_is_real(j)) {
            x->type = VALUE_REAL;
            x->d = json_real_value(j);
        } else if (json_is_string(j)) {
            x->type = VALUE_TEXT;
            x->s = json_string_value(j);
        }
    }
}

/* The value of field name in v and the field, or NULL when k has no such field. */
static const record_value *view_value(const klar_record_view *v, const char *name,
                                      const klar_field **f)
{
    for (size_t i = 0; i < v->k->nfields; i++)
        if (strcmp(v->k->fields[i].name, name) == 0) {
            *f = &v->k->fields[i];
            return &v->v[i];
        }
    return NULL;
}

const char *klar_view_text(const klar_record_view *v, const char *name)
{
    const klar_field *f;
    const record_value *x = view_value(v, name, &f);
    int textual = x && (f->type == KLAR_FIELD_TEXT || f->type == KLAR_FIELD_DATE ||
                        f->type == KLAR_FIELD_CHOICE);
    return textual && x->type == VALUE_TEXT ? x->s : NULL;
}

double klar_view_number(const klar_record_view *v, const char *name)
{
    const klar_field *f;
    const record_value *x = view_value(v, name, &f);
    if (!x || (f->type != KLAR_FIELD_INT && f->type != KLAR_FIELD_NUMBER &&
               f->type != KLAR_FIELD_REF))
        return NAN;
    return x->type == VALUE_INT ? (double)x->i : x->type == VALUE_REAL ? x->d : NAN;
}

int klar_view_true(const klar_record_view *v, const char *name)
{
    const klar_field *f;
    const record_value *x = view_value(v, name, &f);
    return x && f->type == KLAR_FIELD_BOOL && x->type == VALUE_INT && x->i != 0;
}

/* The stored JSON array text of a REFS/ORGS field as its elements (ids or organisation ids);
 * text that is not such an array (edited by hand) is written as []. */
static void write_array(klar_jw *w, const klar_field *f, const char *text)
{
    json_t *a = json_loads(text, 0, NULL);
    klar_jw_begin_array(w);
    for (size_t i = 0; json_is_array(a) && i < json_array_size(a); i++) {
        const json_t *e = json_array_get(a, i);
        if (f->type == KLAR_FIELD_REFS && json_is_integer(e))
            klar_jw_int(w, json_integer_value(e));
        else if (f->type == KLAR_FIELD_ORGS && json_is_string(e))
            klar_jw_string(w, json_string_value(e));
    }
    klar_jw_end_array(w);
    json_decref(a);
}

/* Field f's value x as JSON. */
static void write_value(klar_jw *w, const klar_field *f, const record_value *x)
{
    if (f->type == KLAR_FIELD_BOOL)
        klar_jw_bool(w, x->type == VALUE_INT && x->i != 0);   /* null is false */
    else if (x->type == VALUE_NULL)
        klar_jw_null(w);
    else if (f->type == KLAR_FIELD_REFS || f->type == KLAR_FIELD_ORGS)
        write_array(w, f, x->s);
    else if (x->type == VALUE_INT)
        klar_jw_int(w, x->i);
    else if (x->type == VALUE_REAL)
        klar_jw_number(w, x->d);
    else
        klar_jw_string(w, x->s);
}

int klar_kind_is_done(const klar_kind *k, const char *status)
{
    for (const char *const *d = k->done; d && *d && status; d++)
        if (strcmp(*d, status) == 0)
            return 1;
    return 0;
}

/* The derived members of v as of today: overdue (kinds with a due date), then the kind's. */
static void write_derived(klar_jw *w, const klar_record_view *v, const char *today)
{
    const klar_kind *k = v->k;
    if (k->due) {
        const char *due = klar_view_text(v, k->due);
        klar_jw_key(w, "overdue");
        klar_jw_bool(w, due && strcmp(due, today) < 0 &&
                            !klar_kind_is_done(k, klar_view_text(v, "status")));
    }
    if (k->derive)
        k->derive(v, today, w);
}

/* Record v as one JSON object; with its derived members as of today unless today is NULL
 * (the stored record, as audit rows keep it). */
static void write_record(klar_jw *w, const klar_record_view *v, const char *today)
{
    const klar_kind *k = v->k;
    klar_jw_begin_object(w);
    klar_jw_key(w, "id");
    klar_jw_int(w, v->id);
    klar_jw_key(w, "org_id");
    klar_jw_string(w, v->org_id);
    for (size_t i = 0; i < k->nfields; i++) {
        klar_jw_key(w, k->fields[i].name);
        write_value(w, &k->fields[i], &v->v[i]);
    }
    klar_jw_key(w, "version");
    klar_jw_int(w, v->version);
    klar_jw_key(w, "created_at");
    klar_jw_string(w, v->created_at);
    klar_jw_key(w, "updated_at");
    klar_jw_string(w, v->updated_at);
    if (today)
        write_derived(w, v, today);
    klar_jw_end_object(w);
}

/* The text written into w read back as a JSON value (w emptied), or NULL with err (OOM). */
static json_t *read_back(klar_jw *w, klar_error *err)
{
    size_t len;
    char *text = klar_jw_finish(w, &len);
    json_t *j = text ? json_loadb(text, len, 0, NULL) : NULL;
    free(text);
    if (!j)
        klar_error_set(err, NULL, 0, "out of memory");
    return j;
}

/* Prepares the SELECT of row id of k; NULL with err. */
static klar_stmt *prepare_row(klar_store *s, const klar_kind *k, int64_t id, klar_error *err)
{
    if (!kind_fits(k, err))
        return NULL;
    sql_text t = {.used = 0};
    sql_add(&t, "SELECT ");
    sql_add_columns(&t, k);
    sql_add(&t, " FROM %s WHERE id = ?1", k->table);
    klar_stmt *st = sql_prepare(s, k, &t, err);
    if (st)
        klar_stmt_bind_int64(st, 1, id);
    return st;
}

/* Row id of k as JSON into w, derived as of today (NULL: the stored record only): 1, 0 if
 * there is none, -1 with err. */
static int write_row(klar_store *s, const klar_kind *k, int64_t id, const char *today,
                     klar_jw *w, klar_error *err)
{
    klar_stmt *st = prepare_row(s, k, id, err);
    if (!st)
        return -1;
    int rc = klar_stmt_step(st, err);
    if (rc == KLAR_STMT_ROW) {
        klar_record_view v;
        view_from_row(st, k, &v);
        write_record(w, &v, today);
    }
    klar_stmt_finalize(st);
    return rc < 0 ? -1 : rc == KLAR_STMT_ROW;
}

/* Reads row id of k without derived members: 1 with *out, 0, or -1 with err. */
static int read_row(klar_store *s, const klar_kind *k, int64_t id, json_t **out,
                    klar_error *err)
{
    klar_jw w = {0};
    int found = write_row(s, k, id, NULL, &w, err);
    if (found != 1) {
        klar_jw_free(&w);
        return found;
    }
    *out = read_back(&w, err);
    return *out ? 1 : -1;
}

/* ---- derived values ---- */

int klar_record_derive(const klar_kind *k, json_t *rec, const char *today)
{
    char now[11];
    if (!today) {
        klar_today(now);
        today = now;
    }
    if (!kind_fits(k, NULL))
        return -1;
    klar_record_view v;
    view_from_json(k, rec, &v);
    klar_jw w = {0};
    klar_jw_begin_object(&w);
    write_derived(&w, &v, today);
    klar_jw_end_object(&w);
    json_t *derived = read_back(&w, NULL);
    int rc = derived ? json_object_update(rec, derived) : -1;
    json_decref(derived);
    return rc;
}

/* ---- transactions and audit ---- */

static int audit(klar_store *s, const klar_kind *k, int64_t user_id, const char *action,
                 const json_t *before, const json_t *after, klar_error *err)
{
    const json_t *r = after ? after : before;
    char id[32];
    snprintf(id, sizeof id, "%lld", (long long)json_integer_value(json_object_get(r, "id")));
    char *btext = before ? json_dumps(before, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
    char *atext = after ? json_dumps(after, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
    int rc = -1;
    if ((before && !btext) || (after && !atext))
        klar_error_set(err, NULL, 0, "out of memory");
    else
        rc = klar_audit_write(s, user_id, json_string_value(json_object_get(r, "org_id")),
                              action, k->name, id, btext, atext, err);
    free(btext);
    free(atext);
    return rc;
}

/* The message of a UNIQUE violation on k. */
static int conflict(const klar_kind *k, const json_t *in, klar_error *err)
{
    char cols[200] = "";
    size_t used = 0;
    for (const char *const *u = k->unique; u && *u && used < sizeof cols; u++) {
        json_t *v = json_object_get(in, *u);
        char *text = v ? json_dumps(v, JSON_ENCODE_ANY) : NULL;
        int w = snprintf(cols + used, sizeof cols - used, ", %s %.60s", *u, text ? text : "");
        free(text);
        if (w < 0)
            break;
        used += (size_t)w;
    }
    klar_error_field(err, KLAR_ERR_CONFLICT, k->unique ? k->unique[0] : NULL,
                     "a %s of organisation '%.48s'%s already exists", k->title,
                     json_string_value(json_object_get(in, "org_id")), cols);
    return KLAR_REG_CONFLICT;
}

/* Runs the prepared write st; maps a constraint failure to KLAR_REG_CONFLICT via in. */
static int step_write(klar_stmt *st, const klar_kind *k, const json_t *in, klar_error *err)
{
    int rc = klar_stmt_step(st, err);
    if (rc >= 0)
        return 0;
    return klar_stmt_constraint_failed(st) ? conflict(k, in, err) : KLAR_REG_FAILED;
}

/* ---- create ---- */

static int insert_row(klar_store *s, const klar_kind *k, const json_t *in, const char *now,
                      int64_t *id, klar_error *err)
{
    sql_text t = {.used = 0};
    sql_add(&t, "INSERT INTO %s (org_id", k->table);
    for (size_t i = 0; i < k->nfields; i++)
        sql_add(&t, ", %s", k->fields[i].name);
    sql_add(&t, ", version, created_at, updated_at) VALUES (?1");
    int now_arg = (int)k->nfields + 2;
    for (int i = 2; i < now_arg; i++)
        sql_add(&t, ", ?%d", i);
    sql_add(&t, ", 1, ?%d, ?%d) RETURNING id", now_arg, now_arg);
    klar_stmt *st = sql_prepare(s, k, &t, err);
    if (!st)
        return KLAR_REG_FAILED;
    int rc = KLAR_REG_FAILED;
    if (bind_record(st, 1, k, in) < 0 || klar_stmt_bind_text(st, now_arg, now) < 0)
        klar_error_set(err, NULL, 0, "out of memory");
    else if ((rc = step_write(st, k, in, err)) == 0) {
        *id = klar_stmt_column_int64(st, 0);
        rc = klar_stmt_step(st, err) == KLAR_STMT_DONE ? 0 : KLAR_REG_FAILED;
    }
    klar_stmt_finalize(st);
    return rc;
}

/* Hands rec (with derived members) to *out, or releases it. 0, or KLAR_REG_FAILED (OOM). */
static int give(const klar_kind *k, json_t *rec, json_t **out, klar_error *err)
{
    if (!out) {
        json_decref(rec);
        return 0;
    }
    if (klar_record_derive(k, rec, NULL) < 0) {
        json_decref(rec);
        klar_error_set(err, NULL, 0, "out of memory");
        return KLAR_REG_FAILED;
    }
    *out = rec;
    return 0;
}

int klar_record_create(klar_store *s, const klar_kind *k, int64_t user_id, const json_t *in,
                       json_t **out, klar_error *err)
{
    if (out)
        *out = NULL;
    int rc = check_record(s, k, user_id, in, err);
    if (rc)
        return rc;
    char now[KLAR_TIMESTAMP_SIZE];
    klar_store_now(now);
    if (klar_store_begin(s, err) < 0)
        return KLAR_REG_FAILED;
    int64_t id = 0;
    json_t *after = NULL;
    rc = insert_row(s, k, in, now, &id, err);
    if (rc == 0 && read_row(s, k, id, &after, err) != 1)
        rc = KLAR_REG_FAILED;
    if (rc == 0 && audit(s, k, user_id, "create", NULL, after, err) < 0)
        rc = KLAR_REG_FAILED;
    rc = registry_finish(s, rc, err);
    if (rc) {
        json_decref(after);
        return rc;
    }
    return give(k, after, out, err);
}

/* ---- import: many records at once ---- */

/* Runs one statement without rows (a savepoint command); 0 or -1 with err. */
static int exec_sql(klar_store *s, const char *sql, klar_error *err)
{
    klar_stmt *st = klar_store_prepare(s, sql, err);
    int rc = st && klar_stmt_step(st, err) == KLAR_STMT_DONE ? 0 : -1;
    klar_stmt_finalize(st);
    return rc;
}

/* Adds {"row": n (1-based), "field", "message"} of err to errors, at most
 * KLAR_IMPORT_MAX_ERRORS of them; -1 when out of memory. */
static int add_row_error(json_t *errors, size_t index, const klar_error *err)
{
    if (json_array_size(errors) >= KLAR_IMPORT_MAX_ERRORS)
        return 0;
    json_t *e = json_pack("{s:I, s:s, s:s}", "row", (json_int_t)(index + 1), "field",
                          err->field, "message", err->message);
    return e && json_array_append_new(errors, e) == 0 ? 0 : -1;
}

/* Checks every row as a create would; 0 (errors may hold the rows that fail) or FAILED. */
static int check_rows(klar_store *s, const klar_kind *k, int64_t user_id, const json_t *rows,
                      json_t *errors, klar_error *err)
{
    for (size_t i = 0; i < json_array_size(rows); i++) {
        klar_error row_err;
        int rc = check_record(s, k, user_id, json_array_get(rows, i), &row_err);
        if (rc == KLAR_REG_FAILED) {
            *err = row_err;
            return KLAR_REG_FAILED;
        }
        if (rc && add_row_error(errors, i, &row_err) < 0) {
            klar_error_set(err, NULL, 0, "out of memory");
            return KLAR_REG_FAILED;
        }
    }
    return 0;
}

/* Inserts row i with its audit row inside a savepoint, so that a conflict (a uniqueness rule,
 * also between rows of the import) leaves the transaction usable on both backends: 0, or the
 * conflict added to errors, or FAILED with err. */
static int insert_in_savepoint(klar_store *s, const klar_kind *k, int64_t user_id,
                               const json_t *row, size_t i, const char *now, json_t *errors,
                               klar_error *err)
{
    klar_error row_err;
    int64_t id = 0;
    json_t *after = NULL;
    if (exec_sql(s, "SAVEPOINT klar_import_row", err) < 0)
        return KLAR_REG_FAILED;
    int rc = insert_row(s, k, row, now, &id, &row_err);
    if (rc == 0 && read_row(s, k, id, &after, &row_err) != 1)
        rc = KLAR_REG_FAILED;
    if (rc == 0 && audit(s, k, user_id, "create", NULL, after, &row_err) < 0)
        rc = KLAR_REG_FAILED;
    json_decref(after);
    if (rc == 0)
        return exec_sql(s, "RELEASE SAVEPOINT klar_import_row", err) < 0 ? KLAR_REG_FAILED : 0;
    if (rc != KLAR_REG_CONFLICT && rc != KLAR_REG_INVALID) {
        *err = row_err;
        return KLAR_REG_FAILED;
    }
    if (exec_sql(s, "ROLLBACK TO SAVEPOINT klar_import_row", err) < 0 ||
        exec_sql(s, "RELEASE SAVEPOINT klar_import_row", err) < 0)   /* no nesting */
        return KLAR_REG_FAILED;
    if (add_row_error(errors, i, &row_err) < 0) {
        klar_error_set(err, NULL, 0, "out of memory");
        return KLAR_REG_FAILED;
    }
    return 0;
}

int klar_record_import(klar_store *s, const klar_kind *k, int64_t user_id, const json_t *rows,
                       int dry_run, json_t **errors, klar_error *err)
{
    *errors = json_array();
    if (!*errors || !json_is_array(rows)) {
        klar_error_set(err, NULL, 0, *errors ? "the rows are not an array" : "out of memory");
        return KLAR_REG_FAILED;
    }
    int rc = check_rows(s, k, user_id, rows, *errors, err);
    if (rc || json_array_size(*errors) > 0)
        return rc ? rc : KLAR_REG_INVALID;
    char now[KLAR_TIMESTAMP_SIZE];
    klar_store_now(now);
    if (klar_store_begin(s, err) < 0)
        return KLAR_REG_FAILED;
    for (size_t i = 0; rc == 0 && i < json_array_size(rows); i++)
        rc = insert_in_savepoint(s, k, user_id, json_array_get(rows, i), i, now, *errors, err);
    if (rc == 0 && json_array_size(*errors) > 0)
        rc = KLAR_REG_INVALID;
    if (rc == 0 && dry_run) {
        klar_store_rollback(s);            /* every row would go in: keep none of them */
        return 0;
    }
    return registry_finish(s, rc, err);
}

/* ---- read ---- */

int klar_record_write(klar_store *s, const klar_kind *k, int64_t id, klar_jw *w,
                      klar_error *err)
{
    char today[11];
    klar_today(today);
    return write_row(s, k, id, today, w, err);
}

int klar_record_get(klar_store *s, const klar_kind *k, int64_t id, json_t **out,
                    klar_error *err)
{
    *out = NULL;
    klar_jw w = {0};
    int found = klar_record_write(s, k, id, &w, err);
    if (found != 1) {
        klar_jw_free(&w);
        return found;
    }
    *out = read_back(&w, err);
    return *out ? 1 : -1;
}

int klar_record_org(klar_store *s, const klar_kind *k, int64_t id, char org[48],
                    klar_error *err)
{
    char sql[128];
    snprintf(sql, sizeof sql, "SELECT org_id FROM %s WHERE id = ?1", k->table);
    klar_stmt *st = klar_store_prepare(s, sql, err);
    if (!st)
        return -1;
    klar_stmt_bind_int64(st, 1, id);
    int rc = klar_stmt_step(st, err);
    org[0] = '\0';
    if (rc == KLAR_STMT_ROW)
        snprintf(org, 48, "%s", klar_stmt_column_text(st, 0));
    klar_stmt_finalize(st);
    return rc < 0 ? -1 : rc == KLAR_STMT_ROW;
}

static int is_filter(const klar_kind *k, const char *name)
{
    for (const char *const *f = k->filters; f && *f; f++)
        if (strcmp(*f, name) == 0)
            return 1;
    return 0;
}

/* The filter value text for field fl as a JSON value of its type (a new reference), or NULL
 * with err when it cannot be one. */
static json_t *filter_value(const klar_field *fl, const char *text, klar_error *err)
{
    json_t *v = NULL;
    char *end;
    switch (fl->type) {
    case KLAR_FIELD_INT:
    case KLAR_FIELD_REF: {
        long long x = strtoll(text, &end, 10);
        if (*text && !*end)
            v = json_integer(x);
        break;
    }
    case KLAR_FIELD_BOOL:
        if (strcmp(text, "true") == 0 || strcmp(text, "false") == 0)
            v = json_boolean(strcmp(text, "true") == 0);
        break;
    default:
        v = json_string(text);
    }
    if (v && (fl->type == KLAR_FIELD_INT || fl->type == KLAR_FIELD_REF ||
              check_value(fl, v, err) == 0))
        return v;
    json_decref(v);
    klar_error_field(err, KLAR_ERR_INVALID, fl->name,
                     "%s: '%.40s' is not a value of this field", fl->name, text);
    return NULL;
}

/* Appends "SELECT <columns, or count(*)> FROM <k's table> WHERE <f>"; the texts to bind
 * follow from f (bind_filter). The number of the first parameter after them into *next. */
static void sql_add_filtered(sql_text *t, const klar_kind *k, const klar_record_filter *f,
                             int count, int *next)
{
    int within = f->within != NULL, arg = within ? 2 : 1;
    int inherited = within && f->inherited && k->shared;
    sql_add(t, "%sSELECT ", inherited ? KLAR_SUBTREE_AND_ANCESTORS_CTE
                            : within  ? REGISTRY_SUBTREE_CTE : "");
    if (count)
        sql_add(t, "count(*)");
    else
        sql_add_columns(t, k);
    sql_add(t, " FROM %s WHERE 1 = 1%s", k->table,
            inherited ? " AND (org_id IN (SELECT id FROM sub) OR org_id IN (SELECT id FROM up))"
            : within  ? " AND org_id IN (SELECT id FROM sub)" : "");
    for (int i = 0; i < f->n; i++)
        sql_add(t, " AND %s = ?%d", f->names[i], arg++);
    if (f->overdue && k->due) {
        sql_add(t, " AND %s < ?%d", k->due, arg++);
        if (k->done) {
            sql_add(t, " AND (status IS NULL OR status NOT IN (");
            for (const char *const *d = k->done; *d; d++)
                sql_add(t, "%s'%s'", d == k->done ? "" : ", ", *d);
            sql_add(t, "))");
        }
    }
    *next = arg;
}

/* The SQL of a list with f (its page included); the number of the page's first parameter
 * (limit, then offset) into *page_arg. */
static void sql_add_list(sql_text *t, const klar_kind *k, const klar_record_filter *f,
                         int *page_arg)
{
    sql_add_filtered(t, k, f, 0, page_arg);
    sql_add(t, " ORDER BY %s", k->order ? k->order : "id");
    if (f->limit)
        sql_add(t, " LIMIT ?%d OFFSET ?%d", *page_arg, *page_arg + 1);
}

/* Checks the filter against k and binds its values; 0, KLAR_REG_INVALID or FAILED. */
static int bind_filter(klar_stmt *st, const klar_kind *k, const klar_record_filter *f,
                       const char *today, klar_error *err)
{
    int arg = 1;
    if (f->within && klar_stmt_bind_text(st, arg++, f->within) < 0)
        return KLAR_REG_FAILED;
    for (int i = 0; i < f->n; i++) {
        const klar_field *fl = klar_kind_field(k, f->names[i]);
        json_t *v = filter_value(fl, f->values[i], err);
        if (!v)
            return KLAR_REG_INVALID;
        int rc = bind_value(st, arg++, fl, v);
        json_decref(v);
        if (rc < 0)
            return KLAR_REG_FAILED;
    }
    if (f->overdue && k->due && klar_stmt_bind_text(st, arg, today) < 0)
        return KLAR_REG_FAILED;
    return 0;
}

/* Rejects filters on fields that are not filterable, before any SQL is built from them. */
static int filter_names_valid(const klar_kind *k, const klar_record_filter *f, klar_error *err)
{
    if (f->n < 0 || f->n > KLAR_RECORD_MAX_FILTERS) {
        klar_error_field(err, KLAR_ERR_INVALID, NULL, "too many filters");
        return 0;
    }
    for (int i = 0; i < f->n; i++)
        if (!is_filter(k, f->names[i]) || !klar_kind_field(k, f->names[i])) {
            klar_error_field(err, KLAR_ERR_INVALID, f->names[i],
                             "%.40s: %ss cannot be filtered on this", f->names[i], k->title);
            return 0;
        }
    if (f->overdue && !k->due) {
        klar_error_field(err, KLAR_ERR_INVALID, "overdue", "overdue: %ss have no due date",
                         k->title);
        return 0;
    }
    return 1;
}

/* The date overdue is judged on: f's, else today's (UTC). */
static void filter_today(const klar_record_filter *f, char today[11])
{
    if (f->today)
        snprintf(today, 11, "%s", f->today);
    else
        klar_today(today);
}

/* The prepared and bound statement of f's records or (count) their number; NULL with err
 * (KLAR_REG_INVALID or FAILED into *rc). */
static klar_stmt *prepare_filtered(klar_store *s, const klar_kind *k,
                                   const klar_record_filter *f, int count, const char *today,
                                   int *rc, klar_error *err)
{
    *rc = KLAR_REG_INVALID;
    if (!filter_names_valid(k, f, err))
        return NULL;
    *rc = KLAR_REG_FAILED;
    if (!kind_fits(k, err))
        return NULL;
    int page_arg;
    sql_text t = {.used = 0};
    if (count)
        sql_add_filtered(&t, k, f, 1, &page_arg);
    else
        sql_add_list(&t, k, f, &page_arg);
    klar_stmt *st = sql_prepare(s, k, &t, err);
    if (!st)
        return NULL;
    if (!count && f->limit) {
        klar_stmt_bind_int64(st, page_arg, (int64_t)f->limit);
        klar_stmt_bind_int64(st, page_arg + 1, (int64_t)f->offset);
    }
    if ((*rc = bind_filter(st, k, f, today, err)) != 0) {
        klar_stmt_finalize(st);
        return NULL;
    }
    return st;
}

int klar_record_write_list(klar_store *s, const klar_kind *k, const klar_record_filter *f,
                           klar_jw *w, size_t *count, klar_error *err)
{
    static const klar_record_filter none = {0};
    if (!f)
        f = &none;
    if (count)
        *count = 0;
    char today[11];
    filter_today(f, today);
    int rc;
    klar_stmt *st = prepare_filtered(s, k, f, 0, today, &rc, err);
    if (!st)
        return rc;
    size_t n = 0;
    int step;
    while ((step = klar_stmt_step(st, err)) == KLAR_STMT_ROW) {
        klar_record_view v;
        view_from_row(st, k, &v);
        write_record(w, &v, today);
        n++;
    }
    klar_stmt_finalize(st);
    if (count)
        *count = n;
    return step < 0 ? KLAR_REG_FAILED : 0;
}

json_t *klar_record_list(klar_store *s, const klar_kind *k, const klar_record_filter *f,
                         klar_error *err)
{
    klar_jw w = {0};
    klar_jw_begin_array(&w);
    if (klar_record_write_list(s, k, f, &w, NULL, err) != 0) {
        klar_jw_free(&w);
        return NULL;
    }
    klar_jw_end_array(&w);
    return read_back(&w, err);
}

int64_t klar_record_count(klar_store *s, const klar_kind *k, const klar_record_filter *f,
                          klar_error *err)
{
    static const klar_record_filter none = {0};
    if (!f)
        f = &none;
    char today[11];
    filter_today(f, today);
    int rc;
    klar_stmt *st = prepare_filtered(s, k, f, 1, today, &rc, err);
    if (!st)
        return -1;
    int64_t n = klar_stmt_step(st, err) == KLAR_STMT_ROW ? klar_stmt_column_int64(st, 0) : -1;
    klar_stmt_finalize(st);
    return n;
}

/* ---- update and delete ---- */

static int update_row(klar_store *s, const klar_kind *k, int64_t id, int64_t version,
                      const json_t *in, klar_error *err)
{
    sql_text t = {.used = 0};
    sql_add(&t, "UPDATE %s SET org_id = ?3", k->table);
    for (size_t i = 0; i < k->nfields; i++)
        sql_add(&t, ", %s = ?%d", k->fields[i].name, (int)i + 4);
    int now_arg = (int)k->nfields + 4;
    sql_add(&t, ", version = version + 1, updated_at = ?%d WHERE id = ?1 AND version = ?2",
            now_arg);
    char now[KLAR_TIMESTAMP_SIZE];
    klar_store_now(now);
    klar_stmt *st = sql_prepare(s, k, &t, err);
    if (!st)
        return KLAR_REG_FAILED;
    int rc = KLAR_REG_FAILED;
    klar_stmt_bind_int64(st, 1, id);
    klar_stmt_bind_int64(st, 2, version);
    if (bind_record(st, 3, k, in) < 0 || klar_stmt_bind_text(st, now_arg, now) < 0)
        klar_error_set(err, NULL, 0, "out of memory");
    else if ((rc = step_write(st, k, in, err)) == 0 && klar_stmt_changes(st) == 0)
        rc = KLAR_REG_STALE;
    klar_stmt_finalize(st);
    return rc;
}

/* Reads the row before a change inside the open transaction: 0 with *before, or
 * KLAR_REG_NOT_FOUND / KLAR_REG_FAILED with err. */
static int read_before(klar_store *s, const klar_kind *k, int64_t id,
                       const char *expected_org, json_t **before, klar_error *err)
{
    int found = read_row(s, k, id, before, err);
    if (found < 0)
        return KLAR_REG_FAILED;
    if (!found) {
        klar_error_field(err, KLAR_ERR_NOT_FOUND, NULL, "no %s has the id %lld", k->title,
                         (long long)id);
        return KLAR_REG_NOT_FOUND;
    }
    const char *org = json_string_value(json_object_get(*before, "org_id"));
    if (expected_org && strcmp(org, expected_org) != 0) {
        klar_error_field(err, KLAR_ERR_STALE, "org_id",
                         "%s %lld has moved to another organisation: reload it", k->title,
                         (long long)id);
        return KLAR_REG_STALE;
    }
    return 0;
}

int klar_record_update(klar_store *s, const klar_kind *k, int64_t user_id, int64_t id,
                       const char *expected_org, const json_t *in, json_t **out,
                       klar_error *err)
{
    if (out)
        *out = NULL;
    json_t *jv = json_is_object(in) ? json_object_get(in, "version") : NULL;
    if (json_is_object(in) && (!jv || !json_is_integer(jv) || json_integer_value(jv) < 1)) {
        klar_error_field(err, KLAR_ERR_INVALID, "version",
                         "version must be the integer version the %s was read at", k->title);
        return KLAR_REG_INVALID;
    }
    int rc = check_record(s, k, user_id, in, err);
    if (rc)
        return rc;
    int64_t version = json_integer_value(jv);
    if (klar_store_begin(s, err) < 0)
        return KLAR_REG_FAILED;
    json_t *before = NULL, *after = NULL;
    rc = read_before(s, k, id, expected_org, &before, err);
    if (rc == 0 && (rc = update_row(s, k, id, version, in, err)) == KLAR_REG_STALE)
        klar_error_field(err, KLAR_ERR_STALE, "version",
                         "%s %lld is at version %lld, not %lld: reload it", k->title,
                         (long long)id,
                         (long long)json_integer_value(json_object_get(before, "version")),
                         (long long)version);
    if (rc == 0 && read_row(s, k, id, &after, err) != 1)
        rc = KLAR_REG_FAILED;
    if (rc == 0 && audit(s, k, user_id, "update", before, after, err) < 0)
        rc = KLAR_REG_FAILED;
    json_decref(before);
    rc = registry_finish(s, rc, err);
    if (rc) {
        json_decref(after);
        return rc;
    }
    return give(k, after, out, err);
}

int klar_record_delete(klar_store *s, const klar_kind *k, int64_t user_id, int64_t id,
                       const char *expected_org, klar_error *err)
{
    if (klar_store_begin(s, err) < 0)
        return KLAR_REG_FAILED;
    json_t *before = NULL;
    int rc = read_before(s, k, id, expected_org, &before, err);
    char holders[600];
    int64_t referrers = rc == 0 ? registry_referrers(s, k, id, holders, sizeof holders, err) : 0;
    if (referrers < 0) {
        rc = KLAR_REG_FAILED;
    } else if (referrers > 0) {              /* who holds references: counts, not content */
        klar_error_field(err, KLAR_ERR_CONFLICT, NULL,
                         "%s %lld is referred to by %lld record%s (%s); those references must "
                         "go first", k->title, (long long)id, (long long)referrers,
                         referrers == 1 ? "" : "s", holders);
        rc = KLAR_REG_CONFLICT;
    }
    if (rc == 0) {
        char sql[128];
        snprintf(sql, sizeof sql, "DELETE FROM %s WHERE id = ?1", k->table);
        klar_stmt *st = klar_store_prepare(s, sql, err);
        if (!st)
            rc = KLAR_REG_FAILED;
        else {
            klar_stmt_bind_int64(st, 1, id);
            if (klar_stmt_step(st, err) < 0) {
                rc = KLAR_REG_FAILED;
                if (klar_stmt_constraint_failed(st)) {
                    klar_error_field(err, KLAR_ERR_CONFLICT, NULL,
                                     "%s %lld is still referred to by other records: delete"
                                     " or relink those first", k->title, (long long)id);
                    rc = KLAR_REG_CONFLICT;
                }
            }
            klar_stmt_finalize(st);
        }
    }
    if (rc == 0 && audit(s, k, user_id, "delete", before, NULL, err) < 0)
        rc = KLAR_REG_FAILED;
    json_decref(before);
    return registry_finish(s, rc, err);
}
