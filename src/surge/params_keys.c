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
    {section, prefix "_days", SK_DOUBLE, PO(member.days), 0, 365, SK_LO_OPEN},                 \
    {section, prefix "_stages", SK_INT, PO(member.stages), 1, STAGES, SK_LO_CLOSED}

const surge_key surge_keys[] = {
    {"scenario", "name", SK_SPECIAL, 0, 0, 0, 0},
    {"scenario", "description", SK_SPECIAL, 0, 0, 0, 0},
    {"scenario", "source", SK_SPECIAL, 0, 0, 0, 0},
    {"scenario", "days", SK_INT, PO(days), 1, DAYS_MAX, 0},
    {"scenario", "region", SK_SPECIAL, 0, 0, 0, 0},

    {"epidemic", "r0", SK_DOUBLE, PO(epi.r0), 0, 50, SK_LO_OPEN_DRAWS},
    {"epidemic", "doubling_time", SK_DOUBLE, PO(epi.doubling_time), 0, 365, 0},   /* 0 or >= 0.1 */
    STAY("epidemic", "latent", epi.latent),
    STAY("epidemic", "infectious", epi.infectious),
    {"epidemic", "initial_infected_per_100k", SK_DOUBLE, PO(epi.initial_infected_per_100k), 0,
     1e5, 0},
    {"epidemic", "susceptibility", SK_AGES, PO(epi.susceptibility), 0, 10, 0},
    {"epidemic", "immune", SK_AGES, PO(epi.immune), 0, 1, 0},
    {"epidemic", "contacts", SK_SPECIAL, 0, 0, 0, 0},

    {"care", "symptomatic", SK_AGES, PO(care.symptomatic), 0, 1, 0},
    {"care", "hospitalised", SK_AGES, PO(care.hospitalised), 0, 1, 0},
    {"care", "hospitalised_scale", SK_DOUBLE, PO(care.hospitalised_scale), 0, 100, 0},
    {"care", "icu_scale", SK_DOUBLE, PO(care.icu_scale), 0, 100, 0},
    {"care", "icu", SK_AGES, PO(care.icu), 0, 1, 0},
    {"care", "ventilated", SK_DOUBLE, PO(care.ventilated), 0, 1, 0},
    {"care", "death_ward", SK_AGES, PO(care.death_ward), 0, 1, 0},
    {"care", "death_icu", SK_AGES, PO(care.death_icu), 0, 1, 0},
    STAY("care", "onset_to_admission", care.onset_to_admission),
    STAY("care", "ward", care.ward),
    STAY("care", "ward_before_icu", care.ward_before_icu),
    STAY("care", "icu_stay", care.icu_stay),
    STAY("care", "icu_ventilated", care.icu_ventilated),
    STAY("care", "ward_after_icu", care.ward_after_icu),
    {"care", "tested", SK_DOUBLE, PO(care.tested), 0, 1, 0},
    {"care", "tests_per_admission", SK_DOUBLE, PO(care.tests_per_admission), 0, 100, 0},
    {"care", "tests_per_patient_day", SK_DOUBLE, PO(care.tests_per_patient_day), 0, 100, 0},
    {"care", "background_tests_per_100k", SK_DOUBLE, PO(care.background_tests_per_100k), 0, 1e5,
     0},

    {"capacity", "ward_beds", SK_DOUBLE, PO(cap.ward_beds), 0, BIG, 0},
    {"capacity", "ward_beds_surge", SK_DOUBLE, PO(cap.ward_beds_surge), 0, BIG, 0},
    {"capacity", "icu_beds", SK_DOUBLE, PO(cap.icu_beds), 0, BIG, 0},
    {"capacity", "icu_beds_surge", SK_DOUBLE, PO(cap.icu_beds_surge), 0, BIG, 0},
    {"capacity", "ward_occupancy", SK_DOUBLE, PO(cap.ward_occupancy), 0, 1, 0},
    {"capacity", "icu_occupancy", SK_DOUBLE, PO(cap.icu_occupancy), 0, 1, 0},
    {"capacity", "surge_delay_days", SK_INT, PO(cap.surge_delay_days), -1, DAYS_MAX, 0},
    {"capacity", "absence_base", SK_DOUBLE, PO(cap.absence_base), 0, 1, 0},
    {"capacity", "absence_per_prevalence", SK_DOUBLE, PO(cap.absence_per_prevalence), 0, 1000, 0},
    {"capacity", "absence_max", SK_DOUBLE, PO(cap.absence_max), 0, 1, 0},
    {"capacity", "reserve_delay_days", SK_INT, PO(cap.reserve_delay_days), 0, DAYS_MAX, 0},
    {"capacity", "reserve_ramp_days", SK_INT, PO(cap.reserve_ramp_days), 0, DAYS_MAX, 0},

    {"vaccination", "start_day", SK_INT, PO(vac.start_day), 0, DAYS_MAX, 0},
    {"vaccination", "doses_per_day_per_100k", SK_DOUBLE, PO(vac.doses_per_day_per_100k), 0, 1e5,
     0},
    {"vaccination", "efficacy", SK_DOUBLE, PO(vac.efficacy), 0, 1, 0},
    {"vaccination", "max_coverage", SK_DOUBLE, PO(vac.max_coverage), 0, 1, 0},
    {"vaccination", "priority", SK_SPECIAL, 0, 0, 0, 0},

    /* applied to every item of a category; ranges as for the item keys */
    {"supply", "import_stop", SK_SPECIAL, 0, 0, 0, 0},
    {"supply", "stop_day", SK_SPECIAL, 0, 0, DAYS_MAX, 0},
    {"supply", "resume_day", SK_SPECIAL, 0, -1, DAYS_MAX, 0},
    {"supply", "resume_fraction", SK_SPECIAL, 0, 0, 1, 0},
};
const size_t surge_nkeys = sizeof surge_keys / sizeof surge_keys[0];

