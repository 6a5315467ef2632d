package io.tailnode.stun;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tailnode.testing.AllocationMeter;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** Runs in the allocation JVM: building a request and parsing a response allocate nothing. */
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
}
