/*
 * Stand-in for the VEE Port's sni.h (MicroEJ SNI 1.4), declaring only what bsp/ uses. On a real VEE Port the
 * generated platform/inc/sni.h replaces this file; the declarations below follow the SNI specification as
 * summarised in docs (shared/specs/microej.md §1.6): natives are C functions named Java_<package>_<Class>_<method>
 * taking base types and 1-D base-type arrays as pointers; a native may suspend its calling Java thread and name
 * a callback, with the native's own signature, that the VM calls in place of a return once the thread resumes.
 */
#ifndef TAILNODE_SNI_H
#define TAILNODE_SNI_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef int8_t jbyte;
typedef int32_t jint;
typedef int64_t jlong;
typedef uint8_t jboolean;

#define SNI_OK 0
#define SNI_ERROR (-1)
/* What a native returns after suspending: the callback supplies the real result. */
#define SNI_IGNORED_RETURNED_VALUE 0

/* A callback has the same parameters and return type as the native that registered it. */
typedef void *SNI_callback;

/* ID of the Java thread running the current native; SNI_ERROR outside the VM task. */
int32_t SNI_getCurrentJavaThreadID(void);

/*
 * Suspends the calling Java thread when the native returns; timeout in ms, 0 = forever. When the thread is
 * resumed the VM calls `callback` with the native's arguments (arrays re-fetched, so they may have moved);
 * `callbackSuspendArg` is handed back by SNI_getCallbackArgs. Returns SNI_OK or SNI_ERROR.
 */
int32_t SNI_suspendCurrentJavaThreadWithCallback(int64_t timeout, SNI_callback callback, void *callbackSuspendArg);

/* Callable from any RTOS task: resumes the thread, or leaves the resume pending if it is not suspended yet. */
int32_t SNI_resumeJavaThread(int32_t javaThreadID);

/* Inside a callback: the suspend argument (and the resume argument, unused here). */
int32_t SNI_getCallbackArgs(void **callbackSuspendArgPtr, void **callbackResumeArgPtr);

#ifdef __cplusplus
}
#endif

#endif
