/**
 * The integrator's socket API: {@link io.tailnode.firmware.api.TailnetSockets} (TCP listen/accept/read/write/close
 * and UDP bind/send/receive with readiness callbacks on the event loop, peer up/down),
 * {@link io.tailnode.firmware.api.LoopExecutor} (thread-safe hand-off into the loop) and
 * {@link io.tailnode.firmware.api.PeerDirectory} (peer name lookup). Device Java: Java 7, no allocation per packet.
 */
package io.tailnode.firmware.api;
