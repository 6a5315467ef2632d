package io.tailnode.crypto;

import io.tailnode.lang.Bytes;
import io.tailnode.lang.HotPath;

/**
 * HMAC (RFC 2104) over BLAKE2s-256 with BLAKE2s's 64-byte block: the {@code HMAC} of WireGuard's KDF
 * (whitepaper §5.4, Noise spec §4.3 with {@code HASHLEN} 32, {@code BLOCKLEN} 64). WireGuard's mac1/mac2 are
 * <em>not</em> this but keyed BLAKE2s ({@link Blake2s#mac}).
 * <p>
 * Why its own class: HMAC needs the padded key kept between the inner and the outer hash, and the device
 * may not allocate per call, so the padded key, the inner digest and one reusable {@link Blake2s} live here.
 * <p>
 * Usage: {@link #init}, {@link #update}..., {@link #doFinal}; {@code doFinal} restarts with the same key, so
 * one key can MAC many messages. Keys longer than 64 bytes are hashed first (RFC 2104 §2). {@link #wipe()}
 * erases the key. Not thread-safe; one instance per thread.
 */
public final class HmacBlake2s {
    /** Output length in bytes. */
    public static final int MAC_LENGTH = 32;

    private static final int BLOCK = Blake2s.BLOCK_LENGTH;
    private static final byte IPAD = 0x36;
    private static final byte OPAD = 0x5C;

    private final Blake2s digest = new Blake2s();
    /** K0: the key zero-padded (or hashed then padded) to one block. */
    private final byte[] k0 = new byte[BLOCK];
    /** K0 xor ipad / K0 xor opad, built here rather than per byte through update(byte). */
    private final byte[] pad = new byte[BLOCK];
    private final byte[] inner = new byte[MAC_LENGTH];

    public HmacBlake2s() {
        digest.init(MAC_LENGTH);
    }

    /**
     * Sets the key (any length, 0 allowed) and starts a message. The key is copied, so it may alias the
     * caller's output buffer of a later {@link #doFinal}.
     */
    @HotPath
    public void init(byte[] key, int off, int len) {
        Bytes.wipe(k0, 0, BLOCK);
        if (len > BLOCK) {
            digest.init(MAC_LENGTH);
            digest.update(key, off, len);
            digest.doFinal(k0, 0);
        } else if (len > 0) {
            System.arraycopy(key, off, k0, 0, len);
        }
        startInner();
    }

    @HotPath
    private void startInner() {
        for (int i = 0; i < BLOCK; i++) {
            pad[i] = (byte) (k0[i] ^ IPAD);
        }
        digest.init(MAC_LENGTH);
        digest.update(pad, 0, BLOCK);
    }

    /** Absorbs {@code in[off..off+len)}. */
    @HotPath
    public void update(byte[] in, int off, int len) {
        digest.update(in, off, len);
    }

    /** Absorbs one byte (the KDF's counter byte). */
    @HotPath
    public void update(byte b) {
        digest.update(b);
    }

    /**
     * Writes the 32-byte MAC to {@code out[off..)} and restarts with the same key. {@code out} may alias the
     * message or the key passed earlier.
     *
     * @return {@link #MAC_LENGTH}
     */
    @HotPath
    public int doFinal(byte[] out, int off) {
        digest.doFinal(inner, 0);
        for (int i = 0; i < BLOCK; i++) {
            pad[i] = (byte) (k0[i] ^ OPAD);
        }
        digest.update(pad, 0, BLOCK);
        digest.update(inner, 0, MAC_LENGTH);
        digest.doFinal(out, off);
        Bytes.wipe(inner, 0, MAC_LENGTH);
        startInner();
        return MAC_LENGTH;
    }

    /** Erases the key and all intermediate values; {@link #init} is required afterwards. */
    public void wipe() {
        Bytes.wipe(k0, 0, BLOCK);
        Bytes.wipe(pad, 0, BLOCK);
        Bytes.wipe(inner, 0, MAC_LENGTH);
        digest.wipe();
        digest.init(MAC_LENGTH);
    }
}
