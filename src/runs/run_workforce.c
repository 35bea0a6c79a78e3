/* run_workforce.c - a workforce projection assembled for one profession, an optional scenario
 * text and a region: the shipped profession (checked against the list, so an id never becomes
 * a path), the scenario read with data/professions/ as its only directory, the model, the
 * population of the four RHFs projected once from the base year, and the result as JSON with
 * the inputs it used. The command line (cli/cmd_workforce.c) takes the same steps. */
#include "runs_internal.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "klar/population.h"
#include "klar/text.h"

#define DEFAULT_HORIZON 2050
#define POPULATION_SOURCE                                                                     \
    "Statistics Norway (SSB), table 07459, as shipped in data/population.csv; projected with " \
    "the assumptions in data/population/"

/* ---- the pieces (also used by the command line) ------------------------------------------- */

int klar_run_wf_region(const char *text, int *rhf, klar_error *err)
{
    if (!text || !*text || strcmp(text, "NO") == 0 || strcmp(text, "no") == 0) {
        *rhf = -1;
        return 0;
    }
    *rhf = klar_rhf_parse_id(text);
    if (*rhf >= 0)
        return 0;
    const char *names[KLAR_RHF_COUNT + 1] = {"NO"};
    for (int r = 0; r < KLAR_RHF_COUNT; r++)
        names[r + 1] = klar_rhf_id((klar_rhf)r);
    char hint[96];
    klar_text_suggest_hint(text, names, KLAR_RHF_COUNT + 1, hint, sizeof hint);
    klar_error_set(err, NULL, 0, "unknown region '%.60s'%s; use NO, helse-sor-ost, helse-vest, "
                   "helse-midt-norge or helse-nord", text, hint);
    return -1;
}

static int professions_dir(const char *datadir, char *buf, size_t size, klar_error *err)
{
    int n = snprintf(buf, size, "%s/professions", datadir);
    if (n < 0 || (size_t)n >= size) {
        klar_error_set(err, NULL, 0, "data directory path too long");
        return -1;
    }
    return 0;
}

/* 1 if id is one of the shipped professions, 0 if not (with a suggestion in err), -1 on error. */
static int profession_known(const char *dir, const char *id, klar_error *err)
{
    char **ids;
    int n = klar_profession_list(dir, &ids, err);
    if (n < 0)
        return -1;
    int found = 0;
    for (int i = 0; i < n; i++)
        found |= strcmp(ids[i], id) == 0;
    if (!found) {
        const char *near = klar_text_suggest(id, (const char *const *)ids, (size_t)n);
        if (near)
            klar_error_set(err, NULL, 0, "unknown profession '%.60s'; did you mean '%s'?", id,
                           near);
        else
            klar_error_set(err, NULL, 0, "unknown profession '%.60s'; the professions are the "
                           "files in data/professions/ (klar workforce --list)", id);
    }
    klar_profession_list_free(ids);
    return found;
}

klar_profession *klar_run_wf_profession(const char *datadir, const char *id, int *unknown,
                                        klar_error *err)
{
    char dir[4096], path[4200];
    int ignored;
    if (!unknown)
        unknown = &ignored;
    *unknown = 0;
    if (professions_dir(run_datadir(datadir), dir, sizeof dir, err) != 0)
        return NULL;
    int known = profession_known(dir, id, err);
    if (known <= 0) {
        *unknown = known == 0;
        return NULL;
    }
    snprintf(path, sizeof path, "%s/%s.ini", dir, id);
    klar_profession *p = klar_profession_load(path, err);
    if (p && strcmp(klar_profession_id(p), id) != 0) {
        klar_error_set(err, path, 0, "id '%s' does not match the file name",
                       klar_profession_id(p));
        klar_profession_free(p);
        return NULL;
    }
    return p;
}

/* {"id", "name_nb", "name_en", "base_year"} of profession id, or NULL with err. */
static json_t *profession_json(const char *datadir, const char *id, klar_error *err)
{
    klar_profession *p = klar_run_wf_profession(datadir, id, NULL, err);
    if (!p)
        return NULL;
    json_t *o = json_pack("{s:s, s:s, s:s, s:i}", "id", klar_profession_id(p), "name_nb",
                          klar_profession_name_nb(p), "name_en", klar_profession_name_en(p),
                          "base_year", klar_profession_base_year(p));
    klar_profession_free(p);
    if (!o)
        klar_error_set(err, NULL, 0, "out of memory");
    return o;
}

