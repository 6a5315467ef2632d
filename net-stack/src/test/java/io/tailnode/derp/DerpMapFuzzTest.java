package io.tailnode.derp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tailnode.control.json.MapResponseScanner;
import io.tailnode.testing.Fuzz;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * Fuzz target "derpmap" (docs/fuzzing.md): mutated MapResponse frames with DERP maps (CertName pins, names, empty
 * and over-long ones, STUN-only nodes) through the scanner into a {@link DerpRegions} that holds a committed table.
 * A frame the scanner rejects leaves the table exactly as it was; the outcome does not depend on how the frame is
 * cut into chunks; every kept node is consistent: a pin is 32 bytes whose text form is a {@code sha256-raw:} pin,
 * a pinned node's TLS name is its HostName, names fit the configured maximum.
 */
class DerpMapFuzzTest {
    static final byte[] BASE = DerpMapFixture.mapResponse(DerpMapFixture.oneRegion(77, "base.example",
            "sha256-raw:" + "5a".repeat(32), "198.18.7.7", 443, 3478));

    /** Everything the table answers, as text. */
    static String render(DerpRegions r) {
        StringBuilder sb = new StringBuilder();
        byte[] b = new byte[64];
        byte[] pin = new byte[32];
        for (int i = 0; i < r.size(); i++) {
            sb.append(r.regionIdAt(i)).append(':');
            if (r.hasDerpNode(i)) {
                sb.append(new String(b, 0, r.derpHost(i, b, 0), StandardCharsets.ISO_8859_1)).append('/')
                        .append(r.derpPort(i)).append('/')
                        .append(r.derpIpv4(i, b, 0) ? HexFormat.of().formatHex(b, 0, 4) : "-").append('/').append(r.derpPin(i, pin, 0) ? HexFormat.of().formatHex(pin) : "nopin").append('/')
                        .append(new String(b, 0, r.derpTlsName(i, b, 0), StandardCharsets.ISO_8859_1));
            }
            if (r.hasStun(i)) {
                sb.append(" stun ").append(new String(b, 0, r.stunHost(i, b, 0), StandardCharsets.ISO_8859_1))
                        .append('/').append(r.stunPort(i));
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    static DerpRegions committed() {
        DerpRegions r = new DerpRegions(4, 32);
        DerpMapFixture.scan(r, BASE);
        return r;
    }

    static int feed(DerpRegions r, byte[] in, int chunk) {
        MapResponseScanner s = new MapResponseScanner(4096, 4, 4, 4, 64, new DerpMapFixture.Feed(r));
        s.frameStart(in.length);
        int res = 0;
        for (int off = 0; off < in.length && res >= 0; off += chunk) {
            res = s.frameData(in, off, Math.min(chunk, in.length - off));
        }
        int end = s.frameEnd();
        return res < 0 ? res : end;
    }

    static void property(byte[] input) {
        DerpRegions r = committed();
        String before = render(r);
        byte[] copy = input.clone();
        int res = feed(r, input, Math.max(1, input.length));
        assertTrue(Arrays.equals(copy, input), "input untouched");
        String after = render(r);
        if (res < 0) {
            assertEquals(before, after, "a rejected frame changes nothing");
        }
        // any chunking, same outcome
        int chunk = 1 + Math.floorMod(Arrays.hashCode(input), 97);
        DerpRegions r2 = committed();
        assertEquals(res < 0, feed(r2, input, chunk) < 0);
        assertEquals(after, render(r2));
        byte[] pin = new byte[32];
        byte[] name = new byte[64];
        byte[] host = new byte[64];
        for (int i = 0; i < r.size(); i++) {
            if (!r.hasDerpNode(i)) {
                continue;
            }
            int n = r.derpTlsName(i, name, 0);
            assertTrue(n <= 32 && r.derpHost(i, host, 0) <= 32, "names fit maxHost");
            if (r.derpPin(i, pin, 0)) {
                assertTrue(r.derpHasCertName(i));
                byte[] text = ("sha256-raw:" + HexFormat.of().formatHex(pin)).getBytes(StandardCharsets.US_ASCII);
                byte[] back = new byte[32];
                assertTrue(CertPin.parse(text, 0, text.length, back, 0));
                assertTrue(Arrays.equals(pin, back));
                assertEquals(r.derpHost(i, host, 0), n, "a pinned node's TLS name is its HostName");
                assertTrue(Arrays.equals(host, 0, n, name, 0, n));
            }
        }
    }

    @Test
    void fuzzDerpMaps() {
        Fuzz.Report rep = Fuzz.run("derpmap", DerpMapFuzzTest::property);
        assertTrue(rep.seeds >= 4 && rep.runs > 0, rep.toString());
    }
}
