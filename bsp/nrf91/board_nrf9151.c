/*
 * nRF9151 (nRF9151-DK) register shims under the portable logic: the last 32 KB of internal flash (8 pages of
 * 4 KB at 0x000F8000, one SPU flash region) as the key store, the CryptoCell-310 TRNG with its hardware health
 * flags (autocorrelation, CRNGT, von Neumann), the WDT, RTC1 as the monotonic counter. Compiled with -Werror for
 * cortex-m33; not run on the part in CI.
 */
#include <stddef.h>
#include <string.h>

#include "nrf9151_regs.h"
#include "tn_board.h"
#include "tn_status.h"
#include "tn_watchdog.h"

#define KEYSTORE_BASE 0x000F8000u
#define KEYSTORE_FIRST_PAGE (KEYSTORE_BASE / NVMC_PAGE_SIZE)
#define KEYSTORE_PAGES 8u
#define CC_MAX_POLLS 100000u
#define CC_SAMPLE_COUNT 0x4Eu /* ring-oscillator sampling interval; tune per part (see README) */

static void nvmc_wait(void)
{
    while ((NVMC_READY & 1u) == 0) {
    }
}

static int in_keystore(uint32_t addr)
{
    return addr >= KEYSTORE_BASE && addr < KEYSTORE_BASE + KEYSTORE_PAGES * NVMC_PAGE_SIZE;
}

/* nRF91 page erase: with CONFIG = Een, writing 0xFFFFFFFF to a page's first word erases the page. The CPU is
 * halted for code fetches from flash until the NVMC is ready (<= 87.5 ms per page per the PS [unverified]). */
static int erase_page(uint32_t page)
{
    uint32_t addr = page * NVMC_PAGE_SIZE;
    if (!in_keystore(addr)) {
        return TN_ERR_RANGE;
    }
    nvmc_wait();
    NVMC_CONFIG = NVMC_CONFIG_EEN;
    tn_dsb();
    TN_REG(addr) = 0xFFFFFFFFu;
    tn_dsb();
    nvmc_wait();
    NVMC_CONFIG = NVMC_CONFIG_REN;
    tn_dsb();
    return TN_OK;
}

static int program_word(uint32_t addr, uint32_t value)
{
    if (!in_keystore(addr)) {
        return TN_ERR_RANGE;
    }
    nvmc_wait();
    NVMC_CONFIG = NVMC_CONFIG_WEN;
    tn_dsb();
    TN_REG(addr) = value;
    tn_dsb();
    nvmc_wait();
    NVMC_CONFIG = NVMC_CONFIG_REN;
    tn_dsb();
    return TN_OK; /* the NVMC has no error flags: tn_flash verifies by reading back */
}

static void flash_read(uint32_t addr, uint8_t *dst, uint32_t len)
{
    memcpy(dst, (const void *) (uintptr_t) addr, len);
}

static const tn_flash_ops flash_ops = { erase_page, program_word, flash_read };
static const tn_flash keystore = { &flash_ops, KEYSTORE_BASE, KEYSTORE_FIRST_PAGE, KEYSTORE_PAGES,
    NVMC_PAGE_SIZE, 16 };

const tn_flash *tn_board_keystore(void)
{
    return &keystore;
}

/* ---- CryptoCell-310 TRNG: 192-bit EHR blocks, read out one word at a time ---- */
static uint32_t ehr[CC_EHR_WORDS];
static uint32_t ehr_left;

static void cc_rng_start(void)
{
    CRYPTOCELL_ENABLE = 1u;
    CC_RNG_CLK_ENABLE = 1u;
    CC_SAMPLE_CNT1 = CC_SAMPLE_COUNT;
    CC_TRNG_CONFIG = 0u;        /* shortest inverter chain */
    CC_TRNG_DEBUG_CONTROL = 0u; /* keep the von Neumann corrector, CRNGT and autocorrelation tests on */
    CC_RNG_IMR = 0xFFFFFFFFu;   /* polled, no interrupt */
    CC_RNG_ICR = 0xFFFFFFFFu;
    CC_RND_SOURCE_ENABLE = 1u;
    ehr_left = 0;
}

static uint32_t cc_poll(uint32_t *word)
{
    if (ehr_left == 0) {
        uint32_t isr = CC_RNG_ISR;
        uint32_t flags = 0;
        if ((isr & (CC_RNG_ISR_AUTOCORR_ERR | CC_RNG_ISR_CRNGT_ERR)) != 0) {
            flags |= TN_TRNG_SEED_ERROR;
        }
        if ((isr & CC_RNG_ISR_VN_ERR) != 0) {
            flags |= TN_TRNG_BIAS_ERROR;
        }
        if (flags != 0) {
            return flags;
        }
        if ((isr & CC_RNG_ISR_EHR_VALID) == 0) {
            return 0;
        }
        for (uint32_t i = 0; i < CC_EHR_WORDS; i++) {
            ehr[i] = CC_EHR_DATA(i); /* reading the last word starts the next collection */
        }
        CC_RNG_ICR = CC_RNG_ISR_EHR_VALID;
        ehr_left = CC_EHR_WORDS;
    }
    *word = ehr[CC_EHR_WORDS - ehr_left];
    ehr[CC_EHR_WORDS - ehr_left] = 0;
    ehr_left--;
    return TN_TRNG_READY;
}

/* Errors: clear them, reset the RNG block and start again (the collected block is discarded). */
static void cc_recover(void)
{
    CC_RND_SOURCE_ENABLE = 0u;
    CC_RNG_ICR = 0xFFFFFFFFu;
    CC_RNG_SW_RESET = 1u;
    cc_rng_start();
}

static const tn_trng_ops cc_ops = { cc_poll, cc_recover };
static tn_trng trng = { &cc_ops, CC_MAX_POLLS, 0, 0, 0, 0 };
static int trng_started;

tn_trng *tn_board_trng(void)
{
    if (!trng_started) {
        cc_rng_start();
        trng_started = 1;
    }
    return &trng;
}

/* ---- monotonic clock: RTC1 at 32,768 Hz, 24 bits ---- */
static tn_clock clock = { 24, 32768u, 0, 0 };
static int clock_started;

tn_clock *tn_board_clock(void)
{
    if (!clock_started) {
        RTC1_PRESCALER = 0u;
        RTC1_TASKS_START = 1u;
        clock_started = 1;
    }
    return &clock;
}

uint32_t tn_board_clock_raw(void)
{
    return RTC1_COUNTER;
}

/* ---- WDT ---- */
int tn_board_watchdog_start(uint32_t timeout_ms)
{
    uint32_t crv;
    if (tn_nrf_wdt_crv(timeout_ms, &crv) != TN_OK) {
        return TN_ERR_RANGE;
    }
    if ((WDT_RUNSTATUS & 1u) == 0) {
        WDT_CRV = crv;
        WDT_RREN = 1u;
        WDT_CONFIG = WDT_CONFIG_SLEEP_RUN;
        WDT_TASKS_START = 1u;
    }
    return TN_OK;
}

void tn_board_watchdog_kick(void)
{
    WDT_RR0 = WDT_RELOAD_VALUE;
}

int tn_board_readout_protection_level(void)
{
    return UICR_APPROTECT != UICR_APPROTECT_UNPROTECTED && UICR_SECUREAPPROTECT != UICR_APPROTECT_UNPROTECTED;
}
