/*
 * Host fakes: the RTOS port, a RAM NOR flash with the real part's rules, a scripted TRNG, and the tn_board_*
 * bindings the natives use.
 */
#include "fakes.h"

#include <string.h>

#include "tn_port.h"
#include "tn_status.h"

/* ---- port ---- */
int fake_wakes;
uint32_t tn_port_lock(void) { return 0; }
void tn_port_unlock(uint32_t s) { (void) s; }
void tn_port_worker_wake(void) { fake_wakes++; }

/* ---- RAM NOR: 4 sectors of 4 KiB at 0x1000, physical sectors 2..5 (0..1 are "firmware") ---- */
uint8_t ram_flash[RAM_FLASH_SECTORS * RAM_FLASH_SECTOR];
uint8_t ram_flash_writes[RAM_FLASH_SECTORS * RAM_FLASH_SECTOR / 4];
ram_flash_faults ram_faults;
unsigned ram_violations;

static int ram_erase(uint32_t phys)
{
    if (phys < RAM_FLASH_FIRST || phys >= RAM_FLASH_FIRST + RAM_FLASH_SECTORS) {
        ram_violations++; /* the logic must never reach a sector outside the key store */
        return TN_ERR_IO;
    }
    if (ram_faults.erase_error) {
        ram_faults.erase_error = 0;
        return TN_ERR_IO;
    }
    uint32_t s = phys - RAM_FLASH_FIRST;
    memset(ram_flash + s * RAM_FLASH_SECTOR, 0xFF, RAM_FLASH_SECTOR);
    memset(ram_flash_writes + s * RAM_FLASH_SECTOR / 4, 0, RAM_FLASH_SECTOR / 4);
    if (ram_faults.erase_leaves_byte) {
        /* controller said done but a cell did not erase (weak cell, brown-out) */
        ram_flash[s * RAM_FLASH_SECTOR + 1234] = 0xEF;
        ram_faults.erase_leaves_byte = 0;
    }
    return TN_OK;
}

static int ram_program(uint32_t addr, uint32_t value)
{
    uint32_t off = addr - RAM_FLASH_BASE;
    if (addr < RAM_FLASH_BASE || off >= sizeof ram_flash || (off & 3) != 0) {
        ram_violations++;
        return TN_ERR_IO;
    }
    if (ram_flash_writes[off / 4]++ != 0) {
        ram_violations++; /* a word written twice between erases */
    }
    for (int b = 0; b < 4; b++) {
        ram_flash[off + b] &= (uint8_t) (value >> (8 * b)); /* NOR only clears bits */
    }
    if (ram_faults.program_flip) {
        ram_flash[off] ^= 0x01;
        ram_faults.program_flip = 0;
    }
    return TN_OK;
}

static void ram_read(uint32_t addr, uint8_t *dst, uint32_t len)
{
    memcpy(dst, ram_flash + (addr - RAM_FLASH_BASE), len);
}

static const tn_flash_ops ram_ops = { ram_erase, ram_program, ram_read };
const tn_flash ram_keystore = { &ram_ops, RAM_FLASH_BASE, RAM_FLASH_FIRST, RAM_FLASH_SECTORS, RAM_FLASH_SECTOR,
    16 };

void ram_flash_reset(void)
{
    memset(ram_flash, 0xFF, sizeof ram_flash);
    memset(ram_flash_writes, 0, sizeof ram_flash_writes);
    memset(&ram_faults, 0, sizeof ram_faults);
    ram_violations = 0;
}

/* ---- scripted TRNG ---- */
uint32_t trng_script_flags[64];
uint32_t trng_script_words[64];
unsigned trng_script_len;
unsigned trng_script_pos;
unsigned trng_recovers;

static uint32_t trng_poll(uint32_t *word)
{
    if (trng_script_pos >= trng_script_len) {
        return 0; /* no data yet */
    }
    uint32_t f = trng_script_flags[trng_script_pos];
    if (f & TN_TRNG_READY) {
        *word = trng_script_words[trng_script_pos];
    }
    trng_script_pos++;
    return f;
}

static void trng_recover(void)
{
    trng_recovers++;
}

const tn_trng_ops fake_trng_ops = { trng_poll, trng_recover };
tn_trng fake_trng = { &fake_trng_ops, 8, 0, 0, 0, 0 };

void trng_script_reset(void)
{
    trng_script_len = 0;
    trng_script_pos = 0;
    trng_recovers = 0;
    fake_trng.have_last = 0;
    fake_trng.hardware_faults = 0;
    fake_trng.health_failures = 0;
}

void trng_script_push(uint32_t flags, uint32_t word)
{
    trng_script_flags[trng_script_len] = flags;
    trng_script_words[trng_script_len] = word;
    trng_script_len++;
}

/* ---- board bindings ---- */
tn_clock fake_clock = { 24, 32768, 0, 0 };
uint32_t fake_clock_raw;
uint32_t fake_wdt_timeout;
unsigned fake_wdt_kicks;

const tn_flash *tn_board_keystore(void) { return &ram_keystore; }
tn_trng *tn_board_trng(void) { return &fake_trng; }
tn_clock *tn_board_clock(void) { return &fake_clock; }
uint32_t tn_board_clock_raw(void) { return fake_clock_raw; }
int tn_board_watchdog_start(uint32_t timeout_ms)
{
    fake_wdt_timeout = timeout_ms;
    return TN_OK;
}
void tn_board_watchdog_kick(void) { fake_wdt_kicks++; }
