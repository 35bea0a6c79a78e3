/* main.c - the klar command: dispatches "klar <command> ..." to one subcommand per file. */
#include "cli.h"
#include "klar/text.h"

#include <stdio.h>
#include <string.h>


typedef struct command {
    const char *name;
    int (*run)(int argc, char **argv);
    const char *summary;
} command;

static const command commands[] = {
    {"data", cmd_data, "import Statistics Norway population exports (data import-ssb FILE...)"},
    {"population", cmd_population, "cohort-component population projection by region, sex and age"},
    {"workforce", cmd_workforce, "Helsemod-style supply and demand projection for a health profession"},
    {"surge", cmd_surge, "crisis surge: epidemic -> beds, ICU, lab tests, staff and stocks, day by day"},
    {"nowcast", cmd_nowcast, "where an epidemic is heading: the surge model fitted to a census CSV"},
    {"runs", cmd_runs, "the engine runs a registry keeps: runs list|show ID|compare ID,ID --db PATH"},
    {"serve", cmd_serve, "serve the preparedness registry's HTTP API (serve --db PATH --listen HOST:PORT)"},
    {"user", cmd_user, "registry users: add a user with an organisation and a role (user add NAME ...)"},
    {"backup", cmd_backup, "consistent copy of the registry's SQLite database, also while serving (backup OUT)"},
};
#define NCOMMANDS (sizeof commands / sizeof commands[0])

static void print_usage(FILE *out)
{
    fprintf(out, "klar - health-preparedness planning\n\nusage: klar <command> [options]\n\ncommands:\n");
    for (size_t i = 0; i < NCOMMANDS; i++)
        fprintf(out, "  %-12s %s\n", commands[i].name, commands[i].summary);
    fprintf(out, "\n'klar <command> --help' tells more about a command.\n");
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        print_usage(stderr);
        return CLI_USAGE;
    }
    if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "help") == 0) {
        print_usage(stdout);
        return CLI_OK;
    }
    for (size_t i = 0; i < NCOMMANDS; i++)
        if (strcmp(argv[1], commands[i].name) == 0)
            return commands[i].run(argc - 1, argv + 1);
    const char *names[NCOMMANDS];
    for (size_t i = 0; i < NCOMMANDS; i++)
        names[i] = commands[i].name;
    const char *s = klar_text_suggest(argv[1], names, NCOMMANDS);
    if (s)
        fprintf(stderr, "klar: unknown command '%s'; did you mean '%s'?\n", argv[1], s);
    else
        fprintf(stderr, "klar: unknown command '%s'; see 'klar --help'\n", argv[1]);
    return CLI_USAGE;
}
