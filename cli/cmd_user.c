/* cmd_user.c - "klar user": managing the registry's users from the command line.
 *
 *   klar user add NAME --org ID --role admin|planner|contributor|viewer [--db PATH]
 *
 * The password comes from $KLAR_PASSWORD or, when that is unset, is asked twice on the
 * terminal without echo. Opening the database applies its migrations and seeds Norway's
 * organisations, so this works on a fresh database too. */
#include "cli.h"

#include "klar/auth.h"
#include "klar/datadir.h"
#include "klar/registry.h"
#include "klar/store.h"
#include "klar/text.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>

#define ADD_COMMAND "user add"
#define DEFAULT_DB "klar.db"

static const cli_option add_options[] = {
    {"org", 1, "the user's organisation id (e.g. helse-vest, fhi, 4601); required"},
    {"role", 1, "admin, planner, contributor or viewer; required"},
    {"db", 1, "the database: a SQLite file (default: klar.db in the current directory)"},
};
#define NADD_OPTIONS (sizeof add_options / sizeof add_options[0])

static void print_add_help(void)
{
    cli_print_help("klar user add NAME --org ID --role admin|planner|contributor|viewer [--db PATH]",
                   "Adds a user of the preparedness registry. NAME is 1 to 64 characters of a-z, 0-9,\n"
                   "'.', '_' and '-'. The password (8 to 1024 bytes) is read from the environment\n"
                   "variable KLAR_PASSWORD or, if that is unset, asked twice on the terminal; only its\n"
                   "argon2id hash is stored. A role applies to the organisation and those below it:\n"
                   "viewer reads; contributor also adds learning points, situation reports and\n"
                   "figures; planner also edits risks, plans and exercises; admin also manages users.\n"
                   "The database is created (with Norway's organisations) if it does not exist.",
                   add_options, NADD_OPTIONS);
}

static void print_user_help(FILE *out)
{
    fprintf(out, "usage: klar user add NAME --org ID --role ROLE [--db PATH]\n\n"
                 "Manages users of the preparedness registry.\n\n"
                 "subcommands:\n"
                 "  add      add a user (see 'klar user add --help')\n");
}

/* Overwrites a password in memory so it does not linger after use. */
static void wipe(char *buf, size_t n)
{
    volatile char *p = buf;
    while (n--)
        *p++ = '\0';
}

/* Reads one line from the terminal tty with echo off into buf (newline removed). 0, or -1. */
static int read_hidden(FILE *tty, const char *prompt, char *buf, size_t size)
{
    struct termios old, quiet;
    int fd = fileno(tty);
    if (tcgetattr(fd, &old) != 0)
        return -1;
    quiet = old;
    quiet.c_lflag &= ~(tcflag_t)ECHO;
    fputs(prompt, tty);
    fflush(tty);
    if (tcsetattr(fd, TCSAFLUSH, &quiet) != 0)
        return -1;
    char *got = fgets(buf, (int)size, tty);
    tcsetattr(fd, TCSAFLUSH, &old);
    fputs("\n", tty);
    if (!got)
        return -1;
    buf[strcspn(buf, "\r\n")] = '\0';
    return 0;
}

/* Asks for the password twice on /dev/tty. 0, or CLI_BAD_INPUT with a message. */
static int prompt_password(char *buf, size_t size)
{
    FILE *tty = fopen("/dev/tty", "r+");
    if (!tty) {
        fprintf(stderr, "klar %s: no terminal to ask for the password; set KLAR_PASSWORD\n",
                ADD_COMMAND);
        return CLI_BAD_INPUT;
    }
    char again[KLAR_PASSWORD_MAX + 2];
    int rc = 0;
    if (read_hidden(tty, "Password: ", buf, size) != 0 ||
        read_hidden(tty, "Password (again): ", again, sizeof again) != 0) {
        fprintf(stderr, "klar %s: could not read the password\n", ADD_COMMAND);
        rc = CLI_BAD_INPUT;
    } else if (strcmp(buf, again) != 0) {
        fprintf(stderr, "klar %s: the passwords differ\n", ADD_COMMAND);
        rc = CLI_BAD_INPUT;
    }
    wipe(again, sizeof again);
    fclose(tty);
    return rc;
}

/* The password from $KLAR_PASSWORD or the terminal into buf. 0, or an exit status. */
static int read_password(char *buf, size_t size)
{
    const char *env = getenv("KLAR_PASSWORD");
    if (!env)
        return prompt_password(buf, size);
    if (strlen(env) >= size) {
        fprintf(stderr, "klar %s: KLAR_PASSWORD is longer than %d bytes\n", ADD_COMMAND,
                KLAR_PASSWORD_MAX);
        return CLI_BAD_INPUT;
    }
    snprintf(buf, size, "%s", env);
    return 0;
}

