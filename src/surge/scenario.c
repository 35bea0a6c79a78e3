/* scenario.c - reading a surge scenario file (INI, see docs/surge-scenarios.md) onto the
 * parameters of a run, and loading a whole run: defaults, the region's population and
 * baseline, then the scenario, then the check.
 *
 * Every value is found in the key table (params_keys.c), so parsing and checking share one
 * description of each parameter. Anything wrong reads "file:line: reason". A value written
 * "1.3 ~ triangular(1.1, 1.3, 1.6)" is 1.3 in deterministic runs and is drawn from its
 * distribution in Monte Carlo runs (p->uncertain). [measures] and [supply] are gathered while
 * reading and applied at the end, when every item and the number of days are known. */
#include "params_internal.h"
#include "surge_internal.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "klar/csv.h"
#include "klar/date.h"
#include "klar/datadir.h"
#include "klar/file.h"
#include "klar/ini.h"
#include "klar/population.h"
#include "klar/text.h"

#define G KLAR_SURGE_GROUPS
#define SCENARIO_MAX_BYTES (1u << 20)
#define MAX_SEEN 512
#define WHY 400

typedef struct seen_key {
    char key[112];          /* "section.name" */
    int line;
} seen_key;

typedef struct pending_measure {
    int day, line;
    surge_scalar value;
} pending_measure;

/* [supply]: an import stop for every item of a category (where each value was given is in the
 * scan's seen keys). */
typedef struct supply_plan {
    char category[16];      /* "" when import_stop is not given */
    int stop_day, resume_day;
    double resume_fraction;
} supply_plan;

/* The state of one parse. Whether and where the file gave a key is asked of seen (seen_line),
 * which holds every key read with its line. */
typedef struct scan {
    klar_surge_params *p;
    const char *file;
    char dir[1024];
    seen_key seen[MAX_SEEN];
    int n_seen;
    pending_measure measures[KLAR_SURGE_MAX_MEASURES];
    int n_measures;
    supply_plan supply;
} scan;

/* The range of a relative contact in [measures]. */
static const surge_key contact_key = {"measures", "day", SK_DOUBLE, 0, 0, SURGE_CONTACT_MAX,
                                      SK_LO_CLOSED, "relative"};

static const char *const fixed_sections[] = {"scenario", "epidemic", "measures", "care",
                                             "capacity", "vaccination", "supply"};
#define NFIXED (sizeof fixed_sections / sizeof fixed_sections[0])

/* ---- small helpers -------------------------------------------------------------------------- */

static int fail_at(const scan *sc, int line, klar_error *err, const char *name, const char *why)
{
    klar_error_set(err, sc->file, line, "'%s': %s", name, why);
    return 0;
}

static int seen_line(const scan *sc, const char *key)
{
    for (int i = 0; i < sc->n_seen; i++)
        if (strcmp(sc->seen[i].key, key) == 0)
            return sc->seen[i].line;
    return 0;
}

/* 1 if any key of [section] was read. */
static int section_seen(const scan *sc, const char *section)
{
    size_t n = strlen(section);
    for (int i = 0; i < sc->n_seen; i++)
        if (strncmp(sc->seen[i].key, section, n) == 0 && sc->seen[i].key[n] == '.')
            return 1;
    return 0;
}

/* Records section.name at line; 0 with err set if it was given before (or too many keys). */
static int note_key(scan *sc, const char *section, const char *name, int line, klar_error *err)
{
    char key[sizeof sc->seen[0].key];
    snprintf(key, sizeof key, "%s.%s", section, name);
    int first = seen_line(sc, key);
    if (first) {
        klar_error_set(err, sc->file, line, "'%s' in [%s] is given twice (first on line %d; an "
                       "indented line continues the line before it)", name, section, first);
        return 0;
    }
    if (sc->n_seen == MAX_SEEN) {
        klar_error_set(err, sc->file, line, "more than %d values", MAX_SEEN);
        return 0;
    }
    snprintf(sc->seen[sc->n_seen].key, sizeof sc->seen[0].key, "%s", key);
    sc->seen[sc->n_seen++].line = line;
    return 1;
}

