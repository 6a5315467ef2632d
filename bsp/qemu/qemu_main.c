/*
 * Runs under qemu-system-arm (mps2-an500 = Cortex-M7, mps2-an505 = Cortex-M33) with semihosting: the natives'
 * vector tests (the same tables as the host), then instruction counts. QEMU has no timing model, so the counts
 * come from -icount shift=0 (one virtual nanosecond per instruction) read through SysTick on the core clock;
 * instructions per SysTick tick are calibrated at start with a loop of a known instruction count. Exit status =
 * number of failed checks.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "check.h"
#include "mbedtls/config.h"
#include "mbedtls/memory_buffer_alloc.h"
#include "tn_crypto.h"
#include "vector_tests.h"

unsigned tn_check_failures;
unsigned tn_check_count;

#define SYST_CSR (*(volatile uint32_t *) 0xE000E010u)
#define SYST_RVR (*(volatile uint32_t *) 0xE000E014u)
#define SYST_CVR (*(volatile uint32_t *) 0xE000E018u)

/* SysTick counts down from RVR on the core clock; every measured span is far below 2^24 ticks (671 M
 * instructions at 40 per tick), so each measurement restarts the counter and a wrap is an error (COUNTFLAG). */
/* mbedTLS's heap: a static pool, as on the boards (c.heap.mbedtls) */
static unsigned char mbedtls_pool[32 * 1024];

#if defined(MBEDTLS_ECDH_VARIANT_EVEREST_ENABLED)
/* mbedTLS 3rdparty/everest (HACL*), declared here: its header pulls in kremlin's include tree. */
void Hacl_Curve25519_crypto_scalarmult(uint8_t *mypublic, uint8_t *secret, uint8_t *basepoint);
#endif

static void tick_start(void)
{
    SYST_CVR = 0; /* reload now; also clears COUNTFLAG */
    (void) SYST_CSR;
}

static uint64_t tick_elapsed(void)
{
    uint32_t v = SYST_CVR;
    uint32_t csr = SYST_CSR;
    CHECK((csr & (1u << 16)) == 0, "SysTick wrapped during a measurement");
    return 0xFFFFFFu - v;
}

/* 2 instructions per iteration */
static void __attribute__((noinline)) known_loop(uint32_t n)
{
    __asm__ volatile("1: subs %0, %0, #1\n bne 1b" : "+r"(n)::"cc");
}

#define PAINT_BYTES 6144u
#define PAINT 0xC5C5C5C5u

static uint8_t packet[1420 + 16];
static uint8_t sealed[1420 + 16];

/* Paints the PAINT_BYTES below the caller's frame; the callee's frames land there. */
static void __attribute__((noinline)) paint_stack(void)
{
    volatile uint32_t here = 0;
    volatile uint32_t *p = (volatile uint32_t *) ((uintptr_t) &here & ~3u) - 64; /* skip this frame */
    for (unsigned i = 0; i < PAINT_BYTES / 4; i++) {
        *(p - i) = PAINT;
    }
}

static size_t __attribute__((noinline)) painted_depth(uintptr_t top)
{
    volatile uint32_t *p = (volatile uint32_t *) (top & ~3u) - 64;
    size_t deepest = 0;
    for (unsigned i = 0; i < PAINT_BYTES / 4; i++) {
        if (*(p - i) != PAINT) {
            deepest = (size_t) (i + 1) * 4u;
        }
    }
    return deepest;
}

static size_t __attribute__((noinline)) stack_use_of_x25519(void)
{
    uint8_t k[32] = { 9 };
    uint8_t u[32] = { 9 };
    uint8_t r[32];
    volatile uint32_t top = 0;
    paint_stack();
    tn_x25519(r, k, u);
    return painted_depth((uintptr_t) &top);
}

static size_t __attribute__((noinline)) stack_use_of_aead(void)
{
    static const uint8_t key[32] = { 7 };
    static const uint8_t nonce[12] = { 1 };
    volatile uint32_t top = 0;
    paint_stack();
    tn_aead_seal(key, nonce, NULL, 0, packet, 1420, sealed);
    return painted_depth((uintptr_t) &top);
}

