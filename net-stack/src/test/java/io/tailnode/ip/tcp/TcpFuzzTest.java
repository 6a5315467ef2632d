package io.tailnode.ip.tcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tailnode.ip.wire.TcpHeader;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Property test, fixed seed: random and mutated segments against a connection in each RFC 9293 state. The
 * stack never throws; a rejected segment (negative result) leaves the connection's state digest unchanged and
 * increments exactly the counter of its reason. Accepted segments may change state: the scenario is rebuilt.
 */
class TcpFuzzTest {
    private static final int ITERATIONS_PER_STATE = 3000;
    private final byte[] out = new byte[2048];

    /** Drives the pair until A's socket (handle returned) is in {@code state}; drops A's output if asked. */
    private static final class Scenario {
        Netsim sim;
        int handle;
        byte[] template;
    }

    private Scenario build(int state, long seed) {
        Scenario sc = new Scenario();
        Netsim sim = new Netsim(Netsim.testConfig(), seed);
        sc.sim = sim;
        byte[][] last = {null};
        boolean[] dropFromA = {false};
        boolean[] dropPureAcks = {false};
        sim.filter = (fromA, p) -> {
            TcpHeader t = Segs.tcp(p);
            if (dropPureAcks[0] && t.flags() == TcpHeader.ACK && t.payloadLength() == 0) {
                return false;
            }
            if (!fromA) {
                last[0] = p;
            }
            return !(fromA && dropFromA[0]);
        };
        if (state == TcpSocket.SYN_SENT) {
            dropFromA[0] = true;
            int c = sim.a.connect(4, Netsim.B_V4, 0, 80, sim.now);
            sim.run(100, () -> { }, () -> false);
            TcpSocket s = sim.a.socket(c);
            sc.handle = c;
            sc.template = Segs.build(Netsim.B_V4, Netsim.A_V4, 80, s.localPort, 777, s.iss + 1,
                    TcpHeader.SYN | TcpHeader.ACK, 1000, 1240, null);
            return sc;
        }
        int l = sim.a.listen(80);
        if (state == TcpSocket.SYN_RECEIVED) {
            dropFromA[0] = true;
            sim.b.connect(4, Netsim.A_V4, 0, 80, sim.now);
            sim.run(100, () -> { }, () -> false);
            TcpSocket s = sim.a.slot(0);
            assertEquals(TcpSocket.SYN_RECEIVED, s.state);
            // Tests reach the embryonic slot by its index (it has no application handle yet).
            sc.handle = -1;
            sc.template = Segs.build(Netsim.B_V4, Netsim.A_V4, s.remotePort, 80, s.irs + 1, s.iss + 1,
                    TcpHeader.ACK, 1000, 0, null);
            return sc;
        }
        int c = sim.b.connect(4, Netsim.A_V4, 0, 80, sim.now);
        int[] h = {-1};
        sim.run(1000, () -> {
            if (h[0] < 0) {
                h[0] = sim.a.accept(l);
            }
        }, () -> h[0] >= 0);
        sc.handle = h[0];
        sim.b.write(c, new byte[3000], 0, 3000);
        sim.a.write(h[0], new byte[500], 0, 500);
        sim.run(200, () -> { }, () -> false);
        switch (state) {
            case TcpSocket.ESTABLISHED:
                break;
            case TcpSocket.FIN_WAIT_1:
                dropFromA[0] = true;
                sim.a.shutdown(h[0]);
                break;
            case TcpSocket.FIN_WAIT_2:
                sim.a.shutdown(h[0]);
                break;
            case TcpSocket.CLOSE_WAIT:
                sim.b.shutdown(c);
                break;
            case TcpSocket.LAST_ACK:
                sim.b.shutdown(c);
                sim.run(100, () -> { }, () -> false);
                dropFromA[0] = true;
                sim.a.shutdown(h[0]);
                break;
            case TcpSocket.CLOSING:
                dropPureAcks[0] = true;
                sim.a.shutdown(h[0]);
                sim.b.shutdown(c);
                break;
            case TcpSocket.TIME_WAIT:
                sim.a.shutdown(h[0]);
                sim.run(100, () -> { }, () -> false);
                sim.b.shutdown(c);
                break;
            default:
                throw new AssertionError();
        }
        sim.run(100, () -> { }, () -> false);
        assertEquals(TcpSocket.stateName(state), TcpSocket.stateName(sim.a.state(h[0])));
        sc.template = last[0];
        return sc;
    }