/* Names of a key table's keys, for "did you mean" and the list of known keys. */
static size_t key_names(const surge_key *table, size_t n, const char *section,
                        const char **names, size_t max)
{
    size_t k = 0;
    for (size_t i = 0; i < n && k < max; i++)
        if (!section || strcmp(table[i].section, section) == 0)
            names[k++] = table[i].name;
    return k;
}

static void join(const char *const *names, size_t n, char *buf, size_t size)
{
    size_t used = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < n && used + 1 < size; i++) {
        int w = snprintf(buf + used, size - used, "%s%s", i ? ", " : "", names[i]);
        if (w < 0)
            break;
        used += (size_t)w;
    }
}

static int unknown_key(const scan *sc, int line, const char *section, const char *name,
                       const surge_key *table, size_t n, const char *table_section,
                       klar_error *err)
{
    const char *names[96];
    char known[600];
    size_t k = key_names(table, n, table_section, names, 96);
    const char *near = klar_text_suggest(name, names, k);
    join(names, k, known, sizeof known);
    if (near)
        klar_error_set(err, sc->file, line, "unknown key '%s' in [%s]; did you mean '%s'?", name,
                       section, near);
    else
        klar_error_set(err, sc->file, line, "unknown key '%s' in [%s]; known keys: %s", name,
                       section, known);
    return 0;
}

/* ---- uncertain parameters ------------------------------------------------------------------- */

static void uncertain_drop(klar_surge_params *p, size_t offset)
{
    for (int i = 0; i < p->n_uncertain; i++)
        if (p->uncertain[i].offset == offset) {
            memmove(&p->uncertain[i], &p->uncertain[i + 1],
                    (size_t)(p->n_uncertain - i - 1) * sizeof p->uncertain[0]);
            p->n_uncertain--;
            return;
        }
}

/* Records the distribution of the double at offset (replacing an earlier one there). */
static int uncertain_put(scan *sc, int line, const char *key, size_t offset,
                         const surge_scalar *s, const surge_key *k, klar_error *err)
{
    klar_surge_params *p = sc->p;
    uncertain_drop(p, offset);
    if (p->n_uncertain >= KLAR_SURGE_MAX_UNCERTAIN) {
        klar_error_set(err, sc->file, line, "more than %d uncertain parameters",
                       KLAR_SURGE_MAX_UNCERTAIN);
        return 0;
    }
    klar_surge_uncertain *u = &p->uncertain[p->n_uncertain++];
    memset(u, 0, sizeof *u);
    snprintf(u->key, sizeof u->key, "%s", key);
    u->offset = offset;
    u->kind = s->kind;
    u->a = s->a;
    u->b = s->b;
    u->c = s->c;
    u->lo = surge_draw_lo(k);
    u->hi = k->hi;
    return 1;
}

/* ---- one value by the key table ------------------------------------------------------------- */

/* Sets the value of key k (key = its "section.name" or "staff.nurse.fte") at base_offset +
 * k->offset inside p. */
static int set_value(scan *sc, int line, const char *key, const char *name, const surge_key *k,
                     size_t base_offset, const char *text, klar_error *err)
{
    char why[WHY];
    size_t offset = base_offset + k->offset;
    char *at = (char *)sc->p + offset;
    if (k->kind == SK_INT) {
        int v;
        if (surge_parse_int(text, k, &v, why, sizeof why) != 0)
            return fail_at(sc, line, err, name, why);
        memcpy(at, &v, sizeof v);
        return 1;
    }
    if (k->kind == SK_AGES) {
        double v[G];
        if (surge_parse_ages(text, k, v, why, sizeof why) != 0)
            return fail_at(sc, line, err, name, why);
        memcpy(at, v, sizeof v);
        return 1;
    }
    surge_scalar s;
    if (surge_parse_scalar(text, &s, why, sizeof why) != 0 ||
        surge_check_scalar(&s, k, why, sizeof why) != 0)
        return fail_at(sc, line, err, name, why);
    memcpy(at, &s.point, sizeof s.point);
    if (!s.uncertain) {
        uncertain_drop(sc->p, offset);
        return 1;
    }
    return uncertain_put(sc, line, key, offset, &s, k, err);
}

