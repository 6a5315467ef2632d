package io.tailnode.ip.tcp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tailnode.ip.wire.TcpHeader;
import io.tailnode.testing.Fuzz;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Fuzz target {@code tcp}: {@link TcpStack#receive} of a listening stack (port 80) with the committed corpus
 * under {@code fuzz/tcp} (SYN, ACK, data, FIN, RST, v4 and v6, all with valid checksums) replayed and mutated for
 * the CI budget. Complements {@link TcpFuzzTest}, which mutates segments against a socket in every state.
 * <p>
 * Properties: nothing is thrown; the input is never written; a rejected segment moves exactly its reason's
 * counter by one and changes no socket or listener state (sockets in use, the listener's backlog).
 */
class TcpCorpusFuzzTest {
    private static final byte[] PEER_V4 = {100, 64, 0, 2};
    private static final byte[] DEVICE_V4 = {100, 64, 0, 1};
    private static final byte[] PEER_V6 = {(byte) 0xfd, 0x7a, 0x11, 0x5c, (byte) 0xa1, (byte) 0xe0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2};
    private static final byte[] DEVICE_V6 = {(byte) 0xfd, 0x7a, 0x11, 0x5c, (byte) 0xa1, (byte) 0xe0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};

    private final TcpStack stack = new TcpStack(Netsim.testConfig(), new byte[32], 0);
    private final byte[] out = new byte[2048];
    private long now = 1000;
    private long accepted;
    private long rejectedPastChecksum;

    TcpCorpusFuzzTest() {
        stack.setAddressV4(DEVICE_V4, 0);
        stack.setAddressV6(DEVICE_V6, 0);
        assertTrue(stack.listen(80) >= 0);
    }

    @Test
    void corpusAndMutationsNeverCorruptTheStack() {
        Fuzz.Report r = Fuzz.run("tcp", java.util.List.of(), TcpCorpusFuzzTest::fixChecksums, this::check);
        assertEquals(8, r.seeds, "the committed corpus is replayed");
        assertTrue(r.runs > 0, "the mutation phase ran");
        // The checksum fix-up must let mutants reach the state machine, or the target only tests one branch.
        assertTrue(accepted > 0, "no mutant was accepted");
        assertTrue(rejectedPastChecksum > 0, "every rejection was a checksum failure");
    }

    /** Recomputes the IPv4 header and TCP checksums of a mutant so mutations reach past the checksum checks. */
    private static byte[] fixChecksums(byte[] p) {
        if (p.length < 1) {
            return p;
        }
        int version = (p[0] >> 4) & 0xF;
        if (version == 4 && p.length >= 20) {
            int ihl = (p[0] & 0xF) * 4;
            int total = Math.min(p.length, ((p[2] & 0xFF) << 8) | (p[3] & 0xFF));
            if (ihl < 20 || total < ihl + 20) {
                return p;
            }
            p[10] = 0;
            p[11] = 0;
            int c = io.tailnode.ip.wire.InetChecksum.finish(io.tailnode.ip.wire.InetChecksum.add(0, p, 0, ihl));
            p[10] = (byte) (c >> 8);
            p[11] = (byte) c;
            new TcpHeader().wrap(p, ihl, total - ihl).fillChecksum(p, 12, 16, 4);
        } else if (version == 6 && p.length >= 60) {
            int total = Math.min(p.length, 40 + (((p[4] & 0xFF) << 8) | (p[5] & 0xFF)));
            if (total >= 60) {
                new TcpHeader().wrap(p, 40, total - 40).fillChecksum(p, 8, 24, 16);
            }
        }
        return p;
    }

    private void check(byte[] in) {
        byte[] copy = in.clone();
        int sockets = stack.socketsInUse();
        int[] before = new int[40];
        for (int i = 1; i < before.length; i++) {
            before[i] = stack.dropCount(-i);
        }
        int res = stack.receive(in, 0, in.length, now);
        assertArrayEquals(copy, in, "input written");
        if (res >= 0) {
            accepted++;
        } else if (res != TcpReason.BAD_CHECKSUM) {
            rejectedPastChecksum++;
        }
        if (res < 0) {
            for (int i = 1; i < before.length; i++) {
                assertEquals(before[i] + (i == -res ? 1 : 0), stack.dropCount(-i), "counter of reason " + -i);
            }
            assertEquals(sockets, stack.socketsInUse(), "a rejected segment created or freed a socket");
        }
        // Drain what the stack wants to send (SYN-ACKs, RSTs) and let timers run, so state cannot pile up.
        now += 50;
        while (stack.poll(now, out, 0, out.length) > 0) {
            now++;
        }
        if (stack.socketsInUse() > 0 && (now & 0x3FF) == 0) {
            now += 120_000; // lets half-open entries and TIME_WAIT expire from time to time
            while (stack.poll(now, out, 0, out.length) > 0) {
                now++;
            }
        }
    }

    @Test
    @EnabledIfSystemProperty(named = "fuzz.writeSeeds", matches = "true")
    void writeSeeds() {
        Path d = Fuzz.dir().resolve("tcp");
        byte[] data = "GET /status HTTP/1.1\r\nHost: d\r\n\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        Fuzz.writeHex(d, "v4-syn", "SYN with MSS to port 80", Segs.build(PEER_V4, DEVICE_V4, 40000, 80, 1000, 0,
                TcpHeader.SYN, 65535, 1240, null));
        Fuzz.writeHex(d, "v6-syn", "SYN with MSS to port 80 over IPv6", Segs.build(PEER_V6, DEVICE_V6, 40000, 80, 1000, 0,
                TcpHeader.SYN, 65535, 1220, null));
        Fuzz.writeHex(d, "v4-ack", "bare ACK", Segs.build(PEER_V4, DEVICE_V4, 40000, 80, 1001, 5000,
                TcpHeader.ACK, 65535, 0, null));
        Fuzz.writeHex(d, "v4-data", "ACK+PSH with an HTTP request", Segs.build(PEER_V4, DEVICE_V4, 40000, 80, 1001, 5000,
                TcpHeader.ACK | TcpHeader.PSH, 65535, 0, data));
        Fuzz.writeHex(d, "v4-fin", "FIN+ACK", Segs.build(PEER_V4, DEVICE_V4, 40000, 80, 1001, 5000,
                TcpHeader.FIN | TcpHeader.ACK, 65535, 0, null));
        Fuzz.writeHex(d, "v4-rst", "RST", Segs.build(PEER_V4, DEVICE_V4, 40000, 80, 1001, 0, TcpHeader.RST, 0, 0, null));
        Fuzz.writeHex(d, "v4-syn-closed-port", "SYN to a closed port (answered with RST)",
                Segs.build(PEER_V4, DEVICE_V4, 40001, 81, 7, 0, TcpHeader.SYN, 65535, 1240, null));
        Fuzz.writeHex(d, "v6-data", "data over IPv6", Segs.build(PEER_V6, DEVICE_V6, 40000, 80, 1001, 5000,
                TcpHeader.ACK | TcpHeader.PSH, 65535, 0, data));
    }
}
