/* chime.c - the CHIME-compatible mode of the surge command (`klar surge --chime FILE`).
 *
 * Reads a settings file in the command-line format of Penn Medicine's CHIME (CodeForPhilly/chime
 * v1.1.5) and projects the hospital, ICU and ventilator census with CHIME's SIR model, doing
 * every sum, product and quotient in the order CHIME's model code does, so that the floored
 * census agrees with CHIME's day by day. What the model is, and where klar departs from CHIME
 * (only where CHIME fails or would read the wall clock), is in docs/chime.md; the golden files
 * in tests/chime/ come from an independent Python implementation. */
#include "klar/chime.h"
#include "klar/date.h"

#include <ctype.h>
#include <math.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "klar/file.h"
#include "klar/text.h"
#include "surge_internal.h"

/* Contraction into fused multiply-adds would change the last bits (GCC's ISO C mode is off). */
#if defined(__clang__)
#pragma STDC FP_CONTRACT OFF
#endif

#define PREFIT_DAYS 300         /* extra days CHIME projects while searching for i_day */
#define GRID 15                 /* points in each doubling-time grid */
#define MIN_STRICTLY_POSITIVE 1e-7  /* CHIME's lower bound for "strictly positive" values */

/* ---- the options ------------------------------------------------------------------------ */

typedef enum {
    O_CURRENT_HOSPITALIZED, O_CURRENT_DATE, O_DATE_FIRST_HOSPITALIZED, O_DOUBLING_TIME,
    O_HOSPITALIZED_DAYS, O_HOSPITALIZED_RATE, O_ICU_DAYS, O_ICU_RATE, O_INFECTIOUS_DAYS,
    O_MARKET_SHARE, O_MAX_Y_AXIS, O_MITIGATION_DATE, O_N_DAYS, O_POPULATION, O_RECOVERED,
    O_RELATIVE_CONTACT_RATE, O_VENTILATED_DAYS, O_VENTILATED_RATE, O_USE_LOG_SCALE,
    O_PARAMETERS, O_COUNT
} option_id;

typedef enum { K_WHOLE, K_REAL, K_DATE, K_FLAG, K_UNSUPPORTED } option_kind;

typedef struct option_spec {
    const char *name;      /* as written after "--", with hyphens */
    option_kind kind;
    int required;          /* CHIME refuses to run without it */
    double lo, hi;         /* accepted values (K_WHOLE, K_REAL) */
    const char *range;     /* the same, for messages */
    size_t offset;         /* of its member of klar_chime_params; NOT_KEPT if it has none */
    int is_int;            /* K_WHOLE, K_REAL: the member is an int (else a double) */
    size_t has_offset;     /* K_DATE: of the int flag set when it is given (the date is a long) */
} option_spec;

/* Where an option is kept in klar_chime_params; each entry of OPTIONS ends with one of these.
 * AT(member, type) is its offset, and fails to compile if the member is not of that type. */
#define NOT_KEPT ((size_t)-1)
#define AT(member, type) \
    (offsetof(klar_chime_params, member) + _Generic(((klar_chime_params *)0)->member, type: 0))
#define AS_NONE NOT_KEPT, 0, 0
#define AS_DOUBLE(member) AT(member, double), 0, 0
#define AS_INT(member) AT(member, int), 1, 0
#define AS_DATE(member, has) AT(member, long), 0, AT(has, int)