/* ---- [scenario], [epidemic] contacts, [vaccination] priority -------------------------------- */

static int set_text(const scan *sc, int line, const char *name, const char *value, char *dst,
                    size_t size, klar_error *err)
{
    if (!value[0])
        return fail_at(sc, line, err, name, "no text given");
    if (strlen(value) >= size) {
        char why[64];
        snprintf(why, sizeof why, "longer than %zu characters", size - 1);
        return fail_at(sc, line, err, name, why);
    }
    if (dst)
        memcpy(dst, value, strlen(value) + 1);
    return 1;
}

typedef struct contacts_reader {
    double m[G][G];
    int rows;
} contacts_reader;

static int contacts_row(klar_csv *csv, int nfields, char **fields, void *ctx, klar_error *err)
{
    contacts_reader *r = ctx;
    const char *name = klar_csv_name(csv);
    long line = klar_csv_line(csv);
    if (r->rows >= G) {
        klar_error_set(err, name, line, "more than %d rows; one row per age group", G);
        return -1;
    }
    if (nfields != G + 1) {
        klar_error_set(err, name, line, "%d fields; expected %d (age group and %d values)",
                       nfields, G + 1, G);
        return -1;
    }
    if (strcmp(fields[0], klar_surge_group_label(r->rows)) != 0) {
        klar_error_set(err, name, line, "expected the row of age group %s, not '%s'",
                       klar_surge_group_label(r->rows), fields[0]);
        return -1;
    }
    for (int j = 0; j < G; j++) {
        double v;
        if (klar_parse_double(fields[j + 1], &v) != 0 || v < 0 || v > SURGE_CONTACTS_MAX) {
            klar_error_set(err, name, line, "contacts with %s: '%s' is not a number in 0..%g",
                           klar_surge_group_label(j), fields[j + 1], SURGE_CONTACTS_MAX);
            return -1;
        }
        r->m[r->rows][j] = v;
    }
    r->rows++;
    return 0;
}

static int read_contacts(const char *path, double out[G][G], klar_error *err)
{
    const char *columns[G + 1] = {"age"};
    for (int g = 0; g < G; g++)
        columns[g + 1] = klar_age_group_label(g);
    contacts_reader r;
    memset(&r, 0, sizeof r);
    if (klar_csv_read_table(path, columns, G + 1, KLAR_CSV_COMMENTS, contacts_row, &r, err) != 0)
        return -1;
    if (r.rows != G) {
        klar_error_set(err, path, 0, "%d rows; expected %d, one per age group", r.rows, G);
        return -1;
    }
    double sum = 0;
    for (int i = 0; i < G; i++)
        for (int j = 0; j < G; j++)
            sum += r.m[i][j];
    if (!(sum > 0)) {
        klar_error_set(err, path, 0, "every contact is 0; write contacts = uniform instead");
        return -1;
    }
    memcpy(out, r.m, sizeof r.m);
    return 0;
}

static int set_contacts(scan *sc, int line, const char *value, klar_error *err)
{
    if (strcmp(value, "uniform") == 0) {
        memset(sc->p->epi.contacts, 0, sizeof sc->p->epi.contacts);
        return 1;
    }
    char path[2048];
    if (!value[0] || klar_path_join(path, sizeof path, sc->dir, value, NULL) != 0 ||
        !klar_path_is_file(path)) {
        klar_error_set(err, sc->file, line, "'contacts': expected 'uniform' or a CSV file; cannot "
                       "find '%s'%s%s", value, value[0] == '/' ? "" : " in ",
                       value[0] == '/' ? "" : sc->dir);
        return 0;
    }
    double m[G][G];
    if (read_contacts(path, m, err) != 0)
        return 0;
    memcpy(sc->p->epi.contacts, m, sizeof m);
    return 1;
}

static int set_priority(scan *sc, int line, const char *value, klar_error *err)
{
    char why[WHY];
    int groups[G], n;
    if (surge_parse_groups(value, groups, &n, why, sizeof why) != 0)
        return fail_at(sc, line, err, "priority", why);
    sc->p->vac.n_priority = n;
    memcpy(sc->p->vac.priority, groups, (size_t)n * sizeof groups[0]);
    return 1;
}

