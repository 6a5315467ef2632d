package io.tailnode.stun;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Random;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;

/** STUN request, response parser and CRC-32 against RFC 5769's vectors and hand-written encodings. */
class StunTest {
    static final byte[] TXID = HexFormat.of().parseHex("b7e7a701bc34d686fa87dfae");

    static Map<String, byte[]> vectors() throws Exception {
        Map<String, byte[]> m = new HashMap<>();
        try (InputStream in = StunTest.class.getResourceAsStream("/vectors/rfc5769-stun.txt")) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.US_ASCII).split("\n")) {
                if (!line.startsWith("#") && !line.isBlank()) {
                    String[] f = line.trim().split(" ");
                    m.put(f[0], HexFormat.of().parseHex(f[1]));
                }
            }
        }
        return m;
    }

    @Test
    void crc32CheckValueAndZlibAgreement() {
        byte[] check = "123456789".getBytes(StandardCharsets.US_ASCII);
        assertEquals(0xCBF43926, Crc32.of(check, 0, 9));
        assertEquals(0, Crc32.of(check, 0, 0));
        Random r = new Random(5769);
        for (int n : new int[] {1, 3, 4, 63, 64, 1000, 4096}) {
            byte[] b = new byte[n + 7];
            r.nextBytes(b);
            CRC32 z = new CRC32();
            z.update(b, 5, n);
            assertEquals((int) z.getValue(), Crc32.of(b, 5, n));
        }
    }

    @Test
    void rfc5769FingerprintsVerify() throws Exception {
        for (Map.Entry<String, byte[]> e : vectors().entrySet()) {
            byte[] m = e.getValue();
            int fp = (m[m.length - 4] & 0xFF) << 24 | (m[m.length - 3] & 0xFF) << 16 | (m[m.length - 2] & 0xFF) << 8
                    | (m[m.length - 1] & 0xFF);
            assertEquals(fp, Crc32.of(m, 0, m.length - 8) ^ StunWire.FINGERPRINT_XOR, e.getKey());
        }
    }

    @Test
    void rfc5769ResponsesParse() throws Exception {
        Map<String, byte[]> v = vectors();
        StunResponse r = new StunResponse();
        assertEquals(StunReason.OK, r.parse(v.get("ipv4"), 0, v.get("ipv4").length, TXID, 0));
        assertEquals(4, r.family());
        assertEquals(InetAddress.getByName("192.0.2.1"), InetAddress.getByAddress(Arrays.copyOf(r.address(), 4)));
        assertEquals(32853, r.port());
        byte[] ep = new byte[19];
        assertEquals(7, r.writeEndpoint(ep, 0));
        assertArrayEquals(HexFormat.of().parseHex("04c00002018055"), Arrays.copyOf(ep, 7));
        assertEquals(StunReason.OK, r.parse(v.get("ipv6"), 0, v.get("ipv6").length, TXID, 0));
        assertEquals(6, r.family());
        assertEquals(InetAddress.getByName("2001:db8:1234:5678:11:2233:4455:6677"), InetAddress.getByAddress(r.address()));
        assertEquals(32853, r.port());
        // The sample request is not a response.
        assertEquals(StunReason.NOT_RESPONSE, r.parse(v.get("request"), 0, v.get("request").length, TXID, 0));
        assertTrue(StunWire.looksLikeStun(v.get("ipv4"), 0, 80));
        assertTrue(StunWire.looksLikeStun(v.get("request"), 0, 108));
    }

    @Test
    void requestIsByteExact() {
        byte[] tx = HexFormat.of().parseHex("0102030405060708090a0b0c");
        byte[] out = new byte[50];
        assertEquals(40, StunRequest.write(tx, 0, out, 2, 48));
        byte[] head = HexFormat.of().parseHex("0001" + "0014" + "2112a442" + "0102030405060708090a0b0c"
                + "8022" + "0008" + "7461696c6e6f6465" + "8028" + "0004");
        assertArrayEquals(head, Arrays.copyOfRange(out, 2, 38));
        CRC32 z = new CRC32();
        z.update(out, 2, 32);
        int fp = (int) z.getValue() ^ 0x5354554E;
        assertEquals(fp, java.nio.ByteBuffer.wrap(out, 38, 4).getInt());
        assertEquals(StunReason.OUT_TOO_SMALL, StunRequest.write(tx, 0, out, 20, 39));
        assertTrue(StunWire.looksLikeStun(out, 2, 40));
    }

    @Test
    void refusalsLeaveTheResultAlone() throws Exception {
        byte[] v4 = vectors().get("ipv4");
        StunResponse r = new StunResponse();
        assertEquals(StunReason.OK, r.parse(v4, 0, v4.length, TXID, 0));
        byte[] other = HexFormat.of().parseHex("000000000000000000000000");
        assertEquals(StunReason.TXID_MISMATCH, r.parse(v4, 0, v4.length, other, 0));
        assertEquals(StunReason.TRUNCATED, r.parse(v4, 0, 19, TXID, 0));
        assertEquals(StunReason.TRUNCATED, r.parse(v4, 0, 76, TXID, 0));
        byte[] longer = Arrays.copyOf(v4, 84);
        assertEquals(StunReason.MALFORMED, r.parse(longer, 0, 84, TXID, 0));
        byte[] flipped = v4.clone();
        flipped[30] ^= 1; // inside SOFTWARE: only FINGERPRINT notices
        assertEquals(StunReason.BAD_FINGERPRINT, r.parse(flipped, 0, 80, TXID, 0));
        byte[] cookie = v4.clone();
        cookie[4] = 0;
        assertEquals(StunReason.MALFORMED, r.parse(cookie, 0, 80, TXID, 0));
        byte[] error = v4.clone();
        error[1] = 0x11;
        assertEquals(StunReason.BAD_FINGERPRINT, r.parse(error, 0, 80, TXID, 0));
        // Attribute length running past the message.
        byte[] overrun = v4.clone();
        overrun[38] = 0x00;
        overrun[39] = 0x40;
        assertEquals(StunReason.MALFORMED, r.parse(overrun, 0, 80, TXID, 0));
        // An attribute after FINGERPRINT (message grown by 8, the FINGERPRINT itself left valid).
        byte[] after = Arrays.copyOf(v4, 88);
        after[3] = 0x44;
        int fp = Crc32.of(after, 0, 72) ^ StunWire.FINGERPRINT_XOR;
        java.nio.ByteBuffer.wrap(after, 76, 4).putInt(fp);
        after[80] = 0x00;
        after[81] = 0x01;
        after[83] = 0x04;
        assertEquals(StunReason.MALFORMED, r.parse(after, 0, 88, TXID, 0));
        // Still the first answer.
        assertEquals(4, r.family());
        assertEquals(32853, r.port());
        assertFalse(r.family() == 6);
    }

    /** A minimal response built here: MAPPED-ADDRESS only, no FINGERPRINT (old servers). */
    @Test
    void mappedAddressFallbackAndErrorResponse() {
        byte[] m = HexFormat.of().parseHex("0101000c2112a442" + "b7e7a701bc34d686fa87dfae"
                + "00010008" + "0001" + "0d05" + "c6120007");
        StunResponse r = new StunResponse();
        assertEquals(StunReason.OK, r.parse(m, 0, m.length, TXID, 0));
        assertEquals(4, r.family());
        assertEquals(3333, r.port());
        assertArrayEquals(HexFormat.of().parseHex("c6120007"), Arrays.copyOf(r.address(), 4));
        byte[] e = HexFormat.of().parseHex("011100002112a442" + "b7e7a701bc34d686fa87dfae");
        assertEquals(StunReason.ERROR_RESPONSE, r.parse(e, 0, e.length, TXID, 0));
        byte[] none = HexFormat.of().parseHex("010100002112a442" + "b7e7a701bc34d686fa87dfae");
        assertEquals(StunReason.NO_ADDRESS, r.parse(none, 0, none.length, TXID, 0));
    }
}
