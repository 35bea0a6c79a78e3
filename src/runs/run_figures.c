/* run_figures.c - the registry's own figures in a surge run: the bed capacity (ward,
 * intermediate, ICU), stocks and reserve personnel registered in an organisation's subtree,
 * summed, with the records (kind, id, version, organisation) each sum comes from; how they
 * replace the shipped baseline on the run's parameters; and the list of every count and item
 * figure a run used with where it came from (the registry, the shipped file and line, or the
 * scenario text's line).
 *
 * The figures read from the registry are kept as JSON (klar_run_registry_figures), so that a
 * stored run can be run again on exactly the figures it used, whatever the registry holds by
 * then. The rules that turn records into the model's figures are here and in docs/runs.md:
 *   ward beds        = staffed ward + intermediate beds; ward surge beds = their surge - staffed
 *   ICU beds         = staffed ICU beds;                  ICU surge beds  = surge - staffed
 *   item             = the model's item whose id is the registered item's name in lower case
 *                      with blanks as '-' ("FFP3" -> ffp3), in the model's unit: its normal
 *                      consumption the sum of monthly_consumption, its opening stock the sum of
 *                      on_hand in months of that consumption
 *   reserve FTE      = authorised reserves available within a week, one FTE each (an
 *                      assumption); nurse, physician and bioengineer as registered, and the
 *                      specialist nurses as the model's ICU nurses (an assumption)
 * A figure the subtree has no record for keeps the shipped baseline. */
#include "runs_internal.h"

#include <ctype.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "klar/ini.h"
#include "klar/record.h"
#include "klar/registry.h"

#define RESERVE_FTE_RULE "authorised reserves available within a week (immediate, 24h, 72h, " \
                         "1-week), one FTE each (assumption: a reserve works full time)"

/* The registered reserve professions the model's staff groups take (NULL: none). */
static const struct {
    klar_staff staff;
    const char *profession;
    const char *note;
} reserve_map[] = {
    {KLAR_STAFF_NURSE, "nurse", ""},
    {KLAR_STAFF_ICU_NURSE, "specialist-nurse",
     "; specialist nurses stand for ICU nurses (assumption: the register does not say which "
     "specialty)"},
    {KLAR_STAFF_PHYSICIAN, "physician", ""},
    {KLAR_STAFF_BIOENGINEER, "bioengineer", ""},
};
#define NRESERVE_MAP (sizeof reserve_map / sizeof reserve_map[0])

/* ---- reading the registry ------------------------------------------------------------------ */

static json_t *record_ref(const char *kind, json_t *rec)
{
    return json_pack("{s:s, s:O, s:O, s:O}", "kind", kind, "id", json_object_get(rec, "id"),
                     "version", json_object_get(rec, "version"), "org_id",
                     json_object_get(rec, "org_id"));
}

static json_int_t int_of(json_t *rec, const char *name)
{
    return json_integer_value(json_object_get(rec, name));
}

static double number_of(json_t *rec, const char *name)
{
    return json_number_value(json_object_get(rec, name));
}

/* The group obj[name], made {"records": []} plus init's members when new; NULL out of memory. */
static json_t *group_of(json_t *obj, const char *name)
{
    json_t *g = json_object_get(obj, name);
    if (g)
        return g;
    g = json_pack("{s:[]}", "records");
    return g && json_object_set_new(obj, name, g) == 0 ? g : NULL;
}

static int add_to(json_t *g, const char *member, json_int_t amount)
{
    json_t *v = json_object_get(g, member);
    return json_object_set_new(g, member, json_integer(json_integer_value(v) + amount));
}

static int add_real(json_t *g, const char *member, double amount)
{
    json_t *v = json_object_get(g, member);
    return json_object_set_new(g, member, json_real((v ? json_number_value(v) : 0.0) + amount));
}

/* Sums the capacity records by category. */
static int sum_capacity(json_t *records, json_t *out)
{
    size_t i;
    json_t *rec;
    json_array_foreach(records, i, rec) {
        json_t *g = group_of(out, json_string_value(json_object_get(rec, "category")));
        if (!g || add_to(g, "physical", int_of(rec, "physical")) != 0 ||
            add_to(g, "staffed", int_of(rec, "staffed")) != 0 ||
            add_to(g, "surge", int_of(rec, "surge")) != 0 ||
            json_array_append_new(json_object_get(g, "records"), record_ref("capacity", rec)))
            return -1;
    }
    return 0;
}

