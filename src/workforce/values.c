/* values.c - turning a profession or scenario INI file into checked values that remember
 * where they came from (file, line) and what source the file gave for them.
 *
 * A value's source is written as "<name>.source = text" in the same section; a source may go
 * on over indented lines. A value without one is shown to users as an assumption. */
#include "wf_internal.h"
#include "klar/file.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "klar/csv.h"

#define WF_MAX_FILE_BYTES (4u << 20)

typedef struct parse_state {
    wf_values *vals;
    wf_file_kind kind;
} parse_state;

static const char source_suffix[] = ".source";

/* The key a "<name>.source" line documents, or -1 if name is not of that form. */
static int source_key(const char *section, const char *name)
{
    size_t n = strlen(name), sl = sizeof source_suffix - 1;
    if (n <= sl || strcmp(name + n - sl, source_suffix) != 0)
        return -1;
    char base[128];
    if (n - sl >= sizeof base)
        return -1;
    memcpy(base, name, n - sl);
    base[n - sl] = '\0';
    return wf_key_find(section, base);
}

static int append_source(wf_value *v, const char *text, const char *file, int line, klar_error *err)
{
    size_t used = strlen(v->source);
    size_t add = strlen(text) + (used ? 1 : 0);
    if (used + add + 1 > sizeof v->source) {
        klar_error_set(err, file, line, "source text longer than %zu characters",
                       sizeof v->source - 1);
        return 0;
    }
    if (used)
        v->source[used++] = ' ';
    strcpy(v->source + used, text);
    return 1;
}

static int check_section(const parse_state *st, const char *section, const char *name,
                         int line, int section_line, klar_error *err)
{
    const char *file = st->vals->file;
    if (!*section) {
        klar_error_set(err, file, line, "'%s' stands before any [section]", name);
        return 0;
    }
    int known = wf_section_known(section);
    if (known && st->kind == WF_FILE_PROFESSION && strcmp(section, "scenario") == 0)
        known = 0;
    if (!known) {
        klar_error_set(err, file, section_line ? section_line : line, "unknown section [%s]; a %s file has [profession], "
                       "[stock], [education], [migration], [behaviour], [demand], [regions]%s",
                       section, st->kind == WF_FILE_SCENARIO ? "scenario" : "profession",
                       st->kind == WF_FILE_SCENARIO ? " and [scenario]" : "");
        return 0;
    }
    return 1;
}

static int check_scope(const parse_state *st, int k, int line, klar_error *err)
{
    if (st->kind == WF_FILE_SCENARIO && wf_keys[k].scope == WF_SCOPE_IDENTITY) {
        klar_error_set(err, st->vals->file, line, "a scenario cannot change [%s] %s",
                       wf_keys[k].section, wf_keys[k].name);
        return 0;
    }
    return 1;
}

/* Parses value text into v according to key k's kind and range. */
static int parse_value(int k, const char *text, wf_value *v, const char *file, int line,
                       klar_error *err)
{
    const wf_key *key = &wf_keys[k];
    if (!*text) {
        klar_error_set(err, file, line, "'%s' has no value", key->name);
        return 0;
    }
    if (strlen(text) >= sizeof v->text) {
        klar_error_set(err, file, line, "value of '%s' is longer than %zu characters", key->name,
                       sizeof v->text - 1);
        return 0;
    }
    if (key->kind == WF_NUM || key->kind == WF_INT) {
        double d;
        long l;
        if (key->kind == WF_INT) {
            if (klar_parse_long(text, &l) != 0) {
                klar_error_set(err, file, line, "'%s' must be a whole number, not '%s'", key->name, text);
                return 0;
            }
            d = (double)l;
        } else if (klar_parse_double(text, &d) != 0) {
            klar_error_set(err, file, line, "'%s' must be a number, not '%s'", key->name, text);
            return 0;
        }
        if (d < key->lo || d > key->hi) {
            klar_error_set(err, file, line, "'%s' = %s lies outside %g..%g", key->name, text,
                           key->lo, key->hi);
            return 0;
        }
        v->num = d;
    }
    strcpy(v->text, text);
    return 1;
}

