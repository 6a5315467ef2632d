/* Register access for the board shims. */
#ifndef TN_MMIO_H
#define TN_MMIO_H

#include <stdint.h>

#define TN_REG(addr) (*(volatile uint32_t *) (uintptr_t) (addr))

static inline void tn_dsb(void)
{
    __asm__ volatile("dsb 0xF" ::: "memory");
}

static inline void tn_isb(void)
{
    __asm__ volatile("isb 0xF" ::: "memory");
}

#endif
