package io.tailnode.sim.control;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.digests.Blake2sDigest;
import org.bouncycastle.crypto.macs.HMac;
import org.bouncycastle.crypto.modes.ChaCha20Poly1305;
import org.bouncycastle.crypto.params.AEADParameters;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.math.ec.rfc7748.X25519;

/**
 * The control server's half of controlbase Noise_IK_25519_ChaChaPoly_BLAKE2s (tailscale-protocol.md §2.3),
 * written from the Noise specification with BouncyCastle primitives only, so it shares no code with the device
 * initiator. The prologue is "Tailscale Control Protocol v" + the version read from the initiation header, as
 * the Go server derives it.
 */
final class NoiseResponder {
    static final String PROTOCOL = "Noise_IK_25519_ChaChaPoly_BLAKE2s";
    static final int INITIATION_LENGTH = 101;
    static final int RESPONSE_LENGTH = 51;

    /** Outcome of a handshake: the client's machine key, its capability version, the response and both ciphers. */
    static final class Result {
        final byte[] clientStatic;
        final int version;
        final byte[] response;
        final NoiseTransport toClient;
        final NoiseTransport fromClient;

        Result(byte[] clientStatic, int version, byte[] response, NoiseTransport toClient, NoiseTransport fromClient) {
            this.clientStatic = clientStatic;
            this.version = version;
            this.response = response;
            this.toClient = toClient;
            this.fromClient = fromClient;
        }
    }

    private final byte[] staticPriv;
    private final byte[] staticPub = new byte[32];
    private final SecureRandom random;
    private byte[] h;
    private byte[] ck;

    NoiseResponder(byte[] staticPriv, SecureRandom random) {
        this.staticPriv = staticPriv.clone();
        this.random = random;
        X25519.generatePublicKey(this.staticPriv, 0, staticPub, 0);
    }

    static byte[] publicKey(byte[] priv) {
        byte[] pub = new byte[32];
        X25519.generatePublicKey(priv, 0, pub, 0);
        return pub;
    }

    /** The generic IK responder's outcome: initiator static key and payload, response body, keys, hash. */
    static final class Core {
        byte[] clientStatic;
        byte[] initiatorPayload;
        /** e.pub ‖ enc(responsePayload) — the response message without controlbase framing. */
        byte[] responseBody;
        byte[] handshakeHash;
        byte[] k1;
        byte[] k2;
    }

    /**
     * Processes a 101-byte initiation; throws {@link IllegalArgumentException} with a reason for bad framing, a
     * low-order key or a tag that does not verify (the caller answers with nothing and closes).
     */
    Result respond(byte[] init) {
        if (init.length != INITIATION_LENGTH) {
            throw new IllegalArgumentException("initiation is " + init.length + " bytes, want 101");
        }
        int version = ((init[0] & 0xFF) << 8) | (init[1] & 0xFF);
        if (init[2] != 1 || init[3] != 0 || init[4] != 96) {
            throw new IllegalArgumentException("initiation header is not type 1 length 96");
        }
        byte[] ePriv = new byte[32];
        random.nextBytes(ePriv);
        Core c = respondCore(("Tailscale Control Protocol v" + version).getBytes(StandardCharsets.US_ASCII),
                Arrays.copyOfRange(init, 5, INITIATION_LENGTH), ePriv, new byte[0]);
        Arrays.fill(ePriv, (byte) 0);
        if (c.initiatorPayload.length != 0) {
            throw new IllegalArgumentException("initiation carries a payload");
        }
        byte[] resp = new byte[RESPONSE_LENGTH];
        resp[0] = 2;
        resp[2] = 48;
        System.arraycopy(c.responseBody, 0, resp, 3, 48);
        Result r = new Result(c.clientStatic, version, resp, new NoiseTransport(c.k2), new NoiseTransport(c.k1));
        Arrays.fill(c.k1, (byte) 0);
        Arrays.fill(c.k2, (byte) 0);
        return r;
    }

