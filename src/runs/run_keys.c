/* run_keys.c - the keys a scenario text may set, for a form over them: every key of the engine
 * with its kind, range and unit, its default (the region's shipped values for surge, the
 * profession's for workforce), the value and line the text gives it, the line of every section
 * header, and the first complaint of the check a save makes (klar_run_check_parameters) tied
 * to the key on the line it names. A form edits the text line by line from these; it never
 * has to read INI itself. */
#include "runs_internal.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "klar/ini.h"

#define SURGE_ENGINE "surge"
#define WF_ENGINE "workforce"

/* ---- what the text sets ----------------------------------------------------------------------- */

/* {"section.name": {"value", "line"}} and {"section": line} as the text gives them. */
typedef struct seen_text {
    json_t *values;
    json_t *sections;
} seen_text;

static int on_seen(void *user, const char *section, const char *name, const char *value,
                   int line, int section_line, klar_error *err)
{
    (void)err;
    seen_text *seen = user;
    char key[256];
    snprintf(key, sizeof key, "%s.%s", section, name);
    if (section[0] && section_line && !json_object_get(seen->sections, section))
        json_object_set_new(seen->sections, section, json_integer(section_line));
    if (!json_object_get(seen->values, key))   /* a continuation keeps its first line */
        json_object_set_new(seen->values, key, json_pack("{s:s, s:i}", "value", value,
                                                         "line", line));
    return 1;
}

/* Reads what text sets into seen; a text libinih refuses gives what came before the fault
 * (the check reports the fault itself). */
static int seen_read(const char *text, seen_text *seen)
{
    seen->values = json_object();
    seen->sections = json_object();
    if (!seen->values || !seen->sections)
        return -1;
    klar_error ignored;
    if (text && *text)
        klar_ini_parse(text, strlen(text), RUN_TEXT_NAME, on_seen, seen, &ignored);
    return 0;
}

static void seen_free(seen_text *seen)
{
    json_decref(seen->values);
    json_decref(seen->sections);
}

/* The key the text gives on line, or NULL. */
static const char *seen_key_on(const seen_text *seen, int line)
{
    const char *key;
    json_t *v;
    json_object_foreach(seen->values, key, v)
        if (json_integer_value(json_object_get(v, "line")) == line)
            return key;
    return NULL;
}

/* ---- building the answer ---------------------------------------------------------------------- */

/* One key's entry: its description, default (NULL: none), and what the text sets. */
static json_t *key_json(const seen_text *seen, const char *section, const char *name,
                        const char *kind, double min, double max, int min_open, int uncertain,
                        const char *unit, const char *fallback)
{
    char full[256];
    snprintf(full, sizeof full, "%s.%s", section, name);
    json_t *given = json_object_get(seen->values, full);
    json_t *k = json_pack("{s:s, s:s, s:s, s:b, s:s, s:s*}", "key", name, "kind", kind,
                          "unit", unit, "uncertain", uncertain, "path", full,
                          "default", fallback);
    if (!k)
        return NULL;
    if (strcmp(kind, "text") != 0) {
        json_object_set_new(k, "min", json_real(min));
        json_object_set_new(k, "max", json_real(max));
        json_object_set_new(k, "min_open", json_boolean(min_open));
    }
    json_object_set_new(k, "value", given ? json_incref(json_object_get(given, "value"))
                                          : json_null());
    json_object_set_new(k, "line", given ? json_incref(json_object_get(given, "line"))
                                         : json_null());
    return k;
}

/* The entry of section (its header line as the text gives it, or null) with an empty keys
 * array, appended to sections; returns the keys array (borrowed). */
static json_t *section_add(json_t *sections, const seen_text *seen, const char *section,
                           const char *group, const char *owner_unit)
{
    json_t *line = json_object_get(seen->sections, section);
    json_t *keys = json_array();
    json_t *s = json_pack("{s:s, s:s*, s:s*, s:O, s:o}", "section", section, "group", group,
                          "item_unit", owner_unit, "line", line ? line : json_null(),
                          "keys", keys);
    if (!s || json_array_append_new(sections, s) != 0)
        return NULL;
    return keys;
}

