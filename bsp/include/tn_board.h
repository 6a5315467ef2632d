/* What each board directory (stm32f7/, nrf91/) provides to the portable natives; the host tests supply fakes. */
#ifndef TN_BOARD_H
#define TN_BOARD_H

#include <stdint.h>

#include "tn_clock.h"
#include "tn_flash.h"
#include "tn_trng.h"

const tn_flash *tn_board_keystore(void);
tn_trng *tn_board_trng(void);
tn_clock *tn_board_clock(void);
uint32_t tn_board_clock_raw(void);
/* Configures and starts the watchdog (it cannot be stopped once started); TN_OK or TN_ERR_RANGE. */
int tn_board_watchdog_start(uint32_t timeout_ms);
void tn_board_watchdog_kick(void);
/* Readout protection as the part reports it: STM32 RDP level 0/1/2; nRF91 1 if APPROTECT and SECUREAPPROTECT
 * are both enabled, else 0. Logged at boot; the production line refuses to ship a board below the README's level. */
int tn_board_readout_protection_level(void);

#endif
