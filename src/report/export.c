/* export.c - records as CSV text and as XLSX workbooks (libxlsxwriter), see klar/export.h.
 * The columns are the members of the first record, then any member a later record adds. */
#include "klar/export.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xlsxwriter.h>

/* The column names of records: a new array of strings, or NULL when out of memory. */
static json_t *columns_of(const json_t *records)
{
    json_t *cols = json_array(), *seen = json_object();
    size_t i;
    json_t *rec;
    json_array_foreach(records, i, rec) {
        const char *key;
        json_t *v;
        json_object_foreach((json_t *)rec, key, v) {
            (void)v;
            if (!json_object_get(seen, key)) {
                json_object_set_new(seen, key, json_true());
                json_array_append_new(cols, json_string(key));
            }
        }
    }
    json_decref(seen);
    return cols;
}

#define LIST_BUF 16384              /* a list's text (500 organisation ids fit) */

/* A cell's value as text (for CSV and the text cells of XLSX) into buf. */
static const char *cell_text(const json_t *v, char *buf, size_t size)
{
    buf[0] = '\0';
    if (!v || json_is_null(v))
        return buf;
    if (json_is_string(v))
        return json_string_value(v);
    if (json_is_true(v))
        return "TRUE";
    if (json_is_false(v))
        return "FALSE";
    if (json_is_integer(v)) {
        snprintf(buf, size, "%lld", (long long)json_integer_value(v));
        return buf;
    }
    if (json_is_real(v)) {
        snprintf(buf, size, "%.10g", json_real_value(v));
        return buf;
    }
    if (json_is_object(v) && json_object_get(v, "value"))
        return cell_text(json_object_get(v, "value"), buf, size);
    if (json_is_array(v)) {
        size_t used = 0, i;
        json_t *item;
        json_array_foreach(v, i, item) {
            char one[64];
            const char *t = cell_text(item, one, sizeof one);
            int w = snprintf(buf + used, used < size ? size - used : 0, "%s%s", i ? "; " : "", t);
            used += w > 0 ? (size_t)w : 0;
        }
        return buf;
    }
    return buf;
}

/* ---- CSV ------------------------------------------------------------------------------------ */

typedef struct text {
    char *s;
    size_t len, cap;
    int failed;
} text;

static void put(text *t, const char *s, size_t n)
{
    if (t->failed)
        return;
    if (t->len + n + 1 > t->cap) {
        size_t cap = (t->cap + n + 1) * 2;
        char *p = realloc(t->s, cap);
        if (!p) {
            t->failed = 1;
            return;
        }
        t->s = p;
        t->cap = cap;
    }
    memcpy(t->s + t->len, s, n);
    t->len += n;
    t->s[t->len] = '\0';
}

/* One CSV field, quoted when it holds a comma, a quote or a line break. */
static void put_field(text *t, const char *s)
{
    if (!strpbrk(s, ",\"\r\n")) {
        put(t, s, strlen(s));
        return;
    }
    put(t, "\"", 1);
    for (const char *p = s; *p; p++) {
        if (*p == '"')
            put(t, "\"\"", 2);               /* a quote inside is doubled */
        else
            put(t, p, 1);
    }
    put(t, "\"", 1);
}

/* A text cell that a spreadsheet would take for a formula (=, +, -, @, a tab or a carriage
 * return first) gets a ' in front, so that opening the file runs nothing. Numbers are not
 * text cells and keep their sign. */
static void put_text_field(text *t, const json_t *v, const char *s)
{
    if (json_is_string(v) && s[0] && strchr("=+-@\t\r", s[0])) {
        char *guarded = malloc(strlen(s) + 2);
        if (!guarded) {
            t->failed = 1;
            return;
        }
        guarded[0] = '\'';
        strcpy(guarded + 1, s);
        put_field(t, guarded);
        free(guarded);
        return;
    }
    put_field(t, s);
}

char *klar_export_csv(const json_t *records, size_t *len, klar_error *err)
{
    json_t *cols = columns_of(records);
    text t = {0};
    static const char bom[] = "\xEF\xBB\xBF";      /* so that Excel reads UTF-8 */
    put(&t, bom, 3);
    char *buf = malloc(LIST_BUF);
    if (!buf)
        t.failed = 1;
    size_t i, j;
    json_t *rec, *col;
    json_array_foreach(cols, j, col) {
        if (j)
            put(&t, ",", 1);
        put_field(&t, json_string_value(col));
    }
    put(&t, "\r\n", 2);
    json_array_foreach(records, i, rec) {
        json_array_foreach(cols, j, col) {
            if (j)
                put(&t, ",", 1);
            json_t *v = json_object_get(rec, json_string_value(col));
            put_text_field(&t, v, buf ? cell_text(v, buf, LIST_BUF) : "");
        }
        put(&t, "\r\n", 2);
    }
    json_decref(cols);
    free(buf);
    if (!cols || t.failed) {
        free(t.s);
        klar_error_set(err, NULL, 0, "out of memory writing CSV");
        return NULL;
    }
    *len = t.len;
    return t.s;
}

