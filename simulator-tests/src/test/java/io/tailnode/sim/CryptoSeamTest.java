package io.tailnode.sim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tailnode.crypto.X25519;
import io.tailnode.crypto.sni.CryptoNatives;
import io.tailnode.crypto.sni.NativeChaCha20Poly1305;
import io.tailnode.crypto.sni.NativeX25519;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.Random;
import org.bouncycastle.crypto.modes.ChaCha20Poly1305;
import org.bouncycastle.crypto.params.AEADParameters;
import org.bouncycastle.crypto.params.KeyParameter;
import org.junit.jupiter.api.Test;

/**
 * The SNI seam on the host: the sni-mock's CryptoNatives shadows the device's native class, and the native
 * engines agree with the Java X25519, with BouncyCastle's ChaCha20-Poly1305 and with the RFC vectors.
 */
class CryptoSeamTest {

    private static byte[] hex(String s) {
        byte[] out = new byte[s.length() / 2];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) Integer.parseInt(s.substring(2 * i, 2 * i + 2), 16);
        }
        return out;
    }

    @Test
    void mockShadowsTheNativeClass() throws Exception {
        Method m = CryptoNatives.class.getMethod("x25519", byte[].class, int.class, byte[].class, int.class,
                byte[].class, int.class);
        assertFalse(Modifier.isNative(m.getModifiers()), "device class (native) is ahead of the mock on the class path");
        assertTrue(CryptoNatives.class.getProtectionDomain().getCodeSource().getLocation().toString().contains("sni-mock"),
                CryptoNatives.class.getProtectionDomain().getCodeSource().getLocation().toString());
    }

    @Test
    void x25519Rfc7748Section61() {
        NativeX25519 nx = new NativeX25519();
        byte[] aPriv = hex("77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a");
        byte[] bPriv = hex("5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb");
        byte[] aPub = new byte[32], bPub = new byte[32], k1 = new byte[32], k2 = new byte[32];
        nx.publicKey(aPub, 0, aPriv, 0);
        nx.publicKey(bPub, 0, bPriv, 0);
        assertArrayEquals(hex("8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a"), aPub);
        assertArrayEquals(hex("de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f"), bPub);
        assertTrue(nx.scalarMult(k1, 0, aPriv, 0, bPub, 0));
        assertTrue(nx.scalarMult(k2, 0, bPriv, 0, aPub, 0));
        byte[] shared = hex("4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742");
        assertArrayEquals(shared, k1);
        assertArrayEquals(shared, k2);
        assertArrayEquals(hex("77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a"), aPriv, "scalar modified");
    }

    @Test
    void x25519NativeAgreesWithJava() {
        NativeX25519 nx = new NativeX25519();
        X25519 jx = new X25519();
        Random rnd = new Random(0x5E4);
        byte[] k = new byte[32], u = new byte[32], a = new byte[32], b = new byte[32];
        for (int i = 0; i < 300; i++) {
            rnd.nextBytes(k);
            rnd.nextBytes(u);
            assertEquals(jx.scalarMult(a, 0, k, 0, u, 0), nx.scalarMult(b, 0, k, 0, u, 0));
            assertArrayEquals(a, b, "case " + i);
            jx.publicKey(a, 0, k, 0);
            nx.publicKey(b, 0, k, 0);
            assertArrayEquals(a, b, "public key case " + i);
        }
        // Low-order u (0, 1, and the order-8 point): both reject with an all-zero output.
        byte[][] lowOrder = {new byte[32], hex("0100000000000000000000000000000000000000000000000000000000000000"),
            hex("e0eb7a7c3b41b8ae1656e3faf19fc46ada098deb9c32b1fd866205165f49b800")};
        for (byte[] lo : lowOrder) {
            rnd.nextBytes(k);
            Arrays.fill(b, (byte) 1);
            assertFalse(nx.scalarMult(b, 0, k, 0, lo, 0));
            assertArrayEquals(new byte[32], b);
            assertFalse(jx.scalarMult(a, 0, k, 0, lo, 0));
        }
    }

    @Test
    void chachaRfc8439Section282() {
        byte[] pt = ("Ladies and Gentlemen of the class of '99: If I could offer you only one tip for the future, "
                + "sunscreen would be it.").getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        byte[] aad = hex("50515253c0c1c2c3c4c5c6c7");
        byte[] key = hex("808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9f");
        byte[] nonce = hex("070000004041424344454647");
        byte[] ct = hex("d31a8d34648e60db7b86afbc53ef7ec2a4aded51296e08fea9e2b5a736ee62d63dbea45e8ca9671282fafb69da92728b"
                + "1a71de0a9e060b2905d6a5b67ecd3b3692ddbd7f2d778b8c9803aee328091b58fab324e4fad675945585808b4831d7bc"
                + "3ff4def08e4b7a9de576d26586cec64b6116");
        byte[] tag = hex("1ae10b594f09e26a7e902ecbd0600691");
        NativeChaCha20Poly1305 aead = new NativeChaCha20Poly1305();
        aead.setKey(key, 0);
        byte[] out = new byte[pt.length + 16];
        assertEquals(pt.length + 16, aead.seal(nonce, 0, aad, 0, aad.length, pt, 0, pt.length, out, 0));
        assertArrayEquals(ct, Arrays.copyOf(out, pt.length));
        assertArrayEquals(tag, Arrays.copyOfRange(out, pt.length, pt.length + 16));
        byte[] back = new byte[pt.length];
        assertEquals(pt.length, aead.open(nonce, 0, aad, 0, aad.length, out, 0, out.length, back, 0));
        assertArrayEquals(pt, back);
        out[3] ^= 1;
        Arrays.fill(back, (byte) 0x77);
        assertTrue(aead.open(nonce, 0, aad, 0, aad.length, out, 0, out.length, back, 0) < 0);
        assertArrayEquals(new byte[pt.length], back, "plaintext released on a bad tag");
        assertTrue(aead.open(nonce, 0, aad, 0, aad.length, out, 0, 15, back, 0) < 0);
    }

    @Test
    void chachaNativeAgreesWithBouncyCastle() throws Exception {
        Random rnd = new Random(8439);
        NativeChaCha20Poly1305 aead = new NativeChaCha20Poly1305();
        int[] lengths = {0, 1, 15, 16, 17, 63, 64, 65, 1420, 65536};
        for (int len : lengths) {
            for (int rep = 0; rep < 3; rep++) {
                byte[] key = new byte[32], nonce = new byte[12], ad = new byte[rnd.nextInt(40)], pt = new byte[len];
                rnd.nextBytes(key);
                rnd.nextBytes(nonce);
                rnd.nextBytes(ad);
                rnd.nextBytes(pt);
                ChaCha20Poly1305 bc = new ChaCha20Poly1305();
                bc.init(true, new AEADParameters(new KeyParameter(key), 128, nonce, ad));
                byte[] expect = new byte[len + 16];
                int n = bc.processBytes(pt, 0, len, expect, 0);
                bc.doFinal(expect, n);

                aead.setKey(key, 0);
                // Offsets, and in-place: in == out at the same offset.
                byte[] buf = new byte[len + 16 + 9];
                System.arraycopy(pt, 0, buf, 5, len);
                byte[] adBuf = new byte[ad.length + 3];
                System.arraycopy(ad, 0, adBuf, 2, ad.length);
                byte[] nonceBuf = new byte[20];
                System.arraycopy(nonce, 0, nonceBuf, 4, 12);
                assertEquals(len + 16, aead.seal(nonceBuf, 4, adBuf, 2, ad.length, buf, 5, len, buf, 5));
                assertArrayEquals(expect, Arrays.copyOfRange(buf, 5, 5 + len + 16), "seal len " + len);
                assertEquals(len, aead.open(nonceBuf, 4, adBuf, 2, ad.length, buf, 5, len + 16, buf, 5));
                assertArrayEquals(pt, Arrays.copyOfRange(buf, 5, 5 + len), "open len " + len);
            }
        }
    }
}
