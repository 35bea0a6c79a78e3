/* runqueue.c - the fair queue of engine runs (runqueue.h).
 *
 * Turns: a job gets the turn max(the turn of the last job started, the user's latest turn
 * still waiting or running) + 1, and the runners start the waiting job of the lowest turn
 * (the earliest among equals: the list is in arrival order). A user with a run waiting thus
 * goes after every user who asked for one meanwhile: round robin over users, without keeping
 * anything about a user who has nothing queued. The waiting list is short (bounded by
 * max_waiting), so it is scanned. */
#include "runqueue.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

struct srv_runqueue {
    pthread_mutex_t lock;
    pthread_cond_t ready;            /* a job waits, or the queue stops */
    srv_run_job *waiting;            /* in arrival order */
    int nwaiting, max_waiting, max_per_user;
    double max_wait;                 /* seconds a run may wait for its turn */
    srv_run_job **running;           /* one slot per runner, NULL when idle */
    pthread_t *threads;
    int nthreads;                    /* started */
    unsigned long long last_turn;    /* of the job started last */
    atomic_int stopping;
    int joined;
};

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Answers job 503 through its done, with message, outside the lock. */
static void refuse(srv_run_job *job, const char *message, int retry_after)
{
    srv_response res = {0};
    srv_respond_error(&res, 503, NULL, "%s", message);
    if (retry_after)
        srv_response_header(&res, "Retry-After", "%d", retry_after);
    job->done(job, &res);
    srv_response_clear(&res);
}

/* ---- turns -------------------------------------------------------------------------------- */

/* The runs of user waiting or running, and the latest turn among them (0: none). */
static int user_share(const srv_runqueue *q, const char *user, unsigned long long *latest)
{
    int n = 0;
    *latest = 0;
    for (const srv_run_job *j = q->waiting; j; j = j->next)
        if (strcmp(j->user, user) == 0) {
            n++;
            if (j->turn > *latest)
                *latest = j->turn;
        }
    for (int i = 0; i < q->nthreads; i++) {
        const srv_run_job *j = q->running[i];
        if (j && strcmp(j->user, user) == 0) {
            n++;
            if (j->turn > *latest)
                *latest = j->turn;
        }
    }
    return n;
}

/* Unlinks and returns the waiting job of the lowest turn (the earliest among equals). */
static srv_run_job *take_next(srv_runqueue *q)
{
    srv_run_job **best = &q->waiting;
    for (srv_run_job **p = &q->waiting; *p; p = &(*p)->next)
        if ((*p)->turn < (*best)->turn)
            best = p;
    srv_run_job *job = *best;
    *best = job->next;
    job->next = NULL;
    q->nwaiting--;
    return job;
}

static void append_waiting(srv_runqueue *q, srv_run_job *job)
{
    srv_run_job **p = &q->waiting;
    while (*p)
        p = &(*p)->next;
    *p = job;
    q->nwaiting++;
}

/* ---- runners ------------------------------------------------------------------------------ */

typedef struct runner_arg {
    srv_runqueue *q;
    int slot;
} runner_arg;

/* Runs job outside the lock and answers through its done; slot is the runner's. */
static void run_one(srv_runqueue *q, int slot, srv_run_job *job)
{
    srv_response res = {0};
    job->work(job, &res);
    pthread_mutex_lock(&q->lock);
    q->running[slot] = NULL;
    pthread_mutex_unlock(&q->lock);
    job->done(job, &res);
    srv_response_clear(&res);
}

static void *runner(void *arg)
{
    runner_arg *ra = arg;
    srv_runqueue *q = ra->q;
    int slot = ra->slot;
    free(ra);
    pthread_mutex_lock(&q->lock);
    for (;;) {
        while (!atomic_load(&q->stopping) && !q->waiting)
            pthread_cond_wait(&q->ready, &q->lock);
        if (atomic_load(&q->stopping))
            break;
        srv_run_job *job = take_next(q);
        if (now_seconds() - job->queued_at > q->max_wait) {
            pthread_mutex_unlock(&q->lock);
            refuse(job, "the run waited too long for its turn and did not start; try again "
                   "when fewer runs are waiting", 10);
            pthread_mutex_lock(&q->lock);
            continue;
        }
        q->last_turn = job->turn;
        q->running[slot] = job;
        pthread_mutex_unlock(&q->lock);
        run_one(q, slot, job);
        pthread_mutex_lock(&q->lock);
    }
    pthread_mutex_unlock(&q->lock);
    return NULL;
}

