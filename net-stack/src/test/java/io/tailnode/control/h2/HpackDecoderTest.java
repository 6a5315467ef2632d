package io.tailnode.control.h2;

import static io.tailnode.control.h2.TestBytes.fields;
import static io.tailnode.control.h2.TestBytes.hex;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** RFC 7541 Appendix C examples, decoded byte for byte, plus each rejection reason. */
class HpackDecoderTest {
    private final HeaderList out = new HeaderList(4096, 64);

    private List<String> decode(HpackDecoder d, String hexBlock) {
        byte[] b = hex(hexBlock);
        int r = d.decode(b, 0, b.length, out);
        assertEquals(out.size(), r, "decode result");
        return fields(out);
    }

    @Test
    void c2_1_literalWithIndexing() {
        HpackDecoder d = new HpackDecoder(4096);
        assertEquals(List.of("custom-key: custom-header"),
                decode(d, "400a 6375 7374 6f6d 2d6b 6579 0d63 7573 746f 6d2d 6865 6164 6572"));
        assertEquals(55, d.tableSize());
        assertEquals(1, d.tableEntries());
    }

    @Test
    void c2_2_literalWithoutIndexing() {
        HpackDecoder d = new HpackDecoder(4096);
        assertEquals(List.of(":path: /sample/path"), decode(d, "040c 2f73 616d 706c 652f 7061 7468"));
        assertEquals(0, d.tableSize());
    }

    @Test
    void c2_3_literalNeverIndexed() {
        HpackDecoder d = new HpackDecoder(4096);
        assertEquals(List.of("password: secret"), decode(d, "1008 7061 7373 776f 7264 0673 6563 7265 74"));
        assertEquals(0, d.tableSize());
    }

    @Test
    void c2_4_indexed() {
        HpackDecoder d = new HpackDecoder(4096);
        assertEquals(List.of(":method: GET"), decode(d, "82"));
        assertEquals(0, d.tableSize());
    }

    @Test
    void c3_requestsWithoutHuffman() {
        HpackDecoder d = new HpackDecoder(4096);
        assertEquals(List.of(":method: GET", ":scheme: http", ":path: /", ":authority: www.example.com"),
                decode(d, "8286 8441 0f77 7777 2e65 7861 6d70 6c65 2e63 6f6d"));
        assertEquals(57, d.tableSize());
        assertEquals(List.of(":method: GET", ":scheme: http", ":path: /", ":authority: www.example.com",
                "cache-control: no-cache"), decode(d, "8286 84be 5808 6e6f 2d63 6163 6865"));
        assertEquals(110, d.tableSize());
        assertEquals(List.of(":method: GET", ":scheme: https", ":path: /index.html", ":authority: www.example.com",
                "custom-key: custom-value"),
                decode(d, "8287 85bf 400a 6375 7374 6f6d 2d6b 6579 0c63 7573 746f 6d2d 7661 6c75 65"));
        assertEquals(164, d.tableSize());
        assertEquals(3, d.tableEntries());
    }

    @Test
    void c4_requestsWithHuffman() {
        HpackDecoder d = new HpackDecoder(4096);
        assertEquals(List.of(":method: GET", ":scheme: http", ":path: /", ":authority: www.example.com"),
                decode(d, "8286 8441 8cf1 e3c2 e5f2 3a6b a0ab 90f4 ff"));
        assertEquals(57, d.tableSize());
        assertEquals(List.of(":method: GET", ":scheme: http", ":path: /", ":authority: www.example.com",
                "cache-control: no-cache"), decode(d, "8286 84be 5886 a8eb 1064 9cbf"));
        assertEquals(110, d.tableSize());
        assertEquals(List.of(":method: GET", ":scheme: https", ":path: /index.html", ":authority: www.example.com",
                "custom-key: custom-value"),
                decode(d, "8287 85bf 4088 25a8 49e9 5ba9 7d7f 8925 a849 e95b b8e8 b4bf"));
        assertEquals(164, d.tableSize());
    }

    private static final String DATE1 = "date: Mon, 21 Oct 2013 20:13:21 GMT";
    private static final String DATE2 = "date: Mon, 21 Oct 2013 20:13:22 GMT";
    private static final String LOCATION = "location: https://www.example.com";
    private static final String COOKIE = "set-cookie: foo=ASDJKHQKBZXOQWEOPIUAXQWEOIU; max-age=3600; version=1";

    @Test
    void c5_responsesWithEviction() {
        HpackDecoder d = new HpackDecoder(256);
        assertEquals(List.of(":status: 302", "cache-control: private", DATE1, LOCATION), decode(d,
                "4803 3330 3258 0770 7269 7661 7465 611d 4d6f 6e2c 2032 3120 4f63 7420 3230 3133"
                + "2032 303a 3133 3a32 3120 474d 546e 1768 7474 7073 3a2f 2f77 7777 2e65 7861 6d70 6c65 2e63 6f6d"));
        assertEquals(222, d.tableSize());
        assertEquals(List.of(":status: 307", "cache-control: private", DATE1, LOCATION), decode(d, "4803 3330 37c1 c0bf"));
        assertEquals(222, d.tableSize());
        assertEquals(4, d.tableEntries());
        assertEquals(List.of(":status: 200", "cache-control: private", DATE2, LOCATION, "content-encoding: gzip", COOKIE),
                decode(d, "88c1 611d 4d6f 6e2c 2032 3120 4f63 7420 3230 3133 2032 303a 3133 3a32 3220 474d"
                + "54c0 5a04 677a 6970 7738 666f 6f3d 4153 444a 4b48 514b 425a 584f 5157 454f 5049"
                + "5541 5851 5745 4f49 553b 206d 6178 2d61 6765 3d33 3630 303b 2076 6572 7369 6f6e 3d31"));
        assertEquals(215, d.tableSize());
        assertEquals(3, d.tableEntries());
    }

