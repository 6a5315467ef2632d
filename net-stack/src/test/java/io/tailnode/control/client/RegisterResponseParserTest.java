package io.tailnode.control.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** RegisterResponse fields the client acts on; everything else skipped; malformed and oversized bodies refused. */
class RegisterResponseParserTest {
    static int parse(RegisterResponseParser p, String json, int chunk) {
        byte[] b = json.getBytes(StandardCharsets.UTF_8);
        p.reset();
        for (int o = 0; o < b.length; o += chunk) {
            int r = p.feed(b, o, Math.min(chunk, b.length - o));
            if (r < 0) {
                return r;
            }
        }
        return p.finish();
    }

    @Test
    void authorizedWithUserAndLoginSkippedAtEveryChunkSize() {
        String json = "{\"User\":{\"ID\":5,\"LoginName\":\"a@b\",\"Roles\":[1,[2,{\"x\":null}]]},\"Login\":{},"
                + "\"NodeKeyExpired\":false,\"MachineAuthorized\":true,\"AuthURL\":\"\",\"Error\":\"\"}";
        RegisterResponseParser p = new RegisterResponseParser(4096, 256, 256);
        for (int chunk = 1; chunk <= json.length(); chunk++) {
            assertEquals(RegisterResponseParser.OK, parse(p, json, chunk), "chunk " + chunk);
            assertTrue(p.machineAuthorized());
            assertFalse(p.nodeKeyExpired());
            assertEquals(0, p.authUrlLength());
            assertEquals(0, p.errorLength());
        }
    }

    @Test
    void authUrlErrorAndExpired() {
        RegisterResponseParser p = new RegisterResponseParser(4096, 256, 256);
        assertEquals(0, parse(p, "{\"AuthURL\":\"https://login.example/a/123\",\"MachineAuthorized\":false}", 7));
        assertEquals("https://login.example/a/123", new String(p.authUrl(), 0, p.authUrlLength(), StandardCharsets.UTF_8));
        assertFalse(p.machineAuthorized());
        assertEquals(0, parse(p, "{\"Error\":\"invalid key\"}", 100));
        assertEquals("invalid key", new String(p.error(), 0, p.errorLength(), StandardCharsets.UTF_8));
        assertEquals(0, parse(p, "{\"NodeKeyExpired\":true,\"AuthURL\":null}", 3));
        assertTrue(p.nodeKeyExpired());
    }

    @Test
    void malformedTruncatedWrongTypesAndOversizedAreRefused() {
        RegisterResponseParser p = new RegisterResponseParser(64, 256, 256);
        assertEquals(RegisterResponseParser.ERR_JSON, parse(p, "{\"MachineAuthorized\":true", 5));
        assertEquals(RegisterResponseParser.ERR_JSON, parse(p, "{\"MachineAuthorized\":tru}", 5));
        assertEquals(RegisterResponseParser.ERR_SCHEMA, parse(p, "{\"MachineAuthorized\":\"yes\"}", 5));
        assertEquals(RegisterResponseParser.ERR_SCHEMA, parse(p, "{\"AuthURL\":{}}", 5));
        assertEquals(RegisterResponseParser.ERR_SCHEMA, parse(p, "[true]", 5));
        assertEquals(RegisterResponseParser.ERR_JSON, parse(p, "{} {}", 5));
        assertEquals(RegisterResponseParser.ERR_TOO_LARGE, parse(p, "{\"User\":\"" + "x".repeat(80) + "\"}", 16));
        assertEquals(RegisterResponseParser.ERR_JSON, parse(p, "", 1));
    }
}
