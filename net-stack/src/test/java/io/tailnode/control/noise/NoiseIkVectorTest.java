package io.tailnode.control.noise;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * Cross-check of the controlbase initiator against the cacophony Noise_IK_25519_ChaChaPoly_BLAKE2s vector
 * (crypto/src/test/resources/vectors/noise-vectors.json), with the vector's keys and prologue ("John Galt",
 * through a package-private test hook). What is comparable and what is not:
 * <ul>
 * <li>initiation e.pub (32 B) and enc(s) (48 B): equal — they precede the payload. The payload tag is not:
 *     the vector sends a 16-byte payload, controlbase an empty one.</li>
 * <li>response e.pub: equal. Response tag and the handshake hash: not comparable (payloads differ).</li>
 * <li>transport keys: ck depends only on the protocol name and the DH results, not on prologue or payloads,
 *     so Split must give the vector's keys. Proven on the first transport message each way (nonce 0, where
 *     big- and little-endian counters coincide): our record seals to the vector's ciphertext, and the vector's
 *     responder ciphertext opens in our channel. At nonce 1 the vector (little-endian Noise) and controlbase
 *     (big-endian) must differ; that is asserted too.</li>
 * </ul>
 */
class NoiseIkVectorTest {
    static final HexFormat HEX = HexFormat.of();

    static JsonNode vector() throws Exception {
        JsonNode all = new ObjectMapper().readTree(new File("../crypto/src/test/resources/vectors/noise-vectors.json"));
        for (JsonNode v : all.get("vectors")) {
            if ("Noise_IK_25519_ChaChaPoly_BLAKE2s".equals(v.path("protocol_name").asText())) {
                return v;
            }
        }
        throw new AssertionError("no IK vector");
    }

    static byte[] hex(JsonNode n, String field) {
        return HEX.parseHex(n.get(field).asText());
    }

    @Test
    void handshakeAndFirstRecordsMatchVector() throws Exception {
        JsonNode v = vector();
        byte[] prologue = hex(v, "init_prologue");
        assertArrayEquals(prologue, hex(v, "resp_prologue"));
        assertEquals("John Galt", new String(prologue, StandardCharsets.US_ASCII));
        JsonNode msgs = v.get("messages");
        byte[] m0 = hex(msgs.get(0), "ciphertext");
        byte[] m1 = hex(msgs.get(1), "ciphertext");

        ControlHandshake hs = new ControlHandshake();
        byte[] init = new byte[101];
        assertEquals(101, hs.begin(hex(v, "init_static"), 0, hex(v, "init_remote_static"), 0, 1,
                hex(v, "init_ephemeral"), 0, init, 0, 101));
        hs.overridePrologueForTest(prologue, 0, prologue.length);
        assertEquals(101, hs.writeInitiation(init, 0));
        assertArrayEquals(Arrays.copyOfRange(m0, 0, 80), Arrays.copyOfRange(init, 5, 85), "e.pub and enc(s)");

        TestResponder server = new TestResponder(hex(v, "resp_static"));
        assertArrayEquals(hex(v, "init_remote_static"), server.staticPub);
        server.prologueOverride = prologue;
        byte[] resp = server.respond(init, hex(v, "resp_ephemeral"));
        assertArrayEquals(Arrays.copyOfRange(m1, 0, 32), Arrays.copyOfRange(resp, 3, 35), "response e.pub");

        RecordingSink sink = new RecordingSink();
        ControlChannel ch = new ControlChannel(hs, sink);
        assertEquals(51, ch.receive(resp, 0, 51));
        assertEquals(ControlChannel.STATE_OPEN, ch.state());

        // Initiator -> responder, nonce 0.
        byte[] p2 = hex(msgs.get(2), "payload");
        byte[] out = new byte[ControlWire.sealedLength(p2.length)];
        assertEquals(out.length, ch.write(p2, 0, p2.length, out, 0, out.length));
        assertArrayEquals(hex(msgs.get(2), "ciphertext"), Arrays.copyOfRange(out, 3, out.length));

        // Responder -> initiator, nonce 0, framed as a controlbase record. The payload's first byte is not 0xFF,
        // so the early-payload probe passes it through.
        byte[] c3 = hex(msgs.get(3), "ciphertext");
        byte[] rec = new byte[3 + c3.length];
        rec[0] = 4;
        rec[2] = (byte) c3.length;
        System.arraycopy(c3, 0, rec, 3, c3.length);
        assertEquals(rec.length, ch.receive(rec, 0, rec.length));
        assertArrayEquals(hex(msgs.get(3), "payload"), sink.bytes());

        // Nonce 1: standard Noise (LE) and controlbase (BE) diverge.
        byte[] p4 = hex(msgs.get(4), "payload");
        out = new byte[ControlWire.sealedLength(p4.length)];
        ch.write(p4, 0, p4.length, out, 0, out.length);
        assertFalse(Arrays.equals(hex(msgs.get(4), "ciphertext"), Arrays.copyOfRange(out, 3, out.length)));
    }
}
