/* ssb_jsonstat.c - reading table 07459 as JSON-stat 2.0, the format of SSB's PxWebApi (v1
 * "format": "json-stat2" and v2 outputFormat=json-stat2): a dataset with "id", "size",
 * "dimension".<id>."category"."index" (object or array) and "label", and "value" as a dense
 * array (numbers or null) or a sparse object {"position": number}.
 *
 * Dimensions are recognised by id (Region, Kjonn/sex, Alder/age, Tid/year, ContentsCode) or by
 * "role" (geo, time, metric). Region codes "3001" or "K-3001", sex "1", "2" ("0", both
 * sexes, is skipped when 1 and 2 are there), ages "000".."104" and "105+", years "2022".
 * Errors name the file and the JSON path of the offending member. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ssb_internal.h"
#include "klar/text.h"

#define MAX_CATEGORIES 100000
#define MAX_CELLS 50000000.0
#define SKIP (-1) /* a category whose cells are left out (e.g. both sexes next to 1 and 2) */

typedef enum { ROLE_REGION, ROLE_SEX, ROLE_AGE, ROLE_TIME, ROLE_CONTENTS, ROLE_OTHER } dim_role;

typedef struct dim {
    const char *id;
    dim_role role;
    size_t size;
    size_t stride;
    const char **codes;  /* codes[position], pointing into the JSON tree */
    int *value;          /* per position: municipality code, klar_sex, age or year; SKIP */
} dim;

typedef struct dataset {
    const char *name;
    json_t *root;
    dim *dims;
    size_t ndims;
    size_t cells;
    int region, sex, age, time; /* index into dims, -1 if absent */
} dataset;

static void free_dataset(dataset *ds)
{
    for (size_t i = 0; i < ds->ndims; i++) {
        free(ds->dims[i].codes);
        free(ds->dims[i].value);
    }
    free(ds->dims);
    json_decref(ds->root);
}

/* 1 if `id` is listed in root.role.<role> (JSON-stat's geo/time/metric roles). */
static int has_role(json_t *root, const char *role, const char *id)
{
    json_t *list = json_object_get(json_object_get(root, "role"), role);
    size_t i;
    json_t *v;
    json_array_foreach(list, i, v)
        if (json_is_string(v) && strcmp(json_string_value(v), id) == 0)
            return 1;
    return 0;
}

static dim_role role_of(json_t *root, const char *id)
{
    char f[64];
    klar_text_fold(id, f, sizeof f);
    if (strcmp(f, "region") == 0 || has_role(root, "geo", id))
        return ROLE_REGION;
    if (strcmp(f, "kjonn") == 0 || strcmp(f, "kjønn") == 0 || strcmp(f, "sex") == 0)
        return ROLE_SEX;
    if (strcmp(f, "alder") == 0 || strcmp(f, "age") == 0)
        return ROLE_AGE;
    if (strcmp(f, "tid") == 0 || strcmp(f, "time") == 0 || strcmp(f, "year") == 0 || strcmp(f, "år") == 0 ||
        has_role(root, "time", id))
        return ROLE_TIME;
    if (strcmp(f, "contentscode") == 0 || strcmp(f, "contents") == 0 || has_role(root, "metric", id))
        return ROLE_CONTENTS;
    return ROLE_OTHER;
}

/* Parses the JSON; a syntax error names the line. */
static int load_json(dataset *ds, const char *data, size_t len, klar_error *err)
{
    json_error_t jerr;
    ds->root = json_loadb(data, len, JSON_REJECT_DUPLICATES, &jerr);
    if (!ds->root) {
        klar_error_set(err, ds->name, jerr.line > 0 ? jerr.line : 0, "bad JSON: %s", jerr.text);
        return -1;
    }
    if (!json_is_object(ds->root)) {
        klar_error_set(err, ds->name, 0, "$: expected a JSON-stat2 dataset object");
        return -1;
    }
    if (!json_object_get(ds->root, "id") && json_object_get(ds->root, "dataset")) {
        klar_error_set(err, ds->name, 0, "$.dataset: JSON-stat 1.0 is not supported; ask PxWebApi for json-stat2");
        return -1;
    }
    return 0;
}

