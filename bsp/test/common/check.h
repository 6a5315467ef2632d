/* Minimal test harness shared by the host tests and the QEMU runs: counts failures, prints each one. */
#ifndef TN_CHECK_H
#define TN_CHECK_H

#include <stdio.h>

extern unsigned tn_check_failures;
extern unsigned tn_check_count;

#define CHECK(cond, ...)                                                                                      \
    do {                                                                                                      \
        tn_check_count++;                                                                                     \
        if (!(cond)) {                                                                                        \
            tn_check_failures++;                                                                              \
            printf("FAIL %s:%d: ", __FILE__, __LINE__);                                                       \
            printf(__VA_ARGS__);                                                                              \
            printf("\n");                                                                                     \
        }                                                                                                     \
    } while (0)

#endif
