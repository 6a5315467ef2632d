package io.tailnode.sim.interop;

import static io.tailnode.sim.interop.DeviceHarness.DEVICE_V4;
import static io.tailnode.sim.interop.DeviceHarness.DEVICE_V6;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tailnode.sim.interop.DeviceHarness.Device;
import io.tailnode.sim.interop.DeviceHarness.DevicePeer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Issue #5, "Real peer": the Linux kernel's TCP/IP in a wireguard-go peer's namespace against the device's own
 * stack (SimDevice in-process: IpStack, TcpStack, HTTP on 80, UDP echo on 7). ping v4/v6, curl /status (JSON
 * listing the peer), /metrics, a 10 MB download and a 10 MB upload checked by SHA-256, UDP echo (python3 in the
 * namespace, when it is installed). One device and one peer for the class, to keep the runtime short.
 */
@Tag("interop")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DeviceServicesInteropTest {
    private static final int TEN_MB = 10 * 1024 * 1024;
    private static Path dir;
    private static WgPeerNamespace peer;
    private static Device device;
    private static final ObjectMapper JSON = new ObjectMapper();

    @BeforeAll
    static void up() throws Exception {
        DeviceHarness.requireInterop();
        Optional<String> noCurl = Cmd.run(Cmd.SHORT, "sh", "-c", "command -v curl").ok() ? Optional.empty()
                : Optional.of("curl is not installed");
        if (noCurl.isPresent() && "1".equals(System.getenv("TAILNODE_INTEROP_REQUIRED"))) {
            throw new IllegalStateException(noCurl.get());
        }
        Assumptions.assumeTrue(noCurl.isEmpty(), () -> "skipped: " + noCurl.orElse(""));
        dir = Files.createTempDirectory("tailnode-svc-interop-");
        peer = WgPeerNamespace.up(7);
        WgKeys me = WgKeys.generate();
        device = DeviceHarness.start(dir, DeviceHarness.config(me, -1, List.of(DevicePeer.of(peer, true))),
                peer.rootAddressV4(), null);
        // The peer knows the device's endpoint, so the kernel's first packet starts the handshake.
        peer.addDevice(me.publicKey(), device.endpoint(), null, 0);
    }

    @AfterAll
    static void down() throws Exception {
        if (device != null) {
            device.close();
        }
        if (peer != null) {
            peer.close();
        }
        if (dir != null) {
            try (var s = Files.walk(dir)) {
                s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** A shell command in the peer's namespace, bounded. */
    private static Cmd.Result inPeer(int seconds, String script) {
        return Cmd.run(Duration.ofSeconds(seconds), "ip", "netns", "exec", peer.name(), "sh", "-c", script);
    }

    @Test
    @Order(1)
    void pingV4AndV6() {
        long t0 = System.nanoTime();
        PingResult p4 = peer.ping(DEVICE_V4, 3, 56, false, null);
        assertTrue(p4.allReceived(), p4.output());
        PingResult p6 = peer.ping(DEVICE_V6, 3, 56, false, null);
        assertTrue(p6.allReceived(), p6.output());
        System.out.println("[svc-interop] ping v4+v6 " + ms(t0) + " ms");
    }

    @Test
    @Order(2)
    void statusIsJsonListingThePeer() throws Exception {
        long t0 = System.nanoTime();
        Cmd.Result r = inPeer(10, "curl -sS -f --max-time 8 http://" + DEVICE_V4 + "/status");
        assertTrue(r.ok(), r.output() + "\n" + device.output());
        JsonNode root = JSON.readTree(r.output());
        String text = root.toString();
        assertTrue(text.contains(peer.publicKey()) || text.contains(hexKey(peer.publicKey())),
                "peer key in /status: " + text);
        Cmd.Result v6 = inPeer(10, "curl -sS -f --max-time 8 'http://[" + DEVICE_V6 + "]/status'");
        assertTrue(v6.ok(), v6.output());
        JSON.readTree(v6.output());
        System.out.println("[svc-interop] /status v4+v6 " + ms(t0) + " ms: " + text.length() + " chars");
    }

    @Test
    @Order(3)
    void metricsParse() {
        long t0 = System.nanoTime();
        Cmd.Result r = inPeer(10, "curl -sS -f --max-time 8 http://" + DEVICE_V4 + "/metrics");
        assertTrue(r.ok(), r.output());
        int samples = 0;
        for (String line : r.output().split("\n")) {
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            // Prometheus text: name{labels} value
            assertTrue(line.matches("[a-zA-Z_:][a-zA-Z0-9_:]*(\\{[^}]*\\})? -?[0-9.eE+-]+( [0-9]+)?"), line);
            samples++;
        }
        assertTrue(samples > 5, r.output());
        System.out.println("[svc-interop] /metrics " + ms(t0) + " ms, " + samples + " samples");
    }

    @Test
    @Order(4)
    void tenMegabyteDownloadMatches() throws Exception {
        byte[] expected = new byte[TEN_MB];
        for (int i = 0; i < TEN_MB; i++) {
            expected[i] = (byte) (i * 31 + 7);
        }
        String want = sha256(expected);
        long t0 = System.nanoTime();
        Cmd.Result r = inPeer(60, "curl -sS -f --max-time 55 http://" + DEVICE_V4 + "/bytes?n=" + TEN_MB + " | sha256sum");
        double seconds = (System.nanoTime() - t0) / 1e9;
        assertTrue(r.ok(), r.output() + "\n" + device.output());
        assertEquals(want, r.output().trim().split("\\s+")[0], r.output());
        Cmd.Result timed = inPeer(60, "curl -sS -f --max-time 55 -o /dev/null -w '%{size_download} %{speed_download}' "
                + "http://" + DEVICE_V4 + "/bytes?n=" + TEN_MB);
        assertTrue(timed.ok(), timed.output());
        String[] f = timed.output().trim().split("\\s+");
        double mbit = Double.parseDouble(f[1]) * 8 / 1e6;
        System.out.printf("[svc-interop] 10 MB download sha256 ok (%.1f s incl. hashing); goodput %.1f Mbit/s "
                + "(curl, device -> kernel peer)%n", seconds, mbit);
        double reference = wireguardGoReferenceMbit(expected, want);
        System.out.printf("[svc-interop] same 10 MB from a wireguard-go peer serving it (python3 http.server): "
                + "%.1f Mbit/s; ours/wireguard-go = %.2f%n", reference, mbit / reference);
    }

    /**
     * The reference the issue asks for: the same bytes served by the kernel behind a second wireguard-go (in
     * namespace 8, linked to the peer's namespace on 198.19.1.0/24), fetched by the same curl through a
     * wireguard-go to wireguard-go tunnel. Skipped (NaN) without python3 in the namespace.
     */
    private static double wireguardGoReferenceMbit(byte[] bytes, String want) throws Exception {
        if (!Cmd.run(Cmd.SHORT, "sh", "-c", "command -v python3").ok()) {
            return Double.NaN;
        }
        try (WgPeerNamespace server = WgPeerNamespace.up(8)) {
            peer.linkTo(server, 1);
            peer.addPeer(new WgPeerNamespace.PeerSpec(server.publicKey(), "198.19.1.2:" + server.listenPort(),
                    List.of(server.tunnelV4() + "/32"), null, 0));
            server.addPeer(new WgPeerNamespace.PeerSpec(peer.publicKey(), "198.19.1.1:" + peer.listenPort(),
                    List.of(peer.tunnelV4() + "/32"), null, 0));
            Path www = Files.createTempDirectory("tailnode-svc-www-");
            Path file = www.resolve("bytes");
            Files.write(file, bytes);
            Cmd.Result r;
            try {
                String serve = "cd " + www + " && { timeout 60 python3 -m http.server 8080 --bind " + server.tunnelV4()
                        + " >/dev/null 2>&1 & echo $! > " + www.resolve("pid") + "; } && sleep 1";
                assertTrue(Cmd.run(Duration.ofSeconds(10), "ip", "netns", "exec", server.name(), "sh", "-c", serve).ok());
                r = inPeer(60, "curl -sS -f --max-time 55 -o /dev/null -w '%{speed_download}\\n' http://"
                        + server.tunnelV4() + ":8080/bytes && curl -sS -f --max-time 55 http://" + server.tunnelV4()
                        + ":8080/bytes | sha256sum");
            } finally {
                Path pid = www.resolve("pid");
                if (Files.exists(pid)) { // stopped by the PID recorded at start (timeout 60 bounds it anyway)
                    Cmd.run(Cmd.SHORT, "sh", "-c", "kill " + Files.readString(pid).trim() + " 2>/dev/null || true");
                    Files.deleteIfExists(pid);
                }
                Files.deleteIfExists(file);
                Files.deleteIfExists(www);
            }
            assertTrue(r.ok(), r.output());
            String[] lines = r.output().trim().split("\\s+");
            assertEquals(want, lines[1], "the reference served the same bytes");
            return Double.parseDouble(lines[0]) * 8 / 1e6;
        }
    }

    @Test
    @Order(5)
    void tenMegabyteUploadMatches() throws Exception {
        byte[] data = new byte[TEN_MB];
        new java.util.Random(5).nextBytes(data);
        Path file = Path.of("/run/tailnode-interop").resolve(peer.name() + "-upload.bin");
        Files.write(file, data);
        try {
            long t0 = System.nanoTime();
            Cmd.Result r = inPeer(60, "curl -sS -f --max-time 55 -H 'Expect:' --data-binary @" + file + " -w '\\n%{speed_upload}' "
                    + "http://" + DEVICE_V4 + "/sink");
            double seconds = (System.nanoTime() - t0) / 1e9;
            assertTrue(r.ok(), r.output() + "\n" + device.output());
            String[] lines = r.output().trim().split("\n");
            JsonNode j = JSON.readTree(lines[0]);
            assertEquals(TEN_MB, j.get("length").asLong());
            assertEquals(sha256(data), j.get("sha256").asText());
            System.out.printf("[svc-interop] 10 MB upload sha256 ok in %.1f s, %.1f Mbit/s%n", seconds,
                    Double.parseDouble(lines[lines.length - 1]) * 8 / 1e6);
        } finally {
            Files.deleteIfExists(file);
        }
    }

    @Test
    @Order(6)
    void udpEchoOnPort7() {
        if (!Cmd.run(Cmd.SHORT, "sh", "-c", "command -v python3").ok()) {
            Assumptions.abort("python3 is not installed: UDP echo from the namespace not tested");
        }
        String py = "import socket;s=socket.socket(socket.AF_INET,socket.SOCK_DGRAM);s.settimeout(3);"
                + "s.sendto(b'tailnode-echo',('" + DEVICE_V4 + "',7));print(s.recvfrom(2048)[0].decode())";
        Cmd.Result r = inPeer(10, "python3 -c \"" + py + "\"");
        assertTrue(r.ok(), r.output());
        assertEquals("tailnode-echo", r.output().trim());
    }

    @Test
    @Order(7)
    void exampleOemServiceAnswersFromThePeer() {
        if (!Cmd.run(Cmd.SHORT, "sh", "-c", "command -v python3").ok()) {
            Assumptions.abort("python3 is not installed: the example service is not reached from the namespace");
        }
        // LineUpperService on TCP 8502, built only on the integrator socket API (firmware/.../examples).
        String py = "import socket;c=socket.create_connection(('" + DEVICE_V4 + "',8502),5);"
                + "c.sendall(b'plc status\\nsecond line\\n');c.shutdown(socket.SHUT_WR);b=b''\n"
                + "while True:\n d=c.recv(4096)\n if not d: break\n b+=d\nprint(b.decode(),end='')";
        Cmd.Result r = inPeer(15, "python3 -c \"" + py + "\"");
        assertTrue(r.ok(), r.output() + "\n" + device.output());
        assertEquals("PLC STATUS\nSECOND LINE\n", r.output());
    }

    private static String hexKey(String base64) {
        return HexFormat.of().formatHex(java.util.Base64.getDecoder().decode(base64));
    }

    private static String sha256(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }

    private static long ms(long t0) {
        return (System.nanoTime() - t0) / 1_000_000;
    }
}
