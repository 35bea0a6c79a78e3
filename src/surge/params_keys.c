/* params_keys.c - every surge parameter a scenario file can set, as the file writes it: section,
 * key, kind, where it lives in klar_surge_params and the range it must lie in. Shares lie in
 * 0..1; the upper limits of counts and rates are generous bounds against typing errors, not
 * claims about what is plausible. docs/surge-scenarios.md describes every key. */
#include "params_internal.h"

#include <string.h>

#define PO(member) offsetof(klar_surge_params, member)
#define BIG 1e7
#define DAYS_MAX ((double)KLAR_SURGE_MAX_DAYS)
#define STAGES ((double)KLAR_SURGE_MAX_STAGES)

/* The days and stages of one stay. */
#define STAY(section, prefix, member)                                                          \
    {section, prefix "_days", SK_DOUBLE, PO(member.days), 0, 365, SK_LO_OPEN, "days"},         \
    {section, prefix "_stages", SK_INT, PO(member.stages), 1, STAGES, SK_LO_CLOSED, "stages"}

const surge_key surge_keys[] = {
    {"scenario", "name", SK_SPECIAL, 0, 0, 0, 0, "none"},
    {"scenario", "description", SK_SPECIAL, 0, 0, 0, 0, "none"},
    {"scenario", "source", SK_SPECIAL, 0, 0, 0, 0, "none"},
    {"scenario", "days", SK_INT, PO(days), 1, DAYS_MAX, 0, "days"},
    {"scenario", "region", SK_SPECIAL, 0, 0, 0, 0, "none"},
    {"scenario", "start_date", SK_SPECIAL, 0, 0, 0, 0, "date"},

    {"epidemic", "r0", SK_DOUBLE, PO(epi.r0), 0, 50, SK_LO_OPEN_DRAWS, "none"},
    {"epidemic", "doubling_time", SK_DOUBLE, PO(epi.doubling_time), 0, 365, 0, "days"},   /* 0 or >= 0.1 */
    STAY("epidemic", "latent", epi.latent),
    STAY("epidemic", "infectious", epi.infectious),
    {"epidemic", "initial_infected_per_100k", SK_DOUBLE, PO(epi.initial_infected_per_100k), 0,
     1e5, 0, "persons_per_100k"},
    {"epidemic", "susceptibility", SK_AGES, PO(epi.susceptibility), 0, 10, 0, "relative"},
    {"epidemic", "immune", SK_AGES, PO(epi.immune), 0, 1, 0, "share"},
    {"epidemic", "contacts", SK_SPECIAL, 0, 0, 0, 0, "none"},

    {"care", "symptomatic", SK_AGES, PO(care.symptomatic), 0, 1, 0, "share"},
    {"care", "hospitalised", SK_AGES, PO(care.hospitalised), 0, 1, 0, "share"},
    {"care", "hospitalised_scale", SK_DOUBLE, PO(care.hospitalised_scale), 0, 100, 0, "factor"},
    {"care", "icu_scale", SK_DOUBLE, PO(care.icu_scale), 0, 100, 0, "factor"},
    {"care", "icu", SK_AGES, PO(care.icu), 0, 1, 0, "share"},
    {"care", "ventilated", SK_DOUBLE, PO(care.ventilated), 0, 1, 0, "share"},
    {"care", "death_ward", SK_AGES, PO(care.death_ward), 0, 1, 0, "share"},
    {"care", "death_icu", SK_AGES, PO(care.death_icu), 0, 1, 0, "share"},
    STAY("care", "onset_to_admission", care.onset_to_admission),
    STAY("care", "ward", care.ward),
    STAY("care", "ward_before_icu", care.ward_before_icu),
    STAY("care", "icu_stay", care.icu_stay),
    STAY("care", "icu_ventilated", care.icu_ventilated),
    STAY("care", "ward_after_icu", care.ward_after_icu),
    {"care", "tested", SK_DOUBLE, PO(care.tested), 0, 1, 0, "share"},
    {"care", "tests_per_admission", SK_DOUBLE, PO(care.tests_per_admission), 0, 100, 0, "tests"},
    {"care", "tests_per_patient_day", SK_DOUBLE, PO(care.tests_per_patient_day), 0, 100, 0, "tests"},
    {"care", "background_tests_per_100k", SK_DOUBLE, PO(care.background_tests_per_100k), 0, 1e5,
     0, "tests_per_day_per_100k"},

    {"capacity", "ward_beds", SK_DOUBLE, PO(cap.ward_beds), 0, BIG, 0, "beds"},
    {"capacity", "ward_beds_surge", SK_DOUBLE, PO(cap.ward_beds_surge), 0, BIG, 0, "beds"},
    {"capacity", "icu_beds", SK_DOUBLE, PO(cap.icu_beds), 0, BIG, 0, "beds"},
    {"capacity", "icu_beds_surge", SK_DOUBLE, PO(cap.icu_beds_surge), 0, BIG, 0, "beds"},
    {"capacity", "ward_occupancy", SK_DOUBLE, PO(cap.ward_occupancy), 0, 1, 0, "share"},
    {"capacity", "icu_occupancy", SK_DOUBLE, PO(cap.icu_occupancy), 0, 1, 0, "share"},
    {"capacity", "surge_delay_days", SK_INT, PO(cap.surge_delay_days), -1, DAYS_MAX, 0, "days"},
    {"capacity", "absence_base", SK_DOUBLE, PO(cap.absence_base), 0, 1, 0, "share"},
    {"capacity", "absence_per_prevalence", SK_DOUBLE, PO(cap.absence_per_prevalence), 0, 1000, 0, "factor"},
    {"capacity", "absence_max", SK_DOUBLE, PO(cap.absence_max), 0, 1, 0, "share"},
    {"capacity", "reserve_delay_days", SK_INT, PO(cap.reserve_delay_days), 0, DAYS_MAX, 0, "days"},
    {"capacity", "reserve_ramp_days", SK_INT, PO(cap.reserve_ramp_days), 0, DAYS_MAX, 0, "days"},

    {"vaccination", "start_day", SK_INT, PO(vac.start_day), 0, DAYS_MAX, 0, "day"},
    {"vaccination", "doses_per_day_per_100k", SK_DOUBLE, PO(vac.doses_per_day_per_100k), 0, 1e5,
     0, "doses_per_day_per_100k"},
    {"vaccination", "efficacy", SK_DOUBLE, PO(vac.efficacy), 0, 1, 0, "share"},
    {"vaccination", "max_coverage", SK_DOUBLE, PO(vac.max_coverage), 0, 1, 0, "share"},
    {"vaccination", "priority", SK_SPECIAL, 0, 0, 0, 0, "none"},

    /* applied to every item of a category; ranges as for the item keys */
    {"supply", "import_stop", SK_SPECIAL, 0, 0, 0, 0, "none"},
    {"supply", "stop_day", SK_SPECIAL, 0, 0, DAYS_MAX, 0, "day"},
    {"supply", "resume_day", SK_SPECIAL, 0, -1, DAYS_MAX, 0, "day"},
    {"supply", "resume_fraction", SK_SPECIAL, 0, 0, 1, 0, "share"},
};
const size_t surge_nkeys = sizeof surge_keys / sizeof surge_keys[0];

