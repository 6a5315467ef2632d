package io.tailnode.wg;

import io.tailnode.crypto.X25519;
import io.tailnode.crypto.X25519Engine;

/** X25519 that counts scalar multiplications: proves which inputs are rejected before any DH work. */
final class CountingX25519 implements X25519Engine {
    private final X25519 x = new X25519();
    int scalarMults;

    @Override
    public boolean scalarMult(byte[] out, int outOff, byte[] scalar, int scalarOff, byte[] u, int uOff) {
        scalarMults++;
        return x.scalarMult(out, outOff, scalar, scalarOff, u, uOff);
    }

    @Override
    public void publicKey(byte[] out, int outOff, byte[] scalar, int scalarOff) {
        scalarMults++;
        x.publicKey(out, outOff, scalar, scalarOff);
    }
}
