package io.tailnode.firmware.config;

/**
 * Every capacity and timer the cores are built with, plus the device's identity settings (hostname,
 * control URL, pinned control key, auth key). Cores allocate their tables from these values at construction;
 * nothing here changes at run time except through {@link ConfigParser} (all or nothing) and
 * {@link #wipeAuthKey()}.
 * <p>
 * Precedence: compiled-in defaults ({@link ConfigFields#DEFAULTS}) &lt; defaults properties (board
 * platform-config, simulator file) &lt; provisioning record from the key store.
 * <p>
 * The auth key is a secret. This class has no {@code toString}; {@link #describe} writes a status text that
 * says only whether an auth key is set. The key leaves only through {@link #copyAuthKey}, for the
 * registration request. Allocation at construction only; not thread-safe.
 */
public final class DeviceConfig {
    private final int[] ints = new int[ConfigFields.INT_COUNT];
    private final byte[] hostname = new byte[ConfigFields.HOSTNAME_MAX];
    private final byte[] controlUrl = new byte[ConfigFields.CONTROL_URL_MAX];
    private final byte[] authKey = new byte[ConfigFields.AUTH_KEY_MAX];
    private final byte[] controlKey = new byte[ConfigFields.CONTROL_KEY_BYTES];
    private final StatusWriter status = new StatusWriter();
    private int hostnameLen;
    private int controlUrlLen;
    private int authKeyLen;
    private boolean hasControlKey;

    /** A configuration holding the compiled-in defaults. */
    public DeviceConfig() {
        resetToBuildDefaults();
    }

    /** Back to the compiled-in defaults; the auth key is wiped. */
    public void resetToBuildDefaults() {
        System.arraycopy(ConfigFields.DEFAULTS, 0, ints, 0, ConfigFields.INT_COUNT);
        hostnameLen = copyAscii(ConfigFields.DEFAULT_HOSTNAME, hostname);
        controlUrlLen = copyAscii(ConfigFields.DEFAULT_CONTROL_URL, controlUrl);
        wipeAuthKey();
        wipe(controlKey);
        hasControlKey = false;
    }

    public int maxPeers() {
        return ints[ConfigFields.MAX_PEERS];
    }

    public int allowedIpsPerPeer() {
        return ints[ConfigFields.ALLOWED_IPS_PER_PEER];
    }

    public int udpSockets() {
        return ints[ConfigFields.UDP_SOCKETS];
    }

    public int tcpSockets() {
        return ints[ConfigFields.TCP_SOCKETS];
    }

    /** Bytes of receive buffer per TCP socket. */
    public int tcpRxBufferBytes() {
        return ints[ConfigFields.TCP_RX_BUFFER];
    }

    /** Bytes of send buffer per TCP socket. */
    public int tcpTxBufferBytes() {
        return ints[ConfigFields.TCP_TX_BUFFER];
    }

    /** Tunnel MTU in bytes (inner IP packet). */
    public int mtu() {
        return ints[ConfigFields.MTU];
    }

    /** Packet buffers in the pool shared by the data plane. */
    public int packetBuffers() {
        return ints[ConfigFields.PACKET_BUFFERS];
    }

    /** Logger threshold, an {@code io.tailnode.firmware.log.LogLevel} value. */
    public int logLevel() {
        return ints[ConfigFields.LOG_LEVEL];
    }

    /** Lines per event code in a burst (rate-limit bucket size). */
    public int logBurst() {
        return ints[ConfigFields.LOG_BURST];
    }

    /** Milliseconds for an event code to regain one line. */
    public int logRefillMillis() {
        return ints[ConfigFields.LOG_REFILL_MS];
    }

    public int logLineBytes() {
        return ints[ConfigFields.LOG_LINE_BYTES];
    }

    /** Largest record the key store accepts, in bytes. */
    public int keystoreMaxRecordBytes() {
        return ints[ConfigFields.KEYSTORE_MAX_RECORD];
    }

    /** How far ahead of now the persisted clock floor is set, and so how often it is rewritten. */
    public int clockFloorLeaseMillis() {
        return ints[ConfigFields.CLOCK_FLOOR_LEASE_MS];
    }

