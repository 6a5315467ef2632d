package io.tailnode.control.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** URL split and the rule for fetching the server key over plain HTTP (§2.1: only development servers). */
class ControlUrlTest {
    static ControlUrl parse(String s) {
        ControlUrl u = new ControlUrl();
        byte[] b = s.getBytes(StandardCharsets.US_ASCII);
        assertEquals(ControlUrl.OK, u.parse(b, 0, b.length), s);
        return u;
    }

    static int code(String s) {
        byte[] b = s.getBytes(StandardCharsets.US_ASCII);
        return new ControlUrl().parse(b, 0, b.length);
    }

    static boolean plainFetch(String s) {
        return parse(s).allowsPlainKeyFetch();
    }

    @Test
    void splitsHostPortAndAuthority() {
        ControlUrl u = parse("http://127.0.0.1:8080/admin?x=1");
        assertEquals("127.0.0.1", new String(u.host(), 0, u.hostLength(), StandardCharsets.US_ASCII));
        assertEquals("127.0.0.1:8080", new String(u.authority(), 0, u.authorityLength(), StandardCharsets.US_ASCII));
        assertEquals(8080, u.port());
        assertEquals(4, u.hostFamily());
        assertFalse(u.https());
        u = parse("https://controlplane.tailscale.com");
        assertEquals(443, u.port());
        assertTrue(u.https());
        assertEquals(0, u.hostFamily());
        u = parse("HTTP://[fd7a:115c:a1e0::1]:80");
        assertEquals("fd7a:115c:a1e0::1", new String(u.host(), 0, u.hostLength(), StandardCharsets.US_ASCII));
        assertEquals("[fd7a:115c:a1e0::1]:80", new String(u.authority(), 0, u.authorityLength(), StandardCharsets.US_ASCII));
        assertEquals(6, u.hostFamily());
        assertEquals(80, parse("http://ctl.example").port());
    }

    @Test
    void rejectsWhatIsNotAControlUrl() {
        assertEquals(ControlUrl.ERR_SCHEME, code("ftp://x"));
        assertEquals(ControlUrl.ERR_SCHEME, code("x"));
        assertEquals(ControlUrl.ERR_HOST, code("http://"));
        assertEquals(ControlUrl.ERR_HOST, code("http:///path"));
        assertEquals(ControlUrl.ERR_HOST, code("http://user@host"));
        assertEquals(ControlUrl.ERR_HOST, code("http://[::1"));
        assertEquals(ControlUrl.ERR_HOST, code("http://[not-v6]:80"));
        assertEquals(ControlUrl.ERR_PORT, code("http://h:"));
        assertEquals(ControlUrl.ERR_PORT, code("http://h:0"));
        assertEquals(ControlUrl.ERR_PORT, code("http://h:65536"));
        assertEquals(ControlUrl.ERR_PORT, code("http://h:80x"));
    }

    @Test
    void plainKeyFetchOnlyForLoopbackAndPrivateDevelopmentServers() {
        assertTrue(plainFetch("http://127.0.0.1:8080"));
        assertTrue(plainFetch("http://127.9.9.9"));
        assertTrue(plainFetch("http://localhost:8080"));
        assertTrue(plainFetch("http://10.1.2.3"));
        assertTrue(plainFetch("http://172.16.0.1"));
        assertTrue(plainFetch("http://172.31.255.255"));
        assertTrue(plainFetch("http://192.168.1.1"));
        assertTrue(plainFetch("http://198.18.0.1"));
        assertTrue(plainFetch("http://198.19.255.1"));
        assertTrue(plainFetch("http://[::1]:8080"));
        assertTrue(plainFetch("http://[fd00::5]"));
        assertTrue(plainFetch("http://[fc00::5]"));

        assertFalse(plainFetch("http://172.32.0.1"), "outside 172.16/12");
        assertFalse(plainFetch("http://172.15.0.1"));
        assertFalse(plainFetch("http://198.20.0.1"));
        assertFalse(plainFetch("http://100.64.0.1"), "CGNAT/tailnet space is not the LAN");
        assertFalse(plainFetch("http://8.8.8.8"));
        assertFalse(plainFetch("http://[2001:db8::1]"));
        assertFalse(plainFetch("http://[::2]"));
        assertFalse(plainFetch("http://ctl.internal"), "a DNS answer could be forged");
        assertFalse(plainFetch("http://localhost.evil.com"));
        assertFalse(plainFetch("https://127.0.0.1"), "verified TLS would be the other way; no TLS HAL here");
    }
}
