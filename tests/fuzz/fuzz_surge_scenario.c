/* fuzz_surge_scenario.c - libFuzzer target for surge scenario files (INI via libinih): any bytes
 * read onto klar's defaults (with two stock items, so that [item.<id>] and [supply] have
 * something to act on) and the region scan. Whatever the parser accepts must pass the check,
 * and so must every Monte Carlo draw from it: a draw that failed would stop a whole batch. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "klar/surge.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void add_item(klar_surge_params *p, const char *id, const char *category)
{
    klar_surge_item *it = &p->items[p->n_items++];
    memset(it, 0, sizeof *it);
    snprintf(it->id, sizeof it->id, "%s", id);
    snprintf(it->unit, sizeof it->unit, "pieces");
    snprintf(it->category, sizeof it->category, "%s", category);
    it->normal_per_month = 1000;
    it->per_icu_day = 10;
    it->opening_months = 3;
    it->import_share = 0.9;
    it->stop_day = -1;
    it->resume_day = -1;
}

static void must_pass(const klar_surge_params *p, const char *what)
{
    klar_error err;
    if (klar_surge_params_check(p, &err) != 0) {
        fprintf(stderr, "fuzz_surge_scenario: %s fails the check: %s\n", what, err.message);
        abort();
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static klar_surge_params p, drawn;
    char region[64];
    klar_error err;
    klar_surge_params_defaults(&p);
    add_item(&p, "ffp3", "ppe");
    add_item(&p, "propofol", "medicine");
    klar_surge_scenario_region((const char *)data, size, region, sizeof region);
    if (klar_surge_scenario_parse((const char *)data, size, "fuzz.ini", &p, &err) != 0)
        return 0;
    must_pass(&p, "a parsed scenario");
    for (uint64_t seed = 1; seed <= 3; seed++) {
        klar_surge_draw_params(&p, seed, &drawn);
        must_pass(&drawn, "a draw");
    }
    return 0;
}
