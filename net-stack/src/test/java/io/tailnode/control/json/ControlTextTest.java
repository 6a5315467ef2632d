package io.tailnode.control.json;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import org.junit.jupiter.api.Test;

/** IpText / IpList / KeyText / Rfc3339 against InetAddress and java.time as oracles. */
class ControlTextTest {
    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void addressesMatchInetAddress() throws Exception {
        for (String s : new String[] {"0.0.0.0", "100.64.0.1", "255.255.255.255", "::", "::1", "1::", "fd7a:115c:a1e0::1",
                "fd7a:115c:a1e0::a01:a241", "2001:db8:0:0:1:0:0:1", "1:2:3:4:5:6:7:8", "::ffff:1.2.3.4", "64:ff9b::10.0.0.1",
                "1:2:3:4:5:6:1.2.3.4", "FD7A::ABCD"}) {
            byte[] dst = new byte[16];
            int fam = IpText.parseAddress(b(s), 0, s.length(), dst, 0);
            byte[] expect = InetAddress.getByName(s).getAddress();
            if (expect.length == 4 && s.contains(":")) {
                // InetAddress folds ::ffff:a.b.c.d to IPv4; we keep the IPv6 form.
                expect = new byte[16];
                expect[10] = (byte) 0xff;
                expect[11] = (byte) 0xff;
                System.arraycopy(InetAddress.getByName(s).getAddress(), 0, expect, 12, 4);
            }
            assertEquals(expect.length == 4 ? 4 : 6, fam, s);
            assertArrayEquals(expect, java.util.Arrays.copyOf(dst, expect.length), s);
        }
        for (String s : new String[] {"", "1.2.3", "1.2.3.4.5", "01.2.3.4", "256.1.1.1", "1..2.3", "1.2.3.4 ", ":", ":::",
                "1:::2", "1::2::3", "12345::", "1:2:3:4:5:6:7:8:9", "1:2:3:4:5:6:7", "1:2:3:4:5:6:7::8",
                "::1.2.3", "fe80::1%eth0", "g::", "1:", ":1", "1:2:3:4:5:6:7:1.2.3.4"}) {
            assertEquals(-1, IpText.parseAddress(b(s), 0, s.length(), new byte[16], 0), s);
        }
    }

    @Test
    void prefixesAndEndpoints() {
        IpList l = new IpList(3);
        assertEquals(IpList.ADDED, l.addPrefix(b("100.96.162.64/32"), 0, 16));
        assertEquals(IpList.ADDED, l.addPrefix(b("fd7a:115c:a1e0::a01:a241/128"), 0, 28));
        assertEquals(IpList.ADDED, l.addPrefix(b("0.0.0.0/0"), 0, 9));
        assertEquals(IpList.FULL, l.addPrefix(b("1.1.1.1/1"), 0, 9));
        assertEquals(32, l.value(0));
        assertEquals(6, l.family(1));
        assertEquals(128, l.value(1));
        for (String s : new String[] {"1.2.3.4", "1.2.3.4/33", "::/129", "1.2.3.4/", "1.2.3.4/01", "1.2.3.4/-1", "/8"}) {
            assertEquals(IpList.MALFORMED, new IpList(1).addPrefix(b(s), 0, s.length()), s);
        }
        IpList e = new IpList(4);
        assertEquals(IpList.ADDED, e.addEndpoint(b("18.217.166.210:41641"), 0, 20));
        assertEquals(IpList.ADDED, e.addEndpoint(b("[2001:db8::1]:65535"), 0, 19));
        assertEquals(41641, e.value(0));
        assertEquals(65535, e.value(1));
        assertEquals(6, e.family(1));
        for (String s : new String[] {"1.2.3.4", "1.2.3.4:", "1.2.3.4:65536", "2001:db8::1:80", "[2001:db8::1]", "[1.2.3.4]:1",
                "[]:1", ":1", "1.2.3.4:01"}) {
            assertEquals(IpList.MALFORMED, new IpList(1).addEndpoint(b(s), 0, s.length()), s);
        }
    }

    @Test
    void keys() {
        byte[] k = new byte[32];
        String hex = "a57413f6734a12fa6f50e600891517deef4d324ea63de8915da511550a20a23f";
        assertEquals(true, KeyText.parse(b("nodekey:" + hex), 0, 72, KeyText.NODEKEY, k, 0));
        assertArrayEquals(java.util.HexFormat.of().parseHex(hex), k);
        assertEquals(true, KeyText.parse(b("discokey:" + hex.toUpperCase()), 0, 73, KeyText.DISCOKEY, k, 0));
        assertEquals(false, KeyText.parse(b("discokey:" + hex), 0, 73, KeyText.NODEKEY, k, 0));
        assertEquals(false, KeyText.parse(b("nodekey:" + hex.substring(2) + "zz"), 0, 72, KeyText.NODEKEY, k, 0));
        assertEquals(false, KeyText.parse(b("nodekey:" + hex + "0"), 0, 73, KeyText.NODEKEY, k, 0));
    }

    @Test
    void rfc3339MatchesJavaTime() {
        for (String s : new String[] {"2025-09-30T00:32:16.013505287Z", "1970-01-01T00:00:00Z", "2026-01-25T18:31:27Z",
                "2024-02-29T23:59:59.999+05:30", "2000-03-01T00:00:00-08:00", "0001-01-01T00:00:00Z",
                "2038-01-19T03:14:08.1Z", "9999-12-31T23:59:59.123456789Z", "1969-12-31T23:59:59Z"}) {
            long expected = OffsetDateTime.parse(s).toInstant().toEpochMilli();
            if (expected < 0 && s.contains(".")) {
                continue; // truncation vs floor differ before 1970 with fractions; not a case the device sees
            }
            assertEquals(expected, Rfc3339.toUnixMillis(b(s), 0, s.length()), s);
        }
        for (String s : new String[] {"", "2025-09-30", "2025-09-30T00:32:16", "2025-13-01T00:00:00Z",
                "2025-02-29T00:00:00Z", "2025-09-30T24:00:00Z", "2025-09-30T00:32:16.Z", "2025-09-30T00:32:16ZZ",
                "2025-09-30T00:32:16+0100", "2025-09-30T00:32:16.0123456789Z", "2025/09/30T00:32:16Z"}) {
            assertEquals(Rfc3339.INVALID, Rfc3339.toUnixMillis(b(s), 0, s.length()), s);
        }
    }
}
