/**
 * The netmap (shared tailscale-protocol.md §2.6, §5.1; issue 6): a fixed-capacity table of tailnet peers
 * ({@link io.tailnode.control.map.PeerTable}) filled from MapResponse frames with an admission policy (pinned
 * node keys first, then first come in server order) and pushed into the WireGuard device all or nothing per
 * frame ({@link io.tailnode.control.map.NetmapApplier}). Device Java: allocation-free after construction,
 * thread-confined.
 */
package io.tailnode.control.map;
