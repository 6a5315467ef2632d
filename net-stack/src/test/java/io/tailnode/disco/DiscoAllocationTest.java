package io.tailnode.disco;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tailnode.crypto.CryptoBox;
import io.tailnode.testing.AllocationMeter;
import org.junit.jupiter.api.Test;

/**
 * Runs in the allocation JVM: a ping sealed, opened, parsed and answered with a sealed pong, the pong opened and
 * fed to path selection, and the selector's timers: 0 bytes per exchange. Following a peer that moves (netmap
 * updates dropping the best, CallMeMaybe replacing candidates, pings from new sources, our own rebind): 0 bytes
 * per round too.
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
        path.netmapEndpoint(cand, 0, 0);
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

    @Test
    void followingAMovingPeerAllocatesNothing() {
        PathSelector path = new PathSelector(new DiscoTest.SeededRandom(4), 6);
        NoActions actions = new NoActions();
        byte[][] homes = {
            {4, (byte) 198, 18, 0, 5, (byte) 0xca, 0x6a},
            {4, (byte) 198, 18, 0, 7, (byte) 0xca, 0x6a},
            {6, (byte) 0xfd, 0x7a, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 9, (byte) 0xca, 0x6a},
        };
        byte[] lan = {4, (byte) 192, (byte) 168, 1, 5, (byte) 0xca, 0x6a};
        byte[] pingSrc = {4, 100, 64, 0, 0, 0, 1};
        byte[] pingTx = new byte[12];
        long[] now = {0};
        int[] round = {0};
        long per = AllocationMeter.bytesPerCall(() -> {
            long t = now[0] += 1000;
            int k = round[0]++;
            byte[] home = homes[k % 3];
            // the peer moved: the netmap lists its new home only, its CallMeMaybe the new home and a LAN address
            path.noteActivity(t);
            path.beginNetmapEndpoints();
            path.netmapEndpoint(home, 0, t);
            path.endNetmapEndpoints(t);
            path.beginCallMeMaybe();
            path.callMeMaybeEndpoint(home, 0, t);
            path.callMeMaybeEndpoint(lan, 0, t);
            path.endCallMeMaybe(t, actions);
            int i = path.indexOf(home, 0);
            if (path.onPong(actions.tx, 0, t + 2) < 0 && i < 0) {
                throw new AssertionError();
            }
            // a ping from a new source every round (old ones go 45 s after their last ping)
            pingSrc[6] = (byte) k;
            pingTx[0] = (byte) k;
            if (path.onPing(pingSrc, 0, pingTx, 0, t) == DiscoReason.DUPLICATE) {
                throw new AssertionError();
            }
            if (k % 7 == 0) {
                path.noteConnectivityChange();
            }
            path.poll(t + 3, actions);
            path.sendPath(t + 3);
            path.nextDeadline(t + 3);
        }, 2000, 5000);
        assertEquals(0, per);
        assertEquals(6, path.candidateCount(), "home, LAN and ping sources: the table stays full, stale ones go");
    }
}
