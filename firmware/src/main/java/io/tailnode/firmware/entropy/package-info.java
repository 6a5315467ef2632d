/**
 * Randomness for the firmware: the raw-source {@link io.tailnode.firmware.entropy.HealthTests} (SP 800-90B
 * §4.4), the {@link io.tailnode.firmware.entropy.HmacDrbg} mechanism (SP 800-90A §10.1.2, HMAC-BLAKE2s), the
 * seeded and reseeded {@link io.tailnode.firmware.entropy.Drbg} with its failed state, and the
 * {@link io.tailnode.firmware.entropy.KeyGenerator} that creates and rotates the device's persistent keys.
 * Nothing here falls back to another source when the TRNG fails.
 */
package io.tailnode.firmware.entropy;