static const option_spec OPTIONS[O_COUNT] = {
    [O_CURRENT_HOSPITALIZED] = {"current-hospitalized", K_WHOLE, 1, 0, KLAR_CHIME_MAX_PERSONS,
                                "between 0 and 1e15 (klar's limit)",
                                AS_DOUBLE(current_hospitalized)},
    [O_CURRENT_DATE] = {"current-date", K_DATE, 0, 0, 0, "",
                        AS_DATE(current_date, has_current_date)},
    [O_DATE_FIRST_HOSPITALIZED] = {"date-first-hospitalized", K_DATE, 0, 0, 0, "",
                                   AS_DATE(date_first_hospitalized,
                                           has_date_first_hospitalized)},
    [O_DOUBLING_TIME] = {"doubling-time", K_REAL, 0, MIN_STRICTLY_POSITIVE, HUGE_VAL,
                         "greater than 0", AS_DOUBLE(doubling_time)},
    [O_HOSPITALIZED_DAYS] = {"hospitalized-days", K_WHOLE, 1, 1, KLAR_CHIME_MAX_DAYS,
                             "between 1 and 3650 (klar's limit)", AS_INT(hospitalized_days)},
    [O_HOSPITALIZED_RATE] = {"hospitalized-rate", K_REAL, 1, 0.00001, 1,
                             "between 0.00001 and 1", AS_DOUBLE(hospitalized_rate)},
    [O_ICU_DAYS] = {"icu-days", K_WHOLE, 1, 1, KLAR_CHIME_MAX_DAYS,
                    "between 1 and 3650 (klar's limit)", AS_INT(icu_days)},
    [O_ICU_RATE] = {"icu-rate", K_REAL, 1, 0, 1, "between 0 and 1", AS_DOUBLE(icu_rate)},
    [O_INFECTIOUS_DAYS] = {"infectious-days", K_WHOLE, 1, 1, KLAR_CHIME_MAX_DAYS,
                           "between 1 and 3650 (klar's limit)", AS_INT(infectious_days)},
    [O_MARKET_SHARE] = {"market-share", K_REAL, 1, 0.00001, 1, "between 0.00001 and 1",
                        AS_DOUBLE(market_share)},
    /* only scales CHIME's charts */
    [O_MAX_Y_AXIS] = {"max-y-axis", K_WHOLE, 0, 1, KLAR_CHIME_MAX_PERSONS,
                      "between 1 and 1e15 (klar's limit)", AS_NONE},
    [O_MITIGATION_DATE] = {"mitigation-date", K_DATE, 0, 0, 0, "",
                           AS_DATE(mitigation_date, has_mitigation_date)},
    [O_N_DAYS] = {"n-days", K_WHOLE, 1, 1, KLAR_CHIME_MAX_DAYS,
                  "between 1 and 3650 (klar's limit)", AS_INT(n_days)},
    [O_POPULATION] = {"population", K_WHOLE, 1, 1, KLAR_CHIME_MAX_PERSONS,
                      "between 1 and 1e15 (klar's limit)", AS_DOUBLE(population)},
    [O_RECOVERED] = {"recovered", K_WHOLE, 1, 0, KLAR_CHIME_MAX_PERSONS,
                     "between 0 and 1e15 (klar's limit)", AS_DOUBLE(recovered)},
    [O_RELATIVE_CONTACT_RATE] = {"relative-contact-rate", K_REAL, 1, 0, 1, "between 0 and 1",
                                 AS_DOUBLE(relative_contact_rate)},
    [O_VENTILATED_DAYS] = {"ventilated-days", K_WHOLE, 1, 1, KLAR_CHIME_MAX_DAYS,
                           "between 1 and 3650 (klar's limit)", AS_INT(ventilated_days)},
    [O_VENTILATED_RATE] = {"ventilated-rate", K_REAL, 1, 0, 1, "between 0 and 1",
                           AS_DOUBLE(ventilated_rate)},
    [O_USE_LOG_SCALE] = {"use-log-scale", K_FLAG, 0, 0, 0, "", AS_NONE},
    [O_PARAMETERS] = {"parameters", K_UNSUPPORTED, 0, 0, 0, "", AS_NONE},
};

void klar_chime_defaults(klar_chime_params *p)
{
    memset(p, 0, sizeof *p);
    p->population = 3600000;
    p->current_hospitalized = 69;
    p->recovered = 0;
    p->doubling_time = 5.0;
    p->relative_contact_rate = 0.45;
    p->market_share = 0.15;
    p->hospitalized_rate = 0.025;
    p->icu_rate = 0.0075;
    p->ventilated_rate = 0.005;
    p->hospitalized_days = 7;
    p->icu_days = 9;
    p->ventilated_days = 10;
    p->infectious_days = 10;
    p->n_days = 30;
}

/* The value of a numeric option in p (1 for one that is not kept). */
static double option_value(const klar_chime_params *p, option_id id)
{
    const option_spec *o = &OPTIONS[id];
    if (o->offset == NOT_KEPT || (o->kind != K_WHOLE && o->kind != K_REAL))
        return 1;
    const char *at = (const char *)p + o->offset;
    return o->is_int ? *(const int *)at : *(const double *)at;
}

/* Stores an in-range numeric value (or a date, in days) of option id into p. */
static void option_store(klar_chime_params *p, option_id id, double v, long date)
{
    const option_spec *o = &OPTIONS[id];
    if (o->offset == NOT_KEPT)
        return;
    char *at = (char *)p + o->offset;
    if (o->kind == K_DATE) {
        *(long *)at = date;
        *(int *)((char *)p + o->has_offset) = 1;
    } else if (o->is_int) {
        *(int *)at = (int)v;
    } else {
        *(double *)at = v;
    }
}

/* ---- dates ------------------------------------------------------------------------------- */

/* Reads 1..max digits at *s into *v, advancing *s; the number of digits read, 0 if none. */
static int read_digits(const char **s, int max, long *v)
{
    int n = 0;
    *v = 0;
    while (n < max && isdigit((unsigned char)**s)) {
        *v = *v * 10 + (**s - '0');
        (*s)++;
        n++;
    }
    return n;
}

int klar_chime_parse_date(const char *s, long *days)
{
    long y, m, d;
    if (read_digits(&s, 4, &y) != 4 || *s++ != '-' || read_digits(&s, 2, &m) == 0 ||
        *s++ != '-' || read_digits(&s, 2, &d) == 0 || *s != '\0')
        return -1;
    if (y < 1 || m < 1 || m > 12 || d < 1 || d > klar_days_in_month(y, (int)m))
        return -1;
    *days = (long)klar_days_from_civil(y, (int)m, (int)d);
    return 0;
}

#define FIRST_DAY (-719162L)   /* 0001-01-01 */
#define LAST_DAY 2932896L      /* 9999-12-31 */

/* ---- checking a whole parameter set ------------------------------------------------------ */

/* A failed check: the reason, and the option to blame (O_COUNT for the file as a whole). */
typedef struct check_failure {
    option_id culprit;
    char reason[400];
} check_failure;