static int start_runner(srv_runqueue *q)
{
    runner_arg *ra = malloc(sizeof *ra);
    if (!ra)
        return -1;
    ra->q = q;
    ra->slot = q->nthreads;
    if (pthread_create(&q->threads[q->nthreads], NULL, runner, ra) != 0) {
        free(ra);
        return -1;
    }
    q->nthreads++;
    return 0;
}

/* ---- the queue ---------------------------------------------------------------------------- */

srv_runqueue *srv_runqueue_new(int runners, int max_waiting, int max_per_user,
                               double max_wait)
{
    if (runners < 1)
        runners = 1;
    srv_runqueue *q = calloc(1, sizeof *q);
    if (!q)
        return NULL;
    q->running = calloc((size_t)runners, sizeof *q->running);
    q->threads = calloc((size_t)runners, sizeof *q->threads);
    q->max_waiting = max_waiting;
    q->max_per_user = max_per_user < 1 ? 1 : max_per_user;
    q->max_wait = max_wait;
    atomic_init(&q->stopping, 0);
    pthread_mutex_init(&q->lock, NULL);
    pthread_cond_init(&q->ready, NULL);
    int ok = q->running && q->threads;
    while (ok && q->nthreads < runners)
        ok = start_runner(q) == 0;
    if (!ok) {
        srv_runqueue_free(q);
        return NULL;
    }
    return q;
}

srv_run_submit srv_runqueue_submit(srv_runqueue *q, srv_run_job *job)
{
    unsigned long long latest;
    srv_run_submit rc = SRV_RUN_QUEUED;
    pthread_mutex_lock(&q->lock);
    if (atomic_load(&q->stopping))
        rc = SRV_RUN_STOPPING;
    else if (user_share(q, job->user, &latest) >= q->max_per_user)
        rc = SRV_RUN_USER_BUSY;
    else if (q->nwaiting >= q->max_waiting)
        rc = SRV_RUN_QUEUE_FULL;
    if (rc == SRV_RUN_QUEUED) {
        job->stopping = &q->stopping;
        job->turn = (latest > q->last_turn ? latest : q->last_turn) + 1;
        job->queued_at = now_seconds();
        job->next = NULL;
        append_waiting(q, job);
        pthread_cond_signal(&q->ready);
    }
    pthread_mutex_unlock(&q->lock);
    return rc;
}

int srv_runqueue_waiting(srv_runqueue *q)
{
    if (!q)
        return 0;
    pthread_mutex_lock(&q->lock);
    int n = q->nwaiting;
    pthread_mutex_unlock(&q->lock);
    return n;
}

int srv_runqueue_running(srv_runqueue *q)
{
    int n = 0;
    if (!q)
        return 0;
    pthread_mutex_lock(&q->lock);
    for (int i = 0; i < q->nthreads; i++)
        n += q->running[i] != NULL;
    pthread_mutex_unlock(&q->lock);
    return n;
}

/* Answers every waiting job 503 through its done (the runners have ended). */
static void refuse_waiting(srv_runqueue *q)
{
    for (;;) {
        pthread_mutex_lock(&q->lock);
        srv_run_job *job = q->waiting ? take_next(q) : NULL;
        pthread_mutex_unlock(&q->lock);
        if (!job)
            return;
        refuse(job, "the server is stopping; the run did not start", 0);
    }
}

void srv_runqueue_stop(srv_runqueue *q)
{
    pthread_mutex_lock(&q->lock);
    atomic_store(&q->stopping, 1);
    pthread_cond_broadcast(&q->ready);
    int join = !q->joined;
    q->joined = 1;
    pthread_mutex_unlock(&q->lock);
    if (!join)
        return;
    for (int i = 0; i < q->nthreads; i++)
        pthread_join(q->threads[i], NULL);
    refuse_waiting(q);
}

void srv_runqueue_free(srv_runqueue *q)
{
    if (!q)
        return;
    srv_runqueue_stop(q);
    pthread_cond_destroy(&q->ready);
    pthread_mutex_destroy(&q->lock);
    free(q->running);
    free(q->threads);
    free(q);
}
