package io.tailnode.sim.interop;

import io.tailnode.sim.SimDevice;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Assumptions;

/**
 * Test helpers for running our device in-process ({@link SimDevice} on a background thread, real UDP socket in
 * the root namespace) against wireguard-go peers of {@link WgPeerNamespace}: wg-quick text for the device,
 * device start/stop with its output captured, echo-request packets to inject, waiting with a deadline.
 */
final class DeviceHarness {
    static final String DEVICE_V4 = WgPeerNamespace.DEVICE_TUNNEL_V4;
    static final String DEVICE_V6 = WgPeerNamespace.DEVICE_TUNNEL_V6;

    private DeviceHarness() {
    }

    /** Skips (or fails with TAILNODE_INTEROP_REQUIRED=1) when the machine cannot run interop tests. */
    static void requireInterop() {
        Optional<String> why = InteropRun.unavailableReason();
        if (why.isPresent() && "1".equals(System.getenv("TAILNODE_INTEROP_REQUIRED"))) {
            throw new IllegalStateException(why.get());
        }
        Assumptions.assumeTrue(why.isEmpty(), () -> "skipped: " + why.orElse(""));
    }

    /** One [Peer] of the device's wg-quick file. */
    record DevicePeer(String publicKey, String endpoint, List<String> allowedIps, String psk, int keepalive) {
        static DevicePeer of(WgPeerNamespace ns, boolean withEndpoint) {
            return new DevicePeer(ns.publicKey(), withEndpoint ? ns.endpointV4() : null,
                    List.of(ns.tunnelV4() + "/32", ns.tunnelV6() + "/128"), null, 0);
        }

        DevicePeer withEndpoint(String e) {
            return new DevicePeer(publicKey, e, allowedIps, psk, keepalive);
        }

        DevicePeer withPsk(String p) {
            return new DevicePeer(publicKey, endpoint, allowedIps, p, keepalive);
        }

        DevicePeer withKeepalive(int k) {
            return new DevicePeer(publicKey, endpoint, allowedIps, psk, k);
        }
    }

    static String config(WgKeys device, int listenPort, List<DevicePeer> peers) {
        StringBuilder sb = new StringBuilder("[Interface]\nPrivateKey = ").append(device.privateKey()).append('\n');
        if (listenPort >= 0) {
            sb.append("ListenPort = ").append(listenPort).append('\n');
        }
        sb.append("Address = ").append(DEVICE_V4).append("/32, ").append(DEVICE_V6).append("/128\n");
        sb.append("MTU = 1420\n");
        for (DevicePeer p : peers) {
            sb.append("\n[Peer]\nPublicKey = ").append(p.publicKey()).append('\n');
            if (p.psk() != null) {
                sb.append("PresharedKey = ").append(p.psk()).append('\n');
            }
            sb.append("AllowedIPs = ").append(String.join(", ", p.allowedIps())).append('\n');
            if (p.endpoint() != null) {
                sb.append("Endpoint = ").append(p.endpoint()).append('\n');
            }
            if (p.keepalive() > 0) {
                sb.append("PersistentKeepalive = ").append(p.keepalive()).append('\n');
            }
        }
        return sb.toString();
    }

    /** A running device plus its captured output. */
    static final class Device implements AutoCloseable {
        final SimDevice sim;
        final ByteArrayOutputStream output;
        final Path dir;
        /** The underlay address the device's socket is bound to (IPv4 literal, or null = 198.18.1.1). */
        final String bind;

        Device(SimDevice sim, ByteArrayOutputStream output, Path dir, String bind) {
            this.sim = sim;
            this.output = output;
            this.dir = dir;
            this.bind = bind;
        }

        String output() {
            synchronized (output) {
                return output.toString(StandardCharsets.UTF_8);
            }
        }

        /** Where a peer reaches the device: its bound IPv4 address and port. */
        String endpoint() {
            String host = bind == null || bind.contains(":") ? "198.18.1.1" : bind;
            return host + ":" + sim.localPort();
        }

        @Override
        public void close() {
            sim.close();
        }
    }