    @Test
    void c6_responsesWithHuffmanAndEviction() {
        HpackDecoder d = new HpackDecoder(256);
        assertEquals(List.of(":status: 302", "cache-control: private", DATE1, LOCATION), decode(d,
                "4882 6402 5885 aec3 771a 4b61 96d0 7abe 9410 54d4 44a8 2005 9504 0b81 66e0 82a6"
                + "2d1b ff6e 919d 29ad 1718 63c7 8f0b 97c8 e9ae 82ae 43d3"));
        assertEquals(222, d.tableSize());
        assertEquals(List.of(":status: 307", "cache-control: private", DATE1, LOCATION), decode(d, "4883 640e ffc1 c0bf"));
        assertEquals(222, d.tableSize());
        assertEquals(List.of(":status: 200", "cache-control: private", DATE2, LOCATION, "content-encoding: gzip", COOKIE),
                decode(d, "88c1 6196 d07a be94 1054 d444 a820 0595 040b 8166 e084 a62d 1bff c05a 839b d9ab"
                + "77ad 94e7 821d d7f2 e6c7 b335 dfdf cd5b 3960 d5af 2708 7f36 72c1 ab27 0fb5 291f"
                + "9587 3160 65c0 03ed 4ee5 b106 3d50 07"));
        assertEquals(215, d.tableSize());
    }

    @Test
    void tableSizeUpdateToZeroEvictsAndStaticStillWorks() {
        HpackDecoder d = new HpackDecoder(4096);
        decode(d, "400a 6375 7374 6f6d 2d6b 6579 0d63 7573 746f 6d2d 6865 6164 6572");
        assertEquals(1, d.tableEntries());
        // 0x20 = size update to 0 (what Go sends after our SETTINGS), then :status 200.
        assertEquals(List.of(":status: 200"), decode(d, "20 88"));
        assertEquals(0, d.tableEntries());
        assertEquals(0, d.tableMaxSize());
        // An incremental-indexing literal into a 0-size table is legal and simply not stored.
        assertEquals(List.of("custom-key: custom-header"),
                decode(d, "400a 6375 7374 6f6d 2d6b 6579 0d63 7573 746f 6d2d 6865 6164 6572"));
        assertEquals(0, d.tableEntries());
        assertEquals(List.of(":status: 200"), decode(d, "3fe1 1f 88")); // back up to 4096 (max), then a field
        assertEquals(4096, d.tableMaxSize());
    }

    @Test
    void zeroCapacityDecoderAcceptsUpdateToZero() {
        HpackDecoder d = new HpackDecoder(0);
        assertEquals(List.of(":status: 200", "content-type: application/json"),
                decode(d, "20 88 5f10 6170 706c 6963 6174 696f 6e2f 6a73 6f6e"));
        assertEquals(0, d.tableEntries());
    }

    private int reject(HpackDecoder d, String hexBlock) {
        byte[] b = hex(hexBlock);
        return d.decode(b, 0, b.length, out);
    }

    @Test
    void rejections() {
        assertEquals(H2Reason.HPACK_BAD_INDEX, reject(new HpackDecoder(4096), "80"));
        assertEquals(H2Reason.HPACK_BAD_INDEX, reject(new HpackDecoder(4096), "be"));
        assertEquals(H2Reason.HPACK_BAD_INDEX, reject(new HpackDecoder(4096), "7e 00"));
        assertEquals(H2Reason.HPACK_TRUNCATED, reject(new HpackDecoder(4096), "ff"));
        assertEquals(H2Reason.HPACK_TRUNCATED, reject(new HpackDecoder(4096), "040c 2f73"));
        assertEquals(H2Reason.HPACK_TRUNCATED, reject(new HpackDecoder(4096), "04"));
        assertEquals(H2Reason.HPACK_BAD_INTEGER, reject(new HpackDecoder(4096), "ff ff ff ff ff 0f"));
        assertEquals(H2Reason.HPACK_BAD_TABLE_SIZE, reject(new HpackDecoder(0), "21"));
        assertEquals(H2Reason.HPACK_BAD_TABLE_SIZE, reject(new HpackDecoder(4096), "3fe2 1f"));
        assertEquals(H2Reason.HPACK_BAD_TABLE_SIZE, reject(new HpackDecoder(4096), "88 20"));
        // Huffman: EOS inside the string (30 ones), padding of 8 bits, padding with a zero bit.
        assertEquals(H2Reason.HPACK_BAD_HUFFMAN, reject(new HpackDecoder(4096), "04 84 ffff ffff"));
        assertEquals(H2Reason.HPACK_BAD_HUFFMAN, reject(new HpackDecoder(4096), "04 82 1f ff"));
        assertEquals(H2Reason.HPACK_BAD_HUFFMAN, reject(new HpackDecoder(4096), "04 81 1e"));
        HeaderList tiny = new HeaderList(8, 1);
        byte[] b = hex("040c 2f73 616d 706c 652f 7061 7468");
        assertEquals(H2Reason.HEADER_LIST_TOO_LARGE, new HpackDecoder(4096).decode(b, 0, b.length, tiny));
        b = hex("82 82");
        assertEquals(H2Reason.HEADER_LIST_TOO_LARGE, new HpackDecoder(4096).decode(b, 0, b.length, tiny));
    }
}
