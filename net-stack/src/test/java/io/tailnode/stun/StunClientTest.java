package io.tailnode.stun;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tailnode.wg.WgRandom;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** Retries, acceptance, refresh and freshness of the STUN client over simulated time. */
class StunClientTest {
    static final WgRandom COUNTER = new WgRandom() {
        int next;

        @Override
        public void nextBytes(byte[] b, int off, int len) {
            for (int i = 0; i < len; i++) {
                b[off + i] = (byte) ++next;
            }
        }
    };

    /** Binding success with XOR-MAPPED-ADDRESS a.b.c.d:port for the request's transaction (built here). */
    static byte[] answer(byte[] request, int a, int b, int c, int d, int port) {
        ByteBuffer r = ByteBuffer.allocate(32);
        r.putShort((short) 0x0101).putShort((short) 12).putInt(0x2112A442).put(request, 8, 12);
        r.putShort((short) 0x0020).putShort((short) 8).put((byte) 0).put((byte) 1).putShort((short) (port ^ 0x2112));
        r.put((byte) (a ^ 0x21)).put((byte) (b ^ 0x12)).put((byte) (c ^ 0xA4)).put((byte) (d ^ 0x42));
        return r.array();
    }

    final StunClient client = new StunClient(COUNTER);
    final byte[] out = new byte[64];

    @Test
    void retriesThenGivesUpThenTriesAgain() {
        client.restart(1000);
        assertEquals(40, client.poll(1000, out, 0, 64));
        byte[] first = Arrays.copyOf(out, 40);
        assertEquals(0, client.poll(1499, out, 0, 64));
        assertEquals(40, client.poll(1500, out, 0, 64));
        assertArrayEquals(first, Arrays.copyOf(out, 40), "retries keep the transaction");
        assertEquals(2500, client.nextDeadline());
        assertEquals(40, client.poll(2500, out, 0, 64));
        assertEquals(40, client.poll(4500, out, 0, 64));
        assertEquals(8500, client.nextDeadline(), "four tries, then 4 s to give up");
        assertEquals(0, client.poll(8499, out, 0, 64));
        assertEquals(40, client.poll(8500, out, 0, 64), "failed round: a new one at once");
        assertEquals(1, client.failedRounds());
        assertFalse(Arrays.equals(first, Arrays.copyOf(out, 40)), "new round, new transaction");
        assertFalse(client.fresh(8500));
    }

    @Test
    void answersUpdateRefreshAndExpire() {
        client.restart(0);
        client.poll(0, out, 0, 64);
        byte[] req = Arrays.copyOf(out, 40);
        byte[] stale = answer(req, 198, 18, 0, 5, 41641);
        stale[10] ^= 1;
        assertEquals(StunReason.TXID_MISMATCH, client.receive(stale, 0, 32, 50));
        byte[] a = answer(req, 198, 18, 0, 5, 41641);
        assertEquals(StunReason.OK, client.receive(a, 0, 32, 60));
        assertTrue(client.changed());
        byte[] ep = new byte[19];
        assertEquals(7, client.endpoint(60, ep, 0));
        assertArrayEquals(HexFormat.of().parseHex("04c6120005a2a9"), Arrays.copyOf(ep, 7));
        assertEquals(StunReason.TXID_MISMATCH, client.receive(a, 0, 32, 70), "round over: duplicates refused");
        assertEquals(20060, client.nextDeadline());
        assertEquals(0, client.poll(20059, out, 0, 64));
        assertEquals(40, client.poll(20060, out, 0, 64));
        assertEquals(StunReason.OK, client.receive(answer(Arrays.copyOf(out, 40), 198, 18, 0, 5, 41641), 0, 32, 20100));
        assertFalse(client.changed(), "same endpoint");
        // The NAT moved the mapping: changed.
        client.poll(40100, out, 0, 64);
        assertEquals(StunReason.OK, client.receive(answer(Arrays.copyOf(out, 40), 198, 18, 0, 5, 50000), 0, 32, 40150));
        assertTrue(client.changed());
        // No answers any more: the endpoint goes stale 27 s after the last one.
        assertTrue(client.fresh(40150 + 26999));
        assertFalse(client.fresh(40150 + 27000));
        assertEquals(0, client.endpoint(40150 + 27000, ep, 0));
        // Address change: re-STUN at once.
        client.restart(41000);
        assertEquals(41000, client.nextDeadline());
        assertEquals(40, client.poll(41000, out, 0, 64));
    }

    @Test
    void restartForgetsTheOldEndpointUntilTheNewAnswer() {
        client.restart(0);
        client.poll(0, out, 0, 64);
        assertEquals(StunReason.OK, client.receive(answer(Arrays.copyOf(out, 40), 198, 18, 0, 5, 41641), 0, 32, 30));
        byte[] ep = new byte[19];
        assertEquals(7, client.endpoint(1000, ep, 0));
        assertFalse(client.roundRunning());

        // Rebind at 1000 (the old mapping is 1 s old, fresh for 26 more): nothing to advertise until STUN answers.
        client.restart(1000);
        assertFalse(client.fresh(1000));
        assertEquals(0, client.endpoint(1000, ep, 0));
        assertFalse(client.changed());
        assertEquals(40, client.poll(1000, out, 0, 64));
        assertTrue(client.roundRunning());
        assertEquals(0, client.endpoint(1035, ep, 0), "still none while the round is out");
        assertEquals(StunReason.OK, client.receive(answer(Arrays.copyOf(out, 40), 198, 18, 0, 7, 41641), 0, 32, 1035));
        assertFalse(client.roundRunning());
        assertTrue(client.changed());
        assertEquals(7, client.endpoint(1035, ep, 0));
        assertArrayEquals(HexFormat.of().parseHex("04c6120007a2a9"), Arrays.copyOf(ep, 7));

        // The same mapping after a restart still counts as changed: the update sent at the restart lacked it.
        client.restart(2000);
        client.poll(2000, out, 0, 64);
        assertEquals(StunReason.OK, client.receive(answer(Arrays.copyOf(out, 40), 198, 18, 0, 7, 41641), 0, 32, 2030));
        assertTrue(client.changed());
    }
}
