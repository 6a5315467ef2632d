package io.tailnode.disco;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tailnode.crypto.CryptoBox;
import io.tailnode.testing.Fuzz;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Fuzz target "disco" (docs/fuzzing.md). Every input is tried twice: as a received packet ({@link DiscoKeys#open}
 * between guard bytes: never throws, the input is never written, a refusal leaves the output untouched, and only
 * an authentic packet opens — so any success must be one of the sealed seeds unchanged) and as an opened
 * plaintext ({@link DiscoMessageView#check} against an independent model of §4.1's lengths, then every offset it
 * gives stays inside the input). Sealed seeds are built here from fixed keys.
 */
class DiscoFuzzTest {
    static final DiscoKeys RECEIVER = new DiscoKeys(new CryptoBox(), new DiscoTest.SeededRandom(1), 2);
    static final List<byte[]> SEALED = new ArrayList<>();

    static {
        RECEIVER.setLocal(DiscoTest.OUR_PRIV, 0, DiscoTest.OUR_PUB, 0);
        RECEIVER.add(DiscoTest.PEER_PUB, 0);
        DiscoKeys sender = new DiscoKeys(new CryptoBox(), new DiscoTest.SeededRandom(2), 1);
        sender.setLocal(DiscoTest.PEER_PRIV, 0, DiscoTest.PEER_PUB, 0);
        sender.add(DiscoTest.OUR_PUB, 0);
        byte[] p = new byte[100];
        int[] lens = {
            DiscoWire.writePing(p, 0, 100, DiscoTest.seq(12, 1), 0, DiscoTest.seq(32, 0xa0), 0, 0),
            DiscoWire.writePong(p, 0, 100, DiscoTest.seq(12, 1), 0, new byte[18], 0),
            DiscoWire.writeCallMeMaybe(p, 0, 100, new byte[36], 0, 2),
        };
        for (int n : lens) {
            if (n == DiscoWire.PONG_LENGTH) {
                p[0] = DiscoWire.TYPE_PONG;
            }
            byte[] pkt = new byte[n + DiscoWire.OVERHEAD];
            sender.seal(0, p, 0, n, pkt, 0, pkt.length);
            SEALED.add(pkt);
        }
    }

    static int model(byte[] in) {
        if (in.length < 2) {
            return DiscoReason.TRUNCATED;
        }
        switch (in[0]) {
            case 1:
                return in.length >= 14 ? 1 : DiscoReason.TRUNCATED;
            case 2:
                return in.length >= 32 ? 2 : DiscoReason.TRUNCATED;
            case 3:
                return (in.length - 2) % 18 == 0 ? 3 : DiscoReason.TRUNCATED;
            default:
                return DiscoReason.UNKNOWN_TYPE;
        }
    }

    static void property(byte[] in) {
        Fuzz.Guarded g = new Fuzz.Guarded(in, 7, 7, in.length);
        byte[] out = new byte[in.length + 8];
        int r = RECEIVER.open(g.buf, g.off, g.len, out, 0, out.length);
        assertTrue(g.unchanged(), "packet untouched");
        if (r < 0) {
            assertTrue(r > -DiscoReason.COUNT);
            assertEquals(-1, RECEIVER.openedSlot());
            for (byte b : out) {
                assertEquals(0, b, "output untouched on refusal");
            }
        } else {
            boolean known = false;
            for (byte[] s : SEALED) {
                known |= java.util.Arrays.equals(s, in);
            }
            assertTrue(known, "only authentic packets open");
        }
        DiscoMessageView v = new DiscoMessageView();
        int t = v.point(in, 0, in.length).check();
        assertEquals(model(in), t);
        if (t == DiscoWire.TYPE_PING && v.pingHasNodeKey()) {
            assertTrue(v.pingNodeKeyOffset() + 32 <= in.length);
        } else if (t == DiscoWire.TYPE_PONG) {
            assertTrue(v.pongSourceOffset() + 18 <= in.length);
        } else if (t == DiscoWire.TYPE_CALL_ME_MAYBE && v.endpointCount() > 0) {
            assertTrue(v.endpointOffset(v.endpointCount() - 1) + 18 <= in.length);
        }
    }

    @Test
    void fuzzPacketsAndPlaintexts() {
        Fuzz.Report rep = Fuzz.run("disco", SEALED, null, DiscoFuzzTest::property);
        assertTrue(rep.seeds >= 9 && rep.runs > 0, rep.toString());
    }
}
