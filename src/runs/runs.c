/* runs.c - scenario text as the runs take it: the first reading (region, profession, and the
 * refusal of keys that name files: a run on stored or posted parameters reads no file the text
 * chooses), messages as "line N: reason" without the server's paths, and the check of
 * parameters a caller makes before storing or running them. */
#include "runs_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "klar/datadir.h"
#include "klar/ini.h"

#define WF_ENGINE "workforce"
#define SURGE_ENGINE "surge"

typedef struct scan {
    int workforce;          /* 1 for a workforce text, 0 for a surge text */
    run_text *t;
} scan;

static int ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && strcmp(s + n - m, suffix) == 0;
}

/* 1 if name in section of a workforce text names a CSV file (an age profile or service use). */
static int wf_names_file(const char *section, const char *name)
{
    return strcmp(section, "scenario") != 0 &&
           (ends_with(name, "_profile") || strncmp(name, "service_use.", 12) == 0);
}

/* A bare file name of a shipped CSV: no directory, not hidden, ending in .csv. */
static int bare_csv_name(const char *value)
{
    return value[0] && value[0] != '.' && !strchr(value, '/') && !strchr(value, '\\') &&
           ends_with(value, ".csv");
}

static void remember(char *dst, size_t size, int *dst_line, const char *value, int line)
{
    if (*dst_line)
        return;
    *dst_line = line;
    if (strlen(value) < size)
        memcpy(dst, value, strlen(value) + 1);
}

static int on_value(void *user, const char *section, const char *name, const char *value,
                    int line, int section_line, klar_error *err)
{
    scan *sc = user;
    (void)section_line;
    if (strcmp(section, "scenario") == 0 && strcmp(name, "region") == 0)
        remember(sc->t->region, sizeof sc->t->region, &sc->t->region_line, value, line);
    if (strcmp(section, "scenario") == 0 && strcmp(name, "profession") == 0)
        remember(sc->t->profession, sizeof sc->t->profession, &sc->t->profession_line, value,
                 line);
    if (!sc->workforce && strcmp(section, "epidemic") == 0 && strcmp(name, "contacts") == 0 &&
        strcmp(value, "uniform") != 0) {
        klar_error_set(err, RUN_TEXT_NAME, line, "'contacts' names a file (a contact matrix "
                       "CSV); parameters run here read no files: use contacts = uniform");
        return 0;
    }
    if (sc->workforce && wf_names_file(section, name) && !bare_csv_name(value)) {
        klar_error_set(err, RUN_TEXT_NAME, line, "'%s' names the file '%.200s'; parameters run "
                       "here read only the CSV files shipped in data/professions/, named without "
                       "a directory (e.g. bioingenior-stock-age-2010.csv)", name, value);
        return 0;
    }
    return 1;
}

int run_text_scan(const char *engine, const char *text, run_text *t, klar_error *err)
{
    memset(t, 0, sizeof *t);
    if (!text) {
        klar_error_set(err, NULL, 0, "the parameters (scenario text) are required");
        return -1;
    }
    size_t len = strlen(text);
    if (len > KLAR_RUN_MAX_TEXT) {
        klar_error_set(err, NULL, 0, "the parameters are %zu bytes long; at most %d are allowed",
                       len, KLAR_RUN_MAX_TEXT);
        return -1;
    }
    scan sc = {strcmp(engine, WF_ENGINE) == 0, t};
    if (klar_ini_parse(text, len, RUN_TEXT_NAME, on_value, &sc, err) != 0) {
        run_error_tidy(err, NULL);
        return -1;
    }
    return 0;
}

/* ---- messages ------------------------------------------------------------------------------ */

/* Replaces every occurrence of from in s by to, which is not longer. */
static void replace_all(char *s, const char *from, const char *to)
{
    size_t nf = strlen(from), nt = strlen(to);
    if (!nf || nt > nf)
        return;
    char *p = s;
    while ((p = strstr(p, from)) != NULL) {
        memcpy(p, to, nt);
        memmove(p + nt, p + nf, strlen(p + nf) + 1);
        p += nt;
    }
}

void run_error_tidy(klar_error *err, const char *datadir)
{
    if (!err)
        return;
    char *m = err->message;
    size_t n = strlen(RUN_TEXT_NAME);
    if (strncmp(m, RUN_TEXT_NAME ":", n + 1) == 0) {
        char rest[sizeof err->message];
        const char *after = m + n + 1;
        if (*after >= '0' && *after <= '9')
            snprintf(rest, sizeof rest, "line %s", after);
        else
            snprintf(rest, sizeof rest, "%s", after[0] == ' ' ? after + 1 : after);
        memcpy(m, rest, sizeof rest);
    }
    if (datadir && strlen(datadir) > strlen("data"))
        replace_all(m, datadir, "data");
}

int run_error_names_datadir(const klar_error *err, const char *datadir)
{
    char prefix[4096];
    if (!err || !datadir || !datadir[0])
        return 0;
    int n = snprintf(prefix, sizeof prefix, "%s/", datadir);
    return n > 0 && (size_t)n < sizeof prefix && strstr(err->message, prefix) != NULL;
}

int run_blame(klar_error *err, const char *field)
{
    if (err) {
        snprintf(err->field, sizeof err->field, "%s", field ? field : "");
        err->code = field ? KLAR_ERR_INVALID : KLAR_ERR_FAILED;
    }
    return -1;
}

const char *run_datadir(const char *datadir)
{
    return datadir ? datadir : klar_datadir();
}

/* ---- the check ----------------------------------------------------------------------------- */

static int check_surge(const char *datadir, const char *text, klar_error *err)
{
    klar_surge_params *p = malloc(sizeof *p);
    if (!p) {
        klar_error_set(err, NULL, 0, "out of memory");
        return -1;
    }
    int year, rc = run_surge_load(datadir, text, NULL, NULL, p, &year, NULL, err);
    free(p);
    return rc;
}

static int check_workforce(const char *datadir, const char *text, klar_error *err)
{
    run_wf w;
    int rc = run_wf_prepare(datadir, NULL, text, 0, &w, err);
    run_wf_free(&w);
    return rc;
}

int klar_run_check_parameters(const char *datadir, const char *engine, const char *text,
                              klar_error *err)
{
    datadir = run_datadir(datadir);
    if (engine && strcmp(engine, SURGE_ENGINE) == 0)
        return check_surge(datadir, text, err);
    if (engine && strcmp(engine, WF_ENGINE) == 0) {
        if (!text) {
            klar_error_set(err, NULL, 0, "the parameters (scenario text) are required");
            return -1;
        }
        return check_workforce(datadir, text, err);
    }
    klar_error_set(err, NULL, 0, "engine must be 'surge' or 'workforce', not '%.40s'",
                   engine ? engine : "(none)");
    return -1;
}
