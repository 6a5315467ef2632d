#include "tn_crypto.h"

#include <string.h>

#include "mbedtls/bignum.h"
#include "mbedtls/chachapoly.h"
#include "mbedtls/ecp.h"
#include "mbedtls/platform_util.h"

int tn_x25519(uint8_t out[32], const uint8_t scalar[32], const uint8_t u[32])
{
    uint8_t k[32];
    uint8_t x[32];
    mbedtls_ecp_group grp;
    mbedtls_mpi d;
    mbedtls_ecp_point p;
    mbedtls_ecp_point r;
    int rc;

    memcpy(k, scalar, 32);
    k[0] &= 248;
    k[31] &= 127;
    k[31] |= 64;
    memcpy(x, u, 32);
    x[31] &= 127;

    mbedtls_ecp_group_init(&grp);
    mbedtls_mpi_init(&d);
    mbedtls_ecp_point_init(&p);
    mbedtls_ecp_point_init(&r);
    rc = mbedtls_ecp_group_load(&grp, MBEDTLS_ECP_DP_CURVE25519);
    if (rc == 0) {
        rc = mbedtls_mpi_read_binary_le(&d, k, 32);
    }
    if (rc == 0) {
        rc = mbedtls_mpi_read_binary_le(&p.X, x, 32);
    }
    if (rc == 0) {
        /* RFC 7748 accepts non-canonical u (p <= u < 2^255) as u mod p. */
        rc = mbedtls_mpi_mod_mpi(&p.X, &p.X, &grp.P);
    }
    if (rc == 0) {
        rc = mbedtls_mpi_lset(&p.Z, 1);
    }
    if (rc == 0) {
        /* f_rng NULL: mbedTLS blinds with its internal DRBG seeded from the scalar. A low-order u makes Z zero,
         * which mbedTLS reports as an error from the final inversion: the result is then defined as zero. */
        rc = mbedtls_ecp_mul(&grp, &r, &d, &p, NULL, NULL);
    }
    if (rc == 0) {
        rc = mbedtls_mpi_write_binary_le(&r.X, out, 32);
    }
    mbedtls_ecp_point_free(&r);
    mbedtls_ecp_point_free(&p);
    mbedtls_mpi_free(&d);
    mbedtls_ecp_group_free(&grp);
    mbedtls_platform_zeroize(k, sizeof k);

    uint8_t acc = 0;
    if (rc == 0) {
        for (int i = 0; i < 32; i++) {
            acc |= out[i];
        }
    }
    if (rc != 0 || acc == 0) {
        memset(out, 0, 32);
        return -1;
    }
    return 0;
}

int tn_aead_seal(const uint8_t key[32], const uint8_t nonce[12], const uint8_t *ad, size_t ad_len,
        const uint8_t *in, size_t len, uint8_t *out)
{
    mbedtls_chachapoly_context ctx;
    int rc;

    mbedtls_chachapoly_init(&ctx);
    rc = mbedtls_chachapoly_setkey(&ctx, key);
    if (rc == 0) {
        rc = mbedtls_chachapoly_encrypt_and_tag(&ctx, len, nonce, ad_len == 0 ? NULL : ad, ad_len, in, out,
                out + len);
    }
    mbedtls_chachapoly_free(&ctx); /* zeroizes the key schedule */
    return rc == 0 ? (int) len + 16 : -1;
}

int tn_aead_open(const uint8_t key[32], const uint8_t nonce[12], const uint8_t *ad, size_t ad_len,
        const uint8_t *in, size_t len, uint8_t *out)
{
    mbedtls_chachapoly_context ctx;
    int rc;

    if (len < 16) {
        return -1;
    }
    mbedtls_chachapoly_init(&ctx);
    rc = mbedtls_chachapoly_setkey(&ctx, key);
    if (rc == 0) {
        /* Authenticates the ciphertext before it is overwritten (in == out works) and compares the tag in
         * constant time; on failure mbedTLS zeroizes the output. */
        rc = mbedtls_chachapoly_auth_decrypt(&ctx, len - 16, nonce, ad_len == 0 ? NULL : ad, ad_len,
                in + len - 16, in, out);
    }
    mbedtls_chachapoly_free(&ctx);
    if (rc != 0) {
        memset(out, 0, len - 16);
        return -1;
    }
    return (int) len - 16;
}