    private static TcpSocket target(Scenario sc) {
        return sc.handle >= 0 ? sc.sim.a.socket(sc.handle) : sc.sim.a.slot(0);
    }

    /** A mutated copy of the template, or a random segment on the connection's 4-tuple. */
    private static byte[] mutate(Random r, byte[] template, TcpSocket s) {
        int kind = r.nextInt(4);
        if (kind == 0) {
            // Plausible fields: sequence and ack near the connection's, random flags, window, payload.
            int seq = s.rcvNxt + r.nextInt(70_000) - 35_000;
            int ack = s.sndUna + r.nextInt(70_000) - 35_000;
            if (r.nextBoolean()) {
                seq = s.rcvNxt + r.nextInt(3) - 1;
                ack = s.sndNxt + r.nextInt(3) - 1;
            }
            byte[] payload = r.nextInt(3) == 0 ? null : new byte[r.nextInt(1300)];
            int flags = r.nextInt(64);
            return Segs.build(Netsim.B_V4, Netsim.A_V4, s.remotePort, s.localPort, seq, ack,
                    flags == 0 ? TcpHeader.ACK : flags, r.nextInt(65536), r.nextInt(4) == 0 ? r.nextInt(2000) : 0,
                    payload);
        }
        byte[] p = template.clone();
        int flips = 1 + r.nextInt(6);
        for (int i = 0; i < flips; i++) {
            int at = 20 + r.nextInt(p.length - 20);
            p[at] ^= (byte) (1 << r.nextInt(8));
        }
        if (kind == 1 && p.length > 40) {
            // Keep the checksum valid so the mutation reaches the state machine.
            new TcpHeader().wrap(p, 20, p.length - 20).fillChecksum(p, 12, 16, 4);
        } else if (kind == 2) {
            int cut = 1 + r.nextInt(p.length - 1);
            byte[] q = java.util.Arrays.copyOf(p, cut);
            return q;
        }
        return p;
    }

    @Test
    void rejectedSegmentsChangeNothingButTheirCounterInEveryState() {
        int[] states = {TcpSocket.SYN_SENT, TcpSocket.SYN_RECEIVED, TcpSocket.ESTABLISHED, TcpSocket.FIN_WAIT_1,
            TcpSocket.FIN_WAIT_2, TcpSocket.CLOSE_WAIT, TcpSocket.CLOSING, TcpSocket.LAST_ACK, TcpSocket.TIME_WAIT};
        Random r = new Random(0x7c9);
        int rejected = 0;
        int accepted = 0;
        for (int state : states) {
            Scenario sc = build(state, state);
            for (int i = 0; i < ITERATIONS_PER_STATE; i++) {
                TcpStack stack = sc.sim.a;
                while (stack.poll(sc.sim.now, out, 0, out.length) > 0) {
                    // drain answers so the reset queue never overflows into a second counter
                }
                TcpSocket s = target(sc);
                byte[] p = mutate(r, sc.template, s);
                long digest = s.stateDigest();
                int[] counts = new int[TcpReason.COUNT + 1];
                for (int k = 1; k <= TcpReason.COUNT; k++) {
                    counts[k] = stack.dropCount(-k);
                }
                int res = stack.receive(p, 0, p.length, sc.sim.now);
                if (res < 0) {
                    rejected++;
                    assertEquals(digest, s.stateDigest(), "state " + TcpSocket.stateName(state) + " reason " + res);
                    for (int k = 1; k <= TcpReason.COUNT; k++) {
                        assertEquals(counts[k] + (k == -res ? 1 : 0), stack.dropCount(-k), "counter " + k);
                    }
                } else {
                    accepted++;
                    sc = build(state, state);
                }
            }
        }
        System.out.println("[fuzz] " + states.length + " states x " + ITERATIONS_PER_STATE + ": rejected "
                + rejected + ", accepted " + accepted);
        assertTrue(rejected > accepted);
    }
}
