package io.tailnode.derp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** Frame encodings written by hand from tailscale-protocol.md §3.1–§3.2, compared byte for byte. */
class DerpWireTest {
    static byte[] hex(String s) {
        return HexFormat.of().parseHex(s.replace(" ", ""));
    }

    static final byte[] KEY = ScriptedServer.fill(32, 0xa0);

    @Test
    void magicIsDerpAndKeyEmoji() {
        byte[] m = new byte[8];
        DerpWire.writeMagic(m, 0);
        assertArrayEquals(hex("44 45 52 50 F0 9F 94 91"), m);
        assertArrayEquals("DERP\uD83D\uDD11".getBytes(StandardCharsets.UTF_8), m);
        assertTrue(DerpWire.isMagic(m, 0));
    }

    @Test
    void sendPacketIsType4LengthKeyPacket() {
        byte[] out = new byte[64];
        int n = DerpWire.writeSendPacket(out, 1, 63, KEY, 0, hex("01 02 03"), 0, 3);
        assertEquals(5 + 32 + 3, n);
        assertArrayEquals(hex("04 00 00 00 23"), Arrays.copyOfRange(out, 1, 6));
        assertArrayEquals(KEY, Arrays.copyOfRange(out, 6, 38));
        assertArrayEquals(hex("01 02 03"), Arrays.copyOfRange(out, 38, 41));
        assertEquals(0, out[0]);
        assertEquals(DerpReason.WOULD_BLOCK, DerpWire.writeSendPacket(out, 0, 39, KEY, 0, hex("01 02 03"), 0, 3));
    }

    @Test
    void notePreferredPingPong() {
        byte[] out = new byte[16];
        assertEquals(6, DerpWire.writeNotePreferred(out, 0, 16, true));
        assertArrayEquals(hex("07 00 00 00 01 01"), Arrays.copyOf(out, 6));
        assertEquals(6, DerpWire.writeNotePreferred(out, 0, 16, false));
        assertArrayEquals(hex("07 00 00 00 01 00"), Arrays.copyOf(out, 6));
        byte[] data = hex("11 22 33 44 55 66 77 88");
        assertEquals(13, DerpWire.writePing(out, 0, 16, DerpWire.PING, data, 0));
        assertArrayEquals(hex("12 00 00 00 08 11 22 33 44 55 66 77 88"), Arrays.copyOf(out, 13));
        assertEquals(13, DerpWire.writePing(out, 0, 16, DerpWire.PONG, data, 0));
        assertArrayEquals(hex("13 00 00 00 08 11 22 33 44 55 66 77 88"), Arrays.copyOf(out, 13));
    }

    @Test
    void upgradeRequestText() {
        byte[] out = new byte[200];
        byte[] host = "derp1.example.com".getBytes(StandardCharsets.US_ASCII);
        int n = DerpUpgradeRequest.write(host, 0, host.length, out, 0, out.length);
        assertEquals("GET /derp HTTP/1.1\r\nHost: derp1.example.com\r\nUpgrade: DERP\r\nConnection: Upgrade\r\n\r\n",
                new String(out, 0, n, StandardCharsets.US_ASCII));
        byte[] evil = "a\r\nX: y".getBytes(StandardCharsets.US_ASCII);
        assertEquals(DerpReason.BAD_ARGUMENT, DerpUpgradeRequest.write(evil, 0, evil.length, out, 0, out.length));
        assertEquals(DerpReason.WOULD_BLOCK, DerpUpgradeRequest.write(host, 0, host.length, out, 0, 50));
    }

