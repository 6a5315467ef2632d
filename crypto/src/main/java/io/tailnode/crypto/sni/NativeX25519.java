package io.tailnode.crypto.sni;

import io.tailnode.crypto.X25519Engine;
import io.tailnode.lang.HotPath;

/**
 * {@link X25519Engine} on the board's C X25519 (RFC 7748 §5) through {@link CryptoNatives#x25519}. Same
 * contract as {@link io.tailnode.crypto.X25519}: scalar clamped internally, bit 255 of u ignored, false and an
 * all-zero output for a low-order u. Stateless apart from the base point; the C side keeps no state.
 */
public final class NativeX25519 implements X25519Engine {
    private final byte[] basePoint = new byte[32];

    public NativeX25519() {
        basePoint[0] = 9;
    }

    @Override
    @HotPath
    public boolean scalarMult(byte[] out, int outOff, byte[] scalar, int scalarOff, byte[] u, int uOff) {
        checkRange(out, outOff);
        checkRange(scalar, scalarOff);
        checkRange(u, uOff);
        return CryptoNatives.x25519(out, outOff, scalar, scalarOff, u, uOff) == 0;
    }

    @Override
    @HotPath
    public void publicKey(byte[] out, int outOff, byte[] scalar, int scalarOff) {
        checkRange(out, outOff);
        checkRange(scalar, scalarOff);
        CryptoNatives.x25519(out, outOff, scalar, scalarOff, basePoint, 0);
    }

    /** C trusts the offsets: an out-of-range 32-byte window must fail here, in Java. */
    private static void checkRange(byte[] b, int off) {
        if (off < 0 || off > b.length - 32) {
            throw new ArrayIndexOutOfBoundsException(off);
        }
    }
}
