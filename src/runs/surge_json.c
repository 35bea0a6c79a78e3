/* surge_json.c - a surge run as JSON, the same for `klar surge --format json`, its --summary
 * file and the server's runs: the summary of the central (deterministic) run with the unit of
 * every figure, Monte Carlo percentiles, and the daily series with their units and bands. */
#include "klar/runs.h"

#include <jansson.h>

static json_t *percentiles_json(const double q[3])
{
    return json_pack("{s:f, s:f, s:f}", "p5", q[0], "p50", q[1], "p95", q[2]);
}

static json_t *staff_json(const double *values)
{
    json_t *o = json_object();
    for (int k = 0; o && k < KLAR_STAFF_N; k++)
        json_object_set_new(o, klar_staff_id((klar_staff)k), json_real(values[k]));
    return o;
}

static json_t *staff_days_json(const int *days)
{
    json_t *o = json_object();
    for (int k = 0; o && k < KLAR_STAFF_N; k++)
        json_object_set_new(o, klar_staff_id((klar_staff)k), json_integer(days[k]));
    return o;
}

static json_t *stockout_json(const klar_surge_params *p, const klar_surge_summary *s)
{
    json_t *o = json_object();
    for (int i = 0; o && i < p->n_items; i++)
        json_object_set_new(o, p->items[i].id, s->first_stockout_day[i] < 0
                                                   ? json_null()
                                                   : json_integer(s->first_stockout_day[i]));
    return o;
}

static json_t *mc_stockout_json(const klar_surge_params *p, const klar_surge_mc *mc)
{
    json_t *items = json_object();
    for (int i = 0; items && i < p->n_items; i++) {
        json_t *o = json_pack("{s:f}", "share_of_runs", mc->stockout_share[i]);
        json_object_set_new(o, "first_stockout_day",
                            mc->stockout_share[i] > 0 ? percentiles_json(mc->first_stockout_day[i])
                                                      : json_null());
        json_object_set_new(items, p->items[i].id, o);
    }
    return items;
}

static json_t *mc_json(const klar_surge_params *p, const klar_surge_mc *mc, uint64_t seed,
                       int threads)
{
    json_t *o = json_pack("{s:i, s:I, s:i}", "runs", mc->runs, "seed", (json_int_t)seed,
                          "threads", threads);
    if (!o)
        return NULL;
    json_object_set_new(o, "peak_census_icu", percentiles_json(mc->peak_census_icu));
    json_object_set_new(o, "peak_day_icu", percentiles_json(mc->peak_day_icu));
    json_object_set_new(o, "peak_census_ward", percentiles_json(mc->peak_census_ward));
    json_object_set_new(o, "days_icu_over_capacity", percentiles_json(mc->days_icu_over_capacity));
    json_object_set_new(o, "unmet_icu_bed_days", percentiles_json(mc->unmet_icu_bed_days));
    json_object_set_new(o, "unmet_ward_bed_days", percentiles_json(mc->unmet_ward_bed_days));
    json_object_set_new(o, "tests_peak_demand", percentiles_json(mc->tests_peak_demand));
    json_object_set_new(o, "infections", percentiles_json(mc->infections));
    json_object_set_new(o, "deaths", percentiles_json(mc->deaths));
    json_object_set_new(o, "stockout", mc_stockout_json(p, mc));
    return o;
}

/* The unit of every figure of the summary (staff figures and stock-out days per category or
 * item share the unit given for their group). */
static json_t *summary_units_json(void)
{
    static const char *const units[][2] = {
        {"population", "persons"}, {"days", "days"},
        {"peak_census_icu", "patients"}, {"peak_day_icu", "day"},
        {"peak_census_ward", "patients"}, {"peak_day_ward", "day"},
        {"peak_census_ventilated", "patients"}, {"peak_day_ventilated", "day"},
        {"days_icu_over_capacity", "days"}, {"days_ward_over_capacity", "days"},
        {"unmet_icu_bed_days", "bed-days"}, {"unmet_ward_bed_days", "bed-days"},
        {"tests_peak_demand", "tests/day"}, {"tests_peak_day", "day"},
        {"tests_capacity", "tests/day"}, {"days_tests_over_capacity", "days"},
        {"first_stockout_day", "day"}, {"staff_peak_gap", "FTE"}, {"staff_gap_days", "days"},
        {"infections", "persons"}, {"attack_rate", "share of the population"},
        {"admissions", "patients"}, {"icu_admissions", "patients"}, {"deaths", "persons"},
    };
    json_t *o = json_object();
    for (size_t i = 0; o && i < sizeof units / sizeof units[0]; i++)
        json_object_set_new(o, units[i][0], json_string(units[i][1]));
    return o;
}

