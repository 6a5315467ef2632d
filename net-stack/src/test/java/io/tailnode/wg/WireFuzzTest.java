package io.tailnode.wg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tailnode.testing.Fuzz;
import io.tailnode.testing.Fuzz.Guarded;
import io.tailnode.wg.DeviceNet.Node;
import io.tailnode.wg.wire.MessageCookieReply;
import io.tailnode.wg.wire.MessageInitiation;
import io.tailnode.wg.wire.MessageResponse;
import io.tailnode.wg.wire.MessageTransport;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Fuzz target {@code wire}: the four message views' {@code check()} and the device façade's classification.
 * Each input is checked by every view against an independent model of whitepaper §5.4 (length, then type,
 * then reserved bytes); {@code check()} must not write, and a getter sweep after a passing check must stay
 * inside the message. The same bytes then go to a peerless device, which must drop them with exactly the
 * reason the matching view gave (or, for a well-formed message, some later reason), with its state digest
 * unchanged and one drop counted.
 */
class WireFuzzTest {
    private static final int FRONT = 16;
    private static final int BACK = 16;

    private final MessageInitiation init = new MessageInitiation();
    private final MessageResponse resp = new MessageResponse();
    private final MessageCookieReply cookie = new MessageCookieReply();
    private final MessageTransport transport = new MessageTransport();

    /** The model: exact size (or minimum for transport), type, three zero reserved bytes. */
    static int expected(byte[] d, int type, int size, boolean minimum) {
        if (d.length < size) {
            return WgReason.TRUNCATED;
        }
        if (!minimum && d.length > size) {
            return WgReason.WRONG_SIZE;
        }
        if ((d[0] & 0xFF) != type) {
            return WgReason.BAD_TYPE;
        }
        if (d[1] != 0 || d[2] != 0 || d[3] != 0) {
            return WgReason.BAD_RESERVED;
        }
        return WgReason.OK;
    }

    private int[] checkViews(byte[] in, long seed) {
        int[] got = new int[4];
        Guarded g = new Guarded(in, FRONT, BACK, seed);
        got[0] = init.wrap(g.buf, g.off, g.len).check();
        got[1] = resp.wrap(g.buf, g.off, g.len).check();
        got[2] = cookie.wrap(g.buf, g.off, g.len).check();
        got[3] = transport.wrap(g.buf, g.off, g.len).check();
        assertTrue(g.unchanged(), "check() wrote to the buffer");
        assertEquals(expected(in, 1, MessageInitiation.SIZE, false), got[0], "initiation check");
        assertEquals(expected(in, 2, MessageResponse.SIZE, false), got[1], "response check");
        assertEquals(expected(in, 3, MessageCookieReply.SIZE, false), got[2], "cookie reply check");
        assertEquals(expected(in, 4, MessageTransport.MIN_SIZE, true), got[3], "transport check");
        // Getters after a passing check read inside the message only: the guards would otherwise show up in
        // an out-of-range offset, and an index past the buffer would throw.
        if (got[0] == 0) {
            init.senderIndex();
            assertTrue(init.mac2Offset() + 16 <= g.off + g.len);
        }
        if (got[1] == 0) {
            resp.senderIndex();
            resp.receiverIndex();
            assertTrue(resp.mac2Offset() + 16 <= g.off + g.len);
        }
        if (got[2] == 0) {
            cookie.receiverIndex();
        }
        if (got[3] == 0) {
            transport.receiverIndex();
            transport.counter();
            assertEquals(g.off + g.len, transport.payloadOffset() + transport.payloadLength());
        }
        return got;
    }

    @Test
    void wire() {
        FuzzCapture capture = FuzzCapture.build();
        DeviceNet net = new DeviceNet();
        Node d = net.node("peerless", 33, DeviceNet.v4addr(198, 18, 0, 3, 51820));
        byte[] src = capture.a.addr;
        long digest = d.dev.stateDigest();
        Fuzz.run("wire", capture.datagrams(), null, in -> {
            int[] got = checkViews(in, Arrays.hashCode(in));
            Guarded g = new Guarded(in, FRONT, BACK, ~Arrays.hashCode(in));
            long drops = d.dev.totalDrops();
            int act = d.dev.receive(g.buf, g.off, g.len, src, 0, src.length, net.now, d.r);
            g.assertGuardsIntact();
            assertEquals(digest, d.dev.stateDigest(), "state digest changed");
            if (in.length == 0) {
                assertEquals(WgResult.DONE, act);
                assertEquals(drops, d.dev.totalDrops());
                return;
            }
            assertEquals(WgResult.DROPPED, act, "peerless device accepted something");
            assertEquals(drops + 1, d.dev.totalDrops(), "exactly one drop counted");
            int type = in[0] & 0xFF;
            int expect;
            if (in.length < 4) {
                expect = WgReason.TRUNCATED;
            } else if (type < 1 || type > 4) {
                expect = WgReason.BAD_TYPE;
            } else {
                expect = got[type - 1];
            }
            if (expect != WgReason.OK) {
                assertEquals(expect, d.r.reason, "drop reason of the classification");
            } else {
                assertTrue(d.r.reason < 0 && d.r.reason != WgReason.TRUNCATED && d.r.reason != WgReason.WRONG_SIZE
                        && d.r.reason != WgReason.BAD_TYPE && d.r.reason != WgReason.BAD_RESERVED,
                        "well-formed message dropped for " + d.r.reason);
            }
        });
    }

    @Test
    @EnabledIfSystemProperty(named = "fuzz.writeSeeds", matches = "true")
    void writeSeeds() {
        FuzzCapture.build().writeSeeds(Fuzz.dir().resolve("wire"));
    }
}
