#include "tn_watchdog.h"

#include "tn_status.h"

int tn_watchdog_check(uint32_t timeout_ms, uint32_t worst_erase_ms, uint32_t worst_gc_ms,
        uint32_t worst_iteration_ms)
{
    uint64_t need = (uint64_t) worst_erase_ms + worst_gc_ms + worst_iteration_ms;
    return timeout_ms > need ? TN_OK : TN_ERR_RANGE;
}

int tn_iwdg_plan(uint32_t timeout_ms, uint32_t lsi_hz_max, uint32_t *pr, uint32_t *rlr)
{
    for (uint32_t p = 0; p <= 6; p++) {
        uint64_t div = 4u << p;
        /* counts = ceil(timeout * f / (1000 * div)); reload = counts - 1 */
        uint64_t counts = ((uint64_t) timeout_ms * lsi_hz_max + 1000u * div - 1u) / (1000u * div);
        if (counts == 0) {
            counts = 1;
        }
        if (counts - 1u <= 0xFFFu) {
            *pr = p;
            *rlr = (uint32_t) (counts - 1u);
            return TN_OK;
        }
    }
    return TN_ERR_RANGE;
}

int tn_nrf_wdt_crv(uint32_t timeout_ms, uint32_t *crv)
{
    uint64_t ticks = ((uint64_t) timeout_ms * 32768u + 999u) / 1000u;
    if (ticks < 15u) {
        ticks = 15u;
    }
    if (ticks > 0xFFFFFFFFu) {
        return TN_ERR_RANGE;
    }
    *crv = (uint32_t) ticks;
    return TN_OK;
}
