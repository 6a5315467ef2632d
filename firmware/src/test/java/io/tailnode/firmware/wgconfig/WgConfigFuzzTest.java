package io.tailnode.firmware.wgconfig;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tailnode.testing.Fuzz;
import io.tailnode.testing.Fuzz.Guarded;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * Fuzz target {@code wgconfig}: {@link WgConfigParser#parse} on mutated wg-quick files (seeds under
 * {@code fuzz/wgconfig/}: real configs, one invalid). The target holder starts each input with a known valid
 * configuration. Properties: nothing thrown; the input bytes and everything around them untouched; a known
 * status code; on rejection the holder's content (its whole snapshot: keys, addresses, peers, endpoints,
 * allowed IPs) is exactly what it was and the error line lies within the file; on acceptance a second parse
 * of the same bytes into a fresh holder gives the same content (no state carried over between parses).
 */
class WgConfigFuzzTest {
    private final WgConfigParser parser = new WgConfigParser(4, 4, 4);
    private final WgConfig target = new WgConfig(4, 4, 4);
    private final WgConfig again = new WgConfig(4, 4, 4);

    @Test
    void wgconfig() {
        byte[] baseline = Fuzz.read(Fuzz.dir().resolve("wgconfig").resolve("good-full.conf"));
        assertEquals(WgConfigStatus.OK, parser.parse(baseline, 0, baseline.length, target));
        String before = WgConfigSnapshot.of(target);
        Fuzz.run("wgconfig", in -> {
            Guarded g = new Guarded(in, 8, 8, Arrays.hashCode(in));
            int status = parser.parse(g.buf, g.off, g.len, target);
            assertTrue(g.unchanged(), "parser wrote to its input");
            assertTrue(status <= 0 && status >= -WgConfigStatus.COUNT, "status " + status);
            int lines = 1;
            for (byte b : in) {
                if (b == '\n') {
                    lines++;
                }
            }
            if (status != WgConfigStatus.OK) {
                assertEquals(before, WgConfigSnapshot.of(target), "target changed by a rejected file");
                assertTrue(parser.errorLine() >= 0 && parser.errorLine() <= lines, "line " + parser.errorLine());
                return;
            }
            assertEquals(0, parser.errorLine());
            String accepted = WgConfigSnapshot.of(target);
            assertEquals(status, parser.parse(g.buf, g.off, g.len, again));
            assertEquals(accepted, WgConfigSnapshot.of(again), "same bytes, different result");
            assertEquals(WgConfigStatus.OK, parser.parse(baseline, 0, baseline.length, target));
            assertEquals(before, WgConfigSnapshot.of(target));
        });
    }
}
