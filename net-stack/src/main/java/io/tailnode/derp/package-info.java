/**
 * DERP relay client (tailscale-protocol.md §3), device Java, sans-I/O: frame layout and writers
 * ({@link io.tailnode.derp.DerpWire}), a flyweight frame view ({@link io.tailnode.derp.DerpFrameView}), the
 * HTTP/1.1 {@code /derp} upgrade ({@link io.tailnode.derp.DerpUpgradeRequest},
 * {@link io.tailnode.derp.DerpUpgradeResponse}), the connection state machine ({@link io.tailnode.derp.DerpClient})
 * and the region table filled from the DERP map ({@link io.tailnode.derp.DerpRegions}).
 * <p>
 * The client works on the plaintext byte stream above TLS: the driver (the device loop) owns the TLS transport,
 * feeds what it reads to {@code receive}, writes what {@code outputBuffer} holds and calls {@code poll} at the
 * deadline it is given. Errors are negative {@link io.tailnode.derp.DerpReason} codes; nothing is allocated
 * after construction.
 */
package io.tailnode.derp;
