/* scenario_values.c - the values of a surge scenario file as written: numbers with an optional
 * distribution ("1.3 ~ triangular(1.1, 1.3, 1.6)"), whole numbers, one or nine values by age
 * group, and lists of age groups. Each parser says why it refused a value; the caller adds
 * file, line and key. */
#include "params_internal.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "klar/csv.h"
#include "klar/text.h"

#define G KLAR_SURGE_GROUPS
#define MAX_VALUE 256   /* longer than any line libinih hands over */

/* Copies the n bytes at s without surrounding blanks into buf; -1 if they do not fit. */
static int trimmed(const char *s, size_t n, char *buf, size_t size)
{
    while (n > 0 && (*s == ' ' || *s == '\t'))
        s++, n--;
    while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r'))
        n--;
    if (n >= size)
        return -1;
    memcpy(buf, s, n);
    buf[n] = '\0';
    return 0;
}

static int parse_number(const char *s, size_t n, double *out)
{
    char buf[64];
    return trimmed(s, n, buf, sizeof buf) == 0 && klar_parse_double(buf, out) == 0 ? 0 : -1;
}

/* ---- distributions -------------------------------------------------------------------------- */

typedef struct dist_form {
    const char *name;
    klar_dist_kind kind;
    int nargs;
    const char *args;
} dist_form;

static const dist_form forms[] = {
    {"uniform", KLAR_DIST_UNIFORM, 2, "low, high"},
    {"triangular", KLAR_DIST_TRIANGULAR, 3, "low, mode, high"},
    {"normal", KLAR_DIST_NORMAL, 2, "mean, sd"},
    {"lognormal", KLAR_DIST_LOGNORMAL, 2, "median, sdlog"},
};
#define NFORMS (sizeof forms / sizeof forms[0])

static const dist_form *find_form(const char *name, char *why, size_t whysize)
{
    const char *names[NFORMS];
    for (size_t i = 0; i < NFORMS; i++) {
        if (strcmp(forms[i].name, name) == 0)
            return &forms[i];
        names[i] = forms[i].name;
    }
    const char *near = klar_text_suggest(name, names, NFORMS);
    snprintf(why, whysize, "unknown distribution '%s'%s%s%s; known: uniform(low, high), "
             "triangular(low, mode, high), normal(mean, sd), lognormal(median, sdlog)", name,
             near ? " (did you mean '" : "", near ? near : "", near ? "'?)" : "");
    return NULL;
}

/* Parses "name(a, b[, c])" (already trimmed) into s. */
static int parse_dist(const char *text, surge_scalar *s, char *why, size_t whysize)
{
    const char *open = strchr(text, '(');
    size_t len = strlen(text);
    char name[32];
    if (!open || len == 0 || text[len - 1] != ')') {
        snprintf(why, whysize, "expected a distribution such as triangular(low, mode, high) "
                 "after '~', not '%s'", text);
        return -1;
    }
    if (trimmed(text, (size_t)(open - text), name, sizeof name) != 0 || !name[0]) {
        snprintf(why, whysize, "expected the name of a distribution before '(' in '%s'", text);
        return -1;
    }
    const dist_form *f = find_form(name, why, whysize);
    if (!f)
        return -1;
    double v[3] = {0, 0, 0};
    int n = 0;
    const char *p = open + 1, *end = text + len - 1;
    for (;;) {
        const char *comma = memchr(p, ',', (size_t)(end - p));
        const char *stop = comma ? comma : end;
        if (n == 3 || parse_number(p, (size_t)(stop - p), &v[n]) != 0) {
            snprintf(why, whysize, "%s takes %d numbers (%s): '%s'", f->name, f->nargs, f->args,
                     text);
            return -1;
        }
        n++;
        if (!comma)
            break;
        p = comma + 1;
    }
    if (n != f->nargs) {
        snprintf(why, whysize, "%s takes %d numbers (%s), not %d", f->name, f->nargs, f->args, n);
        return -1;
    }
    s->uncertain = 1;
    s->kind = f->kind;
    s->a = v[0];
    s->b = v[1];
    s->c = v[2];
    return 0;
}

