package io.tailnode.http;

import io.tailnode.lang.HotPath;
import io.tailnode.wg.WgConstants;
import io.tailnode.wg.WgPeerStatus;

/**
 * The {@code GET /status} body (RFC 8259 JSON), rendered a step at a time from a {@link StatusSource}:
 * <pre>
 * {"device":"..","public_key":"&lt;base64&gt;","addresses":["100.64.0.1","fd7a:115c:a1e0::1"],"uptime_ms":N,
 *  "clock_trust":"..","reset_cause":"..",["control":{"state":"..","auth_url":".."|null,"key_expiry_ms":N,
 *  "key_expiring_soon":B},]
 *  "peers":[{"public_key":"..","endpoint":"1.2.3.4:41641"|"derp:&lt;key&gt;"|null,"path":"direct"|"derp"|null,
 *            ["derp_region":N,]"last_handshake_age_ms":N|null,
 *            "rx_bytes":N,"tx_bytes":N,"rx_packets":N,"tx_packets":N,"has_session":true}],
 *  "drops":{"&lt;reason&gt;":N}[,"loop":{"longest_iteration_ms":N,"busy_total_ms":N,
 *  "iterations":[{"le_ms":N|null,"count":N}]}]}
 * </pre>
 * Step 0 is the device object up to "peers":[, then one step per peer slot, one per drop reason, and a closing
 * step (with the loop's iteration busy times when the source measures them: a histogram of at most 16 buckets,
 * "le_ms" null for +Inf); the largest step (step 0) fits in {@link HttpLimits#MIN_CHUNK}. Not thread-safe.
 */
final class StatusJson implements BodyRenderer {
    private final StatusSource source;
    private final WgPeerStatus peer = new WgPeerStatus();
    private final byte[] text = new byte[StatusSource.MAX_TEXT];
    private final byte[] scratch = new byte[WgConstants.KEY_SIZE];
    /** AuthURLs run longer than the other texts. */
    private final byte[] url = new byte[256];
    private int peerCount;
    private int dropCount;
    private boolean anyPeer;
    private long now;

    StatusJson(StatusSource source) {
        this.source = source;
    }

    @HotPath
    public void begin() {
        peerCount = source.peerCapacity();
        if (peerCount < 0) {
            peerCount = 0;
        }
        dropCount = source.dropReasonCount();
        if (dropCount < 0) {
            dropCount = 0;
        }
        anyPeer = false;
        now = source.uptimeMs();
    }

    @HotPath
    public int stepCount() {
        return 2 + peerCount + dropCount;
    }

    @HotPath
    public void render(int step, TextOut out) {
        if (step == 0) {
            device(out);
        } else if (step <= peerCount) {
            peer(step - 1, out);
        } else if (step <= peerCount + dropCount) {
            drop(step - 1 - peerCount, out);
        } else {
            out.ascii(dropCount == 0 ? "],\"drops\":{}" : "}");
            loop(out);
            out.ascii("}\n");
        }
    }

    /** Bucket bound so a misbehaving source cannot overflow the closing step's chunk. */
    private static final int MAX_LOOP_BUCKETS = 16;

    @HotPath
    private void loop(TextOut out) {
        int n = source.loopBucketCount();
        if (n <= 0) {
            return;
        }
        if (n > MAX_LOOP_BUCKETS) {
            n = MAX_LOOP_BUCKETS;
        }
        out.ascii(",\"loop\":{\"longest_iteration_ms\":");
        out.decimal(source.loopLongestIterationMs());
        out.ascii(",\"busy_total_ms\":");
        out.decimal(source.loopBusyTotalMs());
        out.ascii(",\"iterations\":[");
        for (int i = 0; i < n; i++) {
            out.ascii(i == 0 ? "{\"le_ms\":" : ",{\"le_ms\":");
            long le = source.loopBucketUpperMs(i);
            if (le == Long.MAX_VALUE) {
                out.ascii("null");
            } else {
                out.decimal(le);
            }
            out.ascii(",\"count\":");
            out.decimal(source.loopBucketIterations(i));
            out.raw('}');
        }
        out.ascii("]}");
    }

