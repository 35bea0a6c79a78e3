/* fuzz_chime.c - libFuzzer target for CHIME settings files: any bytes parsed with
 * klar_chime_parse and, when they parse, projected (n_days and i_day capped so runs stay fast)
 * and written as CSV. */
#include <stdint.h>
#include <stdio.h>

#include "klar/chime.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Keeps a parsed set small enough to run many times a second. */
static void cap(klar_chime_params *p)
{
    if (p->n_days > 20)
        p->n_days = 1 + p->n_days % 20;
    long i_day = p->current_date - p->date_first_hospitalized;
    if (p->has_date_first_hospitalized && i_day > 60)
        p->date_first_hospitalized = p->current_date - i_day % 61;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static FILE *sink;
    if (!sink)
        sink = fopen("/dev/null", "w");
    klar_chime_params p;
    klar_chime_result r;
    klar_error err;
    if (klar_chime_parse((const char *)data, size, "fuzz.cfg", &p, &err) != 0)
        return 0;
    cap(&p);
    if (klar_chime_run(&p, &r, &err) == 0 && sink)
        klar_chime_write_csv(sink, &r);
    klar_chime_result_free(&r);
    return 0;
}
