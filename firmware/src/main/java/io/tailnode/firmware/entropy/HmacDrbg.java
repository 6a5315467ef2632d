package io.tailnode.firmware.entropy;

import io.tailnode.crypto.HmacBlake2s;
import io.tailnode.lang.Bytes;
import io.tailnode.lang.HotPath;

/**
 * The HMAC_DRBG mechanism of NIST SP 800-90A Rev. 1 §10.1.2 with HMAC-BLAKE2s-256 as the HMAC (outlen 256 bits,
 * security strength 256). Only the deterministic part: where entropy comes from, health tests, the reseed
 * policy and the failed state are {@link Drbg}'s job, so this class can be checked with fixed inputs.
 * <p>
 * Why HMAC_DRBG rather than a ChaCha20 fast-key-erasure generator: the firmware draws little randomness (keys,
 * ephemerals, nonces: tens of bytes per handshake), so speed does not matter, while HMAC_DRBG is the
 * specified and analysed construction (backtracking resistance from the Update after every request, §10.1.2.5)
 * and reuses the HMAC-BLAKE2s the WireGuard KDF already needs, so it adds no primitive to the image. BLAKE2s is
 * not an SP 800-90A-approved hash; the construction, not a certification, is what is borrowed.
 * <p>
 * Additional input and seed material are passed as up to three (array, offset, length) pieces that are hashed
 * in order, which is the spec's concatenation without a buffer for it. Not thread-safe; one instance per thread.
 */
public final class HmacDrbg {
    /** outlen: bytes per HMAC output. */
    public static final int OUT_LENGTH = HmacBlake2s.MAC_LENGTH;
    /** max_number_of_bits_per_request 2^19 (§10.1 Table 2), in bytes. */
    public static final int MAX_REQUEST_BYTES = 1 << 16;

    private final HmacBlake2s hmac = new HmacBlake2s();
    private final byte[] key = new byte[OUT_LENGTH];
    private final byte[] v = new byte[OUT_LENGTH];
    /** reseed_counter of the spec: requests since the last (re)seed, starting at 1. */
    private long reseedCounter;
    private boolean instantiated;

    public HmacDrbg() {
    }

    /**
     * HMAC_DRBG_Instantiate_algorithm (§10.1.2.3): seed_material = entropy_input || nonce || personalization.
     */
    public void instantiate(byte[] entropy, int eOff, int eLen, byte[] nonce, int nOff, int nLen,
            byte[] personalization, int pOff, int pLen) {
        for (int i = 0; i < OUT_LENGTH; i++) {
            key[i] = 0x00;
            v[i] = 0x01;
        }
        update(entropy, eOff, eLen, nonce, nOff, nLen, personalization, pOff, pLen);
        reseedCounter = 1;
        instantiated = true;
    }

    /** HMAC_DRBG_Reseed_algorithm (§10.1.2.4): seed_material = entropy_input || additional_input. */
    @HotPath
    public void reseed(byte[] entropy, int eOff, int eLen, byte[] additional, int aOff, int aLen) {
        update(entropy, eOff, eLen, additional, aOff, aLen, null, 0, 0);
        reseedCounter = 1;
    }

    /**
     * HMAC_DRBG_Generate_algorithm (§10.1.2.5) without its reseed check (the caller reseeds by policy, see
     * {@link #reseedCounter()}). Writes {@code len} (at most {@link #MAX_REQUEST_BYTES}) bytes.
     *
     * @return {@code len}, or -1 if not instantiated or {@code len} is out of range (nothing written)
     */
    @HotPath
    public int generate(byte[] out, int off, int len, byte[] additional, int aOff, int aLen) {
        if (!instantiated || len < 0 || len > MAX_REQUEST_BYTES) {
            return -1;
        }
        if (aLen > 0) {
            update(additional, aOff, aLen, null, 0, 0, null, 0, 0);
        }
        hmac.init(key, 0, OUT_LENGTH);
        int done = 0;
        while (done < len) {
            hmac.update(v, 0, OUT_LENGTH);
            hmac.doFinal(v, 0);
            int n = len - done < OUT_LENGTH ? len - done : OUT_LENGTH;
            System.arraycopy(v, 0, out, off + done, n);
            done += n;
        }
        // Step 6 runs even without additional input: the key changes after every request (backtracking resistance).
        update(additional, aOff, aLen, null, 0, 0, null, 0, 0);
        reseedCounter++;
        return len;
    }

    /** HMAC_DRBG_Update (§10.1.2.2) with provided_data = a || b || c. */
    @HotPath
    private void update(byte[] a, int aOff, int aLen, byte[] b, int bOff, int bLen, byte[] c, int cOff, int cLen) {
        round((byte) 0x00, a, aOff, aLen, b, bOff, bLen, c, cOff, cLen);
        if (aLen + bLen + cLen == 0) {
            return;
        }
        round((byte) 0x01, a, aOff, aLen, b, bOff, bLen, c, cOff, cLen);
    }

    /** K = HMAC(K, V || sep || provided); V = HMAC(K, V). */
    @HotPath
    private void round(byte sep, byte[] a, int aOff, int aLen, byte[] b, int bOff, int bLen, byte[] c, int cOff,
            int cLen) {
        hmac.init(key, 0, OUT_LENGTH);
        hmac.update(v, 0, OUT_LENGTH);
        hmac.update(sep);
        if (aLen > 0) {
            hmac.update(a, aOff, aLen);
        }
        if (bLen > 0) {
            hmac.update(b, bOff, bLen);
        }
        if (cLen > 0) {
            hmac.update(c, cOff, cLen);
        }
        hmac.doFinal(key, 0);
        hmac.init(key, 0, OUT_LENGTH);
        hmac.update(v, 0, OUT_LENGTH);
        hmac.doFinal(v, 0);
    }

    /** Requests since the last (re)seed plus one, as the spec counts; 0 before instantiation. */
    public long reseedCounter() {
        return reseedCounter;
    }

    public boolean isInstantiated() {
        return instantiated;
    }

    /** Uninstantiate (§9.4): erases K and V; {@link #generate} fails until the next instantiation. */
    public void wipe() {
        Bytes.wipe(key, 0, OUT_LENGTH);
        Bytes.wipe(v, 0, OUT_LENGTH);
        hmac.wipe();
        reseedCounter = 0;
        instantiated = false;
    }
}
