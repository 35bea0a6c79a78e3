/* fuzz_workforce_files.c - libFuzzer target for profession and scenario files (INI via libinih):
 * any bytes parsed as a profession and as a scenario, then turned into a model. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "klar/workforce.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *professions_dir(void)
{
    static char dir[4096];
    if (!dir[0]) {
        const char *root = getenv("KLAR_DATA");
        snprintf(dir, sizeof dir, "%s/professions", root && *root ? root : "data");
    }
    return dir;
}

static klar_profession *reference_profession(void)
{
    static klar_profession *p;
    if (!p) {
        char path[4200];
        klar_error err;
        snprintf(path, sizeof path, "%s/bioingenior.ini", professions_dir());
        p = klar_profession_load(path, &err);
        if (!p) {
            fprintf(stderr, "fuzz_workforce_files: %s\n", err.message);
            abort();
        }
    }
    return p;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = malloc(size + 1);
    if (!text)
        return 0;
    memcpy(text, data, size);
    text[size] = '\0';
    klar_error err;

    klar_profession *p = klar_profession_parse(text, "fuzz.ini", professions_dir(), &err);
    if (p) {
        klar_wf_model *m = klar_wf_model_new(p, NULL, &err);
        klar_wf_model_free(m);
        klar_profession_free(p);
    }

    klar_wf_scenario *s = klar_wf_scenario_parse(text, "fuzz-scenario.ini", professions_dir(), &err);
    if (s) {
        klar_wf_model *m = klar_wf_model_new(reference_profession(), s, &err);
        klar_wf_model_free(m);
        klar_wf_scenario_free(s);
    }
    free(text);
    return 0;
}
