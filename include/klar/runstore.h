/* runstore.h - engine runs kept in the registry: who ran what and when, with which klar and
 * shipped data, on which inputs (the request that runs it again, with the registry figures it
 * used and their versions), and what came out (the summary, and the whole answer with its
 * series). Runs are listed within an organisation subtree: that of the owner's organisation.
 * Knows nothing of HTTP; the JSON of results is klar/runs.h's. */
#ifndef KLAR_RUNSTORE_H
#define KLAR_RUNSTORE_H

#include <stddef.h>
#include <stdint.h>

#include "klar/error.h"
#include "klar/store.h"

struct json_t;

/* What a stored run is besides its request and result. Strings are borrowed. */
typedef struct klar_run_meta {
    const char *engine;          /* "surge" or "workforce" */
    int64_t user_id;             /* the owner */
    const char *user_name;
    const char *org_id;          /* the owner's organisation */
    const char *title;           /* the scenario's name or title */
    const char *region;          /* the region id it ran for */
    const char *figures_org;     /* whose registry figures it used; NULL: none */
    int64_t scenario_id;         /* the stored scenario it ran; 0: posted parameters */
    const char *data_checksum;   /* klar_datadir_checksum of the shipped data */
} klar_run_meta;

/* Stores a run stamped now with klar's version: request (what runs it again) and result (the
 * engine's answer) as JSON, and summary (klar_run_summary of result) for lists. Its id into
 * *id. 0, or -1 with err. */
int klar_runstore_save(klar_store *s, const klar_run_meta *m, const struct json_t *request,
                       const struct json_t *summary, const struct json_t *result, int64_t *id,
                       klar_error *err);

/* One page (limit 0: all) of the runs whose owner's organisation lies within `within` (NULL:
 * every run) and, unless engine is NULL, of that engine; newest first, as a new array of
 * {id, engine, title, region, user_id, user_name, org_id, created_at, klar_version,
 * data_checksum, figures_org, scenario_id, summary}. The number on all pages into *total (may
 * be NULL). NULL with err. */
struct json_t *klar_runstore_list(klar_store *s, const char *within, const char *engine,
                                  size_t limit, size_t offset, int64_t *total,
                                  klar_error *err);

/* Run id as a new object: the list's members with "request" and "result". 1, 0 if there is
 * none, -1 with err. */
int klar_runstore_get(klar_store *s, int64_t id, struct json_t **out, klar_error *err);

/* Deletes run id with an audit row (user_id, "delete", "run", its header before) in one
 * transaction. 1, 0 if there is none, -1 with err. */
int klar_runstore_delete(klar_store *s, int64_t user_id, int64_t id, klar_error *err);

/* klar's version, as stored with every run ("0.11.0"). */
const char *klar_version(void);

#endif
