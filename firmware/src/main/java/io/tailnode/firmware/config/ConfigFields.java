package io.tailnode.firmware.config;

/**
 * The configuration keys: one table of names, kinds, ranges and build-time defaults, shared by the
 * provisioning record, the defaults properties and {@link DeviceConfig}. Numeric fields (ids below
 * {@link #INT_COUNT}) live in DeviceConfig's int array; text fields follow. Names are persisted in records:
 * never rename, only add. Units are in the names.
 */
public final class ConfigFields {
    public static final int MAX_PEERS = 0;
    public static final int ALLOWED_IPS_PER_PEER = 1;
    public static final int UDP_SOCKETS = 2;
    public static final int TCP_SOCKETS = 3;
    public static final int TCP_RX_BUFFER = 4;
    public static final int TCP_TX_BUFFER = 5;
    public static final int MTU = 6;
    public static final int PACKET_BUFFERS = 7;
    public static final int LOG_LEVEL = 8;
    public static final int LOG_BURST = 9;
    public static final int LOG_REFILL_MS = 10;
    public static final int LOG_LINE_BYTES = 11;
    public static final int KEYSTORE_MAX_RECORD = 12;
    public static final int CLOCK_FLOOR_LEASE_MS = 13;
    public static final int DRBG_RESEED_INTERVAL = 14;
    public static final int KEEPALIVE_S = 15;
    public static final int AUTH_KEY_REUSABLE = 16;
    /** WireGuard packets held per peer while it has no session (drop-oldest). */
    public static final int HELD_PACKETS = 17;
    /** Receive ring bytes per UDP socket of the tunnel IP stack. */
    public static final int UDP_RX_BUFFER = 18;
    /** HTTP services: longest header section (and request-parser line buffer) per connection. */
    public static final int HTTP_HEADER_BYTES = 19;
    /** Control client: HTTP/2 stream receive window (= per-stream buffer). */
    public static final int CONTROL_WINDOW = 20;
    /** HTTP services: concurrent connections (each a TCP slot); the other TCP slots go to the integrator. */
    public static final int HTTP_CONNECTIONS = 21;
    /** WireGuard replay window per keypair, in counters (a multiple of 64). */
    public static final int REPLAY_WINDOW = 22;
    /** WireGuard held-packet slots shared by all peers (0: held_packets for every peer slot, no sharing). */
    public static final int HELD_PACKETS_SHARED = 23;
    /** DERP connections open at once (home region + peers' regions); each is one TLS connection. */
    public static final int DERP_CONNECTIONS = 24;
    /** Disco path selectors lent to peers with traffic (0: one per peer slot, no sharing). */
    public static final int DISCO_PATHS = 25;
    /** DERP regions kept from the DERP map (each a dial node and a STUN node, live and staged). */
    public static final int DERP_REGIONS = 26;
    /** Number of numeric (int and boolean) fields. */
    public static final int INT_COUNT = 27;

    public static final int HOSTNAME = 27;
    public static final int CONTROL_URL = 28;
    /** Secret. */
    public static final int AUTH_KEY = 29;
    public static final int CONTROL_KEY = 30;
    public static final int COUNT = 31;

    static final int KIND_INT = 0;
    static final int KIND_BOOL = 1;
    static final int KIND_HOSTNAME = 2;
    static final int KIND_URL = 3;
    static final int KIND_SECRET = 4;
    static final int KIND_KEY32 = 5;

    public static final int HOSTNAME_MAX = 63;
    public static final int CONTROL_URL_MAX = 127;
    public static final int AUTH_KEY_MAX = 127;
    public static final int CONTROL_KEY_BYTES = 32;

    public static final String DEFAULT_HOSTNAME = "tailnode";
    public static final String DEFAULT_CONTROL_URL = "https://controlplane.tailscale.com";