    /** DRBG generate requests between reseeds from the entropy HAL. */
    public int drbgReseedInterval() {
        return ints[ConfigFields.DRBG_RESEED_INTERVAL];
    }

    /** WireGuard persistent keepalive in seconds; 0 = off. */
    public int keepaliveSeconds() {
        return ints[ConfigFields.KEEPALIVE_S];
    }

    /** True if the auth key survives a successful registration (a reusable key provisioned on purpose). */
    public boolean authKeyReusable() {
        return ints[ConfigFields.AUTH_KEY_REUSABLE] != 0;
    }

    /** WireGuard packets held per peer while no session exists (the oldest is dropped when full). */
    public int heldPacketsPerPeer() {
        return ints[ConfigFields.HELD_PACKETS];
    }

    /** WireGuard held-packet slots shared by all peers; 0 = heldPacketsPerPeer for every peer slot. */
    public int heldPacketsShared() {
        return ints[ConfigFields.HELD_PACKETS_SHARED];
    }

    /** Receive ring bytes per UDP socket on the tunnel. */
    public int udpRxBufferBytes() {
        return ints[ConfigFields.UDP_RX_BUFFER];
    }

    /** Longest HTTP header section the device services accept (longer: 431). */
    public int httpHeaderBytes() {
        return ints[ConfigFields.HTTP_HEADER_BYTES];
    }

    /** HTTP/2 stream receive window of the control client, bytes (each stream buffers this much). */
    public int controlWindowBytes() {
        return ints[ConfigFields.CONTROL_WINDOW];
    }

    /** Concurrent HTTP connections of the device services. */
    public int httpConnections() {
        return ints[ConfigFields.HTTP_CONNECTIONS];
    }

    /** WireGuard replay window per keypair, in counters (a multiple of 64). */
    public int replayWindowCounters() {
        return ints[ConfigFields.REPLAY_WINDOW];
    }

    /** DERP connections open at once (the home region's included). */
    public int derpConnections() {
        return ints[ConfigFields.DERP_CONNECTIONS];
    }

    /** Disco path selectors shared by peers with traffic; 0: one per peer slot. */
    public int discoPaths() {
        return ints[ConfigFields.DISCO_PATHS];
    }

    /** DERP regions kept from the DERP map. */
    public int derpRegions() {
        return ints[ConfigFields.DERP_REGIONS];
    }

    /** The numeric field {@code id} (below {@link ConfigFields#INT_COUNT}). */
    public int intValue(int id) {
        return ints[id];
    }

    public int hostnameLength() {
        return hostnameLen;
    }

    /** Copies the hostname (ASCII) to {@code dst} and returns its length; {@code dst} must hold it. */
    public int copyHostname(byte[] dst, int off) {
        System.arraycopy(hostname, 0, dst, off, hostnameLen);
        return hostnameLen;
    }

    public int controlUrlLength() {
        return controlUrlLen;
    }

    public int copyControlUrl(byte[] dst, int off) {
        System.arraycopy(controlUrl, 0, dst, off, controlUrlLen);
        return controlUrlLen;
    }

    public boolean hasAuthKey() {
        return authKeyLen > 0;
    }

    public int authKeyLength() {
        return authKeyLen;
    }

    /**
     * Secret: copies the auth key for the registration request only. The caller wipes its copy after use.
     * Returns its length (0 if none).
     */
    public int copyAuthKey(byte[] dst, int off) {
        System.arraycopy(authKey, 0, dst, off, authKeyLen);
        return authKeyLen;
    }

    /** Forgets the auth key in RAM (overwritten, not just unreferenced). */
    public void wipeAuthKey() {
        wipe(authKey);
        authKeyLen = 0;
    }

    public boolean hasControlKey() {
        return hasControlKey;
    }

    /** Copies the pinned control-server public key (32 bytes); returns 32, or 0 if none is pinned. */
    public int copyControlKey(byte[] dst, int off) {
        if (!hasControlKey) {
            return 0;
        }
        System.arraycopy(controlKey, 0, dst, off, ConfigFields.CONTROL_KEY_BYTES);
        return ConfigFields.CONTROL_KEY_BYTES;
    }