#define SO(member) offsetof(klar_surge_staff, member)
const surge_key surge_staff_keys[] = {
    {"staff", "fte", SK_DOUBLE, SO(fte), 0, BIG, 0},
    {"staff", "normal_load", SK_DOUBLE, SO(normal_load), 0, 1, 0},
    {"staff", "per_ward_bed", SK_DOUBLE, SO(per_ward_bed), 0, 100, 0},
    {"staff", "per_icu_bed", SK_DOUBLE, SO(per_icu_bed), 0, 100, 0},
    {"staff", "tests_per_fte_day", SK_DOUBLE, SO(tests_per_fte_day), 0, 1e5, 0},
    {"staff", "reserve_fte", SK_DOUBLE, SO(reserve_fte), 0, BIG, 0},
};
const size_t surge_staff_nkeys = sizeof surge_staff_keys / sizeof surge_staff_keys[0];

#define IO(member) offsetof(klar_surge_item, member)
const surge_key surge_item_keys[] = {
    {"item", "normal_per_month", SK_DOUBLE, IO(normal_per_month), 0, 1e12, 0},
    {"item", "per_ward_day", SK_DOUBLE, IO(per_ward_day), 0, 1e6, 0},
    {"item", "per_icu_day", SK_DOUBLE, IO(per_icu_day), 0, 1e6, 0},
    {"item", "per_test", SK_DOUBLE, IO(per_test), 0, 1e3, 0},
    {"item", "opening_months", SK_DOUBLE, IO(opening_months), 0, 1200, 0},
    {"item", "import_share", SK_DOUBLE, IO(import_share), 0, 1, 0},
    {"item", "stop_day", SK_INT, IO(stop_day), -1, DAYS_MAX, 0},
    {"item", "resume_day", SK_INT, IO(resume_day), -1, DAYS_MAX, 0},
    {"item", "resume_fraction", SK_DOUBLE, IO(resume_fraction), 0, 1, 0},
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
