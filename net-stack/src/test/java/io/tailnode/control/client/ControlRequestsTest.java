package io.tailnode.control.client;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Request bodies byte for byte (expected text written by hand from tailscale-protocol.md §2.5–§2.7, not produced by
 * the writer), plus escaping, endpoints of both families and the overflow rule.
 */
class ControlRequestsTest {
    static final String NK = "nodekey:" + "22".repeat(32);
    static final String DK = "discokey:" + "33".repeat(32);

    static RequestFields fields() {
        RequestFields f = new RequestFields();
        f.capVer = 130;
        java.util.Arrays.fill(f.nodeKey, (byte) 0x22);
        java.util.Arrays.fill(f.discoKey, (byte) 0x33);
        set(f.hostname, "plc-1");
        f.hostnameLength = 5;
        set(f.os, "tailnode");
        f.osLength = 8;
        set(f.ipnVersion, "0.1.0");
        f.ipnVersionLength = 5;
        return f;
    }

    static void set(byte[] dst, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        System.arraycopy(b, 0, dst, 0, b.length);
    }

    static String write(int which, RequestFields f) {
        byte[] out = new byte[2048];
        ControlRequests w = new ControlRequests();
        int n = which == 0 ? w.writeRegister(f, out, 0, out.length) : which == 1 ? w.writeMapPoll(f, out, 0, out.length)
                : w.writeLiteUpdate(f, out, 0, out.length);
        return new String(out, 0, n, StandardCharsets.UTF_8);
    }

    @Test
    void registerWithAuthKeyAndZeroOldKey() {
        RequestFields f = fields();
        set(f.authKey, "tskey-auth-k1");
        f.authKeyLength = 13;
        assertEquals("{\"Version\":130,\"NodeKey\":\"" + NK + "\",\"OldNodeKey\":\"nodekey:" + "0".repeat(64) + "\","
                + "\"Auth\":{\"AuthKey\":\"tskey-auth-k1\"},\"Expiry\":\"0001-01-01T00:00:00Z\","
                + "\"Hostinfo\":{\"IPNVersion\":\"0.1.0\",\"OS\":\"tailnode\",\"Hostname\":\"plc-1\"}}", write(0, f));
    }

    @Test
    void reRegisterWithOldKeyNoAuthAndFollowup() {
        RequestFields f = fields();
        java.util.Arrays.fill(f.oldNodeKey, (byte) 0xab);
        set(f.followup, "https://login.example/a/1");
        f.followupLength = 25;
        assertEquals("{\"Version\":130,\"NodeKey\":\"" + NK + "\",\"OldNodeKey\":\"nodekey:" + "ab".repeat(32) + "\","
                + "\"Expiry\":\"0001-01-01T00:00:00Z\",\"Followup\":\"https://login.example/a/1\","
                + "\"Hostinfo\":{\"IPNVersion\":\"0.1.0\",\"OS\":\"tailnode\",\"Hostname\":\"plc-1\"}}", write(0, f));
    }

    @Test
    void streamingMapRequest() {
        assertEquals("{\"Version\":130,\"Compress\":\"\",\"KeepAlive\":true,\"NodeKey\":\"" + NK + "\",\"DiscoKey\":\"" + DK
                + "\",\"Stream\":true,\"Hostinfo\":{\"IPNVersion\":\"0.1.0\",\"OS\":\"tailnode\",\"Hostname\":\"plc-1\"},"
                + "\"Endpoints\":[],\"EndpointTypes\":[]}", write(1, fields()));
    }

    @Test
    void liteUpdateWithNetInfoAndEndpointsOfBothFamilies() {
        RequestFields f = fields();
        f.preferredDerp = 3;
        byte[] e = f.endpoints;
        e[0] = 0x04;
        e[1] = (byte) 198;
        e[2] = 18;
        e[3] = 0;
        e[4] = 7;
        e[5] = (byte) 0xa2;
        e[6] = 0x49; // 41545
        e[19] = 0x06;
        e[20] = 0x20;
        e[21] = 0x01;
        e[22] = 0x00;
        e[23] = 0x02;
        e[35] = 0x01; // 2001:2:0:0:0:0:0:1
        e[36] = 0;
        e[37] = 80;
        f.endpointTypes[0] = 1;
        f.endpointTypes[1] = 2;
        f.endpointCount = 2;
        assertEquals("{\"Version\":130,\"Compress\":\"\",\"KeepAlive\":false,\"NodeKey\":\"" + NK + "\",\"DiscoKey\":\"" + DK
                + "\",\"Stream\":false,\"OmitPeers\":true,\"ReadOnly\":false,\"Hostinfo\":{\"IPNVersion\":\"0.1.0\","
                + "\"OS\":\"tailnode\",\"Hostname\":\"plc-1\",\"NetInfo\":{\"PreferredDERP\":3}},"
                + "\"Endpoints\":[\"198.18.0.7:41545\",\"[2001:2:0:0:0:0:0:1]:80\"],\"EndpointTypes\":[1,2]}", write(2, f));
    }

    @Test
    void stringsAreEscapedAndOverflowIsReported() {
        RequestFields f = fields();
        set(f.hostname, "a\"b\\c\u0001");
        f.hostnameLength = 6;
        String s = write(1, f);
        assertEquals(true, s.contains("\"Hostname\":\"a\\\"b\\\\c\\u0001\""), s);
        ControlRequests w = new ControlRequests();
        byte[] small = new byte[100];
        assertEquals(ControlRequests.OVERFLOW, w.writeMapPoll(f, small, 0, small.length));
        int full = write(1, fields()).length();
        byte[] exact = new byte[full];
        assertEquals(full, w.writeMapPoll(fields(), exact, 0, full));
        assertEquals(ControlRequests.OVERFLOW, w.writeMapPoll(fields(), exact, 0, full - 1));
    }
}
