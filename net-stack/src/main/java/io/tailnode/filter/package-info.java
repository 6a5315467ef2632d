/**
 * The inbound packet filter of tailnet mode (shared tailscale-protocol.md §5.3, issue 6): a fixed-capacity table
 * of compiled FilterRules ({@link io.tailnode.filter.FilterTable}), a table of the device's own outbound flows
 * ({@link io.tailnode.filter.FlowTable}) so replies get in, and the per-packet verdict
 * ({@link io.tailnode.filter.InboundFilter}). Device Java: allocation-free after construction, thread-confined.
 * Semantics and memory figures: docs/packet-filter.md.
 */
package io.tailnode.filter;
