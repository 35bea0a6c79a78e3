/* cmd_serve.c - "klar serve": opens the registry database (applying migrations), seeds the
 * organisations, and serves the HTTP API (server/) until SIGINT or SIGTERM. Each worker
 * thread of the server uses its own store connection from a pool of as many connections.
 * With --demo it first adds the invented demo dataset (klar/demo.h) to an empty registry and
 * gives the demo user a fresh random password, printed with the address. */
#include "cli.h"

#include "klar/auth.h"
#include "klar/datadir.h"
#include "klar/demo.h"
#include "klar/registry.h"
#include "pool.h"
#include "server.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define COMMAND "serve"
#define DEFAULT_DB "klar.db"
#define DEFAULT_DEMO_DB "klar-demo.db"
#define DEFAULT_LISTEN "127.0.0.1:8080"

static const cli_option options[] = {
    {"db", 1, "the database: a SQLite file (default: klar.db in the current directory)"},
    {"listen", 1, "address and port to serve on: 127.0.0.1:8080 (default), [::1]:8080; port 0 "
                  "picks a free one"},
    {"threads", 1, "worker threads, each with its own database connection (default 2)"},
    {"demo", 0, "add the invented demo data to an empty registry and print a demo login with a "
                "new random password (default database: klar-demo.db)"},
    {"max-connections", 1, "open connections at once; more are refused (default 1000)"},
    {"max-per-address", 1, "open connections from one client address (default 32): a crowd of "
                           "slow clients from one address cannot take the server"},
    {"timeout", 1, "seconds after which an idle connection is closed (default 30)"},
    {"metrics-public", 0, "serve /metrics to every client (default: loopback clients only)"},
    {"read-only", 0, "serve a database that cannot (or must not) be written: reading works, "
                     "changes get 503; logins last until the server stops"},
    {"init", 0, "make a new registry in an existing empty (0-byte) database file, which is "
                "otherwise refused as a possibly lost registry"},
    {"check", 0, "check the database (SQLite quick_check), say whether it is sound, and exit "
                 "(0 sound, 1 damaged)"},
    {"max-db-size", 1, "the most the database may grow to, in MiB (default: no limit): "
                       "beyond it changes get 507, as on a full disk"},
    {"run-max-seconds", 1, "wall time the Monte Carlo runs of a surge run may take before "
                           "they are stopped with 422 (default 30)"},
    {"run-max-memory", 1, "MiB the Monte Carlo runs of one engine run may hold; a larger run "
                          "is refused with 422 before it starts (default 512)"},
    {"run-queue", 1, "engine runs that may wait for their turn; more get 503 (default 16). "
                     "Runs go one at a time, in turns by user, at most 2 of a user at once; "
                     "one that waited longer than --timeout gets 503"},
    {"web-dir", 1, "serve the web app from this directory (web/ of the source tree, after "
                   "make web) instead of the copy built into klar: for working on it"},
    {"session-idle", 1, "minutes a login lasts without use (default 30)"},
    {"session-lifetime", 1, "minutes a login lasts at most (default 480, a working day)"},
    {"public-url", 1, "the address users reach the server at, e.g. https://klar.example.no "
                      "behind a TLS proxy: with https the session cookie is Secure"},
    {"trusted-proxy", 1, "the address of the reverse proxy in front (e.g. 127.0.0.1): its "
                         "X-Forwarded-For names the client for login limits; nobody else's is "
                         "believed"},
};
#define NOPTIONS (sizeof options / sizeof options[0])

static void print_help(void)
{
    cli_print_help("klar serve [--db PATH] [--listen HOST:PORT] [--threads N] [--demo] "
                   "[limits]",
                   "Serves the web app (at /) and the preparedness registry's HTTP API (JSON\n"
                   "under /api/v1, /healthz, /metrics). Opens the database (creating it and applying migrations), seeds\n"
                   "Norway's health-preparedness organisations, and runs until SIGINT or SIGTERM.\n"
                   "Create users with 'klar user add' first. --demo is for a throwaway database:\n"
                   "it adds invented demo data (Helse Vest, some of its HFs, Bergen, the national\n"
                   "level) when the registry is empty, and gives the user 'demo' (planner at hod)\n"
                   "a new random password at every start, printed with the address.",
                   options, NOPTIONS);
}

/* A listening address: "A.B.C.D:PORT" or "[IPv6]:PORT". */
typedef struct listen_address {
    struct sockaddr_storage sa;
    socklen_t len;
} listen_address;