#define SO(member) offsetof(klar_surge_staff, member)
const surge_key surge_staff_keys[] = {
    {"staff", "fte", SK_DOUBLE, SO(fte), 0, BIG, 0, "FTE"},
    {"staff", "normal_load", SK_DOUBLE, SO(normal_load), 0, 1, 0, "share"},
    {"staff", "per_ward_bed", SK_DOUBLE, SO(per_ward_bed), 0, 100, 0, "FTE_per_patient"},
    {"staff", "per_icu_bed", SK_DOUBLE, SO(per_icu_bed), 0, 100, 0, "FTE_per_patient"},
    {"staff", "tests_per_fte_day", SK_DOUBLE, SO(tests_per_fte_day), 0, 1e5, 0, "tests_per_day"},
    {"staff", "reserve_fte", SK_DOUBLE, SO(reserve_fte), 0, BIG, 0, "FTE"},
};
const size_t surge_staff_nkeys = sizeof surge_staff_keys / sizeof surge_staff_keys[0];

#define IO(member) offsetof(klar_surge_item, member)
const surge_key surge_item_keys[] = {
    {"item", "normal_per_month", SK_DOUBLE, IO(normal_per_month), 0, 1e12, 0, "units_per_month"},
    {"item", "per_ward_day", SK_DOUBLE, IO(per_ward_day), 0, 1e6, 0, "units"},
    {"item", "per_icu_day", SK_DOUBLE, IO(per_icu_day), 0, 1e6, 0, "units"},
    {"item", "per_test", SK_DOUBLE, IO(per_test), 0, 1e3, 0, "units"},
    {"item", "opening_months", SK_DOUBLE, IO(opening_months), 0, 1200, 0, "months"},
    {"item", "import_share", SK_DOUBLE, IO(import_share), 0, 1, 0, "share"},
    {"item", "stop_day", SK_INT, IO(stop_day), -1, DAYS_MAX, 0, "day"},
    {"item", "resume_day", SK_INT, IO(resume_day), -1, DAYS_MAX, 0, "day"},
    {"item", "resume_fraction", SK_DOUBLE, IO(resume_fraction), 0, 1, 0, "share"},
};
const size_t surge_item_nkeys = sizeof surge_item_keys / sizeof surge_item_keys[0];

