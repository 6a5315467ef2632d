/* SNI natives of io.tailnode.firmware.board.BoardNatives (the board HALs) over the portable logic. */
#include <stddef.h>

#include "sni.h"
#include "tn_board.h"
#include "tn_natives.h"
#include "tn_status.h"
#include "tn_worker.h"

jint Java_io_tailnode_firmware_board_BoardNatives_flashSectorCount(void)
{
    return (jint) tn_board_keystore()->sector_count;
}

jint Java_io_tailnode_firmware_board_BoardNatives_flashSectorSize(void)
{
    return (jint) tn_board_keystore()->sector_size;
}

jint Java_io_tailnode_firmware_board_BoardNatives_flashProgramUnit(void)
{
    return (jint) tn_board_keystore()->program_unit;
}

jint Java_io_tailnode_firmware_board_BoardNatives_flashRead(jint address, jbyte *buf, jint off, jint len)
{
    if (address < 0 || len < 0) {
        return TN_ERR_RANGE;
    }
    return tn_flash_read(tn_board_keystore(), (uint32_t) address, (uint8_t *) buf + off, (uint32_t) len);
}

/* Programming a record (<= ~300 B, 4 words per unit at tens of microseconds each) stays well under 1 ms, so it
 * runs in the calling thread; only the sector erase goes to the worker. */
jint Java_io_tailnode_firmware_board_BoardNatives_flashProgram(jint address, jbyte *buf, jint off, jint len)
{
    if (address < 0 || len < 0) {
        return TN_ERR_RANGE;
    }
    return tn_flash_program(tn_board_keystore(), (uint32_t) address, (const uint8_t *) buf + off,
            (uint32_t) len);
}

static int32_t run_erase(tn_job *job)
{
    return tn_flash_erase(tn_board_keystore(), job->io.erase.sector);
}

static jint erase_done(jint sector)
{
    void *arg = NULL;
    if (SNI_getCallbackArgs(&arg, NULL) != SNI_OK || arg == NULL) {
        return TN_ERR_IO;
    }
    (void) sector;
    tn_job *job = (tn_job *) arg;
    jint rc = job->result;
    tn_job_release(job);
    return rc;
}

jint Java_io_tailnode_firmware_board_BoardNatives_flashErase(jint sector)
{
    if (sector < 0 || (uint32_t) sector >= tn_board_keystore()->sector_count) {
        return TN_ERR_RANGE;
    }
    tn_job *job = tn_job_acquire();
    if (job != NULL) {
        job->io.erase.sector = (uint32_t) sector;
        job->run = run_erase;
        job->java_thread = SNI_getCurrentJavaThreadID();
        if (job->java_thread != SNI_ERROR
                && SNI_suspendCurrentJavaThreadWithCallback(0, (SNI_callback) erase_done, job) == SNI_OK) {
            tn_job_submit(job);
            return SNI_IGNORED_RETURNED_VALUE;
        }
        tn_job_release(job);
    }
    return tn_flash_erase(tn_board_keystore(), (uint32_t) sector);
}

jint Java_io_tailnode_firmware_board_BoardNatives_entropyFill(jbyte *buf, jint off, jint len)
{
    if (len < 0) {
        return TN_ERR_RANGE;
    }
    return tn_trng_fill(tn_board_trng(), (uint8_t *) buf + off, (uint32_t) len);
}

jlong Java_io_tailnode_firmware_board_BoardNatives_monotonicMillis(void)
{
    return tn_clock_now_millis(tn_board_clock(), tn_board_clock_raw);
}

jint Java_io_tailnode_firmware_board_BoardNatives_watchdogStart(jint timeoutMillis)
{
    if (timeoutMillis <= 0) {
        return TN_ERR_RANGE;
    }
    return tn_board_watchdog_start((uint32_t) timeoutMillis);
}

void Java_io_tailnode_firmware_board_BoardNatives_watchdogKick(void)
{
    tn_board_watchdog_kick();
}
