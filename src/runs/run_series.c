/* run_series.c - a run's result as a table and beside other runs: the summary lists show,
 * the series as one row a day (surge) or a year (workforce) for CSV and XLSX, and the
 * comparison of stored runs of one engine with their series aligned by day or year and the
 * differences of their summaries. Works on the JSON results of klar_run_surge_with and
 * klar_run_workforce, as stored (klar/runstore.h). */
#include "runs_internal.h"

#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int is_surge(const json_t *result)
{
    const char *engine = json_string_value(json_object_get(result, "engine"));
    return engine ? strcmp(engine, "surge") == 0 : json_object_get(result, "days") != NULL;
}

/* ---- the summary ----------------------------------------------------------------------------- */

/* A workforce projection's last year: {"year", "<alternative>": {supply_fte, demand_fte,
 * gap_fte}}. */
static json_t *workforce_summary(const json_t *result)
{
    json_t *rows = json_object_get(result, "rows"), *row;
    json_int_t last = json_integer_value(json_object_get(result, "to"));
    json_t *out = json_pack("{s:I, s:s}", "year", last, "unit", "FTE");
    size_t i;
    json_array_foreach(rows, i, row) {
        const char *alt = json_string_value(json_object_get(row, "alternative"));
        if (!out || !alt || json_integer_value(json_object_get(row, "year")) != last)
            continue;
        json_object_set_new(out, alt, json_pack("{s:O, s:O, s:O}", "supply_fte",
                                                json_object_get(row, "supply_fte"),
                                                "demand_fte", json_object_get(row, "demand_fte"),
                                                "gap_fte", json_object_get(row, "gap_fte")));
    }
    return out;
}

json_t *klar_run_summary(const json_t *result)
{
    if (is_surge(result)) {
        json_t *s = json_object_get(result, "summary");
        return s ? json_deep_copy(s) : json_object();
    }
    return workforce_summary(result);
}

/* ---- the series as rows ------------------------------------------------------------------------ */

/* name with its unit in brackets ("census_icu (patients)"), or the bare name without one. */
static void column_name(const char *name, const char *unit, char *out, size_t size)
{
    if (unit && *unit)
        snprintf(out, size, "%s (%s)", name, unit);
    else
        snprintf(out, size, "%s", name);
}

static int put_column(json_t *row, const char *name, const char *unit, json_t *value)
{
    char col[192];
    column_name(name, unit, col, sizeof col);
    return json_object_set(row, col, value);
}

/* One surge day as a flat row: day, date when given, every series, stock.<id>, bands. */
static json_t *surge_row(const json_t *day, const json_t *units)
{
    json_t *row = json_object();
    const char *key;
    json_t *v;
    if (!row)
        return NULL;
    json_object_set(row, "day", json_object_get(day, "day"));
    if (json_object_get(day, "date"))
        json_object_set(row, "date", json_object_get(day, "date"));
    json_object_foreach((json_t *)day, key, v) {
        if (json_is_number(v) && strcmp(key, "day") != 0)
            put_column(row, key, json_string_value(json_object_get(units, key)), v);
    }
    json_t *stock_units = json_object_get(units, "stock");
    json_object_foreach(json_object_get(day, "stock"), key, v) {
        char name[96];
        snprintf(name, sizeof name, "stock.%s", key);
        put_column(row, name, json_string_value(json_object_get(stock_units, key)), v);
    }
    json_t *band;
    json_object_foreach(json_object_get(day, "bands"), key, band) {
        static const char *const ps[] = {"p5", "p50", "p95"};
        for (size_t i = 0; i < sizeof ps / sizeof ps[0]; i++) {
            char name[96];
            snprintf(name, sizeof name, "%s.%s", key, ps[i]);
            json_t *p = json_object_get(band, ps[i]);
            if (p)
                put_column(row, name, json_string_value(json_object_get(units, key)), p);
        }
    }
    return row;
}

static json_t *surge_rows(const json_t *result)
{
    json_t *rows = json_array(), *day;
    json_t *units = json_object_get(result, "units");
    size_t i;
    json_array_foreach(json_object_get(result, "days"), i, day)
        if (rows && json_array_append_new(rows, surge_row(day, units)) != 0) {
            json_decref(rows);
            return NULL;
        }
    return rows;
}

/* The row of year in rows (a new one appended when none), or NULL. */
static json_t *year_row(json_t *rows, json_t *year)
{
    size_t n = json_array_size(rows);
    json_t *last = n ? json_array_get(rows, n - 1) : NULL;
    if (last && json_equal(json_object_get(last, "year"), year))
        return last;
    json_t *row = json_pack("{s:O}", "year", year);
    return row && json_array_append_new(rows, row) == 0 ? row : NULL;
}

/* The workforce rows, one a year: "<alternative>.<measure> (unit)". */
static json_t *workforce_rows(const json_t *result)
{
    json_t *rows = json_array(), *r, *units = json_object_get(result, "units");
    size_t i;
    json_array_foreach(json_object_get(result, "rows"), i, r) {
        const char *alt = json_string_value(json_object_get(r, "alternative"));
        json_t *row = rows && alt ? year_row(rows, json_object_get(r, "year")) : NULL;
        const char *key;
        json_t *v;
        if (!row) {
            json_decref(rows);
            return NULL;
        }
        json_object_foreach(r, key, v) {
            char name[160];
            snprintf(name, sizeof name, "%s.%s", alt, key);
            if (json_is_number(v) && strcmp(key, "year") != 0)
                put_column(row, name, json_string_value(json_object_get(units, key)), v);
        }
    }
    return rows;
}

json_t *klar_run_series_rows(const json_t *result)
{
    return is_surge(result) ? surge_rows(result) : workforce_rows(result);
}

