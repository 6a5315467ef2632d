package io.tailnode.crypto;

/**
 * X25519 Diffie-Hellman function (RFC 7748 §5, §6.1) behind one interface, so the WireGuard/Noise handshake can
 * use either the Java implementation ({@link X25519}) or the board's C implementation through SNI
 * ({@link io.tailnode.crypto.sni.NativeX25519}).
 *
 * <p>Implementations are not thread-safe; one instance per thread.
 */
public interface X25519Engine {

    /**
     * out[outOff..+32) = X25519(scalar, u). The scalar is clamped internally (the caller's array is not changed)
     * and bit 255 of u is ignored. Returns false, with out zeroed, if the result is all zero (u is a low-order
     * point; WireGuard must reject such peers, RFC 7748 §6.1).
     */
    boolean scalarMult(byte[] out, int outOff, byte[] scalar, int scalarOff, byte[] u, int uOff);

    /** out[outOff..+32) = X25519(scalar, 9), the public key of a private key. */
    void publicKey(byte[] out, int outOff, byte[] scalar, int scalarOff);
}