static int fail(check_failure *f, option_id culprit, const char *reason)
{
    f->culprit = culprit;
    snprintf(f->reason, sizeof f->reason, "%s", reason);
    return -1;
}

/* Range of one numeric option, including that whole-number options are whole. */
static int check_range(const klar_chime_params *p, option_id id, check_failure *f)
{
    const option_spec *o = &OPTIONS[id];
    double v = option_value(p, id);
    if (id == O_DOUBLING_TIME && v == 0)
        return 0;   /* not given */
    if (!(v >= o->lo && v <= o->hi) || (o->kind == K_WHOLE && v != floor(v))) {
        f->culprit = id;
        snprintf(f->reason, sizeof f->reason, "--%s must be %s%s, not %.17g", o->name, o->range,
                 o->kind == K_WHOLE ? " and whole" : "", v);
        return -1;
    }
    return 0;
}

static int check_dates(const klar_chime_params *p, check_failure *f)
{
    const struct { int has; long day; option_id id; } dates[] = {
        {p->has_current_date, p->current_date, O_CURRENT_DATE},
        {p->has_mitigation_date, p->mitigation_date, O_MITIGATION_DATE},
        {p->has_date_first_hospitalized, p->date_first_hospitalized, O_DATE_FIRST_HOSPITALIZED},
    };
    for (size_t k = 0; k < sizeof dates / sizeof dates[0]; k++)
        if (dates[k].has && (dates[k].day < FIRST_DAY || dates[k].day > LAST_DAY))
            return fail(f, dates[k].id, "date outside the years 1 to 9999");
    if (p->has_mitigation_date && !p->has_current_date)
        return fail(f, O_MITIGATION_DATE, "--mitigation-date needs --current-date (CHIME would "
                                          "count from the day it is run)");
    if (p->has_mitigation_date && p->mitigation_date - p->current_date > p->n_days) {
        snprintf(f->reason, sizeof f->reason, "--mitigation-date is %ld days after --current-date,"
                 " more than --n-days (%d): CHIME cannot project that",
                 p->mitigation_date - p->current_date, p->n_days);
        f->culprit = O_MITIGATION_DATE;
        return -1;
    }
    return 0;
}

/* Doubling time or date of the first admission, exactly one, with what each needs. */
static int check_mode(const klar_chime_params *p, check_failure *f)
{
    int by_date = p->has_date_first_hospitalized;
    if (p->doubling_time != 0 && by_date)
        return fail(f, O_DATE_FIRST_HOSPITALIZED, "give --doubling-time or "
                    "--date-first-hospitalized, not both (CHIME refuses both)");
    if (p->doubling_time == 0 && !by_date)
        return fail(f, O_COUNT, "missing --doubling-time (or --date-first-hospitalized)");
    if (!by_date)
        return 0;
    if (!p->has_current_date)
        return fail(f, O_DATE_FIRST_HOSPITALIZED, "--date-first-hospitalized needs "
                    "--current-date (CHIME would count from the day it is run)");
    if (p->date_first_hospitalized > p->current_date)
        return fail(f, O_DATE_FIRST_HOSPITALIZED, "--date-first-hospitalized is after "
                    "--current-date");
    if (p->current_date - p->date_first_hospitalized > KLAR_CHIME_MAX_DAYS)
        return fail(f, O_DATE_FIRST_HOSPITALIZED, "--date-first-hospitalized is more than 3650 "
                    "days before --current-date (klar's limit)");
    return 0;
}

/* The epidemic must start with people left to infect. */
static int check_population(const klar_chime_params *p, check_failure *f)
{
    double infected = 1.0 / p->market_share / p->hospitalized_rate;
    if (p->population - infected > 0)
        return 0;
    f->culprit = O_POPULATION;
    snprintf(f->reason, sizeof f->reason, "--population %.17g is not above the %.17g infected "
             "that CHIME starts from (1 / market share / hospitalized rate)", p->population,
             infected);
    return -1;
}

static int check_params(const klar_chime_params *p, check_failure *f)
{
    for (int id = 0; id < O_COUNT; id++)
        if ((OPTIONS[id].kind == K_WHOLE || OPTIONS[id].kind == K_REAL) && id != O_MAX_Y_AXIS &&
            check_range(p, (option_id)id, f) != 0)
            return -1;
    if (check_dates(p, f) != 0 || check_mode(p, f) != 0 || check_population(p, f) != 0)
        return -1;
    return 0;
}

int klar_chime_check(const klar_chime_params *p, klar_error *err)
{
    check_failure f;
    if (check_params(p, &f) == 0)
        return 0;
    klar_error_set(err, NULL, 0, "%s", f.reason);
    return -1;
}

/* ---- reading a settings file ------------------------------------------------------------- */

typedef struct span {
    const char *s;
    size_t n;
} span;

typedef struct parse_state {
    const char *name;
    klar_error *err;
    klar_chime_params *p;
    long line;
    long given[O_COUNT];   /* line of the last occurrence of each option, 0 = not given */
} parse_state;

