/**
 * Host harness for interop with real WireGuard peers (test-environment.md §4): wireguard-go peers in network
 * namespaces this JVM creates, joined to the root namespace (where the simulated device runs with an ordinary
 * UDP socket) by veth pairs. Everything is named with a per-run prefix ({@link io.tailnode.sim.interop.InteropRun}),
 * removed at start and at end, processes are stopped by the PID recorded when they were started, and every
 * command runs with a timeout. Addresses only from 198.18.0.0/15, 2001:2::/48 (underlay), 100.64.0.0/10 and
 * fd7a:115c:a1e0::/48 (tunnel). Needs root, wireguard-go, wireguard-tools, iproute2, iputils-ping, tcpdump.
 */
package io.tailnode.sim.interop;
