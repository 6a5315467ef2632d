/* Host unit tests of the portable C (gcc + Debian's libmbedtls-dev). Exit status = number of failed checks. */
#include <stdio.h>
#include <string.h>

#include "check.h"
#include "fakes.h"
#include "sni_fake.h"
#include "tn_natives.h"
#include "tn_status.h"
#include "tn_watchdog.h"
#include "tn_worker.h"
#include "vector_tests.h"

unsigned tn_check_failures;
unsigned tn_check_count;

static void test_flash(void)
{
    uint8_t buf[64];
    uint8_t rd[64];
    ram_flash_reset();
    for (int i = 0; i < 64; i++) {
        buf[i] = (uint8_t) (i * 7 + 1);
    }
    buf[16] = buf[17] = buf[18] = buf[19] = 0xFF; /* an all-0xFF word is left unwritten */

    CHECK(tn_flash_program(&ram_keystore, 32, buf, 64) == TN_OK, "program erased units");
    CHECK(tn_flash_read(&ram_keystore, 32, rd, 64) == TN_OK && memcmp(rd, buf, 64) == 0, "read back");
    CHECK(ram_violations == 0, "NOR rule broken by a plain program");

    /* the same units again: refused before anything is written */
    uint8_t before[64];
    memcpy(before, ram_flash + 32, 64);
    CHECK(tn_flash_program(&ram_keystore, 32, buf, 64) == TN_ERR_NOT_ERASED, "double program refused");
    CHECK(memcmp(before, ram_flash + 32, 64) == 0 && ram_violations == 0, "refused program changed flash");
    /* overlapping by one unit: all-or-nothing */
    memset(before, 0, sizeof before);
    CHECK(tn_flash_program(&ram_keystore, 80, buf, 32) == TN_ERR_NOT_ERASED, "overlap refused");
    CHECK(ram_flash[96] == 0xFF, "nothing written past the refused unit");

    CHECK(tn_flash_program(&ram_keystore, 8, buf, 16) == TN_ERR_ALIGNMENT, "address alignment");
    CHECK(tn_flash_program(&ram_keystore, 128, buf, 8) == TN_ERR_ALIGNMENT, "length alignment");
    CHECK(tn_flash_program(&ram_keystore, 4 * 4096 - 16, buf, 32) == TN_ERR_RANGE, "past the end");
    CHECK(tn_flash_program(&ram_keystore, 0xFFFFFFF0u, buf, 32) == TN_ERR_RANGE, "address wrap");
    CHECK(tn_flash_read(&ram_keystore, 4 * 4096 - 8, rd, 16) == TN_ERR_RANGE, "read past the end");
    CHECK(tn_flash_erase(&ram_keystore, 4) == TN_ERR_RANGE && ram_violations == 0, "erase past the end");

    CHECK(tn_flash_erase(&ram_keystore, 0) == TN_OK, "erase");
    CHECK(tn_flash_program(&ram_keystore, 32, buf, 64) == TN_OK && ram_violations == 0, "program after erase");

    ram_faults.erase_error = 1;
    CHECK(tn_flash_erase(&ram_keystore, 1) == TN_ERR_IO, "controller error reported");
    ram_faults.erase_leaves_byte = 1;
    CHECK(tn_flash_erase(&ram_keystore, 1) == TN_ERR_IO, "incomplete erase is not erase-complete");
    CHECK(tn_flash_erase(&ram_keystore, 1) == TN_OK, "a second erase completes");
    ram_faults.program_flip = 1;
    CHECK(tn_flash_program(&ram_keystore, 4096, buf, 16) == TN_ERR_IO, "read-back mismatch reported");

    /* the natives: geometry, window offsets, erase through the worker */
    ram_flash_reset();
    sni_fake_reset(3);
    CHECK(Java_io_tailnode_firmware_board_BoardNatives_flashSectorCount() == 4, "sector count");
    CHECK(Java_io_tailnode_firmware_board_BoardNatives_flashSectorSize() == 4096, "sector size");
    CHECK(Java_io_tailnode_firmware_board_BoardNatives_flashProgramUnit() == 16, "program unit");
    jbyte jb[40];
    memset(jb, 0x11, sizeof jb);
    CHECK(Java_io_tailnode_firmware_board_BoardNatives_flashProgram(4096 + 16, jb, 5, 32) == TN_OK, "native program");
    CHECK(Java_io_tailnode_firmware_board_BoardNatives_flashRead(-1, jb, 0, 4) == TN_ERR_RANGE, "negative address");
    int wakes = fake_wakes;
    CHECK(call_flash_erase(1) == TN_OK && sni_fake_suspensions() == 1 && fake_wakes == wakes + 1,
            "erase suspends the Java thread and completes in the worker");
    CHECK(ram_flash[4096 + 16] == 0xFF, "sector erased by the worker");
    CHECK(call_flash_erase(9) == TN_ERR_RANGE && sni_fake_suspensions() == 1, "bad sector refused before suspending");
    ram_faults.erase_leaves_byte = 1;
    CHECK(call_flash_erase(2) == TN_ERR_IO, "worker reports incomplete erase");
    CHECK(tn_worker_busy() == 0, "no job leaked");
}

