/* cmd_user.c - "klar user": managing the registry's users from the command line.
 *
 *   klar user add NAME --org ID --role admin|planner|contributor|viewer [--db PATH]
 *   klar user list [--within ORG]           klar user disable NAME
 *   klar user set NAME [--role R] [--org ID] [--enable] [--password]
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
#define LIST_COMMAND "user list"
#define SET_COMMAND "user set"
#define DISABLE_COMMAND "user disable"
#define DEFAULT_DB "klar.db"

/* The subcommand running, for messages ("user add"). */
static const char *command = ADD_COMMAND;

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
    fprintf(out, "usage: klar user add NAME --org ID --role ROLE [--db PATH]\n"
                 "       klar user list [--within ORG] [--db PATH]\n"
                 "       klar user set NAME [--role ROLE] [--org ID] [--enable] [--password]\n"
                 "       klar user disable NAME [--db PATH]\n\n"
                 "Manages users of the preparedness registry (as the system: every change has\n"
                 "an audit row, no password in it).\n\n"
                 "subcommands:\n"
                 "  add      add a user (see 'klar user add --help')\n"
                 "  list     list the users, optionally within an organisation's subtree\n"
                 "  set      change a user's role or organisation, enable them, set a password\n"
                 "  disable  disable a user: no login, their sessions end at once\n");
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
                command);
        return CLI_BAD_INPUT;
    }
    char again[KLAR_PASSWORD_MAX + 2];
    int rc = 0;
    if (read_hidden(tty, "Password: ", buf, size) != 0 ||
        read_hidden(tty, "Password (again): ", again, sizeof again) != 0) {
        fprintf(stderr, "klar %s: could not read the password\n", command);
        rc = CLI_BAD_INPUT;
    } else if (strcmp(buf, again) != 0) {
        fprintf(stderr, "klar %s: the passwords differ\n", command);
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
        fprintf(stderr, "klar %s: KLAR_PASSWORD is longer than %d bytes\n", command,
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
    fprintf(stderr, "klar %s: unknown organisation '%s'%s\n", command, org, hint);
    free(ids);
    free(orgs);
}

/* Opens the database (migrating it) and seeds the organisations; NULL with a message. */
static klar_store *open_registry(const char *path)
{
    klar_error err;
    klar_store *s = klar_store_open(path, &err);
    if (!s) {
        fprintf(stderr, "klar %s: %s\n", command, err.message);
        return NULL;
    }
    if (klar_registry_seed(s, klar_datadir(), &err) < 0) {
        fprintf(stderr, "klar %s: seeding the organisations: %s\n", command, err.message);
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

/* ---- list, set, disable ---------------------------------------------------------------- */

static const cli_option list_options[] = {
    {"within", 1, "only the users of this organisation and those below it"},
    {"db", 1, "the database: a SQLite file (default: klar.db in the current directory)"},
};
#define NLIST_OPTIONS (sizeof list_options / sizeof list_options[0])

static const cli_option set_options[] = {
    {"role", 1, "the new role: admin, planner, contributor or viewer"},
    {"org", 1, "the new organisation id"},
    {"enable", 0, "let a disabled user log in again"},
    {"password", 0, "set a new password (from KLAR_PASSWORD or asked); their sessions end"},
    {"db", 1, "the database: a SQLite file (default: klar.db in the current directory)"},
};
#define NSET_OPTIONS (sizeof set_options / sizeof set_options[0])

static const cli_option disable_options[] = {
    {"db", 1, "the database: a SQLite file (default: klar.db in the current directory)"},
};
#define NDISABLE_OPTIONS (sizeof disable_options / sizeof disable_options[0])

static int user_list(int argc, char **argv)
{
    cli_args args;
    command = LIST_COMMAND;
    if (cli_parse(LIST_COMMAND, argc, argv, list_options, NLIST_OPTIONS, &args) != 0)
        return CLI_USAGE;
    if (args.help) {
        cli_print_help("klar user list [--within ORG] [--db PATH]",
                       "Lists the users (name, organisation, role, whether disabled), by name.",
                       list_options, NLIST_OPTIONS);
        return CLI_OK;
    }
    const char *db = cli_value(&args, list_options, NLIST_OPTIONS, "db");
    const char *within = cli_value(&args, list_options, NLIST_OPTIONS, "within");
    klar_store *s = open_registry(db ? db : DEFAULT_DB);
    if (!s)
        return CLI_BAD_INPUT;
    klar_error err;
    size_t n;
    int64_t total;
    int rc = CLI_OK;
    int known = within ? klar_org_exists(s, within, &err) : 1;
    klar_user *users = known == 1 ? klar_user_list(s, within, 0, 0, &n, &total, &err) : NULL;
    if (known == 0) {
        report_unknown_org(s, within);
        rc = CLI_BAD_INPUT;
    } else if (!users) {
        fprintf(stderr, "klar %s: %s\n", LIST_COMMAND, err.message);
        rc = CLI_BAD_INPUT;
    } else {
        printf("%-24s %-28s %-12s %s\n", "name", "organisation", "role", "status");
        for (size_t i = 0; i < n; i++)
            printf("%-24s %-28s %-12s %s\n", users[i].name, users[i].org_id,
                   klar_role_id(users[i].role), users[i].disabled ? "disabled" : "active");
        printf("%zu user%s\n", n, n == 1 ? "" : "s");
    }
    free(users);
    klar_store_close(s);
    return rc;
}

/* The user named by the one positional argument into u; 0 or an exit status with a message. */
static int find_named(klar_store *s, const cli_args *args, klar_user *u)
{
    klar_error err;
    if (args->npositional != 1) {
        fprintf(stderr, "klar %s: give exactly one user NAME\n", command);
        return CLI_USAGE;
    }
    int found = klar_user_find(s, args->positional[0], u, &err);
    if (found < 0)
        fprintf(stderr, "klar %s: %s\n", command, err.message);
    else if (!found)
        fprintf(stderr, "klar %s: no user is named '%s'\n", command, args->positional[0]);
    return found == 1 ? 0 : CLI_BAD_INPUT;
}

/* Applies c to u and prints the result; the exit status. */
static int apply(klar_store *s, klar_user *u, const klar_user_change *c)
{
    klar_error err;
    int rc = klar_user_change_by(s, 0, u->id, c, u, &err);
    if (rc == KLAR_AUTH_UNKNOWN_ORG) {
        report_unknown_org(s, c->org_id);
        return CLI_BAD_INPUT;
    }
    if (rc != 0) {
        fprintf(stderr, "klar %s: %s\n", command, err.message);
        return CLI_BAD_INPUT;
    }
    printf("user '%s': %s in %s, %s\n", u->name, klar_role_id(u->role), u->org_id,
           u->disabled ? "disabled (no login; sessions ended)" : "active");
    return CLI_OK;
}

/* Reads and sets a new password for u; the exit status. */
static int set_new_password(klar_store *s, const klar_user *u)
{
    char password[KLAR_PASSWORD_MAX + 2];
    klar_error err;
    int rc = read_password(password, sizeof password);
    if (rc == 0 && klar_user_reset_password(s, 0, u->id, password, &err) != 0) {
        fprintf(stderr, "klar %s: %s\n", command, err.message);
        rc = CLI_BAD_INPUT;
    } else if (rc == 0) {
        printf("user '%s': new password set; their sessions ended\n", u->name);
    }
    wipe(password, sizeof password);
    return rc;
}

/* The change asked by --role, --org and --enable into c; 0 or CLI_USAGE with a message. */
static int read_set_args(const cli_args *args, klar_user_change *c, int *password)
{
    const char *role = cli_value(args, set_options, NSET_OPTIONS, "role");
    klar_role r;
    c->org_id = cli_value(args, set_options, NSET_OPTIONS, "org");
    c->role = -1;
    c->disabled = cli_value(args, set_options, NSET_OPTIONS, "enable") ? 0 : -1;
    *password = cli_value(args, set_options, NSET_OPTIONS, "password") != NULL;
    if (role && klar_role_parse(role, &r) != 0) {
        fprintf(stderr, "klar %s: unknown role '%s'; use admin, planner, contributor or "
                "viewer\n", SET_COMMAND, role);
        return CLI_USAGE;
    }
    if (role)
        c->role = (int)r;
    if (!role && !c->org_id && c->disabled < 0 && !*password) {
        fprintf(stderr, "klar %s: nothing to change: give --role, --org, --enable or "
                "--password\n", SET_COMMAND);
        return CLI_USAGE;
    }
    return 0;
}

static int user_set(int argc, char **argv)
{
    cli_args args;
    command = SET_COMMAND;
    if (cli_parse(SET_COMMAND, argc, argv, set_options, NSET_OPTIONS, &args) != 0)
        return CLI_USAGE;
    if (args.help) {
        cli_print_help("klar user set NAME [--role ROLE] [--org ID] [--enable] [--password] "
                       "[--db PATH]", "Changes a user. A new password ends their sessions.",
                       set_options, NSET_OPTIONS);
        return CLI_OK;
    }
    klar_user_change c;
    int password;
    int rc = read_set_args(&args, &c, &password);
    if (rc != 0)
        return rc;
    const char *db = cli_value(&args, set_options, NSET_OPTIONS, "db");
    klar_store *s = open_registry(db ? db : DEFAULT_DB);
    if (!s)
        return CLI_BAD_INPUT;
    klar_user u;
    rc = find_named(s, &args, &u);
    if (rc == 0 && (c.role >= 0 || c.org_id || c.disabled >= 0))
        rc = apply(s, &u, &c);
    if (rc == 0 && password)
        rc = set_new_password(s, &u);
    klar_store_close(s);
    return rc;
}

static int user_disable(int argc, char **argv)
{
    cli_args args;
    command = DISABLE_COMMAND;
    if (cli_parse(DISABLE_COMMAND, argc, argv, disable_options, NDISABLE_OPTIONS, &args) != 0)
        return CLI_USAGE;
    if (args.help) {
        cli_print_help("klar user disable NAME [--db PATH]",
                       "Disables a user: they can no longer log in, and their sessions end at "
                       "once. 'klar user set NAME --enable' undoes it.",
                       disable_options, NDISABLE_OPTIONS);
        return CLI_OK;
    }
    const char *db = cli_value(&args, disable_options, NDISABLE_OPTIONS, "db");
    klar_store *s = open_registry(db ? db : DEFAULT_DB);
    if (!s)
        return CLI_BAD_INPUT;
    klar_user u;
    klar_user_change c = {NULL, -1, 1};
    int rc = find_named(s, &args, &u);
    if (rc == 0)
        rc = apply(s, &u, &c);
    klar_store_close(s);
    return rc;
}

/* The subcommands, in the order of the help. */
static const struct {
    const char *name;
    int (*run)(int argc, char **argv);
} subcommands[] = {
    {"add", user_add}, {"list", user_list}, {"set", user_set}, {"disable", user_disable},
};
#define NSUBCOMMANDS (sizeof subcommands / sizeof subcommands[0])

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
    const char *names[NSUBCOMMANDS];
    for (size_t i = 0; i < NSUBCOMMANDS; i++) {
        if (strcmp(argv[1], subcommands[i].name) == 0)
            return subcommands[i].run(argc - 1, argv + 1);
        names[i] = subcommands[i].name;
    }
    char hint[64];
    klar_text_suggest_hint(argv[1], names, NSUBCOMMANDS, hint, sizeof hint);
    fprintf(stderr, "klar user: unknown subcommand '%s'%s; see 'klar user --help'\n", argv[1], hint);
    return CLI_USAGE;
}
