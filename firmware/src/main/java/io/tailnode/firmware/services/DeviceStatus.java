package io.tailnode.firmware.services;

import io.tailnode.filter.FilterReason;
import io.tailnode.filter.InboundFilter;
import io.tailnode.firmware.hal.Clock;
import io.tailnode.http.StatusSource;
import io.tailnode.ip.IpStack;
import io.tailnode.ip.tcp.TcpStack;
import io.tailnode.lang.HotPath;
import io.tailnode.wg.WgDrop;
import io.tailnode.wg.WgPeerStatus;
import io.tailnode.wg.WireGuardDevice;

/**
 * {@link StatusSource} over the device's facts: name, the WireGuard interface's public key (never the private
 * one: it is not reachable from here), tunnel addresses, uptime (monotonic ms since the loop's clock started),
 * peers ({@link WireGuardDevice#peerStatus}), drop counters (every {@link WgDrop} code, every IP-layer reason,
 * TCP's segment-drop reasons), clock trust (the board clock's {@link Clock#wallTrusted}) and the last reset
 * cause given at start-up ("power-on" in the simulator). The counters of IP and TCP appear once
 * {@link DeviceServices} has {@link #attach attached} its stacks; the inbound filter's drop reasons
 * ({@code filter_*}) once tailnet mode has {@link #attachFilter attached} its filter (wg-config mode has none).
 * Nothing here allocates after construction.
 */
public final class DeviceStatus implements StatusSource {
    private io.tailnode.control.client.ControlClient control;
    private static final String[] IP_NAMES = {
        "ip_truncated",
        "ip_bad_version",
        "ip_bad_header_length",
        "ip_bad_total_length",
        "ip_bad_header_checksum",
        "ip_fragment",
        "ip_unsupported_header",
        "ip_not_for_us",
        "ip_not_icmp",
        "ip_not_echo_request",
        "ip_bad_icmp_checksum",
        "ip_bad_source",
        "ip_oversized",
        "ip_buffer_too_small",
        "ip_bad_udp_length",
        "ip_bad_udp_checksum",
        "ip_port_unreachable",
        "ip_protocol_unreachable",
        "ip_receive_ring_full",
        "ip_output_queue_full",
        "ip_transport_dropped"
    };
    /** TcpReason codes -12 .. -28 (segment drops; socket API results are not drops). */
    private static final int TCP_FIRST = 12;
    private static final String[] TCP_NAMES = {
        "tcp_truncated",
        "tcp_bad_data_offset",
        "tcp_bad_option",
        "tcp_bad_flags",
        "tcp_bad_checksum",
        "tcp_bad_ip",
        "tcp_not_for_us",
        "tcp_no_socket",
        "tcp_backlog_full",
        "tcp_out_of_window",
        "tcp_bad_ack",
        "tcp_reassembly_full",
        "tcp_rst_not_exact",
        "tcp_syn_in_synchronized",
        "tcp_no_ack",
        "tcp_unexpected",
        "tcp_reset_queue_full"
    };
    private static final String TRUSTED = "trusted";
    private static final String UNTRUSTED = "untrusted";

    private final WireGuardDevice wg;
    private final Clock clock;
    private final byte[] name;
    private final byte[] resetCause;
    private final byte[] addresses = new byte[MAX_ADDRESSES * 16];
    private final int[] addressLengths = new int[MAX_ADDRESSES];
    private int addressCount;
    private IpStack ip;
    private TcpStack tcp;
    private InboundFilter filter;
    private io.tailnode.control.map.NetmapApplier netmap;
    private int homeDerp;

    /** {@code name} and {@code resetCause}: ASCII, truncated to {@link StatusSource#MAX_TEXT}. */
    public DeviceStatus(WireGuardDevice wg, Clock clock, String name, String resetCause) {
        if (wg == null || clock == null) {
            throw new IllegalArgumentException("status");
        }
        this.wg = wg;
        this.clock = clock;
        this.name = ascii(name);
        this.resetCause = ascii(resetCause);
    }