    @HotPath
    private void device(TextOut out) {
        out.ascii("{\"device\":");
        out.jsonString(text, 0, clamp(source.deviceName(text, 0, text.length), text.length));
        out.ascii(",\"public_key\":\"");
        source.publicKey(scratch, 0);
        out.base64(scratch, 0, WgConstants.KEY_SIZE);
        out.ascii("\",\"addresses\":[");
        int n = source.tunnelAddressCount();
        if (n > StatusSource.MAX_ADDRESSES) {
            n = StatusSource.MAX_ADDRESSES;
        }
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                out.raw(',');
            }
            out.raw('"');
            if (source.tunnelAddress(i, scratch, 0) == 16) {
                out.ipv6(scratch, 0);
            } else {
                out.ipv4(scratch, 0);
            }
            out.raw('"');
        }
        out.ascii("],\"uptime_ms\":");
        out.decimal(now);
        out.ascii(",\"clock_trust\":");
        out.jsonString(text, 0, clamp(source.clockTrust(text, 0, text.length), text.length));
        out.ascii(",\"reset_cause\":");
        out.jsonString(text, 0, clamp(source.resetCause(text, 0, text.length), text.length));
        int c = clamp(source.controlState(text, 0, text.length), text.length);
        if (c > 0) {
            out.ascii(",\"control\":{\"state\":");
            out.jsonString(text, 0, c);
            out.ascii(",\"auth_url\":");
            int u = clamp(source.controlAuthUrl(url, 0, url.length), url.length);
            if (u > 0) {
                out.jsonString(url, 0, u);
            } else {
                out.ascii("null");
            }
            out.ascii(",\"key_expiry_ms\":");
            out.decimal(source.controlKeyExpiry());
            out.ascii(source.controlKeyExpiringSoon() ? ",\"key_expiring_soon\":true}" : ",\"key_expiring_soon\":false}");
        }
        out.ascii(",\"peers\":[");
    }

    @HotPath
    private void peer(int slot, TextOut out) {
        if (!source.peerStatus(slot, peer)) {
            return;
        }
        if (anyPeer) {
            out.raw(',');
        }
        anyPeer = true;
        out.ascii("{\"public_key\":\"");
        out.base64(peer.publicKey, 0, WgConstants.KEY_SIZE);
        out.ascii("\",\"endpoint\":");
        if (peer.endpointLength > 0) {
            out.raw('"');
            Endpoints.write(out, peer.endpoint, clamp(peer.endpointLength, peer.endpoint.length));
            out.raw('"');
        } else {
            out.ascii("null");
        }
        // issue #7: whether WireGuard sends directly or through DERP, and via which region
        if (peer.endpointLength == 0) {
            out.ascii(",\"path\":null");
        } else if ((peer.endpoint[0] & 0xFF) == WgConstants.SOURCE_KIND_DERP) {
            out.ascii(",\"path\":\"derp\",\"derp_region\":");
            out.decimal(source.peerDerpRegion(slot));
        } else {
            out.ascii(",\"path\":\"direct\"");
        }
        out.ascii(",\"last_handshake_age_ms\":");
        if (peer.lastHandshakeMs != 0) {
            out.decimal(now - peer.lastHandshakeMs);
        } else {
            out.ascii("null");
        }
        out.ascii(",\"rx_bytes\":");
        out.decimal(peer.rxBytes);
        out.ascii(",\"tx_bytes\":");
        out.decimal(peer.txBytes);
        out.ascii(",\"rx_packets\":");
        out.decimal(peer.rxPackets);
        out.ascii(",\"tx_packets\":");
        out.decimal(peer.txPackets);
        out.ascii(",\"has_session\":");
        out.ascii(peer.hasSession ? "true}" : "false}");
    }

    @HotPath
    private void drop(int i, TextOut out) {
        out.ascii(i == 0 ? "],\"drops\":{" : ",");
        out.jsonString(text, 0, clamp(source.dropReasonName(i, text, 0, text.length), text.length));
        out.raw(':');
        out.decimal(source.dropCount(i));
    }

    /** A source returning a bad length must not make us read outside our own buffer. */
    @HotPath
    static int clamp(int len, int cap) {
        return len < 0 ? 0 : len > cap ? cap : len;
    }
}