/* A printable, shortened copy of n bytes for a message. */
static const char *shown(span t, char *buf, size_t size)
{
    size_t max = size - 4, k;
    for (k = 0; k < t.n && k < max; k++)
        buf[k] = t.s[k] >= 0x20 && t.s[k] < 0x7f ? t.s[k] : '?';
    if (k < t.n)
        memcpy(buf + k, "...", 3), k += 3;
    buf[k] = '\0';
    return buf;
}

static int is_blank(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f';
}

/* The next word of a line from *pos; 0 at the end of the line or at a # comment. */
static int next_word(span line, size_t *pos, span *word)
{
    while (*pos < line.n && is_blank(line.s[*pos]))
        (*pos)++;
    if (*pos >= line.n || line.s[*pos] == '#')
        return 0;
    size_t start = *pos;
    while (*pos < line.n && !is_blank(line.s[*pos]) && line.s[*pos] != '#')
        (*pos)++;
    word->s = line.s + start;
    word->n = *pos - start;
    return 1;
}

/* The option that name (hyphens) stands for: exact, or an unambiguous prefix as CHIME's
 * argparse allows. O_COUNT if none; *ambiguous set when more than one option begins so. */
static option_id find_option(const char *name, int *ambiguous)
{
    size_t n = strlen(name);
    int found = O_COUNT, count = 0;
    *ambiguous = 0;
    for (int id = 0; id < O_COUNT; id++) {
        if (strcmp(OPTIONS[id].name, name) == 0)
            return (option_id)id;
        if (n > 0 && strncmp(OPTIONS[id].name, name, n) == 0) {
            found = id;
            count++;
        }
    }
    *ambiguous = count > 1;
    return count == 1 ? (option_id)found : O_COUNT;
}

static int parse_error(parse_state *st, const char *reason)
{
    klar_error_set(st->err, st->name, st->line, "%s", reason);
    return -1;
}

static int unknown_option(parse_state *st, const char *name, int ambiguous)
{
    const char *names[O_COUNT];
    for (int id = 0; id < O_COUNT; id++)
        names[id] = OPTIONS[id].name;
    char msg[400], buf[64];
    span s = {name, strlen(name)};
    if (ambiguous) {
        snprintf(msg, sizeof msg, "ambiguous option --%s (it begins more than one of CHIME's "
                 "options; write it out)", shown(s, buf, sizeof buf));
        return parse_error(st, msg);
    }
    const char *near = klar_text_suggest(name, names, O_COUNT);
    if (near)
        snprintf(msg, sizeof msg, "unknown option --%s (did you mean --%s?)",
                 shown(s, buf, sizeof buf), near);
    else
        snprintf(msg, sizeof msg, "unknown option --%s (see docs/chime.md for the options)",
                 shown(s, buf, sizeof buf));
    return parse_error(st, msg);
}

/* A whole number as CHIME's int() takes it: optional sign and digits. */
static int parse_whole(span v, double *out)
{
    size_t k = 0;
    int neg = 0;
    if (k < v.n && (v.s[k] == '+' || v.s[k] == '-'))
        neg = v.s[k++] == '-';
    if (k == v.n)
        return -1;
    double x = 0;
    for (; k < v.n; k++) {
        if (!isdigit((unsigned char)v.s[k]))
            return -1;
        x = x < 1e18 ? x * 10 + (v.s[k] - '0') : x;   /* beyond every range: stays out */
    }
    *out = neg ? -x : x;
    return 0;
}

/* A finite decimal number such as 0.15, 4, 1e-5, .5 (no hexadecimal, no inf or nan). */
static int parse_real(span v, double *out)
{
    char buf[64];
    if (v.n == 0 || v.n >= sizeof buf)
        return -1;
    for (size_t k = 0; k < v.n; k++)
        if (!isdigit((unsigned char)v.s[k]) && (v.s[k] == '\0' || !strchr("+-.eE", v.s[k])))
            return -1;
    memcpy(buf, v.s, v.n);
    buf[v.n] = '\0';
    char *end;
    double x = strtod(buf, &end);
    if (end != buf + v.n || !isfinite(x))
        return -1;
    *out = x;
    return 0;
}

/* Converts the value of option id and stores it in st->p. */
static int take_value(parse_state *st, option_id id, span v)
{
    const option_spec *o = &OPTIONS[id];
    char msg[400], buf[48], date[16];
    double x = 0;
    long day = 0;
    if (o->kind == K_DATE) {
        int ok = v.n < sizeof date;
        if (ok) {
            memcpy(date, v.s, v.n);
            date[v.n] = '\0';
            ok = klar_chime_parse_date(date, &day) == 0;
        }
        if (!ok) {
            snprintf(msg, sizeof msg, "--%s: '%s' is not a date YYYY-MM-DD", o->name,
                     shown(v, buf, sizeof buf));
            return parse_error(st, msg);
        }
    } else if ((o->kind == K_WHOLE ? parse_whole(v, &x) : parse_real(v, &x)) != 0) {
        snprintf(msg, sizeof msg, "--%s: '%s' is not %s", o->name, shown(v, buf, sizeof buf),
                 o->kind == K_WHOLE ? "a whole number" : "a number");
        return parse_error(st, msg);
    } else if (!(x >= o->lo && x <= o->hi)) {
        snprintf(msg, sizeof msg, "--%s must be %s, not %s", o->name, o->range,
                 shown(v, buf, sizeof buf));
        return parse_error(st, msg);
    }
    option_store(st->p, id, x, day);
    st->given[id] = st->line;
    return 0;
}

