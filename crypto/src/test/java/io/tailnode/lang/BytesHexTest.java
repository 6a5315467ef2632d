package io.tailnode.lang;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** Bytes.hexDigit / decodeHex: both cases accepted, anything else refused with the output untouched. */
class BytesHexTest {

    @Test
    void digitValuesMatchTheJdk() {
        for (int c = 0; c < 256; c++) {
            int expected = Character.digit((char) c, 16);
            boolean asciiHex = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
            assertEquals(asciiHex ? expected : -1, Bytes.hexDigit(c), "char " + c);
        }
        assertEquals(-1, Bytes.hexDigit((byte) 0xB0), "a negative byte is not a digit");
    }

    @Test
    void decodesMixedCaseAtOffsets() {
        byte[] src = "xx00fFa5C3zz".getBytes(StandardCharsets.US_ASCII);
        byte[] out = new byte[6];
        assertTrue(Bytes.decodeHex(src, 2, 4, out, 1));
        assertArrayEquals(new byte[] {0, 0x00, (byte) 0xFF, (byte) 0xA5, (byte) 0xC3, 0}, out);
    }

    @Test
    void badDigitAnywhereLeavesOutputUntouched() {
        String good = HexFormat.of().formatHex(new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
        for (int bad = 0; bad < good.length(); bad++) {
            byte[] src = good.getBytes(StandardCharsets.US_ASCII);
            src[bad] = 'g';
            byte[] out = new byte[8];
            java.util.Arrays.fill(out, (byte) 0x5A);
            assertFalse(Bytes.decodeHex(src, 0, 8, out, 0), "bad digit at " + bad);
            for (byte b : out) {
                assertEquals(0x5A, b);
            }
        }
    }
}
