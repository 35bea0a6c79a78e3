/* stocks.c - stocks of infection-control equipment and medicines day by day: an opening stock
 * in months of normal consumption, normal use plus the epidemic's use per patient-day and per
 * test, and resupply at the normal rate less the imported share while imports are stopped
 * (partly restored from a resume day). A stock never goes below zero: what is needed beyond
 * the stock and the day's delivery is counted as unmet. */
#include "surge_internal.h"

/* Share of imports missing on day d. */
static double import_stopped(const klar_surge_item *it, int d)
{
    if (it->stop_day < 0 || d < it->stop_day)
        return 0;
    if (it->resume_day >= 0 && d >= it->resume_day)
        return 1 - it->resume_fraction;
    return 1;
}

static void fill_item(const klar_surge_item *it, const klar_surge_result *r, double *stock,
                      double *unmet)
{
    double daily = it->normal_per_month / SURGE_DAYS_PER_MONTH;
    double on_hand = it->opening_months * it->normal_per_month;
    for (int d = 0; d <= r->days; d++) {
        double tests = r->series[KLAR_SURGE_TESTS_DEMAND][d];
        double tests_capacity = r->series[KLAR_SURGE_TESTS_CAPACITY][d];
        double tests_done = tests < tests_capacity ? tests : tests_capacity;
        double use = daily + it->per_ward_day * r->series[KLAR_SURGE_CENSUS_WARD][d]
                   + it->per_icu_day * r->series[KLAR_SURGE_CENSUS_ICU][d]
                   + it->per_test * tests_done;
        double available = on_hand + daily * (1 - it->import_share * import_stopped(it, d));
        if (use > available) {
            unmet[d] = use - available;
            on_hand = 0;
        } else {
            unmet[d] = 0;
            on_hand = available - use;
        }
        stock[d] = on_hand;
    }
}

void surge_stocks_fill(const klar_surge_params *p, klar_surge_result *r)
{
    for (int i = 0; i < p->n_items && i < r->n_items; i++)
        fill_item(&p->items[i], r, r->stock[i], r->stock_unmet[i]);
}