/* The model's id for a registered item name: lower case, blanks and '_' as '-'. */
static void item_key(const char *name, char *out, size_t size)
{
    size_t n = 0;
    for (const char *c = name; *c && n + 1 < size; c++) {
        unsigned char ch = (unsigned char)*c;
        out[n++] = ch == ' ' || ch == '_' ? '-' : (char)tolower(ch);
    }
    out[n] = '\0';
}

/* Sums the stock records by item id and unit: {"<id> | <unit>": {"item", "unit", ...}}. */
static int sum_stocks(json_t *records, json_t *out)
{
    size_t i;
    json_t *rec;
    json_array_foreach(records, i, rec) {
        char id[96], name[192];
        const char *unit = json_string_value(json_object_get(rec, "unit"));
        item_key(json_string_value(json_object_get(rec, "item")), id, sizeof id);
        snprintf(name, sizeof name, "%s | %s", id, unit ? unit : "");
        json_t *g = json_object_get(out, name);
        if (!g) {
            g = json_pack("{s:s, s:s, s:f, s:f, s:[]}", "item", id, "unit", unit ? unit : "",
                          "on_hand", 0.0, "monthly_consumption", 0.0, "records");
            if (!g || json_object_set_new(out, name, g) != 0)
                return -1;
        }
        if (add_real(g, "on_hand", number_of(rec, "on_hand")) != 0 ||
            add_real(g, "monthly_consumption", number_of(rec, "monthly_consumption")) != 0 ||
            json_array_append_new(json_object_get(g, "records"), record_ref("stock", rec)))
            return -1;
    }
    return 0;
}

/* Counts the reserve records by profession: available (authorised, within a week), and of
 * those by availability and also assigned to the armed forces; not authorised; unavailable. */
static int sum_reserves(json_t *records, json_t *out)
{
    size_t i;
    json_t *rec;
    json_array_foreach(records, i, rec) {
        json_t *g = group_of(out, json_string_value(json_object_get(rec, "profession")));
        const char *when = json_string_value(json_object_get(rec, "availability"));
        int authorised = json_is_true(json_object_get(rec, "authorised"));
        int unavailable = !when || strcmp(when, "unavailable") == 0;
        const char *counted = !authorised ? "not_authorised" : unavailable ? "unavailable"
                                                                           : "available";
        if (!g || add_to(g, "available", 0) != 0 || add_to(g, counted, 1) != 0)
            return -1;
        if (!unavailable && authorised) {
            json_t *by = json_object_get(g, "by_availability");
            if (!by && json_object_set_new(g, "by_availability", by = json_object()) != 0)
                return -1;
            if (add_to(by, when, 1) != 0 ||
                (json_is_true(json_object_get(rec, "armed_forces")) &&
                 add_to(g, "also_armed_forces", 1) != 0))
                return -1;
        }
        if (json_array_append_new(json_object_get(g, "records"), record_ref("reserve", rec)))
            return -1;
    }
    return 0;
}

/* The hospital trusts of the subtree of org that have no capacity record of category. */
static json_t *trusts_without(const klar_org *orgs, size_t n, json_t *capacity,
                              const char *category)
{
    json_t *missing = json_array();
    json_t *g = json_object_get(capacity, category);
    for (size_t i = 0; missing && i < n; i++) {
        if (strcmp(orgs[i].type, "hf") != 0)
            continue;
        int found = 0;
        size_t j;
        json_t *ref;
        json_array_foreach(json_object_get(g, "records"), j, ref)
            found |= strcmp(json_string_value(json_object_get(ref, "org_id")), orgs[i].id) == 0;
        if (!found)
            json_array_append_new(missing, json_string(orgs[i].id));
    }
    return missing;
}

