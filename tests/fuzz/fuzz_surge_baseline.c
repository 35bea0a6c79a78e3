/* fuzz_surge_baseline.c - libFuzzer target for the surge baseline files: the first byte picks
 * surge/capacity.csv, surge/items.csv or population_municipality.csv, the rest replaces that
 * file in a scratch copy of what the loader reads (the shipped geography, population tables
 * and surge files). The surge files are loaded as the baseline of Norway or of a municipality;
 * the municipality table is read for one municipality (klar_popbase_age_groups). The population
 * baseline the loader takes is loaded once from the scratch copy. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "klar/population.h"
#include "klar/surge.h"

#include "fuzz_scratch.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const files[] = {"surge/capacity.csv", "surge/items.csv", "population_municipality.csv"};
#define NFILES (sizeof files / sizeof files[0])

static char *originals[NFILES];
static size_t original_sizes[NFILES];
static klar_popbase *base;   /* from the scratch copy; no fuzzed file feeds it */

static void free_base(void)
{
    klar_popbase_free(base);
}

/* Copies what the loader reads besides the surge files into a scratch directory once. */
static void prepare_scratch(void)
{
    if (scratch[0])
        return;
    const char *root = getenv("KLAR_DATA") ? getenv("KLAR_DATA") : "data";
    snprintf(scratch, sizeof scratch, "/tmp/klar-fuzz-surge-%ld", (long)getpid());
    char cmd[2048];
    snprintf(cmd, sizeof cmd, "mkdir -p %s/surge && cp -r %s/geo %s/population %s/population.csv %s/",
             scratch, root, root, root, scratch);
    if (system(cmd) != 0)
        abort();
    atexit(remove_scratch);
    for (size_t i = 0; i < NFILES; i++) {
        char path[512];
        snprintf(path, sizeof path, "%s/%s", root, files[i]);
        originals[i] = read_all(path, &original_sizes[i]);
        if (!originals[i])
            abort();
        snprintf(path, sizeof path, "%s/%s", scratch, files[i]);
        write_all(path, originals[i], original_sizes[i]);
    }
    klar_error err;
    base = klar_popbase_load(scratch, &err);
    if (!base)
        abort();
    atexit(free_base);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    prepare_scratch();
    if (size == 0)
        return 0;
    size_t which = data[0] % NFILES;
    char path[512];
    snprintf(path, sizeof path, "%s/%s", scratch, files[which]);
    write_all(path, data + 1, size - 1);
    klar_region region = klar_region_nation();
    if (which == 2 || (data[0] / NFILES) % 2 == 1) {
        region.kind = KLAR_REGION_MUNICIPALITY;
        region.code = 4601;
        snprintf(region.id, sizeof region.id, "4601");
        snprintf(region.name, sizeof region.name, "Bergen");
    }
    klar_error err;
    if (which == 2) { /* the municipality table alone: the reader, without the slow rest */
        double groups[KLAR_AGE_GROUPS];
        if (klar_popbase_age_groups(base, scratch, &region, groups, NULL, &err) == 0)
            for (int g = 0; g < KLAR_AGE_GROUPS; g++)
                if (!(groups[g] >= 0.0))
                    abort();
        write_all(path, originals[which], original_sizes[which]);
        return 0;
    }
    klar_surge_params p;
    memset(&p, 0, sizeof p);
    if (klar_popbase_age_groups(base, scratch, &region, p.population, NULL, &err) == 0 &&
        klar_surge_baseline_load(scratch, base, &region, &p, &err) == 0) {
        if (p.n_items < 0 || p.n_items > KLAR_SURGE_MAX_ITEMS)
            abort();
        for (int i = 0; i < p.n_items; i++)
            if (!memchr(p.items[i].id, '\0', sizeof p.items[i].id) || p.items[i].import_share > 1.0 ||
                !(p.items[i].normal_per_month >= 0.0))
                abort();
        if (!(p.cap.icu_beds >= 0.0) || !(p.cap.ward_beds >= 0.0))
            abort();
    }
    write_all(path, originals[which], original_sizes[which]);
    return 0;
}
