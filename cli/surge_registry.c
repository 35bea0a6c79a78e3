/* surge_registry.c - "klar surge --db PATH [--org ID]": the surge scenario on a registry's own
 * figures, as klar serve runs it: the organisation's subtree's registered bed capacity, stocks
 * and reserves over the shipped baseline (klar_run_registry_figures), the scenario read as text
 * (klar_run_surge_params). The organisation is --org, else the one standing for the region (NO
 * the national one, an RHF, HF or municipality its own). Which figures came from the registry,
 * and which registered ones the model could not take, go to stderr, so that the output in any
 * format stays the run's. */
#include "cli.h"

#include "klar/file.h"
#include "klar/registry.h"
#include "klar/runs.h"
#include "klar/store.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define COMMAND "surge"
#define TEXT_MAX (64 * 1024)

/* The organisation of the run: --org (its region the run's unless --region), else the region's. */
static int choose_org(klar_store *s, const char *org, const char **region, char *region_buf,
                      size_t size, klar_org *out)
{
    klar_error err;
    klar_org_tree *t = klar_org_tree_load(s, &err);
    if (!t) {
        fprintf(stderr, "klar %s: --db: %s\n", COMMAND, err.message);
        return CLI_BAD_INPUT;
    }
    const klar_org *o = org ? klar_org_tree_get(t, org) : klar_run_region_org(t, *region);
    int rc = CLI_OK;
    if (!o && org) {
        fprintf(stderr, "klar %s: --org: no organisation has the id '%s'\n", COMMAND, org);
        rc = CLI_USAGE;
    } else if (!o) {
        fprintf(stderr, "klar %s: no organisation of the registry stands for region '%s' (a "
                "county has none); give --org ID\n", COMMAND, *region);
        rc = CLI_USAGE;
    } else if (org && klar_run_org_region(o->type, o->id, region_buf, size) != 0 &&
               !(*region && **region)) {
        fprintf(stderr, "klar %s: --org: %s (%s) has no region of its own; give --region\n",
                COMMAND, o->name, o->type);
        rc = CLI_USAGE;
    } else {
        *out = *o;
        if (org && !(*region && **region))
            *region = region_buf;
    }
    klar_org_tree_free(t);
    return rc;
}

static void print_figures(const klar_org *o, const json_t *used, const json_t *unused)
{
    size_t i, n = 0;
    json_t *f;
    fprintf(stderr, "klar %s: figures from the registry of %s (%s):\n", COMMAND, o->id, o->name);
    json_array_foreach(used, i, f) {
        if (strcmp(json_string_value(json_object_get(f, "from")), "registry") != 0)
            continue;
        fprintf(stderr, "  %-34s %12.6g %-20s (%zu records: %s)\n",
                json_string_value(json_object_get(f, "key")),
                json_number_value(json_object_get(f, "value")),
                json_string_value(json_object_get(f, "unit")),
                json_array_size(json_object_get(f, "records")),
                json_string_value(json_object_get(f, "rule")));
        n++;
    }
    if (!n)
        fprintf(stderr, "  none: the subtree has no capacity, stock or reserve records the model "
                "takes; the shipped figures are used\n");
    json_array_foreach(unused, i, f)
        fprintf(stderr, "  not used: %s: %s\n", json_string_value(json_object_get(f, "figure")),
                json_string_value(json_object_get(f, "reason")));
}

/* Loads p as `klar surge --db` reads it; CLI_OK or the exit status, with a message. */
static int load_with(klar_store *s, const char *org_id, const char *scenario_path,
                     const char *region, klar_surge_params *p)
{
    char region_buf[64], named[128] = "";
    klar_error err;
    size_t len = 0;
    char *text = klar_file_read(scenario_path, TEXT_MAX, &len, &err);
    if (!text) {
        fprintf(stderr, "klar %s: %s\n", COMMAND, err.message);
        return CLI_BAD_INPUT;
    }
    if (!(region && *region) && !org_id) {
        klar_surge_scenario_region(text, len, named, sizeof named);
        region = named[0] ? named : "NO";
    }
    klar_org o;
    int rc = choose_org(s, org_id, &region, region_buf, sizeof region_buf, &o);
    json_t *figures = NULL, *used = NULL, *unused = NULL;
    if (rc == CLI_OK && !(figures = klar_run_registry_figures(s, o.id, &err))) {
        fprintf(stderr, "klar %s: --db: %s\n", COMMAND, err.message);
        rc = CLI_BAD_INPUT;
    }
    if (rc == CLI_OK &&
        klar_run_surge_params(NULL, text, region, figures, p, &used, &unused, &err) != 0) {
        fprintf(stderr, "klar %s: %s: %s\n", COMMAND, scenario_path, err.message);
        rc = CLI_BAD_INPUT;
    }
    if (rc == CLI_OK)
        print_figures(&o, used, unused);
    json_decref(figures);
    json_decref(used);
    json_decref(unused);
    free(text);
    return rc;
}

int cli_surge_registry_load(const char *db, const char *org, const char *scenario_path,
                            const char *region, klar_surge_params *p)
{
    if (!db || !*db) {
        fprintf(stderr, "klar %s: --org needs --db PATH (the registry to take its figures "
                "from)\n", COMMAND);
        return CLI_USAGE;
    }
    klar_error err;
    if (!klar_store_is_postgres_url(db) && access(db, F_OK) != 0) {
        fprintf(stderr, "klar %s: --db: %s: no registry there\n", COMMAND, db);
        return CLI_BAD_INPUT;
    }
    klar_store *s = klar_store_open(db, &err);
    if (!s) {
        fprintf(stderr, "klar %s: --db: %s\n", COMMAND, err.message);
        return CLI_BAD_INPUT;
    }
    int rc = load_with(s, org && *org ? org : NULL, scenario_path, region, p);
    klar_store_close(s);
    return rc;
}
