/**
 * WireGuard (whitepaper: https://www.wireguard.com/papers/wireguard.pdf, shared wireguard.md): handshake,
 * cookies, rate limiting, sessions and replay window, timers, cryptokey routing. Sans-I/O: datagrams and
 * {@code nowMs} in, datagrams and deadlines out; tables sized at construction; nothing allocated per packet or
 * handshake. Wire formats (flyweight views) live in {@code io.tailnode.wg.wire}. Not thread-safe: one event loop.
 */
package io.tailnode.wg;
