/* fuzz_csv.c - libFuzzer target for the CSV reader: any bytes, every separator. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "klar/csv.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char seps[] = {',', ';', '\t'};
    for (size_t s = 0; s < sizeof seps; s++) {
        FILE *fp = fmemopen((void *)data, size ? size : 1, "rb");
        if (!fp)
            return 0;
        klar_csv *csv = klar_csv_from_stream(fp, "fuzz", seps[s]);
        klar_error err;
        int n;
        char **f;
        while (csv && klar_csv_next(csv, &n, &f, &err) == 1) {
            double d;
            long l;
            for (int i = 0; i < n; i++) {
                (void)klar_parse_double(f[i], &d);
                (void)klar_parse_long(f[i], &l);
            }
        }
        klar_csv_close(csv);
        fclose(fp);
    }
    return 0;
}
