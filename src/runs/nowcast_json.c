/* nowcast_json.c - a nowcast (klar/nowcast.h) as JSON, the same for `klar nowcast --format
 * json` and POST /api/v1/runs/nowcast: what was fitted (with its uncertainty), the peak and
 * the share of draws over capacity, and one row a day from the first day fitted to the end of
 * the projection with the reported census beside the 5/50/95 % bands. Every number's unit is
 * in "units"; dates are YYYY-MM-DD. */
#include "klar/runs.h"
#include "klar/date.h"

#include <jansson.h>
#include <math.h>

static double rounded(double v, double scale)
{
    return round(v * scale) / scale;
}

static json_t *band_json(const klar_nowcast_band3 q, double scale)
{
    return json_pack("{s:f, s:f, s:f}", "p5", rounded(q[0], scale), "p50", rounded(q[1], scale),
                     "p95", rounded(q[2], scale));
}

static json_t *date_json(long long day)
{
    char buf[16];
    klar_date_format(day, buf, sizeof buf);
    return json_string(buf);
}

static json_t *day_band_json(const klar_nowcast *nc, const klar_nowcast_band3 q)
{
    return json_pack("{s:o, s:o, s:o}", "p5", date_json(nc->day0 + (long long)round(q[0])),
                     "p50", date_json(nc->day0 + (long long)round(q[1])),
                     "p95", date_json(nc->day0 + (long long)round(q[2])));
}

static json_t *reported(const klar_census *c, long long day, const double *values)
{
    long long i = day - c->first;
    if (i < 0 || i >= c->n || isnan(values[i]))
        return json_null();
    return json_real(values[i]);
}

static json_t *days_json(const klar_nowcast *nc, const klar_census *c)
{
    json_t *days = json_array();
    for (int d = nc->first_day; days && d <= nc->days; d++) {
        long long day = nc->day0 + d;
        json_t *row = json_pack(
            "{s:o, s:i, s:b, s:o, s:f, s:f, s:f, s:o, s:f, s:f, s:f, s:f, s:f}", "date",
            date_json(day), "day", d, "fitted", d <= nc->last_day, "reported_hospital",
            reported(c, day, c->hospital), "hospital_p5", rounded(nc->hospital.p5[d], 10),
            "hospital_p50", rounded(nc->hospital.p50[d], 10), "hospital_p95",
            rounded(nc->hospital.p95[d], 10), "reported_icu", reported(c, day, c->icu),
            "icu_p5", rounded(nc->icu.p5[d], 10), "icu_p50", rounded(nc->icu.p50[d], 10),
            "icu_p95", rounded(nc->icu.p95[d], 10), "hospital_beds_available",
            rounded(nc->ward_capacity[d] + nc->icu_capacity[d], 10), "icu_beds_available",
            rounded(nc->icu_capacity[d], 10));
        json_array_append_new(days, row);
    }
    return days;
}

static json_t *units_json(void)
{
    return json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s}",
                     "doubling_time", "days", "growth_per_day", "share a day",
                     "infections_per_day", "persons/day", "infectious", "persons",
                     "peak_hospital", "patients", "peak_icu", "patients", "share_over_capacity",
                     "share of draws", "hospital", "patients", "icu", "patients",
                     "beds_available", "beds", "dispersion", "none");
}

/* The assumptions a nowcast makes, each said once. */
static json_t *assumptions_json(const klar_surge_params *p, const klar_nowcast_options *o)
{
    json_t *a = json_array();
    json_array_append_new(a, json_string(
        "the scenario's care pathway, stays and measures are taken as given; only the doubling "
        "time before the measures and the size of the epidemic are fitted"));
    json_array_append_new(a, json_string(
        o->measures_keep_r
            ? "the measures leave the reproduction number the scenario gives (its R0 x relative "
              "contact), whatever doubling time is fitted"
            : "the measures scale the contacts of the growth fitted (relative contact), as in a "
              "surge run"));
    json_array_append_new(a, json_string(
        "a reported census scatters as counts do, plus about 5 % reporting noise"));
    json_array_append_new(a, json_string(
        "the doubling time has a flat prior on its logarithm between 1 and 60 days"));
    if (!p->start_date[0])
        json_array_append_new(a, json_pack("s++", "model day 0 is ", "21 days before from ",
                                           "(the scenario names no start_date)"));
    return a;
}

json_t *klar_run_nowcast_json(const klar_surge_params *p, const klar_census *c,
                              const klar_nowcast_options *o, const klar_nowcast *nc)
{
    json_t *inputs = json_pack(
        "{s:s, s:s, s:s, s:o, s:o, s:o, s:i, s:i, s:I, s:s, s:{s:i, s:i}, s:o}", "scenario",
        p->name, "region", p->region_id, "region_name", p->region_name, "from",
        date_json(o->from), "to", date_json(o->to), "day0", date_json(nc->day0),
        "horizon_days", o->horizon_days, "draws", nc->draws, "seed", (json_int_t)o->seed,
        "measures", o->measures_keep_r ? "reproduction" : "contacts", "reported_days",
        "hospital", nc->n_hospital, "icu", nc->n_icu, "assumptions", assumptions_json(p, o));
    json_t *fit = json_pack(
        "{s:o, s:f, s:f, s:o, s:o, s:o, s:f}", "doubling_time", band_json(nc->doubling_time, 100),
        "best_doubling_time", rounded(nc->best_doubling_time, 100), "best_initial_per_100k",
        rounded(nc->best_initial_per_100k, 1e4), "growth_per_day",
        band_json(nc->growth_now, 1e4), "infections_per_day", band_json(nc->infections_now, 1),
        "infectious", band_json(nc->infectious_now, 1), "dispersion",
        rounded(nc->dispersion, 100));
    json_t *summary = json_pack(
        "{s:o, s:o, s:o, s:o, s:f, s:f}", "peak_hospital", band_json(nc->peak_hospital, 10),
        "peak_date_hospital", day_band_json(nc, nc->peak_day_hospital), "peak_icu",
        band_json(nc->peak_icu, 10), "peak_date_icu", day_band_json(nc, nc->peak_day_icu),
        "share_over_capacity_hospital", rounded(nc->share_over_capacity_hospital, 1e3),
        "share_over_capacity_icu", rounded(nc->share_over_capacity_icu, 1e3));
    json_t *out = json_pack("{s:s, s:o, s:o, s:o, s:o, s:o}", "engine", "nowcast", "inputs",
                            inputs, "fit", fit, "summary", summary, "units", units_json(),
                            "days", days_json(nc, c));
    return out;
}
