/**
 * disco, Tailscale's peer-discovery protocol (tailscale-protocol.md §4), device Java, sans-I/O: the packet and
 * message layout ({@link io.tailnode.disco.DiscoWire}, {@link io.tailnode.disco.DiscoMessageView}), sealing and
 * opening with disco keys through a fixed table of precomputed NaCl shared keys ({@link io.tailnode.disco.DiscoKeys}),
 * and per-peer path selection with time handed in ({@link io.tailnode.disco.PathSelector}). Errors are negative
 * {@link io.tailnode.disco.DiscoReason} codes; no allocation after construction.
 */
package io.tailnode.disco;
