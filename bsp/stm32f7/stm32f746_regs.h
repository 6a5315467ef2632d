/*
 * The few STM32F746 registers the shim touches, written from the reference manual (RM0385) register maps:
 * FLASH, RNG, IWDG, TIM2, RCC enable bits, and the Cortex-M7 cache maintenance register. Not a vendor header.
 */
#ifndef STM32F746_REGS_H
#define STM32F746_REGS_H

#include "tn_mmio.h"

/* FLASH interface, RM0385 §3.7 */
#define FLASH_BASE_ADDR 0x40023C00u
#define FLASH_KEYR TN_REG(FLASH_BASE_ADDR + 0x04u)
#define FLASH_SR TN_REG(FLASH_BASE_ADDR + 0x0Cu)
#define FLASH_CR TN_REG(FLASH_BASE_ADDR + 0x10u)
#define FLASH_OPTCR TN_REG(FLASH_BASE_ADDR + 0x14u)
#define FLASH_KEY1 0x45670123u
#define FLASH_KEY2 0xCDEF89ABu
#define FLASH_SR_EOP (1u << 0)
#define FLASH_SR_OPERR (1u << 1)
#define FLASH_SR_WRPERR (1u << 4)
#define FLASH_SR_PGAERR (1u << 5)
#define FLASH_SR_PGPERR (1u << 6)
#define FLASH_SR_ERSERR (1u << 7)
#define FLASH_SR_BSY (1u << 16)
#define FLASH_SR_ERRORS (FLASH_SR_OPERR | FLASH_SR_WRPERR | FLASH_SR_PGAERR | FLASH_SR_PGPERR | FLASH_SR_ERSERR)
#define FLASH_CR_PG (1u << 0)
#define FLASH_CR_SER (1u << 1)
#define FLASH_CR_SNB_SHIFT 3u
#define FLASH_CR_SNB_MASK (0xFu << FLASH_CR_SNB_SHIFT)
#define FLASH_CR_PSIZE_X32 (2u << 8)
#define FLASH_CR_PSIZE_MASK (3u << 8)
#define FLASH_CR_STRT (1u << 16)
#define FLASH_CR_LOCK (1u << 31)
#define FLASH_OPTCR_RDP_SHIFT 8u /* RDP byte: 0xAA level 0, 0xCC level 2, anything else level 1 */

/* RNG, RM0385 §22 */
#define RNG_BASE_ADDR 0x50060800u
#define RNG_CR TN_REG(RNG_BASE_ADDR + 0x00u)
#define RNG_SR TN_REG(RNG_BASE_ADDR + 0x04u)
#define RNG_DR TN_REG(RNG_BASE_ADDR + 0x08u)
#define RNG_CR_RNGEN (1u << 2)
#define RNG_SR_DRDY (1u << 0)
#define RNG_SR_CECS (1u << 1)
#define RNG_SR_SECS (1u << 2)
#define RNG_SR_CEIS (1u << 5)
#define RNG_SR_SEIS (1u << 6)

/* IWDG, RM0385 §25 (clocked by LSI, 17-47 kHz per the datasheet) */
#define IWDG_BASE_ADDR 0x40003000u
#define IWDG_KR TN_REG(IWDG_BASE_ADDR + 0x00u)
#define IWDG_PR TN_REG(IWDG_BASE_ADDR + 0x04u)
#define IWDG_RLR TN_REG(IWDG_BASE_ADDR + 0x08u)
#define IWDG_SR TN_REG(IWDG_BASE_ADDR + 0x0Cu)
#define IWDG_KEY_START 0xCCCCu
#define IWDG_KEY_RELOAD 0xAAAAu
#define IWDG_KEY_UNLOCK 0x5555u

/* TIM2 (32-bit), RM0385 §24 */
#define TIM2_BASE_ADDR 0x40000000u
#define TIM2_CR1 TN_REG(TIM2_BASE_ADDR + 0x00u)
#define TIM2_EGR TN_REG(TIM2_BASE_ADDR + 0x14u)
#define TIM2_CNT TN_REG(TIM2_BASE_ADDR + 0x24u)
#define TIM2_PSC TN_REG(TIM2_BASE_ADDR + 0x28u)
#define TIM2_ARR TN_REG(TIM2_BASE_ADDR + 0x2Cu)

/* RCC enable bits, RM0385 §5.3 */
#define RCC_BASE_ADDR 0x40023800u
#define RCC_AHB2ENR TN_REG(RCC_BASE_ADDR + 0x34u)
#define RCC_APB1ENR TN_REG(RCC_BASE_ADDR + 0x40u)
#define RCC_AHB2ENR_RNGEN (1u << 6)
#define RCC_APB1ENR_TIM2EN (1u << 0)

/* Cortex-M7 SCB: invalidate D-cache line by address (flash is cached through AXIM) */
#define SCB_DCIMVAC TN_REG(0xE000EF5Cu)
#define CM7_DCACHE_LINE 32u

#endif
