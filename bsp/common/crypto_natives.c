/* SNI natives of io.tailnode.crypto.sni.CryptoNatives over tn_crypto. */
#include <string.h>

#include "sni.h"
#include "tn_crypto.h"
#include "tn_natives.h"
#include "tn_worker.h"

static int32_t run_x25519(tn_job *job)
{
    return tn_x25519(job->io.x25519.out, job->io.x25519.scalar, job->io.x25519.u);
}

/* Called by the VM, with the native's arguments, once the worker resumed the thread. */
static jint x25519_done(jbyte *out, jint outOff, jbyte *scalar, jint scalarOff, jbyte *u, jint uOff)
{
    void *arg = NULL;
    (void) scalar;
    (void) scalarOff;
    (void) u;
    (void) uOff;
    if (SNI_getCallbackArgs(&arg, NULL) != SNI_OK || arg == NULL) {
        memset(out + outOff, 0, 32);
        return -1;
    }
    tn_job *job = (tn_job *) arg;
    memcpy(out + outOff, job->io.x25519.out, 32);
    jint rc = job->result;
    tn_job_release(job);
    return rc;
}

jint Java_io_tailnode_crypto_sni_CryptoNatives_x25519(jbyte *out, jint outOff, jbyte *scalar, jint scalarOff,
        jbyte *u, jint uOff)
{
    tn_job *job = tn_job_acquire();
    if (job != NULL) {
        /* Java arrays are valid only during this call: the worker gets copies. */
        memcpy(job->io.x25519.scalar, scalar + scalarOff, 32);
        memcpy(job->io.x25519.u, u + uOff, 32);
        job->run = run_x25519;
        job->java_thread = SNI_getCurrentJavaThreadID();
        if (job->java_thread != SNI_ERROR
                && SNI_suspendCurrentJavaThreadWithCallback(0, (SNI_callback) x25519_done, job) == SNI_OK) {
            tn_job_submit(job);
            return SNI_IGNORED_RETURNED_VALUE;
        }
        tn_job_release(job);
    }
    /* No job or not on a Java thread: compute here (slower for other threads, still correct). */
    return tn_x25519((uint8_t *) out + outOff, (const uint8_t *) scalar + scalarOff, (const uint8_t *) u + uOff);
}

/* A 1420-byte packet costs about 57 k instructions (40 per byte measured under QEMU, bsp/README.md): about
 * 0.3 ms on the 216 MHz M7 and close to 1 ms on the 64 MHz nRF9151. A worker hand-off per packet would cost
 * more than it saves on the data path, so the AEAD runs in the calling thread. */
jint Java_io_tailnode_crypto_sni_CryptoNatives_chacha20Poly1305Seal(jbyte *key, jint keyOff, jbyte *nonce,
        jint nonceOff, jbyte *ad, jint adOff, jint adLen, jbyte *in, jint inOff, jint inLen, jbyte *out,
        jint outOff)
{
    return tn_aead_seal((const uint8_t *) key + keyOff, (const uint8_t *) nonce + nonceOff,
            adLen == 0 ? NULL : (const uint8_t *) ad + adOff, (size_t) adLen, (const uint8_t *) in + inOff,
            (size_t) inLen, (uint8_t *) out + outOff);
}

jint Java_io_tailnode_crypto_sni_CryptoNatives_chacha20Poly1305Open(jbyte *key, jint keyOff, jbyte *nonce,
        jint nonceOff, jbyte *ad, jint adOff, jint adLen, jbyte *in, jint inOff, jint inLen, jbyte *out,
        jint outOff)
{
    return tn_aead_open((const uint8_t *) key + keyOff, (const uint8_t *) nonce + nonceOff,
            adLen == 0 ? NULL : (const uint8_t *) ad + adOff, (size_t) adLen, (const uint8_t *) in + inOff,
            (size_t) inLen, (uint8_t *) out + outOff);
}
