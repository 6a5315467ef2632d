/**
 * Sans-I/O protocol cores (WireGuard, Tailscale control, DERP, disco, STUN, packet filter, IP stack).
 * Nothing lands here before the crypto foundation; see the open issues for the order.
 */
package io.tailnode.net;