/* Reads "id" and "size" and computes the strides of the row-major value array. */
static int read_shape(dataset *ds, klar_error *err)
{
    json_t *ids = json_object_get(ds->root, "id");
    json_t *sizes = json_object_get(ds->root, "size");
    if (!json_is_array(ids) || json_array_size(ids) == 0) {
        klar_error_set(err, ds->name, 0, "$.id: expected a non-empty array of dimension ids");
        return -1;
    }
    if (!json_is_array(sizes) || json_array_size(sizes) != json_array_size(ids)) {
        klar_error_set(err, ds->name, 0, "$.size: expected an array with one size per dimension in $.id (%zu)",
                       json_array_size(ids));
        return -1;
    }
    ds->ndims = json_array_size(ids);
    ds->dims = calloc(ds->ndims, sizeof *ds->dims);
    if (!ds->dims) {
        ds->ndims = 0;
        klar_error_set(err, ds->name, 0, "out of memory");
        return -1;
    }
    double cells = 1;
    for (size_t d = 0; d < ds->ndims; d++) {
        json_t *id = json_array_get(ids, d), *size = json_array_get(sizes, d);
        if (!json_is_string(id)) {
            klar_error_set(err, ds->name, 0, "$.id[%zu]: expected a string", d);
            return -1;
        }
        if (!json_is_integer(size) || json_integer_value(size) < 1 || json_integer_value(size) > MAX_CATEGORIES) {
            klar_error_set(err, ds->name, 0, "$.size[%zu]: expected a whole number from 1 to %d", d, MAX_CATEGORIES);
            return -1;
        }
        ds->dims[d].id = json_string_value(id);
        ds->dims[d].size = (size_t)json_integer_value(size);
        cells *= (double)ds->dims[d].size;
    }
    if (cells > MAX_CELLS) {
        klar_error_set(err, ds->name, 0, "$.size: %.0f cells is more than klar reads (%.0f)", cells, MAX_CELLS);
        return -1;
    }
    ds->cells = (size_t)cells;
    size_t stride = 1;
    for (size_t d = ds->ndims; d-- > 0;) {
        ds->dims[d].stride = stride;
        stride *= ds->dims[d].size;
    }
    return 0;
}

/* Fills dim->codes from category.index given as an object {"code": position}. */
static int read_index_object(dataset *ds, dim *dm, json_t *index, klar_error *err)
{
    const char *key;
    json_t *pos;
    if (json_object_size(index) != dm->size) {
        klar_error_set(err, ds->name, 0, "$.dimension.%s.category.index: %zu categories but $.size says %zu",
                       dm->id, json_object_size(index), dm->size);
        return -1;
    }
    json_object_foreach(index, key, pos)
    {
        if (!json_is_integer(pos) || json_integer_value(pos) < 0 || (size_t)json_integer_value(pos) >= dm->size ||
            dm->codes[json_integer_value(pos)]) {
            klar_error_set(err, ds->name, 0,
                           "$.dimension.%s.category.index.%s: expected a distinct position from 0 to %zu", dm->id,
                           key, dm->size - 1);
            return -1;
        }
        dm->codes[json_integer_value(pos)] = key;
    }
    return 0;
}

/* Fills dim->codes from category.index given as an array of codes. */
static int read_index_array(dataset *ds, dim *dm, json_t *index, klar_error *err)
{
    if (json_array_size(index) != dm->size) {
        klar_error_set(err, ds->name, 0, "$.dimension.%s.category.index: %zu categories but $.size says %zu",
                       dm->id, json_array_size(index), dm->size);
        return -1;
    }
    for (size_t i = 0; i < dm->size; i++) {
        json_t *code = json_array_get(index, i);
        if (!json_is_string(code)) {
            klar_error_set(err, ds->name, 0, "$.dimension.%s.category.index[%zu]: expected a string", dm->id, i);
            return -1;
        }
        dm->codes[i] = json_string_value(code);
    }
    return 0;
}

