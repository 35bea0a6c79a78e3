/* fuzz_ssb.c - libFuzzer target for the SSB importer: any bytes go through
 * klar_ssb_import_buffer (CSV in every variant, JSON-stat2), which must either import them or
 * fail with a message, never crash, leak or read out of bounds. The geography is loaded once
 * from $KLAR_DATA (default "data"). */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "klar/geo.h"
#include "klar/poptable.h"
#include "klar/ssb.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static klar_geo *fuzz_geo;

static const klar_geo *geography(void)
{
    if (!fuzz_geo) {
        const char *dir = getenv("KLAR_DATA");
        klar_error err;
        fuzz_geo = klar_geo_load(dir && *dir ? dir : "data", &err);
        if (!fuzz_geo) {
            fprintf(stderr, "fuzz_ssb: %s (run from the project root or set KLAR_DATA)\n", err.message);
            abort();
        }
    }
    return fuzz_geo;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    klar_poptable rows = {NULL, 0, 0};
    klar_error err;
    klar_ssb_report report;
    if (klar_ssb_import_buffer_report("fuzz", (const char *)data, size, geography(), &rows, &report, &err) == 0) {
        klar_ssb_year_total totals[8];
        klar_ssb_year_totals(&rows, totals, 8);
        klar_poptable_collapse(&rows);
    } else if (err.message[0] == '\0') {
        abort(); /* every failure must say why */
    }
    klar_poptable_free(&rows);
    return 0;
}
