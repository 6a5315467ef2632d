package io.tailnode.crypto;

import static io.tailnode.testing.Vectors.hex;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import io.tailnode.testing.Vectors;
import java.util.Arrays;

/** Runs every case of a Wycheproof aead_test_schema_v1 file against one of our fixed-nonce-size AEADs. */
final class WycheproofAeadRunner {
    /** Our AEAD under test, reduced to the calls the runner needs. */
    interface Aead {
        void setKey(byte[] key);

        int seal(byte[] nonce, byte[] ad, byte[] in, int inOff, int inLen, byte[] out, int outOff);

        int open(byte[] nonce, byte[] ad, byte[] in, int inOff, int inLen, byte[] out, int outOff);
    }

    /** Counts from one run. */
    record Result(int total, int valid, int invalid, int skippedNonceSize) {
    }

    private WycheproofAeadRunner() {
    }

    static Result run(String file, int nonceLength, Aead aead) {
        JsonNode root = Vectors.json(file);
        int total = 0, valid = 0, invalid = 0, skipped = 0;
        for (JsonNode group : root.get("testGroups")) {
            for (JsonNode t : group.get("tests")) {
                total++;
                String id = file + " tcId " + t.get("tcId").asInt() + " (" + t.get("comment").asText() + ")";
                byte[] key = hex(t.get("key").asText());
                byte[] iv = hex(t.get("iv").asText());
                byte[] aad = hex(t.get("aad").asText());
                byte[] msg = hex(t.get("msg").asText());
                byte[] ct = hex(t.get("ct").asText());
                byte[] tag = hex(t.get("tag").asText());
                String result = t.get("result").asText();
                byte[] ctTag = concat(ct, tag);
                if (iv.length != nonceLength) {
                    // The API takes a fixed-size nonce (array + offset), so a different size cannot be expressed.
                    // A too-short array is still refused (out of bounds) rather than silently used.
                    assertEquals("invalid", result, id);
                    assertTrue(flags(t).contains("InvalidNonceSize"), id);
                    aead.setKey(key);
                    if (iv.length < nonceLength) {
                        byte[] out = new byte[msg.length + 16];
                        assertThrows(IndexOutOfBoundsException.class,
                                () -> aead.seal(iv, aad, msg, 0, msg.length, out, 0), id);
                    }
                    if (ctTag.length >= 16) {
                        fail("nonce-size case with a ciphertext: the runner cannot decide it " + id);
                    }
                    // Wycheproof gives no ciphertext/tag here; open must still refuse the empty input.
                    assertTrue(aead.open(Arrays.copyOf(iv, nonceLength), aad, ctTag, 0, ctTag.length,
                            new byte[0], 0) < 0, id);
                    skipped++;
                    continue;
                }
                aead.setKey(key);
                if (result.equals("valid")) {
                    valid++;
                    byte[] sealed = new byte[msg.length + 16];
                    assertEquals(msg.length + 16, aead.seal(iv, aad, msg, 0, msg.length, sealed, 0), id);
                    assertArrayEquals(ctTag, sealed, id);
                    byte[] opened = new byte[msg.length];
                    assertEquals(msg.length, aead.open(iv, aad, ctTag, 0, ctTag.length, opened, 0), id);
                    assertArrayEquals(msg, opened, id);
                } else if (result.equals("invalid")) {
                    invalid++;
                    byte[] out = new byte[Math.max(0, ctTag.length - 16)];
                    Arrays.fill(out, (byte) 0x5a);
                    int r = aead.open(iv, aad, ctTag, 0, ctTag.length, out, 0);
                    assertTrue(r < 0, id + " opened");
                    assertArrayEquals(new byte[out.length], out, id + " output not zeroed");
                } else {
                    fail("unexpected result " + result + " in " + id);
                }
            }
        }
        assertEquals(root.get("numberOfTests").asInt(), total, file);
        System.out.println(file + ": " + total + " cases, " + valid + " valid, " + invalid + " invalid, "
                + skipped + " skipped (nonce size not " + nonceLength + " bytes, inexpressible in the API)");
        return new Result(total, valid, invalid, skipped);
    }

    private static String flags(JsonNode t) {
        return t.has("flags") ? t.get("flags").toString() : "";
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] r = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }
}