/* Reads the category codes of one dimension in value order. */
static int read_categories(dataset *ds, dim *dm, klar_error *err)
{
    json_t *dimension = json_object_get(json_object_get(ds->root, "dimension"), dm->id);
    json_t *category = json_object_get(dimension, "category");
    if (!json_is_object(category)) {
        klar_error_set(err, ds->name, 0, "$.dimension.%s.category: missing (every id needs a dimension)", dm->id);
        return -1;
    }
    dm->codes = calloc(dm->size, sizeof *dm->codes);
    dm->value = calloc(dm->size, sizeof *dm->value);
    if (!dm->codes || !dm->value) {
        klar_error_set(err, ds->name, 0, "out of memory");
        return -1;
    }
    json_t *index = json_object_get(category, "index");
    json_t *label = json_object_get(category, "label");
    if (json_is_object(index))
        return read_index_object(ds, dm, index, err);
    if (json_is_array(index))
        return read_index_array(ds, dm, index, err);
    if (!index && json_is_object(label) && json_object_size(label) == 1 && dm->size == 1) {
        dm->codes[0] = json_object_iter_key(json_object_iter(label));
        return 0;
    }
    klar_error_set(err, ds->name, 0, "$.dimension.%s.category.index: expected an object or an array", dm->id);
    return -1;
}

/* The label of category `code` of dimension dm, or "" if there is none. */
static const char *category_label(const dataset *ds, const dim *dm, const char *code)
{
    json_t *label = json_object_get(
        json_object_get(json_object_get(json_object_get(ds->root, "dimension"), dm->id), "category"), "label");
    json_t *v = json_object_get(label, code);
    return json_is_string(v) ? json_string_value(v) : "";
}

static int read_region_codes(dataset *ds, dim *dm, klar_error *err)
{
    for (size_t i = 0; i < dm->size; i++) {
        int rc = ssb_region_code(dm->codes[i], &dm->value[i]);
        if (rc == SSB_REGION_AGGREGATE) {
            klar_error_set(err, ds->name, 0,
                           "$.dimension.%s.category.index.%s: a total for the country or a county; klar imports "
                           "municipalities (e.g. 3001)", dm->id, dm->codes[i]);
            return -1;
        }
        if (rc != SSB_REGION_OK) {
            klar_error_set(err, ds->name, 0,
                           "$.dimension.%s.category.index.%s: cannot read the region code (expected e.g. 3001 or "
                           "K-3001)", dm->id, dm->codes[i]);
            return -1;
        }
    }
    return 0;
}

/* Sex from the code ("1", "2", "0") or else the label; both sexes are skipped next to 1 and 2. */
static int read_sex_codes(dataset *ds, dim *dm, klar_error *err)
{
    int has_male = 0, has_female = 0;
    for (size_t i = 0; i < dm->size; i++) {
        const char *c = dm->codes[i];
        int sex = strcmp(c, "1") == 0 ? KLAR_MALE : strcmp(c, "2") == 0 ? KLAR_FEMALE
                                                 : strcmp(c, "0") == 0 ? KLAR_SEX_ALL
                                                                       : ssb_sex_label(c);
        if (sex < 0)
            sex = ssb_sex_label(category_label(ds, dm, c));
        if (sex < 0) {
            klar_error_set(err, ds->name, 0, "$.dimension.%s.category.index.%s: unknown sex (expected 1, 2 or 0)",
                           dm->id, c);
            return -1;
        }
        dm->value[i] = sex;
        has_male |= sex == KLAR_MALE;
        has_female |= sex == KLAR_FEMALE;
    }
    for (size_t i = 0; i < dm->size; i++)
        if (dm->value[i] == KLAR_SEX_ALL && (has_male || has_female))
            dm->value[i] = SKIP;
    return 0;
}

static int read_age_codes(dataset *ds, dim *dm, klar_error *err)
{
    for (size_t i = 0; i < dm->size; i++)
        if (ssb_age_label(dm->codes[i], &dm->value[i]) != 0 &&
            ssb_age_label(category_label(ds, dm, dm->codes[i]), &dm->value[i]) != 0) {
            klar_error_set(err, ds->name, 0,
                           "$.dimension.%s.category.index.%s: unknown age (expected 000 to 104 or 105+)", dm->id,
                           dm->codes[i]);
            return -1;
        }
    return 0;
}

