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

/* s without surrounding blanks: the start is skipped, the end cut in place. */
static char *trim(char *s)
{
    while (*s == ' ' || *s == '\t')
        s++;
    size_t n = strlen(s);
    while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r'))
        s[--n] = '\0';
    return s;
}

/* Splits a comma-separated list (a copy in buf) into trimmed fields; returns their number,
 * KLAR_CSV_BAD_QUOTE for a malformed quote or KLAR_CSV_TOO_MANY for more than max fields. */
static int split_list(const char *text, char *buf, size_t size, char **fields, int max)
{
    if (snprintf(buf, size, "%s", text) >= (int)size)
        return KLAR_CSV_TOO_MANY;   /* not from libinih, whose lines are shorter */
    int n = klar_csv_split(buf, ',', fields, max);
    for (int i = 0; i < n; i++)
        fields[i] = trim(fields[i]);
    return n;
}

static int bad_quote(const char *text, char *why, size_t whysize)
{
    snprintf(why, whysize, "malformed quoting in '%s'", text);
    return -1;
}

/* ---- distributions -------------------------------------------------------------------------- */

typedef struct dist_form {
    const char *name;
    klar_dist_kind kind;
    int nargs;
    const char *args;
    const char *rule;        /* what the arguments must satisfy */
} dist_form;

static const dist_form forms[] = {
    {"uniform", KLAR_DIST_UNIFORM, 2, "low, high", "low <= high"},
    {"triangular", KLAR_DIST_TRIANGULAR, 3, "low, mode, high", "low <= mode <= high"},
    {"normal", KLAR_DIST_NORMAL, 2, "mean, sd", "sd >= 0"},
    {"lognormal", KLAR_DIST_LOGNORMAL, 2, "median, sdlog", "median > 0 and sdlog >= 0"},
};
#define NFORMS (sizeof forms / sizeof forms[0])

static const dist_form *find_form(const char *name, char *why, size_t whysize)
{
    const char *names[NFORMS];
    char hint[64];
    for (size_t i = 0; i < NFORMS; i++) {
        if (strcmp(forms[i].name, name) == 0)
            return &forms[i];
        names[i] = forms[i].name;
    }
    klar_text_suggest_hint(name, names, NFORMS, hint, sizeof hint);
    snprintf(why, whysize, "unknown distribution '%s'%s; known: uniform(low, high), "
             "triangular(low, mode, high), normal(mean, sd), lognormal(median, sdlog)", name,
             hint);
    return NULL;
}

