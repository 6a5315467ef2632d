/* Links every native so --gc-sections keeps exactly what a VEE Port would: sizes only, never run. */
#include "tn_natives.h"
#include "tn_worker.h"

void *const tn_size_probe[] = {
    (void *) Java_io_tailnode_crypto_sni_CryptoNatives_x25519,
    (void *) Java_io_tailnode_crypto_sni_CryptoNatives_chacha20Poly1305Seal,
    (void *) Java_io_tailnode_crypto_sni_CryptoNatives_chacha20Poly1305Open,
    (void *) Java_io_tailnode_firmware_board_BoardNatives_flashSectorCount,
    (void *) Java_io_tailnode_firmware_board_BoardNatives_flashSectorSize,
    (void *) Java_io_tailnode_firmware_board_BoardNatives_flashProgramUnit,
    (void *) Java_io_tailnode_firmware_board_BoardNatives_flashRead,
    (void *) Java_io_tailnode_firmware_board_BoardNatives_flashProgram,
    (void *) Java_io_tailnode_firmware_board_BoardNatives_flashErase,
    (void *) Java_io_tailnode_firmware_board_BoardNatives_entropyFill,
    (void *) Java_io_tailnode_firmware_board_BoardNatives_monotonicMillis,
    (void *) Java_io_tailnode_firmware_board_BoardNatives_watchdogStart,
    (void *) Java_io_tailnode_firmware_board_BoardNatives_watchdogKick,
    (void *) tn_worker_run_pending,
};

/* The SNI entry points and the RTOS hook come from the VEE Port; stubs make the probe link. */
int32_t SNI_getCurrentJavaThreadID(void) { return 0; }
int32_t SNI_suspendCurrentJavaThreadWithCallback(int64_t t, SNI_callback c, void *a) { (void) t; (void) c; (void) a; return 0; }
int32_t SNI_resumeJavaThread(int32_t id) { (void) id; return 0; }
int32_t SNI_getCallbackArgs(void **s, void **r) { (void) s; (void) r; return 0; }

int main(void)
{
    uintptr_t sum = 0;
    for (unsigned i = 0; i < sizeof tn_size_probe / sizeof tn_size_probe[0]; i++) {
        sum += (uintptr_t) ((void *const volatile *) tn_size_probe)[i];
    }
    return (int) sum;
}
