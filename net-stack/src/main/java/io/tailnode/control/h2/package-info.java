/**
 * Minimal HTTP/2 client (RFC 9113) with HPACK (RFC 7541) for the ts2021 control channel: the bytes in and out
 * are the plaintext of controlbase Noise records (the early payload is stripped by the Noise layer before
 * anything reaches {@link io.tailnode.control.h2.H2Client}). Sans-I/O: {@code receive} consumes bytes,
 * {@code poll} produces bytes, events go to an {@link io.tailnode.control.h2.H2Listener}. Every buffer and table
 * is allocated at construction from {@link io.tailnode.control.h2.H2Config}; per-frame paths allocate nothing.
 * Thread-confined: one client per connection, driven from one thread. Failures are negative
 * {@link io.tailnode.control.h2.H2Reason} codes; a connection error ends in the error state after queuing GOAWAY.
 *
 * <p>Supported: client preface, SETTINGS both ways, HEADERS + CONTINUATION both ways, DATA with padding,
 * WINDOW_UPDATE (proactive, connection and stream), PING both ways, GOAWAY both ways, RST_STREAM both ways,
 * PRIORITY and unknown frames ignored, HPACK decoding of every representation including Huffman and size updates.
 * Not supported by design: server push (ENABLE_PUSH=0, PUSH_PROMISE is a connection error), HPACK indexing or
 * Huffman on output, TLS/ALPN (ts2021 runs h2c with prior knowledge inside Noise), timers (the caller's).
 */
package io.tailnode.control.h2;
