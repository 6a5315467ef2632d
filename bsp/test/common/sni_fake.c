#include "sni_fake.h"

#include "check.h"
#include "tn_natives.h"
#include "tn_worker.h"

static int32_t current = -1;
static int suspended;
static int suspensions;
static int resumes;
static SNI_callback pending_callback;
static void *pending_arg;
static int in_callback;

void sni_fake_reset(int32_t current_thread)
{
    current = current_thread;
    suspended = 0;
    suspensions = 0;
    resumes = 0;
    pending_callback = NULL;
    pending_arg = NULL;
}

int sni_fake_suspensions(void)
{
    return suspensions;
}

int sni_fake_resumes(void)
{
    return resumes;
}

int32_t SNI_getCurrentJavaThreadID(void)
{
    return current < 0 ? SNI_ERROR : current;
}

int32_t SNI_suspendCurrentJavaThreadWithCallback(int64_t timeout, SNI_callback callback, void *arg)
{
    (void) timeout;
    if (current < 0) {
        return SNI_ERROR;
    }
    suspended = 1;
    suspensions++;
    pending_callback = callback;
    pending_arg = arg;
    return SNI_OK;
}

int32_t SNI_resumeJavaThread(int32_t id)
{
    if (id != current) {
        return SNI_ERROR;
    }
    resumes++;
    return SNI_OK;
}

int32_t SNI_getCallbackArgs(void **suspendArg, void **resumeArg)
{
    if (!in_callback) {
        return SNI_ERROR;
    }
    *suspendArg = pending_arg;
    if (resumeArg != NULL) {
        *resumeArg = NULL;
    }
    return SNI_OK;
}

/* Runs the worker as its task would and reports whether the suspended thread was resumed. */
static int complete_suspension(void)
{
    int before = resumes;
    int ran = tn_worker_run_pending();
    CHECK(ran == 1, "worker ran %d jobs, expected 1", ran);
    CHECK(resumes == before + 1, "worker did not resume the Java thread");
    suspended = 0;
    return resumes == before + 1;
}

typedef jint (*x25519_fn)(jbyte *, jint, jbyte *, jint, jbyte *, jint);
typedef jint (*erase_fn)(jint);

jint call_x25519(jbyte *out, jint outOff, jbyte *scalar, jint scalarOff, jbyte *u, jint uOff)
{
    jint rc = Java_io_tailnode_crypto_sni_CryptoNatives_x25519(out, outOff, scalar, scalarOff, u, uOff);
    if (!suspended) {
        return rc;
    }
    if (!complete_suspension()) {
        return -99;
    }
    in_callback = 1;
    rc = ((x25519_fn) pending_callback)(out, outOff, scalar, scalarOff, u, uOff);
    in_callback = 0;
    return rc;
}

jint call_flash_erase(jint sector)
{
    jint rc = Java_io_tailnode_firmware_board_BoardNatives_flashErase(sector);
    if (!suspended) {
        return rc;
    }
    if (!complete_suspension()) {
        return -99;
    }
    in_callback = 1;
    rc = ((erase_fn) pending_callback)(sector);
    in_callback = 0;
    return rc;
}
