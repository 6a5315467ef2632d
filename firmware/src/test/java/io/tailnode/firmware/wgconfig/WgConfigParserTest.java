package io.tailnode.firmware.wgconfig;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Random;
import org.junit.jupiter.api.Test;

class WgConfigParserTest {
    // Keys from `wg genkey` / `wg pubkey` / `wg genpsk` (test-only).
    static final String PRIV = "EFIKPHJgyScdD08KSdTdNtTSyIXCzPPTqv7NffGVmlo=";
    static final String PUB1 = "cJovH4uSwkyL3vn/J/nKEKr8uL3AGKJd4NR8P9HEyB4=";
    static final String PUB2 = "727QCtru+ALTVMxEMRL98gTrScuWNVAsjeAUcar1E2Y=";
    static final String PSK = "maaiVqZHvs2amoMBAzxZGwrct8r55a89E/PVbooC+Xk=";

    static final String GOOD = "# device under test\r\n"
            + "[Interface]\r\n"
            + "PrivateKey = " + PRIV + "\r\n"
            + "  listenport=51900   # lower case works as in wg\n"
            + "Address = 100.64.0.1/32, fd7a:115c:a1e0::1/128\n"
            + "Address = 100.64.9.9\n"
            + "MTU = 1420\n"
            + "DNS = 100.100.100.100\n"
            + "\n"
            + "[Peer]\n"
            + "PublicKey = " + PUB1 + "\n"
            + "PresharedKey = " + PSK + "\n"
            + "AllowedIPs = 100.64.0.2/32, fd7a:115c:a1e0::2/128\n"
            + "AllowedIPs = 10.1.2.3/8\n"
            + "Endpoint = 198.18.1.2:51820\n"
            + "PersistentKeepalive = 25\n"
            + "\t[ peer ]\t\n"
            + "PublicKey = " + PUB2 + "\n"
            + "AllowedIPs = 100.64.0.3/32\n"
            + "Endpoint = [2001:2:0:2::2]:51820\n"
            + "PersistentKeepalive = off";

    private final WgConfigParser parser = new WgConfigParser(4, 4, 4);
    private final WgConfig config = new WgConfig(4, 4, 4);

