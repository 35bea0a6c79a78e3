/* profession.c - loading a profession file (data/professions/<id>.ini) and listing the
 * professions a directory holds. The CSV profiles it names are read later, when a model is
 * prepared, so a scenario can replace them. */
#include "wf_internal.h"
#include "klar/array.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Every required key must be present; complains at the line of the key's section. */
static int check_required(const wf_values *vals, klar_error *err)
{
    for (int k = 0; k < WF_NKEYS; k++) {
        const wf_key *key = &wf_keys[k];
        if (key->scope == WF_SCOPE_SCENARIO || !key->required || vals->v[k].set)
            continue;
        int line = vals->section_line[wf_section_index(key->section)];
        if (line)
            klar_error_set(err, vals->file, line, "[%s] lacks '%s' (%s)", key->section, key->name,
                           key->label);
        else
            klar_error_set(err, vals->file, 0, "missing section [%s] (first lacking: '%s', %s)",
                           key->section, key->name, key->label);
        return -1;
    }
    return 0;
}

/* The id must be usable as a file name and on the command line. */
static int check_id(const wf_values *vals, klar_error *err)
{
    const wf_value *v = &vals->v[K_ID];
    for (const char *c = v->text; *c; c++)
        if (!((*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9') || *c == '-' || *c == '_')) {
            klar_error_set(err, v->file, v->line, "id '%s' may hold only a-z, 0-9, '-' and '_'",
                           v->text);
            return -1;
        }
    return 0;
}

klar_profession *klar_profession_parse(const char *text, const char *name, const char *dir,
                                       klar_error *err)
{
    klar_profession *p = malloc(sizeof *p);
    if (!p) {
        klar_error_set(err, name, 0, "out of memory");
        return NULL;
    }
    if (wf_values_parse(text, strlen(text), name, dir, WF_FILE_PROFESSION, &p->vals, err) != 0 ||
        check_required(&p->vals, err) != 0 || check_id(&p->vals, err) != 0) {
        free(p);
        return NULL;
    }
    return p;
}

klar_profession *klar_profession_load(const char *path, klar_error *err)
{
    char dir[WF_FILE_MAX];
    char *text = wf_read_text_file(path, dir, sizeof dir, err);
    if (!text)
        return NULL;
    klar_profession *p = klar_profession_parse(text, path, dir, err);
    free(text);
    return p;
}

void klar_profession_free(klar_profession *p)
{
    free(p);
}

const char *klar_profession_id(const klar_profession *p)
{
    return p->vals.v[K_ID].text;
}

const char *klar_profession_name_nb(const klar_profession *p)
{
    return p->vals.v[K_NAME_NB].text;
}

const char *klar_profession_name_en(const klar_profession *p)
{
    return p->vals.v[K_NAME_EN].text;
}

int klar_profession_base_year(const klar_profession *p)
{
    return (int)p->vals.v[K_BASE_YEAR].num;
}

static int compare_strings(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* "<id>.ini" -> a copy of id, or NULL if the name does not end in .ini. */
static char *id_of_file(const char *name)
{
    size_t n = strlen(name);
    if (n <= 4 || strcmp(name + n - 4, ".ini") != 0 || name[0] == '.')
        return NULL;
    char *id = malloc(n - 3);
    if (id) {
        memcpy(id, name, n - 4);
        id[n - 4] = '\0';
    }
    return id;
}

int klar_profession_list(const char *dir, char ***ids, klar_error *err)
{
    *ids = NULL;
    DIR *d = opendir(dir);
    if (!d) {
        klar_error_set(err, dir, 0, "cannot open the profession directory");
        return -1;
    }
    size_t n = 0, cap = 16;
    char **list = malloc(cap * sizeof *list);
    struct dirent *e;
    while (list && (e = readdir(d)) != NULL) {
        char *id = id_of_file(e->d_name);
        if (!id)
            continue;
        char **nl = klar_array_grow(list, &cap, n + 1, sizeof *list); /* room for the NULL */
        if (!nl) {
            free(id);
            list[n] = NULL;
            klar_profession_list_free(list);
            list = NULL;
            break;
        }
        list = nl;
        list[n++] = id;
    }
    closedir(d);
    if (!list) {
        klar_error_set(err, dir, 0, "out of memory");
        return -1;
    }
    qsort(list, n, sizeof *list, compare_strings);
    list[n] = NULL;
    *ids = list;
    return (int)n;
}

void klar_profession_list_free(char **ids)
{
    if (!ids)
        return;
    for (char **p = ids; *p; p++)
        free(*p);
    free(ids);
}
