/* keys.c - the table of every input a profession or scenario file may give: section, name,
 * kind, allowed range, default, and a label with its unit for the list of assumptions. */
#include "wf_internal.h"

#include <stdio.h>
#include <string.h>

#define P WF_SCOPE_PROFESSION
#define I WF_SCOPE_IDENTITY
#define S WF_SCOPE_SCENARIO
#define BIG 1e9

/* Order must match the enum in wf_internal.h. */
const wf_key wf_keys[WF_NKEYS] = {
    {"profession", "id", WF_TEXT, I, 1, 0, 0, 0, "profession id", "none"},
    {"profession", "name_nb", WF_TEXT, I, 1, 0, 0, 0, "name (Norwegian)", "none"},
    {"profession", "name_en", WF_TEXT, I, 1, 0, 0, 0, "name (English)", "none"},
    {"profession", "base_year", WF_INT, P, 1, 1950, 2100, 0, "base year", "year"},

    {"stock", "persons", WF_NUM, P, 1, 0, BIG, 0, "persons educated, base year (persons)", "persons"},
    {"stock", "women_share", WF_NUM, P, 1, 0, 1, 0, "women's share of the stock", "share"},
    {"stock", "age_profile", WF_PATH, P, 1, 0, 0, 0, "age profile of the stock (CSV)", "none"},
    {"stock", "fte", WF_NUM, P, 1, 0, BIG, 0, "FTE performed, base year (FTE)", "FTE"},
    {"stock", "fte_per_worker", WF_NUM, P, 1, 0.05, 1, 0, "mean FTE per person working (FTE)", "FTE"},

    {"education", "study_places", WF_NUM, P, 1, 0, BIG, 0, "study places (admissions/year)", "admissions_per_year"},
    {"education", "completion", WF_NUM, P, 1, 0, 1, 0, "completion rate", "share"},
    {"education", "study_years", WF_INT, P, 1, 0, 12, 0, "length of study (years)", "years"},
    {"education", "women_share", WF_NUM, P, 1, 0, 1, 0, "women's share of graduates", "share"},
    {"education", "age_profile", WF_PATH, P, 1, 0, 0, 0, "age profile of new graduates (CSV)", "none"},

    {"migration", "net_per_year", WF_NUM, P, 0, -BIG, BIG, 0, "net immigration (persons/year)", "persons_per_year"},
    {"migration", "women_share", WF_NUM, P, 0, 0, 1, 0.5, "women's share of net immigration", "share"},
    {"migration", "age_profile", WF_PATH, P, 0, 0, 0, 0, "age profile of net immigration (CSV)", "none"},

    {"behaviour", "participation_profile", WF_PATH, P, 1, 0, 0, 0,
     "probability of working in the sectors, by sex and age (CSV)", "none"},
    {"behaviour", "fte_profile", WF_PATH, P, 1, 0, 0, 0, "FTE per person working, by sex and age (CSV)", "none"},
    {"behaviour", "exit_profile", WF_PATH, P, 1, 0, 0, 0,
     "yearly exit rate (death, emigration), by sex and age (CSV)", "none"},
    {"behaviour", "exit_extra", WF_NUM, P, 0, 0, 0.5, 0, "extra yearly exit rate, all ages", "per_year"},

    {"demand", "base_shortage_fte", WF_NUM, P, 0, -BIG, BIG, 0,
     "shortage in the base year (FTE; demand - supply)", "FTE"},
    {"demand", "share.specialist", WF_NUM, P, 1, 0, 1, 0, "share of base demand, specialist services", "share"},
    {"demand", "share.municipal", WF_NUM, P, 1, 0, 1, 0, "share of base demand, municipal services", "share"},
    {"demand", "share.other", WF_NUM, P, 1, 0, 1, 0, "share of base demand, other sectors", "share"},
    {"demand", "service_use.specialist", WF_PATH, P, 1, 0, 0, 0,
     "service use by age and sex, specialist services (CSV)", "none"},
    {"demand", "service_use.municipal", WF_PATH, P, 1, 0, 0, 0,
     "service use by age and sex, municipal services (CSV)", "none"},
    {"demand", "service_use.other", WF_PATH, P, 1, 0, 0, 0,
     "service use by age and sex, other sectors (CSV)", "none"},
    {"demand", "std.reference", WF_NUM, P, 1, -0.2, 0.2, 0, "standard change per year, reference", "per_year"},
    {"demand", "std.high", WF_NUM, P, 1, -0.2, 0.2, 0, "standard change per year, high", "per_year"},
    {"demand", "std.reference.specialist", WF_NUM, P, 0, -0.2, 0.2, 0,
     "standard change per year, reference, specialist", "per_year"},
    {"demand", "std.reference.municipal", WF_NUM, P, 0, -0.2, 0.2, 0,
     "standard change per year, reference, municipal", "per_year"},
    {"demand", "std.reference.other", WF_NUM, P, 0, -0.2, 0.2, 0,
     "standard change per year, reference, other", "per_year"},
    {"demand", "std.high.specialist", WF_NUM, P, 0, -0.2, 0.2, 0,
     "standard change per year, high, specialist", "per_year"},
    {"demand", "std.high.municipal", WF_NUM, P, 0, -0.2, 0.2, 0, "standard change per year, high, municipal", "per_year"},
    {"demand", "std.high.other", WF_NUM, P, 0, -0.2, 0.2, 0, "standard change per year, high, other", "per_year"},

    {"regions", "share.helse-sor-ost", WF_NUM, P, 1, 0, 1, 0, "share in Helse Sør-Øst", "share"},
    {"regions", "share.helse-vest", WF_NUM, P, 1, 0, 1, 0, "share in Helse Vest", "share"},
    {"regions", "share.helse-midt-norge", WF_NUM, P, 1, 0, 1, 0, "share in Helse Midt-Norge", "share"},
    {"regions", "share.helse-nord", WF_NUM, P, 1, 0, 1, 0, "share in Helse Nord", "share"},

    {"scenario", "id", WF_TEXT, S, 0, 0, 0, 0, "scenario id", "none"},
    {"scenario", "description", WF_TEXT, S, 0, 0, 0, 0, "scenario description", "none"},
    {"scenario", "profession", WF_TEXT, S, 0, 0, 0, 0, "profession the scenario is for", "none"},
    {"scenario", "to_year", WF_INT, S, 0, 1950, 2200, 0, "last year shown", "year"},
    {"scenario", "start_year", WF_INT, S, 0, 1950, 2200, 0, "first year the levers act", "year"},
    {"scenario", "study_places_factor", WF_NUM, S, 0, 0, 20, 1,
     "study places, factor on admissions from start_year", "factor"},
    {"scenario", "completion_change", WF_NUM, S, 0, -1, 1, 0,
     "completion rate, change for admissions from start_year", "share"},
    {"scenario", "retirement_shift", WF_NUM, S, 0, -10, 10, 0,
     "retirement (participation 60+), shift in years", "years"},
    {"scenario", "parttime_factor", WF_NUM, S, 0, 0, 10, 1,
     "part-time gap (1 - FTE per worker), factor", "factor"},
    {"scenario", "migration_factor", WF_NUM, S, 0, -50, 50, 1, "net immigration, factor", "factor"},
    {"scenario", "productivity", WF_NUM, S, 0, -0.2, 0.2, 0, "productivity growth per year", "per_year"},
};

