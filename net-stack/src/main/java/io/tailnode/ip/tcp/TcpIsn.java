package io.tailnode.ip.tcp;

import io.tailnode.crypto.Blake2s;
import io.tailnode.lang.Bytes;
import io.tailnode.lang.HotPath;

/**
 * Initial sequence numbers per RFC 6528 §3: {@code ISN = M + F(localip, localport, remoteip, remoteport,
 * secretkey)}, M a 4-microsecond clock (derived from the monotonic {@code nowMs} passed in) and F keyed
 * BLAKE2s-128 (RFC 7693) of the 4-tuple, truncated to 32 bits. The 32-byte secret comes from the Random HAL
 * at boot and is never exposed; a reboot draws a new one (RFC 6528 §3 allows it). Not thread-safe.
 */
final class TcpIsn {
    private static final int KEY_LENGTH = 32;
    private final Blake2s hash = new Blake2s();
    private final byte[] key = new byte[KEY_LENGTH];
    /** version, two 16-byte addresses, two ports. */
    private final byte[] tuple = new byte[1 + 16 + 16 + 4];
    private final byte[] digest = new byte[16];

    TcpIsn(byte[] secret, int off) {
        if (secret == null || off < 0 || off > secret.length - KEY_LENGTH) {
            throw new IllegalArgumentException("isn secret: 32 bytes");
        }
        System.arraycopy(secret, off, key, 0, KEY_LENGTH);
    }

    @HotPath
    int next(int version, byte[] local, int localPort, byte[] remote, int remotePort, long nowMs) {
        int alen = version == 6 ? 16 : 4;
        tuple[0] = (byte) version;
        System.arraycopy(local, 0, tuple, 1, alen);
        System.arraycopy(remote, 0, tuple, 1 + alen, alen);
        int p = 1 + 2 * alen;
        Bytes.putShortBE(tuple, p, localPort);
        Bytes.putShortBE(tuple, p + 2, remotePort);
        hash.mac(key, 0, KEY_LENGTH, tuple, 0, p + 4, digest, 0, 16);
        return (int) (nowMs * TcpConstants.ISN_TICKS_PER_MS) + Bytes.getIntBE(digest, 0);
    }
}