int surge_parse_scalar(const char *text, surge_scalar *out, char *why, size_t whysize)
{
    memset(out, 0, sizeof *out);
    const char *tilde = strchr(text, '~');
    size_t n = tilde ? (size_t)(tilde - text) : strlen(text);
    if (parse_number(text, n, &out->point) != 0) {
        char shown[MAX_VALUE];
        if (trimmed(text, n, shown, sizeof shown) != 0)
            shown[0] = '\0';
        snprintf(why, whysize, "expected a number%s, not '%s'",
                 tilde ? " before '~'" : "", shown);
        return -1;
    }
    if (!tilde)
        return 0;
    char dist[MAX_VALUE];
    if (trimmed(tilde + 1, strlen(tilde + 1), dist, sizeof dist) != 0) {
        snprintf(why, whysize, "distribution too long");
        return -1;
    }
    return parse_dist(dist, out, why, whysize);
}

/* ---- ranges --------------------------------------------------------------------------------- */

static int in_range(const surge_key *k, double v)
{
    if (k->open_lo == SK_LO_OPEN && v <= k->lo)
        return 0;
    return v >= k->lo && v <= k->hi;
}

static int out_of_range(const surge_key *k, const char *what, double v, char *why,
                        size_t whysize)
{
    if (k->open_lo == SK_LO_OPEN)
        snprintf(why, whysize, "%s %g must be greater than %g and at most %g", what, v, k->lo,
                 k->hi);
    else
        snprintf(why, whysize, "%s %g lies outside %g..%g", what, v, k->lo, k->hi);
    return -1;
}

double surge_draw_lo(const surge_key *k)
{
    return k->open_lo == SK_LO_CLOSED ? k->lo : nextafter(k->lo, k->hi);
}

static int refuse(char *why, size_t whysize, const char *reason)
{
    snprintf(why, whysize, "%s", reason);
    return -1;
}

/* The distribution's own rules (as klar_surge_params_check has them). */
static int check_dist_form(const surge_scalar *s, char *why, size_t whysize)
{
    switch (s->kind) {
    case KLAR_DIST_UNIFORM:
        return s->a <= s->b ? 0 : refuse(why, whysize, "uniform(low, high) needs low <= high");
    case KLAR_DIST_TRIANGULAR:
        return s->a <= s->b && s->b <= s->c
                   ? 0
                   : refuse(why, whysize, "triangular(low, mode, high) needs low <= mode <= high");
    case KLAR_DIST_NORMAL:
        return s->b >= 0 ? 0 : refuse(why, whysize, "normal(mean, sd) needs sd >= 0");
    case KLAR_DIST_LOGNORMAL:
        return s->a > 0 && s->b >= 0
                   ? 0
                   : refuse(why, whysize, "lognormal(median, sdlog) needs median > 0 and "
                            "sdlog >= 0");
    }
    return refuse(why, whysize, "unknown distribution");
}

int surge_check_scalar(const surge_scalar *s, const surge_key *k, char *why, size_t whysize)
{
    if (!in_range(k, s->point))
        return out_of_range(k, "value", s->point, why, whysize);
    if (!s->uncertain)
        return 0;
    if (check_dist_form(s, why, whysize) != 0)
        return -1;
    /* the support (or centre) must lie in the valid range, or every draw would be clamped */
    double lo = s->a, hi = s->kind == KLAR_DIST_TRIANGULAR ? s->c : s->b;
    if (s->kind == KLAR_DIST_NORMAL || s->kind == KLAR_DIST_LOGNORMAL)
        hi = lo;
    if (!in_range(k, lo))
        return out_of_range(k, "the distribution's low end (or centre)", lo, why, whysize);
    if (!in_range(k, hi))
        return out_of_range(k, "the distribution's high end", hi, why, whysize);
    if ((s->kind == KLAR_DIST_UNIFORM || s->kind == KLAR_DIST_TRIANGULAR) &&
        (s->point < lo || s->point > hi)) {
        snprintf(why, whysize, "the value %g lies outside its distribution's %g..%g", s->point,
                 lo, hi);
        return -1;
    }
    return 0;
}

/* ---- whole numbers, age vectors, group lists ------------------------------------------------ */

