package io.tailnode.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.tailnode.testing.Vectors;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Noise vectors (cacophony) for the 25519/ChaChaPoly/BLAKE2s suite, WireGuard's IKpsk2 among them, run
 * through a test-side Noise state machine (Noise spec §5) built only from our primitives: X25519,
 * ChaCha20-Poly1305 with the little-endian counter nonce, BLAKE2s and the HMAC-BLAKE2s KDF. Every handshake
 * and transport ciphertext and the final handshake hash must match byte for byte. The device's real
 * handshake (WireGuard's message layouts, mac1/mac2) lives in net-stack; this proves the primitives compose.
 */
class NoiseVectorsTest {
    /** Message patterns per protocol; "pre" is the responder static known to the initiator beforehand. */
    private static final Map<String, List<String>> PATTERNS = Map.of(
            "Noise_IK_25519_ChaChaPoly_BLAKE2s", List.of("pre:s", "e es s ss", "e ee se"),
            "Noise_IKpsk2_25519_ChaChaPoly_BLAKE2s", List.of("pre:s", "e es s ss", "e ee se psk"),
            "Noise_NNpsk0_25519_ChaChaPoly_BLAKE2s", List.of("psk e", "e ee"),
            "Noise_XX_25519_ChaChaPoly_BLAKE2s", List.of("e", "e ee s es", "s se"));

    /** One party: symmetric state plus its keys. */
    private static final class Party {
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
        long sendN, recvN;

        Party(boolean initiator) {
            this.initiator = initiator;
        }

        void init(String protocol, byte[] prologue) {
            byte[] name = protocol.getBytes(StandardCharsets.US_ASCII);
            if (name.length <= 32) {
                System.arraycopy(name, 0, h, 0, name.length);
            } else {
                hash.init(32);
                hash.update(name, 0, name.length);
                hash.doFinal(h, 0);
            }
            ck = h.clone();
            mixHash(prologue);
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
            byte[] out;
            if (k == null) {
                out = plain.clone();
            } else {
                out = new byte[plain.length + 16];
                aead.setKey(k, 0);
                assertEquals(out.length, aead.sealCounterLE(n++, h, 0, 32, plain, 0, plain.length, out, 0));
            }
            mixHash(out);
            return out;
        }

        byte[] decryptAndHash(byte[] ct) {
            byte[] out;
            if (k == null) {
                out = ct.clone();
            } else {
                out = new byte[ct.length - 16];
                aead.setKey(k, 0);
                assertEquals(out.length, aead.openCounterLE(n++, h, 0, 32, ct, 0, ct.length, out, 0), "tag verifies");
            }
            mixHash(ct);
            return out;
        }

        /** Runs one handshake message pattern as sender, writing tokens then the payload. */
        byte[] write(String pattern, byte[] payload) {
            ByteArrayOutputStream msg = new ByteArrayOutputStream();
            for (String t : pattern.split(" ")) {
                switch (t) {
                    case "e" -> {
                        msg.writeBytes(ePub);
                        mixHash(ePub);
                        if (psk != null) {
                            mixKey(ePub);
                        }
                    }
                    case "s" -> msg.writeBytes(encryptAndHash(sPub));
                    case "psk" -> mixKeyAndHash(psk);
                    default -> mixKey(token(t));
                }
            }
            msg.writeBytes(encryptAndHash(payload));
            return msg.toByteArray();
        }

        /** Runs one handshake message pattern as receiver; returns the payload. */
        byte[] read(String pattern, byte[] msg) {
            int p = 0;
            for (String t : pattern.split(" ")) {
                switch (t) {
                    case "e" -> {
                        re = java.util.Arrays.copyOfRange(msg, p, p + 32);
                        p += 32;
                        mixHash(re);
                        if (psk != null) {
                            mixKey(re);
                        }
                    }
                    case "s" -> {
                        int len = k == null ? 32 : 48;
                        rs = decryptAndHash(java.util.Arrays.copyOfRange(msg, p, p + len));
                        p += len;
                    }
                    case "psk" -> mixKeyAndHash(psk);
                    default -> mixKey(token(t));
                }
            }
            return decryptAndHash(java.util.Arrays.copyOfRange(msg, p, msg.length));
        }

        /** DH tokens: the first letter is the initiator's key, the second the responder's. */
        private byte[] token(String t) {
            boolean myFirst = initiator;
            char mine = myFirst ? t.charAt(0) : t.charAt(1);
            char theirs = myFirst ? t.charAt(1) : t.charAt(0);
            return dh(mine == 'e' ? e : s, theirs == 'e' ? re : rs);
        }

        void split() {
            byte[] k1 = new byte[32];
            byte[] k2 = new byte[32];
            kdf.kdf2(ck, 0, 32, new byte[0], 0, 0, k1, 0, k2, 0);
            sendKey = initiator ? k1 : k2;
            recvKey = initiator ? k2 : k1;
        }

        byte[] send(byte[] plain) {
            byte[] out = new byte[plain.length + 16];
            aead.setKey(sendKey, 0);
            aead.sealCounterLE(sendN++, new byte[0], 0, 0, plain, 0, plain.length, out, 0);
            return out;
        }

        byte[] receive(byte[] ct) {
            byte[] out = new byte[ct.length - 16];
            aead.setKey(recvKey, 0);
            assertEquals(out.length, aead.openCounterLE(recvN++, new byte[0], 0, 0, ct, 0, ct.length, out, 0));
            return out;
        }
    }

    private static byte[] hex(JsonNode v, String field) {
        return v.has(field) ? Vectors.hex(v.get(field).asText()) : null;
    }

    private static void keys(Party p, JsonNode v, String side) {
        p.s = hex(v, side + "_static");
        p.e = hex(v, side + "_ephemeral");
        if (p.s != null) {
            p.sPub = new byte[32];
            p.x.publicKey(p.sPub, 0, p.s, 0);
        }
        p.ePub = new byte[32];
        p.x.publicKey(p.ePub, 0, p.e, 0);
        if (v.has(side + "_psks")) {
            p.psk = Vectors.hex(v.get(side + "_psks").get(0).asText());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"Noise_IK_25519_ChaChaPoly_BLAKE2s", "Noise_IKpsk2_25519_ChaChaPoly_BLAKE2s",
            "Noise_NNpsk0_25519_ChaChaPoly_BLAKE2s", "Noise_XX_25519_ChaChaPoly_BLAKE2s"})
    void vectorMatchesByteForByte(String protocol) {
        JsonNode v = null;
        for (JsonNode c : Vectors.json("noise-vectors.json").get("vectors")) {
            if (c.get("protocol_name").asText().equals(protocol)) {
                v = c;
            }
        }
        List<String> pattern = PATTERNS.get(protocol);
        Party ini = new Party(true);
        Party res = new Party(false);
        keys(ini, v, "init");
        keys(res, v, "resp");
        ini.init(protocol, hex(v, "init_prologue"));
        res.init(protocol, hex(v, "resp_prologue"));
        int first = 0;
        if (pattern.get(0).equals("pre:s")) {
            ini.rs = hex(v, "init_remote_static");
            assertArrayEquals(res.sPub, ini.rs, "initiator knows the responder's static key");
            ini.mixHash(ini.rs);
            res.mixHash(res.sPub);
            first = 1;
        }
        JsonNode messages = v.get("messages");
        int handshakeMessages = pattern.size() - first;
        for (int i = 0; i < messages.size(); i++) {
            JsonNode m = messages.get(i);
            byte[] payload = Vectors.hex(m.get("payload").asText());
            byte[] expected = Vectors.hex(m.get("ciphertext").asText());
            boolean fromInitiator = i % 2 == 0;
            Party sender = fromInitiator ? ini : res;
            Party receiver = fromInitiator ? res : ini;
            if (i < handshakeMessages) {
                String p = pattern.get(first + i);
                assertEquals(Vectors.hex(expected), Vectors.hex(sender.write(p, payload)), protocol + " handshake message " + i);
                assertArrayEquals(payload, receiver.read(p, expected), protocol + " handshake payload " + i);
                if (i == handshakeMessages - 1) {
                    assertEquals(v.get("handshake_hash").asText(), Vectors.hex(ini.h), "initiator handshake hash");
                    assertEquals(v.get("handshake_hash").asText(), Vectors.hex(res.h), "responder handshake hash");
                    ini.split();
                    res.split();
                }
            } else {
                assertEquals(Vectors.hex(expected), Vectors.hex(sender.send(payload)), protocol + " transport message " + i);
                assertArrayEquals(payload, receiver.receive(expected), protocol + " transport payload " + i);
            }
        }
        assertTrue(messages.size() > handshakeMessages, "vector has transport messages too");
    }
}
