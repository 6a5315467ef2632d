package io.tailnode.http;

import io.tailnode.lang.HotPath;
import io.tailnode.wg.WgConstants;
import io.tailnode.wg.WgPeerStatus;

/**
 * The {@code GET /metrics} body: the /status counters in the Prometheus text exposition format (version 0.0.4):
 * one "# TYPE" line per family before its samples, families never interleaved, label values escaped.
 * <pre>
 * tailnode_uptime_seconds 12.345
 * tailnode_device_info{device="..",public_key="..",clock_trust="..",reset_cause=".."} 1
 * tailnode_peer_{rx,tx}_{bytes,packets}_total{peer="&lt;base64&gt;"} N
 * tailnode_peer_last_handshake_age_seconds{peer=".."} 1.234   (peers that completed a handshake)
 * tailnode_drops_total{reason=".."} N
 * tailnode_loop_iteration_longest_seconds 0.012          (when the source measures the event loop)
 * tailnode_loop_iteration_seconds_bucket{le="0.001"} N   (cumulative; _sum and _count follow)
 * </pre>
 * Steps: 0 = device families; then family-major, slot-minor over {@link #PEER_FAMILIES} x peer slots (the TYPE
 * line with slot 0, so a family's samples stay together); then one step per drop reason; then the loop's
 * iteration busy times (an empty step when not measured). Not thread-safe.
 */
final class MetricsText implements BodyRenderer {
    private static final int PEER_FAMILIES = 5;

    private final StatusSource source;
    private final WgPeerStatus peer = new WgPeerStatus();
    private final byte[] text = new byte[StatusSource.MAX_TEXT];
    private final byte[] key = new byte[WgConstants.KEY_SIZE];
    private int peerCount;
    private int dropCount;
    private long now;

    MetricsText(StatusSource source) {
        this.source = source;
    }

    @HotPath
    public void begin() {
        peerCount = Math.max(0, source.peerCapacity());
        dropCount = Math.max(0, source.dropReasonCount());
        now = source.uptimeMs();
    }

    @HotPath
    public int stepCount() {
        return 1 + PEER_FAMILIES * peerCount + dropCount + 1;
    }

    @HotPath
    public void render(int step, TextOut out) {
        if (step == 0) {
            device(out);
        } else if (step <= PEER_FAMILIES * peerCount) {
            int k = step - 1;
            peer(k / peerCount, k % peerCount, out);
        } else if (step == stepCount() - 1) {
            loop(out);
        } else {
            int i = step - 1 - PEER_FAMILIES * peerCount;
            if (i == 0) {
                out.ascii("# TYPE tailnode_drops_total counter\n");
            }
            out.ascii("tailnode_drops_total{reason=\"");
            out.promLabelValue(text, 0, StatusJson.clamp(source.dropReasonName(i, text, 0, text.length), text.length));
            out.ascii("\"} ");
            out.decimal(source.dropCount(i));
            out.raw('\n');
        }
    }

    @HotPath
    private void device(TextOut out) {
        out.ascii("# TYPE tailnode_uptime_seconds gauge\ntailnode_uptime_seconds ");
        seconds(now, out);
        out.ascii("\n# TYPE tailnode_device_info gauge\ntailnode_device_info{device=\"");
        out.promLabelValue(text, 0, StatusJson.clamp(source.deviceName(text, 0, text.length), text.length));
        out.ascii("\",public_key=\"");
        source.publicKey(key, 0);
        out.base64(key, 0, WgConstants.KEY_SIZE);
        out.ascii("\",clock_trust=\"");
        out.promLabelValue(text, 0, StatusJson.clamp(source.clockTrust(text, 0, text.length), text.length));
        out.ascii("\",reset_cause=\"");
        out.promLabelValue(text, 0, StatusJson.clamp(source.resetCause(text, 0, text.length), text.length));
        out.ascii("\"} 1\n");
    }

    /** Bucket bound so a misbehaving source cannot overflow the step's chunk. */
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
        out.ascii("# TYPE tailnode_loop_iteration_longest_seconds gauge\ntailnode_loop_iteration_longest_seconds ");
        seconds(source.loopLongestIterationMs(), out);
        out.ascii("\n# TYPE tailnode_loop_iteration_seconds histogram\n");
        long cumulative = 0;
        for (int i = 0; i < n; i++) {
            cumulative += source.loopBucketIterations(i);
            long le = source.loopBucketUpperMs(i);
            out.ascii("tailnode_loop_iteration_seconds_bucket{le=\"");
            if (le == Long.MAX_VALUE) {
                out.ascii("+Inf");
            } else {
                seconds(le, out);
            }
            out.ascii("\"} ");
            out.decimal(cumulative);
            out.raw('\n');
        }
        out.ascii("tailnode_loop_iteration_seconds_sum ");
        seconds(source.loopBusyTotalMs(), out);
        out.ascii("\ntailnode_loop_iteration_seconds_count ");
        out.decimal(cumulative);
        out.raw('\n');
    }

    @HotPath
    private void peer(int family, int slot, TextOut out) {
        if (slot == 0) {
            out.ascii("# TYPE ");
            name(family, out);
            out.ascii(family == 4 ? " gauge\n" : " counter\n");
        }
        if (!source.peerStatus(slot, peer) || (family == 4 && peer.lastHandshakeMs == 0)) {
            return;
        }
        name(family, out);
        out.ascii("{peer=\"");
        out.base64(peer.publicKey, 0, WgConstants.KEY_SIZE);
        out.ascii("\"} ");
        if (family == 0) {
            out.decimal(peer.rxBytes);
        } else if (family == 1) {
            out.decimal(peer.txBytes);
        } else if (family == 2) {
            out.decimal(peer.rxPackets);
        } else if (family == 3) {
            out.decimal(peer.txPackets);
        } else {
            seconds(now - peer.lastHandshakeMs, out);
        }
        out.raw('\n');
    }

    @HotPath
    private static void name(int family, TextOut out) {
        if (family == 0) {
            out.ascii("tailnode_peer_rx_bytes_total");
        } else if (family == 1) {
            out.ascii("tailnode_peer_tx_bytes_total");
        } else if (family == 2) {
            out.ascii("tailnode_peer_rx_packets_total");
        } else if (family == 3) {
            out.ascii("tailnode_peer_tx_packets_total");
        } else {
            out.ascii("tailnode_peer_last_handshake_age_seconds");
        }
    }

    /** Milliseconds as seconds with three decimals (Prometheus base unit), written without floating point. */
    @HotPath
    private static void seconds(long ms, TextOut out) {
        if (ms < 0) {
            out.raw('-');
            ms = -ms;
        }
        out.decimal(ms / 1000);
        out.raw('.');
        out.decimalPadded(ms % 1000, 3);
    }
}