/* ---- comparison -------------------------------------------------------------------------------- */

/* Adds every number of obj (nested objects as "outer.inner") to flat. */
static void flatten(const json_t *obj, const char *prefix, json_t *flat)
{
    const char *key;
    json_t *v;
    json_object_foreach((json_t *)obj, key, v) {
        char name[160];
        snprintf(name, sizeof name, "%s%s%s", prefix, *prefix ? "." : "", key);
        if (json_is_number(v))
            json_object_set(flat, name, v);
        else if (json_is_object(v) && strcmp(key, "units") != 0)
            flatten(v, name, flat);
    }
}

/* {"<measure>": {"values": [one a run], "differences": [each minus the first run's]}}. */
static json_t *summary_compare(json_t *const *runs, size_t n)
{
    json_t *flats[64], *out = json_object();
    size_t m = n < 64 ? n : 64;
    for (size_t i = 0; i < m; i++) {
        flats[i] = json_object();
        flatten(json_object_get(runs[i], "summary"), "", flats[i]);
    }
    const char *key;
    json_t *v;
    json_object_foreach(flats[0], key, v) {
        json_t *values = json_array(), *diffs = json_array();
        double first = json_number_value(v);
        for (size_t i = 0; i < m; i++) {
            json_t *x = json_object_get(flats[i], key);
            json_array_append(values, x ? x : json_null());
            json_array_append_new(diffs, x ? json_real(json_number_value(x) - first)
                                           : json_null());
        }
        json_object_set_new(out, key, json_pack("{s:o, s:o}", "values", values, "differences",
                                                diffs));
    }
    for (size_t i = 0; i < m; i++)
        json_decref(flats[i]);
    return out;
}

/* The series of the runs aligned on axis ("day" or "year"): {"x": [...], "series": {"<col>":
 * [[a value per x] per run]}}, values null where a run has no such x or column. */
static json_t *series_compare(json_t *const *runs, size_t n, const char *axis)
{
    json_t *tables[64], *xs = json_array(), *series = json_object();
    size_t m = n < 64 ? n : 64;
    double lo = INFINITY, hi = -INFINITY;
    for (size_t i = 0; i < m; i++) {
        tables[i] = klar_run_series_rows(json_object_get(runs[i], "result"));
        size_t j;
        json_t *row;
        json_array_foreach(tables[i], j, row) {
            double x = json_number_value(json_object_get(row, axis));
            lo = fmin(lo, x);
            hi = fmax(hi, x);
        }
    }
    for (double x = lo; isfinite(lo) && x <= hi; x++)
        json_array_append_new(xs, json_integer((json_int_t)x));
    for (size_t i = 0; i < m; i++) {
        size_t j;
        json_t *row;
        json_array_foreach(tables[i], j, row) {
            size_t at = (size_t)(json_number_value(json_object_get(row, axis)) - lo);
            const char *key;
            json_t *v;
            json_object_foreach(row, key, v) {
                if (!json_is_number(v) || strcmp(key, axis) == 0)
                    continue;
                json_t *per_run = json_object_get(series, key);
                if (!per_run) {
                    per_run = json_array();
                    for (size_t r = 0; r < m; r++) {
                        json_t *vals = json_array();
                        for (size_t k = 0; k < json_array_size(xs); k++)
                            json_array_append_new(vals, json_null());
                        json_array_append_new(per_run, vals);
                    }
                    json_object_set_new(series, key, per_run);
                }
                json_array_set(json_array_get(per_run, i), at, v);
            }
        }
        json_decref(tables[i]);
    }
    return json_pack("{s:o, s:o}", "x", xs, "series", series);
}

static json_t *run_header(const json_t *run)
{
    json_t *h = json_deep_copy(run);
    if (h) {
        json_object_del(h, "result");
        json_object_del(h, "request");
        json_object_del(h, "summary");
    }
    return h;
}

json_t *klar_run_compare(json_t *const *runs, size_t n, klar_error *err)
{
    if (n < 2 || n > KLAR_RUN_COMPARE_MAX) {
        klar_error_field(err, KLAR_ERR_INVALID, "ids", "compare 2 to %d runs, not %zu",
                         KLAR_RUN_COMPARE_MAX, n);
        return NULL;
    }
    const char *engine = json_string_value(json_object_get(runs[0], "engine"));
    for (size_t i = 1; i < n; i++) {
        const char *other = json_string_value(json_object_get(runs[i], "engine"));
        if (!engine || !other || strcmp(engine, other) != 0) {
            klar_error_field(err, KLAR_ERR_INVALID, "ids", "run %lld is a %s run and run %lld "
                             "a %s run: compare runs of one engine",
                             (long long)json_integer_value(json_object_get(runs[0], "id")),
                             engine ? engine : "?",
                             (long long)json_integer_value(json_object_get(runs[i], "id")),
                             other ? other : "?");
            return NULL;
        }
    }
    const char *axis = strcmp(engine, "surge") == 0 ? "day" : "year";
    json_t *headers = json_array();
    for (size_t i = 0; headers && i < n; i++)
        json_array_append_new(headers, run_header(runs[i]));
    json_t *aligned = series_compare(runs, n, axis);
    json_t *out = json_pack("{s:s, s:s, s:o, s:o, s:O, s:O}", "engine", engine, "axis", axis,
                            "runs", headers, "summary", summary_compare(runs, n), "x",
                            json_object_get(aligned, "x"), "series",
                            json_object_get(aligned, "series"));
    json_decref(aligned);
    if (!out)
        klar_error_set(err, NULL, 0, "out of memory comparing runs");
    return out;
}
