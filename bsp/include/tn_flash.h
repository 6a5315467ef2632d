/*
 * Key-store flash above a register shim. The key store (firmware/.../keystore, docs/keystore.md) sees
 * sector_count uniform sectors of sector_size bytes, addressed from 0, programmed in units of program_unit bytes;
 * the board maps them onto physical sectors outside every firmware image slot (bsp/README.md).
 *
 * Discipline enforced here, so a logic error in Java or C cannot silently corrupt NOR:
 * - program: range and unit alignment checked; every unit must read fully erased (0xFF) before anything is
 *   written (TN_ERR_NOT_ERASED otherwise, nothing written); words that are all 0xFF are not programmed at all,
 *   so no word is ever written twice between erases; the result is read back (TN_ERR_IO on mismatch).
 * - erase: returns TN_OK only once the controller reported completion AND the whole sector reads 0xFF
 *   (erase-complete); the key store writes its erase-complete mark only after that.
 */
#ifndef TN_FLASH_H
#define TN_FLASH_H

#include <stdint.h>

typedef struct {
    /* Erases one physical sector and waits for the controller; TN_OK or TN_ERR_IO (controller error flags). */
    int (*erase_sector)(uint32_t phys_sector);
    /* Programs one aligned 32-bit word and waits; TN_OK or TN_ERR_IO. */
    int (*program_word)(uint32_t addr, uint32_t value);
    /* Reads bytes (memory-mapped on both MCUs; the shim handles cache maintenance). */
    void (*read)(uint32_t addr, uint8_t *dst, uint32_t len);
} tn_flash_ops;

typedef struct {
    const tn_flash_ops *ops;
    uint32_t base;         /* physical address of key-store sector 0 */
    uint32_t first_sector; /* physical sector number of key-store sector 0 */
    uint32_t sector_count;
    uint32_t sector_size;
    uint32_t program_unit; /* power of two, multiple of 4 */
} tn_flash;

int tn_flash_read(const tn_flash *f, uint32_t address, uint8_t *buf, uint32_t len);
int tn_flash_program(const tn_flash *f, uint32_t address, const uint8_t *buf, uint32_t len);
int tn_flash_erase(const tn_flash *f, uint32_t sector);

#endif