    /** Makes this an exact copy of {@code o} (secret included); used to stage and commit all-or-nothing. */
    public void copyFrom(DeviceConfig o) {
        System.arraycopy(o.ints, 0, ints, 0, ConfigFields.INT_COUNT);
        System.arraycopy(o.hostname, 0, hostname, 0, hostname.length);
        System.arraycopy(o.controlUrl, 0, controlUrl, 0, controlUrl.length);
        System.arraycopy(o.authKey, 0, authKey, 0, authKey.length);
        System.arraycopy(o.controlKey, 0, controlKey, 0, controlKey.length);
        hostnameLen = o.hostnameLen;
        controlUrlLen = o.controlUrlLen;
        authKeyLen = o.authKeyLen;
        hasControlKey = o.hasControlKey;
    }

    /** True if every value equals {@code o}'s (tests: "a rejected record changed nothing"). */
    public boolean sameValues(DeviceConfig o) {
        for (int i = 0; i < ConfigFields.INT_COUNT; i++) {
            if (ints[i] != o.ints[i]) {
                return false;
            }
        }
        return hostnameLen == o.hostnameLen && controlUrlLen == o.controlUrlLen && authKeyLen == o.authKeyLen
                && hasControlKey == o.hasControlKey && same(hostname, o.hostname, hostnameLen)
                && same(controlUrl, o.controlUrl, controlUrlLen) && same(authKey, o.authKey, authKeyLen)
                && same(controlKey, o.controlKey, controlKey.length);
    }

    /**
     * Status text for the console and status page, one line, e.g.
     * {@code hostname=tailnode control_url=https://... control_key=set auth_key=none auth_key_reusable=0
     * max_peers=16 ...}: every numeric field by name, the texts that are public, and for the auth key only
     * "set" or "none". Writes at most {@code max} bytes (cut, no terminator) and returns the count.
     */
    public int describe(byte[] out, int off, int max) {
        StatusWriter w = status;
        w.begin(out, off, max);
        w.key(ConfigFields.HOSTNAME);
        w.bytes(hostname, hostnameLen);
        w.key(ConfigFields.CONTROL_URL);
        w.bytes(controlUrl, controlUrlLen);
        w.key(ConfigFields.CONTROL_KEY);
        w.text(hasControlKey ? "set" : "none");
        w.key(ConfigFields.AUTH_KEY);
        w.text(authKeyLen > 0 ? "set" : "none");
        for (int id = 0; id < ConfigFields.INT_COUNT; id++) {
            w.key(id);
            w.decimal(ints[id]);
        }
        return w.finish();
    }

    // Package-private setters for ConfigParser, which validated the value.

    void setInt(int id, int value) {
        ints[id] = value;
    }

    void setText(int id, byte[] buf, int off, int len) {
        if (id == ConfigFields.HOSTNAME) {
            hostnameLen = put(buf, off, len, hostname);
        } else if (id == ConfigFields.CONTROL_URL) {
            controlUrlLen = put(buf, off, len, controlUrl);
        } else if (id == ConfigFields.AUTH_KEY) {
            wipe(authKey);
            authKeyLen = put(buf, off, len, authKey);
        }
    }

    void setControlKeyByte(int index, int value) {
        controlKey[index] = (byte) value;
        hasControlKey = true;
    }

    private static int put(byte[] src, int off, int len, byte[] dst) {
        System.arraycopy(src, off, dst, 0, len);
        for (int i = len; i < dst.length; i++) {
            dst[i] = 0;
        }
        return len;
    }

    private static int copyAscii(String s, byte[] dst) {
        int n = s.length();
        for (int i = 0; i < dst.length; i++) {
            dst[i] = i < n ? (byte) s.charAt(i) : 0;
        }
        return n;
    }

    private static boolean same(byte[] a, byte[] b, int len) {
        for (int i = 0; i < len; i++) {
            if (a[i] != b[i]) {
                return false;
            }
        }
        return true;
    }

    private static void wipe(byte[] b) {
        for (int i = 0; i < b.length; i++) {
            b[i] = 0;
        }
    }
}