const surge_stay_key surge_stay_keys[] = {
    {"epidemic", "latent", PO(epi.latent)},
    {"epidemic", "infectious", PO(epi.infectious)},
    {"care", "onset_to_admission", PO(care.onset_to_admission)},
    {"care", "ward", PO(care.ward)},
    {"care", "ward_before_icu", PO(care.ward_before_icu)},
    {"care", "icu_stay", PO(care.icu_stay)},
    {"care", "icu_ventilated", PO(care.icu_ventilated)},
    {"care", "ward_after_icu", PO(care.ward_after_icu)},
};
const size_t surge_nstay_keys = sizeof surge_stay_keys / sizeof surge_stay_keys[0];

int surge_key_find(const surge_key *table, size_t n, const char *section, const char *name)
{
    for (size_t k = 0; k < n; k++)
        if (strcmp(table[k].section, section) == 0 && strcmp(table[k].name, name) == 0)
            return (int)k;
    return -1;
}

/* ---- the public list of keys ------------------------------------------------------------- */

/* Repeatable keys a form cannot set as one value. */
static int repeatable(const surge_key *k)
{
    return strcmp(k->section, "scenario") == 0 &&
           (strcmp(k->name, "description") == 0 || strcmp(k->name, "source") == 0);
}

/* The table key i falls in: fixed, staff or item, with i made an index into it (repeatable
 * fixed keys skipped). NULL when i is past the end. */
static const surge_key *public_key(size_t i)
{
    for (size_t k = 0; k < surge_nkeys; k++)
        if (!repeatable(&surge_keys[k]) && i-- == 0)
            return &surge_keys[k];
    if (i < surge_staff_nkeys)
        return &surge_staff_keys[i];
    i -= surge_staff_nkeys;
    return i < surge_item_nkeys ? &surge_item_keys[i] : NULL;
}

size_t klar_surge_key_count(void)
{
    size_t n = surge_staff_nkeys + surge_item_nkeys;
    for (size_t k = 0; k < surge_nkeys; k++)
        n += !repeatable(&surge_keys[k]);
    return n;
}

int klar_surge_key_at(size_t i, klar_surge_key_info *out)
{
    static const klar_surge_key_kind kinds[] = {
        [SK_DOUBLE] = KLAR_SURGE_KEY_NUMBER, [SK_INT] = KLAR_SURGE_KEY_INTEGER,
        [SK_AGES] = KLAR_SURGE_KEY_AGES, [SK_SPECIAL] = KLAR_SURGE_KEY_TEXT};
    const surge_key *k = public_key(i);
    if (!k)
        return -1;
    out->section = k->section;
    out->name = k->name;
    out->kind = kinds[k->kind];
    out->min = k->lo;
    out->max = k->hi;
    out->min_open = k->open_lo == SK_LO_OPEN;
    out->uncertain = k->kind == SK_DOUBLE;
    out->unit = k->unit;
    return 0;
}

/* Where key k's value lives in p for owner (a staff group or item index). */
static const char *value_base(const klar_surge_params *p, const surge_key *k, int owner)
{
    if (strcmp(k->section, "staff") == 0)
        return owner >= 0 && owner < KLAR_STAFF_N ? (const char *)&p->cap.staff[owner] : NULL;
    if (strcmp(k->section, "item") == 0)
        return owner >= 0 && owner < p->n_items ? (const char *)&p->items[owner] : NULL;
    return (const char *)p;
}

int klar_surge_key_format(const klar_surge_params *p, size_t i, int owner, char *buf,
                          size_t size)
{
    const surge_key *k = public_key(i);
    const char *base = k && k->kind != SK_SPECIAL ? value_base(p, k, owner) : NULL;
    if (!base || size == 0)
        return -1;
    int n = 0;
    if (k->kind == SK_INT) {
        int v;
        memcpy(&v, base + k->offset, sizeof v);
        n = snprintf(buf, size, "%d", v);
    } else if (k->kind == SK_DOUBLE) {
        double v;
        memcpy(&v, base + k->offset, sizeof v);
        n = snprintf(buf, size, "%.10g", v);
    } else {
        double v[KLAR_SURGE_GROUPS];
        memcpy(v, base + k->offset, sizeof v);
        size_t used = 0;
        for (int g = 0; g < KLAR_SURGE_GROUPS && n >= 0 && used < size; g++) {
            n = snprintf(buf + used, size - used, "%s%.10g", g ? ", " : "", v[g]);
            used += n > 0 ? (size_t)n : 0;
        }
        n = (int)used;
    }
    return n < 0 || (size_t)n >= size ? -1 : 0;
}
