package io.tailnode.sim.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tailnode.firmware.wgconfig.WgConfig;
import io.tailnode.firmware.wgconfig.WgConfigParser;
import io.tailnode.firmware.wgconfig.WgConfigStatus;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The device's wg-quick parser against wg(8)'s own: one configuration text goes to {@link WgConfigParser} and,
 * through {@code wg setconf}, to a real wireguard-go; what {@code wg show dump} reports must equal what our
 * holder says (keys, port, endpoints v4/v6, allowed IPs with host bits cleared, keepalive, PSK).
 */
@Tag("interop")
class WgConfigInteropTest {
    private static WgPeerNamespace peer;

    @BeforeAll
    static void up() {
        Optional<String> why = InteropRun.unavailableReason();
        if (why.isPresent() && "1".equals(System.getenv("TAILNODE_INTEROP_REQUIRED"))) {
            throw new IllegalStateException(why.get());
        }
        Assumptions.assumeTrue(why.isEmpty(), () -> "skipped: " + why.orElse(""));
        peer = WgPeerNamespace.up(5);
    }

    @AfterAll
    static void down() {
        if (peer != null) {
            peer.close();
        }
    }

    @Test
    void ourParserReadsWhatWgReads() throws Exception {
        WgKeys me = WgKeys.generate();
        WgKeys p1 = WgKeys.generate();
        WgKeys p2 = WgKeys.generate();
        String psk = WgKeys.generatePsk();
        String text = "[Interface]  # comment\nPrivateKey = " + me.privateKey() + "\nListenPort = 51911\n\n"
                + "[Peer]\nPublicKey = " + p1.publicKey() + "\nPresharedKey = " + psk + "\n"
                + "AllowedIPs = 100.64.0.2/32, 10.9.8.7/8\nAllowedIPs = fd7a:115c:a1e0::2/128\n"
                + "Endpoint = 198.18.5.1:51820\nPersistentKeepalive = 25\n"
                + "[peer]\npublickey = " + p2.publicKey() + "\nallowedips = 100.64.0.3/32, 2001:2:0:5:1:2:3:4/64\n"
                + "endpoint = [2001:2:0:5::1]:51821\n";
        WgConfig c = new WgConfig(4, 4, 2);
        byte[] t = text.getBytes(StandardCharsets.US_ASCII);
        assertEquals(WgConfigStatus.OK, new WgConfigParser(4, 4, 2).parse(t, 0, t.length, c));
        peer.setConf(text);
        String[] lines = peer.dump().split("\n");
        String[] iface = lines[0].split("\t");
        byte[] key = new byte[32];
        c.copyPrivateKey(key, 0);
        assertEquals(iface[0], b64(key));
        assertEquals(iface[2], Integer.toString(c.listenPort()));
        assertEquals(3, lines.length);
        for (int i = 1; i < lines.length; i++) {
            String[] f = lines[i].split("\t");
            int p = -1;
            for (int q = 0; q < c.peerCount(); q++) {
                c.copyPeerPublicKey(q, key, 0);
                if (b64(key).equals(f[0])) {
                    p = q;
                }
            }
            assertEquals(true, p >= 0, "peer " + f[0] + " parsed");
            c.copyPeerPresharedKey(p, key, 0);
            assertEquals(f[1], c.peerHasPresharedKey(p) ? b64(key) : "(none)");
            int colon = f[2].lastIndexOf(':');
            byte[] a = new byte[c.endpointFamily(p) == 4 ? 4 : 16];
            c.copyEndpointAddress(p, a, 0);
            assertEquals(InetAddress.getByName(f[2].substring(0, colon).replace("[", "").replace("]", "")),
                    InetAddress.getByAddress(a));
            assertEquals(Integer.parseInt(f[2].substring(colon + 1)), c.endpointPort(p));
            Set<String> wg = new HashSet<>();
            for (String cidr : f[3].split(",")) {
                String[] ap = cidr.split("/");
                wg.add(InetAddress.getByName(ap[0]).getHostAddress() + "/" + ap[1]);
            }
            Set<String> ours = new HashSet<>();
            for (int k = 0; k < c.allowedIpCount(p); k++) {
                byte[] ip = new byte[c.allowedIpFamily(p, k) == 4 ? 4 : 16];
                c.copyAllowedIp(p, k, ip, 0);
                ours.add(InetAddress.getByAddress(ip).getHostAddress() + "/" + c.allowedIpPrefix(p, k));
            }
            assertEquals(wg, ours, "allowed IPs of peer " + p);
            assertEquals(f[7], c.persistentKeepalive(p) == 0 ? "off" : Integer.toString(c.persistentKeepalive(p)));
        }
    }

    private static String b64(byte[] k) {
        return Base64.getEncoder().encodeToString(k);
    }
}
