package io.tailnode.wg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tailnode.crypto.Blake2s;
import io.tailnode.crypto.ChaCha20Poly1305;
import io.tailnode.crypto.NoiseKdf;
import io.tailnode.crypto.X25519;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Test-side reference of Noise_IKpsk2 written straight from the Noise spec (§5 symmetric/handshake state,
 * psk mode: the "e" token also mixes the key), independent of {@link Handshake}'s structure. It is first
 * proven on the cacophony vector, then used as the oracle for our WireGuard handshake (chaining key and hash
 * per message, as wireguard-go's noise_test.go compares them).
 */
final class NoiseModel {
    final boolean initiator;
    final X25519 x = new X25519();
    final ChaCha20Poly1305 aead = new ChaCha20Poly1305();
    final NoiseKdf kdf = new NoiseKdf();
    final Blake2s hash = new Blake2s();
    byte[] ck = new byte[32];
    byte[] h = new byte[32];
    byte[] k;
    long n;
    byte[] s, sPub, e, ePub, rs, re, psk;
    byte[] sendKey, recvKey;

    NoiseModel(boolean initiator, byte[] s, byte[] e, byte[] psk) {
        this.initiator = initiator;
        this.s = s;
        this.e = e;
        this.psk = psk;
        sPub = new byte[32];
        x.publicKey(sPub, 0, s, 0);
        ePub = new byte[32];
        x.publicKey(ePub, 0, e, 0);
    }

    /** InitializeSymmetric(protocol) + MixHash(prologue) + the IK pre-message (responder static). */
    void init(String protocol, byte[] prologue, byte[] responderStatic) {
        byte[] name = protocol.getBytes(StandardCharsets.US_ASCII);
        hash.init(32);
        hash.update(name, 0, name.length);
        hash.doFinal(h, 0);
        ck = h.clone();
        mixHash(prologue);
        if (initiator) {
            rs = responderStatic;
        }
        mixHash(responderStatic);
    }

    void mixHash(byte[] data) {
        hash.init(32);
        hash.update(h, 0, 32);
        hash.update(data, 0, data.length);
        hash.doFinal(h, 0);
    }

    void mixKey(byte[] ikm) {
        k = new byte[32];
        kdf.kdf2(ck, 0, 32, ikm, 0, ikm.length, ck, 0, k, 0);
        n = 0;
    }

    void mixKeyAndHash(byte[] ikm) {
        byte[] tempH = new byte[32];
        k = new byte[32];
        kdf.kdf3(ck, 0, 32, ikm, 0, ikm.length, ck, 0, tempH, 0, k, 0);
        mixHash(tempH);
        n = 0;
    }

    byte[] dh(byte[] priv, byte[] pub) {
        byte[] out = new byte[32];
        assertTrue(x.scalarMult(out, 0, priv, 0, pub, 0), "non-zero shared secret");
        return out;
    }

    byte[] encryptAndHash(byte[] plain) {
        byte[] out = new byte[plain.length + 16];
        aead.setKey(k, 0);
        assertEquals(out.length, aead.sealCounterLE(n++, h, 0, 32, plain, 0, plain.length, out, 0));
        mixHash(out);
        return out;
    }

    byte[] decryptAndHash(byte[] ct) {
        byte[] out = new byte[ct.length - 16];
        aead.setKey(k, 0);
        assertEquals(out.length, aead.openCounterLE(n++, h, 0, 32, ct, 0, ct.length, out, 0), "tag verifies");
        mixHash(ct);
        return out;
    }

    /** Message 1, "e es s ss" + payload (initiator writes). */
    byte[] writeMessage1(byte[] payload) {
        ByteArrayOutputStream msg = new ByteArrayOutputStream();
        msg.writeBytes(ePub);
        mixHash(ePub);
        mixKey(ePub);
        mixKey(dh(e, rs));
        msg.writeBytes(encryptAndHash(sPub));
        mixKey(dh(s, rs));
        msg.writeBytes(encryptAndHash(payload));
        return msg.toByteArray();
    }

    byte[] readMessage1(byte[] msg) {
        re = Arrays.copyOfRange(msg, 0, 32);
        mixHash(re);
        mixKey(re);
        mixKey(dh(s, re));
        rs = decryptAndHash(Arrays.copyOfRange(msg, 32, 80));
        mixKey(dh(s, rs));
        return decryptAndHash(Arrays.copyOfRange(msg, 80, msg.length));
    }

    /** Message 2, "e ee se psk" + payload (responder writes). */
    byte[] writeMessage2(byte[] payload) {
        ByteArrayOutputStream msg = new ByteArrayOutputStream();
        msg.writeBytes(ePub);
        mixHash(ePub);
        mixKey(ePub);
        mixKey(dh(e, re));
        mixKey(dh(e, rs));
        mixKeyAndHash(psk);
        msg.writeBytes(encryptAndHash(payload));
        return msg.toByteArray();
    }

    byte[] readMessage2(byte[] msg) {
        re = Arrays.copyOfRange(msg, 0, 32);
        mixHash(re);
        mixKey(re);
        mixKey(dh(e, re));
        mixKey(dh(s, re));
        mixKeyAndHash(psk);
        return decryptAndHash(Arrays.copyOfRange(msg, 32, msg.length));
    }

    void split() {
        byte[] k1 = new byte[32];
        byte[] k2 = new byte[32];
        kdf.kdf2(ck, 0, 32, new byte[0], 0, 0, k1, 0, k2, 0);
        sendKey = initiator ? k1 : k2;
        recvKey = initiator ? k2 : k1;
    }

    byte[] send(long counter, byte[] plain) {
        byte[] out = new byte[plain.length + 16];
        aead.setKey(sendKey, 0);
        aead.sealCounterLE(counter, new byte[0], 0, 0, plain, 0, plain.length, out, 0);
        return out;
    }
}
