package io.tailnode.stun;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tailnode.testing.AllocationMeter;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * Runs in the allocation JVM: building a request, parsing a response and client rounds (restarts too) allocate
 * nothing.
 */
class StunAllocationTest {
    @Test
    void requestAndParseAllocateNothing() {
        byte[] tx = HexFormat.of().parseHex("b7e7a701bc34d686fa87dfae");
        byte[] v6 = HexFormat.of().parseHex("010100482112a442b7e7a701bc34d686fa87dfae8022000b7465737420766563746f722000"
                + "2000140002a1470113a9faa5d3f179bc25f4b5bed2b9d900080014a382954e4be67bf11784c97c8292c275bfe3ed41"
                + "80280004c8fb0b4c");
        byte[] out = new byte[64];
        StunResponse r = new StunResponse();
        long per = AllocationMeter.bytesPerCall(() -> {
            StunRequest.write(tx, 0, out, 0, out.length);
            if (r.parse(v6, 0, v6.length, tx, 0) != StunReason.OK) {
                throw new AssertionError();
            }
        }, 5000, 20000);
        assertEquals(0, per);
    }

    @Test
    void clientRoundsAllocateNothing() {
        StunClient client = new StunClient(StunClientTest.COUNTER);
        byte[] out = new byte[64];
        byte[] answer = new byte[32];
        byte[] ep = new byte[19];
        long[] now = {0};
        long per = AllocationMeter.bytesPerCall(() -> {
            long t = now[0] += StunClient.REFRESH_MS + 10;
            if ((t / (StunClient.REFRESH_MS + 10)) % 2 == 0) {
                client.restart(t); // every other round after a rebind: the old endpoint is dropped
            }
            if (client.poll(t, out, 0, 64) != StunRequest.LENGTH) {
                throw new AssertionError();
            }
            // The answer: the request's header turned into a success with one XOR-MAPPED-ADDRESS.
            System.arraycopy(out, 0, answer, 0, 20);
            answer[0] = 0x01;
            answer[1] = 0x01;
            answer[2] = 0;
            answer[3] = 12;
            answer[20] = 0;
            answer[21] = 0x20;
            answer[22] = 0;
            answer[23] = 8;
            answer[24] = 0;
            answer[25] = 1;
            if (client.receive(answer, 0, 32, t + 10) != StunReason.OK || client.endpoint(t + 10, ep, 0) != 7) {
                throw new AssertionError();
            }
        }, 2000, 10000);
        assertEquals(0, per);
    }
}
