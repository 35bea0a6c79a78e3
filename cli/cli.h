/* cli.h - what the klar subcommands share: option parsing with suggestions, formats, exits. */
#ifndef KLAR_CLI_H
#define KLAR_CLI_H

#include <stddef.h>

/* Exit codes of the klar command (DESIGN.md conventions). */
enum { CLI_OK = 0, CLI_BAD_INPUT = 1, CLI_USAGE = 2 };

/* One long option of a subcommand. takes_value: 1 for "--name VALUE" (or --name=VALUE). */
typedef struct cli_option {
    const char *name;      /* without the leading "--" */
    int takes_value;
    const char *help;      /* one line for --help */
} cli_option;

/* Parsed command line: values[i] is the value of opts[i] ("" for a flag that was given,
 * NULL if absent); positional holds the other arguments in order. */
typedef struct cli_args {
    const char *values[32];
    const char *positional[256];
    int npositional;
    int help;              /* --help or -h was given */
} cli_args;

/* Parses argv[1..] of subcommand `command` against opts (at most 32). On an unknown option or a
 * missing value prints a message (with the nearest known option) to stderr and returns
 * CLI_USAGE; otherwise 0. */
int cli_parse(const char *command, int argc, char **argv, const cli_option *opts, size_t nopts,
              cli_args *out);

/* cli_parse for a subcommand that takes no positional arguments: on --help calls help(), on
 * an unknown option or a stray argument prints a message. Returns -1 when the subcommand should
 * go on, else the exit status it should return (CLI_OK after help, CLI_USAGE on error). */
int cli_begin(const char *command, int argc, char **argv, const cli_option *opts, size_t nopts,
              void (*help)(void), cli_args *out);

/* Value of option `name` after cli_parse, or NULL. */
const char *cli_value(const cli_args *a, const cli_option *opts, size_t nopts, const char *name);

/* Prints "usage: ..." then one line per option. */
void cli_print_help(const char *usage, const char *description, const cli_option *opts, size_t nopts);

/* Parses an integer option value in [lo, hi]; prints a message naming the option and returns
 * CLI_USAGE on failure, 0 on success. */
int cli_int(const char *command, const char *option, const char *text, long lo, long hi, long *out);

/* Prints s left-aligned in a column of `width` characters, counting UTF-8 characters, not bytes. */
void cli_print_padded(const char *s, int width);

/* Rounds v to a whole number with spaces between thousands ("5 425 270", "-12 345"). */
void cli_format_thousands(double v, char *buf, size_t size);

/* Output formats. */
typedef enum { CLI_TABLE, CLI_CSV, CLI_JSON } cli_format;

/* Parses --format (NULL gives the default); prints a message and returns CLI_USAGE if unknown. */
int cli_parse_format(const char *command, const char *text, cli_format def, cli_format *out);

/* A scenario named on the command line: the path itself if it exists (or holds a '/'), else
 * scenarios/NAME or scenarios/NAME.ini beside the data directory; else the argument as given. */
void cli_resolve_scenario(const char *arg, char *buf, size_t size);

/* CLI_OK if the scenario resolved to path exists or arg is a path (its loader tells what is
 * wrong); else says so with the nearest shipped name ("did you mean") and returns
 * CLI_BAD_INPUT, as for a mistyped region. */
int cli_scenario_check(const char *command, const char *arg, const char *path);

/* The subcommands (one file each in cli/). */
int cmd_data(int argc, char **argv);
int cmd_population(int argc, char **argv);
int cmd_workforce(int argc, char **argv);
int cmd_surge(int argc, char **argv);
int cmd_user(int argc, char **argv);
int cmd_serve(int argc, char **argv);

/* cmd_backup.c: klar backup (a consistent copy of the SQLite registry, also while serving) */
int cmd_backup(int argc, char **argv);

/* surge_registry.c: `klar surge --db PATH [--org ID]` loads p with the registry's figures;
 * CLI_OK or the exit status, having said why. */
struct klar_surge_params;
int cli_surge_registry_load(const char *db, const char *org, const char *scenario_path,
                            const char *region, struct klar_surge_params *p);

/* cmd_nowcast.c: klar nowcast --census FILE (the surge model fitted to a census, projected) */
int cmd_nowcast(int argc, char **argv);

/* cmd_runs.c: klar runs list|show|compare (the engine runs a registry keeps) */
int cmd_runs(int argc, char **argv);

#endif