/* Reads the records of kind k in org's subtree and sums them with sum into out[member]. */
static int read_kind(klar_store *s, const klar_kind *k, const char *org,
                     int (*sum)(json_t *, json_t *), json_t *out, const char *member,
                     klar_error *err)
{
    klar_record_filter f = {0};
    f.within = org;
    json_t *records = klar_record_list(s, k, &f, err);
    json_t *groups = json_object();
    int rc = records && groups && sum(records, groups) == 0 ? 0 : -1;
    if (rc == 0)
        rc = json_object_set(out, member, groups);
    else if (records)
        klar_error_set(err, NULL, 0, "out of memory summing the %s records", k->title);
    json_decref(records);
    json_decref(groups);
    return rc;
}

static int note_gaps(klar_store *s, const char *org, json_t *out, klar_error *err)
{
    static const char *const categories[] = {"ward", "intermediate", "icu"};
    size_t n = 0;
    klar_org *orgs = klar_org_list(s, org, &n, err);
    if (!orgs && n)
        return -1;
    json_t *gaps = json_object(), *capacity = json_object_get(out, "capacity");
    int rc = gaps ? 0 : -1;
    for (size_t c = 0; rc == 0 && c < sizeof categories / sizeof categories[0]; c++)
        rc = json_object_set_new(gaps, categories[c],
                                 trusts_without(orgs, n, capacity, categories[c]));
    free(orgs);
    if (rc == 0 && json_object_set_new(out, "trusts_without_capacity", gaps) == 0)
        return 0;
    if (rc != 0)
        json_decref(gaps);
    klar_error_set(err, NULL, 0, "out of memory listing the trusts without capacity records");
    return -1;
}

json_t *klar_run_registry_figures(klar_store *s, const char *org, klar_error *err)
{
    klar_org o;
    int found = klar_org_get(s, org, &o, err);
    if (found <= 0) {
        if (found == 0)
            klar_error_field(err, KLAR_ERR_INVALID, "org_id", "no organisation has the id "
                             "'%.60s'", org);
        return NULL;
    }
    json_t *out = json_pack("{s:s, s:s, s:s}", "org_id", o.id, "org_name", o.name, "org_type",
                            o.type);
    if (!out) {
        klar_error_set(err, NULL, 0, "out of memory");
        return NULL;
    }
    if (read_kind(s, &klar_kind_capacity, org, sum_capacity, out, "capacity", err) != 0 ||
        read_kind(s, &klar_kind_stock, org, sum_stocks, out, "stocks", err) != 0 ||
        read_kind(s, &klar_kind_reserve, org, sum_reserves, out, "reserves", err) != 0 ||
        note_gaps(s, org, out, err) != 0) {
        json_decref(out);
        return NULL;
    }
    return out;
}

/* ---- the figures on the parameters --------------------------------------------------------- */

/* One figure a run used, being listed. */
typedef struct figure {
    char key[64];
    json_t *entry;        /* {"key", "from", ...} without "value" and "unit" yet */
} figure;

typedef struct figure_list {
    figure items[KLAR_SURGE_BASELINE_SOURCES];
    int n;
} figure_list;

static figure *figure_find(figure_list *l, const char *key)
{
    for (int i = 0; i < l->n; i++)
        if (strcmp(l->items[i].key, key) == 0)
            return &l->items[i];
    return NULL;
}

/* Replaces key's entry (added if new) with entry (taken). */
static void figure_set(figure_list *l, const char *key, json_t *entry)
{
    figure *f = figure_find(l, key);
    if (!f && l->n < KLAR_SURGE_BASELINE_SOURCES) {
        f = &l->items[l->n++];
        snprintf(f->key, sizeof f->key, "%s", key);
        f->entry = NULL;
    }
    if (!f) {
        json_decref(entry);
        return;
    }
    json_decref(f->entry);
    f->entry = entry;
}

void run_figures_free(run_figures *rf)
{
    if (!rf)
        return;
    for (int i = 0; i < rf->list->n; i++)
        json_decref(rf->list->items[i].entry);
    free(rf->list);
    json_decref(rf->unused);
    rf->list = NULL;
    rf->unused = NULL;
}

int run_figures_init(run_figures *rf, klar_error *err)
{
    rf->list = calloc(1, sizeof *rf->list);
    rf->unused = json_array();
    if (rf->list && rf->unused)
        return 0;
    run_figures_free(rf);
    klar_error_set(err, NULL, 0, "out of memory");
    return -1;
}

