/* cmd_backup.c - "klar backup": a consistent copy of the registry's SQLite database, taken
 * while the server may be writing.
 *
 *   klar backup [--db PATH] [--force] OUT
 *
 * The copy is made with SQLite's online backup (klar_store_backup) into a temporary file beside
 * OUT, checked (it must open with klar_store_open and pass PRAGMA integrity_check), and only
 * then given the name OUT: without --force an existing OUT is never replaced (hard link, which
 * fails if OUT appeared meanwhile); with --force it is replaced atomically (rename). A
 * PostgreSQL URL is refused: pg_dump backs those up. */
#include "cli.h"

#include "klar/file.h"
#include "klar/store.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define COMMAND "backup"
#define DEFAULT_DB "klar.db"

static const cli_option options[] = {
    {"db", 1, "the database to copy: a SQLite file (default: klar.db in the current directory)"},
    {"force", 0, "replace OUT if it exists (without it an existing OUT is an error)"},
};
#define NOPTIONS (sizeof options / sizeof options[0])

static void print_help(void)
{
    cli_print_help("klar backup [--db PATH] [--force] OUT",
                   "Writes a consistent copy of the registry's SQLite database to the file OUT,\n"
                   "also while 'klar serve' is running and writing: every change committed before\n"
                   "the copy starts is in it. The copy is checked (it opens as a klar database and\n"
                   "passes SQLite's integrity check) before it takes the name OUT; until then it is\n"
                   "OUT.klar-backup-PID. OUT is not overwritten unless --force is given.\n"
                   "To restore: stop the server, delete PATH-wal and PATH-shm if they are there,\n"
                   "and copy OUT to PATH. PostgreSQL databases are backed up with pg_dump instead.",
                   options, NOPTIONS);
}

/* A new OUT needs an existing directory. 0, or CLI_BAD_INPUT with a message. */
static int check_out_dir(const char *out)
{
    char dir[4096];
    struct stat st;
    klar_path_dir(out, dir, sizeof dir);
    if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
        fprintf(stderr, "klar %s: %s: the directory %s does not exist\n", COMMAND, out, dir);
        return CLI_BAD_INPUT;
    }
    return 0;
}

/* Checks the database and OUT before anything is written. 0, or CLI_BAD_INPUT with a message.
 * An existing OUT is refused without --force, and always when it is the database itself. */
static int check_paths(const char *db, const char *out, int force)
{
    if (klar_store_is_postgres_url(db)) {
        fprintf(stderr, "klar %s: --db is a PostgreSQL URL; klar backup copies SQLite files only: "
                        "use pg_dump (e.g. pg_dump --format=custom --file=OUT URL)\n", COMMAND);
        return CLI_BAD_INPUT;
    }
    struct stat sdb, sout;
    if (stat(db, &sdb) != 0) {
        fprintf(stderr, "klar %s: %s: %s\n", COMMAND, db,
                errno == ENOENT ? "no such database file" : strerror(errno));
        return CLI_BAD_INPUT;
    }
    if (!S_ISREG(sdb.st_mode) || sdb.st_size == 0) {
        fprintf(stderr, "klar %s: %s: %s, not a database\n", COMMAND, db,
                S_ISREG(sdb.st_mode) ? "an empty file" : "not a file");
        return CLI_BAD_INPUT;
    }
    if (stat(out, &sout) != 0)
        return check_out_dir(out);
    if (sout.st_dev == sdb.st_dev && sout.st_ino == sdb.st_ino) {
        fprintf(stderr, "klar %s: %s: OUT is the database itself\n", COMMAND, out);
        return CLI_BAD_INPUT;
    }
    if (S_ISDIR(sout.st_mode)) {
        fprintf(stderr, "klar %s: %s: OUT is a directory; name the file to write\n", COMMAND, out);
        return CLI_BAD_INPUT;
    }
    if (!force) {
        fprintf(stderr, "klar %s: %s exists; give --force to replace it\n", COMMAND, out);
        return CLI_BAD_INPUT;
    }
    return 0;
}

/* Opens the copy at path as a klar database and runs PRAGMA integrity_check; the schema
 * version into *version. 0, or -1 with err saying what is wrong. */
