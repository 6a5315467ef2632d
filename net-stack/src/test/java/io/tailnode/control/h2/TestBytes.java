package io.tailnode.control.h2;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Test helpers: hex, ASCII, decoded header lists as "name: value" strings. */
public final class TestBytes {
    private TestBytes() {
    }

    public static byte[] hex(String s) {
        String h = s.replaceAll("[^0-9a-fA-F]", "");
        byte[] b = new byte[h.length() / 2];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) Integer.parseInt(h.substring(2 * i, 2 * i + 2), 16);
        }
        return b;
    }

    public static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    public static List<String> fields(HeaderList h) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < h.size(); i++) {
            out.add(new String(h.data(), h.nameOffset(i), h.nameLength(i), StandardCharsets.ISO_8859_1) + ": "
                    + new String(h.data(), h.valueOffset(i), h.valueLength(i), StandardCharsets.ISO_8859_1));
        }
        return out;
    }

    /** Test-side Huffman encoder (RFC 7541 §5.2): codes MSB first, padded with the EOS prefix (ones). */
    public static byte[] huffman(byte[] in) {
        long acc = 0;
        int bits = 0;
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (byte x : in) {
            int sym = x & 0xff;
            acc = (acc << Huffman.codeLength(sym)) | Huffman.code(sym);
            bits += Huffman.codeLength(sym);
            while (bits >= 8) {
                bits -= 8;
                out.write((int) (acc >>> bits) & 0xff);
            }
        }
        if (bits > 0) {
            int pad = 8 - bits;
            out.write((int) (((acc << pad) | ((1 << pad) - 1)) & 0xff));
        }
        return out.toByteArray();
    }
}
