/* runs_internal.h - what the runs modules share inside libklar: the first reading of a scenario
 * text (the keys a run needs before the engine reads it, and the refusal of keys that name
 * files), messages about the text as "line N: reason", and the loading steps both a run and a
 * check of parameters take. Not installed; the contract is include/klar/runs.h. */
#ifndef KLAR_RUNS_INTERNAL_H
#define KLAR_RUNS_INTERNAL_H

#include "klar/runs.h"

#include <jansson.h>

/* The name the engines get for the text: their messages start "parameters:N: ". */
#define RUN_TEXT_NAME "parameters"

/* What the first reading of a text found. */
typedef struct run_text {
    char region[128];        /* [scenario] region, "" if none */
    int region_line;
    char profession[128];    /* [scenario] profession (workforce), "" if none */
    int profession_line;
} run_text;

/* Reads text (engine "surge" or "workforce") into t, refusing a text longer than
 * KLAR_RUN_MAX_TEXT and keys that name files (see runs.h). 0, or -1 with "line N: reason". */
int run_text_scan(const char *engine, const char *text, run_text *t, klar_error *err);

/* Rewrites err for a caller of the runs: "parameters:N: reason" becomes "line N: reason",
 * "parameters: reason" becomes "reason", and datadir (an absolute path of the server) becomes
 * "data" wherever it appears. */
void run_error_tidy(klar_error *err, const char *datadir);

/* 1 if err names a file of datadir (the shipped data failed, not the caller's input). */
int run_error_names_datadir(const klar_error *err, const char *datadir);

/* Blames field (NULL: no input, KLAR_ERR_FAILED; else KLAR_ERR_INVALID) for the failure
 * already described in err. Returns -1. */
int run_blame(klar_error *err, const char *field);

/* datadir, or klar_datadir() when it is NULL. */
const char *run_datadir(const char *datadir);

/* The figures a surge run used and where each came from (run_figures.c): the shipped
 * baseline's rows, the registry's records, the scenario text's lines. */
struct figure_list;
typedef struct run_figures {
    struct figure_list *list;   /* owned */
    json_t *unused;             /* owned: registered figures the model cannot take, and why */
} run_figures;

/* Makes rf empty; 0, or -1 with err out of memory. run_figures_free releases it. */
int run_figures_init(run_figures *rf, klar_error *err);
void run_figures_free(run_figures *rf);

/* Lists the n shipped baseline sources as where their figures come from. -1 out of memory. */
int run_figures_shipped(run_figures *rf, const klar_surge_baseline_source *src, int n);

/* Puts the registry's figures (klar_run_registry_figures) onto p over the baseline and lists
 * them. 0, or -1 with err. */
int run_figures_apply(run_figures *rf, klar_surge_params *p, const json_t *figures,
                      klar_error *err);

/* Marks the figures text sets itself as coming from its lines. 0. */
int run_figures_text(run_figures *rf, const char *text);

/* Every listed figure with its value and unit in p: a new array. */
json_t *run_figures_json(run_figures *rf, klar_surge_params *p);

/* The surge parameters of text on region (NULL or "": the text's, else NO): defaults, the
 * region's population (of 1 January *year) and baseline, figures (a registry's, as
 * klar_run_registry_figures gives them; NULL: none), then the text. rf (NULL: not wanted; else
 * initialised) gets where each figure came from. 0, or -1 with err (its field blames the
 * input). */
int run_surge_load(const char *datadir, const char *text, const char *region,
                   const json_t *figures, klar_surge_params *p, int *year, run_figures *rf,
                   klar_error *err);

/* A workforce run being assembled; run_wf_free releases it. */
typedef struct run_wf {
    klar_wf_scenario *scenario;     /* NULL without a text */
    klar_profession *profession;    /* NULL when neither the caller nor the text names one */
    klar_wf_model *model;           /* with profession */
    char profession_id[128];
} run_wf;

/* Reads text (may be NULL) and the profession (NULL: the text's; none is allowed only when
 * need_profession is 0) and builds the model. 0, or -1 with err (its field blames the input). */
int run_wf_prepare(const char *datadir, const char *profession, const char *text,
                   int need_profession, run_wf *w, klar_error *err);

void run_wf_free(run_wf *w);

#endif