int run_figures_shipped(run_figures *rf, const klar_surge_baseline_source *src, int n)
{
    for (int i = 0; i < n; i++) {
        json_t *lines = json_array();
        for (int j = 0; lines && j < src[i].nlines; j++)
            json_array_append_new(lines, json_integer(src[i].lines[j]));
        json_t *e = json_pack("{s:s, s:s, s:s, s:o, s:s}", "key", src[i].key, "from", "shipped",
                              "file", src[i].file, "lines", lines, "rule", src[i].rule);
        if (!e)
            return -1;
        figure_set(rf->list, src[i].key, e);
    }
    return 0;
}

static int staff_index(const char *id)
{
    for (int s = 0; s < KLAR_STAFF_N; s++)
        if (strcmp(klar_staff_id((klar_staff)s), id) == 0)
            return s;
    return -1;
}

static int item_index(const klar_surge_params *p, const char *id)
{
    for (int i = 0; i < p->n_items; i++)
        if (strcmp(p->items[i].id, id) == 0)
            return i;
    return -1;
}

/* The parameter a figure's key names ("capacity.icu_beds", "staff.nurse.reserve_fte",
 * "item.ffp3.opening_months"), with its unit into unit; NULL for none. */
static double *figure_slot(klar_surge_params *p, const char *key, char *unit, size_t size)
{
    static const struct {
        const char *key;
        size_t offset;
    } beds[] = {
        {"capacity.ward_beds", offsetof(klar_surge_params, cap.ward_beds)},
        {"capacity.ward_beds_surge", offsetof(klar_surge_params, cap.ward_beds_surge)},
        {"capacity.icu_beds", offsetof(klar_surge_params, cap.icu_beds)},
        {"capacity.icu_beds_surge", offsetof(klar_surge_params, cap.icu_beds_surge)},
    };
    char owner[48], name[48];
    for (size_t i = 0; i < sizeof beds / sizeof beds[0]; i++)
        if (strcmp(key, beds[i].key) == 0) {
            snprintf(unit, size, "beds");
            return (double *)((char *)p + beds[i].offset);
        }
    if (sscanf(key, "staff.%47[^.].%47s", owner, name) == 2 && staff_index(owner) >= 0) {
        klar_surge_staff *st = &p->cap.staff[staff_index(owner)];
        snprintf(unit, size, "FTE");
        return strcmp(name, "fte") == 0 ? &st->fte
             : strcmp(name, "reserve_fte") == 0 ? &st->reserve_fte : NULL;
    }
    if (sscanf(key, "item.%47[^.].%47s", owner, name) == 2 && item_index(p, owner) >= 0) {
        klar_surge_item *it = &p->items[item_index(p, owner)];
        if (strcmp(name, "normal_per_month") == 0) {
            snprintf(unit, size, "%s per month", it->unit);
            return &it->normal_per_month;
        }
        snprintf(unit, size, "months");
        return strcmp(name, "opening_months") == 0 ? &it->opening_months : NULL;
    }
    return NULL;
}

/* Sets key to value on p as the registry gives it, listing records and rule. */
static int from_registry(run_figures *rf, klar_surge_params *p, const char *key, double value,
                         json_t *records, const char *rule, const char *org)
{
    char unit[48];
    double *slot = figure_slot(p, key, unit, sizeof unit);
    if (!slot)
        return 0;
    *slot = value;
    json_t *e = json_pack("{s:s, s:s, s:s, s:O, s:s}", "key", key, "from", "registry",
                          "organisation", org, "records", records, "rule", rule);
    if (!e)
        return -1;
    figure_set(rf->list, key, e);
    return 0;
}

static int not_used(run_figures *rf, json_t *group, const char *what, const char *reason)
{
    json_t *e = json_pack("{s:s, s:s, s:O}", "figure", what, "reason", reason, "records",
                          json_object_get(group, "records"));
    return e ? json_array_append_new(rf->unused, e) : -1;
}

