/**
 * WireGuard message layouts (whitepaper §5.4) as flyweight views over caller buffers: re-pointed with
 * {@code wrap(buf, off, len)}, validated once with {@code check()} (0 or a negative
 * {@link io.tailnode.wg.WgReason}), no allocation, no copies. The cryptography that fills and verifies the
 * fields lives in {@code io.tailnode.wg}. Not thread-safe: one view instance per event loop.
 */
package io.tailnode.wg.wire;
