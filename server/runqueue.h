/* runqueue.h - the fair queue of engine runs: runner threads of their own take the waiting runs
 * one at a time each, in turns by user (a user's next run waits behind the runs other users
 * asked for meanwhile), so that a user who loops runs cannot starve the others, and no
 * worker thread of the HTTP server waits for a run. The queue and each user's share of it are
 * bounded; a run over either bound is refused at once. */
#ifndef KLAR_SERVER_RUNQUEUE_H
#define KLAR_SERVER_RUNQUEUE_H

#include <stdatomic.h>

#include "response.h"

#define SRV_RUN_USER_SIZE 64

typedef struct srv_run_job srv_run_job;

/* One run. The submitter allocates it and fills the first block; the queue never frees it and
 * never touches it after calling done. */
struct srv_run_job {
    void (*work)(srv_run_job *job, srv_response *res);  /* on a runner thread: fills res */
    void (*done)(srv_run_job *job, srv_response *res);  /* after work, or (res 503) when the
                                                           run waited too long or the queue
                                                           stops before it starts; the last
                                                           the queue does with job */
    char user[SRV_RUN_USER_SIZE];  /* whose run (e.g. a user id): a user's runs take turns with
                                      other users' runs */
    void (*release)(srv_run_job *job);  /* frees the job: its owner's business, not the queue's */
    void *owner;                   /* the submitter's (server.c: the request) */
    /* the queue's */
    const atomic_int *stopping;    /* nonzero once the queue stops: work should end soon */
    unsigned long long turn;
    double queued_at;              /* monotonic seconds */
    srv_run_job *next;
};

typedef enum srv_run_submit {
    SRV_RUN_QUEUED = 0,            /* done will be called, from a runner thread or at the stop */
    SRV_RUN_QUEUE_FULL,            /* max_waiting runs wait already */
    SRV_RUN_USER_BUSY,             /* the user has max_per_user runs waiting or running */
    SRV_RUN_STOPPING               /* the queue stops */
} srv_run_submit;

typedef struct srv_runqueue srv_runqueue;

/* A queue with `runners` runner threads (at least 1) that holds at most max_waiting runs not
 * yet started and max_per_user runs of one user waiting or running; a run that has waited
 * more than max_wait seconds when its turn comes is answered 503 instead (its client may have
 * gone: a suspended connection does not notice). NULL when out of memory or a thread cannot
 * start. */
srv_runqueue *srv_runqueue_new(int runners, int max_waiting, int max_per_user,
                               double max_wait);

/* Queues job; done is called once for a queued job and never for a refused one. */
srv_run_submit srv_runqueue_submit(srv_runqueue *q, srv_run_job *job);

/* Runs waiting (not started) now, and running now (0 for a NULL queue). */
int srv_runqueue_waiting(srv_runqueue *q);
int srv_runqueue_running(srv_runqueue *q);

/* Refuses new runs, lets the running ones end (their stopping flag is set), answers the
 * waiting ones 503 through done, and joins the runner threads. Calling it again after it has
 * returned does nothing. */
void srv_runqueue_stop(srv_runqueue *q);

/* Stops the queue if need be and frees it. NULL is fine. */
void srv_runqueue_free(srv_runqueue *q);

#endif