static void test_trng(void)
{
    uint8_t out[12];
    trng_script_reset();
    trng_script_push(0, 0); /* not ready yet */
    trng_script_push(TN_TRNG_READY, 0x04030201u);
    trng_script_push(TN_TRNG_READY, 0x08070605u);
    trng_script_push(TN_TRNG_READY, 0x0C0B0A09u);
    CHECK(tn_trng_fill(&fake_trng, out, 10) == 10, "fill");
    CHECK(out[0] == 1 && out[4] == 5 && out[9] == 10, "little-endian words");

    uint32_t faults[3] = { TN_TRNG_SEED_ERROR, TN_TRNG_CLOCK_ERROR, TN_TRNG_BIAS_ERROR };
    for (int i = 0; i < 3; i++) {
        trng_script_reset();
        trng_script_push(TN_TRNG_READY, 0x11111111u);
        trng_script_push(faults[i] | TN_TRNG_READY, 0x22222222u);
        memset(out, 0xAA, sizeof out);
        CHECK(tn_trng_fill(&fake_trng, out, 8) == TN_ERR_IO, "fault flag %u fails the fill", faults[i]);
        CHECK(out[0] == 0 && out[3] == 0, "buffer wiped after a fault");
        CHECK(trng_recovers == 1 && fake_trng.hardware_faults == 1, "recovery sequence run");
    }
    trng_script_reset();
    trng_script_push(TN_TRNG_READY, 0xDEADBEEFu);
    trng_script_push(TN_TRNG_READY, 0xDEADBEEFu);
    CHECK(tn_trng_fill(&fake_trng, out, 8) == TN_ERR_ENTROPY_HEALTH, "repeated word fails the continuous test");
    CHECK(fake_trng.health_failures == 1, "health failure counted");
    trng_script_reset();
    CHECK(tn_trng_fill(&fake_trng, out, 4) == TN_ERR_IO && trng_recovers == 1, "no data within max polls");

    trng_script_reset();
    trng_script_push(TN_TRNG_READY, 0x01020304u);
    jbyte jb[8];
    CHECK(Java_io_tailnode_firmware_board_BoardNatives_entropyFill(jb, 2, 4) == 4 && jb[2] == 4, "native fill");
}

static uint32_t scripted_raw;
static uint32_t read_scripted(void)
{
    return scripted_raw;
}

static int64_t millis_at(tn_clock *c, uint32_t raw)
{
    scripted_raw = raw;
    return tn_clock_now_millis(c, read_scripted);
}

