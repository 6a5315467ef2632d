/* Test-vector tables generated at build time by scripts/gen_vectors.py (build/gen/tn_vectors.c). */
#ifndef TN_VECTORS_H
#define TN_VECTORS_H

#include <stdint.h>

typedef struct {
    const char *name;
    const uint8_t *key;
    const uint8_t *nonce;
    const uint8_t *ad;
    unsigned ad_len;
    const uint8_t *msg;
    const uint8_t *ct;
    unsigned len;
    const uint8_t *tag;
    int valid; /* 0: open must fail (Wycheproof "invalid") */
} tn_aead_vector;

typedef struct {
    const char *name;
    const uint8_t *scalar;
    const uint8_t *u;
    const uint8_t *shared; /* all zero: the native must return -1 with a zero output */
} tn_x25519_vector;

typedef struct {
    unsigned iterations;
    const uint8_t *k;
} tn_x25519_iterated;

extern const tn_aead_vector tn_aead_vectors[];
extern const unsigned tn_aead_vector_count;
extern const unsigned tn_aead_vectors_skipped;
extern const tn_x25519_vector tn_x25519_vectors[];
extern const unsigned tn_x25519_vector_count;
extern const tn_x25519_iterated tn_x25519_iterations[];
extern const unsigned tn_x25519_iteration_count;

#endif