/* One option word (and its value, the next word unless written --name=value). */
static int parse_option(parse_state *st, span line, size_t *pos, span word)
{
    char msg[400], buf[48], name[64];
    if (word.n < 3 || word.s[0] != '-' || word.s[1] != '-') {
        snprintf(msg, sizeof msg, "expected an option such as --population, found '%s'",
                 shown(word, buf, sizeof buf));
        return parse_error(st, msg);
    }
    span key = {word.s + 2, word.n - 2};
    const char *eq = memchr(key.s, '=', key.n);
    if (eq)
        key.n = (size_t)(eq - key.s);
    if (key.n == 0 || key.n >= sizeof name)
        return unknown_option(st, shown(key, buf, sizeof buf), 0);
    for (size_t k = 0; k < key.n; k++)
        name[k] = key.s[k] == '_' ? '-' : key.s[k];
    name[key.n] = '\0';
    if (memchr(name, '\0', key.n))
        return unknown_option(st, shown(key, buf, sizeof buf), 0);
    int ambiguous;
    option_id id = find_option(name, &ambiguous);
    if (id == O_COUNT)
        return unknown_option(st, name, ambiguous);
    const option_spec *o = &OPTIONS[id];
    if (o->kind == K_UNSUPPORTED) {
        snprintf(msg, sizeof msg, "--%s (another settings file) is not supported: give the "
                 "options in this file", o->name);
        return parse_error(st, msg);
    }
    if (o->kind == K_FLAG) {
        if (eq) {
            snprintf(msg, sizeof msg, "--%s takes no value", o->name);
            return parse_error(st, msg);
        }
        st->given[id] = st->line;   /* chart option: nothing to compute */
        return 0;
    }
    span value = {eq ? eq + 1 : NULL, eq ? (size_t)(word.s + word.n - (eq + 1)) : 0};
    if (!eq && (!next_word(line, pos, &value) ||
                (value.n >= 2 && value.s[0] == '-' && value.s[1] == '-')))
        value.n = 0;
    if (value.n == 0) {
        snprintf(msg, sizeof msg, "--%s needs a value on the same line", o->name);
        return parse_error(st, msg);
    }
    return take_value(st, id, value);
}

static int parse_line(parse_state *st, span line)
{
    size_t pos = 0;
    span word;
    while (next_word(line, &pos, &word))
        if (parse_option(st, line, &pos, word) != 0)
            return -1;
    return 0;
}

/* After the last line: every required option given, and the set as a whole usable. */
static int parse_finish(parse_state *st)
{
    char msg[600];
    size_t used = 0;
    for (int id = 0; id < O_COUNT && used < sizeof msg; id++)
        if (OPTIONS[id].required && !st->given[id])
            used += (size_t)snprintf(msg + used, sizeof msg - used, "%s --%s",
                                     used ? "," : "missing required option(s)", OPTIONS[id].name);
    if (used && used < sizeof msg && !st->given[O_DOUBLING_TIME] &&
        !st->given[O_DATE_FIRST_HOSPITALIZED])
        snprintf(msg + used, sizeof msg - used, ", --doubling-time (or --date-first-hospitalized)");
    if (used)
        return parse_error(st, msg);
    if (!st->given[O_DOUBLING_TIME])
        st->p->doubling_time = 0;
    check_failure f;
    if (check_params(st->p, &f) == 0)
        return 0;
    if (f.culprit != O_COUNT && st->given[f.culprit])
        st->line = st->given[f.culprit];
    return parse_error(st, f.reason);
}

int klar_chime_parse(const char *text, size_t len, const char *name, klar_chime_params *p,
                     klar_error *err)
{
    parse_state st = {name ? name : "settings", err, p, 0, {0}};
    klar_chime_defaults(p);
    size_t start = 0;
    while (start < len) {
        const char *nl = memchr(text + start, '\n', len - start);
        size_t end = nl ? (size_t)(nl - text) : len;
        st.line++;
        span line = {text + start, end - start};
        if (parse_line(&st, line) != 0)
            return -1;
        start = end + 1;
    }
    if (st.line == 0)
        st.line = 1;
    return parse_finish(&st);
}

int klar_chime_load(const char *path, klar_chime_params *p, klar_error *err)
{
    size_t len;
    char *text = klar_file_read(path, KLAR_CHIME_MAX_FILE, &len, err);
    if (!text)
        return -1;
    int rc = klar_chime_parse(text, len, path, p, err);
    free(text);
    return rc;
}

/* ---- the model ----------------------------------------------------------------------------- */

enum { HOSPITALIZED, ICU, VENTILATED, KINDS };

typedef struct model {
    double s0, i0, r0;        /* compartments on the first day of every projection */
    double gamma;             /* recovery rate, 1 / infectious days */
    double share;             /* market share */
    double rate[KINDS];       /* share of the infected that needs each kind of bed */
    int stay[KINDS];          /* length of stay, days */
    double current;           /* census to match on day 0 */
    double reduction;         /* relative contact rate */
    int n_days;
    long mitigation_day;      /* relative to the current day, before clamping */
} model;

