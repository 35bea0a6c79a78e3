/* test_runqueue.c - the fair queue of engine runs (server/runqueue.c): runs of a user who asks
 * for many take turns with other users' runs, the queue and a user's share of it are bounded,
 * a run that waited too long is answered 503 when its turn comes, and a stop ends the running
 * run and answers the waiting ones 503. A "blocker" run holds the
 * only runner until the test lets it go, so that the order does not depend on timing. */
#include "test.h"

#include "runqueue.h"

#include <pthread.h>
#include <string.h>
#include <time.h>

#define MAX_DONE 16

/* What the runs did, in order. */
typedef struct journal {
    pthread_mutex_t lock;
    int gate_open, blocker_started;
    char order[MAX_DONE][SRV_RUN_USER_SIZE + 8];
    int status[MAX_DONE];
    int ndone;
} journal;

static journal log_;

static void pause_ms(void)
{
    struct timespec ts = {0, 1000000};
    nanosleep(&ts, NULL);
}

typedef struct test_job {
    srv_run_job job;               /* first */
    char name[16];                 /* "A1" */
    int blocker;                   /* holds the runner until the gate opens or the queue stops */
} test_job;

static void wait_for_gate(const srv_run_job *job)
{
    pthread_mutex_lock(&log_.lock);
    log_.blocker_started = 1;
    while (!log_.gate_open && !atomic_load(job->stopping)) {
        pthread_mutex_unlock(&log_.lock);
        pause_ms();
        pthread_mutex_lock(&log_.lock);
    }
    pthread_mutex_unlock(&log_.lock);
}

static void work(srv_run_job *job, srv_response *res)
{
    test_job *t = (test_job *)job;
    if (t->blocker)
        wait_for_gate(job);
    srv_respond_json(res, 200, json_string(t->name));
}

static void done(srv_run_job *job, srv_response *res)
{
    test_job *t = (test_job *)job;
    pthread_mutex_lock(&log_.lock);
    if (log_.ndone < MAX_DONE) {
        snprintf(log_.order[log_.ndone], sizeof log_.order[0], "%s", t->name);
        log_.status[log_.ndone] = res->status;
    }
    log_.ndone++;
    pthread_mutex_unlock(&log_.lock);
}

static void journal_reset(void)
{
    pthread_mutex_lock(&log_.lock);
    log_.gate_open = log_.blocker_started = log_.ndone = 0;
    pthread_mutex_unlock(&log_.lock);
}

/* Waits until the blocker runs (1), or gives up after some seconds (0). */
static int blocker_running(void)
{
    int ok;
    pthread_mutex_lock(&log_.lock);
    for (int i = 0; i < 5000 && !log_.blocker_started; i++) {
        pthread_mutex_unlock(&log_.lock);
        pause_ms();
        pthread_mutex_lock(&log_.lock);
    }
    ok = log_.blocker_started;
    pthread_mutex_unlock(&log_.lock);
    return ok;
}

static void open_gate(void)
{
    pthread_mutex_lock(&log_.lock);
    log_.gate_open = 1;
    pthread_mutex_unlock(&log_.lock);
}

/* Waits until n runs are done (1), or gives up after some seconds (0). */
static int wait_done(int n)
{
    pthread_mutex_lock(&log_.lock);
    for (int i = 0; i < 5000 && log_.ndone < n; i++) {
        pthread_mutex_unlock(&log_.lock);
        pause_ms();
        pthread_mutex_lock(&log_.lock);
    }
    int ok = log_.ndone >= n;
    pthread_mutex_unlock(&log_.lock);
    return ok;
}

static test_job make(const char *user, const char *name, int blocker)
{
    test_job t;
    memset(&t, 0, sizeof t);
    t.job.work = work;
    t.job.done = done;
    snprintf(t.job.user, sizeof t.job.user, "%s", user);
    snprintf(t.name, sizeof t.name, "%s", name);
    t.blocker = blocker;
    return t;
}

static void test_users_take_turns(void)
{
    journal_reset();
    srv_runqueue *q = srv_runqueue_new(1, 10, 3, 60);
    CHECK(q != NULL);
    if (!q)
        return;
    test_job x = make("xena", "X", 1), a1 = make("anna", "A1", 0), a2 = make("anna", "A2", 0),
             a3 = make("anna", "A3", 0), b1 = make("bo", "B1", 0), c1 = make("cato", "C1", 0);
    CHECK(srv_runqueue_submit(q, &x.job) == SRV_RUN_QUEUED);
    CHECK(blocker_running());
    /* anna asks for three runs before bo and cato ask for one each */
    test_job *asked[] = {&a1, &a2, &a3, &b1, &c1};
    for (size_t i = 0; i < sizeof asked / sizeof asked[0]; i++)
        CHECK(srv_runqueue_submit(q, &asked[i]->job) == SRV_RUN_QUEUED);
    CHECK(srv_runqueue_waiting(q) == 5);
    open_gate();
    CHECK(wait_done(6));
    const char *want[] = {"X", "A1", "B1", "C1", "A2", "A3"};
    for (int i = 0; i < 6; i++) {
        CHECK(strcmp(log_.order[i], want[i]) == 0);
        CHECK(log_.status[i] == 200);
    }
    CHECK(srv_runqueue_waiting(q) == 0);
    srv_runqueue_free(q);
}

