/* scenario.c - loading a scenario file (scenarios/NAME.ini): levers in [scenario] (study places,
 * completion, retirement, part-time, migration, productivity) and overrides of any profession
 * value in the profession's own sections (base year, stock, standard change, ...). */
#include "wf_internal.h"

#include "klar/file.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int check_years(const wf_values *vals, klar_error *err)
{
    const wf_value *to = &vals->v[K_SC_TO_YEAR], *base = &vals->v[K_BASE_YEAR];
    if (to->set && base->set && to->num < base->num) {
        klar_error_set(err, to->file, to->line, "to_year %s lies before the base year %s", to->text,
                       base->text);
        return -1;
    }
    return 0;
}

klar_wf_scenario *klar_wf_scenario_parse(const char *text, const char *name, const char *dir,
                                         klar_error *err)
{
    klar_wf_scenario *s = malloc(sizeof *s);
    if (!s) {
        klar_error_set(err, name, 0, "out of memory");
        return NULL;
    }
    if (wf_values_parse(text, strlen(text), name, dir, WF_FILE_SCENARIO, &s->vals, err) != 0 ||
        check_years(&s->vals, err) != 0) {
        free(s);
        return NULL;
    }
    if (s->vals.v[K_SC_ID].set)
        snprintf(s->name, sizeof s->name, "%s", s->vals.v[K_SC_ID].text);
    else
        klar_path_stem(name, ".ini", s->name, sizeof s->name);
    return s;
}

klar_wf_scenario *klar_wf_scenario_load(const char *path, klar_error *err)
{
    char dir[WF_FILE_MAX];
    char *text = wf_read_text_file(path, dir, sizeof dir, err);
    if (!text)
        return NULL;
    klar_wf_scenario *s = klar_wf_scenario_parse(text, path, dir, err);
    free(text);
    return s;
}

void klar_wf_scenario_free(klar_wf_scenario *s)
{
    free(s);
}

const char *klar_wf_scenario_name(const klar_wf_scenario *s)
{
    return s->name;
}

const char *klar_wf_scenario_description(const klar_wf_scenario *s)
{
    return s->vals.v[K_SC_DESCRIPTION].set ? s->vals.v[K_SC_DESCRIPTION].text : "";
}

const char *klar_wf_scenario_profession(const klar_wf_scenario *s)
{
    return s->vals.v[K_SC_PROFESSION].set ? s->vals.v[K_SC_PROFESSION].text : NULL;
}

int klar_wf_scenario_to_year(const klar_wf_scenario *s)
{
    return s->vals.v[K_SC_TO_YEAR].set ? (int)s->vals.v[K_SC_TO_YEAR].num : 0;
}
