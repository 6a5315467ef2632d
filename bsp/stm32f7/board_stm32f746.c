/*
 * STM32F746G-DISCO register shims under the portable logic: internal-flash sectors 1-2 (2 x 32 KB at
 * 0x08008000) as the key store, RNG with its seed/clock error flags, IWDG, TIM2 as the monotonic counter.
 * Layout and protection: bsp/README.md. Compiled with -Werror for cortex-m7; not run on the part in CI.
 */
#include <stddef.h>
#include <string.h>

#include "stm32f746_regs.h"
#include "tn_board.h"
#include "tn_status.h"
#include "tn_watchdog.h"

#define KEYSTORE_BASE 0x08008000u
#define KEYSTORE_FIRST_SECTOR 1u
#define KEYSTORE_SECTORS 2u
#define KEYSTORE_SECTOR_SIZE (32u * 1024u)
#define TIM2_INPUT_HZ 108000000u /* 2 x APB1 (54 MHz) with SYSCLK 216 MHz, APB1 /4 */
#define LSI_HZ_MAX 47000u
#define RNG_MAX_POLLS 4096u

/* Erase and program wait on the controller. With one flash bank, instruction fetches from flash stall until
 * the controller is done, so these run from ITCM RAM (.ramfunc, copied by the startup code) and the stall is
 * accounted for in the watchdog timeout (bsp/README.md). */
#define RAMFUNC __attribute__((section(".ramfunc"), noinline))

static RAMFUNC int flash_wait(void)
{
    while ((FLASH_SR & FLASH_SR_BSY) != 0) {
    }
    uint32_t sr = FLASH_SR;
    FLASH_SR = sr & (FLASH_SR_ERRORS | FLASH_SR_EOP); /* write-1-to-clear */
    return (sr & FLASH_SR_ERRORS) != 0 ? TN_ERR_IO : TN_OK;
}

static void flash_unlock(void)
{
    if ((FLASH_CR & FLASH_CR_LOCK) != 0) {
        FLASH_KEYR = FLASH_KEY1;
        FLASH_KEYR = FLASH_KEY2;
    }
}

static void flash_lock(void)
{
    FLASH_CR |= FLASH_CR_LOCK;
}

static void dcache_invalidate(uint32_t addr, uint32_t len)
{
    uint32_t end = addr + len;
    for (uint32_t a = addr & ~(CM7_DCACHE_LINE - 1u); a < end; a += CM7_DCACHE_LINE) {
        SCB_DCIMVAC = a;
    }
    tn_dsb();
    tn_isb();
}

static RAMFUNC int erase_sector(uint32_t phys_sector)
{
    if (phys_sector < KEYSTORE_FIRST_SECTOR || phys_sector >= KEYSTORE_FIRST_SECTOR + KEYSTORE_SECTORS) {
        return TN_ERR_RANGE; /* never outside the key store, whatever the caller computed */
    }
    flash_unlock();
    (void) flash_wait();
    FLASH_CR = (FLASH_CR & ~(FLASH_CR_SNB_MASK | FLASH_CR_PSIZE_MASK | FLASH_CR_PG))
            | FLASH_CR_SER | FLASH_CR_PSIZE_X32 | (phys_sector << FLASH_CR_SNB_SHIFT);
    FLASH_CR |= FLASH_CR_STRT;
    tn_dsb();
    int rc = flash_wait();
    FLASH_CR &= ~(FLASH_CR_SER | FLASH_CR_SNB_MASK);
    flash_lock();
    dcache_invalidate(KEYSTORE_BASE + (phys_sector - KEYSTORE_FIRST_SECTOR) * KEYSTORE_SECTOR_SIZE,
            KEYSTORE_SECTOR_SIZE);
    return rc;
}

static RAMFUNC int program_word(uint32_t addr, uint32_t value)
{
    if (addr < KEYSTORE_BASE || addr >= KEYSTORE_BASE + KEYSTORE_SECTORS * KEYSTORE_SECTOR_SIZE) {
        return TN_ERR_RANGE;
    }
    flash_unlock();
    (void) flash_wait();
    FLASH_CR = (FLASH_CR & ~(FLASH_CR_PSIZE_MASK | FLASH_CR_SER)) | FLASH_CR_PSIZE_X32 | FLASH_CR_PG;
    TN_REG(addr) = value;
    tn_dsb();
    int rc = flash_wait();
    FLASH_CR &= ~FLASH_CR_PG;
    flash_lock();
    dcache_invalidate(addr, 4);
    return rc;
}

