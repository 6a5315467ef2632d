#ifndef TN_VECTOR_TESTS_H
#define TN_VECTOR_TESTS_H

/* Runs the natives over every generated vector (X25519 through the suspend/resume path); the iterated RFC 7748
 * vector up to max_iterations (1000 on the host, 1 under QEMU). Returns the number of failed checks. */
unsigned tn_vector_tests(unsigned max_iterations);

#endif
