package io.tailnode.control.client;

import io.tailnode.control.h2.H2Config;

/**
 * Settings of one {@link ControlClient}: the server (authority and pinned key), what the device says about
 * itself, capacities (every buffer is allocated from these at construction) and timers. Plain fields with
 * defaults; {@link #validate} throws IllegalArgumentException on a bad value.
 */
public final class ControlClientConfig {
    /** Capability version (§2.8). */
    public int capVer = CapabilityVersion.CURRENT;
    /** HTTP authority of the control server: {@code host} or {@code host:port} (ASCII), for Host and :authority. */
    public byte[] authority;
    /**
     * The server's Noise public key (pinned {@code mkey:} from provisioning, §2.1), 32 bytes; null when it will be
     * fetched ({@link ControlUrl#allowsPlainKeyFetch}) and handed over with {@link ControlClient#setServerKey}.
     */
    public byte[] serverKey;
    /** Hostinfo.Hostname. */
    public byte[] hostname = ControlRequests.ascii("tailnode");
    /** Hostinfo.OS: free-form (§2.7). */
    public byte[] os = ControlRequests.ascii("tailnode");
    /** Hostinfo.IPNVersion: dotted numeric (§2.7: an unparseable value made the SaaS drop Hostinfo). */
    public byte[] ipnVersion = ControlRequests.ascii("0.1.0");

    /** HTTP/2 capacities (2 streams: the map poll plus register or lite update). */
    public H2Config h2 = new H2Config();
    /** Largest map frame accepted (streamed, not buffered: Go caps at 4 MiB). */
    public int maxMapFrame = 4 * 1024 * 1024;
    /** Longest consumed JSON string in a map frame (the pull parser's buffer, issue 6: at most 4 KiB). */
    public int jsonValueCapacity = 4096;
    /** Per-node maxima for the scanner; should equal the NetmapConfig values. */
    public int maxAddresses = 2;
    public int maxAllowedIps = 8;
    public int maxEndpoints = 4;
    public int maxDerpHostName = 64;
    /** Largest RegisterResponse body. */
    public int maxRegisterBody = 16384;

    /** Map watchdog: no frame (a keep-alive included) for this long resets the connection (Go: 120 s). */
    public long watchdogMs = 120000;
    /** From connect request to a response on the first request (connect, upgrade, Noise, HTTP/2). */
    public long connectTimeoutMs = 30000;
    /** A register or lite-update request without an answer for this long resets the connection. */
    public long requestTimeoutMs = 30000;
    /** A register with Followup waits for a human: its answer may take this long. */
    public long followupTimeoutMs = 600000;
    /** Backoff: first delay, cap, and bound on a server's Retry-After. */
    public long backoffBaseMs = 1000;
    public long backoffCapMs = 60000;
    public long maxRetryAfterMs = 3600000;
    /** Node key expiry closer than this shows in status (issue 6: 14 days). */
    public long expiryWarningMs = 14L * 24 * 3600 * 1000;

    public void validate() {
        if (authority == null || authority.length == 0 || authority.length > 260) {
            throw new IllegalArgumentException("authority");
        }
        if (serverKey != null && serverKey.length != 32) {
            throw new IllegalArgumentException("serverKey");
        }
        if (capVer < 1 || capVer > 0xFFFF || hostname == null || hostname.length > RequestFields.MAX_TEXT
                || os == null || os.length > RequestFields.MAX_TEXT || ipnVersion == null
                || ipnVersion.length > RequestFields.MAX_TEXT) {
            throw new IllegalArgumentException("identity text");
        }
        if (h2 == null || h2.maxStreams < 2 || maxMapFrame < 16 || jsonValueCapacity < 128 || maxRegisterBody < 64) {
            throw new IllegalArgumentException("capacity");
        }
        if (watchdogMs < 1 || connectTimeoutMs < 1 || requestTimeoutMs < 1 || followupTimeoutMs < 1
                || backoffBaseMs < 1 || backoffCapMs < backoffBaseMs || maxRetryAfterMs < 0 || expiryWarningMs < 0) {
            throw new IllegalArgumentException("timer");
        }
    }
}
