package io.tailnode.disco;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tailnode.crypto.CryptoBox;
import io.tailnode.testing.AllocationMeter;
import org.junit.jupiter.api.Test;

/**
 * Runs in the allocation JVM: a ping sealed, opened, parsed and answered with a sealed pong, the pong opened and
 * fed to path selection, and the selector's timers: 0 bytes per exchange.
 */
class DiscoAllocationTest {
    static final class NoActions implements DiscoActions {
        byte[] tx = new byte[12];
        int pings;

        @Override
        public void sendPing(int index, byte[] addr, int off, int len, byte[] txId, int txOff) {
            System.arraycopy(txId, txOff, tx, 0, 12);
            pings++;
        }

        @Override
        public void sendCallMeMaybe() {
        }
    }

    @Test
    void pingPongExchangeAllocatesNothing() {
        DiscoKeys a = new DiscoKeys(new CryptoBox(), new DiscoTest.SeededRandom(1), 4);
        a.setLocal(DiscoTest.OUR_PRIV, 0, DiscoTest.OUR_PUB, 0);
        int aSlot = a.add(DiscoTest.PEER_PUB, 0);
        DiscoKeys b = new DiscoKeys(new CryptoBox(), new DiscoTest.SeededRandom(2), 4);
        b.setLocal(DiscoTest.PEER_PRIV, 0, DiscoTest.PEER_PUB, 0);
        b.add(DiscoTest.OUR_PUB, 0);
        PathSelector path = new PathSelector(new DiscoTest.SeededRandom(3), 4);
        byte[] cand = {4, (byte) 198, 18, 0, 5, (byte) 0xca, 0x6a};
        path.addCandidate(cand, 0);
        NoActions actions = new NoActions();
        DiscoMessageView view = new DiscoMessageView();
        DiscoResponder responder = new DiscoResponder(b);
        byte[] plain = new byte[64];
        byte[] pkt = new byte[200];
        byte[] nodeKey = new byte[32];
        long[] now = {0};
        long per = AllocationMeter.bytesPerCall(() -> {
            long t = now[0] += 5000;
            path.noteActivity(t);
            path.poll(t, actions);
            int n = DiscoWire.writePing(plain, 0, 64, actions.tx, 0, nodeKey, 0, 0);
            n = a.seal(aSlot, plain, 0, n, pkt, 0, 200);
            n = b.open(pkt, 0, n, plain, 0, 64);
            if (view.point(plain, 0, n).check() != DiscoWire.TYPE_PING) {
                throw new AssertionError();
            }
            n = responder.answerUdp(b.openedSlot(), view, cand, 0, pkt, 0, 200);
            n = a.open(pkt, 0, n, plain, 0, 64);
            view.point(plain, 0, n).check();
            if (path.onPong(plain, view.txIdOffset(), t + 20) != 0) {
                throw new AssertionError();
            }
            path.sendPath(t + 20);
            path.nextDeadline(t + 20);
        }, 2000, 5000);
        assertEquals(0, per);
        assertEquals(PathSelector.PATH_DIRECT, path.sendPath(now[0] + 20));
    }
}
