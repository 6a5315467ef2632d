package io.tailnode.sim.control;

import java.util.Arrays;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.modes.ChaCha20Poly1305;
import org.bouncycastle.crypto.params.AEADParameters;
import org.bouncycastle.crypto.params.KeyParameter;

/**
 * One direction of controlbase transport (tailscale-protocol.md §2.3): ChaCha20-Poly1305 with the nonce
 * 4 zero bytes ‖ 8-byte BIG-endian counter and empty AD. Records are {@code 04 | BE16 len | ciphertext+tag}.
 * Not thread-safe: each direction is driven by one pump thread.
 */
final class NoiseTransport {
    static final int TYPE_RECORD = 4;
    static final int MAX_MESSAGE = 4096;
    static final int MAX_CIPHERTEXT = MAX_MESSAGE - 3;
    static final int MAX_PLAINTEXT = MAX_CIPHERTEXT - 16;

    private final byte[] key;
    private final ChaCha20Poly1305 aead = new ChaCha20Poly1305();
    private long counter;

    NoiseTransport(byte[] key) {
        this.key = key.clone();
    }

    long counter() {
        return counter;
    }

    static byte[] nonce(long n) {
        byte[] nonce = new byte[12];
        for (int i = 0; i < 8; i++) {
            nonce[4 + i] = (byte) (n >>> (56 - 8 * i));
        }
        return nonce;
    }

    /** One whole record (header included) for {@code plain[off..off+len)}, {@code len <= MAX_PLAINTEXT}. */
    byte[] seal(byte[] plain, int off, int len) {
        if (len < 0 || len > MAX_PLAINTEXT) {
            throw new IllegalArgumentException("record plaintext " + len);
        }
        if (counter == -1L) {
            throw new IllegalStateException("nonce counter exhausted");
        }
        aead.init(true, new AEADParameters(new KeyParameter(key), 128, nonce(counter++), new byte[0]));
        byte[] rec = new byte[3 + len + 16];
        int n = aead.processBytes(plain, off, len, rec, 3);
        try {
            aead.doFinal(rec, 3 + n);
        } catch (InvalidCipherTextException e) {
            throw new IllegalStateException(e);
        }
        rec[0] = TYPE_RECORD;
        rec[1] = (byte) ((len + 16) >>> 8);
        rec[2] = (byte) (len + 16);
        return rec;
    }

    /** Opens the ciphertext of one record; null when it does not authenticate (the caller drops the connection). */
    byte[] open(byte[] ct, int off, int len) {
        if (len < 16 || counter == -1L) {
            return null;
        }
        aead.init(false, new AEADParameters(new KeyParameter(key), 128, nonce(counter++), new byte[0]));
        byte[] out = new byte[len - 16];
        try {
            int n = aead.processBytes(ct, off, len, out, 0);
            aead.doFinal(out, n);
        } catch (InvalidCipherTextException e) {
            return null;
        }
        return out;
    }

    void wipe() {
        Arrays.fill(key, (byte) 0);
    }
}
