package io.tailnode.control.h2;

import static io.tailnode.control.h2.TestBytes.ascii;
import static io.tailnode.control.h2.TestBytes.fields;
import static io.tailnode.control.h2.TestBytes.hex;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class HpackEncoderTest {
    @Test
    void encodesRequestByteExactlyAndDecodesBack() {
        byte[] buf = new byte[256];
        HpackEncoder e = new HpackEncoder().reset(buf, 0, buf.length);
        byte[] path = ascii("/machine/map");
        byte[] host = ascii("ctl");
        byte[] lbName = ascii("ts-lb");
        byte[] lb = ascii("x");
        e.indexed(HpackStaticTable.METHOD_POST).indexed(HpackStaticTable.SCHEME_HTTPS)
                .literal(HpackStaticTable.PATH_ROOT, path, 0, path.length)
                .literal(HpackStaticTable.AUTHORITY, host, 0, host.length)
                .literal(lbName, 0, lbName.length, lb, 0, lb.length);
        byte[] expected = hex("83 87 04 0c 2f6d616368696e652f6d6170 01 03 63746c 00 05 74732d6c62 01 78");
        assertArrayEquals(expected, Arrays.copyOf(buf, e.length()));
        HeaderList out = new HeaderList(512, 16);
        new HpackDecoder(0).decode(buf, 0, e.length(), out);
        assertEquals(List.of(":method: POST", ":scheme: https", ":path: /machine/map", ":authority: ctl", "ts-lb: x"),
                fields(out));
    }

    @Test
    void longValueUsesMultiByteIntegerAndOverflowIsSticky() {
        byte[] buf = new byte[300];
        byte[] v = new byte[200];
        HpackEncoder e = new HpackEncoder().reset(buf, 0, buf.length);
        e.literal(HpackStaticTable.USER_AGENT, v, 0, v.length);
        // index 58 = 15 + 43 -> 0f 2b; length 200 = 127 + 73 -> 7f 49
        assertArrayEquals(hex("0f2b 7f49"), Arrays.copyOf(buf, 4));
        assertEquals(204, e.length());
        e.literal(HpackStaticTable.USER_AGENT, v, 0, v.length);
        assertTrue(e.overflowed());
        assertEquals(204, e.length());
    }
}
