package io.tailnode.ip.tcp;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.BooleanSupplier;

/**
 * Two of our stacks back to back over a simulated link in virtual time (after smoltcp tests/netsim.rs):
 * one-way latency, loss, reordering (extra delay) and duplication drawn from a fixed seed.
 */
final class Netsim {
    static final byte[] A_V4 = {10, 0, 0, 1};
    static final byte[] B_V4 = {10, 0, 0, 2};
    static final byte[] A_V6 = v6(1);
    static final byte[] B_V6 = v6(2);

    final TcpStack a;
    final TcpStack b;
    final Random random;
    long now = 1_000;
    int latencyMs = 10;
    double loss;
    double reorder;
    double duplicate;
    int delivered;
    /** Largest virtual-time step (for tests that inject traffic at a steady rate). */
    long maxStepMs = Long.MAX_VALUE;
    int dropped;
    /** Optional filter: return false to drop a packet (fromA, packet). */
    PacketFilter filter;

    interface PacketFilter {
        boolean pass(boolean fromA, byte[] packet);
    }

    private final List<Flight> inFlight = new ArrayList<>();
    private final byte[] out = new byte[2048];
    private long order;

    private static final class Flight {
        final byte[] packet;
        final boolean toB;
        final long at;
        final long seq;

        Flight(byte[] packet, boolean toB, long at, long seq) {
            this.packet = packet;
            this.toB = toB;
            this.at = at;
            this.seq = seq;
        }
    }

    Netsim(TcpConfig config, long seed) {
        this(config, config, seed);
    }

    Netsim(TcpConfig ca, TcpConfig cb, long seed) {
        random = new Random(seed);
        byte[] secretA = new byte[32];
        byte[] secretB = new byte[32];
        random.nextBytes(secretA);
        random.nextBytes(secretB);
        a = new TcpStack(ca, secretA, 0);
        b = new TcpStack(cb, secretB, 0);
        a.setAddressV4(A_V4, 0);
        a.setAddressV6(A_V6, 0);
        b.setAddressV4(B_V4, 0);
        b.setAddressV6(B_V6, 0);
    }

    static TcpConfig testConfig() {
        TcpConfig c = new TcpConfig();
        c.minRtoMs = 200;
        return c;
    }

    static byte[] v6(int last) {
        byte[] x = new byte[16];
        x[0] = (byte) 0xfd;
        x[1] = 0x7a;
        x[15] = (byte) last;
        return x;
    }

    /** Sends everything both stacks have due now onto the link. */
    void pump() {
        pump(a, true);
        pump(b, false);
    }

    private void pump(TcpStack s, boolean fromA) {
        int n;
        while ((n = s.poll(now, out, 0, out.length)) > 0) {
            byte[] p = java.util.Arrays.copyOf(out, n);
            if (filter != null && !filter.pass(fromA, p)) {
                dropped++;
                continue;
            }
            if (random.nextDouble() < loss) {
                dropped++;
                continue;
            }
            long at = now + latencyMs;
            if (random.nextDouble() < reorder) {
                at += 1 + random.nextInt(2 * latencyMs);
            }
            inFlight.add(new Flight(p, fromA, at, order++));
            if (random.nextDouble() < duplicate) {
                inFlight.add(new Flight(p.clone(), fromA, at + random.nextInt(latencyMs + 1), order++));
            }
        }
        if (n < 0) {
            throw new AssertionError("poll returned " + n);
        }
    }

    /** Injects a raw packet into the link toward B (fromA = true) or A. */
    void inject(byte[] packet, boolean toB) {
        inFlight.add(new Flight(packet, toB, now + latencyMs, order++));
    }

    /** Delivers every packet due by now, in arrival order. */
    void deliver() {
        while (true) {
            Flight next = null;
            for (Flight f : inFlight) {
                if (f.at <= now && (next == null || f.at < next.at || (f.at == next.at && f.seq < next.seq))) {
                    next = f;
                }
            }
            if (next == null) {
                return;
            }
            inFlight.remove(next);
            delivered++;
            (next.toB ? b : a).receive(next.packet, 0, next.packet.length, now);
            pump();
        }
    }

    /**
     * Runs until {@code done} or {@code untilMs} of virtual time passed; {@code app} runs at every event.
     * Returns true if done.
     */
    boolean run(long forMs, Runnable app, BooleanSupplier done) {
        long end = now + forMs;
        while (now <= end) {
            app.run();
            pump();
            deliver();
            app.run();
            pump();
            if (done.getAsBoolean()) {
                return true;
            }
            long next = Math.min(a.nextDeadline(), b.nextDeadline());
            for (Flight f : inFlight) {
                next = Math.min(next, f.at);
            }
            if (next <= now) {
                next = now + 1;
            }
            if (next - now > maxStepMs) {
                next = now + maxStepMs;
            }
            if (next == Long.MAX_VALUE) {
                next = now + 1000;
            }
            now = next;
        }
        return false;
    }

    int inFlightCount() {
        return inFlight.size();
    }
}
