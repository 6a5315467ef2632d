#include "tn_trng.h"

#include "tn_status.h"

static void wipe(uint8_t *buf, uint32_t len)
{
    volatile uint8_t *p = buf;
    for (uint32_t i = 0; i < len; i++) {
        p[i] = 0;
    }
}

int tn_trng_fill(tn_trng *t, uint8_t *buf, uint32_t len)
{
    uint32_t done = 0;
    while (done < len) {
        uint32_t word = 0;
        uint32_t flags = 0;
        uint32_t polls = 0;
        do {
            flags = t->ops->poll(&word);
            if ((flags & TN_TRNG_FAULTS) != 0) {
                t->hardware_faults++;
                t->have_last = 0;
                t->ops->recover();
                wipe(buf, len);
                return TN_ERR_IO;
            }
        } while ((flags & TN_TRNG_READY) == 0 && ++polls < t->max_polls);
        if ((flags & TN_TRNG_READY) == 0) {
            t->hardware_faults++;
            t->ops->recover();
            wipe(buf, len);
            return TN_ERR_IO;
        }
        if (t->have_last && word == t->last) {
            t->health_failures++;
            t->last = word;
            wipe(buf, len);
            return TN_ERR_ENTROPY_HEALTH;
        }
        t->last = word;
        t->have_last = 1;
        for (int b = 0; b < 4 && done < len; b++) {
            buf[done++] = (uint8_t) (word >> (8 * b));
        }
    }
    return (int) len;
}