/* Checks NAME and --role before anything is opened. 0, or CLI_USAGE with a message. */
static int check_add_args(const cli_args *args, klar_role *role)
{
    if (args->npositional != 1) {
        fprintf(stderr, "klar %s: %s; see 'klar %s --help'\n", ADD_COMMAND,
                args->npositional == 0 ? "NAME is required" : "give exactly one NAME", ADD_COMMAND);
        return CLI_USAGE;
    }
    if (!klar_user_name_valid(args->positional[0])) {
        fprintf(stderr, "klar %s: user name '%s' must be 1 to %d characters of a-z, 0-9, '.', "
                        "'_' and '-'\n", ADD_COMMAND, args->positional[0], KLAR_USER_NAME_MAX);
        return CLI_USAGE;
    }
    const char *org = cli_value(args, add_options, NADD_OPTIONS, "org");
    const char *role_text = cli_value(args, add_options, NADD_OPTIONS, "role");
    if (!org || !*org || !role_text) {
        fprintf(stderr, "klar %s: --org ID and --role ROLE are required\n", ADD_COMMAND);
        return CLI_USAGE;
    }
    if (klar_role_parse(role_text, role) != 0) {
        static const char *const roles[] = {"admin", "planner", "contributor", "viewer"};
        char hint[64];
        klar_text_suggest_hint(role_text, roles, 4, hint, sizeof hint);
        fprintf(stderr, "klar %s: unknown role '%s'%s; use admin, planner, contributor or viewer\n",
                ADD_COMMAND, role_text, hint);
        return CLI_USAGE;
    }
    return 0;
}

/* Prints "unknown organisation" with the nearest known id, if one is close. */
static void report_unknown_org(klar_store *s, const char *org)
{
    klar_error err;
    size_t n = 0;
    char hint[128] = "";
    klar_org *orgs = klar_org_list(s, NULL, &n, &err);
    const char **ids = orgs ? malloc((n ? n : 1) * sizeof *ids) : NULL;
    if (ids) {
        for (size_t i = 0; i < n; i++)
            ids[i] = orgs[i].id;
        klar_text_suggest_hint(org, ids, n, hint, sizeof hint);
    }
    fprintf(stderr, "klar %s: unknown organisation '%s'%s\n", ADD_COMMAND, org, hint);
    free(ids);
    free(orgs);
}

/* Opens the database (migrating it) and seeds the organisations; NULL with a message. */
static klar_store *open_registry(const char *path)
{
    klar_error err;
    klar_store *s = klar_store_open(path, &err);
    if (!s) {
        fprintf(stderr, "klar %s: %s\n", ADD_COMMAND, err.message);
        return NULL;
    }
    if (klar_registry_seed(s, klar_datadir(), &err) < 0) {
        fprintf(stderr, "klar %s: seeding the organisations: %s\n", ADD_COMMAND, err.message);
        klar_store_close(s);
        return NULL;
    }
    return s;
}

/* Adds the user; the exit status. */
static int add_user(klar_store *s, const char *name, const char *org, klar_role role,
                    const char *password)
{
    klar_error err;
    int rc = klar_user_add(s, name, org, role, password, &err);
    if (rc == 0) {
        printf("added user '%s' (%s in %s)\n", name, klar_role_id(role), org);
        return CLI_OK;
    }
    if (rc == KLAR_AUTH_UNKNOWN_ORG)
        report_unknown_org(s, org);
    else
        fprintf(stderr, "klar %s: %s\n", ADD_COMMAND, err.message);
    return CLI_BAD_INPUT;
}

static int user_add(int argc, char **argv)
{
    cli_args args;
    if (cli_parse(ADD_COMMAND, argc, argv, add_options, NADD_OPTIONS, &args) != 0)
        return CLI_USAGE;
    if (args.help) {
        print_add_help();
        return CLI_OK;
    }
    klar_role role;
    int rc = check_add_args(&args, &role);
    if (rc != 0)
        return rc;
    const char *db = cli_value(&args, add_options, NADD_OPTIONS, "db");
    klar_store *s = open_registry(db ? db : DEFAULT_DB);
    if (!s)
        return CLI_BAD_INPUT;
    char password[KLAR_PASSWORD_MAX + 2];
    rc = read_password(password, sizeof password);
    if (rc == 0)
        rc = add_user(s, args.positional[0], cli_value(&args, add_options, NADD_OPTIONS, "org"),
                      role, password);
    wipe(password, sizeof password);
    klar_store_close(s);
    return rc;
}

int cmd_user(int argc, char **argv)
{
    if (argc < 2) {
        print_user_help(stderr);
        return CLI_USAGE;
    }
    if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "help") == 0) {
        print_user_help(stdout);
        return CLI_OK;
    }
    if (strcmp(argv[1], "add") == 0)
        return user_add(argc - 1, argv + 1);
    static const char *const subcommands[] = {"add"};
    char hint[64];
    klar_text_suggest_hint(argv[1], subcommands, 1, hint, sizeof hint);
    fprintf(stderr, "klar user: unknown subcommand '%s'%s; see 'klar user --help'\n", argv[1], hint);
    return CLI_USAGE;
}
