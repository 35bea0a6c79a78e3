/* cli.c - option parsing, help text and suggestions shared by every klar subcommand. */
#define _XOPEN_SOURCE 700   /* realpath */
#include "cli.h"

#include "klar/datadir.h"
#include "klar/text.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <sys/stat.h>

static int find_option(const cli_option *opts, size_t nopts, const char *name, size_t namelen)
{
    for (size_t i = 0; i < nopts; i++)
        if (strlen(opts[i].name) == namelen && strncmp(opts[i].name, name, namelen) == 0)
            return (int)i;
    return -1;
}

static void report_unknown_option(const char *command, const char *arg, const cli_option *opts,
                                  size_t nopts)
{
    const char *names[32];
    for (size_t i = 0; i < nopts && i < 32; i++)
        names[i] = opts[i].name;
    char word[128];
    snprintf(word, sizeof word, "%s", arg + 2);
    char *eq = strchr(word, '=');
    if (eq)
        *eq = '\0';
    const char *s = klar_text_suggest(word, names, nopts < 32 ? nopts : 32);
    if (s)
        fprintf(stderr, "klar %s: unknown option '%s'; did you mean '--%s'?\n", command, arg, s);
    else
        fprintf(stderr, "klar %s: unknown option '%s'; see 'klar %s --help'\n", command, arg, command);
}

int cli_parse(const char *command, int argc, char **argv, const cli_option *opts, size_t nopts,
              cli_args *out)
{
    memset(out, 0, sizeof *out);
    for (int i = 1; i < argc; i++) {
        const char *arg = argv[i];
        if (strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0) {
            out->help = 1;
            continue;
        }
        if (strncmp(arg, "--", 2) != 0 || arg[2] == '\0') {
            if (out->npositional == (int)(sizeof out->positional / sizeof out->positional[0])) {
                fprintf(stderr, "klar %s: too many arguments\n", command);
                return CLI_USAGE;
            }
            out->positional[out->npositional++] = arg;
            continue;
        }
        const char *name = arg + 2;
        const char *eq = strchr(name, '=');
        size_t namelen = eq ? (size_t)(eq - name) : strlen(name);
        int k = find_option(opts, nopts, name, namelen);
        if (k < 0) {
            report_unknown_option(command, arg, opts, nopts);
            return CLI_USAGE;
        }
        if (!opts[k].takes_value) {
            if (eq) {
                fprintf(stderr, "klar %s: option '--%s' takes no value\n", command, opts[k].name);
                return CLI_USAGE;
            }
            out->values[k] = "";
        } else if (eq) {
            out->values[k] = eq + 1;
        } else if (i + 1 < argc) {
            out->values[k] = argv[++i];
        } else {
            fprintf(stderr, "klar %s: option '--%s' needs a value\n", command, opts[k].name);
            return CLI_USAGE;
        }
    }
    return 0;
}

int cli_begin(const char *command, int argc, char **argv, const cli_option *opts, size_t nopts,
              void (*help)(void), cli_args *out)
{
    if (cli_parse(command, argc, argv, opts, nopts, out) != 0)
        return CLI_USAGE;
    if (out->help) {
        help();
        return CLI_OK;
    }
    if (out->npositional > 0) {
        fprintf(stderr, "klar %s: unexpected argument '%s'; see 'klar %s --help'\n", command,
                out->positional[0], command);
        return CLI_USAGE;
    }
    return -1;
}

const char *cli_value(const cli_args *a, const cli_option *opts, size_t nopts, const char *name)
{
    int k = find_option(opts, nopts, name, strlen(name));
    return k < 0 ? NULL : a->values[k];
}

void cli_print_help(const char *usage, const char *description, const cli_option *opts, size_t nopts)
{
    printf("usage: %s\n\n%s\n\noptions:\n", usage, description);
    for (size_t i = 0; i < nopts; i++) {
        char left[64];
        snprintf(left, sizeof left, "--%s%s", opts[i].name, opts[i].takes_value ? " VALUE" : "");
        printf("  %-24s %s\n", left, opts[i].help);
    }
    printf("  %-24s %s\n", "--help", "show this help");
}

