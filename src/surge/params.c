/* params.c - the surge model's parameters: names of age groups and staff categories, klar's
 * documented defaults (a moderate pandemic influenza in a region of 100 000 inhabitants with
 * Norway's age structure, with no beds, staff or stocks), and the check every run makes.
 *
 * The sources of the default values are given beside them and in docs/surge-scenarios.md;
 * scenarios/influenza-moderate.ini writes the same values out with the same sources. Values
 * marked "assumption" are judgements, not measurements. */
#include "params_internal.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#define G KLAR_SURGE_GROUPS

const char *klar_surge_group_label(int g)
{
    const char *label = klar_age_group_label(g);
    return label ? label : "?";
}

const char *klar_staff_id(klar_staff s)
{
    static const char *const ids[KLAR_STAFF_N] = {"nurse", "icu-nurse", "physician",
                                                  "bioengineer"};
    return (int)s >= 0 && s < KLAR_STAFF_N ? ids[s] : "?";
}

/* ---- defaults ------------------------------------------------------------------------------- */

static void set_stay(klar_surge_stay *s, double days, int stages)
{
    s->days = days;
    s->stages = stages;
}

static void copy_ages(double *dst, const double src[G])
{
    memcpy(dst, src, G * sizeof *dst);
}

static void fill_ages(double *dst, double v)
{
    for (int g = 0; g < G; g++)
        dst[g] = v;
}

/* 100 000 persons split as Norway's population on 1 January 2022 (SSB table 07459, as shipped
 * in data/population.csv: 5 425 270 persons). */
static void default_population(klar_surge_params *p)
{
    static const double per_100k[G] = {10833, 11926, 12932, 13808, 13165,
                                       13360, 10988, 8559,  4429};
    copy_ages(p->population, per_100k);
}

static void default_epidemic(klar_surge_epidemic *e)
{
    /* Biggerstaff et al., BMC Infect Dis 2014;14:480: median R of the 1957 pandemic 1.65,
     * 2009 1.46, seasonal influenza 1.28; 1.5 lies between the milder pandemics. */
    e->r0 = 1.5;
    e->doubling_time = 0;
    /* Lessler et al., Lancet Infect Dis 2009;9:291: incubation of influenza A median 1.4 days;
     * infectiousness starts around onset (Carrat et al., Am J Epidemiol 2008;167:775). With the
     * infectious stay this gives a generation time of about 3.5 days (Cowling et al.,
     * Epidemiology 2009;20:344: serial interval 3.6 days). */
    set_stay(&e->latent, 1.5, 1);
    set_stay(&e->infectious, 3, 2);
    e->initial_infected_per_100k = 1;   /* assumption: a handful of imported cases */
    fill_ages(e->susceptibility, 1);    /* assumption: a new subtype, no prior immunity */
    fill_ages(e->immune, 0);
    memset(e->contacts, 0, sizeof e->contacts);   /* uniform mixing */
    e->n_measures = 0;
}

static void default_vaccination(klar_surge_vaccination *v)
{
    v->enabled = 0;
    v->start_day = 150;             /* assumption: 2009 doses came about 6 months after emergence */
    v->doses_per_day_per_100k = 500;   /* assumption */
    v->efficacy = 0.6;              /* assumption: a typical influenza vaccine effectiveness */
    v->max_coverage = 0.7;          /* assumption */
    v->n_priority = G;              /* oldest first */
    for (int i = 0; i < G; i++)
        v->priority[i] = G - 1 - i;
}