static int on_scenario(scan *sc, int line, const char *name, const char *value, klar_error *err)
{
    klar_surge_params *p = sc->p;
    if (strcmp(name, "name") == 0)
        return set_text(sc, line, name, value, p->name, sizeof p->name, err);
    if (strcmp(name, "region") == 0)
        return set_text(sc, line, name, value, NULL, sizeof p->region_id, err);
    if (strcmp(name, "start_date") == 0) {
        long long day;
        if (klar_date_parse(value, &day) != 0)
            return fail_at(sc, line, err, name, "not a date YYYY-MM-DD");
        return set_text(sc, line, name, value, p->start_date, sizeof p->start_date, err);
    }
    return set_text(sc, line, name, value, NULL, 4096, err);   /* description, source */
}

/* ---- [supply] ------------------------------------------------------------------------------- */

static int category_known(const klar_surge_params *p, const char *category)
{
    if (strcmp(category, "ppe") == 0 || strcmp(category, "medicine") == 0 ||
        strcmp(category, "all") == 0 || strcmp(category, "none") == 0)
        return 1;
    for (int i = 0; i < p->n_items; i++)
        if (strcmp(p->items[i].category, category) == 0)
            return 1;
    return 0;
}

static int on_supply(scan *sc, int line, const char *name, const char *value, const surge_key *k,
                     klar_error *err)
{
    supply_plan *s = &sc->supply;
    char why[WHY];
    if (strcmp(name, "import_stop") == 0) {
        if (!category_known(sc->p, value) || strlen(value) >= sizeof s->category) {
            klar_error_set(err, sc->file, line, "'import_stop': unknown category '%s'; expected "
                           "ppe, medicine, all or none (or a category of the region's items)",
                           value);
            return 0;
        }
        snprintf(s->category, sizeof s->category, "%s", value);
        return 1;
    }
    if (strcmp(name, "resume_fraction") == 0) {
        surge_scalar v;
        if (surge_parse_scalar(value, &v, why, sizeof why) != 0 ||
            surge_check_scalar(&v, k, why, sizeof why) != 0)
            return fail_at(sc, line, err, name, why);
        if (v.uncertain)
            return fail_at(sc, line, err, name, "cannot be uncertain here, as it applies to "
                           "several items; give it in [item.<id>]");
        s->resume_fraction = v.point;
        return 1;
    }
    int day;
    if (surge_parse_int(value, k, &day, why, sizeof why) != 0)
        return fail_at(sc, line, err, name, why);
    if (strcmp(name, "stop_day") == 0)
        s->stop_day = day;
    else
        s->resume_day = day;
    return 1;
}

static int supply_applies(const supply_plan *s, const klar_surge_item *it)
{
    return strcmp(s->category, "all") == 0 || strcmp(s->category, "none") == 0 ||
           strcmp(s->category, it->category) == 0;
}

/* 1 if [item.<id>] of item i gave name itself. */
static int item_gave(const scan *sc, int i, const char *name)
{
    char key[sizeof sc->seen[0].key];
    snprintf(key, sizeof key, "item.%s.%s", sc->p->items[i].id, name);
    return seen_line(sc, key) != 0;
}

/* Applies [supply] to the items it names, leaving what [item.<id>] set itself. */
static int apply_supply(scan *sc, klar_error *err)
{
    supply_plan *s = &sc->supply;
    int resume_line = seen_line(sc, "supply.resume_day");
    if (!s->category[0]) {
        int line = seen_line(sc, "supply.stop_day");
        if (!line)
            line = resume_line ? resume_line : seen_line(sc, "supply.resume_fraction");
        if (line)
            klar_error_set(err, sc->file, line, "[supply] needs import_stop = ppe, medicine or "
                           "all to say whose imports stop");
        return line ? -1 : 0;
    }
    int none = strcmp(s->category, "none") == 0;
    for (int i = 0; i < sc->p->n_items; i++) {
        klar_surge_item *it = &sc->p->items[i];
        if (!supply_applies(s, it))
            continue;
        if (!item_gave(sc, i, "stop_day"))
            it->stop_day = none ? -1 : s->stop_day;
        if (!item_gave(sc, i, "resume_day"))
            it->resume_day = none || !resume_line ? -1 : s->resume_day;
        if (!item_gave(sc, i, "resume_fraction"))
            it->resume_fraction = none ? 0 : s->resume_fraction;
    }
    return 0;
}

