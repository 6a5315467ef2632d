package io.tailnode.sim.ctlclient;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.bouncycastle.crypto.digests.Blake2sDigest;
import org.bouncycastle.crypto.macs.HMac;
import org.bouncycastle.crypto.modes.ChaCha20Poly1305;
import org.bouncycastle.crypto.params.AEADParameters;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.math.ec.rfc7748.X25519;

/**
 * Copy of net-stack's test TestResponder for the simulator tests: controlbase RESPONDER (the control server's half of tailscale-protocol.md §2.3), written from the
 * Noise spec §5 with BouncyCastle primitives only, so it shares no code with the device initiator. It checks
 * the initiation framing byte-exactly (version BE16, type 1, length 96), derives the prologue from the version
 * on the wire as Go's server does, answers with the 51-byte response, and then seals/opens records with the
 * big-endian counter nonce. Mutable {@code byte[]} state and allocation everywhere: test code.
 */
final class NoiseResponder {
    public static final String NAME = "Noise_IK_25519_ChaChaPoly_BLAKE2s";

    public final byte[] staticPriv;
    public final byte[] staticPub = new byte[32];
    public byte[] prologueOverride;
    public byte[] h;
    public byte[] ck;
    public byte[] clientStatic;
    public int version;
    public byte[] sendKey;
    public byte[] recvKey;
    public long sendN;
    public long recvN;

    NoiseResponder(byte[] staticPriv) {
        this.staticPriv = staticPriv.clone();
        X25519.generatePublicKey(this.staticPriv, 0, staticPub, 0);
    }

    public static byte[] blake(byte[]... parts) {
        Blake2sDigest d = new Blake2sDigest(256);
        for (byte[] p : parts) {
            d.update(p, 0, p.length);
        }
        byte[] out = new byte[32];
        d.doFinal(out, 0);
        return out;
    }

    public static byte[] hmac(byte[] key, byte[]... parts) {
        HMac m = new HMac(new Blake2sDigest(256));
        m.init(new KeyParameter(key));
        for (byte[] p : parts) {
            m.update(p, 0, p.length);
        }
        byte[] out = new byte[32];
        m.doFinal(out, 0);
        return out;
    }

    /** Noise HKDF with two outputs. */
    public static byte[][] hkdf2(byte[] ck, byte[] ikm) {
        byte[] prk = hmac(ck, ikm);
        byte[] t1 = hmac(prk, new byte[] {1});
        byte[] t2 = hmac(prk, t1, new byte[] {2});
        return new byte[][] {t1, t2};
    }

    public static byte[] dh(byte[] priv, byte[] pub) {
        byte[] out = new byte[32];
        if (!X25519.calculateAgreement(priv, 0, pub, 0, out, 0)) {
            throw new IllegalStateException("zero DH");
        }
        return out;
    }

    public static byte[] aead(boolean seal, byte[] key, byte[] nonce, byte[] ad, byte[] in) {
        ChaCha20Poly1305 c = new ChaCha20Poly1305();
        c.init(seal, new AEADParameters(new KeyParameter(key), 128, nonce, ad));
        byte[] out = new byte[c.getOutputSize(in.length)];
        int n = c.processBytes(in, 0, in.length, out, 0);
        try {
            n += c.doFinal(out, n);
        } catch (Exception e) {
            return null;
        }
        return Arrays.copyOf(out, n);
    }

    public static byte[] beNonce(long n) {
        byte[] nonce = new byte[12];
        for (int i = 0; i < 8; i++) {
            nonce[4 + i] = (byte) (n >>> (56 - 8 * i));
        }
        return nonce;
    }

    private void mixHash(byte[] data) {
        h = blake(h, data);
    }

    private byte[] mixKey(byte[] ikm) {
        byte[][] r = hkdf2(ck, ikm);
        ck = r[0];
        return r[1];
    }