static int on_value(void *user, const char *section, const char *name, const char *value,
                    int line, int section_line, klar_error *err)
{
    parse_state *st = user;
    wf_values *vals = st->vals;
    if (!check_section(st, section, name, line, section_line, err))
        return 0;
    int si = wf_section_index(section);
    if (!vals->section_line[si])
        vals->section_line[si] = section_line ? section_line : line;

    int k = source_key(section, name);
    if (k >= 0)
        return check_scope(st, k, line, err) &&
               append_source(&vals->v[k], value, vals->file, line, err);

    k = wf_key_find(section, name);
    if (k < 0 || (st->kind == WF_FILE_PROFESSION && wf_keys[k].scope == WF_SCOPE_SCENARIO)) {
        char known[640];
        wf_key_list(section, known, sizeof known);
        klar_error_set(err, vals->file, line, "unknown key '%s' in [%s]; known keys: %s", name,
                       section, known);
        return 0;
    }
    if (!check_scope(st, k, line, err))
        return 0;
    wf_value *v = &vals->v[k];
    if (v->set) {
        klar_error_set(err, vals->file, line, "'%s' is given twice (first on line %d; an indented "
                       "line continues the line before it)", name, v->line);
        return 0;
    }
    if (!parse_value(k, value, v, vals->file, line, err))
        return 0;
    v->set = 1;
    v->line = line;
    snprintf(v->file, sizeof v->file, "%s", vals->file);
    snprintf(v->dir, sizeof v->dir, "%s", vals->dir);
    return 1;
}

int wf_values_parse(const char *text, size_t len, const char *name, const char *dir,
                    wf_file_kind kind, wf_values *vals, klar_error *err)
{
    memset(vals, 0, sizeof *vals);
    snprintf(vals->file, sizeof vals->file, "%s", name);
    snprintf(vals->dir, sizeof vals->dir, "%s", dir && *dir ? dir : ".");
    parse_state st = {vals, kind};
    if (klar_ini_parse(text, len, name, on_value, &st, err) != 0)
        return -1;
    /* A source for a value that was never given documents nothing. */
    for (int k = 0; k < WF_NKEYS; k++)
        if (vals->v[k].source[0] && !vals->v[k].set) {
            klar_error_set(err, name, 0, "[%s] %s.source is given but %s itself is not",
                           wf_keys[k].section, wf_keys[k].name, wf_keys[k].name);
            return -1;
        }
    return 0;
}

char *wf_read_text_file(const char *path, char *dir, size_t dirsize, klar_error *err)
{
    size_t len;
    char *text = klar_file_read(path, WF_MAX_FILE_BYTES, &len, err);
    if (text && strlen(text) != len) {
        free(text);
        klar_error_set(err, path, 0, "NUL byte in text (is this a binary file?)");
        return NULL;
    }
    if (text)
        klar_path_dir(path, dir, dirsize);
    return text;
}

/* 1 if dir/rel (rel itself when absolute) is a regular file, its path then in buf. */
static int found_in(const char *dir, const char *rel, char *buf, size_t size)
{
    return klar_path_join(buf, size, dir, rel, NULL) == 0 && klar_path_is_file(buf);
}

int wf_resolve_path(const wf_value *v, const char *fallback_dir, char *buf, size_t size,
                    klar_error *err)
{
    if (found_in(v->dir, v->text, buf, size))
        return 0;
    if (v->text[0] == '/') {
        klar_error_set(err, v->file, v->line, "cannot find '%s'", v->text);
        return -1;
    }
    if (fallback_dir && strcmp(fallback_dir, v->dir) != 0) {
        if (found_in(fallback_dir, v->text, buf, size))
            return 0;
        klar_error_set(err, v->file, v->line, "cannot find '%s' (looked in %s and %s)", v->text,
                       v->dir, fallback_dir);
        return -1;
    }
    klar_error_set(err, v->file, v->line, "cannot find '%s' (looked in %s)", v->text, v->dir);
    return -1;
}
