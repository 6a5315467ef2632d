package io.tailnode.sim.demo;

import io.tailnode.ip.IpReason;
import io.tailnode.sim.SimDevice;
import java.io.IOException;
import java.net.InetAddress;

/**
 * ICMP echo from one simulated device to another through the tunnel. The sender injects an echo request as its
 * own inner packet; the receiver's IP stack answers it. The device has no ping client: its IP stack answers
 * echo requests and counts every other ICMP message as {@code NOT_ECHO_REQUEST}, so the reply arriving back
 * shows up as that counter going up on the sender.
 */
public final class TunnelPing {
    private TunnelPing() {
    }

    /** Round-trip time in ms, or -1 when no reply came within {@code timeoutMs}. */
    static double ping(SimDevice from, String fromIp, SimDevice to, String toIp, int id, int seq, long timeoutMs)
            throws IOException, InterruptedException {
        byte[] packet = echoRequestV4(fromIp, toIp, 84, id, seq);
        long before = repliesSeen(from);
        long t0 = System.nanoTime();
        from.sendInner(packet);
        long end = t0 + timeoutMs * 1_000_000L;
        while (System.nanoTime() < end) {
            if (repliesSeen(from) > before) {
                return (System.nanoTime() - t0) / 1e6;
            }
            Thread.sleep(2);
        }
        return -1;
    }

    private static long repliesSeen(SimDevice d) {
        return d.onLoop(l -> SimDevice.ipDrops(l, IpReason.NOT_ECHO_REQUEST));
    }

    /** An IPv4 ICMP echo request of {@code totalLength} bytes with valid checksums. */
    public static byte[] echoRequestV4(String src, String dst, int totalLength, int id, int seq) throws IOException {
        byte[] p = new byte[totalLength];
        p[0] = 0x45;
        put16(p, 2, totalLength);
        put16(p, 4, id);
        p[6] = 0x40; // don't fragment
        p[8] = 64; // TTL
        p[9] = 1; // ICMP
        System.arraycopy(InetAddress.getByName(src).getAddress(), 0, p, 12, 4);
        System.arraycopy(InetAddress.getByName(dst).getAddress(), 0, p, 16, 4);
        put16(p, 10, checksum(p, 0, 20));
        p[20] = 8; // echo request
        put16(p, 24, id);
        put16(p, 26, seq);
        for (int i = 28; i < totalLength; i++) {
            p[i] = (byte) i;
        }
        put16(p, 22, checksum(p, 20, totalLength - 20));
        return p;
    }

    private static void put16(byte[] p, int off, int v) {
        p[off] = (byte) (v >> 8);
        p[off + 1] = (byte) v;
    }

    private static int checksum(byte[] p, int off, int len) {
        long sum = 0;
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
}
