package io.tailnode.sim.derp;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.CRC32;

/**
 * A development STUN responder (RFC 5389 binding only), written independently of the device's
 * {@code io.tailnode.stun}: answers a binding request with a binding success carrying XOR-MAPPED-ADDRESS of the
 * datagram's source, SOFTWARE "tailnode-dev-stun" and FINGERPRINT. Like Tailscale's server
 * (tailscale-protocol.md §4.5) it ignores requests without SOFTWARE "tailnode" and a valid FINGERPRINT as the last
 * attribute, unless {@code strict} is off. Loopback, ephemeral port by default; one daemon thread.
 */
public final class DevStunServer implements AutoCloseable {
    private static final int COOKIE = 0x2112A442;
    private final DatagramSocket socket;
    private final boolean strict;
    private final AtomicLong answered = new AtomicLong();
    private final AtomicLong ignored = new AtomicLong();
    private volatile boolean closed;

    private DevStunServer(InetSocketAddress bind, boolean strict) throws IOException {
        this.socket = new DatagramSocket(bind);
        this.strict = strict;
        Thread t = new Thread(this::loop, "dev-stun");
        t.setDaemon(true);
        t.start();
    }

    /** Strict responder on 127.0.0.1, ephemeral port. */
    public static DevStunServer start() throws IOException {
        return start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), true);
    }

    public static DevStunServer start(InetSocketAddress bind, boolean strict) throws IOException {
        return new DevStunServer(bind, strict);
    }

    public int port() {
        return socket.getLocalPort();
    }

    public long answered() {
        return answered.get();
    }

    public long ignored() {
        return ignored.get();
    }

    private void loop() {
        byte[] buf = new byte[1500];
        while (!closed) {
            DatagramPacket p = new DatagramPacket(buf, buf.length);
            try {
                socket.receive(p);
            } catch (IOException e) {
                if (closed) {
                    return;
                }
                continue;
            }
            byte[] reply = answer(ByteBuffer.wrap(p.getData(), 0, p.getLength()).slice(),
                    (InetSocketAddress) p.getSocketAddress());
            if (reply == null) {
                ignored.incrementAndGet();
                continue;
            }
            answered.incrementAndGet();
            try {
                socket.send(new DatagramPacket(reply, reply.length, p.getSocketAddress()));
            } catch (IOException e) {
                // dropped, as UDP may
            }
        }
    }

    /** The reply to one datagram, or null to ignore it. */
    byte[] answer(ByteBuffer m, InetSocketAddress from) {
        int n = m.remaining();
        if (n < 20 || m.getShort(0) != 0x0001 || m.getInt(4) != COOKIE || (m.getShort(2) & 0xFFFF) + 20 != n) {
            return null;
        }
        boolean software = false;
        boolean fingerprintLast = false;
        int p = 20;
        while (p + 4 <= n) {
            int type = m.getShort(p) & 0xFFFF;
            int len = m.getShort(p + 2) & 0xFFFF;
            if (p + 4 + len > n) {
                return null;
            }
            fingerprintLast = false;
            if (type == 0x8022) {
                byte[] v = new byte[len];
                m.get(p + 4, v);
                software = new String(v, StandardCharsets.UTF_8).equals("tailnode");
            } else if (type == 0x8028 && len == 4) {
                CRC32 crc = new CRC32();
                byte[] before = new byte[p];
                m.get(0, before);
                crc.update(before);
                fingerprintLast = ((int) crc.getValue() ^ 0x5354554E) == m.getInt(p + 4);
            }
            p += 4 + ((len + 3) & ~3);
        }
        if (strict && (!software || !fingerprintLast || p != n)) {
            return null;
        }
        byte[] txid = new byte[12];
        m.get(8, txid);
        byte[] addr = from.getAddress().getAddress();
        boolean v4 = from.getAddress() instanceof Inet4Address;
        byte[] sw = "tailnode-dev-stun".getBytes(StandardCharsets.US_ASCII); // 17 bytes, padded to 20
        int attrs = (4 + 4 + addr.length) + (4 + 20) + 8;
        ByteBuffer r = ByteBuffer.allocate(20 + attrs);
        r.putShort((short) 0x0101).putShort((short) attrs).putInt(COOKIE).put(txid);
        r.putShort((short) 0x0020).putShort((short) (4 + addr.length));
        r.put((byte) 0).put((byte) (v4 ? 1 : 2)).putShort((short) (from.getPort() ^ 0x2112));
        byte[] key = new byte[16];
        ByteBuffer.wrap(key).putInt(COOKIE).put(txid);
        for (int i = 0; i < addr.length; i++) {
            r.put((byte) (addr[i] ^ key[i]));
        }
        r.putShort((short) 0x8022).putShort((short) sw.length).put(sw).put(new byte[20 - sw.length]);
        CRC32 crc = new CRC32();
        crc.update(r.array(), 0, r.position());
        r.putShort((short) 0x8028).putShort((short) 4).putInt((int) crc.getValue() ^ 0x5354554E);
        return r.array();
    }

    @Override
    public void close() {
        closed = true;
        socket.close();
    }
}
