package io.tailnode.control.json;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** FilterRule address forms (Go's parseIPSet): single IP, "*", masked CIDR, "a-b", "cap:". */
class IpRangeTest {
    private final IpRange r = new IpRange();

    private boolean parse(String s) {
        byte[] b = ("#" + s + "#").getBytes(StandardCharsets.US_ASCII);
        return r.parse(b, 1, b.length - 2);
    }

    private static byte[] a(String s) throws Exception {
        return InetAddress.getByName(s).getAddress();
    }

    private void assertRange(String text, String lo, String hi) throws Exception {
        assertTrue(parse(text), text);
        assertEquals(IpRange.KIND_RANGE, r.kind());
        byte[] l = a(lo);
        assertEquals(l.length == 4 ? 4 : 6, r.family(), text);
        assertArrayEquals(l, Arrays.copyOf(r.lo(), l.length), text);
        assertArrayEquals(a(hi), Arrays.copyOf(r.hi(), l.length), text);
    }

    @Test
    void forms() throws Exception {
        assertRange("100.64.1.77", "100.64.1.77", "100.64.1.77");
        assertRange("fd7a:115c:a1e0::b000:1234", "fd7a:115c:a1e0::b000:1234", "fd7a:115c:a1e0::b000:1234");
        assertRange("100.64.0.0/10", "100.64.0.0", "100.127.255.255");
        assertRange("0.0.0.0/0", "0.0.0.0", "255.255.255.255");
        assertRange("10.1.2.3/32", "10.1.2.3", "10.1.2.3");
        assertRange("fd7a:115c:a1e0::/48", "fd7a:115c:a1e0::", "fd7a:115c:a1e0:ffff:ffff:ffff:ffff:ffff");
        assertRange("::/0", "::", "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff");
        assertRange("2001:db8::/33", "2001:db8::", "2001:db8:7fff:ffff:ffff:ffff:ffff:ffff");
        assertRange("100.64.0.10-100.64.0.20", "100.64.0.10", "100.64.0.20");
        assertRange("100.64.0.10-100.64.0.10", "100.64.0.10", "100.64.0.10");
        assertRange("2eff::1-2eff::800", "2eff::1", "2eff::800");
        assertTrue(parse("*"));
        assertEquals(IpRange.KIND_ANY, r.kind());
        assertTrue(parse("cap:tailscale.com/cap/drive"));
        assertEquals(IpRange.KIND_CAPABILITY, r.kind());
    }

    @Test
    void refused() {
        String[] bad = {"", "**", "100.64.0.1/10", "100.64.0.0/33", "fd7a::1/64", "::/129", "10.0.0.0/08", "10.0.0.0/",
            "/8", "100.64.0.20-100.64.0.10", "100.64.0.1-fd7a::1", "1.2.3.4-", "-1.2.3.4", "1.2.3.4-5.6.7.8-9.9.9.9",
            "1.2.3", "1.2.3.4.5", "fe80::1%eth0", "hello", "ca:", "1.2.3.4/8/8"};
        for (String s : bad) {
            assertFalse(parse(s), s);
        }
    }
}
