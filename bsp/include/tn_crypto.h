/*
 * The crypto of the native seam on plain C buffers, over mbedTLS: X25519 through mbedtls_ecp (Curve25519) and
 * ChaCha20-Poly1305 through mbedtls_chachapoly. The SNI wrappers (crypto_natives.c) add the Java offsets.
 */
#ifndef TN_CRYPTO_H
#define TN_CRYPTO_H

#include <stddef.h>
#include <stdint.h>

/* RFC 7748 §5: out = X25519(scalar, u). Clamps a copy of scalar, masks bit 255 of u, reduces u mod p.
 * Returns 0, or -1 with out all zero when the result is zero (low-order u) or mbedTLS failed. */
int tn_x25519(uint8_t out[32], const uint8_t scalar[32], const uint8_t u[32]);

/* RFC 8439 §2.8: out[0..len+16) = ciphertext || tag. in == out allowed. Returns len + 16, or -1. */
int tn_aead_seal(const uint8_t key[32], const uint8_t nonce[12], const uint8_t *ad, size_t ad_len,
        const uint8_t *in, size_t len, uint8_t *out);

/* in[0..len) = ciphertext || tag, len >= 16. Returns len - 16, or -1 with out[0..len-16) zeroed. */
int tn_aead_open(const uint8_t key[32], const uint8_t nonce[12], const uint8_t *ad, size_t ad_len,
        const uint8_t *in, size_t len, uint8_t *out);

#endif