/* The error of the check tied to its key: {"message", "line", "key"} or null. */
static json_t *check_json(const char *datadir, const char *engine, const char *text,
                          const seen_text *seen)
{
    klar_error why;
    if (!text || !*text || klar_run_check_parameters(datadir, engine, text, &why) == 0)
        return json_null();
    int line = 0;
    sscanf(why.message, "line %d:", &line);
    const char *key = line ? seen_key_on(seen, line) : NULL;
    json_t *e = json_pack("{s:s, s:s*}", "message", why.message, "key", key);
    if (e)
        json_object_set_new(e, "line", line ? json_integer(line) : json_null());
    return e;
}

/* ---- surge ------------------------------------------------------------------------------------ */

static const char *surge_kind(klar_surge_key_kind kind)
{
    static const char *const names[] = {"number", "integer", "ages", "text"};
    return names[kind];
}

/* The keys of one section of the key list (fixed, or one staff group's or item's). */
static int surge_section(json_t *keys, const klar_surge_params *p, const seen_text *seen,
                         const char *table, const char *section, int owner)
{
    size_t n = klar_surge_key_count();
    for (size_t i = 0; i < n; i++) {
        klar_surge_key_info k;
        char value[512];
        klar_surge_key_at(i, &k);
        if (strcmp(k.section, table) != 0)
            continue;
        int has = klar_surge_key_format(p, i, owner, value, sizeof value) == 0;
        json_t *one = key_json(seen, section, k.name, surge_kind(k.kind), k.min, k.max,
                               k.min_open, k.uncertain, k.unit, has ? value : NULL);
        if (!one || json_array_append_new(keys, one) != 0)
            return -1;
    }
    return 0;
}

/* Every section of a surge text with the region's defaults of p. */
static int surge_sections(json_t *sections, const klar_surge_params *p, const seen_text *seen)
{
    static const char *const fixed[] = {"scenario", "epidemic", "care", "capacity",
                                        "vaccination", "supply"};
    for (size_t s = 0; s < sizeof fixed / sizeof fixed[0]; s++) {
        json_t *keys = section_add(sections, seen, fixed[s], NULL, NULL);
        if (!keys || surge_section(keys, p, seen, fixed[s], fixed[s], 0) != 0)
            return -1;
    }
    char name[64];
    for (int g = 0; g < KLAR_STAFF_N; g++) {
        snprintf(name, sizeof name, "staff.%s", klar_staff_id((klar_staff)g));
        json_t *keys = section_add(sections, seen, name, "staff", NULL);
        if (!keys || surge_section(keys, p, seen, "staff", name, g) != 0)
            return -1;
    }
    for (int i = 0; i < p->n_items; i++) {
        snprintf(name, sizeof name, "item.%s", p->items[i].id);
        json_t *keys = section_add(sections, seen, name, "item", p->items[i].unit);
        if (!keys || surge_section(keys, p, seen, "item", name, i) != 0)
            return -1;
    }
    return 0;
}

/* The defaults of region (NULL or "": the text's, else NO; a region the text names that
 * cannot be read falls back to NO, for the check to report). */
static int surge_defaults(const char *datadir, const char *text, const char *region,
                          klar_surge_params *p, klar_error *err)
{
    run_text t;
    int year;
    const char *want = region && *region ? region : NULL;
    if (!want && text && run_text_scan(SURGE_ENGINE, text, &t, err) == 0 && t.region[0])
        want = t.region;
    if (run_surge_load(datadir, "", want, NULL, p, &year, NULL, err) == 0)
        return 0;
    if (region && *region)
        return -1;                                  /* the caller's region: blamed */
    return run_surge_load(datadir, "", "NO", NULL, p, &year, NULL, err);
}

static json_t *surge_keys_json(const char *datadir, const char *text, const char *region,
                               const seen_text *seen, klar_error *err)
{
    klar_surge_params *p = malloc(sizeof *p);
    if (!p) {
        klar_error_set(err, NULL, 0, "out of memory");
        run_blame(err, NULL);
        return NULL;
    }
    klar_error_clear(err);
    json_t *out = NULL, *sections = json_array(), *ages = json_array();
    if (surge_defaults(datadir, text, region, p, err) == 0 && sections && ages &&
        surge_sections(sections, p, seen) == 0) {
        for (int g = 0; g < KLAR_SURGE_GROUPS; g++)
            json_array_append_new(ages, json_string(klar_surge_group_label(g)));
        out = json_pack("{s:s, s:{s:s, s:s}, s:O, s:O}", "engine", SURGE_ENGINE, "region",
                        "id", p->region_id, "name", p->region_name, "age_groups", ages,
                        "sections", sections);
        if (!out) {
            klar_error_set(err, NULL, 0, "out of memory");
            run_blame(err, NULL);
        }
    } else if (!err->message[0]) {
        klar_error_set(err, NULL, 0, "out of memory");
        run_blame(err, NULL);
    }
    json_decref(sections);
    json_decref(ages);
    free(p);
    return out;
}