/* Parses "name(a, b[, c])" (already trimmed) into s. */
static int parse_dist(const char *text, surge_scalar *s, char *why, size_t whysize)
{
    char work[MAX_VALUE], buf[MAX_VALUE];
    size_t len = strlen(text);
    char *open = NULL;
    if (len > 0 && len < sizeof work && text[len - 1] == ')') {
        memcpy(work, text, len + 1);
        open = strchr(work, '(');
    }
    if (!open) {
        snprintf(why, whysize, "expected a distribution such as triangular(low, mode, high) "
                 "after '~', not '%s'", text);
        return -1;
    }
    *open = '\0';
    work[len - 1] = '\0';   /* the closing ')' */
    char *name = trim(work), *args = open + 1;
    if (!name[0]) {
        snprintf(why, whysize, "expected the name of a distribution before '(' in '%s'", text);
        return -1;
    }
    const dist_form *f = find_form(name, why, whysize);
    if (!f)
        return -1;
    double v[3] = {0, 0, 0};
    char *fields[3];
    /* numbers are written without quotes, so a quote is refused rather than split away */
    int n = strchr(args, '"') ? -1 : split_list(args, buf, sizeof buf, fields, 3);
    int ok = n >= 0;
    for (int i = 0; ok && i < n; i++)
        ok = klar_parse_double(fields[i], &v[i]) == 0;
    if (!ok) {
        snprintf(why, whysize, "%s takes %d numbers (%s): '%s'", f->name, f->nargs, f->args,
                 text);
        return -1;
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
    char buf[MAX_VALUE];
    memset(out, 0, sizeof *out);
    if (snprintf(buf, sizeof buf, "%s", text) >= (int)sizeof buf) {
        snprintf(why, whysize, "longer than %d characters", MAX_VALUE - 1);
        return -1;
    }
    char *tilde = strchr(buf, '~');
    if (tilde)
        *tilde = '\0';
    const char *number = trim(buf);
    if (klar_parse_double(number, &out->point) != 0) {
        snprintf(why, whysize, "expected a number%s, not '%s'", tilde ? " before '~'" : "",
                 number);
        return -1;
    }
    return tilde ? parse_dist(trim(tilde + 1), out, why, whysize) : 0;
}

/* ---- ranges --------------------------------------------------------------------------------- */

int surge_dist_check(klar_dist_kind kind, double a, double b, double c, char *why,
                     size_t whysize)
{
    if (!isfinite(a) || !isfinite(b) || !isfinite(c)) {
        snprintf(why, whysize, "distribution parameters must be finite numbers");
        return -1;
    }
    int ok;
    switch (kind) {
    case KLAR_DIST_UNIFORM:
        ok = a <= b;
        break;
    case KLAR_DIST_TRIANGULAR:
        ok = a <= b && b <= c;
        break;
    case KLAR_DIST_NORMAL:
        ok = b >= 0;
        break;
    case KLAR_DIST_LOGNORMAL:
        ok = a > 0 && b >= 0;
        break;
    default:
        snprintf(why, whysize, "unknown distribution kind %d", (int)kind);
        return -1;
    }
    if (ok)
        return 0;
    const dist_form *f = &forms[0];
    while (f->kind != kind)
        f++;
    if (f->nargs == 3)
        snprintf(why, whysize, "%s(%s) needs %s, not %s(%g, %g, %g)", f->name, f->args, f->rule,
                 f->name, a, b, c);
    else
        snprintf(why, whysize, "%s(%s) needs %s, not %s(%g, %g)", f->name, f->args, f->rule,
                 f->name, a, b);
    return -1;
}

int surge_key_in_range(const surge_key *k, double v, char *why, size_t whysize)
{
    if (!isfinite(v)) {
        snprintf(why, whysize, "is not a finite number");
        return -1;
    }
    if (k->open_lo == SK_LO_OPEN) {
        if (v > k->lo && v <= k->hi)
            return 0;
        snprintf(why, whysize, "must be greater than %g and at most %g", k->lo, k->hi);
        return -1;
    }
    if (v >= k->lo && v <= k->hi)
        return 0;
    snprintf(why, whysize, "lies outside %g..%g", k->lo, k->hi);
    return -1;
}

/* 0 if v lies in k's range, else -1 with "<what> <v> lies outside lo..hi" (or the like). */
static int check_range(const surge_key *k, const char *what, double v, char *why,
                       size_t whysize)
{
    char reason[MAX_VALUE];
    if (surge_key_in_range(k, v, reason, sizeof reason) == 0)
        return 0;
    snprintf(why, whysize, "%s %g %s", what, v, reason);
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

int surge_check_scalar(const surge_scalar *s, const surge_key *k, char *why, size_t whysize)
{
    if (check_range(k, "value", s->point, why, whysize) != 0)
        return -1;
    if (!s->uncertain)
        return 0;
    if (surge_dist_check(s->kind, s->a, s->b, s->c, why, whysize) != 0)
        return -1;
    /* the support (or centre) must lie in the valid range, or every draw would be clamped */
    double lo = s->a, hi = s->kind == KLAR_DIST_TRIANGULAR ? s->c : s->b;
    if (s->kind == KLAR_DIST_NORMAL || s->kind == KLAR_DIST_LOGNORMAL)
        hi = lo;
    if (check_range(k, "the distribution's low end (or centre)", lo, why, whysize) != 0 ||
        check_range(k, "the distribution's high end", hi, why, whysize) != 0)
        return -1;
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
    if (check_range(k, "value", (double)v, why, whysize) != 0)
        return -1;
    *out = (int)v;
    return 0;
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
    if (n == KLAR_CSV_BAD_QUOTE)
        return bad_quote(text, why, whysize);
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
        if (check_range(k, what, v[i], why, whysize) != 0)
            return -1;
    }
    for (int g = 0; g < G; g++)
        out[g] = v[n == 1 ? 0 : g];
    return 0;
}

static void unknown_group(const char *label, char *why, size_t whysize)
{
    const char *labels[G];
    char hint[64];
    for (int g = 0; g < G; g++)
        labels[g] = klar_surge_group_label(g);
    klar_text_suggest_hint(label, labels, G, hint, sizeof hint);
    snprintf(why, whysize, "unknown age group '%s'%s; the groups are 0-9, 10-19, 20-29, "
             "30-39, 40-49, 50-59, 60-69, 70-79, 80+", label, hint);
}

int surge_parse_groups(const char *text, int groups[G], int *n, char *why, size_t whysize)
{
    char buf[MAX_VALUE];
    char *f[G + 1];
    int count = split_list(text, buf, sizeof buf, f, G + 1);
    if (count == KLAR_CSV_BAD_QUOTE)
        return bad_quote(text, why, whysize);
    if (count < 0) {
        snprintf(why, whysize, "more than %d age groups", G);
        return -1;
    }
    int seen[G] = {0};
    for (int i = 0; i < count; i++) {
        int g = klar_age_group_parse(f[i]);
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
