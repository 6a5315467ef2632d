#include "tn_clock.h"

#include "tn_port.h"

uint64_t tn_clock_sample(tn_clock *c, uint32_t raw)
{
    uint32_t mask = c->bits >= 32 ? 0xFFFFFFFFu : ((1u << c->bits) - 1u);
    raw &= mask;
    if (raw < c->last_raw) {
        c->high += (uint64_t) mask + 1u;
    }
    c->last_raw = raw;
    return c->high + raw;
}

int64_t tn_clock_ticks_to_millis(const tn_clock *c, uint64_t ticks)
{
    /* split to avoid overflowing ticks * 1000 */
    return (int64_t) ((ticks / c->hz) * 1000u + ((ticks % c->hz) * 1000u) / c->hz);
}

int64_t tn_clock_now_millis(tn_clock *c, uint32_t (*read_raw)(void))
{
    uint32_t s = tn_port_lock();
    uint64_t ticks = tn_clock_sample(c, read_raw());
    tn_port_unlock(s);
    return tn_clock_ticks_to_millis(c, ticks);
}
