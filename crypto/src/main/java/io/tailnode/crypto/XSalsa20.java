package io.tailnode.crypto;

import io.tailnode.lang.Bytes;
import io.tailnode.lang.HotPath;

/**
 * XSalsa20 stream cipher (NaCl; Bernstein, "Extending the Salsa20 nonce"): subkey = HSalsa20(key, nonce[0..16)),
 * then Salsa20/20 with the subkey, the 8-byte nonce[16..24) and a 64-bit block counter from 0.
 *
 * <p>{@link #init} then any number of {@link #process} calls, which continue the key stream where the previous
 * call stopped (also mid-block). in == out at the same offset is allowed. Not thread-safe; one instance per
 * thread.
 */
public final class XSalsa20 {
    private final HSalsa20 hsalsa = new HSalsa20();
    private final byte[] subkey = new byte[32];
    private final int[] state = new int[16];
    private final int[] x = new int[16];
    private final byte[] block = new byte[64];
    /** Next unused key-stream byte in {@link #block}; 64 = none left. */
    private int pos = 64;

    public XSalsa20() {
    }

    /** Keys the cipher with key[keyOff..+32) and the 24-byte nonce[nonceOff..+24), counter 0. */
    @HotPath
    public void init(byte[] key, int keyOff, byte[] nonce, int nonceOff) {
        hsalsa.derive(subkey, 0, key, keyOff, nonce, nonceOff);
        int[] s = state;
        s[0] = HSalsa20.C0;
        s[5] = HSalsa20.C1;
        s[10] = HSalsa20.C2;
        s[15] = HSalsa20.C3;
        for (int i = 0; i < 4; i++) {
            s[1 + i] = Bytes.getIntLE(subkey, 4 * i);
            s[11 + i] = Bytes.getIntLE(subkey, 16 + 4 * i);
        }
        s[6] = Bytes.getIntLE(nonce, nonceOff + 16);
        s[7] = Bytes.getIntLE(nonce, nonceOff + 20);
        s[8] = 0;
        s[9] = 0;
        Bytes.wipe(subkey, 0, 32);
        pos = 64;
    }

    /** out[outOff..+len) = in[inOff..+len) XOR the next len key-stream bytes. */
    @HotPath
    public void process(byte[] in, int inOff, int len, byte[] out, int outOff) {
        while (len > 0) {
            if (pos == 64) {
                nextBlock();
            }
            int n = 64 - pos;
            if (n > len) {
                n = len;
            }
            byte[] b = block;
            int p = pos;
            for (int i = 0; i < n; i++) {
                out[outOff + i] = (byte) (in[inOff + i] ^ b[p + i]);
            }
            pos = p + n;
            inOff += n;
            outOff += n;
            len -= n;
        }
    }

    /** Zeroes the key state when the caller is done with this key. */
    public void wipe() {
        for (int i = 0; i < 16; i++) {
            state[i] = 0;
            x[i] = 0;
        }
        Bytes.wipe(block, 0, 64);
        pos = 64;
    }

    /** Salsa20 block function: block = rounds(state) + state; then counter++. */
    private void nextBlock() {
        int[] s = state;
        int[] x = this.x;
        System.arraycopy(s, 0, x, 0, 16);
        HSalsa20.rounds(x);
        for (int i = 0; i < 16; i++) {
            Bytes.putIntLE(block, 4 * i, x[i] + s[i]);
        }
        if (++s[8] == 0) {
            s[9]++;
        }
        pos = 0;
    }
}