    @Test
    void viewChecksEachTypeMinimum() {
        DerpFrameView v = new DerpFrameView();
        // ServerKey: magic + 32-byte key, 40 bytes; 39 is truncated; wrong magic refused.
        byte[] sk = ScriptedServer.concat(hex("01 00 00 00 28"), hex("44 45 52 50 F0 9F 94 91"), KEY);
        assertEquals(45, v.point(sk, 0, sk.length).check());
        assertEquals(8 + 5, v.keyOffset());
        byte[] shortSk = ScriptedServer.concat(hex("01 00 00 00 27"), Arrays.copyOf(sk, 39));
        assertEquals(DerpReason.FRAME_TRUNCATED, v.point(shortSk, 0, shortSk.length).check());
        byte[] badMagic = sk.clone();
        badMagic[5] = 0x45;
        assertEquals(DerpReason.BAD_MAGIC, v.point(badMagic, 0, badMagic.length).check());
        // RecvPacket needs the 32-byte source key.
        byte[] rp = ScriptedServer.concat(hex("05 00 00 00 22"), KEY, hex("aa bb"));
        assertEquals(39, v.point(rp, 0, rp.length).check());
        assertEquals(2, v.packetLength());
        assertEquals(37, v.packetOffset());
        assertEquals(DerpReason.FRAME_TRUNCATED, v.point(hex("05 00 00 00 1f"), 0, 5).check());
        // Incomplete frames ask for more.
        assertEquals(0, v.point(rp, 0, 38).check());
        assertEquals(0, v.point(rp, 0, 4).check());
        // PeerGone with and without the reason byte.
        byte[] pg = ScriptedServer.concat(hex("08 00 00 00 21"), KEY, hex("01"));
        assertEquals(38, v.point(pg, 0, pg.length).check());
        assertEquals(DerpWire.PEER_GONE_NOT_HERE, v.peerGoneReason());
        byte[] pg0 = ScriptedServer.concat(hex("08 00 00 00 20"), KEY);
        assertEquals(37, v.point(pg0, 0, pg0.length).check());
        assertEquals(DerpWire.PEER_GONE_DISCONNECTED, v.peerGoneReason());
        // Restarting: two big-endian milliseconds.
        byte[] rs = hex("15 00 00 00 08 00 00 0b b8 00 00 ea 60");
        assertEquals(13, v.point(rs, 0, rs.length).check());
        assertEquals(3000, v.restartReconnectInMs());
        assertEquals(60000, v.restartTryForMs());
        assertEquals(DerpReason.FRAME_TRUNCATED, v.point(hex("15 00 00 00 07"), 0, 5).check());
        // Ping needs 8 bytes; KeepAlive is empty; over 1 MiB is refused from the header alone.
        assertEquals(DerpReason.FRAME_TRUNCATED, v.point(hex("12 00 00 00 07"), 0, 5).check());
        assertEquals(5, v.point(hex("06 00 00 00 00"), 0, 5).check());
        assertEquals(DerpReason.FRAME_TOO_LARGE, v.point(hex("05 00 10 00 01"), 0, 5).check());
        assertEquals(DerpReason.FRAME_TOO_LARGE, v.point(hex("05 80 00 00 00"), 0, 5).check());
        assertEquals(0, v.point(hex("05 00 10 00 00"), 0, 5).check());
        // Unknown types pass with any length.
        assertEquals(6, v.point(hex("7f 00 00 00 01 00"), 0, 6).check());
        assertFalse(DerpWire.isMagic(badMagic, 5));
    }

    @Test
    void certPinParsesSha256Raw() {
        byte[] out = new byte[32];
        String hexKey = "00112233445566778899aabbccddeeff00112233445566778899AABBCCDDEEFF";
        byte[] name = ("sha256-raw:" + hexKey).getBytes(StandardCharsets.US_ASCII);
        assertTrue(CertPin.parse(name, 0, name.length, out, 0));
        assertArrayEquals(hex(hexKey), out);
        byte[] host = "derp1f.tailscale.com".getBytes(StandardCharsets.US_ASCII);
        assertFalse(CertPin.parse(host, 0, host.length, out, 0));
        byte[] bad = ("sha256-raw:" + hexKey.replace('F', 'g')).getBytes(StandardCharsets.US_ASCII);
        assertFalse(CertPin.parse(bad, 0, bad.length, out, 0));
        assertFalse(CertPin.parse(name, 0, name.length - 1, out, 0));
    }
}
