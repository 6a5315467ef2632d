/*
 * What the portable C needs from the board's RTOS: a critical section around the job pool and queue, and a way
 * to wake the worker task. port_cortexm.c implements the lock with PRIMASK and the wake as a hook the VEE Port
 * sets (FreeRTOS task notification on STM32F7, a Zephyr semaphore on nRF91); the host tests use fakes.
 */
#ifndef TN_PORT_H
#define TN_PORT_H

#include <stdint.h>

uint32_t tn_port_lock(void);
void tn_port_unlock(uint32_t state);
void tn_port_worker_wake(void);

#endif
