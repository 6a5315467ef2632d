#include "tn_clock.h"

#include "tn_port.h"

uint64_t tn_clock_sample(tn_clock *c, uint32_t raw)
{
    uint32_t mask = c->bits >= 32 ? 0xFFFFFFFFu : ((1u << c->bits) - 1u);
    uint32_t s = tn_port_lock();
    raw &= mask;
    if (raw < c->last_raw) {
        c->high += (uint64_t) mask + 1u;
    }
    c->last_raw = raw;
    uint64_t ticks = c->high + raw;
    tn_port_unlock(s);
    return ticks;
}

int64_t tn_clock_millis(tn_clock *c, uint32_t raw)
{
    uint64_t ticks = tn_clock_sample(c, raw);
    /* split to avoid overflowing ticks * 1000 */
    return (int64_t) ((ticks / c->hz) * 1000u + ((ticks % c->hz) * 1000u) / c->hz);
}
