/* fuzz_population_files.c - libFuzzer target for the population module's editable files: the
 * first byte picks fertility, mortality, migration, assumptions or a population table, the rest
 * replaces that file in a scratch copy of data/population, which is then loaded. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "klar/population.h"
#include "klar/poptable.h"

#include "fuzz_scratch.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const files[] = {"fertility.csv", "mortality.csv", "migration.csv", "assumptions.csv"};
#define NFILES (sizeof files / sizeof files[0])

static char *originals[NFILES];
static size_t original_sizes[NFILES];

/* Copies the shipped assumption files into a scratch directory once (removed at exit). */
static void prepare_scratch(void)
{
    if (scratch[0])
        return;
    const char *root = getenv("KLAR_DATA") ? getenv("KLAR_DATA") : "data";
    snprintf(scratch, sizeof scratch, "/tmp/klar-fuzz-pop-%ld", (long)getpid());
    char path[512];
    snprintf(path, sizeof path, "mkdir -p %s", scratch);
    if (system(path) != 0)
        abort();
    atexit(remove_scratch);
    for (size_t i = 0; i < NFILES; i++) {
        snprintf(path, sizeof path, "%s/population/%s", root, files[i]);
        originals[i] = read_all(path, &original_sizes[i]);
        if (!originals[i])
            abort();
        snprintf(path, sizeof path, "%s/%s", scratch, files[i]);
        write_all(path, originals[i], original_sizes[i]);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    prepare_scratch();
    if (size == 0)
        return 0;
    size_t which = data[0] % (NFILES + 1);
    char path[512];
    klar_error err;
    if (which == NFILES) {
        snprintf(path, sizeof path, "%s/table.csv", scratch);
        write_all(path, data + 1, size - 1);
        klar_poptable t = {NULL, 0, 0};
        if (klar_poptable_read_csv(path, &t, &err) == 0)
            (void)klar_poptable_collapse(&t);
        klar_poptable_free(&t);
        return 0;
    }
    snprintf(path, sizeof path, "%s/%s", scratch, files[which]);
    write_all(path, data + 1, size - 1);
    klar_pop_assumptions a;
    if (klar_pop_assumptions_load_dir(scratch, &a, &err) == 0) {
        klar_pyramid base, out[3];
        memset(&base, 0, sizeof base);
        base.persons[KLAR_FEMALE][30] = 1000;
        base.persons[KLAR_MALE][30] = 1000;
        klar_pop_project(&base, 2022, 2024, &a, 1.0, out);
    }
    write_all(path, originals[which], original_sizes[which]);
    return 0;
}