/* What the options ask of the server. */
typedef struct serve_options {
    listen_address address;
    const char *db;
    long threads;
    int demo;
    long max_connections, max_per_address, timeout, max_db_mib, session_idle_min,
        session_lifetime_min, run_max_seconds, run_max_mib, run_queue;
    int metrics_public, read_only, init, check_only, cookie_secure;
    const char *trusted_proxy;
    const char *web_dir;
} serve_options;

static int parse_port(const char *text, in_port_t *out)
{
    char *end;
    if (!*text || strspn(text, "0123456789") != strlen(text))
        return -1;
    long port = strtol(text, &end, 10);
    if (*end || port < 0 || port > 65535)
        return -1;
    *out = htons((uint16_t)port);
    return 0;
}

static int parse_listen(const char *text, listen_address *a)
{
    char host[64];
    const char *colon = strrchr(text, ':');
    if (!colon || (size_t)(colon - text) >= sizeof host)
        return -1;
    memcpy(host, text, (size_t)(colon - text));
    host[colon - text] = '\0';
    memset(a, 0, sizeof *a);
    size_t hl = strlen(host);
    if (hl > 2 && host[0] == '[' && host[hl - 1] == ']') {
        struct sockaddr_in6 *in6 = (struct sockaddr_in6 *)&a->sa;
        host[hl - 1] = '\0';
        in6->sin6_family = AF_INET6;
        a->len = sizeof *in6;
        return inet_pton(AF_INET6, host + 1, &in6->sin6_addr) == 1 ? parse_port(colon + 1, &in6->sin6_port) : -1;
    }
    struct sockaddr_in *in4 = (struct sockaddr_in *)&a->sa;
    in4->sin_family = AF_INET;
    a->len = sizeof *in4;
    return inet_pton(AF_INET, host, &in4->sin_addr) == 1 ? parse_port(colon + 1, &in4->sin_port) : -1;
}

/* Runs SQLite's quick_check on one of the pool's connections; 1 sound, 0 damaged (said on
 * stderr, naming the table where SQLite tells it), -1 the check failed. */
static int check_database(srv_pool *pool, const char *path)
{
    char problem[700];
    klar_error err;
    klar_store *s = srv_pool_acquire(pool);
    int sound = klar_store_check(s, problem, sizeof problem, &err);
    srv_pool_release(pool, s);
    if (sound < 0)
        fprintf(stderr, "klar %s: %s: the integrity check failed: %s\n", COMMAND, path,
                err.message);
    else if (!sound)
        fprintf(stderr, "klar %s: %s: the database is damaged: %s. Restore a backup (klar "
                "backup) or repair it with the sqlite3 tool's .recover\n", COMMAND, path,
                problem);
    return sound;
}

/* Opens the pool (migrating, unless read-only), checks it and seeds the organisations; NULL
 * with a message. */
static srv_pool *open_database(const serve_options *o, int connections)
{
    klar_error err;
    klar_store_options so = {.read_only = o->read_only, .init_empty = o->init,
                             .max_bytes = (int64_t)o->max_db_mib << 20};
    srv_pool *pool = srv_pool_open(o->db, connections, &so, &err);
    if (!pool) {
        fprintf(stderr, "klar %s: %s\n", COMMAND, err.message);
        return NULL;
    }
    if (check_database(pool, o->db) != 1) {
        srv_pool_close(pool);
        return NULL;
    }
    if (o->read_only || o->check_only)
        return pool;                   /* seeding writes: a read-only registry keeps its own */
    klar_store *s = srv_pool_acquire(pool);
    int seeded = klar_registry_seed(s, klar_datadir(), &err);
    srv_pool_release(pool, s);
    if (seeded < 0) {
        fprintf(stderr, "klar %s: seeding the organisations: %s\n", COMMAND, err.message);
        srv_pool_close(pool);
        return NULL;
    }
    return pool;
}

/* Adds the demo data to an empty registry and gives the demo user a new password (into
 * password). A registry that already holds records must be a demo database (it has the demo
 * user): --demo never adds a planner login to a real one. 0, or -1 with a message. */