static int verify_copy(const char *path, int *version, klar_error *err)
{
    klar_store *s = klar_store_open(path, err);
    if (!s)
        return -1;
    *version = klar_store_schema_version(s);
    klar_stmt *st = klar_store_prepare(s, "PRAGMA integrity_check", err);
    int rc = st ? klar_stmt_step(st, err) : -1;
    if (rc == KLAR_STMT_ROW) {
        const char *verdict = klar_stmt_column_text(st, 0);
        if (verdict && strcmp(verdict, "ok") == 0) {
            rc = 0;
        } else {
            klar_error_set(err, path, 0, "integrity check failed: %s", verdict ? verdict : "(null)");
            rc = -1;
        }
    } else if (rc == KLAR_STMT_DONE) {
        klar_error_set(err, path, 0, "integrity check gave no answer");
        rc = -1;
    }
    klar_stmt_finalize(st);
    klar_store_close(s);
    return rc;
}

/* fsyncs the directory that holds path, so a new name in it survives a crash. 0, or -1 with
 * err. */
static int sync_dir_of(const char *path, klar_error *err)
{
    char dir[4096];
    klar_path_dir(path, dir, sizeof dir);
    int fd = open(dir, O_RDONLY | O_DIRECTORY);
    if (fd < 0 || fsync(fd) != 0) {
        klar_error_set(err, dir, 0, "cannot sync the directory: %s", strerror(errno));
        if (fd >= 0)
            close(fd);
        return -1;
    }
    close(fd);
    return 0;
}

/* Gives the checked copy tmp the name out: rename with --force; otherwise a hard link, which
 * fails if out exists (also if it appeared during the backup), then tmp is removed. A file
 * system without hard links falls back to a last look and rename. 0, or -1 with err. */
static int put_in_place(const char *tmp, const char *out, int force, klar_error *err)
{
    if (!force) {
        if (link(tmp, out) == 0) {
            unlink(tmp);
            return sync_dir_of(out, err);
        }
        if (errno == EEXIST || access(out, F_OK) == 0) {
            klar_error_set(err, out, 0, "appeared while the backup ran; give --force to replace it");
            return -1;
        }
    }
    if (rename(tmp, out) != 0) {
        klar_error_set(err, out, 0, "cannot rename %s into place: %s", tmp, strerror(errno));
        return -1;
    }
    return sync_dir_of(out, err);
}

/* Copies db to out through the temporary file tmp and checks it; the exit status. */
static int backup(const char *db, const char *out, int force)
{
    char tmp[4096];
    if (snprintf(tmp, sizeof tmp, "%s.klar-backup-%ld", out, (long)getpid()) >= (int)sizeof tmp) {
        fprintf(stderr, "klar %s: %s: path too long\n", COMMAND, out);
        return CLI_BAD_INPUT;
    }
    klar_error err;
    int version = 0;
    if (klar_store_backup(db, tmp, &err) != 0) {
        fprintf(stderr, "klar %s: copying %s: %s\n", COMMAND, db, err.message);
        unlink(tmp);
        return CLI_BAD_INPUT;
    }
    if (verify_copy(tmp, &version, &err) != 0 || put_in_place(tmp, out, force, &err) != 0) {
        fprintf(stderr, "klar %s: %s (nothing written to %s)\n", COMMAND, err.message, out);
        unlink(tmp);
        return CLI_BAD_INPUT;
    }
    struct stat st;
    long long bytes = stat(out, &st) == 0 ? (long long)st.st_size : -1;
    printf("backed up %s to %s: %lld bytes, schema version %d, integrity ok\n", db, out, bytes,
           version);
    return CLI_OK;
}

int cmd_backup(int argc, char **argv)
{
    cli_args args;
    if (cli_parse(COMMAND, argc, argv, options, NOPTIONS, &args) != 0)
        return CLI_USAGE;
    if (args.help) {
        print_help();
        return CLI_OK;
    }
    if (args.npositional != 1) {
        fprintf(stderr, "klar %s: %s; see 'klar %s --help'\n", COMMAND,
                args.npositional == 0 ? "the file to write (OUT) is required" : "give exactly one OUT",
                COMMAND);
        return CLI_USAGE;
    }
    const char *db = cli_value(&args, options, NOPTIONS, "db");
    if (db && !*db) {
        fprintf(stderr, "klar %s: --db needs a file name\n", COMMAND);
        return CLI_USAGE;
    }
    const char *out = args.positional[0];
    if (!*out) {
        fprintf(stderr, "klar %s: OUT is empty; name the file to write\n", COMMAND);
        return CLI_USAGE;
    }
    int force = cli_value(&args, options, NOPTIONS, "force") != NULL;
    int rc = check_paths(db ? db : DEFAULT_DB, out, force);
    return rc ? rc : backup(db ? db : DEFAULT_DB, out, force);
}
