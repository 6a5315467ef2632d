#include "tn_flash.h"

#include "tn_status.h"

#define CHUNK 64u

static int in_range(const tn_flash *f, uint32_t address, uint32_t len)
{
    uint32_t size = f->sector_count * f->sector_size;
    return address <= size && len <= size - address;
}

static int reads_erased(const tn_flash *f, uint32_t phys, uint32_t len)
{
    uint8_t chunk[CHUNK];
    while (len > 0) {
        uint32_t n = len < CHUNK ? len : CHUNK;
        f->ops->read(phys, chunk, n);
        for (uint32_t i = 0; i < n; i++) {
            if (chunk[i] != 0xFF) {
                return 0;
            }
        }
        phys += n;
        len -= n;
    }
    return 1;
}

int tn_flash_read(const tn_flash *f, uint32_t address, uint8_t *buf, uint32_t len)
{
    if (!in_range(f, address, len)) {
        return TN_ERR_RANGE;
    }
    f->ops->read(f->base + address, buf, len);
    return TN_OK;
}

int tn_flash_program(const tn_flash *f, uint32_t address, const uint8_t *buf, uint32_t len)
{
    uint32_t unit = f->program_unit;
    if (!in_range(f, address, len)) {
        return TN_ERR_RANGE;
    }
    if ((address & (unit - 1)) != 0 || (len & (unit - 1)) != 0) {
        return TN_ERR_ALIGNMENT;
    }
    /* All-or-nothing precondition: check every unit before the first write. */
    if (!reads_erased(f, f->base + address, len)) {
        return TN_ERR_NOT_ERASED;
    }
    for (uint32_t i = 0; i < len; i += 4) {
        uint32_t w = (uint32_t) buf[i] | ((uint32_t) buf[i + 1] << 8) | ((uint32_t) buf[i + 2] << 16)
                | ((uint32_t) buf[i + 3] << 24);
        if (w == 0xFFFFFFFFu) {
            continue; /* already the erased value: writing it would spend a write cycle for nothing */
        }
        if (f->ops->program_word(f->base + address + i, w) != TN_OK) {
            return TN_ERR_IO;
        }
    }
    uint8_t chunk[CHUNK];
    for (uint32_t i = 0; i < len; i += CHUNK) {
        uint32_t n = len - i < CHUNK ? len - i : CHUNK;
        f->ops->read(f->base + address + i, chunk, n);
        for (uint32_t j = 0; j < n; j++) {
            if (chunk[j] != buf[i + j]) {
                return TN_ERR_IO;
            }
        }
    }
    return TN_OK;
}

int tn_flash_erase(const tn_flash *f, uint32_t sector)
{
    if (sector >= f->sector_count) {
        return TN_ERR_RANGE;
    }
    if (f->ops->erase_sector(f->first_sector + sector) != TN_OK) {
        return TN_ERR_IO;
    }
    if (!reads_erased(f, f->base + sector * f->sector_size, f->sector_size)) {
        return TN_ERR_IO; /* not erase-complete: the key store must not mark it */
    }
    return TN_OK;
}