static int apply_demo(srv_pool *pool, char password[KLAR_DEMO_PASSWORD_LEN + 1])
{
    klar_error err;
    klar_user u;
    klar_store *s = srv_pool_acquire(pool);
    int added = klar_registry_demo(s, &err);
    int known = added == 0 ? klar_user_find(s, KLAR_DEMO_USER, &u, &err) : 1;
    int user = added < 0 || known != 1 ? -1 : klar_registry_demo_user(s, password, &err);
    srv_pool_release(pool, s);
    if (known == 0) {
        fprintf(stderr, "klar %s: --demo: the database holds registry records but no demo user "
                "'%s'; --demo is for a new or demo database only\n", COMMAND, KLAR_DEMO_USER);
        return -1;
    }
    if (added < 0 || user < 0) {
        fprintf(stderr, "klar %s: demo: %s\n", COMMAND, err.message);
        return -1;
    }
    if (added > 0)
        fprintf(stderr, "klar %s: added %d demo records (invented data)\n", COMMAND, added);
    return 0;
}

/* Blocks SIGINT and SIGTERM in this thread and in the server threads started after it, so
 * that wait_for_signal receives them. */
static void block_signals(sigset_t *set)
{
    sigemptyset(set);
    sigaddset(set, SIGINT);
    sigaddset(set, SIGTERM);
    pthread_sigmask(SIG_BLOCK, set, NULL);
    signal(SIGPIPE, SIG_IGN);
}

static int wait_for_signal(const sigset_t *set)
{
    int sig = 0;
    sigwait(set, &sig);
    return sig;
}

/* Prints where the server listens; with a demo password also the demo login. */
static void print_address(const listen_address *a, uint16_t port, const char *db, long threads,
                          const char *demo_password)
{
    char host[INET6_ADDRSTRLEN] = "?";
    int v6 = a->sa.ss_family == AF_INET6;
    if (v6)
        inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)&a->sa)->sin6_addr, host, sizeof host);
    else
        inet_ntop(AF_INET, &((const struct sockaddr_in *)&a->sa)->sin_addr, host, sizeof host);
    printf("klar: serving http://%s%s%s:%u/ (database %s, %ld threads); stop with Ctrl-C\n",
           v6 ? "[" : "", host, v6 ? "]" : "", port, db, threads);
    if (demo_password)
        printf("klar serving http://%s%s%s:%u  demo login: %s / %s\n", v6 ? "[" : "", host,
               v6 ? "]" : "", port, KLAR_DEMO_USER, demo_password);
    fflush(stdout);
}


static int serve(const serve_options *o)
{
    const listen_address *a = &o->address;
    const char *db = o->db;
    long threads = o->threads;
    int demo = o->demo;
    sigset_t set;
    char password[KLAR_DEMO_PASSWORD_LEN + 1] = "";
    block_signals(&set);
    srv_pool *pool = open_database(o, o->check_only ? 1 : (int)threads);
    if (!pool)
        return CLI_BAD_INPUT;
    if (o->check_only) {
        printf("klar %s: %s: the database is sound (quick_check ok)\n", COMMAND, db);
        srv_pool_close(pool);
        return CLI_OK;
    }
    if (demo && apply_demo(pool, password) < 0) {
        srv_pool_close(pool);
        return CLI_BAD_INPUT;
    }
    srv_config cfg = {
        .address = (const struct sockaddr *)&a->sa, .address_len = a->len,
        .threads = (unsigned)threads, .max_connections = (unsigned)o->max_connections,
        .max_per_address = (unsigned)o->max_per_address, .timeout_seconds = (unsigned)o->timeout,
        .metrics_public = o->metrics_public, .read_only = o->read_only,
        .session_ttl = o->session_lifetime_min * 60, .session_idle = o->session_idle_min * 60,
        .cookie_secure = o->cookie_secure, .trusted_proxy = o->trusted_proxy,
        .run_max_seconds = (unsigned)o->run_max_seconds, .run_max_mib = (unsigned)o->run_max_mib,
        .run_queue = (unsigned)o->run_queue, .web_dir = o->web_dir};
    klar_error err;
    srv_server *server = srv_start(&cfg, pool, &err);
    if (!server) {
        fprintf(stderr, "klar %s: %s\n", COMMAND, err.message);
        srv_pool_close(pool);
        return CLI_BAD_INPUT;
    }
    print_address(a, srv_port(server), db, threads, demo ? password : NULL);
    int sig = wait_for_signal(&set);
    fprintf(stderr, "klar %s: %s received, stopping\n", COMMAND, sig == SIGINT ? "SIGINT" : "SIGTERM");
    srv_stop(server);
    srv_pool_close(pool);
    return CLI_OK;
}

/* 1 if text is a numeric IPv4 or IPv6 address. */
static int valid_address(const char *text)
{
    struct in6_addr a6;
    struct in_addr a4;
    return inet_pton(AF_INET, text, &a4) == 1 || inet_pton(AF_INET6, text, &a6) == 1;
}

