/*
 * Prototypes of every SNI native in bsp/, named Java_<package>_<Class>_<method> after the Java declarations
 * (io.tailnode.crypto.sni.CryptoNatives, io.tailnode.firmware.board.BoardNatives). Java byte[] arrives as jbyte*
 * (start of the array; offsets passed separately, bounds checked in Java), int as jint, long as jlong.
 * simulator-tests' NativeSignatureParityTest compares these definitions with the Java declarations.
 */
#ifndef TN_NATIVES_H
#define TN_NATIVES_H

#include "sni.h"

/* crypto: io.tailnode.crypto.sni.CryptoNatives */
jint Java_io_tailnode_crypto_sni_CryptoNatives_x25519(jbyte *out, jint outOff, jbyte *scalar, jint scalarOff,
        jbyte *u, jint uOff);
jint Java_io_tailnode_crypto_sni_CryptoNatives_chacha20Poly1305Seal(jbyte *key, jint keyOff, jbyte *nonce,
        jint nonceOff, jbyte *ad, jint adOff, jint adLen, jbyte *in, jint inOff, jint inLen, jbyte *out,
        jint outOff);
jint Java_io_tailnode_crypto_sni_CryptoNatives_chacha20Poly1305Open(jbyte *key, jint keyOff, jbyte *nonce,
        jint nonceOff, jbyte *ad, jint adOff, jint adLen, jbyte *in, jint inOff, jint inLen, jbyte *out,
        jint outOff);

/* board: io.tailnode.firmware.board.BoardNatives */
jint Java_io_tailnode_firmware_board_BoardNatives_flashSectorCount(void);
jint Java_io_tailnode_firmware_board_BoardNatives_flashSectorSize(void);
jint Java_io_tailnode_firmware_board_BoardNatives_flashProgramUnit(void);
jint Java_io_tailnode_firmware_board_BoardNatives_flashRead(jint address, jbyte *buf, jint off, jint len);
jint Java_io_tailnode_firmware_board_BoardNatives_flashProgram(jint address, jbyte *buf, jint off, jint len);
jint Java_io_tailnode_firmware_board_BoardNatives_flashErase(jint sector);
jint Java_io_tailnode_firmware_board_BoardNatives_entropyFill(jbyte *buf, jint off, jint len);
jlong Java_io_tailnode_firmware_board_BoardNatives_monotonicMillis(void);
jint Java_io_tailnode_firmware_board_BoardNatives_watchdogStart(jint timeoutMillis);
void Java_io_tailnode_firmware_board_BoardNatives_watchdogKick(void);

#endif
