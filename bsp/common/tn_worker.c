#include "tn_worker.h"

#include <stddef.h>
#include <string.h>

#include "sni.h"
#include "tn_port.h"

static tn_job jobs[TN_WORKER_JOBS];
static tn_job *queue_head;
static tn_job *queue_tail;

tn_job *tn_job_acquire(void)
{
    tn_job *found = NULL;
    uint32_t s = tn_port_lock();
    for (int i = 0; i < TN_WORKER_JOBS; i++) {
        if (jobs[i].state == TN_JOB_FREE) {
            jobs[i].state = TN_JOB_CLAIMED;
            found = &jobs[i];
            break;
        }
    }
    tn_port_unlock(s);
    return found;
}

void tn_job_submit(tn_job *job)
{
    uint32_t s = tn_port_lock();
    job->next = NULL;
    job->state = TN_JOB_QUEUED;
    if (queue_tail == NULL) {
        queue_head = job;
    } else {
        queue_tail->next = job;
    }
    queue_tail = job;
    tn_port_unlock(s);
    tn_port_worker_wake();
}

void tn_job_release(tn_job *job)
{
    /* volatile stores so the wipe of key material is not optimised away */
    volatile uint8_t *p = (volatile uint8_t *) &job->io;
    for (size_t i = 0; i < sizeof job->io; i++) {
        p[i] = 0;
    }
    uint32_t s = tn_port_lock();
    job->run = NULL;
    job->next = NULL;
    job->result = 0;
    job->java_thread = -1;
    job->state = TN_JOB_FREE;
    tn_port_unlock(s);
}

int tn_worker_run_pending(void)
{
    int ran = 0;
    for (;;) {
        uint32_t s = tn_port_lock();
        tn_job *job = queue_head;
        if (job != NULL) {
            queue_head = job->next;
            if (queue_head == NULL) {
                queue_tail = NULL;
            }
        }
        tn_port_unlock(s);
        if (job == NULL) {
            return ran;
        }
        int32_t result = job->run(job);
        s = tn_port_lock();
        job->result = result;
        job->state = TN_JOB_DONE;
        tn_port_unlock(s);
        /* If the thread is not suspended yet the resume stays pending and its suspend returns at once. */
        (void) SNI_resumeJavaThread(job->java_thread);
        ran++;
    }
}

int tn_worker_busy(void)
{
    int n = 0;
    uint32_t s = tn_port_lock();
    for (int i = 0; i < TN_WORKER_JOBS; i++) {
        if (jobs[i].state != TN_JOB_FREE) {
            n++;
        }
    }
    tn_port_unlock(s);
    return n;
}
