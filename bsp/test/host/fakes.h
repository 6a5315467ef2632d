#ifndef TN_FAKES_H
#define TN_FAKES_H

#include <stdint.h>

#include "tn_board.h"

#define RAM_FLASH_BASE 0x1000u
#define RAM_FLASH_FIRST 2u
#define RAM_FLASH_SECTORS 4u
#define RAM_FLASH_SECTOR 4096u

typedef struct {
    int erase_error;       /* next erase reports a controller error */
    int erase_leaves_byte; /* next erase reports success but leaves one byte programmed */
    int program_flip;      /* next programmed word reads back with a flipped bit */
} ram_flash_faults;

extern int fake_wakes;
extern uint8_t ram_flash[];
extern ram_flash_faults ram_faults;
extern unsigned ram_violations;
extern const tn_flash ram_keystore;
void ram_flash_reset(void);

extern tn_trng fake_trng;
extern unsigned trng_recovers;
void trng_script_reset(void);
void trng_script_push(uint32_t flags, uint32_t word);

extern tn_clock fake_clock;
extern uint32_t fake_clock_raw;
extern uint32_t fake_wdt_timeout;
extern unsigned fake_wdt_kicks;

#endif
