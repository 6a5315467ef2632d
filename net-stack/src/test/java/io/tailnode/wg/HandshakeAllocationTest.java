package io.tailnode.wg;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tailnode.crypto.Tai64n;
import io.tailnode.testing.AllocationMeter;
import org.junit.jupiter.api.Test;

/**
 * 0 bytes per handshake, per mac1 check, per cookie reply and per rate-limit decision, measured in the
 * "allocation" surefire execution (escape analysis off). Each operation asserts its own result, so a path
 * that silently fails early cannot pass as "allocation-free".
 */
class HandshakeAllocationTest {
    private static final byte[] SOURCE = {4, 10, 0, 0, 1, 0x0C, (byte) 0xA5};

    /** Mutable state of the measured loop: fields, so the Runnable allocates nothing per call. */
    private final TestNode a = new TestNode(1);
    private final TestNode b = new TestNode(2);
    private final int bSlot = a.addPeer(b, null);
    private final int aSlot = b.addPeer(a, new byte[32]);
    private final byte[] init = new byte[148];
    private final byte[] resp = new byte[92];
    private final byte[] reply = new byte[64];
    private final byte[] tai = new byte[12];
    private long now = 1;
    private int failures;
    private int checks;
    private int firstFailure = -1;

    private void check(boolean ok) {
        checks++;
        if (!ok) {
            if (failures++ == 0) {
                firstFailure = checks;
            }
        }
    }

    private void fullHandshake() {
        now += 1000;
        Tai64n.encode(1_700_000_000_000L + now, 0, true, tai, 0);
        check(a.handshake.createInitiation(a.peers[bSlot], tai, 0, init, 0) == 148);
        a.cookies[bSlot].addMacs(init, 0, 148, now);
        check(b.checker.check(init, 0, 148, SOURCE, 0, SOURCE.length, now) == WgReason.OK);
        check(b.handshake.consumeInitiation(init, 0, 148, now) == aSlot);
        check(b.handshake.createResponse(b.peers[aSlot], resp, 0) == 92);
        b.cookies[aSlot].addMacs(resp, 0, 92, now);
        check(a.handshake.consumeResponse(resp, 0, 92, now) == bSlot);
        check(a.handshake.deriveKeypair(a.peers[bSlot], a.keypairs[bSlot], now) == WgReason.OK);
        check(b.handshake.deriveKeypair(b.peers[aSlot], b.keypairs[aSlot], now) == WgReason.OK);
        // The session layer would retire these indices with the keypairs; do it here so the table never fills.
        check(a.indices.remove(a.keypairs[bSlot].localIndex));
        check(b.indices.remove(b.keypairs[aSlot].localIndex));
    }

    @Test
    void fullHandshakeAllocatesNothing() {
        assertEquals(0, AllocationMeter.bytesPerCall(this::fullHandshake, 200, 200));
        assertEquals(0, failures);
    }

    @Test
    void mac1CheckAllocatesNothing() {
        fullHandshake();
        Runnable op = () -> check(b.checker.checkMac1(init, 0, 148) == WgReason.OK);
        assertEquals(0, AllocationMeter.bytesPerCall(op, 2000, 5000));
        assertEquals(0, failures);
    }

    @Test
    void cookieReplyAllocatesNothing() {
        Runnable op = () -> {
            now += 10;
            a.cookies[bSlot].addMacs(init, 0, 148, now);
            check(b.checker.check(init, 0, 148, SOURCE, 0, SOURCE.length, now) != WgReason.INVALID_MAC1);
            check(b.checker.createReply(init, 0, 148, SOURCE, 0, SOURCE.length, now, reply, 0) == 64);
            check(a.cookies[bSlot].consumeReply(reply, 0, 64, now) == WgReason.OK);
        };
        fullHandshake();
        b.checker.setUnderLoad(true);
        assertEquals(0, AllocationMeter.bytesPerCall(op, 2000, 2000));
        assertEquals(0, failures, "first failed check #" + firstFailure);
    }

    @Test
    void rateLimitDecisionAllocatesNothing() {
        RateLimiter rl = new RateLimiter(64, new TestRandom(3));
        byte[] src = new byte[WgConstants.SOURCE_MAX_SIZE];
        Runnable op = () -> {
            now += 7;
            src[4] = (byte) now;
            rl.allow(src, 0, WgConstants.SOURCE_IPV4_SIZE, now);
        };
        assertEquals(0, AllocationMeter.bytesPerCall(op, 5000, 20000));
    }

    @Test
    void indexTableAllocatesNothing() {
        IndexTable t = new IndexTable(16, new TestRandom(4));
        Runnable op = () -> {
            long i = t.allocate(3);
            check(i > 0 && t.lookup((int) i) == 3 && t.remove((int) i));
        };
        assertEquals(0, AllocationMeter.bytesPerCall(op, 5000, 20000));
        assertEquals(0, failures);
    }
}