/* Room for the longest projection: compartments, running admissions and census. */
typedef struct workspace {
    double *s, *i, *r, *running, *census;
} workspace;

static void model_init(model *m, const klar_chime_params *p)
{
    m->i0 = 1.0 / p->market_share / p->hospitalized_rate;
    m->s0 = p->population - m->i0;
    m->r0 = p->recovered;
    m->gamma = 1.0 / p->infectious_days;
    m->share = p->market_share;
    m->rate[HOSPITALIZED] = p->hospitalized_rate;
    m->rate[ICU] = p->icu_rate;
    m->rate[VENTILATED] = p->ventilated_rate;
    m->stay[HOSPITALIZED] = p->hospitalized_days;
    m->stay[ICU] = p->icu_days;
    m->stay[VENTILATED] = p->ventilated_days;
    m->current = p->current_hospitalized;
    m->reduction = p->relative_contact_rate;
    m->n_days = p->n_days;
    m->mitigation_day = p->has_mitigation_date ? p->mitigation_date - p->current_date : 0;
}

/* Contact rates before and after mitigation for a doubling time (CHIME's get_beta). */
static void contact_rates(const model *m, double doubling_time, double *beta, double *beta_t)
{
    double growth = pow(2.0, 1.0 / doubling_time) - 1.0;
    *beta = (growth + m->gamma) / m->s0 * (1.0 - 0.0);
    *beta_t = (growth + m->gamma) / m->s0 * (1.0 - m->reduction);
}

/* Days with beta and with beta_t for a run from day -i_day lasting i_day + days_after days. */
static void phases(const model *m, int i_day, int days_after, int *before, int *after)
{
    long switch_day = m->mitigation_day < -i_day ? -i_day : m->mitigation_day;
    *before = i_day + (int)switch_day;
    *after = i_day + days_after - *before;
}

/* One day of the SIR model, scaled back to the total n, in CHIME's order of operations. */
static void sir_day(double *s, double *i, double *r, double beta, double gamma, double n)
{
    double s1 = -beta * *s * *i + *s;
    double i1 = (beta * *s * *i - gamma * *i) + *i;
    double r1 = gamma * *i + *r;
    double scale = n / (s1 + i1 + r1);
    *s = s1 * scale;
    *i = i1 * scale;
    *r = r1 * scale;
}

/* Fills s, i, r with before + after + 1 days: before days with beta, then beta_t. */
static void simulate(const model *m, double beta, int before, double beta_t, int after,
                     double *s, double *i, double *r)
{
    double S = m->s0, I = m->i0, R = m->r0;
    double n = S + I + R;
    int days = before + after;
    s[0] = S, i[0] = I, r[0] = R;
    for (int d = 0; d < days; d++) {
        sir_day(&S, &I, &R, d < before ? beta : beta_t, m->gamma, n);
        s[d + 1] = S, i[d + 1] = I, r[d + 1] = R;
    }
}

/* Census of one kind of bed over rows days: admissions are the daily growth of
 * (I + R) * rate * share, census(k) = A(k) - A(k - stay) with A the running sum of admissions
 * from day 1 (A = 0 before). admits may be NULL; running is workspace. */
static void census_of(const double *i, const double *r, size_t rows, double rate, double share,
                      int stay, double *admits, double *running, double *census)
{
    double ever_prev = (i[0] + r[0]) * rate * share;
    running[0] = 0.0;
    census[0] = 0.0;
    if (admits)
        admits[0] = NAN;
    for (size_t k = 1; k < rows; k++) {
        double ever = (i[k] + r[k]) * rate * share;
        double a = ever - ever_prev;
        ever_prev = ever;
        running[k] = k == 1 ? a : running[k - 1] + a;
        census[k] = running[k] - (k > (size_t)stay ? running[k - (size_t)stay] : 0.0);
        if (admits)
            admits[k] = a;
    }
}

/* Hospital census of a run from day -i_day over days_after more days, into w->census. */
static size_t hospital_run(const model *m, workspace *w, double beta, double beta_t, int i_day,
                           int days_after)
{
    int before, after;
    phases(m, i_day, days_after, &before, &after);
    size_t rows = (size_t)before + (size_t)after + 1;
    simulate(m, beta, before, beta_t, after, w->s, w->i, w->r);
    census_of(w->i, w->r, rows, m->rate[HOSPITALIZED], m->share, m->stay[HOSPITALIZED], NULL,
              w->running, w->census);
    return rows;
}

/* Index of the first largest value, or of the first NaN (numpy's argmax). */
static size_t first_max(const double *x, size_t n)
{
    size_t best = 0;
    for (size_t k = 0; k < n; k++) {
        if (isnan(x[k]))
            return k;
        if (x[k] > x[best])
            best = k;
    }
    return best;
}

/* CHIME's search for i_day: each candidate runs n_days + 300 days past day 0; candidates whose
 * census peaks before day 0 are skipped; the first with the least squared error wins. This is
 * CHIME's own way, every candidate projected from scratch (kept as the reference of
 * search_i_day's shared work; surge_chime_exhaustive selects it). */
