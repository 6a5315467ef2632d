#include "vector_tests.h"

#include <stdio.h>
#include <string.h>

#include "check.h"
#include "sni_fake.h"
#include "tn_natives.h"
#include "tn_vectors.h"
#include "tn_worker.h"

#define OFF 3 /* Java windows rarely start at 0: exercise the offsets */
#define MAXLEN 1024

static jbyte key[OFF + 32];
static jbyte nonce[OFF + 12];
static jbyte ad[OFF + MAXLEN];
static jbyte in[OFF + MAXLEN + 16];
static jbyte out[OFF + MAXLEN + 16];

static int all_zero(const jbyte *p, unsigned n)
{
    unsigned acc = 0;
    for (unsigned i = 0; i < n; i++) {
        acc |= (uint8_t) p[i];
    }
    return acc == 0;
}

static void aead_case(const tn_aead_vector *v)
{
    jint len = (jint) v->len;
    if (v->len > MAXLEN || v->ad_len > MAXLEN) {
        CHECK(0, "%s: vector longer than the test buffers", v->name);
        return;
    }
    memcpy(key + OFF, v->key, 32);
    memcpy(nonce + OFF, v->nonce, 12);
    memcpy(ad + OFF, v->ad, v->ad_len);
    if (v->valid) {
        memcpy(in + OFF, v->msg, v->len);
        memset(out, 0x5A, sizeof out);
        jint n = Java_io_tailnode_crypto_sni_CryptoNatives_chacha20Poly1305Seal(key, OFF, nonce, OFF, ad, OFF,
                (jint) v->ad_len, in, OFF, len, out, OFF);
        CHECK(n == len + 16, "%s: seal returned %d", v->name, (int) n);
        CHECK(memcmp(out + OFF, v->ct, v->len) == 0 && memcmp(out + OFF + len, v->tag, 16) == 0,
                "%s: seal output differs", v->name);
        CHECK((uint8_t) out[OFF - 1] == 0x5A && (uint8_t) out[OFF + len + 16] == 0x5A,
                "%s: seal wrote outside its window", v->name);
        /* in place, as the data path seals */
        jint m = Java_io_tailnode_crypto_sni_CryptoNatives_chacha20Poly1305Seal(key, OFF, nonce, OFF, ad, OFF,
                (jint) v->ad_len, in, OFF, len, in, OFF);
        CHECK(m == len + 16 && memcmp(in + OFF, out + OFF, (size_t) len + 16) == 0, "%s: in-place seal differs",
                v->name);
    }
    memcpy(in + OFF, v->ct, v->len);
    memcpy(in + OFF + len, v->tag, 16);
    memset(out, 0x5A, sizeof out);
    jint n = Java_io_tailnode_crypto_sni_CryptoNatives_chacha20Poly1305Open(key, OFF, nonce, OFF, ad, OFF,
            (jint) v->ad_len, in, OFF, len + 16, out, OFF);
    if (v->valid) {
        CHECK(n == len && memcmp(out + OFF, v->msg, v->len) == 0, "%s: open failed (%d)", v->name, (int) n);
        jint m = Java_io_tailnode_crypto_sni_CryptoNatives_chacha20Poly1305Open(key, OFF, nonce, OFF, ad, OFF,
                (jint) v->ad_len, in, OFF, len + 16, in, OFF);
        CHECK(m == len && memcmp(in + OFF, v->msg, v->len) == 0, "%s: in-place open failed", v->name);
    } else {
        CHECK(n == -1, "%s: forged input accepted (%d)", v->name, (int) n);
        CHECK(all_zero(out + OFF, v->len), "%s: output not zeroed after a failed open", v->name);
    }
}

static void x25519_case(const tn_x25519_vector *v)
{
    jbyte s[OFF + 32];
    jbyte u[OFF + 32];
    jbyte r[OFF + 32];
    memcpy(s + OFF, v->scalar, 32);
    memcpy(u + OFF, v->u, 32);
    memset(r, 0x5A, sizeof r);
    int before = sni_fake_suspensions();
    jint rc = call_x25519(r, OFF, s, OFF, u, OFF);
    int zero = all_zero((const jbyte *) v->shared, 32);
    CHECK(sni_fake_suspensions() == before + 1, "%s: X25519 did not suspend its Java thread", v->name);
    CHECK(rc == (zero ? -1 : 0), "%s: returned %d", v->name, (int) rc);
    CHECK(memcmp(r + OFF, v->shared, 32) == 0, "%s: shared secret differs", v->name);
    CHECK(memcmp(s + OFF, v->scalar, 32) == 0, "%s: caller's scalar changed", v->name);
}

unsigned tn_vector_tests(unsigned max_iterations)
{
    unsigned before = tn_check_failures;
    sni_fake_reset(7);
    for (unsigned i = 0; i < tn_aead_vector_count; i++) {
        aead_case(&tn_aead_vectors[i]);
    }
    printf("aead: %u vectors (RFC 8439 + Wycheproof 96-bit nonce; %u other nonce sizes skipped)\n",
            tn_aead_vector_count, tn_aead_vectors_skipped);
    for (unsigned i = 0; i < tn_x25519_vector_count; i++) {
        x25519_case(&tn_x25519_vectors[i]);
    }
    printf("x25519: %u vectors (RFC 7748 + Wycheproof), each through suspend/worker/resume\n",
            tn_x25519_vector_count);
    CHECK(tn_worker_busy() == 0, "worker jobs leaked: %d", tn_worker_busy());

    /* RFC 7748 §5.2 iterated: k = u = 9; r = X25519(k, u); u = k; k = r */
    jbyte k[32];
    jbyte u[32];
    jbyte r[32];
    memset(k, 0, 32);
    k[0] = 9;
    memcpy(u, k, 32);
    unsigned done = 0;
    for (unsigned t = 0; t < tn_x25519_iteration_count; t++) {
        const tn_x25519_iterated *it = &tn_x25519_iterations[t];
        if (it->iterations > max_iterations) {
            break;
        }
        while (done < it->iterations) {
            call_x25519(r, 0, k, 0, u, 0);
            memcpy(u, k, 32);
            memcpy(k, r, 32);
            done++;
        }
        CHECK(memcmp(k, it->k, 32) == 0, "rfc7748 iterated x%u differs", it->iterations);
        printf("x25519: RFC 7748 iterated %u\n", it->iterations);
    }

    /* Outside a Java thread (no ID) the native computes inline and still answers. */
    sni_fake_reset(-1);
    const tn_x25519_vector *v = &tn_x25519_vectors[0];
    memcpy(k, v->scalar, 32);
    memcpy(u, v->u, 32);
    CHECK(call_x25519(r, 0, k, 0, u, 0) == 0 && memcmp(r, v->shared, 32) == 0 && sni_fake_suspensions() == 0,
            "inline X25519 fallback");
    return tn_check_failures - before;
}
