/**
 * Cryptographic primitives for the device, in Java 7 on caller buffers: X25519, ChaCha20-Poly1305 (WireGuard's
 * little-endian and controlbase's big-endian counter nonces), XChaCha20-Poly1305, BLAKE2s (plain, keyed, HMAC),
 * the Noise/WireGuard KDF, TAI64N, and NaCl crypto_box (HSalsa20/XSalsa20-Poly1305).
 * <p>
 * Contract: no allocation after construction (per-call scratch lives in the instance); instances are
 * reusable and not thread-safe (one per thread); in-place operation is supported where a protocol wants it;
 * tags and MACs are compared in constant time. X25519 and ChaCha20-Poly1305 also have a native seam
 * ({@code io.tailnode.crypto.sni}) that the board implements in C and the simulator mocks with BouncyCastle.
 */
package io.tailnode.crypto;