#define XLSX_MAX_TEXT 32767          /* characters an Excel cell takes (bytes here: fewer) */
#define TRUNCATED " [...]"

/* ---- XLSX ----------------------------------------------------------------------------------- */

/* Writes the cell of value v at (row, col). */
static lxw_error write_cell(lxw_worksheet *ws, lxw_row_t row, lxw_col_t col, const json_t *v)
{
    char buf[LIST_BUF];
    if (!v || json_is_null(v))
        return LXW_NO_ERROR;
    if (json_is_object(v) && json_object_get(v, "value"))
        v = json_object_get(v, "value");
    if (json_is_number(v))
        return worksheet_write_number(ws, row, col, json_number_value(v), NULL);
    if (json_is_boolean(v))
        return worksheet_write_boolean(ws, row, col, json_is_true(v), NULL);
    const char *s = cell_text(v, buf, sizeof buf);
    if (strlen(s) <= XLSX_MAX_TEXT)
        return worksheet_write_string(ws, row, col, s, NULL);
    /* a cell holds at most 32 767 characters: cut (at a UTF-8 boundary) and say so */
    char *cut = malloc(XLSX_MAX_TEXT + 1);
    if (!cut)
        return LXW_ERROR_MEMORY_MALLOC_FAILED;
    size_t n = XLSX_MAX_TEXT - sizeof TRUNCATED;
    while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
        n--;
    memcpy(cut, s, n);
    memcpy(cut + n, TRUNCATED, sizeof TRUNCATED);
    lxw_error rc = worksheet_write_string(ws, row, col, cut, NULL);
    free(cut);
    return rc;
}

/* Writes records as one sheet of wb, a bold frozen header row of their members first. */
static lxw_error write_sheet(lxw_workbook *wb, lxw_format *bold, const klar_export_sheet *sh)
{
    json_t *cols = columns_of(sh->records);
    lxw_worksheet *ws = cols ? workbook_add_worksheet(wb, sh->name) : NULL;
    if (!ws) {
        json_decref(cols);
        return LXW_ERROR_MEMORY_MALLOC_FAILED;
    }
    lxw_error rc = LXW_NO_ERROR;
    size_t i, j;
    json_t *rec, *col;
    json_array_foreach(cols, j, col)
        if (rc == LXW_NO_ERROR)
            rc = worksheet_write_string(ws, 0, (lxw_col_t)j, json_string_value(col), bold);
    worksheet_freeze_panes(ws, 1, 0);
    json_array_foreach(sh->records, i, rec)
        json_array_foreach(cols, j, col)
            if (rc == LXW_NO_ERROR)
                rc = write_cell(ws, (lxw_row_t)(i + 1), (lxw_col_t)j,
                                json_object_get(rec, json_string_value(col)));
    json_decref(cols);
    return rc;
}

int klar_export_xlsx_sheets(const klar_export_sheet *sheets, size_t n, const char *path,
                            klar_error *err)
{
    lxw_workbook *wb = workbook_new(path);
    lxw_format *bold = wb ? workbook_add_format(wb) : NULL;
    if (!bold) {
        if (wb)
            workbook_close(wb);
        klar_error_set(err, path, 0, "cannot make a workbook");
        return -1;
    }
    format_set_bold(bold);
    lxw_error rc = LXW_NO_ERROR;
    for (size_t i = 0; i < n && rc == LXW_NO_ERROR; i++)
        rc = write_sheet(wb, bold, &sheets[i]);
    lxw_error closed = workbook_close(wb);
    if (rc != LXW_NO_ERROR || closed != LXW_NO_ERROR) {
        klar_error_set(err, path, 0, "cannot write the workbook: %s",
                       lxw_strerror(rc != LXW_NO_ERROR ? rc : closed));
        return -1;
    }
    return 0;
}

int klar_export_xlsx(const json_t *records, const char *sheet, const char *path,
                     klar_error *err)
{
    klar_export_sheet one = {sheet, records};
    return klar_export_xlsx_sheets(&one, 1, path, err);
}
