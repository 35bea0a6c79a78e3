/* test.h - the smallest test harness: checks count failures, a test is a function.
 *
 *   static void test_x(void) { CHECK(1 + 1 == 2); CHECK_NEAR(a, b, 1e-9); }
 *   int main(void) { RUN(test_x); return test_finish(); }
 *
 * Each binary prints one line per failed check and, at the end, "name: N passed, N failed,
 * N skipped" counting tests; tests/run.sh adds the binaries up. */
#ifndef KLAR_TEST_H
#define KLAR_TEST_H

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int test_failures_in_current;
static int test_skipped_current;
static int tests_passed, tests_failed, tests_skipped;
static const char *test_current_name = "";

#define CHECK(cond) test_check((cond), #cond, __FILE__, __LINE__)
#define CHECK_NEAR(a, b, tol) test_check_near((double)(a), (double)(b), (double)(tol), #a, #b, __FILE__, __LINE__)
#define RUN(fn) test_run(fn, #fn)

static inline void test_check(int ok, const char *expr, const char *file, int line)
{
    if (!ok) {
        test_failures_in_current++;
        fprintf(stderr, "%s:%d: %s: check failed: %s\n", file, line, test_current_name, expr);
    }
}

static inline void test_check_near(double a, double b, double tol, const char *ea, const char *eb,
                                   const char *file, int line)
{
    if (!(fabs(a - b) <= tol)) {
        test_failures_in_current++;
        fprintf(stderr, "%s:%d: %s: %s = %.10g, %s = %.10g, differ by more than %g\n", file, line,
                test_current_name, ea, a, eb, b, tol);
    }
}

/* Marks the current test as skipped with a reason (e.g. shared data absent). */
static inline void test_skip(const char *why)
{
    test_skipped_current = 1;
    fprintf(stderr, "SKIP %s: %s\n", test_current_name, why);
}

static inline void test_run(void (*fn)(void), const char *name)
{
    test_current_name = name;
    test_failures_in_current = 0;
    test_skipped_current = 0;
    fn();
    if (test_failures_in_current)
        tests_failed++;
    else if (test_skipped_current)
        tests_skipped++;
    else
        tests_passed++;
}

static inline int test_finish(void)
{
    printf("%d passed, %d failed, %d skipped\n", tests_passed, tests_failed, tests_skipped);
    return tests_failed ? 1 : 0;
}

/* 1 if needle occurs in haystack. */
static inline int test_contains(const char *haystack, const char *needle)
{
    return haystack && strstr(haystack, needle) != NULL;
}

/* 1 if s starts with prefix; otherwise says what it got, for the failure report. */
static inline int test_starts_with(const char *s, const char *prefix)
{
    int ok = strncmp(s, prefix, strlen(prefix)) == 0;
    if (!ok)
        fprintf(stderr, "  expected '%s...', got '%s'\n", prefix, s);
    return ok;
}

/* Writes text to dir/name; 0, or -1 if the file cannot be written. */
static inline int test_write_file(const char *dir, const char *name, const char *text)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *fp = fopen(path, "w");
    if (!fp)
        return -1;
    fputs(text, fp);
    return fclose(fp) == 0 ? 0 : -1;
}

/* Writes text to a fresh temporary file and returns its path (static storage, one at a time). */
static inline const char *test_temp_file(const char *text)
{
    static char path[64];
    snprintf(path, sizeof path, "/tmp/klar-test-XXXXXX");
    int fd = mkstemp(path);
    FILE *fp = fd >= 0 ? fdopen(fd, "w") : NULL;
    if (fp) {
        fputs(text, fp);
        fclose(fp);
    }
    return path;
}

/* Path to ../shared/data/<rel> from the project root, or NULL if that file is absent. */
static inline const char *test_shared_path(const char *rel)
{
    static char buf[1024];
    const char *root = getenv("KLAR_SHARED_DATA");
    snprintf(buf, sizeof buf, "%s/%s", root && *root ? root : "../shared/data", rel);
    struct stat st;
    return stat(buf, &st) == 0 ? buf : NULL;
}

#endif