/* With the server's share of 2 runs a user: a plain queue would run A2 before B1. */
static void test_turns_with_two_a_user(void)
{
    journal_reset();
    srv_runqueue *q = srv_runqueue_new(1, 16, 2, 60);
    CHECK(q != NULL);
    if (!q)
        return;
    test_job x = make("xena", "X", 1), a1 = make("anna", "A1", 0), a2 = make("anna", "A2", 0),
             b1 = make("bo", "B1", 0);
    CHECK(srv_runqueue_submit(q, &x.job) == SRV_RUN_QUEUED);
    CHECK(blocker_running());
    CHECK(srv_runqueue_submit(q, &a1.job) == SRV_RUN_QUEUED);
    CHECK(srv_runqueue_submit(q, &a2.job) == SRV_RUN_QUEUED);
    CHECK(srv_runqueue_submit(q, &b1.job) == SRV_RUN_QUEUED);
    open_gate();
    CHECK(wait_done(4));
    const char *want[] = {"X", "A1", "B1", "A2"};
    for (int i = 0; i < 4; i++)
        CHECK(strcmp(log_.order[i], want[i]) == 0);
    srv_runqueue_free(q);
}

/* A run that waited longer than the queue's bound when its turn comes is answered 503. */
static void test_waited_too_long(void)
{
    journal_reset();
    srv_runqueue *q = srv_runqueue_new(1, 16, 2, 0.05);
    CHECK(q != NULL);
    if (!q)
        return;
    test_job x = make("xena", "X", 1), a1 = make("anna", "A1", 0);
    CHECK(srv_runqueue_submit(q, &x.job) == SRV_RUN_QUEUED);
    CHECK(blocker_running());
    CHECK(srv_runqueue_submit(q, &a1.job) == SRV_RUN_QUEUED);
    for (int i = 0; i < 100; i++)      /* 100 ms: twice the bound, however slow the machine */
        pause_ms();
    open_gate();
    CHECK(wait_done(2));
    CHECK(strcmp(log_.order[0], "X") == 0 && log_.status[0] == 200);
    CHECK(strcmp(log_.order[1], "A1") == 0 && log_.status[1] == 503);
    srv_runqueue_free(q);
}

static void test_bounds(void)
{
    journal_reset();
    srv_runqueue *q = srv_runqueue_new(1, 3, 2, 60);
    CHECK(q != NULL);
    if (!q)
        return;
    test_job x = make("xena", "X", 1), x2 = make("xena", "X2", 0), a1 = make("anna", "A1", 0),
             a2 = make("anna", "A2", 0), a3 = make("anna", "A3", 0), b1 = make("bo", "B1", 0),
             c1 = make("cato", "C1", 0);
    CHECK(srv_runqueue_submit(q, &x.job) == SRV_RUN_QUEUED);
    CHECK(blocker_running());
    CHECK(srv_runqueue_submit(q, &x2.job) == SRV_RUN_QUEUED);     /* one running, one waiting */
    CHECK(srv_runqueue_submit(q, &a1.job) == SRV_RUN_QUEUED);
    CHECK(srv_runqueue_submit(q, &a2.job) == SRV_RUN_QUEUED);     /* three wait: the queue is full */
    CHECK(srv_runqueue_submit(q, &a3.job) == SRV_RUN_USER_BUSY);  /* anna has her two */
    CHECK(srv_runqueue_submit(q, &b1.job) == SRV_RUN_QUEUE_FULL);
    open_gate();
    CHECK(wait_done(4));
    CHECK(srv_runqueue_submit(q, &c1.job) == SRV_RUN_QUEUED);     /* room again */
    CHECK(wait_done(5));
    srv_runqueue_free(q);
}

static void test_stop(void)
{
    journal_reset();
    srv_runqueue *q = srv_runqueue_new(1, 10, 3, 60);
    CHECK(q != NULL);
    if (!q)
        return;
    test_job x = make("xena", "X", 1), a1 = make("anna", "A1", 0), b1 = make("bo", "B1", 0),
             c1 = make("cato", "C1", 0);
    CHECK(srv_runqueue_submit(q, &x.job) == SRV_RUN_QUEUED);
    CHECK(blocker_running());
    CHECK(srv_runqueue_submit(q, &a1.job) == SRV_RUN_QUEUED);
    CHECK(srv_runqueue_submit(q, &b1.job) == SRV_RUN_QUEUED);
    srv_runqueue_stop(q);        /* the gate never opens: the blocker sees the stop */
    CHECK(log_.ndone == 3);
    CHECK(strcmp(log_.order[0], "X") == 0 && log_.status[0] == 200);
    CHECK(strcmp(log_.order[1], "A1") == 0 && log_.status[1] == 503);
    CHECK(strcmp(log_.order[2], "B1") == 0 && log_.status[2] == 503);
    CHECK(srv_runqueue_submit(q, &c1.job) == SRV_RUN_STOPPING);
    srv_runqueue_stop(q);        /* twice is fine */
    srv_runqueue_free(q);
    srv_runqueue_free(NULL);
}

int main(void)
{
    pthread_mutex_init(&log_.lock, NULL);
    RUN(test_users_take_turns);
    RUN(test_turns_with_two_a_user);
    RUN(test_waited_too_long);
    RUN(test_bounds);
    RUN(test_stop);
    pthread_mutex_destroy(&log_.lock);
    return test_finish();
}