/* Records from several categories as one list. */
static json_t *records_of(json_t *a, json_t *b)
{
    json_t *all = json_array();
    if (all && a)
        json_array_extend(all, json_object_get(a, "records"));
    if (all && b)
        json_array_extend(all, json_object_get(b, "records"));
    return all;
}

static double member(json_t *g, const char *name)
{
    return g ? json_number_value(json_object_get(g, name)) : 0.0;
}

static int apply_beds(run_figures *rf, klar_surge_params *p, json_t *capacity, const char *org)
{
    json_t *ward = json_object_get(capacity, "ward"), *mid = json_object_get(capacity,
                                                                            "intermediate");
    json_t *icu = json_object_get(capacity, "icu");
    int rc = 0;
    if (ward || mid) {
        json_t *recs = records_of(ward, mid);
        double staffed = member(ward, "staffed") + member(mid, "staffed");
        double surge = member(ward, "surge") + member(mid, "surge");
        rc = !recs ||
             from_registry(rf, p, "capacity.ward_beds", staffed, recs, "staffed ward and "
                           "intermediate beds, summed", org) != 0 ||
             from_registry(rf, p, "capacity.ward_beds_surge", surge - staffed, recs, "surge "
                           "minus staffed ward and intermediate beds, summed", org) != 0;
        json_decref(recs);
    }
    if (!rc && icu) {
        json_t *recs = json_object_get(icu, "records");
        rc = from_registry(rf, p, "capacity.icu_beds", member(icu, "staffed"), recs,
                           "staffed ICU beds, summed", org) != 0 ||
             from_registry(rf, p, "capacity.icu_beds_surge", member(icu, "surge") -
                           member(icu, "staffed"), recs, "surge minus staffed ICU beds, summed",
                           org) != 0;
    }
    return rc ? -1 : 0;
}

static int apply_stock(run_figures *rf, klar_surge_params *p, json_t *g, const char *org,
                       int *used)
{
    const char *id = json_string_value(json_object_get(g, "item"));
    const char *unit = json_string_value(json_object_get(g, "unit"));
    double on_hand = member(g, "on_hand"), monthly = member(g, "monthly_consumption");
    int i = item_index(p, id ? id : "");
    char key[96], why[256], what[160];
    snprintf(what, sizeof what, "stock '%s' (%s)", id ? id : "", unit ? unit : "");
    if (i < 0) {
        snprintf(why, sizeof why, "the surge model has no item '%s' (data/surge/items.csv)",
                 id ? id : "");
        return not_used(rf, g, what, why);
    }
    if (!unit || strcmp(unit, p->items[i].unit) != 0) {
        snprintf(why, sizeof why, "registered in '%s', the model counts %s in '%s'",
                 unit ? unit : "", id, p->items[i].unit);
        return not_used(rf, g, what, why);
    }
    if (used[i])
        return not_used(rf, g, what, "the item is already taken from another group");
    if (monthly <= 0.0)
        return not_used(rf, g, what, "no normal consumption registered: the opening stock "
                        "cannot be given in months of it");
    used[i] = 1;
    json_t *recs = json_object_get(g, "records");
    snprintf(key, sizeof key, "item.%s.normal_per_month", id);
    if (from_registry(rf, p, key, monthly, recs, "monthly_consumption, summed", org) != 0)
        return -1;
    snprintf(key, sizeof key, "item.%s.opening_months", id);
    return from_registry(rf, p, key, on_hand / monthly, recs, "on_hand / monthly_consumption, "
                         "each summed", org);
}

static int apply_reserves(run_figures *rf, klar_surge_params *p, json_t *reserves,
                          const char *org)
{
    char key[64], rule[400];
    for (size_t m = 0; m < NRESERVE_MAP; m++) {
        json_t *g = json_object_get(reserves, reserve_map[m].profession);
        if (!g)
            continue;
        snprintf(key, sizeof key, "staff.%s.reserve_fte", klar_staff_id(reserve_map[m].staff));
        snprintf(rule, sizeof rule, "%s%s", RESERVE_FTE_RULE, reserve_map[m].note);
        if (from_registry(rf, p, key, member(g, "available"), json_object_get(g, "records"),
                          rule, org) != 0)
            return -1;
    }
    const char *profession;
    json_t *g;
    json_object_foreach(reserves, profession, g) {
        int mapped = 0;
        for (size_t m = 0; m < NRESERVE_MAP; m++)
            mapped |= strcmp(reserve_map[m].profession, profession) == 0;
        char what[96];
        snprintf(what, sizeof what, "reserves '%s'", profession);
        if (!mapped && not_used(rf, g, what, "the surge model has no staff group for this "
                                "profession") != 0)
            return -1;
    }
    return 0;
}