    /** Index = field id. Lower-case ASCII, digits and '_'. */
    public static final String[] NAMES = {
        "max_peers", "allowed_ips_per_peer", "udp_sockets", "tcp_sockets", "tcp_rx_buffer", "tcp_tx_buffer",
        "mtu", "packet_buffers", "log_level", "log_burst", "log_refill_ms", "log_line_bytes",
        "keystore_max_record", "clock_floor_lease_ms", "drbg_reseed_interval", "keepalive_s",
        "auth_key_reusable", "held_packets", "udp_rx_buffer", "http_header_bytes", "control_window",
        "http_connections", "replay_window", "held_packets_shared", "derp_connections", "disco_paths", "derp_regions", "hostname", "control_url", "auth_key",
        "control_key",
    };

    static final int[] KIND = {
        KIND_INT, KIND_INT, KIND_INT, KIND_INT, KIND_INT, KIND_INT,
        KIND_INT, KIND_INT, KIND_INT, KIND_INT, KIND_INT, KIND_INT,
        KIND_INT, KIND_INT, KIND_INT, KIND_INT,
        KIND_BOOL, KIND_INT, KIND_INT, KIND_INT, KIND_INT, KIND_INT, KIND_INT, KIND_INT, KIND_INT,
        KIND_INT, KIND_INT,
        KIND_HOSTNAME, KIND_URL, KIND_SECRET, KIND_KEY32,
    };

    // Ranges: what the cores can be built with, not what a given board has RAM for (the board's properties
    // narrow that). MTU: 1280 is the IPv6 minimum and Tailscale's default on constrained links; 1420 is
    // WireGuard's usual 1500 - 80. TCP buffers: at least one 536-byte default MSS. Lease: 1 min..1 day. Held
    // packets: 0 sends nothing before a session exists. UDP ring: one 1280-byte datagram. HTTP header section:
    // 256 B. Control window: 1 KiB (flow control keeps every DATA frame within it). Replay window: one 64-bit
    // word up to wireguard-go's 8128 (shared wireguard.md §4); CoreSizing rounds it down to a multiple of 64.
    // Shared held packets: 0 gives every peer slot its held_packets (the host default). DERP connections: at
    // least the home region; 8 is far beyond what a board's TLS heap holds (each one is a TLS connection).
    // Disco paths: 0 gives every peer slot a selector (the host default). DERP regions: the home region at least;
    // 64 is twice Tailscale's map.
    static final int[] MIN = {
        1, 1, 1, 0, 536, 536,
        1280, 2, 0, 1, 10, 48,
        64, 60000, 1, 0,
        0, 0, 1280, 256, 1024, 1, 64, 0, 1,
        0, 1,
    };
    static final int[] MAX = {
        256, 64, 32, 16, 65535, 65535,
        1420, 64, 3, 1000, 3600000, 256,
        4096, 86400000, 1000000, 3600,
        1, 64, 65535, 16384, 1048576, 16, 8128, 4096, 8,
        256, 64,
    };
    /**
     * Build-time defaults. Log: INFO, 5 lines per event code in a burst then 1 per second. Key store record
     * 512 B (the provisioning record's bound). Clock floor lease 1 h (issue #3). DRBG reseed after 4096
     * generate requests. Keepalive 25 s (what Tailscale uses behind NAT). Held packets 4 per peer, UDP rings
     * 4 KiB, 4 KiB HTTP header sections, 16 KiB control stream windows, 2 HTTP connections (at most half the
     * TCP slots, CoreSizing), 2048-counter replay windows, 2 DERP connections (home + one peer region, as the
     * simulator runs), a disco path selector per peer slot, 8 DERP regions: the host's generous sizes; boards
     * narrow them in platform-config/boards/&lt;board&gt;/tailnode.properties.
     */
    static final int[] DEFAULTS = {
        16, 4, 4, 2, 2048, 2048,
        1280, 8, 2, 5, 1000, 120,
        512, 3600000, 4096, 25,
        0, 4, 4096, 4096, 16384, 2, 2048, 0, 2,
        0, 8,
    };

    private ConfigFields() {
    }

    /** The field id whose name equals {@code buf[off..off+len)}, or -1. */
    static int lookup(byte[] buf, int off, int len) {
        for (int id = 0; id < COUNT; id++) {
            String name = NAMES[id];
            if (name.length() != len) {
                continue;
            }
            int i = 0;
            while (i < len && buf[off + i] == (byte) name.charAt(i)) {
                i++;
            }
            if (i == len) {
                return id;
            }
        }
        return -1;
    }
}