static void default_care(klar_surge_care *c)
{
    /* assumptions, all of them: see docs/surge-scenarios.md for their grounds. About twice the
     * 2009 pandemic's 0.45 % of illnesses hospitalised (Shrestha et al., Clin Infect Dis
     * 2011;52 Suppl 1:S75), U-shaped by age as for seasonal influenza. */
    static const double symptomatic[G] = {0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5};
    static const double hospitalised[G] = {0.003, 0.0008, 0.001, 0.0015, 0.002,
                                           0.0035, 0.0075, 0.015, 0.03};
    static const double icu[G] = {0.10, 0.12, 0.15, 0.17, 0.18, 0.18, 0.17, 0.12, 0.07};
    static const double death_ward[G] = {0.002, 0.002, 0.003, 0.005, 0.01,
                                         0.02,  0.04,  0.07,  0.12};
    static const double death_icu[G] = {0.08, 0.08, 0.10, 0.12, 0.14, 0.17, 0.22, 0.30, 0.40};
    copy_ages(c->symptomatic, symptomatic);
    copy_ages(c->hospitalised, hospitalised);
    c->hospitalised_scale = 1;
    c->icu_scale = 1;
    copy_ages(c->icu, icu);
    c->ventilated = 0.65;   /* ANZIC Influenza Investigators, NEJM 2009;361:1925: 64.6 % */
    copy_ages(c->death_ward, death_ward);
    copy_ages(c->death_icu, death_icu);
    set_stay(&c->onset_to_admission, 3, 2);
    set_stay(&c->ward, 5, 2);
    set_stay(&c->ward_before_icu, 1, 1);
    set_stay(&c->icu_stay, 4, 2);
    set_stay(&c->icu_ventilated, 10, 3);   /* ANZIC 2009: ventilation median 8 days */
    set_stay(&c->ward_after_icu, 5, 2);
    c->tested = 0.2;
    c->tests_per_admission = 1;
    c->tests_per_patient_day = 0.1;
    c->background_tests_per_100k = 20;
}

/* Staffing ratios in FTE per occupied bed. One post covered 24/7 takes 168 h a week over a
 * 35.5-hour week for rotating shifts, and 52 weeks over 47 at work (five weeks' holiday):
 * 168 / 35.5 * 52 / 47 = 5.24 FTE. Sickness absence is counted separately (absence_base). The
 * ratios per patient are assumptions (docs/surge-scenarios.md). */
#define FTE_PER_POST 5.24

static void set_staff(klar_surge_staff *s, double normal_load, double ward, double icu,
                      double tests)
{
    memset(s, 0, sizeof *s);
    s->normal_load = normal_load;
    s->per_ward_bed = ward;
    s->per_icu_bed = icu;
    s->tests_per_fte_day = tests;
}

static void default_capacity(klar_surge_capacity *c)
{
    memset(c, 0, sizeof *c);
    c->ward_occupancy = 0.9;   /* assumption: Norwegian somatic wards run near 90 % full */
    c->icu_occupancy = 0.75;   /* assumption */
    c->surge_delay_days = 3;   /* assumption */
    /* nurse: one per 5 ward patients and one per 3 ICU patients beside the ICU nurse, 24/7 */
    set_staff(&c->staff[KLAR_STAFF_NURSE], 0.9, 1.048, 1.747, 0);
    /* ICU nurse: one per ICU patient (1:1), 24/7 */
    set_staff(&c->staff[KLAR_STAFF_ICU_NURSE], 0.9, 0, FTE_PER_POST, 0);
    /* physician: one per 30 ward and one per 8 ICU patients, 24/7 */
    set_staff(&c->staff[KLAR_STAFF_PHYSICIAN], 0.9, 0.175, 0.655, 0);
    /* bioengineer: 40 PCR tests per FTE a day, and the blood tests of in-patients (assumption) */
    set_staff(&c->staff[KLAR_STAFF_BIOENGINEER], 0.9, 0.05, 0.2, 40);
    c->absence_base = 0.06;          /* assumption near the health services' sickness absence */
    c->absence_per_prevalence = 2;   /* assumption: see docs/surge-scenarios.md */
    c->absence_max = 0.2;            /* assumption: UK DH 2009: 12 % at the peak beyond normal */
    c->reserve_delay_days = 7;       /* assumption */
    c->reserve_ramp_days = 14;       /* assumption */
}