static int search_i_day_exhaustive(const model *m, workspace *w, double beta, double beta_t)
{
    int best = -1;
    double best_loss = INFINITY;
    for (int d = 0; d < m->n_days + PREFIT_DAYS; d++) {
        size_t rows = hospital_run(m, w, beta, beta_t, d, m->n_days + PREFIT_DAYS);
        if (first_max(w->census, rows) < (size_t)d)
            continue;
        double loss = pow(w->census[d] - m->current, 2.0);
        if (loss < best_loss) {
            best_loss = loss;
            best = d;
        }
    }
    return best;
}

int surge_chime_exhaustive = 0;

typedef struct candidate {
    int day;
    double loss;
} candidate;

static int by_loss_then_day(const void *a, const void *b)
{
    const candidate *x = a, *y = b;
    if (x->loss != y->loss)
        return x->loss < y->loss ? -1 : 1;
    return (x->day > y->day) - (x->day < y->day);
}

/* The same search with the work its candidates share done once. Candidate d runs d days with
 * beta before day 0 and switches to beta_t on the mitigation day; when that day is not before
 * day 0 (or beta_t is beta), its census on day 0 is the census on day d of one run with beta
 * throughout, to the last bit (the same steps in the same order). So every candidate's loss
 * comes from that one run, and only the candidates with the least losses are projected in
 * full to see whether their census peaks before day 0, in order of loss, then day, until one
 * does not: the candidate CHIME's loop picks. */
static int search_i_day(const model *m, workspace *w, double beta, double beta_t)
{
    int n = m->n_days + PREFIT_DAYS;
    if (surge_chime_exhaustive || (m->mitigation_day < 0 && beta_t != beta))
        return search_i_day_exhaustive(m, w, beta, beta_t);
    candidate *c = malloc((size_t)n * sizeof *c);
    if (!c)
        return search_i_day_exhaustive(m, w, beta, beta_t);
    simulate(m, beta, n, beta, 0, w->s, w->i, w->r);
    census_of(w->i, w->r, (size_t)n + 1, m->rate[HOSPITALIZED], m->share, m->stay[HOSPITALIZED],
              NULL, w->running, w->census);
    int k = 0;
    for (int d = 0; d < n; d++) {
        double loss = pow(w->census[d] - m->current, 2.0);
        if (loss < INFINITY)                 /* as `loss < best_loss` from INFINITY: no NaN */
            c[k++] = (candidate){d, loss};
    }
    qsort(c, (size_t)k, sizeof *c, by_loss_then_day);
    int best = -1;
    for (int j = 0; j < k && best < 0; j++) {
        size_t rows = hospital_run(m, w, beta, beta_t, c[j].day, n);
        if (first_max(w->census, rows) >= (size_t)c[j].day)
            best = c[j].day;
    }
    free(c);
    return best;
}

/* GRID evenly spaced values from lo to hi, hi exact, computed as numpy.linspace does. */
static void grid(double lo, double hi, double *t)
{
    double delta = hi - lo, step = delta / (GRID - 1);
    for (int k = 0; k < GRID - 1; k++)
        t[k] = step == 0 ? (double)k / (GRID - 1) * delta + lo : (double)k * step + lo;
    t[GRID - 1] = hi;
}

/* Index of the doubling time in t whose census on day 0 is nearest the current one (first of
 * equals, NaN ignored as pandas does), or -1. */
static int best_doubling_time(const model *m, workspace *w, int i_day, const double *t)
{
    int best = -1;
    double best_loss = 0;
    for (int k = 0; k < GRID; k++) {
        double beta, beta_t;
        contact_rates(m, t[k], &beta, &beta_t);
        hospital_run(m, w, beta, beta_t, i_day, 0);     /* day 0 is all it needs */
        double loss = pow(m->current - w->census[i_day], 2.0);
        if (!isnan(loss) && (best < 0 || loss < best_loss)) {
            best_loss = loss;
            best = k;
        }
    }
    return best;
}

/* CHIME's fit of the doubling time to the census on day 0, given i_day: a grid of 1..15 days,
 * then four finer grids between the neighbours of the best point. 0, or -1 with err. */
static int fit_doubling_time(const model *m, workspace *w, int i_day, double *doubling_time,
                             klar_error *err)
{
    double t[GRID];
    grid(1, 15, t);
    int k = best_doubling_time(m, w, i_day, t);
    if (k < 0 || k >= GRID - 1) {
        klar_error_set(err, NULL, 0, "no doubling time of less than 15 days fits the census on "
                       "--current-date (CHIME gives up here too)");
        return -1;
    }
    for (int round = 0; round < 4; round++) {
        if (k + 1 >= GRID) {
            klar_error_set(err, NULL, 0, "the doubling-time fit runs off the edge of its refined "
                           "grid at %.6g days, where CHIME stops with an error too", t[k]);
            return -1;
        }
        grid(t[k == 0 ? GRID - 1 : k - 1], t[k + 1], t);   /* -1 wraps around, as in CHIME */
        k = best_doubling_time(m, w, i_day, t);
        if (k < 0) {
            klar_error_set(err, NULL, 0, "the doubling-time fit failed (no finite census)");
            return -1;
        }
    }
    *doubling_time = t[k];
    return 0;
}

static void workspace_free(workspace *w)
{
    free(w->s);
    memset(w, 0, sizeof *w);
}