/* ---- [measures] ----------------------------------------------------------------------------- */

static int on_measure(scan *sc, int line, const char *name, const char *value, klar_error *err)
{
    long day;
    char why[WHY];
    if (strncmp(name, "day_", 4) != 0 || klar_parse_long(name + 4, &day) != 0 || day < 0 ||
        day > KLAR_SURGE_MAX_DAYS || name[4] == '+' || name[4] == '-' || name[4] == ' ') {
        klar_error_set(err, sc->file, line, "[measures] takes 'day_<N> = relative contact' with N "
                       "a day 0..%d, not '%s'", KLAR_SURGE_MAX_DAYS, name);
        return 0;
    }
    for (int i = 0; i < sc->n_measures; i++)
        if (sc->measures[i].day == day) {
            klar_error_set(err, sc->file, line, "a measure from day %ld is given twice (first on "
                           "line %d)", day, sc->measures[i].line);
            return 0;
        }
    if (sc->n_measures == KLAR_SURGE_MAX_MEASURES) {
        klar_error_set(err, sc->file, line, "more than %d measures", KLAR_SURGE_MAX_MEASURES);
        return 0;
    }
    pending_measure *m = &sc->measures[sc->n_measures];
    if (surge_parse_scalar(value, &m->value, why, sizeof why) != 0 ||
        surge_check_scalar(&m->value, &contact_key, why, sizeof why) != 0)
        return fail_at(sc, line, err, name, why);
    m->day = (int)day;
    m->line = line;
    sc->n_measures++;
    return 1;
}

static int by_day(const void *a, const void *b)
{
    const pending_measure *x = a, *y = b;
    return (x->day > y->day) - (x->day < y->day);
}

/* Replaces p's measures by the file's, sorted by day, with their distributions. */
static int apply_measures(scan *sc, klar_error *err)
{
    klar_surge_params *p = sc->p;
    if (!sc->n_measures)
        return 0;
    size_t first = offsetof(klar_surge_params, epi.measures);
    for (int i = p->n_uncertain - 1; i >= 0; i--) {
        size_t at = p->uncertain[i].offset;
        if (at >= first && at < first + sizeof p->epi.measures)
            uncertain_drop(p, at);
    }
    qsort(sc->measures, (size_t)sc->n_measures, sizeof sc->measures[0], by_day);
    p->epi.n_measures = sc->n_measures;
    for (int i = 0; i < sc->n_measures; i++) {
        const pending_measure *m = &sc->measures[i];
        p->epi.measures[i].from_day = m->day;
        p->epi.measures[i].relative_contact = m->value.point;
        if (!m->value.uncertain)
            continue;
        char key[48];
        snprintf(key, sizeof key, "measures.day_%d", m->day);
        size_t offset = first + (size_t)i * sizeof p->epi.measures[0] +
                        offsetof(klar_surge_measure, relative_contact);
        if (!uncertain_put(sc, m->line, key, offset, &m->value, &contact_key, err))
            return -1;
    }
    return 0;
}

/* ---- sections ------------------------------------------------------------------------------- */

static int on_fixed(scan *sc, const char *section, const char *name, const char *value, int line,
                    klar_error *err)
{
    int k = surge_key_find(surge_keys, surge_nkeys, section, name);
    if (k < 0)
        return unknown_key(sc, line, section, name, surge_keys, surge_nkeys, section, err);
    int repeatable = strcmp(section, "scenario") == 0 &&
                     (strcmp(name, "source") == 0 || strcmp(name, "description") == 0);
    if (!repeatable && !note_key(sc, section, name, line, err))
        return 0;
    const surge_key *key = &surge_keys[k];
    char full[112];
    snprintf(full, sizeof full, "%s.%s", section, name);
    if (key->kind != SK_SPECIAL)
        return set_value(sc, line, full, name, key, 0, value, err);
    if (strcmp(section, "scenario") == 0)
        return on_scenario(sc, line, name, value, err);
    if (strcmp(section, "supply") == 0)
        return on_supply(sc, line, name, value, key, err);
    if (strcmp(name, "contacts") == 0)
        return set_contacts(sc, line, value, err);
    return set_priority(sc, line, value, err);
}