void klar_surge_params_defaults(klar_surge_params *p)
{
    memset(p, 0, sizeof *p);
    snprintf(p->name, sizeof p->name, "defaults (moderate influenza)");
    snprintf(p->region_id, sizeof p->region_id, "per-100k");
    snprintf(p->region_name, sizeof p->region_name, "100 000 inhabitants, Norway's age structure");
    p->days = 300;
    default_population(p);
    default_epidemic(&p->epi);
    default_vaccination(&p->vac);
    default_care(&p->care);
    default_capacity(&p->cap);
    p->n_items = 0;
    p->n_uncertain = 0;
}

/* ---- the check ------------------------------------------------------------------------------ */

typedef struct checker {
    klar_error *err;
    char *key;          /* the parameter at fault, for the caller (may be NULL) */
    size_t keysize;
} checker;

/* Fills err with "key: reason" and the caller's key buffer with key; returns -1. */
#if defined(__GNUC__)
__attribute__((format(printf, 3, 4)))
#endif
static int fail(const checker *ck, const char *key, const char *fmt, ...)
{
    char reason[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(reason, sizeof reason, fmt, ap);
    va_end(ap);
    klar_error_set(ck->err, NULL, 0, "%s: %s", key, reason);
    if (ck->key && ck->keysize)
        snprintf(ck->key, ck->keysize, "%s", key);
    return -1;
}

#define REASON 256   /* room for the reason of a refused number or distribution */

/* what: "the value" or "the value for 30-39". */
static int check_number(const checker *ck, const char *key, const surge_key *k, double v,
                        const char *what)
{
    char reason[REASON];
    if (surge_key_in_range(k, v, reason, sizeof reason) == 0)
        return 0;
    return fail(ck, key, "%s is %g, which %s", what, v, reason);
}

static int check_key(const checker *ck, const char *key, const surge_key *k, const char *base)
{
    const char *at = base + k->offset;
    double d;
    int i;
    switch (k->kind) {
    case SK_DOUBLE:
        memcpy(&d, at, sizeof d);
        return check_number(ck, key, k, d, "the value");
    case SK_INT:
        memcpy(&i, at, sizeof i);
        return check_number(ck, key, k, i, "the value");
    case SK_AGES:
        for (int g = 0; g < G; g++) {
            char what[32];
            snprintf(what, sizeof what, "the value for %s", klar_surge_group_label(g));
            memcpy(&d, at + (size_t)g * sizeof d, sizeof d);
            if (check_number(ck, key, k, d, what) != 0)
                return -1;
        }
        return 0;
    case SK_SPECIAL:
        return 0;
    }
    return 0;
}

/* Every key of a table on the struct at base; prefix names the section ("staff.nurse"), or
 * NULL to take each key's own section. */
static int check_table(const checker *ck, const surge_key *table, size_t n, const void *base,
                       const char *prefix)
{
    for (size_t k = 0; k < n; k++) {
        char key[128];
        snprintf(key, sizeof key, "%s.%s", prefix ? prefix : table[k].section, table[k].name);
        if (check_key(ck, key, &table[k], base) != 0)
            return -1;
    }
    return 0;
}

static int check_stays(const checker *ck, const klar_surge_params *p)
{
    for (size_t s = 0; s < surge_nstay_keys; s++) {
        const surge_stay_key *sk = &surge_stay_keys[s];
        klar_surge_stay st;
        memcpy(&st, (const char *)p + sk->offset, sizeof st);
        if (st.stages > st.days) {
            char key[96];
            snprintf(key, sizeof key, "%s.%s_stages", sk->section, sk->prefix);
            return fail(ck, key, "%d stage%s need%s %s_days of at least %d (a stage is left "
                        "with probability stages/days a day), not %g", st.stages,
                        st.stages == 1 ? "" : "s", st.stages == 1 ? "s" : "", sk->prefix,
                        st.stages, st.days);
        }
    }
    return 0;
}

static int check_measures(const checker *ck, const klar_surge_params *p)
{
    const klar_surge_epidemic *e = &p->epi;
    if (e->n_measures < 0 || e->n_measures > KLAR_SURGE_MAX_MEASURES)
        return fail(ck, "measures", "%d measures; at most %d", e->n_measures,
                    KLAR_SURGE_MAX_MEASURES);
    for (int i = 0; i < e->n_measures; i++) {
        const klar_surge_measure *m = &e->measures[i];
        char key[48];
        snprintf(key, sizeof key, "measures.day_%d", m->from_day);
        if (m->from_day < 0 || m->from_day > p->days)
            return fail(ck, key, "day %d lies outside the simulated days 0..%d", m->from_day,
                        p->days);
        if (i > 0 && m->from_day <= e->measures[i - 1].from_day)
            return fail(ck, key, "measures must be sorted by day, each day once (day %d follows "
                        "day %d)", m->from_day, e->measures[i - 1].from_day);
        if (!isfinite(m->relative_contact) || m->relative_contact < 0 ||
            m->relative_contact > SURGE_CONTACT_MAX)
            return fail(ck, key, "relative contact %g lies outside 0..%g", m->relative_contact,
                        SURGE_CONTACT_MAX);
    }
    return 0;
}

static int check_epidemic(const checker *ck, const klar_surge_params *p)
{
    const klar_surge_epidemic *e = &p->epi;
    if (!(e->doubling_time > 0) && !(e->r0 > 0))
        return fail(ck, "epidemic.r0", "must be greater than 0 (or give doubling_time)");
    if (e->doubling_time > 0 && e->doubling_time < 0.1)
        return fail(ck, "epidemic.doubling_time", "is %g days; a doubling time under 0.1 day "
                    "cannot be stepped by the day", e->doubling_time);
    for (int i = 0; i < G; i++)
        for (int j = 0; j < G; j++)
            if (!isfinite(e->contacts[i][j]) || e->contacts[i][j] < 0 ||
                e->contacts[i][j] > SURGE_CONTACTS_MAX)
                return fail(ck, "epidemic.contacts", "contacts of %s with %s are %g; they must "
                            "lie in 0..%g", klar_surge_group_label(i),
                            klar_surge_group_label(j), e->contacts[i][j], SURGE_CONTACTS_MAX);
    return check_measures(ck, p);
}

static int check_vaccination(const checker *ck, const klar_surge_vaccination *v)
{
    if (v->n_priority < 0 || v->n_priority > G)
        return fail(ck, "vaccination.priority", "%d groups; at most %d", v->n_priority, G);
    int seen[G] = {0};
    for (int i = 0; i < v->n_priority; i++) {
        int g = v->priority[i];
        if (g < 0 || g >= G)
            return fail(ck, "vaccination.priority", "group %d is not an age group (0..%d)", g,
                        G - 1);
        if (seen[g]++)
            return fail(ck, "vaccination.priority", "%s is listed twice",
                        klar_surge_group_label(g));
    }
    return 0;
}

static int terminated(const char *s, size_t size)
{
    return memchr(s, '\0', size) != NULL;
}

static int check_item(const checker *ck, const klar_surge_params *p, int i)
{
    const klar_surge_item *it = &p->items[i];
    char prefix[64];
    if (!terminated(it->id, sizeof it->id) || !it->id[0])
        return fail(ck, "item", "item %d has no id", i + 1);
    snprintf(prefix, sizeof prefix, "item.%s", it->id);
    if (!terminated(it->unit, sizeof it->unit) || !terminated(it->category, sizeof it->category))
        return fail(ck, prefix, "unit or category is not a terminated string");
    for (int j = 0; j < i; j++)
        if (strcmp(p->items[j].id, it->id) == 0)
            return fail(ck, prefix, "the id is used by two items");
    if (check_table(ck, surge_item_keys, surge_item_nkeys, it, prefix) != 0)
        return -1;
    char key[96];
    snprintf(key, sizeof key, "%s.resume_day", prefix);
    if (it->resume_day >= 0 && (it->stop_day < 0 || it->resume_day < it->stop_day))
        return fail(ck, key, "imports resume on day %d but stop on day %d", it->resume_day,
                    it->stop_day);
    return 0;
}

static int check_items(const checker *ck, const klar_surge_params *p)
{
    if (p->n_items < 0 || p->n_items > KLAR_SURGE_MAX_ITEMS)
        return fail(ck, "item", "%d items; at most %d", p->n_items, KLAR_SURGE_MAX_ITEMS);
    for (int i = 0; i < p->n_items; i++)
        if (check_item(ck, p, i) != 0)
            return -1;
    return 0;
}

static int check_staff(const checker *ck, const klar_surge_capacity *c)
{
    for (int s = 0; s < KLAR_STAFF_N; s++) {
        char prefix[32];
        snprintf(prefix, sizeof prefix, "staff.%s", klar_staff_id((klar_staff)s));
        if (check_table(ck, surge_staff_keys, surge_staff_nkeys, &c->staff[s], prefix) != 0)
            return -1;
    }
    return 0;
}

static int check_names(const checker *ck, const klar_surge_params *p)
{
    if (!terminated(p->name, sizeof p->name))
        return fail(ck, "scenario.name", "not a terminated string");
    if (!terminated(p->region_id, sizeof p->region_id) ||
        !terminated(p->region_name, sizeof p->region_name))
        return fail(ck, "scenario.region", "region id or name is not a terminated string");
    return 0;
}

static int check_population(const checker *ck, const klar_surge_params *p)
{
    double total = 0;
    for (int g = 0; g < G; g++) {
        double n = p->population[g];
        if (!isfinite(n) || n < 0 || n > 1e10)
            return fail(ck, "population", "%s is %g persons; it must be a finite number "
                        "0..1e10", klar_surge_group_label(g), n);
        total += n;
    }
    if (!(total > 0))
        return fail(ck, "population", "the region has no inhabitants");
    return 0;
}

static int check_distribution(const checker *ck, const klar_surge_uncertain *u, const char *key)
{
    char reason[REASON];
    if (surge_dist_check(u->kind, u->a, u->b, u->c, reason, sizeof reason) != 0)
        return fail(ck, key, "%s", reason);
    return 0;
}

static int check_uncertain_one(const checker *ck, const klar_surge_uncertain *u, int i)
{
    char key[96];
    if (!terminated(u->key, sizeof u->key))
        return fail(ck, "uncertain", "entry %d: the key is not a terminated string", i + 1);
    snprintf(key, sizeof key, "%s", u->key[0] ? u->key : "uncertain");
    if (u->offset > sizeof(klar_surge_params) - sizeof(double) ||
        u->offset % _Alignof(double) != 0)
        return fail(ck, key, "offset %zu is not that of a double inside the parameters",
                    u->offset);
    if (!isfinite(u->lo) || !isfinite(u->hi) || u->lo > u->hi)
        return fail(ck, key, "valid range %g..%g is empty", u->lo, u->hi);
    return check_distribution(ck, u, key);
}

static int check_uncertain(const checker *ck, const klar_surge_params *p)
{
    if (p->n_uncertain < 0 || p->n_uncertain > KLAR_SURGE_MAX_UNCERTAIN)
        return fail(ck, "uncertain", "%d uncertain parameters; at most %d", p->n_uncertain,
                    KLAR_SURGE_MAX_UNCERTAIN);
    for (int i = 0; i < p->n_uncertain; i++)
        if (check_uncertain_one(ck, &p->uncertain[i], i) != 0)
            return -1;
    return 0;
}

int surge_params_check_key(const klar_surge_params *p, klar_error *err, char *key,
                           size_t keysize)
{
    checker ck = {err, key, keysize};
    if (key && keysize)
        key[0] = '\0';
    if (check_names(&ck, p) != 0 ||
        check_table(&ck, surge_keys, surge_nkeys, p, NULL) != 0 || check_stays(&ck, p) != 0 ||
        check_population(&ck, p) != 0 || check_epidemic(&ck, p) != 0 ||
        check_vaccination(&ck, &p->vac) != 0 || check_staff(&ck, &p->cap) != 0 ||
        check_items(&ck, p) != 0 || check_uncertain(&ck, p) != 0)
        return -1;
    return 0;
}

int klar_surge_params_check(const klar_surge_params *p, klar_error *err)
{
    return surge_params_check_key(p, err, NULL, 0);
}
