package io.tailnode.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TextOutTest {
    private final byte[] buf = new byte[200];
    private final TextOut t = new TextOut();

    private String text() {
        return new String(buf, 5, t.position() - 5, StandardCharsets.ISO_8859_1);
    }

    private String v6(String addr) throws Exception {
        t.wrap(buf, 5, 100);
        t.ipv6(InetAddress.getByName(addr).getAddress(), 0);
        return text();
    }

    @Test
    void ipv6FollowsRfc5952() throws Exception {
        assertEquals("::", v6("::"));
        assertEquals("::1", v6("::1"));
        assertEquals("2001:db8::1", v6("2001:db8:0:0:0:0:0:1"));
        assertEquals("2001:db8:0:1:1:1:1:1", v6("2001:db8:0:1:1:1:1:1"));
        assertEquals("2001:0:0:1::1", v6("2001:0:0:1:0:0:0:1"));
        assertEquals("2001:db8::1:0:0:1", v6("2001:db8:0:0:1:0:0:1"));
        assertEquals("fe80::", v6("fe80::"));
        assertEquals("fd7a:115c:a1e0:ab12:4843:cd96:6258:b240", v6("fd7a:115c:a1e0:ab12:4843:cd96:6258:b240"));
    }

    @Test
    void numbersAndBase64() {
        long[] vs = {0, 1, -1, 9, 10, 99, 100, Long.MAX_VALUE, Long.MIN_VALUE, 1234567890123L};
        for (long v : vs) {
            t.wrap(buf, 5, 100);
            t.decimal(v);
            assertEquals(Long.toString(v), text());
        }
        Random rnd = new Random(4);
        for (int len = 0; len < 40; len++) {
            byte[] b = new byte[len];
            rnd.nextBytes(b);
            t.wrap(buf, 5, 100);
            t.base64(b, 0, len);
            assertEquals(Base64.getEncoder().encodeToString(b), text());
        }
    }

    @Test
    void overflowStopsAtTheLimit() {
        java.util.Arrays.fill(buf, (byte) 1);
        t.wrap(buf, 5, 10);
        t.ascii("0123456789");
        assertFalse(t.overflowed());
        t.raw('x');
        assertTrue(t.overflowed());
        t.decimal(5);
        assertEquals(15, t.position());
        assertEquals(1, buf[15]);
        assertEquals(1, buf[4]);
    }
}