int run_figures_apply(run_figures *rf, klar_surge_params *p, const json_t *figures,
                      klar_error *err)
{
    const char *org = json_string_value(json_object_get(figures, "org_id"));
    int used[KLAR_SURGE_MAX_ITEMS] = {0};
    int rc = org ? 0 : -1;
    if (!rc)
        rc = apply_beds(rf, p, json_object_get(figures, "capacity"), org);
    const char *name;
    json_t *g;
    json_object_foreach(json_object_get(figures, "stocks"), name, g)
        if (!rc)
            rc = apply_stock(rf, p, g, org, used);
    if (!rc)
        rc = apply_reserves(rf, p, json_object_get(figures, "reserves"), org);
    if (rc)
        klar_error_field(err, KLAR_ERR_INVALID, "figures", org ? "out of memory applying the "
                         "registry's figures" : "the registry figures name no organisation");
    return rc;
}

/* ---- the scenario text over them ------------------------------------------------------------ */

static int on_text_value(void *user, const char *section, const char *name, const char *value,
                         int line, int section_line, klar_error *err)
{
    (void)value;
    (void)section_line;
    (void)err;
    run_figures *rf = user;
    char key[160];
    snprintf(key, sizeof key, "%s.%s", section, name);
    figure *f = figure_find(rf->list, key);
    if (f && f->entry && strcmp(json_string_value(json_object_get(f->entry, "from")),
                                "parameters") != 0) {
        json_t *e = json_pack("{s:s, s:s, s:i, s:O}", "key", key, "from", "parameters", "line",
                              line, "instead_of", f->entry);
        if (e)
            figure_set(rf->list, key, e);
    }
    return 1;
}

int run_figures_text(run_figures *rf, const char *text)
{
    klar_error ignored;
    if (text && *text)
        klar_ini_parse(text, strlen(text), RUN_TEXT_NAME, on_text_value, rf, &ignored);
    return 0;
}

json_t *run_figures_json(run_figures *rf, klar_surge_params *p)
{
    json_t *a = json_array();
    for (int i = 0; a && i < rf->list->n; i++) {
        char unit[48];
        double *slot = figure_slot(p, rf->list->items[i].key, unit, sizeof unit);
        json_t *e = slot ? json_deep_copy(rf->list->items[i].entry) : NULL;
        if (!e)
            continue;
        json_object_set_new(e, "value", json_real(*slot));
        json_object_set_new(e, "unit", json_string(unit));
        json_array_append_new(a, e);
    }
    return a;
}

/* ---- organisations and regions --------------------------------------------------------------- */

int klar_run_org_region(const char *type, const char *id, char *out, size_t size)
{
    static const char *const national[] = {"ministry", "directorate", "agency"};
    static const char *const own[] = {"rhf", "hf", "municipality"};
    for (size_t i = 0; i < sizeof national / sizeof national[0]; i++)
        if (strcmp(type, national[i]) == 0) {
            snprintf(out, size, "NO");
            return 0;
        }
    for (size_t i = 0; i < sizeof own / sizeof own[0]; i++)
        if (strcmp(type, own[i]) == 0) {
            snprintf(out, size, "%s", id);
            return 0;
        }
    return -1;
}

const klar_org *klar_run_region_org(const klar_org_tree *t, const char *region)
{
    int national = strcmp(region, "NO") == 0 || strcmp(region, "no") == 0;
    const klar_org *o = national ? klar_org_tree_national(t) : klar_org_tree_get(t, region);
    char mine[64];
    if (o && klar_run_org_region(o->type, o->id, mine, sizeof mine) == 0 &&
        strcmp(mine, national ? "NO" : region) == 0)
        return o;
    return NULL;
}
