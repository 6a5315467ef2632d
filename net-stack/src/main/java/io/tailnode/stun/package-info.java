/**
 * STUN (RFC 5389) as the device needs it to learn its public UDP endpoint (tailscale-protocol.md §4.5): a
 * binding request with SOFTWARE "tailnode" and FINGERPRINT ({@link io.tailnode.stun.StunRequest}), the response
 * parser ({@link io.tailnode.stun.StunResponse}) and the CRC-32 behind FINGERPRINT ({@link io.tailnode.stun.Crc32};
 * java.util.zip is not in the device API). Caller buffers, no allocation per message.
 */
package io.tailnode.stun;
