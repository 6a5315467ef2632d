package io.tailnode.http;

import io.tailnode.lang.HotPath;
import io.tailnode.wg.WgConstants;

/** Text form of a WireGuard endpoint (SourceAddress encoding): "a.b.c.d:port", "[v6]:port" or "derp:&lt;node key&gt;". */
final class Endpoints {
    private Endpoints() {
    }

    /** Writes the endpoint without quotes; an unknown kind or a short encoding prints "unknown". */
    @HotPath
    static void write(TextOut out, byte[] e, int len) {
        int kind = len > 0 ? e[0] & 0xFF : -1;
        if (kind == WgConstants.SOURCE_KIND_IPV4 && len >= 7) {
            out.ipv4(e, 1);
            out.raw(':');
            out.decimal((e[5] & 0xFF) << 8 | (e[6] & 0xFF));
        } else if (kind == WgConstants.SOURCE_KIND_IPV6 && len >= 19) {
            out.raw('[');
            out.ipv6(e, 1);
            out.ascii("]:");
            out.decimal((e[17] & 0xFF) << 8 | (e[18] & 0xFF));
        } else if (kind == WgConstants.SOURCE_KIND_DERP && len >= 1 + WgConstants.KEY_SIZE) {
            out.ascii("derp:");
            out.base64(e, 1, WgConstants.KEY_SIZE);
        } else {
            out.ascii("unknown");
        }
    }
}
