package io.tailnode.sim.hal;

import io.tailnode.firmware.hal.DatagramTransport;
import io.tailnode.firmware.hal.HalStatus;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;

/**
 * The simulator's {@link DatagramTransport}: a {@code java.net.DatagramSocket} bound to the address and port
 * given ({@code --bind}, ListenPort), IPv4 or IPv6. Sources and destinations use the SourceAddress form
 * (kind byte, address, big-endian port). An IPv4-mapped IPv6 source (dual-stack socket) is reported as IPv4.
 * Host code: it allocates (InetAddress objects); the device's own transport does not.
 * {@link #close} may be called from another thread (shutdown hook) and ends a blocked {@link #receive}.
 */
public final class UdpTransport implements DatagramTransport {
    private static final int KIND_V4 = 0x04;
    private static final int KIND_V6 = 0x06;

    /** Replaced by {@link #rebind} (loop thread only, so never while a receive is blocked on it). */
    private volatile DatagramSocket socket;
    private final byte[] scratch;
    private final DatagramPacket rx;
    private final DatagramPacket tx = new DatagramPacket(new byte[0], 0);
    private final byte[] lastDest = new byte[19];
    private int lastDestLength;
    private InetSocketAddress lastDestAddress;
    private int lastTimeout = -1;
    private volatile boolean closed;
    private double timeRate = 1.0;
    private long oversized;
    private long sendErrors;

    /**
     * @param bind local address (null: the wildcard)
     * @param port local port (0: any)
     * @param maxDatagram the largest datagram accepted; longer ones are discarded and counted
     */
    public UdpTransport(InetAddress bind, int port, int maxDatagram) throws SocketException {
        this.socket = open(bind, port);
        this.scratch = new byte[maxDatagram + 1];
        this.rx = new DatagramPacket(scratch, scratch.length);
    }

    private static DatagramSocket open(InetAddress bind, int port) throws SocketException {
        DatagramSocket s = new DatagramSocket(new InetSocketAddress(bind, port));
        try {
            s.setReceiveBufferSize(1 << 20);
        } catch (SocketException ignored) {
            // best effort
        }
        return s;
    }

    /**
     * Issue #7, the device's underlay address changed: the socket moves to {@code bind:port} (the old one is closed,
     * datagrams queued on it are lost, as on an interface that went away). Call it from the thread that receives,
     * between receives. On failure the old socket stays.
     */
    public void rebind(InetAddress bind, int port) throws SocketException {
        DatagramSocket next = open(bind, port);
        DatagramSocket old = socket;
        socket = next;
        lastTimeout = -1;
        old.close();
        if (closed) {
            next.close(); // closed meanwhile (shutdown hook)
        }
    }

    @Override
    public int send(byte[] buf, int off, int len, byte[] dest, int destOff, int destLen) {
        if (closed) {
            return HalStatus.ERR_CLOSED;
        }
        InetSocketAddress to = destination(dest, destOff, destLen);
        if (to == null) {
            return HalStatus.ERR_ADDRESS;
        }
        tx.setData(buf, off, len);
        tx.setSocketAddress(to);
        try {
            socket.send(tx);
            return len;
        } catch (IOException e) {
            sendErrors++;
            return closed ? HalStatus.ERR_CLOSED : HalStatus.ERR_IO;
        }
    }

    private InetSocketAddress destination(byte[] d, int off, int len) {
        if (len == lastDestLength && lastDestAddress != null) {
            boolean same = true;
            for (int i = 0; i < len && same; i++) {
                same = d[off + i] == lastDest[i];
            }
            if (same) {
                return lastDestAddress;
            }
        }
        int kind = len > 0 ? d[off] & 0xff : -1;
        int alen = kind == KIND_V4 && len == 7 ? 4 : kind == KIND_V6 && len == 19 ? 16 : -1;
        if (alen < 0) {
            return null;
        }
        byte[] a = new byte[alen];
        System.arraycopy(d, off + 1, a, 0, alen);
        int port = ((d[off + 1 + alen] & 0xff) << 8) | (d[off + 2 + alen] & 0xff);
        try {
            lastDestAddress = new InetSocketAddress(InetAddress.getByAddress(a), port);
        } catch (UnknownHostException e) {
            return null;
        }
        System.arraycopy(d, off, lastDest, 0, len);
        lastDestLength = len;
        return lastDestAddress;
    }

    /**
     * Timeouts are in device milliseconds; with a clock running {@code rate} times faster than real time
     * ({@link HostClock}), a wait of {@code t} device ms is {@code t / rate} real ms.
     */
    public void setTimeRate(double rate) {
        if (!(rate > 0)) {
            throw new IllegalArgumentException("rate");
        }
        this.timeRate = rate;
    }

    /** Test switch (issue #7): drop every datagram from this source port (-1: none), as a removed route would. */
    public void blockSourcePort(int port) {
        blockedSourcePort = port;
    }

    public long blockedDrops() {
        return blockedDrops;
    }

    private volatile int blockedSourcePort = -1;
    private volatile long blockedDrops;

