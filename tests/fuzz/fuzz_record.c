/* fuzz_record.c - libFuzzer target for reading request bodies as registry records: any bytes
 * parsed by jansson, then validated as every record kind (klar_record_validate) and given the
 * derived values (klar_record_derive). A refusal must name a field. */
#include <jansson.h>
#include <stdint.h>
#include <stdlib.h>

#include "klar/record.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    json_error_t e;
    json_t *in = json_loadb((const char *)data, size, JSON_DECODE_ANY, &e);
    if (!in)
        return 0;
    for (size_t i = 0; i < klar_nkinds; i++) {
        klar_error err;
        klar_error_clear(&err);
        int rc = klar_record_validate(klar_kinds[i], in, &err);
        if (rc != 0 && (rc != KLAR_REG_INVALID || !err.field[0] || err.code != KLAR_ERR_INVALID))
            abort();                          /* a refusal that names no field */
        if (json_is_object(in)) {
            json_t *copy = json_deep_copy(in);
            if (copy && klar_record_derive(klar_kinds[i], copy, "2026-11-23") < 0)
                abort();
            json_decref(copy);
        }
    }
    json_decref(in);
    return 0;
}
