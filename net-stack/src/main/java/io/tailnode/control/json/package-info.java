/**
 * Streaming JSON for the control plane's map long-poll (shared tailscale-protocol.md §2.6): a pull parser that
 * works in a fixed value buffer and skips unneeded subtrees of any size in constant memory
 * ({@link io.tailnode.control.json.JsonPullParser}), the little-endian length framing of the map stream
 * ({@link io.tailnode.control.json.MapFrameReader}) and a MapResponse scanner that reports the fields the device
 * uses through a callback ({@link io.tailnode.control.json.MapResponseScanner}). Device Java: allocation-free
 * after construction, no recursion, thread-confined. Failures are negative reason codes
 * ({@link io.tailnode.control.json.JsonReason}, {@link io.tailnode.control.json.MapReason}).
 */
package io.tailnode.control.json;
