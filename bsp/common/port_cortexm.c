/*
 * tn_port for Cortex-M boards: the critical section masks interrupts through PRIMASK (the sections are a few
 * instructions long), and the worker wake-up is a hook the VEE Port's RTOS glue installs at boot
 * (e.g. xTaskNotifyGive on FreeRTOS, k_sem_give on Zephyr). The worker task itself is the RTOS glue's loop:
 * wait for the notification, then tn_worker_run_pending().
 */
#include "tn_port.h"

#include <stddef.h>

void (*tn_port_wake_hook)(void);

uint32_t tn_port_lock(void)
{
    uint32_t primask;
    __asm__ volatile("mrs %0, primask\n cpsid i" : "=r"(primask)::"memory");
    return primask;
}

void tn_port_unlock(uint32_t state)
{
    __asm__ volatile("msr primask, %0" ::"r"(state) : "memory");
}

void tn_port_worker_wake(void)
{
    if (tn_port_wake_hook != NULL) {
        tn_port_wake_hook();
    }
}
