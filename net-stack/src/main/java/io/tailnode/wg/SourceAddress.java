package io.tailnode.wg;

import io.tailnode.lang.Bytes;
import io.tailnode.lang.HotPath;

/**
 * What "source" means for handshake DoS protection: the bytes the cookie is bound to (whitepaper §5.4.7: cookie
 * = MAC(secret, source IP address and port)) and the rate limiter's key (wireguard.md §4, per source IP).
 * <p>
 * A source is a kind byte followed by the address:
 * <ul>
 * <li>UDP over IPv4: {@code 0x04 || 4-byte address || 2-byte big-endian port} (7 bytes);</li>
 * <li>UDP over IPv6: {@code 0x06 || 16-byte address || 2-byte big-endian port} (19 bytes);</li>
 * <li>relayed by DERP (no IP:port reaches us): {@code 0x44 ('D') || the 32-byte node public key of the
 * sender} (33 bytes), as reported in the DERP recvPacket frame. The DERP server only forwards from clients that
 * proved possession of that key when they connected, so this identity is as hard to spoof as an IP address
 * that must receive the cookie reply: the reply goes back through DERP to that key. The DERP region is not part
 * of the source: the same node reaching us through two regions is still one sender.</li>
 * </ul>
 * The kind byte keeps the three encodings from ever colliding. Sources are the rate limiter's unit: the kernel
 * limits per IP (ignoring the port); we include the port for UDP like the cookie does, and a caller that wants
 * the kernel's per-IP behaviour can encode port 0 for the limiter. Callers keep one reusable buffer of
 * {@link WgConstants#SOURCE_MAX_SIZE} bytes.
 */
public final class SourceAddress {
    private SourceAddress() {
    }

    /** Encodes an IPv4 UDP source into {@code out[off..)}; returns the length (7). */
    @HotPath
    public static int ipv4(byte[] out, int off, byte[] addr, int addrOff, int port) {
        out[off] = (byte) WgConstants.SOURCE_KIND_IPV4;
        System.arraycopy(addr, addrOff, out, off + 1, 4);
        Bytes.putShortBE(out, off + 5, port);
        return WgConstants.SOURCE_IPV4_SIZE;
    }

    /** Encodes an IPv6 UDP source into {@code out[off..)}; returns the length (19). */
    @HotPath
    public static int ipv6(byte[] out, int off, byte[] addr, int addrOff, int port) {
        out[off] = (byte) WgConstants.SOURCE_KIND_IPV6;
        System.arraycopy(addr, addrOff, out, off + 1, 16);
        Bytes.putShortBE(out, off + 17, port);
        return WgConstants.SOURCE_IPV6_SIZE;
    }

    /** Encodes a DERP-relayed source (sender node public key) into {@code out[off..)}; returns the length (33). */
    @HotPath
    public static int derp(byte[] out, int off, byte[] nodeKey, int keyOff) {
        out[off] = (byte) WgConstants.SOURCE_KIND_DERP;
        System.arraycopy(nodeKey, keyOff, out, off + 1, WgConstants.KEY_SIZE);
        return WgConstants.SOURCE_DERP_SIZE;
    }
}