    /**
     * Noise IK responder over one initiation body {@code e ‖ enc(s) ‖ enc(payload)} with the given prologue,
     * ephemeral key and response payload (Noise spec §5.3 and §7.5; generic so it can replay the cacophony vector).
     * Split gives k1 (initiator → responder) and k2 (responder → initiator).
     */
    Core respondCore(byte[] prologue, byte[] body, byte[] ePriv, byte[] responsePayload) {
        if (body.length < 32 + 48 + 16) {
            throw new IllegalArgumentException("initiation body too short");
        }
        Core c = new Core();
        h = blake(PROTOCOL.getBytes(StandardCharsets.US_ASCII));
        ck = h.clone();
        mixHash(prologue);
        mixHash(staticPub);
        byte[] re = Arrays.copyOfRange(body, 0, 32);
        mixHash(re);
        byte[] k = mixKey(dh(staticPriv, re));
        byte[] encStatic = Arrays.copyOfRange(body, 32, 80);
        c.clientStatic = aead(false, k, encStatic);
        if (c.clientStatic == null) {
            throw new IllegalArgumentException("initiation static key does not decrypt");
        }
        mixHash(encStatic);
        k = mixKey(dh(staticPriv, c.clientStatic));
        byte[] encPayload = Arrays.copyOfRange(body, 80, body.length);
        c.initiatorPayload = aead(false, k, encPayload);
        if (c.initiatorPayload == null) {
            throw new IllegalArgumentException("initiation payload tag does not verify");
        }
        mixHash(encPayload);
        byte[] ePub = publicKey(ePriv);
        mixHash(ePub);
        mixKey(dh(ePriv, re));
        k = mixKey(dh(ePriv, c.clientStatic));
        byte[] encResp = aead(true, k, responsePayload);
        mixHash(encResp);
        c.responseBody = new byte[32 + encResp.length];
        System.arraycopy(ePub, 0, c.responseBody, 0, 32);
        System.arraycopy(encResp, 0, c.responseBody, 32, encResp.length);
        c.handshakeHash = h.clone();
        byte[][] split = hkdf2(ck, new byte[0]);
        c.k1 = split[0];
        c.k2 = split[1];
        Arrays.fill(ck, (byte) 0);
        return c;
    }

    private void mixHash(byte[] data) {
        h = blake(h, data);
    }

    private byte[] mixKey(byte[] ikm) {
        byte[][] r = hkdf2(ck, ikm);
        ck = r[0];
        return r[1];
    }

    /** Handshake AEAD: the key of the moment, the all-zero nonce, AD = h (pitfall 13). */
    private byte[] aead(boolean seal, byte[] key, byte[] in) {
        ChaCha20Poly1305 c = new ChaCha20Poly1305();
        c.init(seal, new AEADParameters(new KeyParameter(key), 128, new byte[12], h));
        byte[] out = new byte[c.getOutputSize(in.length)];
        int n = c.processBytes(in, 0, in.length, out, 0);
        try {
            n += c.doFinal(out, n);
        } catch (InvalidCipherTextException e) {
            return null;
        }
        return Arrays.copyOf(out, n);
    }

    static byte[] blake(byte[]... parts) {
        Blake2sDigest d = new Blake2sDigest(256);
        for (byte[] p : parts) {
            d.update(p, 0, p.length);
        }
        byte[] out = new byte[32];
        d.doFinal(out, 0);
        return out;
    }

    static byte[] hmac(byte[] key, byte[]... parts) {
        HMac m = new HMac(new Blake2sDigest(256));
        m.init(new KeyParameter(key));
        for (byte[] p : parts) {
            m.update(p, 0, p.length);
        }
        byte[] out = new byte[32];
        m.doFinal(out, 0);
        return out;
    }

    /** Noise HKDF with two outputs over HMAC-BLAKE2s. */
    static byte[][] hkdf2(byte[] chainKey, byte[] ikm) {
        byte[] prk = hmac(chainKey, ikm);
        byte[] t1 = hmac(prk, new byte[] {1});
        byte[] t2 = hmac(prk, t1, new byte[] {2});
        Arrays.fill(prk, (byte) 0);
        return new byte[][] {t1, t2};
    }

    static byte[] dh(byte[] priv, byte[] pub) {
        byte[] out = new byte[32];
        if (!X25519.calculateAgreement(priv, 0, pub, 0, out, 0)) {
            throw new IllegalArgumentException("low-order public key");
        }
        return out;
    }
}