static void test_clock(void)
{
    tn_clock c = { 24, 32768, 0, 0 };
    CHECK(millis_at(&c, 0) == 0, "origin");
    CHECK(millis_at(&c, 32768) == 1000, "one second");
    CHECK(millis_at(&c, 0xFFFFFF) == 511999, "just before the 24-bit wrap");
    CHECK(millis_at(&c, 0x10) == 512000, "wrap extends, never decreases");
    CHECK(millis_at(&c, 0x1000010) == 512000, "bits above the counter width ignored");
    tn_clock t = { 32, 1000000, 0, 0 };
    int64_t last = 0;
    int monotonic = 1;
    for (uint64_t us = 0; us < 3ull * 0x100000000ull; us += 0x3FFFFFFFull) {
        int64_t ms = millis_at(&t, (uint32_t) us);
        monotonic &= ms >= last && ms == (int64_t) (us / 1000);
        last = ms;
    }
    CHECK(monotonic, "32-bit 1 MHz counter across three wraps");
    fake_clock_raw = 65536;
    fake_clock.high = 0;
    fake_clock.last_raw = 0;
    CHECK(Java_io_tailnode_firmware_board_BoardNatives_monotonicMillis() == 2000, "native millis");
}

static void test_watchdog(void)
{
    uint32_t pr = 99;
    uint32_t rlr = 0;
    /* 4 s at the LSI's fastest 47 kHz: 188,000 counts; /64 (pr 4) gives 2938 - 1 */
    CHECK(tn_iwdg_plan(4000, 47000, &pr, &rlr) == TN_OK && pr == 4 && rlr == 2937, "IWDG 4 s (pr %u rlr %u)",
            (unsigned) pr, (unsigned) rlr);
    CHECK((uint64_t) (rlr + 1) * (4u << pr) * 1000u >= 4000ull * 47000u, "never shorter than asked");
    CHECK(tn_iwdg_plan(1, 47000, &pr, &rlr) == TN_OK && pr == 0 && rlr == 11, "IWDG 1 ms");
    CHECK(tn_iwdg_plan(30000, 47000, &pr, &rlr) == TN_ERR_RANGE, "IWDG cannot reach 30 s at 47 kHz");
    uint32_t crv = 0;
    CHECK(tn_nrf_wdt_crv(2000, &crv) == TN_OK && crv == 65536, "nRF WDT 2 s");
    CHECK(tn_nrf_wdt_crv(0, &crv) == TN_OK && crv == 15, "nRF WDT minimum");
    CHECK(tn_watchdog_check(4000, 1000, 200, 500) == TN_OK, "timeout above erase + GC + iteration");
    CHECK(tn_watchdog_check(1500, 1000, 200, 500) == TN_ERR_RANGE, "timeout below erase + GC + iteration");
    CHECK(Java_io_tailnode_firmware_board_BoardNatives_watchdogStart(0) == TN_ERR_RANGE, "zero timeout refused");
    CHECK(Java_io_tailnode_firmware_board_BoardNatives_watchdogStart(4000) == TN_OK && fake_wdt_timeout == 4000,
            "native start");
    Java_io_tailnode_firmware_board_BoardNatives_watchdogKick();
    CHECK(fake_wdt_kicks == 1, "native kick");
}

static void test_worker_pool(void)
{
    tn_job *held[TN_WORKER_JOBS];
    for (int i = 0; i < TN_WORKER_JOBS; i++) {
        held[i] = tn_job_acquire();
        CHECK(held[i] != NULL, "job %d", i);
    }
    CHECK(tn_job_acquire() == NULL, "pool exhausted");
    /* with the pool exhausted the native runs inline and still returns the right answer */
    sni_fake_reset(5);
    jbyte k[32] = { 9 };
    jbyte u[32] = { 9 };
    jbyte r[32];
    CHECK(call_x25519(r, 0, k, 0, u, 0) == 0 && sni_fake_suspensions() == 0, "inline when no job is free");
    held[0]->io.x25519.scalar[0] = 0x42;
    for (int i = 0; i < TN_WORKER_JOBS; i++) {
        tn_job_release(held[i]);
    }
    CHECK(held[0]->io.x25519.scalar[0] == 0 && tn_worker_busy() == 0, "release wipes and frees");
    CHECK(tn_worker_run_pending() == 0, "empty queue");
}

int main(void)
{
    test_flash();
    test_trng();
    test_clock();
    test_watchdog();
    test_worker_pool();
    tn_vector_tests(1000);
    printf("host: %u checks, %u failed\n", tn_check_count, tn_check_failures);
    return tn_check_failures > 255 ? 255 : (int) tn_check_failures;
}