static json_t *central_json(const klar_surge_params *p, const klar_surge_summary *s)
{
    double population = 0;
    for (int g = 0; g < KLAR_SURGE_GROUPS; g++)
        population += p->population[g];
    return json_pack(
        "{s:s, s:s, s:s, s:f, s:i, s:s,"
        " s:f, s:i, s:f, s:i, s:i, s:f, s:f, s:i, s:i, s:f,"
        " s:f, s:i, s:f, s:i,"
        " s:f, s:f, s:f, s:f, s:f}",
        "scenario", p->name, "region", p->region_id, "region_name", p->region_name,
        "population", population, "days", p->days,
        "figures", "central (deterministic) run; Monte Carlo percentiles under monte_carlo",
        "peak_census_icu", s->peak_census_icu, "peak_day_icu", s->peak_day_icu,
        "peak_census_ward", s->peak_census_ward, "peak_day_ward", s->peak_day_ward,
        "days_icu_over_capacity", s->days_icu_over_capacity,
        "unmet_icu_bed_days", s->unmet_icu_bed_days, "unmet_ward_bed_days", s->unmet_ward_bed_days,
        "days_ward_over_capacity", s->days_ward_over_capacity,
        "peak_day_ventilated", s->peak_day_ventilated,
        "peak_census_ventilated", s->peak_census_ventilated,
        "tests_peak_demand", s->tests_peak_demand, "tests_peak_day", s->tests_peak_day,
        "tests_capacity", s->tests_capacity,
        "days_tests_over_capacity", s->days_tests_over_capacity,
        "infections", s->infections, "attack_rate", s->attack_rate,
        "admissions", s->admissions, "icu_admissions", s->icu_admissions, "deaths", s->deaths);
}

json_t *klar_run_surge_summary_json(const klar_surge_params *p, const klar_surge_result *r,
                                    const klar_surge_mc *mc, uint64_t seed, int threads,
                                    const char *scenario_file)
{
    const klar_surge_summary *s = &r->summary;
    json_t *o = central_json(p, s);
    if (!o)
        return NULL;
    if (scenario_file)
        json_object_set_new(o, "scenario_file", json_string(scenario_file));
    json_object_set_new(o, "staff_peak_gap", staff_json(s->staff_peak_gap));
    json_object_set_new(o, "staff_gap_days", staff_days_json(s->staff_gap_days));
    json_object_set_new(o, "first_stockout_day", stockout_json(p, s));
    json_object_set_new(o, "units", summary_units_json());
    json_object_set_new(o, "monte_carlo", mc ? mc_json(p, mc, seed, threads) : json_null());
    json_object_set_new(o, "note", json_string(
        "Inputs: the scenario file (each value with its source or marked as an assumption in "
        "its comments) and <data>/surge/*.csv (sources per row; rows marked 'assumption:' are "
        "estimates). Hospital demand is not capped by capacity; unmet care does not change "
        "outcomes in the model."));
    return o;
}

/* ---- the daily series ------------------------------------------------------------------------ */

/* The unit of every series, and of each stock item under "stock". */
static json_t *series_units_json(const klar_surge_params *p)
{
    json_t *units = json_object(), *stock = json_object();
    for (int s = 0; units && s < KLAR_SURGE_NSERIES; s++)
        json_object_set_new(units, klar_surge_series_id((klar_surge_series)s),
                            json_string(klar_surge_series_unit((klar_surge_series)s)));
    for (int i = 0; stock && i < p->n_items; i++)
        json_object_set_new(stock, p->items[i].id, json_string(p->items[i].unit));
    if (units)
        json_object_set_new(units, "stock", stock);
    else
        json_decref(stock);
    return units;
}

static json_t *bands_json(const klar_surge_mc *mc, int d)
{
    json_t *bands = json_object();
    for (int s = 0; bands && s < KLAR_SURGE_NSERIES; s++) {
        double q[3] = {mc->series[s].p5[d], mc->series[s].p50[d], mc->series[s].p95[d]};
        json_object_set_new(bands, klar_surge_series_id((klar_surge_series)s),
                            percentiles_json(q));
    }
    return bands;
}

static json_t *day_json(const klar_surge_params *p, const klar_surge_result *r,
                        const klar_surge_mc *mc, int d)
{
    json_t *o = json_pack("{s:i}", "day", d), *stock = json_object();
    if (!o || !stock) {
        json_decref(o);
        json_decref(stock);
        return NULL;
    }
    for (int s = 0; s < KLAR_SURGE_NSERIES; s++)
        json_object_set_new(o, klar_surge_series_id((klar_surge_series)s),
                            json_real(r->series[s][d]));
    for (int i = 0; i < p->n_items; i++)
        json_object_set_new(stock, p->items[i].id, json_real(r->stock[i][d]));
    json_object_set_new(o, "stock", stock);
    if (mc)
        json_object_set_new(o, "bands", bands_json(mc, d));
    return o;
}

json_t *klar_run_surge_json(const klar_surge_params *p, const klar_surge_result *r,
                            const klar_surge_mc *mc, uint64_t seed, int threads,
                            const char *scenario_file)
{
    json_t *days = json_array();
    for (int d = 0; days && d <= r->days; d++)
        if (json_array_append_new(days, day_json(p, r, mc, d)) != 0) {
            json_decref(days);
            days = NULL;
        }
    if (!days)
        return NULL;
    return json_pack("{s:o, s:o, s:o}", "summary",
                     klar_run_surge_summary_json(p, r, mc, seed, threads, scenario_file),
                     "units", series_units_json(p), "days", days);
}