static const char *const sections[] = {"profession", "stock", "education", "migration",
                                       "behaviour", "demand", "regions", "scenario"};

int wf_section_index(const char *section)
{
    for (size_t i = 0; i < sizeof sections / sizeof sections[0]; i++)
        if (strcmp(section, sections[i]) == 0)
            return (int)i;
    return -1;
}

int wf_section_known(const char *section)
{
    return wf_section_index(section) >= 0;
}

int wf_key_find(const char *section, const char *name)
{
    for (int k = 0; k < WF_NKEYS; k++)
        if (strcmp(wf_keys[k].section, section) == 0 && strcmp(wf_keys[k].name, name) == 0)
            return k;
    return -1;
}

void wf_key_list(const char *section, char *buf, size_t size)
{
    size_t used = 0;
    buf[0] = '\0';
    for (int k = 0; k < WF_NKEYS; k++) {
        if (strcmp(wf_keys[k].section, section) != 0)
            continue;
        int n = snprintf(buf + used, size - used, "%s%s", used ? ", " : "", wf_keys[k].name);
        if (n < 0 || (size_t)n >= size - used)
            return;
        used += (size_t)n;
    }
}

void wf_key_path(int k, char *buf, size_t size)
{
    snprintf(buf, size, "%s.%s", wf_keys[k].section, wf_keys[k].name);
}

/* ---- the public list of the keys a scenario may set ----------------------------------------- */

/* Index in wf_keys of the i-th key a scenario may set, or -1. */
static int settable_key(size_t i)
{
    for (int k = 0; k < WF_NKEYS; k++)
        if (wf_keys[k].scope != WF_SCOPE_IDENTITY && i-- == 0)
            return k;
    return -1;
}

size_t klar_wf_key_count(void)
{
    size_t n = 0;
    for (int k = 0; k < WF_NKEYS; k++)
        n += wf_keys[k].scope != WF_SCOPE_IDENTITY;
    return n;
}

int klar_wf_key_at(size_t i, klar_wf_key_info *out)
{
    int k = settable_key(i);
    if (k < 0)
        return -1;
    const wf_key *key = &wf_keys[k];
    out->section = key->section;
    out->name = key->name;
    out->is_number = key->kind == WF_NUM || key->kind == WF_INT;
    out->is_integer = key->kind == WF_INT;
    out->is_lever = key->scope == WF_SCOPE_SCENARIO;
    out->min = key->lo;
    out->max = key->hi;
    out->neutral = key->fallback;
    out->label = key->label;
    out->unit = key->unit;
    return 0;
}