    /**
     * Processes a 101-byte initiation and returns the 51-byte response made with {@code ePriv}. Throws
     * AssertionError on any framing or crypto mismatch.
     */
    public byte[] respond(byte[] init, byte[] ePriv) {
        if (init.length != 101) {
            throw new AssertionError("initiation length " + init.length);
        }
        version = ((init[0] & 0xFF) << 8) | (init[1] & 0xFF);
        if (init[2] != 1 || init[3] != 0 || init[4] != 96) {
            throw new AssertionError("initiation header");
        }
        byte[] prologue = prologueOverride != null ? prologueOverride
                : ("Tailscale Control Protocol v" + version).getBytes(StandardCharsets.US_ASCII);
        h = blake(NAME.getBytes(StandardCharsets.US_ASCII));
        ck = h.clone();
        mixHash(prologue);
        mixHash(staticPub);
        byte[] re = Arrays.copyOfRange(init, 5, 37);
        mixHash(re);
        byte[] k = mixKey(dh(staticPriv, re));
        byte[] encS = Arrays.copyOfRange(init, 37, 85);
        clientStatic = aead(false, k, new byte[12], h, encS);
        if (clientStatic == null) {
            throw new AssertionError("initiation static does not decrypt");
        }
        mixHash(encS);
        k = mixKey(dh(staticPriv, clientStatic));
        byte[] tag = Arrays.copyOfRange(init, 85, 101);
        if (aead(false, k, new byte[12], h, tag) == null) {
            throw new AssertionError("initiation payload tag");
        }
        mixHash(tag);
        // Response: e, ee, se, empty payload.
        byte[] ePub = new byte[32];
        X25519.generatePublicKey(ePriv, 0, ePub, 0);
        mixHash(ePub);
        mixKey(dh(ePriv, re));
        k = mixKey(dh(ePriv, clientStatic));
        byte[] rtag = aead(true, k, new byte[12], h, new byte[0]);
        mixHash(rtag);
        byte[][] split = hkdf2(ck, new byte[0]);
        recvKey = split[0];
        sendKey = split[1];
        sendN = 0;
        recvN = 0;
        byte[] resp = new byte[51];
        resp[0] = 2;
        resp[2] = 48;
        System.arraycopy(ePub, 0, resp, 3, 32);
        System.arraycopy(rtag, 0, resp, 35, 16);
        return resp;
    }

    /** One record 0x04 | BE16 len | ciphertext | tag with the next send counter. */
    public byte[] seal(byte[] plain) {
        byte[] ct = aead(true, sendKey, beNonce(sendN++), new byte[0], plain);
        byte[] rec = new byte[3 + ct.length];
        rec[0] = 4;
        rec[1] = (byte) (ct.length >>> 8);
        rec[2] = (byte) ct.length;
        System.arraycopy(ct, 0, rec, 3, ct.length);
        return rec;
    }

    /** Opens every record in {@code wire} (whole records only), returning the concatenated plaintext. */
    public byte[] openAll(byte[] wire, int len) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        int p = 0;
        while (p < len) {
            if (wire[p] != 4) {
                throw new AssertionError("record type " + wire[p]);
            }
            int n = ((wire[p + 1] & 0xFF) << 8) | (wire[p + 2] & 0xFF);
            if (n > 4093) {
                throw new AssertionError("record too long " + n);
            }
            byte[] pt = aead(false, recvKey, beNonce(recvN++), new byte[0], Arrays.copyOfRange(wire, p + 3, p + 3 + n));
            if (pt == null) {
                throw new AssertionError("record does not open");
            }
            out.writeBytes(pt);
            p += 3 + n;
        }
        return out.toByteArray();
    }

    /** Early payload frame content: magic, BE32 length, JSON. */
    public static byte[] earlyPayload(String json) {
        byte[] j = json.getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[9 + j.length];
        out[0] = (byte) 0xFF;
        out[1] = (byte) 0xFF;
        out[2] = (byte) 0xFF;
        out[3] = 'T';
        out[4] = 'S';
        out[5] = (byte) (j.length >>> 24);
        out[6] = (byte) (j.length >>> 16);
        out[7] = (byte) (j.length >>> 8);
        out[8] = (byte) j.length;
        System.arraycopy(j, 0, out, 9, j.length);
        return out;
    }
}
