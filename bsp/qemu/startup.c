/*
 * Bare-metal start for the QEMU mps2 boards: vector table (initial SP, reset, faults), FPU on, .data
 * copied, then newlib's crt0 (_start: .bss, semihosting heap info, main, exit with main's value as QEMU's exit
 * status). Faults exit with 0xF0 + the exception number instead of hanging.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

void _exit(int status);

extern uint32_t __stack_top;
extern uint32_t __data_load;
extern uint32_t __data_start__;
extern uint32_t __data_end__;
extern void _start(void);

void reset_handler(void);
void fault_handler(void);

void reset_handler(void)
{
    /* CPACR: full access to CP10/CP11 (FPU) */
    *(volatile uint32_t *) 0xE000ED88u |= 0xFu << 20;
    __asm__ volatile("dsb\n isb" ::: "memory");
    memcpy(&__data_start__, &__data_load, (size_t) ((char *) &__data_end__ - (char *) &__data_start__));
    _start();
    for (;;) {
    }
}

void fault_handler(void)
{
    uint32_t ipsr;
    __asm__ volatile("mrs %0, ipsr" : "=r"(ipsr));
    _exit((int) (0xF0u + (ipsr & 0xFu)));
}

__attribute__((section(".vectors"), used)) static void (*const vectors[16])(void) = {
    (void (*)(void)) &__stack_top,
    reset_handler,
    fault_handler, /* NMI */
    fault_handler, /* HardFault */
    fault_handler, /* MemManage */
    fault_handler, /* BusFault */
    fault_handler, /* UsageFault */
    fault_handler, /* SecureFault (M33) */
    0, 0, 0,
    fault_handler, /* SVCall */
    fault_handler, /* DebugMon */
    0,
    fault_handler, /* PendSV */
    fault_handler, /* SysTick: measurements poll it with the interrupt off */
};
