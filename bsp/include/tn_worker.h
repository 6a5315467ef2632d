/*
 * Natives that take about a millisecond or more (X25519 through mbedTLS, a flash sector erase) must not hold the
 * VM task: the native copies its inputs into a job, suspends the calling Java thread with a callback
 * (SNI_suspendCurrentJavaThreadWithCallback) and returns; a C worker task runs the job and resumes the thread;
 * the VM then calls the callback, which copies the result into the (possibly moved) Java arrays.
 *
 * The pool has one job per Java thread allowed on the boards (<= 4, see bsp/README.md), and a thread has at most
 * one native in flight, so acquiring a job cannot fail in a correct configuration; if it does the native runs
 * inline instead (correct, only slower for the other threads).
 */
#ifndef TN_WORKER_H
#define TN_WORKER_H

#include <stdint.h>

#define TN_WORKER_JOBS 4

enum tn_job_state { TN_JOB_FREE = 0, TN_JOB_CLAIMED, TN_JOB_QUEUED, TN_JOB_DONE };

typedef struct tn_job tn_job;
struct tn_job {
    volatile int32_t state;
    int32_t java_thread;
    int32_t result;
    int32_t (*run)(tn_job *job);
    tn_job *next;
    union {
        struct {
            uint8_t scalar[32];
            uint8_t u[32];
            uint8_t out[32];
        } x25519;
        struct {
            uint32_t sector;
        } erase;
    } io;
};

/* A free job (state CLAIMED), or NULL if all are in use. */
tn_job *tn_job_acquire(void);

/* Queues a claimed job (run set) and wakes the worker. */
void tn_job_submit(tn_job *job);

/* Wipes the job (it may hold key material) and returns it to the pool. */
void tn_job_release(tn_job *job);

/* The worker task's body: runs every queued job in order and resumes its Java thread; returns how many ran. */
int tn_worker_run_pending(void);

/* Jobs currently not free (tests and the status page). */
int tn_worker_busy(void);

#endif
