package io.tailnode.disco;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tailnode.crypto.CryptoBox;
import io.tailnode.derp.BcBox;
import io.tailnode.wg.WgRandom;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** disco encodings written by hand from tailscale-protocol.md §4.1, and sealing cross-checked with BouncyCastle. */
class DiscoTest {
    static byte[] hex(String s) {
        return HexFormat.of().parseHex(s.replace(" ", ""));
    }

    static byte[] seq(int n, int from) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (from + i);
        }
        return b;
    }

    static final class SeededRandom implements WgRandom {
        final Random r;

        SeededRandom(long seed) {
            r = new Random(seed);
        }

        @Override
        public void nextBytes(byte[] b, int off, int len) {
            for (int i = 0; i < len; i++) {
                b[off + i] = (byte) r.nextInt(256);
            }
        }
    }

    static final byte[] OUR_PRIV = seq(32, 0x30);
    static final byte[] OUR_PUB = BcBox.publicKey(OUR_PRIV);
    static final byte[] PEER_PRIV = seq(32, 0x60);
    static final byte[] PEER_PUB = BcBox.publicKey(PEER_PRIV);

    @Test
    void magicIsTsSpeechBalloon() {
        byte[] m = new byte[6];
        DiscoWire.writeMagic(m, 0);
        assertArrayEquals(hex("54 53 F0 9F 92 AC"), m);
        assertArrayEquals("TS\uD83D\uDCAC".getBytes(StandardCharsets.UTF_8), m);
    }

    @Test
    void plaintextsByHand() {
        byte[] out = new byte[200];
        byte[] tx = seq(12, 1);
        byte[] key = seq(32, 0xa0);
        assertEquals(46, DiscoWire.writePing(out, 0, 200, tx, 0, key, 0, 0));
        assertArrayEquals(hex("01 00 01 02 03 04 05 06 07 08 09 0a 0b 0c"), Arrays.copyOf(out, 14));
        assertArrayEquals(key, Arrays.copyOfRange(out, 14, 46));
        Arrays.fill(out, (byte) 0x55);
        assertEquals(56, DiscoWire.writePing(out, 0, 200, tx, 0, key, 0, 10));
        assertArrayEquals(new byte[10], Arrays.copyOfRange(out, 46, 56));
        // Pong from 2.3.4.5:1234, source form 04 02 03 04 05 04 d2 → ::ffff:2.3.4.5 port 1234.
        byte[] ep = new byte[18];
        assertEquals(18, DiscoWire.endpointFromSource(hex("04 02 03 04 05 04 d2"), 0, ep, 0));
        assertEquals(32, DiscoWire.writePong(out, 0, 200, tx, 0, ep, 0));
        assertArrayEquals(hex("02 00 01 02 03 04 05 06 07 08 09 0a 0b 0c 00 00 00 00 00 00 00 00 00 00 ff ff 02 03 04 05 04 d2"),
                Arrays.copyOf(out, 32));
        byte[] back = new byte[19];
        assertEquals(7, DiscoWire.endpointToSource(ep, 0, back, 0));
        assertArrayEquals(hex("04 02 03 04 05 04 d2"), Arrays.copyOf(back, 7));
        // CallMeMaybe with two endpoints (v4-mapped and IPv6 [2001:2::1]:41641).
        byte[] v6 = hex("20 01 00 02 00 00 00 00 00 00 00 00 00 00 00 01 a2 a9");
        byte[] eps = new byte[36];
        System.arraycopy(ep, 0, eps, 0, 18);
        System.arraycopy(v6, 0, eps, 18, 18);
        assertEquals(38, DiscoWire.writeCallMeMaybe(out, 0, 200, eps, 0, 2));
        assertArrayEquals(hex("03 00"), Arrays.copyOf(out, 2));
        assertArrayEquals(eps, Arrays.copyOfRange(out, 2, 38));
        assertEquals(DiscoReason.OUT_TOO_SMALL, DiscoWire.writeCallMeMaybe(out, 0, 37, eps, 0, 2));
        assertEquals(19, DiscoWire.endpointToSource(v6, 0, back, 0));
        assertEquals(6, back[0]);
    }

    @Test
    void viewChecksLengths() {
        DiscoMessageView v = new DiscoMessageView();
        assertEquals(DiscoReason.TRUNCATED, v.point(hex("01"), 0, 1).check());
        byte[] shortPing = new byte[13];
        shortPing[0] = 1;
        assertEquals(DiscoReason.TRUNCATED, v.point(shortPing, 0, 13).check());
        byte[] oldPing = new byte[14];
        oldPing[0] = 1;
        assertEquals(1, v.point(oldPing, 0, 14).check());
        assertFalse(v.pingHasNodeKey());
        byte[] pong = new byte[32];
        pong[0] = 2;
        assertEquals(DiscoReason.TRUNCATED, v.point(pong, 0, 31).check());
        assertEquals(2, v.point(pong, 0, 32).check());
        byte[] cmm = new byte[2 + 36];
        cmm[0] = 3;
        assertEquals(3, v.point(cmm, 0, 38).check());
        assertEquals(2, v.endpointCount());
        assertEquals(20, v.endpointOffset(1));
        assertEquals(3, v.point(cmm, 0, 2).check());
        assertEquals(0, v.endpointCount());
        assertEquals(DiscoReason.TRUNCATED, v.point(cmm, 0, 37).check());
        for (int t : new int[] {0, 4, 5, 9, 0x7f}) {
            assertEquals(DiscoReason.UNKNOWN_TYPE, v.point(new byte[] {(byte) t, 0}, 0, 2).check());
        }
    }

    @Test
    void sealedSizesAndRoundTrip() {
        DiscoKeys ours = new DiscoKeys(new CryptoBox(), new SeededRandom(1), 4);
        ours.setLocal(OUR_PRIV, 0, OUR_PUB, 0);
        DiscoKeys theirs = new DiscoKeys(new CryptoBox(), new SeededRandom(2), 4);
        theirs.setLocal(PEER_PRIV, 0, PEER_PUB, 0);
        int slot = ours.add(PEER_PUB, 0);
        assertEquals(0, slot);
        assertEquals(0, ours.add(PEER_PUB, 0));
        assertEquals(0, theirs.add(OUR_PUB, 0));
        byte[] plain = new byte[64];
        byte[] pkt = new byte[200];
        int n = DiscoWire.writePing(plain, 0, 64, seq(12, 1), 0, seq(32, 0xa0), 0, 0);
        assertEquals(124, ours.seal(slot, plain, 0, n, pkt, 0, 200));
        assertTrue(DiscoWire.looksLikeDisco(pkt, 0, 124));
        assertArrayEquals(OUR_PUB, Arrays.copyOfRange(pkt, 6, 38));
        byte[] got = new byte[100];
        assertEquals(n, theirs.open(pkt, 0, 124, got, 0, 100));
        assertEquals(0, theirs.openedSlot());
        assertArrayEquals(Arrays.copyOf(plain, n), Arrays.copyOf(got, n));
        n = DiscoWire.writePong(plain, 0, 64, seq(12, 1), 0, new byte[18], 0);
        assertEquals(110, theirs.seal(0, plain, 0, n, pkt, 0, 200));
        // In place: plaintext over the packet's own bytes.
        assertEquals(n, ours.open(pkt, 0, 110, pkt, 0, 200));
        assertArrayEquals(Arrays.copyOf(plain, n), Arrays.copyOf(pkt, n));
    }

    @Test
    void crossCheckWithBouncyCastle() {
        DiscoKeys ours = new DiscoKeys(new CryptoBox(), new SeededRandom(3), 2);
        ours.setLocal(OUR_PRIV, 0, OUR_PUB, 0);
        int slot = ours.add(PEER_PUB, 0);
        Random r = new Random(7);
        for (int len : new int[] {2, 14, 46, 1000}) {
            byte[] plain = new byte[len];
            r.nextBytes(plain);
            byte[] pkt = new byte[len + 78];
            assertEquals(len + 78, ours.seal(slot, plain, 0, len, pkt, 0, pkt.length));
            // BouncyCastle opens ours with (peer priv, our pub).
            byte[] k = BcBox.beforenm(OUR_PUB, PEER_PRIV);
            byte[] bc = BcBox.open(k, Arrays.copyOfRange(pkt, 38, 62), pkt, 62, len + 16);
            assertArrayEquals(plain, bc);
            // And we open BouncyCastle's, sealed by the peer for us.
            byte[] nonce = new byte[24];
            r.nextBytes(nonce);
            byte[] box = BcBox.seal(k, nonce, plain);
            byte[] theirs = new byte[len + 78];
            DiscoWire.writeMagic(theirs, 0);
            System.arraycopy(PEER_PUB, 0, theirs, 6, 32);
            System.arraycopy(nonce, 0, theirs, 38, 24);
            System.arraycopy(box, 0, theirs, 62, box.length);
            byte[] got = new byte[len];
            assertEquals(len, ours.open(theirs, 0, theirs.length, got, 0, len));
            assertArrayEquals(plain, got);
        }
    }

    @Test
    void refusals() {
        DiscoKeys ours = new DiscoKeys(new CryptoBox(), new SeededRandom(4), 1);
        ours.setLocal(OUR_PRIV, 0, OUR_PUB, 0);
        assertEquals(DiscoReason.BAD_KEY, ours.add(new byte[32], 0));
        assertEquals(0, ours.add(PEER_PUB, 0));
        assertEquals(DiscoReason.FULL, ours.add(seq(32, 9), 0));
        DiscoKeys theirs = new DiscoKeys(new CryptoBox(), new SeededRandom(5), 1);
        theirs.setLocal(PEER_PRIV, 0, PEER_PUB, 0);
        theirs.add(OUR_PUB, 0);
        byte[] pkt = new byte[100];
        int n = theirs.seal(0, new byte[14], 0, 14, pkt, 0, 100);
        byte[] out = new byte[50];
        byte[] flipped = pkt.clone();
        flipped[n - 1] ^= 1;
        assertEquals(DiscoReason.BAD_BOX, ours.open(flipped, 0, n, out, 0, 50));
        assertArrayEquals(new byte[50], out, "out untouched");
        byte[] stranger = pkt.clone();
        stranger[10] ^= 1;
        assertEquals(DiscoReason.UNKNOWN_SENDER, ours.open(stranger, 0, n, out, 0, 50));
        assertEquals(DiscoReason.NOT_DISCO, ours.open(pkt, 0, 79, out, 0, 50));
        byte[] magic = pkt.clone();
        magic[0] = 0x55;
        assertEquals(DiscoReason.NOT_DISCO, ours.open(magic, 0, n, out, 0, 50));
        assertEquals(DiscoReason.OUT_TOO_SMALL, ours.open(pkt, 0, n, out, 0, 13));
        assertEquals(14, ours.open(pkt, 0, n, out, 0, 50));
        ours.remove(0);
        assertEquals(DiscoReason.UNKNOWN_SENDER, ours.open(pkt, 0, n, out, 0, 50));
        assertEquals(DiscoReason.BAD_SLOT, ours.seal(0, out, 0, 1, pkt, 0, 100));
    }

    @Test
    void pingsAreAnsweredWithTheirSource() {
        DiscoKeys ours = new DiscoKeys(new CryptoBox(), new SeededRandom(6), 2);
        ours.setLocal(OUR_PRIV, 0, OUR_PUB, 0);
        ours.add(PEER_PUB, 0);
        DiscoKeys peer = new DiscoKeys(new CryptoBox(), new SeededRandom(7), 2);
        peer.setLocal(PEER_PRIV, 0, PEER_PUB, 0);
        peer.add(OUR_PUB, 0);
        byte[] plain = new byte[100];
        byte[] pkt = new byte[200];
        int n = DiscoWire.writePing(plain, 0, 100, seq(12, 0x40), 0, seq(32, 0xa0), 0, 20);
        n = peer.seal(0, plain, 0, n, pkt, 0, 200);
        n = ours.open(pkt, 0, n, plain, 0, 100);
        DiscoMessageView ping = new DiscoMessageView().point(plain, 0, n);
        assertEquals(DiscoWire.TYPE_PING, ping.check());
        DiscoResponder responder = new DiscoResponder(ours);
        byte[] out = new byte[200];
        byte[] got = new byte[100];
        DiscoMessageView pong = new DiscoMessageView();

        assertEquals(110, responder.answerUdp(ours.openedSlot(), ping, hex("04 c6 12 00 05 ca 6a"), 0, out, 0, 200));
        assertEquals(32, peer.open(out, 0, 110, got, 0, 100));
        assertEquals(DiscoWire.TYPE_PONG, pong.point(got, 0, 32).check());
        assertArrayEquals(seq(12, 0x40), Arrays.copyOfRange(got, 2, 14));
        assertArrayEquals(hex("00000000000000000000ffff c6120005 ca6a"), Arrays.copyOfRange(got, 14, 32));

        assertEquals(110, responder.answerDerp(ours.openedSlot(), ping, 900, out, 0, 200));
        assertEquals(32, peer.open(out, 0, 110, got, 0, 100));
        assertArrayEquals(hex("00000000000000000000ffff 7f030328 0384"), Arrays.copyOfRange(got, 14, 32));
        assertEquals(DiscoReason.UNKNOWN_TYPE, responder.answerDerp(0, pong, 900, out, 0, 200));
    }
}
