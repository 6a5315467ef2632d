/*
 * A fake of the VM's side of SNI, for tests on the host and under QEMU: one "current Java thread", a record of
 * the last suspension (callback and argument) and of resumes. The call_* helpers play the VM: call the native;
 * if it suspended, run the worker (standing in for the worker task), check the thread was resumed, then call
 * the registered callback with the same arguments, as the VM does.
 */
#ifndef TN_SNI_FAKE_H
#define TN_SNI_FAKE_H

#include "sni.h"

void sni_fake_reset(int32_t current_thread);
int sni_fake_suspensions(void);
int sni_fake_resumes(void);

jint call_x25519(jbyte *out, jint outOff, jbyte *scalar, jint scalarOff, jbyte *u, jint uOff);
jint call_flash_erase(jint sector);

#endif