/* The keys of a [staff.<id>] or [item.<id>] section: their table, the table's own section name
 * ("staff", "item"), and where the section's struct lies in klar_surge_params. */
typedef struct key_table {
    const surge_key *keys;
    size_t n;
    const char *section;
    size_t base;
} key_table;

static int on_table(scan *sc, const char *section, const char *name, const char *value, int line,
                    const key_table *t, klar_error *err)
{
    int k = surge_key_find(t->keys, t->n, t->section, name);
    if (k < 0)
        return unknown_key(sc, line, section, name, t->keys, t->n, NULL, err);
    if (!note_key(sc, section, name, line, err))
        return 0;
    char full[112];
    snprintf(full, sizeof full, "%s.%s", section, name);
    return set_value(sc, line, full, name, &t->keys[k], t->base, value, err);
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

static int unknown_item(const scan *sc, int line, const char *id, klar_error *err)
{
    const klar_surge_params *p = sc->p;
    const char *ids[KLAR_SURGE_MAX_ITEMS];
    char known[600], hint[96];
    for (int i = 0; i < p->n_items; i++)
        ids[i] = p->items[i].id;
    klar_text_suggest_hint(id, ids, (size_t)p->n_items, hint, sizeof hint);
    join(ids, (size_t)p->n_items, known, sizeof known);
    klar_error_set(err, sc->file, line, "unknown item '%s'%s; %s%s", id, hint,
                   p->n_items ? "the region's items are " : "the region has no items",
                   known);
    return 0;
}

static int unknown_section(const scan *sc, int line, const char *section, klar_error *err)
{
    char staff[KLAR_STAFF_N][32], item[KLAR_SURGE_MAX_ITEMS][48];
    const char *names[NFIXED + KLAR_STAFF_N + KLAR_SURGE_MAX_ITEMS];
    size_t n = 0;
    for (size_t i = 0; i < NFIXED; i++)
        names[n++] = fixed_sections[i];
    for (int s = 0; s < KLAR_STAFF_N; s++) {
        snprintf(staff[s], sizeof staff[s], "staff.%s", klar_staff_id((klar_staff)s));
        names[n++] = staff[s];
    }
    for (int i = 0; i < sc->p->n_items; i++) {
        snprintf(item[i], sizeof item[i], "item.%s", sc->p->items[i].id);
        names[n++] = item[i];
    }
    const char *near = klar_text_suggest(section, names, n);
    klar_error_set(err, sc->file, line, "unknown section [%s]%s%s%s; a surge scenario has "
                   "[scenario], [epidemic], [measures], [care], [capacity], [staff.<%s|%s|%s|%s>], "
                   "[vaccination], [supply] and [item.<id>]", section,
                   near ? " (did you mean [" : "", near ? near : "", near ? "]?)" : "",
                   klar_staff_id(0), klar_staff_id(1), klar_staff_id(2), klar_staff_id(3));
    return 0;
}

static int on_value(void *user, const char *section, const char *name, const char *value,
                    int line, int section_line, klar_error *err)
{
    scan *sc = user;
    if (!section[0]) {
        klar_error_set(err, sc->file, line, "'%s' stands before any [section]", name);
        return 0;
    }
    for (size_t i = 0; i < NFIXED; i++)
        if (strcmp(section, fixed_sections[i]) == 0)
            return strcmp(section, "measures") == 0 ? on_measure(sc, line, name, value, err)
                                                    : on_fixed(sc, section, name, value, line, err);
    int header = section_line ? section_line : line;
    int s = strncmp(section, "staff.", 6) == 0 ? staff_index(section + 6) : -1;
    if (s >= 0) {
        key_table t = {surge_staff_keys, surge_staff_nkeys, "staff",
                       offsetof(klar_surge_params, cap.staff) + (size_t)s * sizeof(klar_surge_staff)};
        return on_table(sc, section, name, value, line, &t, err);
    }
    if (strncmp(section, "item.", 5) == 0) {
        int i = item_index(sc->p, section + 5);
        if (i < 0)
            return unknown_item(sc, header, section + 5, err);
        key_table t = {surge_item_keys, surge_item_nkeys, "item",
                       offsetof(klar_surge_params, items) + (size_t)i * sizeof(klar_surge_item)};
        return on_table(sc, section, name, value, line, &t, err);
    }
    return unknown_section(sc, header, section, err);
}

/* ---- the end of the file -------------------------------------------------------------------- */

/* The line of the value a check complaint is about, or 0. */
static int line_of(const scan *sc, const char *key)
{
    int line = seen_line(sc, key);
    size_t n = strlen(key);
    char other[112];
    if (!line && n > 7 && strcmp(key + n - 7, "_stages") == 0) {
        snprintf(other, sizeof other, "%.*s_days", (int)(n - 7), key);
        line = seen_line(sc, other);
    }
    if (!line && strncmp(key, "measures.day_", 13) == 0)
        for (int i = 0; i < sc->n_measures; i++)
            if (sc->measures[i].day == atoi(key + 13))
                line = sc->measures[i].line;
    const char *dot = strrchr(key, '.');
    if (!line && strncmp(key, "item.", 5) == 0 && dot) {
        snprintf(other, sizeof other, "supply%s", dot);
        line = seen_line(sc, other);
        if (!line && strcmp(dot, ".stop_day") == 0)
            line = seen_line(sc, "supply.import_stop");
    }
    return line;
}

static int finish(scan *sc, klar_error *err)
{
    klar_surge_params *p = sc->p;
    int r0_line = seen_line(sc, "epidemic.r0");
    int doubling_line = seen_line(sc, "epidemic.doubling_time");
    if (r0_line && doubling_line) {
        int later = r0_line > doubling_line ? r0_line : doubling_line;
        klar_error_set(err, sc->file, later, "give r0 or doubling_time, not both");
        return -1;
    }
    if (r0_line) {   /* r0 rules: a doubling time from before would override it */
        p->epi.doubling_time = 0;
        uncertain_drop(p, offsetof(klar_surge_params, epi.doubling_time));
    }
    if (section_seen(sc, "vaccination"))
        p->vac.enabled = 1;
    if (apply_measures(sc, err) != 0 || apply_supply(sc, err) != 0)
        return -1;
    char key[128];
    klar_error inner;
    if (surge_params_check_key(p, &inner, key, sizeof key) != 0) {
        klar_error_set(err, sc->file, line_of(sc, key), "%s", inner.message);
        return -1;
    }
    return 0;
}

/* 1 if the lists of p are within their arrays (the parser indexes them). */
static int counts_valid(const klar_surge_params *p)
{
    return p->n_items >= 0 && p->n_items <= KLAR_SURGE_MAX_ITEMS && p->n_uncertain >= 0 &&
           p->n_uncertain <= KLAR_SURGE_MAX_UNCERTAIN && p->epi.n_measures >= 0 &&
           p->epi.n_measures <= KLAR_SURGE_MAX_MEASURES;
}

int klar_surge_scenario_parse(const char *text, size_t len, const char *name,
                              klar_surge_params *p, klar_error *err)
{
    if (!name)
        name = "scenario";
    if (!counts_valid(p)) {
        klar_error_set(err, name, 0, "the parameters to read onto hold invalid counts of items, "
                       "measures or uncertain values");
        return -1;
    }
    scan *sc = calloc(1, sizeof *sc);
    if (!sc) {
        klar_error_set(err, name, 0, "out of memory");
        return -1;
    }
    sc->p = p;
    sc->file = name;
    klar_path_dir(name, sc->dir, sizeof sc->dir);
    int rc = klar_ini_parse(text, len, name, on_value, sc, err);
    if (rc == 0 && !seen_line(sc, "scenario.name"))
        klar_path_stem(name, ".ini", p->name, sizeof p->name);
    if (rc == 0)
        rc = finish(sc, err);
    free(sc);
    return rc;
}

/* ---- the region a scenario names, and loading a whole run ----------------------------------- */

typedef struct region_scan {
    char *buf;
    size_t size;
    int line;
} region_scan;

static int on_region(void *user, const char *section, const char *name, const char *value,
                     int line, int section_line, klar_error *err)
{
    region_scan *r = user;
    (void)section_line;
    (void)err;
    if (!r->line && strcmp(section, "scenario") == 0 && strcmp(name, "region") == 0) {
        r->line = line;
        if (strlen(value) < r->size)
            memcpy(r->buf, value, strlen(value) + 1);
    }
    return 1;
}

/* Reads [scenario] region into buf ("" if none); *line gets its line. */
static int scan_region(const char *text, size_t len, const char *name, char *buf, size_t size,
                       int *line, klar_error *err)
{
    region_scan r = {buf, size, 0};
    if (size)
        buf[0] = '\0';
    int rc = klar_ini_parse(text, len, name, on_region, &r, err);
    *line = r.line;
    return rc;
}

int klar_surge_scenario_region(const char *text, size_t len, char *buf, size_t size)
{
    klar_error err;
    int line;
    if (!buf || !size)
        return -1;
    if (scan_region(text, len, "scenario", buf, size, &line, &err) != 0) {
        buf[0] = '\0';
        return -1;
    }
    return 0;
}

/* Prefixes err with "path:line: 'region': " when the scenario file named the region (line > 0),
 * for a failure the region itself causes. */
static void blame_region(const char *path, int line, klar_error *err)
{
    if (line <= 0 || !err)
        return;
    klar_error inner = *err;
    klar_error_set(err, path, line, "'region': %s", inner.message);
}

/* Puts the region `want` (line: where the scenario file named it, or 0), its population and
 * its baseline onto p. */
static int load_region(const klar_popbase *pb, const char *datadir, const char *want, const char *path,
                       int line, klar_surge_params *p, klar_error *err)
{
    klar_region r;
    if (klar_region_parse(klar_popbase_geo(pb), want, &r, err) != 0 ||
        klar_popbase_age_groups(pb, datadir, &r, p->population, NULL, err) != 0) {
        blame_region(path, line, err);
        return -1;
    }
    int region_fault;
    if (surge_baseline_load(datadir, pb, &r, p, &region_fault, err) != 0) {
        if (region_fault)
            blame_region(path, line, err);
        return -1;
    }
    snprintf(p->region_id, sizeof p->region_id, "%s", r.id);
    snprintf(p->region_name, sizeof p->region_name, "%s", r.name);
    return 0;
}

/* The region is the one named on the command line, else in the scenario, else Norway. */
static int load_text(const char *text, size_t len, const char *path, const char *datadir,
                     const char *region, klar_surge_params *p, klar_error *err)
{
    char named[128];
    int line = 0;
    klar_surge_params_defaults(p);
    if (scan_region(text, len, path, named, sizeof named, &line, err) != 0)
        return -1;
    int from_file = !(region && *region) && named[0];
    const char *want = region && *region ? region : named[0] ? named : "NO";
    klar_popbase *pb = klar_popbase_load(datadir, err);
    if (!pb)
        return -1;
    int rc = load_region(pb, datadir, want, path, from_file ? line : 0, p, err);
    klar_popbase_free(pb);
    return rc == 0 ? klar_surge_scenario_parse(text, len, path, p, err) : -1;
}

int klar_surge_load(const char *path, const char *datadir, const char *region,
                    klar_surge_params *p, klar_error *err)
{
    size_t len;
    char *text = klar_file_read(path, SCENARIO_MAX_BYTES, &len, err);
    if (!text)
        return -1;
    /* klar_ini_parse refuses a NUL byte with its line */
    int rc = load_text(text, len, path, datadir ? datadir : klar_datadir(), region, p, err);
    free(text);
    return rc;
}