static int workspace_alloc(workspace *w, size_t rows)
{
    w->s = malloc(5 * rows * sizeof(double));
    if (!w->s)
        return -1;
    w->i = w->s + rows;
    w->r = w->i + rows;
    w->running = w->r + rows;
    w->census = w->running + rows;
    return 0;
}

static int result_alloc(klar_chime_result *r, size_t n)
{
    r->day = malloc(n * sizeof *r->day);
    double *v = malloc(9 * n * sizeof *v);
    if (!r->day || !v) {
        free(r->day);
        free(v);
        r->day = NULL;
        return -1;
    }
    double **arrays[9] = {&r->census_hospitalized, &r->census_icu, &r->census_ventilated,
                          &r->admits_hospitalized, &r->admits_icu, &r->admits_ventilated,
                          &r->susceptible, &r->infected, &r->recovered};
    for (int k = 0; k < 9; k++)
        *arrays[k] = v + (size_t)k * n;
    r->n = n;
    return 0;
}

/* The final projection from day -i_day to n_days, with every output column, into r. */
static int final_run(const model *m, workspace *w, klar_chime_result *r, klar_error *err)
{
    int before, after;
    phases(m, r->i_day, m->n_days, &before, &after);
    size_t n = (size_t)before + (size_t)after + 1;
    if (result_alloc(r, n) != 0) {
        klar_error_set(err, NULL, 0, "out of memory");
        return -1;
    }
    r->mitigation_day = before - r->i_day;
    simulate(m, r->beta, before, r->beta_t, after, r->susceptible, r->infected, r->recovered);
    double *census[KINDS] = {r->census_hospitalized, r->census_icu, r->census_ventilated};
    double *admits[KINDS] = {r->admits_hospitalized, r->admits_icu, r->admits_ventilated};
    for (int k = 0; k < KINDS; k++)
        census_of(r->infected, r->recovered, n, m->rate[k], m->share, m->stay[k], admits[k],
                  w->running, census[k]);
    for (size_t d = 0; d < n; d++)
        r->day[d] = (int)d - r->i_day;
    return 0;
}

/* i_day and the doubling time, by whichever of CHIME's two ways p asks for. */
static int estimate(const klar_chime_params *p, const model *m, workspace *w,
                    klar_chime_result *r, klar_error *err)
{
    if (p->has_date_first_hospitalized) {
        r->i_day = (int)(p->current_date - p->date_first_hospitalized);
        if (fit_doubling_time(m, w, r->i_day, &r->doubling_time, err) != 0)
            return -1;
        contact_rates(m, r->doubling_time, &r->beta, &r->beta_t);
        return 0;
    }
    r->doubling_time = p->doubling_time;
    contact_rates(m, r->doubling_time, &r->beta, &r->beta_t);
    r->i_day = search_i_day(m, w, r->beta, r->beta_t);
    if (r->i_day < 0) {
        klar_error_set(err, NULL, 0, "no first-admission day fits the census on the current day");
        return -1;
    }
    return 0;
}

int klar_chime_run(const klar_chime_params *p, klar_chime_result *r, klar_error *err)
{
    memset(r, 0, sizeof *r);
    if (klar_chime_check(p, err) != 0)
        return -1;
    model m;
    model_init(&m, p);
    /* longest run: the i_day search, or the fit with i_day up to KLAR_CHIME_MAX_DAYS */
    size_t rows = 2 * (size_t)(p->n_days + PREFIT_DAYS) + 1;
    if (rows < (size_t)KLAR_CHIME_MAX_DAYS + (size_t)p->n_days + 1)
        rows = (size_t)KLAR_CHIME_MAX_DAYS + (size_t)p->n_days + 1;
    workspace w;
    if (workspace_alloc(&w, rows) != 0) {
        klar_error_set(err, NULL, 0, "out of memory");
        return -1;
    }
    int rc = estimate(p, &m, &w, r, err);
    if (rc == 0)
        rc = final_run(&m, &w, r, err);
    workspace_free(&w);
    if (rc != 0)
        klar_chime_result_free(r);
    return rc;
}

void klar_chime_result_free(klar_chime_result *r)
{
    if (!r)
        return;
    free(r->day);
    free(r->census_hospitalized);   /* the block holding every double array */
    memset(r, 0, sizeof *r);
}

/* A census value floored to whole patients ("" if it is not finite, as pandas writes NaN). */
static int write_floor(FILE *out, double x)
{
    if (!isfinite(x))
        return fputc(',', out) == EOF ? -1 : 0;
    double v = floor(x);
    if (v == 0)
        v = 0;   /* no "-0" */
    return fprintf(out, ",%.0f", v) < 0 ? -1 : 0;
}

int klar_chime_write_csv(FILE *out, const klar_chime_result *r)
{
    if (fputs("day,census_hospitalized,census_icu,census_ventilated\n", out) == EOF)
        return -1;
    for (size_t d = 0; d < r->n; d++) {
        if (fprintf(out, "%d", r->day[d]) < 0 || write_floor(out, r->census_hospitalized[d]) ||
            write_floor(out, r->census_icu[d]) || write_floor(out, r->census_ventilated[d]) ||
            fputc('\n', out) == EOF)
            return -1;
    }
    return ferror(out) ? -1 : 0;
}