    @Override
    public int receive(byte[] buf, int off, int capacity, byte[] source, int sourceOff, int timeoutMs) {
        long deadline = System.nanoTime() + (long) Math.ceil(timeoutMs * 1_000_000.0 / timeRate);
        while (true) {
            if (closed) {
                return HalStatus.ERR_CLOSED;
            }
            long left = (deadline - System.nanoTime()) / 1_000_000L;
            // SO_TIMEOUT 0 means "forever" in Java: wait at least 1 ms instead.
            int t = (int) Math.max(1, Math.min(Integer.MAX_VALUE, left));
            try {
                if (t != lastTimeout) {
                    socket.setSoTimeout(t);
                    lastTimeout = t;
                }
                rx.setData(scratch, 0, scratch.length);
                socket.receive(rx);
            } catch (SocketTimeoutException e) {
                return HalStatus.ERR_WOULD_BLOCK;
            } catch (IOException e) {
                return closed ? HalStatus.ERR_CLOSED : HalStatus.ERR_IO;
            }
            int n = rx.getLength();
            if (rx.getPort() == blockedSourcePort) {
                blockedDrops++; // test switch: the path from that socket is "cut"
                if (left <= 0) {
                    return HalStatus.ERR_WOULD_BLOCK;
                }
                continue;
            }
            if (n > capacity || n >= scratch.length) {
                oversized++;
                if (left <= 0) {
                    return HalStatus.ERR_WOULD_BLOCK;
                }
                continue;
            }
            System.arraycopy(scratch, 0, buf, off, n);
            encodeSource(rx.getAddress(), rx.getPort(), source, sourceOff);
            return n;
        }
    }

    /** Writes {@code addr:port} in SourceAddress form; returns its length (7 or 19). */
    public static int encodeSource(InetAddress addr, int port, byte[] out, int off) {
        byte[] a = addr.getAddress();
        if (a.length == 16 && isV4Mapped(a)) {
            byte[] v4 = new byte[4];
            System.arraycopy(a, 12, v4, 0, 4);
            a = v4;
        }
        out[off] = (byte) (a.length == 4 ? KIND_V4 : KIND_V6);
        System.arraycopy(a, 0, out, off + 1, a.length);
        out[off + 1 + a.length] = (byte) (port >>> 8);
        out[off + 2 + a.length] = (byte) port;
        return 3 + a.length;
    }

    /** Human form of a SourceAddress-encoded UDP address ("198.18.1.2:51820", "[2001:2::2]:51820"). */
    public static String format(byte[] s, int off, int len) {
        int kind = len > 0 ? s[off] & 0xff : -1;
        int alen = kind == KIND_V4 && len == 7 ? 4 : kind == KIND_V6 && len == 19 ? 16 : -1;
        if (alen < 0) {
            return len == 0 ? "(none)" : "(kind " + kind + ")";
        }
        byte[] a = new byte[alen];
        System.arraycopy(s, off + 1, a, 0, alen);
        int port = ((s[off + 1 + alen] & 0xff) << 8) | (s[off + 2 + alen] & 0xff);
        String h = ipText(a);
        return (alen == 4 ? h : "[" + h + "]") + ":" + port;
    }

    /** Text form of a 4- or 16-byte address; IPv6 compressed as RFC 5952 recommends (as ip(8) and wg(8) print). */
    public static String ipText(byte[] a) {
        if (a.length == 4) {
            return (a[0] & 0xff) + "." + (a[1] & 0xff) + "." + (a[2] & 0xff) + "." + (a[3] & 0xff);
        }
        int[] w = new int[8];
        for (int i = 0; i < 8; i++) {
            w[i] = ((a[2 * i] & 0xff) << 8) | (a[2 * i + 1] & 0xff);
        }
        int bestStart = -1;
        int bestLen = 1;
        for (int i = 0; i < 8;) {
            if (w[i] != 0) {
                i++;
                continue;
            }
            int j = i;
            while (j < 8 && w[j] == 0) {
                j++;
            }
            if (j - i > bestLen) {
                bestStart = i;
                bestLen = j - i;
            }
            i = j;
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                sb.append("::");
                i += bestLen - 1;
                continue;
            }
            if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') {
                sb.append(':');
            }
            sb.append(Integer.toHexString(w[i]));
        }
        return sb.toString();
    }

    private static boolean isV4Mapped(byte[] a) {
        for (int i = 0; i < 10; i++) {
            if (a[i] != 0) {
                return false;
            }
        }
        return a[10] == (byte) 0xff && a[11] == (byte) 0xff;
    }

    @Override
    public int localPort() {
        return socket.getLocalPort();
    }

    public InetSocketAddress localAddress() {
        return (InetSocketAddress) socket.getLocalSocketAddress();
    }

    /** Datagrams discarded because they were longer than the buffer. */
    public long oversized() {
        return oversized;
    }

    public long sendErrors() {
        return sendErrors;
    }

    @Override
    public void close() {
        closed = true;
        socket.close();
    }
}