/* ---- workforce -------------------------------------------------------------------------------- */

/* The profession's value of "section.name" as written in its file, or NULL. */
static const char *wf_profession_value(const klar_wf_model *m, const char *path)
{
    size_t n = m ? klar_wf_model_input_count(m) : 0;
    for (size_t i = 0; i < n; i++) {
        klar_wf_input in = klar_wf_model_input(m, i);
        if (strcmp(in.key, path) == 0)
            return in.value;
    }
    return NULL;
}

/* Every section of a workforce text, in the key table's order: [scenario] first. */
static int wf_sections(json_t *sections, const klar_wf_model *m, const seen_text *seen)
{
    size_t n = klar_wf_key_count();
    const char *current = "";
    json_t *keys = NULL;
    for (size_t i = 0; i < n; i++) {
        klar_wf_key_info k;
        char path[256], neutral[64];
        klar_wf_key_at(i, &k);
        if (strcmp(k.section, current) != 0) {
            current = k.section;
            keys = section_add(sections, seen, current, NULL, NULL);
            if (!keys)
                return -1;
        }
        snprintf(path, sizeof path, "%s.%s", k.section, k.name);
        snprintf(neutral, sizeof neutral, "%g", k.neutral);
        const char *fallback = k.is_lever ? (k.is_number ? neutral : NULL)
                                          : wf_profession_value(m, path);
        const char *kind = !k.is_number ? "text" : k.is_integer ? "integer" : "number";
        json_t *one = key_json(seen, k.section, k.name, kind, k.min, k.max, 0, 0, k.unit,
                               fallback);
        if (!one || json_array_append_new(keys, one) != 0)
            return -1;
    }
    return 0;
}

static json_t *wf_keys_json(const char *datadir, const char *text, const char *profession,
                            const seen_text *seen, klar_error *err)
{
    run_text t;
    klar_error ignored;
    const char *want = profession && *profession ? profession : NULL;
    if (!want && text && run_text_scan(WF_ENGINE, text, &t, &ignored) == 0 && t.profession[0])
        want = t.profession;
    run_wf w;
    memset(&w, 0, sizeof w);
    if (want && run_wf_prepare(datadir, want, NULL, 1, &w, err) != 0) {
        run_wf_free(&w);
        if (profession && *profession)
            return NULL;                            /* the caller's profession: blamed */
        memset(&w, 0, sizeof w);                    /* the text's: the check reports it */
        want = NULL;
    }
    json_t *sections = json_array(), *out = NULL;
    if (sections && wf_sections(sections, w.model, seen) == 0)
        out = json_pack("{s:s, s:s?, s:O}", "engine", WF_ENGINE, "profession",
                        w.model ? klar_wf_model_profession_id(w.model) : NULL,
                        "sections", sections);
    if (!out) {
        klar_error_set(err, NULL, 0, "out of memory");
        run_blame(err, NULL);
    }
    json_decref(sections);
    run_wf_free(&w);
    return out;
}

/* ---- the entry -------------------------------------------------------------------------------- */

json_t *klar_run_parameter_keys(const char *datadir, const char *engine, const char *text,
                                const char *region, const char *profession, klar_error *err)
{
    datadir = run_datadir(datadir);
    int surge = engine && strcmp(engine, SURGE_ENGINE) == 0;
    if (!surge && !(engine && strcmp(engine, WF_ENGINE) == 0)) {
        klar_error_set(err, NULL, 0, "engine must be 'surge' or 'workforce', not '%.40s'",
                       engine ? engine : "(none)");
        run_blame(err, "engine");
        return NULL;
    }
    seen_text seen;
    json_t *out = NULL;
    if (seen_read(text, &seen) != 0) {
        klar_error_set(err, NULL, 0, "out of memory");
        run_blame(err, NULL);
    } else {
        /* a failure here is blamed already: the caller's region or profession, or nobody */
        out = surge ? surge_keys_json(datadir, text, region, &seen, err)
                    : wf_keys_json(datadir, text, profession, &seen, err);
    }
    if (out)
        json_object_set_new(out, "error", check_json(datadir, engine, text, &seen));
    seen_free(&seen);
    return out;
}