json_t *klar_run_wf_professions(const char *datadir, klar_error *err)
{
    char dir[4096], **ids = NULL;
    datadir = run_datadir(datadir);
    if (professions_dir(datadir, dir, sizeof dir, err) != 0 ||
        klar_profession_list(dir, &ids, err) < 0)
        return NULL;
    json_t *list = json_array();
    for (char **id = ids; list && *id; id++) {
        json_t *one = profession_json(datadir, *id, err);
        if (!one || json_array_append_new(list, one) != 0) {
            json_decref(list);
            list = NULL;
        }
    }
    klar_profession_list_free(ids);
    if (list)
        return list;
    run_error_tidy(err, datadir);
    return NULL;
}

int klar_run_wf_default_to(const klar_wf_model *m, const klar_wf_scenario *s)
{
    int base = klar_wf_model_base_year(m);
    int scenario_to = s ? klar_wf_scenario_to_year(s) : 0;
    return scenario_to ? scenario_to : base < DEFAULT_HORIZON ? DEFAULT_HORIZON : base + 18;
}

int klar_run_wf_project(const char *datadir, const klar_wf_model *m, int rhf, int to_year,
                        klar_wf_result *out, klar_error *err)
{
    klar_pop_assumptions a;
    klar_error inner;
    datadir = run_datadir(datadir);
    klar_popbase *pb = klar_popbase_load(datadir, &inner);
    if (!pb || klar_pop_assumptions_load(datadir, &a, &inner) != 0) {
        klar_error_set(err, NULL, 0, "population data: %s", inner.message);
        klar_popbase_free(pb);
        return -1;
    }
    klar_wf_popseries ps;
    int base = klar_wf_model_base_year(m);
    if (klar_wf_popseries_project(pb, &a, base, to_year, &ps, &inner) != 0) {
        klar_error_set(err, NULL, 0, "population projection from the base year %d: %s", base,
                       inner.message);
        klar_popbase_free(pb);
        return -1;
    }
    const klar_pyramid *pops[KLAR_RHF_COUNT] = {ps.rhf[0], ps.rhf[1], ps.rhf[2], ps.rhf[3]};
    int rc = rhf < 0 ? klar_wf_run_nation(m, pops, ps.nyears, to_year, out, err)
                     : klar_wf_run(m, (klar_rhf)rhf, pops[rhf], ps.nyears, to_year, out, err);
    klar_wf_popseries_free(&ps);
    klar_popbase_free(pb);
    return rc;
}

/* ---- assembling a run on text ---------------------------------------------------------------- */

void run_wf_free(run_wf *w)
{
    klar_wf_model_free(w->model);
    klar_wf_scenario_free(w->scenario);
    klar_profession_free(w->profession);
    memset(w, 0, sizeof *w);
}

/* Reads the scenario text, with data/professions/ as the directory of the CSV names it gives. */
static int read_scenario(const char *datadir, const char *text, run_wf *w, run_text *t,
                         klar_error *err)
{
    char dir[4096];
    if (run_text_scan("workforce", text, t, err) != 0)
        return -1;
    if (professions_dir(datadir, dir, sizeof dir, err) != 0)
        return -1;
    w->scenario = klar_wf_scenario_parse(text, RUN_TEXT_NAME, dir, err);
    if (!w->scenario)
        run_error_tidy(err, datadir);
    return w->scenario ? 0 : -1;
}

/* Loads the profession id; blames the caller's field or the text's line. */
static int load_profession(const char *datadir, const char *id, int from_text, const run_text *t,
                           run_wf *w, klar_error *err)
{
    int unknown;
    snprintf(w->profession_id, sizeof w->profession_id, "%s", id);
    w->profession = klar_run_wf_profession(datadir, id, &unknown, err);
    if (w->profession)
        return 0;
    if (unknown && from_text) {
        klar_error inner = *err;
        klar_error_set(err, NULL, 0, "line %d: %s", t->profession_line, inner.message);
    }
    run_error_tidy(err, datadir);
    return run_blame(err, !unknown ? NULL : from_text ? "parameters" : "profession");
}

int run_wf_prepare(const char *datadir, const char *profession, const char *text,
                   int need_profession, run_wf *w, klar_error *err)
{
    run_text t;
    memset(w, 0, sizeof *w);
    memset(&t, 0, sizeof t);
    datadir = run_datadir(datadir);
    if (text && read_scenario(datadir, text, w, &t, err) != 0)
        return run_blame(err, "parameters");
    int from_text = !(profession && *profession);
    const char *id = !from_text ? profession
                     : w->scenario ? klar_wf_scenario_profession(w->scenario) : NULL;
    if (!id) {
        if (need_profession)
            klar_error_field(err, KLAR_ERR_INVALID, "profession",
                             "profession is required (the parameters name none)");
        return need_profession ? -1 : 0;
    }
    if (load_profession(datadir, id, from_text, &t, w, err) != 0)
        return -1;
    w->model = klar_wf_model_new(w->profession, w->scenario, err);
    if (!w->model) {
        run_error_tidy(err, datadir);
        return run_blame(err, text ? "parameters" : NULL);
    }
    return 0;
}

