/* bench_startup.c - start-up of the klar process for a command that touches no PostgreSQL
 * (`klar surge --help`; target under 5 ms), against a baseline measured in the same run: the
 * start of /bin/true, the least a process costs here. The best and the median of 200 starts
 * each, taken in turn. $KLAR names the binary (default build/klar). No assertions. */
#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>

extern char **environ;

#define STARTS 200

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* One start of argv to its exit (output to /dev/null) in ms, or -1. */
static double start(char *const argv[], posix_spawn_file_actions_t *quiet)
{
    pid_t pid;
    int status;
    double t0 = now_ms();
    if (posix_spawn(&pid, argv[0], quiet, NULL, argv, environ) != 0 ||
        waitpid(pid, &status, 0) != pid || !WIFEXITED(status) || WEXITSTATUS(status) != 0)
        return -1;
    return now_ms() - t0;
}

static int by_value(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

int main(void)
{
    const char *klar = getenv("KLAR") ? getenv("KLAR") : "build/klar";
    char *klar_argv[] = {(char *)klar, "surge", "--help", NULL};
    char *true_argv[] = {"/bin/true", NULL};
    static double k[STARTS], b[STARTS];
    posix_spawn_file_actions_t quiet;
    posix_spawn_file_actions_init(&quiet);
    posix_spawn_file_actions_addopen(&quiet, 1, "/dev/null", O_WRONLY, 0);
    for (int i = 0; i < STARTS; i++) {
        b[i] = start(true_argv, &quiet);
        k[i] = start(klar_argv, &quiet);
        if (b[i] < 0 || k[i] < 0) {
            fprintf(stderr, "bench_startup: cannot run %s surge --help\n", klar);
            return 1;
        }
    }
    posix_spawn_file_actions_destroy(&quiet);
    qsort(k, STARTS, sizeof k[0], by_value);
    qsort(b, STARTS, sizeof b[0], by_value);
    printf("startup: klar surge --help: best %.2f ms, median %.2f ms (target < 5 ms); "
           "/bin/true (baseline, this run): best %.2f ms, median %.2f ms; klar / true %.1fx\n",
           k[0], k[STARTS / 2], b[0], b[STARTS / 2], k[STARTS / 2] / b[STARTS / 2]);
    return 0;
}