/* The whole-number option name (absent: *out unchanged) in [lo, hi]; -1 with a message. */
static int int_option(const cli_args *args, const char *name, long lo, long hi, long *out)
{
    const char *text = cli_value(args, options, NOPTIONS, name);
    return text && cli_int(COMMAND, name, text, lo, hi, out) ? -1 : 0;
}

int cmd_serve(int argc, char **argv)
{
    cli_args args;
    int rc = cli_begin(COMMAND, argc, argv, options, NOPTIONS, print_help, &args);
    if (rc >= 0)
        return rc;
    serve_options o = {.threads = 2, .max_connections = SRV_DEFAULT_CONNECTIONS,
                       .max_per_address = SRV_DEFAULT_PER_ADDRESS,
                       .timeout = SRV_DEFAULT_TIMEOUT,
                       .session_idle_min = SRV_DEFAULT_SESSION_IDLE / 60,
                       .session_lifetime_min = SRV_DEFAULT_SESSION_TTL / 60,
                       .run_max_seconds = SRV_DEFAULT_RUN_SECONDS,
                       .run_max_mib = SRV_DEFAULT_RUN_MIB, .run_queue = SRV_DEFAULT_RUN_QUEUE};
    const char *public_url = cli_value(&args, options, NOPTIONS, "public-url");
    o.trusted_proxy = cli_value(&args, options, NOPTIONS, "trusted-proxy");
    o.web_dir = cli_value(&args, options, NOPTIONS, "web-dir");
    const char *listen = cli_value(&args, options, NOPTIONS, "listen");
    o.db = cli_value(&args, options, NOPTIONS, "db");
    o.demo = cli_value(&args, options, NOPTIONS, "demo") != NULL;
    o.metrics_public = cli_value(&args, options, NOPTIONS, "metrics-public") != NULL;
    o.read_only = cli_value(&args, options, NOPTIONS, "read-only") != NULL;
    o.init = cli_value(&args, options, NOPTIONS, "init") != NULL;
    o.check_only = cli_value(&args, options, NOPTIONS, "check") != NULL;
    if (int_option(&args, "threads", 1, 16, &o.threads) ||
        int_option(&args, "max-connections", 1, 100000, &o.max_connections) ||
        int_option(&args, "max-per-address", 1, 100000, &o.max_per_address) ||
        int_option(&args, "timeout", 1, 3600, &o.timeout) ||
        int_option(&args, "max-db-size", 1, 1L << 30, &o.max_db_mib) ||
        int_option(&args, "session-idle", 1, 7 * 24 * 60, &o.session_idle_min) ||
        int_option(&args, "session-lifetime", 1, 30 * 24 * 60, &o.session_lifetime_min) ||
        int_option(&args, "run-max-seconds", 1, 3600, &o.run_max_seconds) ||
        int_option(&args, "run-max-memory", 1, 1L << 20, &o.run_max_mib) ||
        int_option(&args, "run-queue", 1, 1000, &o.run_queue))
        return CLI_USAGE;
    if (public_url && strncmp(public_url, "https://", 8) != 0 &&
        strncmp(public_url, "http://", 7) != 0) {
        fprintf(stderr, "klar %s: --public-url '%s' must start with https:// (or http://)\n",
                COMMAND, public_url);
        return CLI_USAGE;
    }
    o.cookie_secure = public_url && strncmp(public_url, "https://", 8) == 0;
    if (o.trusted_proxy && !valid_address(o.trusted_proxy)) {
        fprintf(stderr, "klar %s: --trusted-proxy '%s' is not an IPv4 or IPv6 address\n",
                COMMAND, o.trusted_proxy);
        return CLI_USAGE;
    }
    if (o.read_only && (o.demo || o.init)) {
        fprintf(stderr, "klar %s: --read-only cannot go with --%s, which writes\n", COMMAND,
                o.demo ? "demo" : "init");
        return CLI_USAGE;
    }
    if (!o.db || !*o.db)
        o.db = o.demo ? DEFAULT_DEMO_DB : DEFAULT_DB;
    if (parse_listen(listen ? listen : DEFAULT_LISTEN, &o.address) != 0) {
        fprintf(stderr, "klar %s: --listen '%s' is not HOST:PORT (e.g. 127.0.0.1:8080 or "
                "[::1]:8080)\n", COMMAND, listen);
        return CLI_USAGE;
    }
    return serve(&o);
}