/* ---- the run ------------------------------------------------------------------------------- */

/* The last year: the caller's (blamed as "to_year") or the default (blamed on the text). */
static int choose_to(const run_wf *w, int to_year, int *to, klar_error *err)
{
    int base = klar_wf_model_base_year(w->model), last = base + KLAR_WF_MAX_YEARS - 1;
    *to = to_year ? to_year : klar_run_wf_default_to(w->model, w->scenario);
    if (*to >= base && *to <= last)
        return 0;
    klar_error_field(err, KLAR_ERR_INVALID, to_year ? "to_year" : "parameters",
                     "to_year must lie between the base year %d and %d, not %d", base, last,
                     *to);
    return -1;
}

/* The input files of the result's "assumptions" and "sources" named relative to the data
 * directory ("data/professions/x.ini"), not by the server's absolute path. */
static void tidy_files(json_t *inputs, const char *datadir)
{
    size_t i, n = strlen(datadir);
    json_t *in;
    json_array_foreach(inputs, i, in) {
        const char *file = json_string_value(json_object_get(in, "file"));
        if (file && n && strncmp(file, datadir, n) == 0 && file[n] == '/') {
            char rel[4200];
            snprintf(rel, sizeof rel, "data%s", file + n);
            json_object_set_new(in, "file", json_string(rel));
        }
    }
}

static json_t *inputs_json(const run_wf *w, int to)
{
    const klar_wf_model *m = w->model;
    const char *sc = klar_wf_model_scenario_name(m);
    return json_pack("{s:s, s:o, s:i, s:{s:i, s:s, s:s}, s:I, s:I}", "profession",
                     w->profession_id, "scenario", sc ? json_string(sc) : json_null(),
                     "to_year", to, "population",
                     "projected_from", klar_wf_model_base_year(m), "unit", "persons", "source",
                     POPULATION_SOURCE, "inputs", (json_int_t)klar_wf_model_input_count(m),
                     "assumptions", (json_int_t)klar_wf_model_assumption_count(m));
}

static json_t *result_json(const char *datadir, const run_wf *w, int rhf, int to,
                           const klar_wf_result *res)
{
    json_t *root = json_pack("{s:s, s:o}", "engine", "workforce", "inputs",
                             inputs_json(w, to));
    json_t *rest = klar_run_wf_json(w->model, rhf, klar_wf_model_base_year(w->model), to, res);
    if (!root || !rest || json_object_update(root, rest) != 0) {
        json_decref(root);
        root = NULL;
    } else {
        tidy_files(json_object_get(root, "assumptions"), datadir);
        tidy_files(json_object_get(root, "sources"), datadir);
    }
    json_decref(rest);
    return root;
}

/* Projects and encodes; a failing projection is the text's fault when there is one. */
static json_t *project(const char *datadir, const run_wf *w, int rhf, int to, int has_text,
                       klar_error *err)
{
    klar_wf_result *res = malloc(sizeof *res);
    if (!res) {
        klar_error_set(err, NULL, 0, "out of memory");
        return NULL;
    }
    json_t *o = NULL;
    if (klar_run_wf_project(datadir, w->model, rhf, to, res, err) != 0) {
        run_error_tidy(err, datadir);
        run_blame(err, has_text ? "parameters" : NULL);
    } else if (!(o = result_json(datadir, w, rhf, to, res))) {
        klar_error_set(err, NULL, 0, "out of memory encoding the result");
    }
    free(res);
    return o;
}

json_t *klar_run_workforce(const char *datadir, const char *profession, const char *text,
                           const char *region, int to_year, klar_error *err)
{
    run_wf w;
    int rhf, to;
    if (klar_run_wf_region(region, &rhf, err) != 0) {
        run_blame(err, "region");
        return NULL;
    }
    datadir = run_datadir(datadir);
    if (run_wf_prepare(datadir, profession, text, 1, &w, err) != 0) {
        run_wf_free(&w);
        return NULL;
    }
    json_t *o = NULL;
    if (choose_to(&w, to_year, &to, err) == 0)
        o = project(datadir, &w, rhf, to, text != NULL, err);
    run_wf_free(&w);
    return o;
}