static void flash_read(uint32_t addr, uint8_t *dst, uint32_t len)
{
    memcpy(dst, (const void *) (uintptr_t) addr, len);
}

static const tn_flash_ops flash_ops = { erase_sector, program_word, flash_read };
static const tn_flash keystore = { &flash_ops, KEYSTORE_BASE, KEYSTORE_FIRST_SECTOR, KEYSTORE_SECTORS,
    KEYSTORE_SECTOR_SIZE, 16 };

const tn_flash *tn_board_keystore(void)
{
    return &keystore;
}

/* ---- RNG ---- */
static uint32_t rng_poll(uint32_t *word)
{
    uint32_t sr = RNG_SR;
    uint32_t flags = 0;
    if ((sr & (RNG_SR_SECS | RNG_SR_SEIS)) != 0) {
        flags |= TN_TRNG_SEED_ERROR;
    }
    if ((sr & (RNG_SR_CECS | RNG_SR_CEIS)) != 0) {
        flags |= TN_TRNG_CLOCK_ERROR;
    }
    if (flags == 0 && (sr & RNG_SR_DRDY) != 0) {
        *word = RNG_DR;
        flags = TN_TRNG_READY;
    }
    return flags;
}

/* RM0385 seed-error recovery: clear SEIS, disable and re-enable the RNG; CEIS is cleared and the clock
 * configuration (PLL48CLK) is the board's to fix. Data read before the fault is discarded by the caller. */
static void rng_recover(void)
{
    RNG_SR = ~(RNG_SR_SEIS | RNG_SR_CEIS) & RNG_SR;
    RNG_CR &= ~RNG_CR_RNGEN;
    RNG_CR |= RNG_CR_RNGEN;
}

static const tn_trng_ops rng_ops = { rng_poll, rng_recover };
static tn_trng rng = { &rng_ops, RNG_MAX_POLLS, 0, 0, 0, 0 };
static int rng_started;

tn_trng *tn_board_trng(void)
{
    if (!rng_started) {
        RCC_AHB2ENR |= RCC_AHB2ENR_RNGEN;
        RNG_CR |= RNG_CR_RNGEN;
        rng_started = 1;
    }
    return &rng;
}

/* ---- monotonic clock: TIM2 free-running at 1 MHz ---- */
static tn_clock clock = { 32, 1000000u, 0, 0 };
static int clock_started;

tn_clock *tn_board_clock(void)
{
    if (!clock_started) {
        RCC_APB1ENR |= RCC_APB1ENR_TIM2EN;
        TIM2_PSC = TIM2_INPUT_HZ / 1000000u - 1u;
        TIM2_ARR = 0xFFFFFFFFu;
        TIM2_EGR = 1u; /* load the prescaler */
        TIM2_CR1 = 1u; /* CEN */
        clock_started = 1;
    }
    return &clock;
}

uint32_t tn_board_clock_raw(void)
{
    return TIM2_CNT;
}

/* ---- IWDG ---- */
int tn_board_watchdog_start(uint32_t timeout_ms)
{
    uint32_t pr;
    uint32_t rlr;
    if (tn_iwdg_plan(timeout_ms, LSI_HZ_MAX, &pr, &rlr) != TN_OK) {
        return TN_ERR_RANGE;
    }
    IWDG_KR = IWDG_KEY_START; /* also starts the LSI */
    IWDG_KR = IWDG_KEY_UNLOCK;
    IWDG_PR = pr;
    IWDG_RLR = rlr;
    while (IWDG_SR != 0) {
    }
    IWDG_KR = IWDG_KEY_RELOAD;
    return TN_OK;
}

void tn_board_watchdog_kick(void)
{
    IWDG_KR = IWDG_KEY_RELOAD;
}

int tn_board_readout_protection_level(void)
{
    uint32_t rdp = (FLASH_OPTCR >> FLASH_OPTCR_RDP_SHIFT) & 0xFFu;
    return rdp == 0xAAu ? 0 : rdp == 0xCCu ? 2 : 1;
}
