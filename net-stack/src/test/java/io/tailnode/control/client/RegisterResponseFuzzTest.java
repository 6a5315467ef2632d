package io.tailnode.control.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import io.tailnode.testing.Fuzz;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Fuzz target "register" (docs/fuzzing.md): RegisterResponse bodies, mutated from the committed corpus. Properties:
 * nothing thrown; the input bytes are not written; whole-body and random-chunk parsing agree on the result and the
 * fields; a body we accept is JSON that Jackson accepts too.
 */
class RegisterResponseFuzzTest {
    private static final JsonFactory JACKSON = JsonFactory.builder().build();

    static String result(RegisterResponseParser p, byte[] in, Random chunks) {
        p.reset();
        int r = RegisterResponseParser.MORE;
        for (int o = 0; o < in.length && r >= RegisterResponseParser.OK; ) {
            int n = chunks == null ? in.length : 1 + chunks.nextInt(Math.max(1, in.length - o));
            n = Math.min(n, in.length - o);
            r = p.feed(in, o, n);
            o += n;
        }
        if (r >= RegisterResponseParser.OK) {
            r = p.finish();
        }
        return r + "|" + p.machineAuthorized() + "|" + p.nodeKeyExpired() + "|"
                + new String(p.authUrl(), 0, p.authUrlLength(), java.nio.charset.StandardCharsets.ISO_8859_1) + "|"
                + new String(p.error(), 0, p.errorLength(), java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    static boolean jacksonAccepts(byte[] doc) {
        try (JsonParser p = JACKSON.createParser(doc)) {
            if (p.nextToken() == null) {
                return false;
            }
            p.skipChildren();
            return p.nextToken() == null;
        } catch (Exception e) {
            return false;
        }
    }

    @Test
    void fuzz() {
        RegisterResponseParser whole = new RegisterResponseParser(4096, 256, 256);
        RegisterResponseParser split = new RegisterResponseParser(4096, 256, 256);
        Fuzz.Report report = Fuzz.run("register", in -> {
            byte[] copy = in.clone();
            String a = result(whole, in, null);
            String b = result(split, in, new Random(in.length * 31L + (in.length > 0 ? in[0] : 0)));
            assertArrayEquals(copy, in, "input untouched");
            int code = Integer.parseInt(a.substring(0, a.indexOf('|')));
            if (code == RegisterResponseParser.OK) {
                assertEquals(a, b, "chunking does not change the outcome");
                assertTrue(jacksonAccepts(in), "accepted only what is JSON");
            } else {
                assertTrue(b.startsWith("-"), "rejected whole, rejected split too: " + b);
            }
        });
        assertTrue(report.runs > 0);
    }
}
