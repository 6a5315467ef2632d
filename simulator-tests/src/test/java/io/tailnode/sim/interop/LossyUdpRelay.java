package io.tailnode.sim.interop;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An in-process lossy UDP relay for interop tests (there is no netem here): one socket faces the peer (the peer's
 * WireGuard endpoint for the device is {@link #peerFacingEndpoint()}), one faces the device (the device's endpoint
 * for the peer is {@link #deviceFacingEndpoint()}). Each direction runs on its own thread with its own
 * {@code Random(seed + direction)}: a datagram is dropped with probability {@code dropRate}; otherwise, with
 * probability {@code reorderRate}, it is held and sent right after the next forwarded datagram (or after
 * {@value #HOLD_MS} ms of silence, so a reorder never becomes a loss). Threads stop at {@link #close()} or when
 * the lifetime given to {@link #start} expires, whichever is first.
 */
final class LossyUdpRelay implements AutoCloseable {
    private static final int HOLD_MS = 20;
    private final DatagramSocket peerSide;
    private final DatagramSocket deviceSide;
    private final double dropRate;
    private final double reorderRate;
    private final long seed;
    private final Direction toDevice = new Direction("peer->device");
    private final Direction toPeer = new Direction("device->peer");
    private volatile long deadlineNanos;
    private volatile boolean closed;

    /** Counters for one direction. */
    static final class Direction {
        final String name;
        final AtomicLong received = new AtomicLong();
        final AtomicLong forwarded = new AtomicLong();
        final AtomicLong dropped = new AtomicLong();
        final AtomicLong reordered = new AtomicLong();
        Thread thread;

        Direction(String name) {
            this.name = name;
        }

        @Override
        public String toString() {
            return name + ": received " + received + ", forwarded " + forwarded + ", dropped " + dropped
                    + ", reordered " + reordered;
        }
    }

    /** Binds both sockets (ephemeral ports) on {@code bindAddress}; nothing is forwarded before {@link #start}. */
    LossyUdpRelay(String bindAddress, double dropRate, double reorderRate, long seed) throws SocketException {
        try {
            InetAddress a = InetAddress.getByName(bindAddress);
            this.peerSide = new DatagramSocket(new InetSocketAddress(a, 0));
            this.deviceSide = new DatagramSocket(new InetSocketAddress(a, 0));
        } catch (IOException e) {
            throw e instanceof SocketException se ? se : new SocketException(e.toString());
        }
        this.dropRate = dropRate;
        this.reorderRate = reorderRate;
        this.seed = seed;
    }

    String peerFacingEndpoint() {
        return peerSide.getLocalAddress().getHostAddress() + ":" + peerSide.getLocalPort();
    }

    String deviceFacingEndpoint() {
        return deviceSide.getLocalAddress().getHostAddress() + ":" + deviceSide.getLocalPort();
    }

    Direction toDevice() {
        return toDevice;
    }

    Direction toPeer() {
        return toPeer;
    }

    /**
     * Starts forwarding: what arrives on the peer-facing socket goes to {@code device}, what arrives on the
     * device-facing socket goes to {@code peer}. Datagrams from any other source are ignored.
     */
    void start(InetSocketAddress device, InetSocketAddress peer, long lifetimeMillis) throws SocketException {
        deadlineNanos = System.nanoTime() + lifetimeMillis * 1_000_000L;
        peerSide.setSoTimeout(HOLD_MS);
        deviceSide.setSoTimeout(HOLD_MS);
        toDevice.thread = thread(toDevice, peerSide, peer, deviceSide, device, seed);
        toPeer.thread = thread(toPeer, deviceSide, device, peerSide, peer, seed + 1);
    }

    private Thread thread(Direction d, DatagramSocket in, InetSocketAddress from, DatagramSocket out,
            InetSocketAddress to, long s) {
        Thread t = new Thread(() -> pump(d, in, from, out, to, new Random(s)), "lossy-relay " + d.name);
        t.setDaemon(true);
        t.start();
        return t;
    }

    private void pump(Direction d, DatagramSocket in, InetSocketAddress from, DatagramSocket out,
            InetSocketAddress to, Random rnd) {
        byte[] buf = new byte[65536];
        DatagramPacket p = new DatagramPacket(buf, buf.length);
        byte[] held = null;
        while (!closed && System.nanoTime() < deadlineNanos) {
            try {
                p.setLength(buf.length);
                try {
                    in.receive(p);
                } catch (SocketTimeoutException quiet) {
                    if (held != null) { // nothing followed it: release so the reorder is not a loss
                        out.send(new DatagramPacket(held, held.length, to));
                        d.forwarded.incrementAndGet();
                        held = null;
                    }
                    continue;
                }
                if (!from.equals(p.getSocketAddress())) {
                    continue;
                }
                d.received.incrementAndGet();
                if (rnd.nextDouble() < dropRate) {
                    d.dropped.incrementAndGet();
                    continue;
                }
                byte[] data = Arrays.copyOfRange(buf, 0, p.getLength());
                if (held == null && rnd.nextDouble() < reorderRate) {
                    held = data;
                    d.reordered.incrementAndGet();
                    continue;
                }
                out.send(new DatagramPacket(data, data.length, to));
                d.forwarded.incrementAndGet();
                if (held != null) {
                    out.send(new DatagramPacket(held, held.length, to));
                    d.forwarded.incrementAndGet();
                    held = null;
                }
            } catch (IOException e) {
                if (closed) {
                    return;
                }
                // a transient send error (e.g. ICMP unreachable while an end restarts): keep relaying
            }
        }
    }

    @Override
    public String toString() {
        return toDevice + "; " + toPeer;
    }

    /** Stops both threads (bounded join) and closes the sockets; idempotent. */
    @Override
    public void close() throws InterruptedException {
        closed = true;
        peerSide.close();
        deviceSide.close();
        for (Direction d : new Direction[] {toDevice, toPeer}) {
            if (d.thread != null) {
                d.thread.join(2000);
            }
        }
    }
}