int cli_int(const char *command, const char *option, const char *text, long lo, long hi, long *out)
{
    char *end;
    errno = 0;
    long v = strtol(text, &end, 10);
    if (errno || end == text || *end != '\0' || v < lo || v > hi) {
        fprintf(stderr, "klar %s: --%s must be a whole number from %ld to %ld, not '%s'\n", command,
                option, lo, hi, text);
        return CLI_USAGE;
    }
    *out = v;
    return 0;
}

int cli_parse_format(const char *command, const char *text, cli_format def, cli_format *out)
{
    if (!text) {
        *out = def;
        return 0;
    }
    if (strcmp(text, "table") == 0)
        *out = CLI_TABLE;
    else if (strcmp(text, "csv") == 0)
        *out = CLI_CSV;
    else if (strcmp(text, "json") == 0)
        *out = CLI_JSON;
    else {
        static const char *const formats[] = {"table", "csv", "json"};
        char hint[64];
        klar_text_suggest_hint(text, formats, 3, hint, sizeof hint);
        fprintf(stderr, "klar %s: unknown format '%s'%s; use table, csv or json\n", command, text, hint);
        return CLI_USAGE;
    }
    return 0;
}

void cli_print_padded(const char *s, int width)
{
    int chars = 0;
    for (const char *p = s; *p; p++)
        if (((unsigned char)*p & 0xC0) != 0x80)
            chars++;
    fputs(s, stdout);
    for (; chars < width; chars++)
        putchar(' ');
}

void cli_format_thousands(double v, char *buf, size_t size)
{
    char digits[48];
    snprintf(digits, sizeof digits, "%.0f", fabs(v));
    size_t n = strlen(digits), w = 0;
    if (v <= -0.5 && w + 1 < size)
        buf[w++] = '-';
    for (size_t i = 0; i < n && w + 2 < size; i++) {
        if (i > 0 && (n - i) % 3 == 0)
            buf[w++] = ' ';
        buf[w++] = digits[i];
    }
    buf[w] = '\0';
}

static int file_exists(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

void cli_resolve_scenario(const char *arg, char *buf, size_t size)
{
    snprintf(buf, size, "%s", arg);
    if (file_exists(buf) || strchr(arg, '/'))
        return;
    static const char *const suffixes[] = {"", ".ini"};
    for (int i = 0; i < 2; i++) {
        char rel[4096];
        snprintf(rel, sizeof rel, "../scenarios/%s%s", arg, suffixes[i]);
        if (klar_datapath(buf, size, rel) == 0 && file_exists(buf)) {
            char *real = realpath(buf, NULL);   /* data/../scenarios/x.ini -> scenarios/x.ini */
            if (real && strlen(real) < size)
                snprintf(buf, size, "%s", real);
            free(real);
            return;
        }
    }
    snprintf(buf, size, "%s", arg);
}

#define MAX_SCENARIOS 64

/* The names (without .ini) of the shipped scenarios into names (malloc'd each); their number. */
static size_t shipped_scenarios(char *names[MAX_SCENARIOS])
{
    char dir[4096];
    size_t n = 0;
    if (klar_datapath(dir, sizeof dir, "../scenarios") != 0)
        return 0;
    DIR *d = opendir(dir);
    struct dirent *e;
    while (d && n < MAX_SCENARIOS && (e = readdir(d)) != NULL) {
        size_t len = strlen(e->d_name);
        if (len > 4 && strcmp(e->d_name + len - 4, ".ini") == 0 && e->d_name[0] != '.') {
            names[n] = strdup(e->d_name);
            if (names[n])
                names[n++][len - 4] = '\0';
        }
    }
    if (d)
        closedir(d);
    return n;
}

int cli_scenario_check(const char *command, const char *arg, const char *path)
{
    if (file_exists(path) || strchr(arg, '/'))
        return CLI_OK;                      /* a path: the loader names what is wrong with it */
    char *names[MAX_SCENARIOS], hint[160];
    size_t n = shipped_scenarios(names);
    klar_text_suggest_hint(arg, (const char *const *)names, n, hint, sizeof hint);
    fprintf(stderr, "klar %s: --scenario: no file '%s' and no shipped scenario of that name%s "
            "(they are in scenarios/)\n", command, arg, hint);
    for (size_t i = 0; i < n; i++)
        free(names[i]);
    return CLI_BAD_INPUT;
}
