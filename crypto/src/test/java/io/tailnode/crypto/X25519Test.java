package io.tailnode.crypto;

import static io.tailnode.testing.Vectors.hex;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.tailnode.testing.Vectors;
import java.util.Random;
import org.junit.jupiter.api.Test;

class X25519Test {
    private final X25519 x = new X25519();

    @Test
    void wycheproofAllCases() {
        JsonNode root = Vectors.json("x25519_test.json");
        int total = 0, zero = 0, ok = 0;
        for (JsonNode group : root.get("testGroups")) {
            assertEquals("curve25519", group.get("curve").asText());
            for (JsonNode t : group.get("tests")) {
                total++;
                String id = "tcId " + t.get("tcId").asInt();
                byte[] priv = hex(t.get("private").asText());
                byte[] privCopy = priv.clone();
                byte[] pub = hex(t.get("public").asText());
                byte[] shared = hex(t.get("shared").asText());
                String result = t.get("result").asText();
                boolean zeroFlag = false;
                for (JsonNode f : t.get("flags")) {
                    zeroFlag |= f.asText().equals("ZeroSharedSecret");
                }
                // Offsets != 0 to exercise the offset arithmetic.
                byte[] out = new byte[40];
                java.util.Arrays.fill(out, (byte) 0x5A);
                byte[] p2 = new byte[37];
                System.arraycopy(priv, 0, p2, 5, 32);
                byte[] u2 = new byte[35];
                System.arraycopy(pub, 0, u2, 3, 32);
                boolean r = x.scalarMult(out, 7, p2, 5, u2, 3);
                byte[] got = java.util.Arrays.copyOfRange(out, 7, 39);
                assertArrayEquals(privCopy, java.util.Arrays.copyOfRange(p2, 5, 37), id + " scalar modified");
                if (zeroFlag) {
                    zero++;
                    assertTrue(ConstantTime.isZero(shared, 0, 32), id);
                    assertFalse(r, id + " zero shared secret must be rejected");
                    assertArrayEquals(new byte[32], got, id);
                } else {
                    assertTrue(result.equals("valid") || result.equals("acceptable"), id + " " + result);
                    assertTrue(r, id);
                    assertArrayEquals(shared, got, id);
                    ok++;
                }
                assertEquals(0x5A, out[6], id);
                assertEquals(0x5A, out[39], id);
            }
        }
        assertEquals(518, total);
        assertEquals(root.get("numberOfTests").asInt(), total);
        assertEquals(31, zero);
        assertEquals(487, ok);
    }

    @Test
    void rfc7748Section52() {
        JsonNode s = Vectors.json("rfc7748.json").get("section_5_2");
        int n = 0;
        for (JsonNode v : s.get("vectors")) {
            byte[] out = new byte[32];
            assertTrue(x.scalarMult(out, 0, hex(v.get("scalar").asText()), 0, hex(v.get("u").asText()), 0));
            assertArrayEquals(hex(v.get("output").asText()), out, "tcId " + v.get("tcId"));
            n++;
        }
        assertEquals(2, n);
    }

    @Test
    void rfc7748Section61() {
        JsonNode s = Vectors.json("rfc7748.json").get("section_6_1");
        byte[] aPriv = hex(s.get("alicePrivate").asText());
        byte[] bPriv = hex(s.get("bobPrivate").asText());
        byte[] aPub = new byte[32], bPub = new byte[32], k1 = new byte[32], k2 = new byte[32];
        x.publicKey(aPub, 0, aPriv, 0);
        x.publicKey(bPub, 0, bPriv, 0);
        assertArrayEquals(hex(s.get("alicePublic").asText()), aPub);
        assertArrayEquals(hex(s.get("bobPublic").asText()), bPub);
        assertTrue(x.scalarMult(k1, 0, aPriv, 0, bPub, 0));
        assertTrue(x.scalarMult(k2, 0, bPriv, 0, aPub, 0));
        assertArrayEquals(hex(s.get("sharedSecret").asText()), k1);
        assertArrayEquals(k1, k2);
    }