    private static byte[] ascii(String s) {
        int n = s == null ? 0 : Math.min(s.length(), MAX_TEXT);
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            b[i] = c < 0x80 ? (byte) c : (byte) '?';
        }
        return b;
    }

    /** Adds a tunnel address (4 or 16 bytes); false when {@link StatusSource#MAX_ADDRESSES} are listed. */
    public boolean addTunnelAddress(byte[] a, int off, int len) {
        if ((len != 4 && len != 16) || addressCount == MAX_ADDRESSES) {
            return false;
        }
        System.arraycopy(a, off, addresses, addressCount * 16, len);
        addressLengths[addressCount++] = len;
        return true;
    }

    void attach(IpStack ip, TcpStack tcp) {
        this.ip = ip;
        this.tcp = tcp;
    }

    /** Tailnet mode: report the inbound filter's drops ({@code filter_no_rule}, ...) after the other reasons. */
    public void attachFilter(InboundFilter f) {
        filter = f;
    }

    @HotPath
    private static int copy(byte[] src, byte[] out, int off, int cap) {
        int n = Math.min(src.length, cap);
        System.arraycopy(src, 0, out, off, n);
        return n;
    }

    @HotPath
    private static int copy(String src, byte[] out, int off, int cap) {
        int n = Math.min(src.length(), cap);
        for (int i = 0; i < n; i++) {
            out[off + i] = (byte) src.charAt(i);
        }
        return n;
    }

    @Override
    public int deviceName(byte[] out, int off, int cap) {
        return copy(name, out, off, cap);
    }

    @Override
    public void publicKey(byte[] out, int off) {
        wg.staticPublic(out, off);
    }

    @Override
    public int tunnelAddressCount() {
        return addressCount;
    }

    @Override
    public int tunnelAddress(int i, byte[] out, int off) {
        int len = addressLengths[i];
        System.arraycopy(addresses, i * 16, out, off, len);
        return len;
    }

    @Override
    public long uptimeMs() {
        return clock.monotonicMillis() + 1;
    }

    @Override
    public int clockTrust(byte[] out, int off, int cap) {
        return copy(clock.wallTrusted() ? TRUSTED : UNTRUSTED, out, off, cap);
    }

    @Override
    public int resetCause(byte[] out, int off, int cap) {
        return copy(resetCause, out, off, cap);
    }

    @Override
    public int peerCapacity() {
        return wg.peerCapacity();
    }

    /** Issue #7: where peers' home DERP regions come from (tailnet mode), and our home region as the fallback. */
    public void setDerpRegions(io.tailnode.control.map.NetmapApplier netmap) {
        this.netmap = netmap;
    }

    /** Issue #7: our home DERP region (0 = none), used for peers without one. */
    public void setHomeDerpRegion(int region) {
        homeDerp = region;
    }

    @Override
    public int peerDerpRegion(int slot) {
        int r = netmap == null ? 0 : netmap.derpRegionOfSlot(slot);
        return r != 0 ? r : homeDerp;
    }

    @Override
    public boolean peerStatus(int slot, WgPeerStatus out) {
        return wg.peerStatus(slot, out);
    }

    @Override
    public int dropReasonCount() {
        return WgDrop.codeCount() + IP_NAMES.length + TCP_NAMES.length + (filter == null ? 0 : FilterReason.DROP_COUNT);
    }

    @Override
    public int dropReasonName(int i, byte[] out, int off, int cap) {
        int wgCount = WgDrop.codeCount();
        if (i < wgCount) {
            return copy(WgDrop.nameAt(i), out, off, cap);
        }
        i -= wgCount;
        if (i < IP_NAMES.length) {
            return copy(IP_NAMES[i], out, off, cap);
        }
        i -= IP_NAMES.length;
        if (i < TCP_NAMES.length) {
            return copy(TCP_NAMES[i], out, off, cap);
        }
        return copy(FilterReason.dropName(-(i - TCP_NAMES.length + 1)), out, off, cap);
    }

    @Override
    public long dropCount(int i) {
        int wgCount = WgDrop.codeCount();
        if (i < wgCount) {
            return wg.drops(WgDrop.codeAt(i));
        }
        i -= wgCount;
        if (i < IP_NAMES.length) {
            return ip == null ? 0 : ip.dropCount(-(i + 1));
        }
        i -= IP_NAMES.length;
        if (i < TCP_NAMES.length) {
            return tcp == null ? 0 : tcp.dropCount(-(i + TCP_FIRST));
        }
        return filter == null ? 0 : filter.count(-(i - TCP_NAMES.length + 1));
    }

    /** The control client whose state the status page shows (tailnet mode); null in wg-quick mode. */
    public void setControl(io.tailnode.control.client.ControlClient client) {
        control = client;
    }

    @Override
    public int controlState(byte[] out, int off, int cap) {
        return control == null ? 0 : copy(io.tailnode.control.client.ControlState.name(control.state()), out, off, cap);
    }

    @Override
    public int controlAuthUrl(byte[] out, int off, int cap) {
        if (control == null) {
            return 0;
        }
        int n = Math.min(control.authUrlLength(), cap);
        System.arraycopy(control.authUrl(), 0, out, off, n);
        return n;
    }

    @Override
    public long controlKeyExpiry() {
        return control == null ? 0 : control.keyExpiry();
    }

    @Override
    public boolean controlKeyExpiringSoon() {
        return control != null && control.keyExpiringSoon(clock.monotonicMillis() + 1);
    }

    // ---- the event loop's iteration busy times (TunnelLoop#timing), when attached

    private io.tailnode.firmware.loop.IterationTiming loopTiming;

    /** Reports the loop's iteration busy times on /status and /metrics. */
    public void attachLoopTiming(io.tailnode.firmware.loop.IterationTiming t) {
        loopTiming = t;
    }

    @Override
    public int loopBucketCount() {
        return loopTiming == null ? 0 : loopTiming.bucketCount();
    }

    @Override
    public long loopBucketUpperMs(int i) {
        return loopTiming == null ? Long.MAX_VALUE : loopTiming.bucketUpperMs(i);
    }

    @Override
    public long loopBucketIterations(int i) {
        return loopTiming == null ? 0 : loopTiming.bucketIterations(i);
    }

    @Override
    public long loopLongestIterationMs() {
        return loopTiming == null ? 0 : loopTiming.longestMs();
    }

    @Override
    public long loopBusyTotalMs() {
        return loopTiming == null ? 0 : loopTiming.totalMs();
    }
}
