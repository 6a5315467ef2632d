/*
 * Watchdog sizing. The firmware kicks the watchdog only after a completed event-loop iteration; flash erase and
 * GC run only when the loop is idle, but the timeout must still cover the worst case of both back to back plus
 * the longest iteration (bsp/README.md, "Watchdog"). The reload values are computed for the fastest the
 * watchdog clock may run, so the real timeout is never shorter than requested.
 */
#ifndef TN_WATCHDOG_H
#define TN_WATCHDOG_H

#include <stdint.h>

/* TN_OK if timeout_ms exceeds erase + gc + iteration, else TN_ERR_RANGE. */
int tn_watchdog_check(uint32_t timeout_ms, uint32_t worst_erase_ms, uint32_t worst_gc_ms,
        uint32_t worst_iteration_ms);

/* STM32 IWDG: prescaler code pr (divider 4 << pr, pr 0..6) and 12-bit reload so that the timeout at the LSI's
 * fastest frequency is >= timeout_ms. TN_OK, or TN_ERR_RANGE if it does not fit (> ~22 s at 47 kHz). */
int tn_iwdg_plan(uint32_t timeout_ms, uint32_t lsi_hz_max, uint32_t *pr, uint32_t *rlr);

/* nRF WDT: CRV in 32,768 Hz ticks (>= 15, the hardware minimum), rounded up. */
int tn_nrf_wdt_crv(uint32_t timeout_ms, uint32_t *crv);

#endif