    @Test
    void rfc7748Iterated1And1000() {
        JsonNode it = Vectors.json("rfc7748.json").get("section_5_2").get("iterated");
        int checked = 0;
        for (JsonNode r : it.get("results")) {
            int n = r.get("iterations").asInt();
            if (n > 1000) {
                continue; // X25519SlowTest (tag "slow")
            }
            assertArrayEquals(hex(r.get("k").asText()), iterate(x, hex(it.get("initial").asText()), n), n + " iterations");
            checked++;
        }
        assertEquals(2, checked);
    }

    static byte[] iterate(X25519 x, byte[] initial, int n) {
        byte[] k = initial.clone();
        byte[] u = initial.clone();
        byte[] r = new byte[32];
        for (int i = 0; i < n; i++) {
            x.scalarMult(r, 0, k, 0, u, 0);
            byte[] t = u;
            u = k;
            k = r;
            r = t;
        }
        return k;
    }

    @Test
    void clampMatchesRfc() {
        byte[] k = new byte[32];
        java.util.Arrays.fill(k, (byte) 0xFF);
        X25519.clamp(k, 0);
        assertEquals((byte) 0xF8, k[0]);
        assertEquals((byte) 0x7F, k[31]);
        byte[] z = new byte[32];
        X25519.clamp(z, 0);
        assertEquals(0x40, z[31]);
    }

    @Test
    void differentialAgainstBouncyCastle() {
        Random rnd = new Random(0x25519);
        byte[] k = new byte[32], u = new byte[32], ours = new byte[32], bc = new byte[32];
        for (int i = 0; i < 1000; i++) {
            rnd.nextBytes(k);
            rnd.nextBytes(u);
            boolean r = x.scalarMult(ours, 0, k, 0, u, 0);
            org.bouncycastle.math.ec.rfc7748.X25519.scalarMult(k, 0, u, 0, bc, 0);
            assertArrayEquals(bc, ours, "case " + i);
            assertEquals(!ConstantTime.isZero(bc, 0, 32), r);
        }
        // Base point path against BC's dedicated base-point routine.
        for (int i = 0; i < 100; i++) {
            rnd.nextBytes(k);
            x.publicKey(ours, 0, k, 0);
            org.bouncycastle.math.ec.rfc7748.X25519.scalarMultBase(k, 0, bc, 0);
            assertArrayEquals(bc, ours, "base case " + i);
        }
    }

    @Test
    void extremeFieldInputs() {
        // u = p-1, p, p+1 .. 2^255-1 (non-canonical) and all-ones with bit 255: compare with BC.
        Random rnd = new Random(7);
        byte[] k = new byte[32], ours = new byte[32], bc = new byte[32];
        for (int delta = -2; delta <= 19; delta++) {
            byte[] u = new byte[32];
            java.util.Arrays.fill(u, (byte) 0xFF);
            u[31] = (byte) 0x7F;
            // u = 2^255 - 1 - (18 - delta) ... covers p-1 up to 2^255-1 and beyond with bit 255 set
            int low = 0xFF - (18 - delta);
            u[0] = (byte) (low & 0xFF);
            if (delta > 18) {
                u[31] = (byte) 0xFF;
            }
            for (int j = 0; j < 5; j++) {
                rnd.nextBytes(k);
                x.scalarMult(ours, 0, k, 0, u, 0);
                org.bouncycastle.math.ec.rfc7748.X25519.scalarMult(k, 0, u, 0, bc, 0);
                assertArrayEquals(bc, ours, "delta " + delta);
            }
        }
    }

    @Test
    void fieldToBytesIsCanonical() {
        int[] h = new int[10];
        byte[] out = new byte[32];
        byte[] pm1 = hex("ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f");
        // p reduces to 0, p+1 to 1, p-1 stays.
        byte[] p = hex("edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f");
        Field25519.fromBytes(h, p, 0);
        Field25519.toBytes(out, 0, h);
        assertArrayEquals(new byte[32], out);
        Field25519.fromBytes(h, pm1, 0);
        Field25519.toBytes(out, 0, h);
        assertArrayEquals(pm1, out);
        byte[] max = hex("ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f");
        Field25519.fromBytes(h, max, 0);
        Field25519.toBytes(out, 0, h);
        assertArrayEquals(hex("1200000000000000000000000000000000000000000000000000000000000000"), out);
    }
}