    static byte[] b(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private int parse(String text) {
        byte[] t = b(text);
        return parser.parse(t, 0, t.length, config);
    }

    private static byte[] bytes(int n, java.util.function.BiConsumer<byte[], Integer> copy) {
        byte[] out = new byte[n];
        copy.accept(out, 0);
        return out;
    }

    @Test
    void parsesAGoodFile() throws Exception {
        assertEquals(WgConfigStatus.OK, parse(GOOD));
        assertEquals(0, parser.errorLine());
        assertArrayEquals(Base64.getDecoder().decode(PRIV), bytes(32, config::copyPrivateKey));
        assertEquals(51900, config.listenPort());
        assertEquals(1420, config.mtu());
        assertEquals(3, config.addressCount());
        assertEquals(4, config.addressFamily(0));
        assertEquals(32, config.addressPrefix(0));
        assertArrayEquals(new byte[] {100, 64, 0, 1}, bytes(4, (o, i) -> config.copyAddress(0, o, i)));
        assertEquals(6, config.addressFamily(1));
        assertArrayEquals(InetAddress.getByName("fd7a:115c:a1e0::1").getAddress(),
                bytes(16, (o, i) -> config.copyAddress(1, o, i)));
        assertEquals(32, config.addressPrefix(2));
        assertEquals(2, config.peerCount());
        assertArrayEquals(Base64.getDecoder().decode(PUB1), bytes(32, (o, i) -> config.copyPeerPublicKey(0, o, i)));
        assertTrue(config.peerHasPresharedKey(0));
        assertArrayEquals(Base64.getDecoder().decode(PSK), bytes(32, (o, i) -> config.copyPeerPresharedKey(0, o, i)));
        assertEquals(3, config.allowedIpCount(0));
        assertEquals(128, config.allowedIpPrefix(0, 1));
        assertEquals(8, config.allowedIpPrefix(0, 2));
        assertArrayEquals(new byte[] {10, 0, 0, 0}, bytes(4, (o, i) -> config.copyAllowedIp(0, 2, o, i)),
                "host bits cleared");
        assertEquals(4, config.endpointFamily(0));
        assertArrayEquals(new byte[] {(byte) 198, 18, 1, 2}, bytes(4, (o, i) -> config.copyEndpointAddress(0, o, i)));
        assertEquals(51820, config.endpointPort(0));
        assertEquals(25, config.persistentKeepalive(0));
        assertFalse(config.peerHasPresharedKey(1));
        assertArrayEquals(new byte[32], bytes(32, (o, i) -> config.copyPeerPresharedKey(1, o, i)));
        assertEquals(6, config.endpointFamily(1));
        assertArrayEquals(InetAddress.getByName("2001:2:0:2::2").getAddress(),
                bytes(16, (o, i) -> config.copyEndpointAddress(1, o, i)));
        assertEquals(0, config.persistentKeepalive(1));
    }

    @Test
    void minimalFileHasDefaults() {
        assertEquals(WgConfigStatus.OK, parse("[Interface]\nPrivateKey=" + PRIV));
        assertEquals(WgConfig.PORT_UNSET, config.listenPort());
        assertEquals(WgConfig.MTU_UNSET, config.mtu());
        assertEquals(0, config.peerCount());
        assertEquals(0, config.addressCount());
    }

    private static final String HEAD = "[Interface]\nPrivateKey = " + PRIV + "\n";
    private static final String PEER = "[Peer]\nPublicKey = " + PUB1 + "\n";

    /** {text, expected status, expected line}. */
    private static final Object[][] BAD = {
        {"", WgConfigStatus.ERR_MISSING_PRIVATE_KEY, 0},
        {"# only a comment\n", WgConfigStatus.ERR_MISSING_PRIVATE_KEY, 0},
        {"PrivateKey = " + PRIV, WgConfigStatus.ERR_OUTSIDE_SECTION, 1},
        {"[Interface]\nListenPort = 1\n", WgConfigStatus.ERR_MISSING_PRIVATE_KEY, 1},
        {"[Interface\nPrivateKey = " + PRIV, WgConfigStatus.ERR_UNKNOWN_SECTION, 1},
        {"[Interfaces]\n", WgConfigStatus.ERR_UNKNOWN_SECTION, 1},
        {HEAD + "[Interface]\n", WgConfigStatus.ERR_DUPLICATE_INTERFACE, 3},
        {HEAD + "PrivateKey = " + PRIV, WgConfigStatus.ERR_DUPLICATE_KEY, 3},
        {HEAD + "ListenPort\n", WgConfigStatus.ERR_MISSING_EQUALS, 3},
        {HEAD + "ListenPort =\n", WgConfigStatus.ERR_EMPTY_VALUE, 3},
        {HEAD + "= 5\n", WgConfigStatus.ERR_UNKNOWN_KEY, 3},
        {HEAD + "ListenPrt = 5\n", WgConfigStatus.ERR_UNKNOWN_KEY, 3},
        {HEAD + "PublicKey = " + PUB1, WgConfigStatus.ERR_UNKNOWN_KEY, 3},
        {HEAD + "ListenPort = 65536\n", WgConfigStatus.ERR_OUT_OF_RANGE, 3},
        {HEAD + "ListenPort = -1\n", WgConfigStatus.ERR_BAD_NUMBER, 3},
        {HEAD + "ListenPort = 123456\n", WgConfigStatus.ERR_BAD_NUMBER, 3},
        {HEAD + "MTU = 575\n", WgConfigStatus.ERR_OUT_OF_RANGE, 3},
        {HEAD + "MTU = 14 20\n", WgConfigStatus.ERR_BAD_NUMBER, 3},
        {"[Interface]\nPrivateKey = " + PRIV.substring(1), WgConfigStatus.ERR_BAD_KEY, 2},
        {"[Interface]\nPrivateKey = " + PRIV.replace('=', 'A'), WgConfigStatus.ERR_BAD_KEY, 2},
        {"[Interface]\nPrivateKey = " + PRIV.replace('E', '!'), WgConfigStatus.ERR_BAD_KEY, 2},
        {"[Interface]\nPrivateKey = " + PRIV.substring(0, 42) + "b=", WgConfigStatus.ERR_BAD_KEY, 2},
        {HEAD + "Address = 100.64.0.256/32\n", WgConfigStatus.ERR_BAD_ADDRESS, 3},
        {HEAD + "Address = 100.64.0/32\n", WgConfigStatus.ERR_BAD_ADDRESS, 3},
        {HEAD + "Address = 100.64.00.1\n", WgConfigStatus.ERR_BAD_ADDRESS, 3},
        {HEAD + "Address = 100.64.0.1/33\n", WgConfigStatus.ERR_BAD_PREFIX, 3},
        {HEAD + "Address = 100.64.0.1/\n", WgConfigStatus.ERR_BAD_PREFIX, 3},
        {HEAD + "Address = fd7a::1/129\n", WgConfigStatus.ERR_BAD_PREFIX, 3},
        {HEAD + "Address = fd7a:::1\n", WgConfigStatus.ERR_BAD_ADDRESS, 3},
        {HEAD + "Address = 1:2:3:4:5:6:7:8:9\n", WgConfigStatus.ERR_BAD_ADDRESS, 3},
        {HEAD + "Address = 1::2::3\n", WgConfigStatus.ERR_BAD_ADDRESS, 3},
        {HEAD + "Address = 100.64.0.1,,100.64.0.2\n", WgConfigStatus.ERR_BAD_ADDRESS, 3},
        {HEAD + "Address = a, b, c, d, e\n", WgConfigStatus.ERR_BAD_ADDRESS, 3},
        {HEAD + "Address = 1.1.1.1, 1.1.1.2, 1.1.1.3, 1.1.1.4, 1.1.1.5\n", WgConfigStatus.ERR_TOO_MANY_ADDRESSES, 3},
        {HEAD + "\u00e9 = 1\n", WgConfigStatus.ERR_BAD_CHARACTER, 3},
        {HEAD + "# caf\u00e9 is fine in a comment\nMTU = 1\u0000\n", WgConfigStatus.ERR_BAD_CHARACTER, 4},
        {HEAD + "[Peer]\nAllowedIPs = 1.2.3.4/32\n", WgConfigStatus.ERR_MISSING_PUBLIC_KEY, 3},
        {HEAD + "[Peer]\n[Peer]\nPublicKey = " + PUB1, WgConfigStatus.ERR_MISSING_PUBLIC_KEY, 3},
        {HEAD + PEER + PEER, WgConfigStatus.ERR_DUPLICATE_PEER, 6},
        {HEAD + PEER + "Endpoint = 198.18.1.2\n", WgConfigStatus.ERR_BAD_ENDPOINT, 5},
        {HEAD + PEER + "Endpoint = 198.18.1.2:0\n", WgConfigStatus.ERR_BAD_ENDPOINT, 5},
        {HEAD + PEER + "Endpoint = 198.18.1.2:65536\n", WgConfigStatus.ERR_BAD_ENDPOINT, 5},
        {HEAD + PEER + "Endpoint = example.com:51820\n", WgConfigStatus.ERR_BAD_ENDPOINT, 5},
        {HEAD + PEER + "Endpoint = 2001:2::2:51820\n", WgConfigStatus.ERR_BAD_ENDPOINT, 5},
        {HEAD + PEER + "Endpoint = [198.18.1.2]:51820\n", WgConfigStatus.ERR_BAD_ENDPOINT, 5},
        {HEAD + PEER + "Endpoint = [2001:2::2]51820\n", WgConfigStatus.ERR_BAD_ENDPOINT, 5},
        {HEAD + PEER + "PersistentKeepalive = on\n", WgConfigStatus.ERR_BAD_NUMBER, 5},
        {HEAD + PEER + "PersistentKeepalive = 65536\n", WgConfigStatus.ERR_OUT_OF_RANGE, 5},
        {HEAD + PEER + "PresharedKey = short\n", WgConfigStatus.ERR_BAD_KEY, 5},
        {HEAD + PEER + "DNS = 1.1.1.1\n", WgConfigStatus.ERR_UNKNOWN_KEY, 5},
        {HEAD + PEER + "AllowedIPs = 1.0.0.0/8, 2.0.0.0/8, 3.0.0.0/8\nAllowedIPs = 4.0.0.0/8, 5.0.0.0/8\n",
            WgConfigStatus.ERR_TOO_MANY_ALLOWED_IPS, 6},
        {HEAD + PEER + "[Peer]\nPublicKey=" + PUB2 + "\n[Peer]\nPublicKey=" + PSK + "\n[Peer]\nPublicKey=" + PRIV
            + "\n[Peer]\n", WgConfigStatus.ERR_TOO_MANY_PEERS, 11},
        {HEAD + "MTU = 1420\n".repeat(1) + "x".repeat(1025), WgConfigStatus.ERR_LINE_TOO_LONG, 4},
    };

    @Test
    void badFilesNameTheProblemAndLineAndApplyNothing() {
        assertEquals(WgConfigStatus.OK, parse(GOOD));
        String snapshot = WgConfigSnapshot.of(config);
        for (Object[] c : BAD) {
            String text = (String) c[0];
            int status = parse(text);
            assertEquals((int) c[1], status, "status for:\n" + text);
            assertEquals((int) c[2], parser.errorLine(), "line for:\n" + text);
            assertEquals(snapshot, WgConfigSnapshot.of(config), "target changed by:\n" + text);
        }
    }

    @Test
    void boundsOnTextAndCapacities() {
        byte[] big = new byte[WgConfigParser.MAX_TEXT_BYTES + 1];
        assertEquals(WgConfigStatus.ERR_TOO_LARGE, parser.parse(big, 0, big.length, config));
        assertEquals(WgConfigStatus.ERR_TOO_LARGE, parser.parse(big, 10, big.length, config));
        assertEquals(WgConfigStatus.ERR_CAPACITY_MISMATCH, parser.parse(b(GOOD), 0, 10, new WgConfig(4, 4, 3)));
        byte[] g = b(GOOD);
        byte[] framed = new byte[g.length + 20];
        System.arraycopy(g, 0, framed, 7, g.length);
        assertEquals(WgConfigStatus.OK, parser.parse(framed, 7, g.length, config));
    }

    @Test
    void ipv6TextFormsAgreeWithTheJdk() throws Exception {
        String[] ok = {"::", "::1", "1::", "fd7a:115c:a1e0::1", "1:2:3:4:5:6:7:8", "1::8", "1:2:3:4:5:6::8",
            "::ffff:198.18.0.1", "64:ff9b::100.64.0.1", "FD7A:115C:A1E0:0:0:0:0:2", "0:0::0:0", "2001:2:0:1::2"};
        byte[] out = new byte[16];
        for (String s : ok) {
            byte[] t = b(s);
            assertEquals(6, AddressText.parse(t, 0, t.length, out), s);
            byte[] jdk = InetAddress.getByName(s).getAddress();
            if (jdk.length == 4) { // the JDK folds ::ffff:a.b.c.d to IPv4
                jdk = new byte[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, -1, -1, jdk[0], jdk[1], jdk[2], jdk[3]};
            }
            assertArrayEquals(jdk.length == 16 ? jdk : Arrays.copyOf(jdk, 16), out, s);
        }
        String[] bad = {"", ":", ":::", "1:", ":1", "1:2:3:4:5:6:7:8:9", "12345::", "1::2::3", "g::1", "::1.2.3",
            "1.2.3.4::", "1:2:3:4:5:6:7:1.2.3.4", "fe80::1%eth0", "1.2.3.4.5", "1..2.3", "256.1.1.1", " 1.2.3.4"};
        for (String s : bad) {
            byte[] t = b(s);
            assertEquals(-1, AddressText.parse(t, 0, t.length, out), s);
        }
    }

    @Test
    void base64AgreesWithTheJdkAndIsStrict() {
        Random rnd = new Random(5);
        byte[] dst = new byte[200];
        for (int n = 0; n < 150; n++) {
            byte[] raw = new byte[n];
            rnd.nextBytes(raw);
            byte[] enc = b(Base64.getEncoder().encodeToString(raw));
            assertEquals(n, io.tailnode.lang.Base64.decode(enc, 0, enc.length, dst, 3));
            assertArrayEquals(raw, Arrays.copyOfRange(dst, 3, 3 + n));
        }
        for (String s : new String[] {"A", "AB=", "AB=C", "A===", "AB==AB==", "AB\u00ff=", "AB==", "ABC=",
            "AQ=A", "=AAA"}) {
            byte[] t = b(s);
            assertEquals(-1, io.tailnode.lang.Base64.decode(t, 0, t.length, dst, 0), s);
        }
        byte[] key = b(PRIV);
        assertEquals(-1, io.tailnode.lang.Base64.decode(key, 0, key.length, new byte[31], 0));
    }

    /** Fuzz-style property: random mutations never throw, and a failed parse leaves the target as it was. */
    @Test
    void randomMutationsNeverThrowAndFailuresChangeNothing() {
        Random rnd = new Random(0xC0FF);
        byte[] good = b(GOOD);
        byte[] alphabet = b("[]=#,:/. \t\r\n0123456789abcdefPeerInterfaceAllowedIPs+/=");
        int ok = 0;
        for (int iter = 0; iter < 20_000; iter++) {
            assertEquals(WgConfigStatus.OK, parse(GOOD));
            String before = WgConfigSnapshot.of(config);
            byte[] t = good.clone();
            int len = t.length;
            int edits = 1 + rnd.nextInt(4);
            for (int e = 0; e < edits; e++) {
                int at = rnd.nextInt(len);
                switch (rnd.nextInt(4)) {
                    case 0 -> t[at] = (byte) rnd.nextInt(256);
                    case 1 -> t[at] = alphabet[rnd.nextInt(alphabet.length)];
                    case 2 -> len = at;
                    default -> {
                        int from = rnd.nextInt(len);
                        t[at] = t[from];
                    }
                }
                if (len == 0) {
                    break;
                }
            }
            int status = parser.parse(t, 0, len, config);
            if (status == WgConfigStatus.OK) {
                ok++;
            } else {
                assertTrue(status < 0 && status >= -WgConfigStatus.COUNT);
                assertEquals(before, WgConfigSnapshot.of(config));
                assertTrue(parser.errorLine() >= 0 && parser.errorLine() <= 22);
            }
        }
        assertTrue(ok > 100, "some mutations stay valid: " + ok);
    }
}
