/*
 * Monotonic milliseconds from a free-running hardware counter of `bits` bits at `hz` (STM32F7 TIM2: 32 bits at
 * 1 MHz, wraps every 71.6 min; nRF91 RTC1: 24 bits at 32,768 Hz, wraps every 512 s), extended to 64 bits.
 * Correct as long as it is sampled at least once per wrap period: the board's counter-overflow interrupt calls
 * tn_clock_sample, and readers go through the same lock.
 */
#ifndef TN_CLOCK_H
#define TN_CLOCK_H

#include <stdint.h>

typedef struct {
    uint32_t bits;
    uint32_t hz;
    uint32_t last_raw;
    uint64_t high; /* ticks accumulated by completed wraps */
} tn_clock;

/* Folds a raw counter value in and returns 64-bit ticks since the counter started. The caller holds the port
 * lock and read `raw` under it: a value read before an interrupt sampled a later one would look like a wrap. */
uint64_t tn_clock_sample(tn_clock *c, uint32_t raw);

/* Milliseconds for a sampled tick count. */
int64_t tn_clock_ticks_to_millis(const tn_clock *c, uint64_t ticks);

/* Reads the counter and samples it under the port lock; milliseconds since start, never decreasing. Also what
 * the board's overflow interrupt calls (result ignored) so no wrap is missed. */
int64_t tn_clock_now_millis(tn_clock *c, uint32_t (*read_raw)(void));

#endif
