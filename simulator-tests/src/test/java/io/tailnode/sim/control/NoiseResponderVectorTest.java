package io.tailnode.sim.control;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * The server's responder core against the cacophony Noise_IK_25519_ChaChaPoly_BLAKE2s vector
 * (crypto/src/test/resources/vectors/noise-vectors.json): the vector's initiation (with its 16-byte payload and
 * prologue "John Galt") must open, the response must equal the vector's byte for byte, the handshake hash too,
 * and the first transport message each way (nonce 0, where big- and little-endian counters coincide) must match;
 * at nonce 1 controlbase's big-endian counter must diverge from the vector's little-endian one.
 */
class NoiseResponderVectorTest {
    static final HexFormat HEX = HexFormat.of();

    static byte[] hex(JsonNode n, String field) {
        return HEX.parseHex(n.get(field).asText());
    }

    @Test
    void responderMatchesTheIkVector() throws Exception {
        JsonNode v = null;
        for (JsonNode x : new ObjectMapper().readTree(new File("../crypto/src/test/resources/vectors/noise-vectors.json"))
                .get("vectors")) {
            if ("Noise_IK_25519_ChaChaPoly_BLAKE2s".equals(x.path("protocol_name").asText())) {
                v = x;
            }
        }
        JsonNode msgs = v.get("messages");
        NoiseResponder r = new NoiseResponder(hex(v, "resp_static"), new SecureRandom());
        NoiseResponder.Core c = r.respondCore(hex(v, "resp_prologue"), hex(msgs.get(0), "ciphertext"),
                hex(v, "resp_ephemeral"), hex(msgs.get(1), "payload"));
        assertArrayEquals(NoiseResponder.publicKey(hex(v, "init_static")), c.clientStatic);
        assertArrayEquals(hex(msgs.get(0), "payload"), c.initiatorPayload);
        assertArrayEquals(hex(msgs.get(1), "ciphertext"), c.responseBody);
        assertArrayEquals(hex(v, "handshake_hash"), c.handshakeHash);

        NoiseTransport fromClient = new NoiseTransport(c.k1);
        NoiseTransport toClient = new NoiseTransport(c.k2);
        byte[] c2 = hex(msgs.get(2), "ciphertext");
        assertArrayEquals(hex(msgs.get(2), "payload"), fromClient.open(c2, 0, c2.length));
        byte[] p3 = hex(msgs.get(3), "payload");
        byte[] rec = toClient.seal(p3, 0, p3.length);
        assertEquals(4, rec[0]);
        assertEquals(p3.length + 16, ((rec[1] & 0xFF) << 8) | (rec[2] & 0xFF));
        assertArrayEquals(hex(msgs.get(3), "ciphertext"), Arrays.copyOfRange(rec, 3, rec.length));
        // Nonce 1: the vector is standard (little-endian) Noise, controlbase is big-endian.
        byte[] c4 = hex(msgs.get(4), "ciphertext");
        assertEquals(null, fromClient.open(c4, 0, c4.length));
        byte[] p5 = hex(msgs.get(5), "payload");
        assertFalse(Arrays.equals(hex(msgs.get(5), "ciphertext"), Arrays.copyOfRange(toClient.seal(p5, 0, p5.length), 3,
                3 + p5.length + 16)));
    }

    @Test
    void bigEndianNonceOfRecord256() {
        byte[] n = NoiseTransport.nonce(256);
        assertArrayEquals(HEX.parseHex("000000000000000000000100"), n);
    }
}