    /**
     * Starts the device with {@code configText} (written to {@code dir/wg.conf}, mode 0600), its flash image in
     * {@code dir/state}, bound to {@code bind}.
     */
    static Device start(Path dir, String configText, String bind, SimDevice.Options extra) throws Exception {
        Files.createDirectories(dir);
        Path conf = dir.resolve("wg.conf");
        Files.deleteIfExists(conf);
        Files.createFile(conf, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                java.nio.file.attribute.PosixFilePermissions.fromString("rw-------")));
        Files.writeString(conf, configText);
        SimDevice.Options o = extra == null ? new SimDevice.Options() : extra;
        o.wgConfig = conf;
        o.state = dir.resolve("state");
        o.bind = bind;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        PrintStream ps = new PrintStream(new SyncStream(buf), true, StandardCharsets.UTF_8);
        SimDevice sim = SimDevice.start(o, ps);
        return new Device(sim, buf, dir, bind);
    }

    /** Serialises writes so the test can read the captured output while the loop writes. */
    private static final class SyncStream extends java.io.OutputStream {
        private final ByteArrayOutputStream b;

        SyncStream(ByteArrayOutputStream b) {
            this.b = b;
        }

        @Override
        public void write(int c) {
            synchronized (b) {
                b.write(c);
            }
            System.out.write(c);
        }

        @Override
        public void write(byte[] a, int off, int len) {
            synchronized (b) {
                b.write(a, off, len);
            }
            System.out.write(a, off, len);
        }
    }

    static boolean waitFor(long timeoutMs, BooleanSupplier cond) throws InterruptedException {
        long end = System.nanoTime() + timeoutMs * 1_000_000L;
        while (System.nanoTime() < end) {
            if (cond.getAsBoolean()) {
                return true;
            }
            Thread.sleep(20);
        }
        return cond.getAsBoolean();
    }

    // ------------------------------------------------------------------ inner packets

    /** An ICMP echo request of {@code totalLength} bytes from {@code src} to {@code dst}, DF set. */
    static byte[] echoRequestV4(String src, String dst, int totalLength, int id, int seq) throws IOException {
        return io.tailnode.sim.demo.TunnelPing.echoRequestV4(src, dst, totalLength, id, seq);
    }

    /** An ICMPv6 echo request of {@code totalLength} bytes. */
    static byte[] echoRequestV6(String src, String dst, int totalLength, int id, int seq) throws IOException {
        byte[] p = new byte[totalLength];
        int plen = totalLength - 40;
        p[0] = 0x60;
        p[4] = (byte) (plen >> 8);
        p[5] = (byte) plen;
        p[6] = 58;
        p[7] = 64;
        System.arraycopy(java.net.InetAddress.getByName(src).getAddress(), 0, p, 8, 16);
        System.arraycopy(java.net.InetAddress.getByName(dst).getAddress(), 0, p, 24, 16);
        p[40] = (byte) 128;
        put16(p, 44, id);
        put16(p, 46, seq);
        for (int i = 48; i < totalLength; i++) {
            p[i] = (byte) i;
        }
        long pseudo = 0;
        for (int i = 8; i < 40; i += 2) {
            pseudo += ((p[i] & 0xff) << 8) | (p[i + 1] & 0xff);
        }
        pseudo += plen + 58;
        put16(p, 42, checksum(p, 40, plen, pseudo));
        return p;
    }

    private static void put16(byte[] p, int off, int v) {
        p[off] = (byte) (v >> 8);
        p[off + 1] = (byte) v;
    }

    private static int checksum(byte[] p, int off, int len, long initial) {
        long sum = initial;
        for (int i = 0; i + 1 < len; i += 2) {
            sum += ((p[off + i] & 0xff) << 8) | (p[off + i + 1] & 0xff);
        }
        if ((len & 1) != 0) {
            sum += (p[off + len - 1] & 0xff) << 8;
        }
        while ((sum >> 16) != 0) {
            sum = (sum & 0xffff) + (sum >> 16);
        }
        return (int) (~sum & 0xffff);
    }

    static List<String> lines(String text, String contains) {
        List<String> out = new ArrayList<>();
        for (String l : text.split("\n")) {
            if (l.contains(contains)) {
                out.add(l);
            }
        }
        return out;
    }
}
