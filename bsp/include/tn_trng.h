/*
 * Raw entropy from the MCU's TRNG above a register shim. The shim maps its peripheral's status register onto
 * the generic flags below (STM32 RNG_SR SECS/CECS/SEIS/CEIS; CryptoCell-310 RNG_ISR AUTOCORR_ERR/CRNGT_ERR/
 * VN_ERR). Any hardware fault flag, or no data within max_polls, fails the whole fill with TN_ERR_IO; on top,
 * the continuous test of FIPS 140-2 §4.9.2 (each 32-bit word must differ from the previous one, as the STM32
 * reference manual recommends) fails it with TN_ERR_ENTROPY_HEALTH. The buffer is wiped on failure.
 * Output is raw: the firmware's DRBG (firmware/.../entropy) conditions it.
 */
#ifndef TN_TRNG_H
#define TN_TRNG_H

#include <stdint.h>

#define TN_TRNG_READY 0x1u       /* a fresh 32-bit word is in *word */
#define TN_TRNG_SEED_ERROR 0x2u  /* source/seed fault (STM32 SECS/SEIS; CC310 CRNGT_ERR, AUTOCORR_ERR) */
#define TN_TRNG_CLOCK_ERROR 0x4u /* clock fault (STM32 CECS/CEIS) */
#define TN_TRNG_BIAS_ERROR 0x8u  /* CC310 von Neumann corrector stuck (VN_ERR) */
#define TN_TRNG_FAULTS (TN_TRNG_SEED_ERROR | TN_TRNG_CLOCK_ERROR | TN_TRNG_BIAS_ERROR)

typedef struct {
    /* Returns flags; with TN_TRNG_READY the word was consumed into *word. */
    uint32_t (*poll)(uint32_t *word);
    /* Clears fault flags and restarts the source (the reference manuals' recovery sequence). */
    void (*recover)(void);
} tn_trng_ops;

typedef struct {
    const tn_trng_ops *ops;
    uint32_t max_polls;
    uint32_t last;
    uint32_t have_last;
    uint32_t hardware_faults; /* counters for /status; never the data */
    uint32_t health_failures;
} tn_trng;

int tn_trng_fill(tn_trng *t, uint8_t *buf, uint32_t len);

#endif
