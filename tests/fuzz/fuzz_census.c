/* fuzz_census.c - libFuzzer target for census CSV files (klar nowcast --census): any bytes
 * read with klar_census_read_csv from a scratch file; a series read is checked (days within
 * bounds, every value NAN or a count). */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "klar/nowcast.h"
#include "fuzz_scratch.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(const klar_census *c)
{
    if (c->n < 1 || c->n > KLAR_NOWCAST_MAX_DAYS)
        abort();
    for (int i = 0; i < c->n; i++)
        if ((!isnan(c->hospital[i]) && !(c->hospital[i] >= 0)) ||
            (!isnan(c->icu[i]) && !(c->icu[i] >= 0)))
            abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static char path[300];
    if (!scratch[0]) {
        snprintf(scratch, sizeof scratch, "/tmp/klar-fuzz-census-%d", (int)getpid());
        if (mkdir(scratch, 0700) != 0)
            abort();
        atexit(remove_scratch);
        snprintf(path, sizeof path, "%s/census.csv", scratch);
    }
    write_all(path, data, size);
    klar_census c;
    klar_error err;
    if (klar_census_read_csv(path, &c, &err) != 0)
        return 0;
    check(&c);
    klar_census_free(&c);
    return 0;
}