static int read_time_codes(dataset *ds, dim *dm, klar_error *err)
{
    for (size_t i = 0; i < dm->size; i++)
        if (ssb_year_label(dm->codes[i], &dm->value[i]) != 0) {
            klar_error_set(err, ds->name, 0, "$.dimension.%s.category.index.%s: expected a year such as 2022",
                           dm->id, dm->codes[i]);
            return -1;
        }
    return 0;
}

/* Two categories of one dimension meaning the same (e.g. "3001" and "K-3001") would count
 * persons twice; reports the first such pair. */
static int check_distinct_values(dataset *ds, const dim *dm, klar_error *err)
{
    int *v = malloc(dm->size * sizeof *v);
    if (!v) {
        klar_error_set(err, ds->name, 0, "out of memory");
        return -1;
    }
    memcpy(v, dm->value, dm->size * sizeof *v);
    qsort(v, dm->size, sizeof *v, ssb_compare_ints);
    int dup = 0;
    size_t i;
    for (i = 1; i < dm->size && !dup; i++)
        dup = v[i] != SKIP && v[i] == v[i - 1];
    if (dup)
        klar_error_set(err, ds->name, 0, "$.dimension.%s.category.index: two categories mean the same (%d)", dm->id,
                       v[i - 1]);
    free(v);
    return dup ? -1 : 0;
}

/* Assigns roles, reads every dimension's categories and checks the ones klar needs. */
static int read_dimensions(dataset *ds, klar_error *err)
{
    ds->region = ds->sex = ds->age = ds->time = -1;
    for (size_t d = 0; d < ds->ndims; d++) {
        dim *dm = &ds->dims[d];
        dm->role = role_of(ds->root, dm->id);
        int *slot = dm->role == ROLE_REGION ? &ds->region : dm->role == ROLE_SEX ? &ds->sex
                                         : dm->role == ROLE_AGE               ? &ds->age
                                         : dm->role == ROLE_TIME              ? &ds->time
                                                                              : NULL;
        if (slot && *slot >= 0) {
            klar_error_set(err, ds->name, 0, "$.id: two dimensions (%s, %s) mean the same", ds->dims[*slot].id, dm->id);
            return -1;
        }
        if (slot)
            *slot = (int)d;
        if (read_categories(ds, dm, err) != 0)
            return -1;
        if ((dm->role == ROLE_CONTENTS || dm->role == ROLE_OTHER) && dm->size != 1) {
            klar_error_set(err, ds->name, 0,
                           "$.dimension.%s: %zu categories; klar reads one measure (persons) at a time", dm->id,
                           dm->size);
            return -1;
        }
        int rc = 0;
        switch (dm->role) {
        case ROLE_REGION: rc = read_region_codes(ds, dm, err); break;
        case ROLE_SEX: rc = read_sex_codes(ds, dm, err); break;
        case ROLE_AGE: rc = read_age_codes(ds, dm, err); break;
        case ROLE_TIME: rc = read_time_codes(ds, dm, err); break;
        default: break;
        }
        if (rc == 0 && slot)
            rc = check_distinct_values(ds, dm, err);
        if (rc != 0)
            return -1;
    }
    if (ds->region < 0 || ds->age < 0 || ds->time < 0) {
        klar_error_set(err, ds->name, 0, "$.id: needs region, age and time dimensions (e.g. Region, Alder, Tid)");
        return -1;
    }
    return 0;
}

/* Every region must be known in every year of the dataset (checked once, with its path). */
static int check_regions_known(dataset *ds, ssb_sink *sink, klar_error *err)
{
    const dim *reg = &ds->dims[ds->region], *tim = &ds->dims[ds->time];
    int codes[KLAR_GEO_MAX_SPLIT];
    double weights[KLAR_GEO_MAX_SPLIT];
    for (size_t i = 0; i < reg->size; i++)
        for (size_t t = 0; t < tim->size; t++)
            if (klar_geo_map_2020(sink->geo, reg->value[i], tim->value[t], codes, weights, KLAR_GEO_MAX_SPLIT) == 0) {
                klar_error_set(err, ds->name, 0, "$.dimension.%s.category.index.%s: unknown municipality code %04d (year %d)",
                               reg->id, reg->codes[i], reg->value[i], tim->value[t]);
                return -1;
            }
    return 0;
}

