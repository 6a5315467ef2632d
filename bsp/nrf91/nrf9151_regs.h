/*
 * The few nRF9151 (application core, secure addresses) registers the shim touches, written from the nRF9151 /
 * nRF9160 product specifications: NVMC, WDT, RTC1, UICR approtect, CRYPTOCELL enable; the CryptoCell-310 RNG
 * block offsets follow Arm's published CC310 register layout (cc_rng registers). Not a vendor header;
 * compile-checked only (see bsp/README.md, "What is verified").
 */
#ifndef NRF9151_REGS_H
#define NRF9151_REGS_H

#include "tn_mmio.h"

/* NVMC (secure) */
#define NVMC_BASE_ADDR 0x50039000u
#define NVMC_READY TN_REG(NVMC_BASE_ADDR + 0x400u)
#define NVMC_CONFIG TN_REG(NVMC_BASE_ADDR + 0x504u)
#define NVMC_CONFIG_REN 0u
#define NVMC_CONFIG_WEN 1u
#define NVMC_CONFIG_EEN 2u
#define NVMC_PAGE_SIZE 4096u

/* WDT (secure), 32.768 kHz */
#define WDT_BASE_ADDR 0x50018000u
#define WDT_TASKS_START TN_REG(WDT_BASE_ADDR + 0x000u)
#define WDT_RUNSTATUS TN_REG(WDT_BASE_ADDR + 0x400u)
#define WDT_CRV TN_REG(WDT_BASE_ADDR + 0x504u)
#define WDT_RREN TN_REG(WDT_BASE_ADDR + 0x508u)
#define WDT_CONFIG TN_REG(WDT_BASE_ADDR + 0x50Cu)
#define WDT_RR0 TN_REG(WDT_BASE_ADDR + 0x600u)
#define WDT_RELOAD_VALUE 0x6E524635u
#define WDT_CONFIG_SLEEP_RUN 1u /* keep counting while the CPU sleeps */

/* RTC1 (secure): 24-bit counter on LFCLK */
#define RTC1_BASE_ADDR 0x50015000u
#define RTC1_TASKS_START TN_REG(RTC1_BASE_ADDR + 0x000u)
#define RTC1_COUNTER TN_REG(RTC1_BASE_ADDR + 0x504u)
#define RTC1_PRESCALER TN_REG(RTC1_BASE_ADDR + 0x508u)

/* UICR: access-port protection (0x50 = HwUnprotected for APPROTECT/SECUREAPPROTECT; anything else protects) */
#define UICR_BASE_ADDR 0x00FF8000u
#define UICR_APPROTECT TN_REG(UICR_BASE_ADDR + 0x000u)
#define UICR_SECUREAPPROTECT TN_REG(UICR_BASE_ADDR + 0x02Cu)
#define UICR_APPROTECT_UNPROTECTED 0x50FA50FAu

/* CRYPTOCELL wrapper and the CC310 RNG block */
#define CRYPTOCELL_ENABLE TN_REG(0x50840000u + 0x500u)
#define CC_BASE_ADDR 0x50841000u
#define CC_RNG_IMR TN_REG(CC_BASE_ADDR + 0x100u)
#define CC_RNG_ISR TN_REG(CC_BASE_ADDR + 0x104u)
#define CC_RNG_ICR TN_REG(CC_BASE_ADDR + 0x108u)
#define CC_TRNG_CONFIG TN_REG(CC_BASE_ADDR + 0x10Cu)
#define CC_EHR_DATA(i) TN_REG(CC_BASE_ADDR + 0x114u + 4u * (i))
#define CC_RND_SOURCE_ENABLE TN_REG(CC_BASE_ADDR + 0x12Cu)
#define CC_SAMPLE_CNT1 TN_REG(CC_BASE_ADDR + 0x130u)
#define CC_TRNG_DEBUG_CONTROL TN_REG(CC_BASE_ADDR + 0x138u)
#define CC_RNG_SW_RESET TN_REG(CC_BASE_ADDR + 0x140u)
#define CC_RNG_CLK_ENABLE TN_REG(CC_BASE_ADDR + 0x1C4u)
#define CC_RNG_ISR_EHR_VALID (1u << 0)
#define CC_RNG_ISR_AUTOCORR_ERR (1u << 1)
#define CC_RNG_ISR_CRNGT_ERR (1u << 2)
#define CC_RNG_ISR_VN_ERR (1u << 3)
#define CC_EHR_WORDS 6u

#endif
