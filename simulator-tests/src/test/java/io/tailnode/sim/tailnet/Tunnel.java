package io.tailnode.sim.tailnet;

import io.tailnode.firmware.api.TailnetSockets;
import io.tailnode.firmware.api.TcpListener;
import io.tailnode.firmware.api.UdpListener;
import io.tailnode.ip.UdpEndpoint;
import io.tailnode.sim.SimDevice;
import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Device-to-device traffic through the firmware's socket API ({@link TailnetSockets}), run on the sending device's
 * loop thread: an HTTP GET over TCP to the other device's services, and a UDP echo "ping" to its port 7 whose
 * answers are timed per sequence number (ICMP echo replies end in the device's IP stack, so a round trip a test
 * can observe per packet is UDP echo).
 */
final class Tunnel {
    private Tunnel() {
    }

    static byte[] ip(String text) throws Exception {
        return InetAddress.getByName(text).getAddress();
    }

    /** GET {@code path} from {@code toIp}:80 over the tunnel; the whole response, or an exception after the timeout. */
    static String httpGet(SimDevice from, String toIp, String path, long timeoutMs) throws Exception {
        byte[] remote = ip(toIp);
        byte[] request = ("GET " + path + " HTTP/1.1\r\nHost: " + toIp + "\r\nConnection: close\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        CompletableFuture<String> done = new CompletableFuture<>();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        byte[] buf = new byte[2048];
        TcpListener l = new TcpListener() {
            public void onAccept(int h) {
                from.sockets().write(h, request, 0, request.length);
            }

            public void onReadable(int h) {
                TailnetSockets s = from.sockets();
                for (;;) {
                    int n = s.read(h, buf, 0, buf.length);
                    if (n > 0) {
                        body.write(buf, 0, n);
                    } else {
                        if (n != io.tailnode.ip.tcp.TcpReason.WOULD_BLOCK) {
                            s.close(h);
                        }
                        return;
                    }
                }
            }

            public void onWritable(int h) {
            }

            public void onClosed(int h, int reason) {
                if (body.size() > 0) {
                    done.complete(body.toString(StandardCharsets.UTF_8));
                } else {
                    done.completeExceptionally(new IllegalStateException("closed with reason " + reason));
                }
            }
        };
        int h = from.onLoop(loop -> from.sockets().tcpConnect(remote.length == 4 ? 4 : 6, remote, 0, 80, l,
                loop.now()));
        if (h < 0) {
            throw new IllegalStateException("tcpConnect " + h);
        }
        return done.get(timeoutMs, TimeUnit.MILLISECONDS);
    }

    /** UDP echo pings from one device to another's port 7: send times and answer times per sequence number. */
    static final class Pinger implements UdpListener, AutoCloseable {
        final SimDevice from;
        final UdpEndpoint to = new UdpEndpoint();
        final int handle;
        final ConcurrentHashMap<Integer, Long> sentAt = new ConcurrentHashMap<>();
        final ConcurrentHashMap<Integer, Long> answeredAt = new ConcurrentHashMap<>();
        private final byte[] payload = new byte[16];
        private int seq;

        Pinger(SimDevice from, String toIp) throws Exception {
            this.from = from;
            to.setV4(ip(toIp), 0, 7);
            handle = from.onLoop(l -> from.sockets().udpBind(0, this));
            if (handle < 0) {
                throw new IllegalStateException("udpBind " + handle);
            }
        }

        /** Sends ping number {@link #sent()} (from the test thread); returns its sequence number. */
        int ping() {
            int s = seq++;
            long now = System.nanoTime();
            sentAt.put(s, now);
            from.onLoop(l -> {
                payload[0] = (byte) (s >>> 24);
                payload[1] = (byte) (s >>> 16);
                payload[2] = (byte) (s >>> 8);
                payload[3] = (byte) s;
                return from.sockets().udpSend(handle, payload, 0, payload.length, to);
            });
            return s;
        }

        int sent() {
            return seq;
        }

        boolean answered(int s) {
            return answeredAt.containsKey(s);
        }

        public void onDatagram(int h, byte[] data, int off, int len, UdpEndpoint f) {
            if (len >= 4) {
                int s = ((data[off] & 0xff) << 24) | ((data[off + 1] & 0xff) << 16) | ((data[off + 2] & 0xff) << 8)
                        | (data[off + 3] & 0xff);
                answeredAt.putIfAbsent(s, System.nanoTime());
            }
        }

        /** Pings until one is answered (each waits up to 300 ms); false after {@code timeoutMs}. */
        boolean reachable(long timeoutMs) throws InterruptedException {
            long end = System.nanoTime() + timeoutMs * 1_000_000L;
            while (System.nanoTime() < end) {
                int s = ping();
                for (int i = 0; i < 15; i++) {
                    Thread.sleep(20);
                    if (answered(s)) {
                        return true;
                    }
                }
            }
            return false;
        }

        public void close() {
            from.onLoop(l -> from.sockets().udpClose(handle));
        }
    }
}