/* Adds the cell at `position` with value v (a number or null) to the sink. */
static int add_cell(dataset *ds, ssb_sink *sink, size_t position, json_t *v, klar_error *err)
{
    int key[4] = {0, KLAR_SEX_ALL, 0, 0}; /* region, sex, age, year */
    const int which[4] = {ds->region, ds->sex, ds->age, ds->time};
    for (int k = 0; k < 4; k++) {
        if (which[k] < 0)
            continue;
        const dim *dm = &ds->dims[which[k]];
        key[k] = dm->value[(position / dm->stride) % dm->size];
        if (key[k] == SKIP)
            return 0;
    }
    double persons = 0;
    sink->cells++;
    if (json_is_null(v)) {
        sink->missing++;
    } else if (json_is_number(v) && json_number_value(v) >= 0 && json_number_value(v) < 1e12) {
        persons = json_number_value(v);
    } else {
        klar_error_set(err, ds->name, 0, "$.value[%zu]: expected a number of persons (>= 0) or null", position);
        return -1;
    }
    char where[64];
    snprintf(where, sizeof where, "$.value[%zu]", position);
    return ssb_sink_add(sink, key[3], key[0], (klar_sex)key[1], key[2], persons, 0, where, err);
}

static int read_dense_values(dataset *ds, ssb_sink *sink, json_t *values, klar_error *err)
{
    if (json_array_size(values) != ds->cells) {
        klar_error_set(err, ds->name, 0, "$.value: %zu values but $.size gives %zu cells", json_array_size(values),
                       ds->cells);
        return -1;
    }
    for (size_t p = 0; p < ds->cells; p++)
        if (add_cell(ds, sink, p, json_array_get(values, p), err) != 0)
            return -1;
    return 0;
}

/* A sparse value object: {"position": number}; absent cells count as missing. */
static int read_sparse_values(dataset *ds, ssb_sink *sink, json_t *values, klar_error *err)
{
    const char *key;
    json_t *v;
    size_t present = 0;
    json_object_foreach(values, key, v)
    {
        char *end;
        unsigned long long p = strtoull(key, &end, 10);
        if (!*key || *end || key[0] == '-' || key[0] == '+' || p >= ds->cells) {
            klar_error_set(err, ds->name, 0, "$.value.%s: expected a position from 0 to %zu", key, ds->cells - 1);
            return -1;
        }
        long before = sink->cells;
        if (add_cell(ds, sink, (size_t)p, v, err) != 0)
            return -1;
        present += (size_t)(sink->cells - before);
    }
    size_t expected = ds->cells;
    if (ds->sex >= 0) {
        const dim *sex = &ds->dims[ds->sex];
        size_t kept = 0;
        for (size_t i = 0; i < sex->size; i++)
            kept += sex->value[i] != SKIP;
        expected = expected / sex->size * kept;
    }
    if (expected > present)
        sink->missing += (long)(expected - present);
    return 0;
}

int ssb_import_jsonstat(ssb_sink *sink, const char *data, size_t len, klar_error *err)
{
    dataset ds;
    memset(&ds, 0, sizeof ds);
    ds.name = sink->name;
    int rc = load_json(&ds, data, len, err);
    if (rc == 0)
        rc = read_shape(&ds, err);
    if (rc == 0)
        rc = read_dimensions(&ds, err);
    if (rc == 0)
        rc = check_regions_known(&ds, sink, err);
    if (rc == 0) {
        json_t *values = json_object_get(ds.root, "value");
        if (json_is_array(values))
            rc = read_dense_values(&ds, sink, values, err);
        else if (json_is_object(values))
            rc = read_sparse_values(&ds, sink, values, err);
        else {
            klar_error_set(err, ds.name, 0, "$.value: expected an array or an object of numbers");
            rc = -1;
        }
    }
    free_dataset(&ds);
    return rc;
}
