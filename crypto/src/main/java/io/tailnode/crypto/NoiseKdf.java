package io.tailnode.crypto;

import io.tailnode.lang.Bytes;
import io.tailnode.lang.HotPath;

/**
 * WireGuard's KDF<sub>n</sub> (whitepaper §5.4; Noise spec §4.3 {@code HKDF} with HMAC-BLAKE2s, used by
 * {@code MixKey}/{@code MixKeyAndHash}/{@code Split} in §5.2): with {@code prk = HMAC(key, input)},
 * {@code t1 = HMAC(prk, 0x01)}, {@code t2 = HMAC(prk, t1 || 0x02)}, {@code t3 = HMAC(prk, t2 || 0x03)};
 * KDF1 returns t1, KDF2 (t1, t2), KDF3 (t1, t2, t3), each 32 bytes.
 * <p>
 * Why a class: the handshake derives keys several times per message and must not allocate, so the HMAC
 * instance and the prk/t scratch live here and are wiped after every call.
 * <p>
 * Aliasing: outputs are written only after the key and input have been consumed, so any output may alias
 * the key or the input (WireGuard writes the new chaining key over the old one:
 * {@code (ck, k) = KDF2(ck, dh)}). The outputs must not overlap each other. Not thread-safe; one instance
 * per thread.
 */
public final class NoiseKdf {
    /** Length of each output and of WireGuard's chaining key. */
    public static final int OUT_LENGTH = 32;

    private final HmacBlake2s hmac = new HmacBlake2s();
    private final byte[] prk = new byte[OUT_LENGTH];
    /** t(i) followed by the next counter byte: the message of the next HMAC. */
    private final byte[] t = new byte[OUT_LENGTH + 1];

    /** KDF1: {@code out1 = t1}. {@code keyLen} is 32 for WireGuard's chaining key; any length is accepted. */
    @HotPath
    public void kdf1(byte[] key, int keyOff, int keyLen, byte[] in, int inOff, int inLen,
            byte[] out1, int out1Off) {
        extract(key, keyOff, keyLen, in, inOff, inLen);
        expandFirst();
        System.arraycopy(t, 0, out1, out1Off, OUT_LENGTH);
        wipeScratch();
    }

    /** KDF2: {@code out1 = t1, out2 = t2}. */
    @HotPath
    public void kdf2(byte[] key, int keyOff, int keyLen, byte[] in, int inOff, int inLen,
            byte[] out1, int out1Off, byte[] out2, int out2Off) {
        extract(key, keyOff, keyLen, in, inOff, inLen);
        expandFirst();
        System.arraycopy(t, 0, out1, out1Off, OUT_LENGTH);
        expandNext(2);
        System.arraycopy(t, 0, out2, out2Off, OUT_LENGTH);
        wipeScratch();
    }

    /** KDF3: {@code out1 = t1, out2 = t2, out3 = t3}. */
    @HotPath
    public void kdf3(byte[] key, int keyOff, int keyLen, byte[] in, int inOff, int inLen,
            byte[] out1, int out1Off, byte[] out2, int out2Off, byte[] out3, int out3Off) {
        extract(key, keyOff, keyLen, in, inOff, inLen);
        expandFirst();
        System.arraycopy(t, 0, out1, out1Off, OUT_LENGTH);
        expandNext(2);
        System.arraycopy(t, 0, out2, out2Off, OUT_LENGTH);
        expandNext(3);
        System.arraycopy(t, 0, out3, out3Off, OUT_LENGTH);
        wipeScratch();
    }

    /** prk = HMAC(key, in), then re-key the HMAC with prk for the expand steps. */
    @HotPath
    private void extract(byte[] key, int keyOff, int keyLen, byte[] in, int inOff, int inLen) {
        hmac.init(key, keyOff, keyLen);
        hmac.update(in, inOff, inLen);
        hmac.doFinal(prk, 0);
        hmac.init(prk, 0, OUT_LENGTH);
    }

    /** t = t1 = HMAC(prk, 0x01). */
    @HotPath
    private void expandFirst() {
        hmac.update((byte) 1);
        hmac.doFinal(t, 0);
    }

    /** t = HMAC(prk, t || counter); doFinal left the HMAC keyed with prk. */
    @HotPath
    private void expandNext(int counter) {
        t[OUT_LENGTH] = (byte) counter;
        hmac.update(t, 0, OUT_LENGTH + 1);
        hmac.doFinal(t, 0);
    }

    @HotPath
    private void wipeScratch() {
        Bytes.wipe(prk, 0, OUT_LENGTH);
        Bytes.wipe(t, 0, OUT_LENGTH + 1);
        hmac.wipe();
    }
}
