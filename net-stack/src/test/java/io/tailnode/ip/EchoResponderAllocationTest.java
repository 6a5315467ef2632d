package io.tailnode.ip;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tailnode.testing.AllocationMeter;
import org.junit.jupiter.api.Test;

/** Runs in the allocation JVM (escape analysis off): 0 bytes per echo reply and per classification. */
class EchoResponderAllocationTest {
    private final EchoResponder responder = new EchoResponder(1420);
    private final InnerPacket inner = new InnerPacket();
    private final byte[] v4 = Packets.v4Echo(1420, true);
    private final byte[] v6 = Packets.hex(Packets.V6_REQUEST);
    private final byte[] out = new byte[1500];
    private final byte[] bad = Packets.hex(Packets.V4_REQUEST);

    EchoResponderAllocationTest() {
        responder.setAddressV4(Packets.DEVICE_V4, 0);
        responder.setAddressV6(Packets.DEVICE_V6, 0);
        bad[40] ^= 1;
    }

    @Test
    void echoReplyV4IntoCallerBuffer() {
        assertEquals(0, AllocationMeter.bytesPerCall(() -> responder.respond(v4, 0, v4.length, out, 0, out.length),
                20_000, 50_000));
    }

    @Test
    void echoReplyV6InPlaceTwiceRestoresTheRequest() {
        // Replying in place turns a request into a reply; run pairs so every call sees a request.
        assertEquals(0, AllocationMeter.bytesPerCall(() -> {
            responder.respond(v6, 0, v6.length);
            v6[40] = (byte) 128;
            v6[42] = (byte) 0xe5;
            v6[43] = (byte) 0x8f;
            byte[] a = v6;
            for (int i = 0; i < 16; i++) {
                byte t = a[8 + i];
                a[8 + i] = a[24 + i];
                a[24 + i] = t;
            }
        }, 20_000, 50_000));
        assertEquals(104, responder.respond(v6, 0, v6.length));
    }

    @Test
    void rejectionAndClassification() {
        assertEquals(0, AllocationMeter.bytesPerCall(() -> responder.respond(bad, 0, bad.length), 20_000, 50_000));
        assertEquals(0, AllocationMeter.bytesPerCall(() -> inner.parse(v4, 0, v4.length), 20_000, 50_000));
    }
}
