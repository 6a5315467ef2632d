/*
 * Suspend/resume with a real concurrent worker: a pthread plays the C worker task (woken through
 * tn_port_worker_wake, locking through tn_port_lock as on the boards), the main thread plays the VM task
 * scheduling 4 Java threads. Each Java thread calls the X25519 native on the next Wycheproof/RFC vector; a
 * suspended thread is skipped until the worker resumes it, then the VM calls the registered callback with the
 * same arguments. Checks every result, that the VM kept running other threads while jobs were in the worker,
 * and that no job leaks. Exit status = failed checks.
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>

#include "check.h"
#include "sni.h"
#include "tn_natives.h"
#include "tn_port.h"
#include "tn_vectors.h"
#include "tn_worker.h"

unsigned tn_check_failures;
unsigned tn_check_count;

/* ---- port: a mutex and a counting wake-up ---- */
static pthread_mutex_t port_mutex = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t wake_mutex = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t wake_cond = PTHREAD_COND_INITIALIZER;
static int wake_count;
static atomic_int stop_worker;

uint32_t tn_port_lock(void)
{
    pthread_mutex_lock(&port_mutex);
    return 0;
}

void tn_port_unlock(uint32_t s)
{
    (void) s;
    pthread_mutex_unlock(&port_mutex);
}

void tn_port_worker_wake(void)
{
    pthread_mutex_lock(&wake_mutex);
    wake_count++;
    pthread_cond_signal(&wake_cond);
    pthread_mutex_unlock(&wake_mutex);
}

static void *worker_task(void *arg)
{
    (void) arg;
    for (;;) {
        pthread_mutex_lock(&wake_mutex);
        while (wake_count == 0 && !atomic_load(&stop_worker)) {
            pthread_cond_wait(&wake_cond, &wake_mutex);
        }
        wake_count = 0;
        pthread_mutex_unlock(&wake_mutex);
        if (atomic_load(&stop_worker)) {
            return NULL;
        }
        tn_worker_run_pending();
    }
}

/* ---- a 4-thread VM ---- */
#define THREADS 4
typedef jint (*x25519_fn)(jbyte *, jint, jbyte *, jint, jbyte *, jint);

typedef struct {
    int waiting;            /* suspended in a native */
    atomic_int resumed;     /* set by the worker (resume may come before the native returns) */
    SNI_callback callback;
    void *arg;
    unsigned vector;        /* which vector it is computing */
    jbyte scalar[32];
    jbyte u[32];
    jbyte out[32];
} java_thread;

static java_thread threads[THREADS];
static int current = -1;
static int in_callback;

int32_t SNI_getCurrentJavaThreadID(void)
{
    return current;
}

int32_t SNI_suspendCurrentJavaThreadWithCallback(int64_t timeout, SNI_callback callback, void *arg)
{
    (void) timeout;
    threads[current].waiting = 1;
    threads[current].callback = callback;
    threads[current].arg = arg;
    return SNI_OK;
}

int32_t SNI_resumeJavaThread(int32_t id)
{
    if (id < 0 || id >= THREADS) {
        return SNI_ERROR;
    }
    atomic_store(&threads[id].resumed, 1);
    return SNI_OK;
}

int32_t SNI_getCallbackArgs(void **suspendArg, void **resumeArg)
{
    if (!in_callback) {
        return SNI_ERROR;
    }
    *suspendArg = threads[current].arg;
    if (resumeArg != NULL) {
        *resumeArg = NULL;
    }
    return SNI_OK;
}

static void check_result(java_thread *t, jint rc)
{
    const tn_x25519_vector *v = &tn_x25519_vectors[t->vector];
    int zero = 1;
    for (int i = 0; i < 32; i++) {
        zero &= v->shared[i] == 0;
    }
    CHECK(rc == (zero ? -1 : 0) && memcmp(t->out, v->shared, 32) == 0, "%s through the threaded worker", v->name);
}

int main(void)
{
    pthread_t worker;
    pthread_create(&worker, NULL, worker_task, NULL);
    unsigned next = 0;
    unsigned done = 0;
    unsigned calls_while_busy = 0;
    unsigned total = tn_x25519_vector_count;
    while (done < total) {
        for (int id = 0; id < THREADS; id++) {
            java_thread *t = &threads[id];
            current = id;
            if (t->waiting) {
                if (!atomic_load(&t->resumed)) {
                    continue; /* still in the worker: the VM runs the other threads */
                }
                atomic_store(&t->resumed, 0);
                t->waiting = 0;
                in_callback = 1;
                jint rc = ((x25519_fn) t->callback)(t->out, 0, t->scalar, 0, t->u, 0);
                in_callback = 0;
                check_result(t, rc);
                done++;
            } else if (next < total) {
                t->vector = next++;
                memcpy(t->scalar, tn_x25519_vectors[t->vector].scalar, 32);
                memcpy(t->u, tn_x25519_vectors[t->vector].u, 32);
                if (tn_worker_busy() > 0) {
                    calls_while_busy++;
                }
                jint rc = Java_io_tailnode_crypto_sni_CryptoNatives_x25519(t->out, 0, t->scalar, 0, t->u, 0);
                if (!t->waiting) {
                    check_result(t, rc); /* inline fallback */
                    done++;
                }
            }
        }
    }
    atomic_store(&stop_worker, 1);
    tn_port_worker_wake();
    pthread_join(worker, NULL);
    CHECK(tn_worker_busy() == 0, "jobs leaked: %d", tn_worker_busy());
    CHECK(calls_while_busy > 0, "the VM kept calling natives while the worker was busy (%u of %u)",
            calls_while_busy, total);
    printf("worker-threads: %u X25519 through a concurrent worker, %u calls made while jobs were pending; %u checks, "
           "%u failed\n", total, calls_while_busy, tn_check_count, tn_check_failures);
    return tn_check_failures > 255 ? 255 : (int) tn_check_failures;
}