int main(void)
{
    mbedtls_memory_buffer_alloc_init(mbedtls_pool, sizeof mbedtls_pool);
    SYST_RVR = 0xFFFFFFu;
    SYST_CVR = 0;
    SYST_CSR = 5u; /* enable, processor clock, no interrupt */

    unsigned failed = tn_vector_tests(1);

    const uint32_t cal_iterations = 2000000u;
    tick_start();
    known_loop(cal_iterations);
    uint64_t cal = tick_elapsed();
    /* instructions per tick, x1000 for resolution */
    uint64_t ipt_milli = cal == 0 ? 0 : (2ull * cal_iterations * 1000u) / cal;
    printf("calibration: %u loop instructions = %lu SysTick ticks -> %lu.%03lu instructions/tick\n",
            (unsigned) (2u * cal_iterations), (unsigned long) cal, (unsigned long) (ipt_milli / 1000u),
            (unsigned long) (ipt_milli % 1000u));

    static const uint8_t key[32] = { 1, 2, 3 };
    static const uint8_t nonce[12] = { 0, 0, 0, 0, 1 };
    static const uint8_t ad[1] = { 0 };
    const unsigned packets = 50;
    memset(packet, 0xA5, sizeof packet);
    tick_start();
    for (unsigned i = 0; i < packets; i++) {
        tn_aead_seal(key, nonce, ad, 0, packet, 1420, sealed);
    }
    uint64_t seal = tick_elapsed();
    tick_start();
    int opened = 0;
    for (unsigned i = 0; i < packets; i++) {
        opened += tn_aead_open(key, nonce, ad, 0, sealed, 1436, packet) == 1420;
    }
    uint64_t open = tick_elapsed();
    CHECK(opened == (int) packets, "every sealed packet opens (%d)", opened);

    /* Stack high-water marks: paint 6 KB below the current stack pointer, run once, find the deepest change.
     * Sizes the worker task's stack (X25519 runs there) and the VM task's share for the AEAD natives. */
    size_t x25519_stack = stack_use_of_x25519();
    size_t aead_stack = stack_use_of_aead();
    printf("RESULT x25519 stack_bytes=%lu\n", (unsigned long) x25519_stack);
    printf("RESULT chachapoly_seal stack_bytes=%lu\n", (unsigned long) aead_stack);

    const unsigned dhs = 4;
    uint8_t k[32] = { 9 };
    uint8_t u[32] = { 9 };
    uint8_t r[32];
    size_t heap_max_used = 0;
    size_t heap_max_blocks = 0;
    mbedtls_memory_buffer_alloc_max_reset();
    tick_start();
    for (unsigned i = 0; i < dhs; i++) {
        tn_x25519(r, k, u);
        memcpy(u, k, 32);
        memcpy(k, r, 32);
    }
    uint64_t dh = tick_elapsed();
    mbedtls_memory_buffer_alloc_max_get(&heap_max_used, &heap_max_blocks);

#if defined(MBEDTLS_ECDH_VARIANT_EVEREST_ENABLED)
    /* For comparison only: the HACL* Curve25519 in mbedTLS's 3rdparty/everest, checked on RFC 7748 §5.2 x1. */
    static const uint8_t iterated1[32] = { 0x42, 0x2c, 0x8e, 0x7a, 0x62, 0x27, 0xd7, 0xbc, 0xa1, 0x35, 0x0b,
        0x3e, 0x2b, 0xb7, 0x27, 0x9f, 0x78, 0x97, 0xb8, 0x7b, 0xb6, 0x85, 0x4b, 0x78, 0x3c, 0x60, 0xe8, 0x03,
        0x11, 0xae, 0x30, 0x79 };
    uint8_t hk[32] = { 9 };
    uint8_t hu[32] = { 9 };
    tick_start();
    for (unsigned i = 0; i < dhs; i++) {
        Hacl_Curve25519_crypto_scalarmult(r, hk, hu);
    }
    uint64_t hacl = tick_elapsed();
    CHECK(memcmp(r, iterated1, 32) == 0, "HACL* X25519 differs from RFC 7748");
    printf("RESULT x25519_hacl_everest instructions_per_op=%lu (comparison, not used by the natives)\n",
            (unsigned long) (hacl * ipt_milli / 1000u / dhs));
#endif

    /* per byte x100 for two decimals */
    uint64_t seal_cpb = seal * ipt_milli / 10u / (packets * 1420u);
    uint64_t open_cpb = open * ipt_milli / 10u / (packets * 1420u);
    uint64_t dh_instr = dh * ipt_milli / 1000u / dhs;
    printf("RESULT chachapoly_seal_1420 instructions_per_byte=%lu.%02lu\n", (unsigned long) (seal_cpb / 100u),
            (unsigned long) (seal_cpb % 100u));
    printf("RESULT chachapoly_open_1420 instructions_per_byte=%lu.%02lu\n", (unsigned long) (open_cpb / 100u),
            (unsigned long) (open_cpb % 100u));
    printf("RESULT x25519 instructions_per_op=%lu\n", (unsigned long) dh_instr);
    printf("RESULT x25519 mbedtls_heap_peak_bytes=%lu blocks=%lu\n", (unsigned long) heap_max_used,
            (unsigned long) heap_max_blocks);

    failed = tn_check_failures;
    printf("qemu: %u checks, %u failed\n", tn_check_count, failed);
    return failed > 255 ? 255 : (int) failed;
}