int surge_parse_int(const char *text, const surge_key *k, int *out, char *why, size_t whysize)
{
    long v;
    if (strchr(text, '~'))
        return refuse(why, whysize, "a whole number cannot be uncertain");
    if (klar_parse_long(text, &v) != 0) {
        snprintf(why, whysize, "expected a whole number, not '%s'", text);
        return -1;
    }
    if (v < k->lo || v > k->hi)
        return out_of_range(k, "value", (double)v, why, whysize);
    *out = (int)v;
    return 0;
}

/* Splits a comma-separated list (a copy in buf) into trimmed fields; returns their number or
 * -1 when there are more than max. */
static int split_list(const char *text, char *buf, size_t size, char **fields, int max)
{
    if (snprintf(buf, size, "%s", text) >= (int)size)
        return -1;
    int n = klar_csv_split(buf, ',', fields, max);
    for (int i = 0; i < n; i++) {
        char *f = fields[i];
        while (*f == ' ' || *f == '\t')
            f++;
        size_t len = strlen(f);
        while (len > 0 && (f[len - 1] == ' ' || f[len - 1] == '\t' || f[len - 1] == '\r'))
            f[--len] = '\0';
        fields[i] = f;
    }
    return n;
}

int surge_parse_ages(const char *text, const surge_key *k, double *out, char *why,
                     size_t whysize)
{
    char buf[MAX_VALUE];
    char *f[G + 1];
    if (strchr(text, '~'))
        return refuse(why, whysize, "values by age cannot be uncertain (use one value, or "
                      "care.hospitalised_scale or care.icu_scale)");
    int n = split_list(text, buf, sizeof buf, f, G + 1);
    if (n != 1 && n != G) {
        char count[32];
        snprintf(count, sizeof count, n < 0 ? "more than %d" : "%d", n < 0 ? G + 1 : n);
        snprintf(why, whysize, "expected 1 value or %d comma-separated values (0-9, 10-19, ..., "
                 "80+), not %s", G, count);
        return -1;
    }
    double v[G];
    for (int i = 0; i < n; i++) {
        char what[40];
        snprintf(what, sizeof what, "value %d (%s)", i + 1,
                 n == 1 ? "all ages" : klar_surge_group_label(i));
        if (klar_parse_double(f[i], &v[i]) != 0) {
            snprintf(why, whysize, "%s must be a number, not '%s'", what, f[i]);
            return -1;
        }
        if (!in_range(k, v[i]))
            return out_of_range(k, what, v[i], why, whysize);
    }
    for (int g = 0; g < G; g++)
        out[g] = v[n == 1 ? 0 : g];
    return 0;
}

static int group_index(const char *label)
{
    for (int g = 0; g < G; g++)
        if (strcmp(klar_surge_group_label(g), label) == 0)
            return g;
    return -1;
}

static void unknown_group(const char *label, char *why, size_t whysize)
{
    const char *labels[G];
    for (int g = 0; g < G; g++)
        labels[g] = klar_surge_group_label(g);
    const char *near = klar_text_suggest(label, labels, G);
    snprintf(why, whysize, "unknown age group '%s'%s%s%s; the groups are 0-9, 10-19, 20-29, "
             "30-39, 40-49, 50-59, 60-69, 70-79, 80+", label, near ? " (did you mean '" : "",
             near ? near : "", near ? "'?)" : "");
}

int surge_parse_groups(const char *text, int groups[G], int *n, char *why, size_t whysize)
{
    char buf[MAX_VALUE];
    char *f[G + 1];
    int count = split_list(text, buf, sizeof buf, f, G + 1);
    if (count < 0) {
        snprintf(why, whysize, "more than %d age groups", G);
        return -1;
    }
    int seen[G] = {0};
    for (int i = 0; i < count; i++) {
        int g = group_index(f[i]);
        if (g < 0) {
            unknown_group(f[i], why, whysize);
            return -1;
        }
        if (seen[g]++) {
            snprintf(why, whysize, "age group %s is listed twice", f[i]);
            return -1;
        }
        groups[i] = g;
    }
    *n = count;
    return 0;
}
