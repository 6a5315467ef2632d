package io.tailnode.sim.control;

import java.nio.file.Path;

/**
 * Configuration and quirk switches of the {@link DevControlServer}. Quirk fields are volatile and may be changed
 * while the server runs (tests, or {@code POST /admin/quirks}); they take effect on the next connection or
 * message. Defaults behave like the hosted service where the two known servers differ.
 */
public final class ControlConfig {
    /** Address the Noise front end and the admin API bind to (loopback unless told otherwise). */
    public String bindHost = "127.0.0.1";
    /** Control port (/key, /ts2021); 0 = ephemeral. */
    public int port = 0;
    /** Admin API port on loopback; 0 = ephemeral, -1 = no admin API. */
    public int adminPort = 0;
    /** State directory (server key, tailnet snapshot); null = in memory only. */
    public Path stateDir;
    /** Policy file (docs/dev-control-server.md); null = allow everything. */
    public Path policyFile;
    /** DERP map JSON (tailcfg.DERPMap) to serve instead of the built-in placeholder region 900. */
    public Path derpMapFile;
    /**
     * Issue #7: start a development DERP relay ({@code io.tailnode.sim.derp.DevDerpRelay}, TLS with a generated
     * certificate whose pin is the map's CertName) and STUN responder in-process on {@link #bindHost}, ephemeral
     * ports, and serve them as region {@link #devRelayRegion} (replacing the placeholder or --derp-map).
     */
    public boolean devRelay;
    /** Region ID of the in-process relay. */
    public int devRelayRegion = 900;
    /** MagicDNS domain; node names are {@code <hostname>.<domain>.}. */
    public String domain = "tailnet.dev";
    /** Lifetime of a node key after registration (tagged nodes never expire, as on the hosted service). */
    public long nodeKeyLifetimeSeconds = 180L * 24 * 3600;
    /** First node ID; set above 2^52 to make clients parse IDs as 64-bit integers (pitfall 10). */
    public long firstNodeId = 1;
    /** How long a register carrying {@code Followup} (the pending AuthURL) waits for its approval. */
    public volatile long followupWaitMillis = 30_000;
    /** Keep-alive period of streaming map sessions (the hosted service and Headscale: ~50-60 s). */
    public volatile long keepAliveMillis = 50_000;

    // ---- quirk switches (each exercised by a test in io.tailnode.sim.control) ----

    /** Lowest capability version accepted; lower ones complete the Noise handshake, then every request fails 400. */
    public volatile int minCapVer = 0;
    /** Send the EarlyNoise payload (magic FF FF FF 'T' 'S', BE32 length, JSON) before HTTP/2 (Headscale, SaaS). */
    public volatile boolean earlyPayload = true;
    /**
     * Streaming map requests are read-only: their Hostinfo and Endpoints are ignored (the hosted service, capver
     * >= 68); false honours them (Headscale). DiscoKey is taken either way.
     */
    public volatile boolean streamingReadOnly = true;
    /** Send filters as {@code PacketFilters{"base":[...]}} (Headscale) instead of {@code PacketFilter}. */
    public volatile boolean packetFiltersMap = false;
    /** Send the legacy {@code DERP:"127.3.3.40:<region>"} node field instead of {@code HomeDERP}. */
    public volatile boolean legacyDerp = false;
    /**
     * Split everything: Noise records of 1..7 plaintext bytes (so a record boundary falls at every offset of the
     * stream, including inside the 4-byte MapResponse length) and response bodies written as DATA frames of 1..7
     * bytes.
     */
    public volatile boolean split = false;
    /** Interleave zero-length Noise records (legal, readers must loop) before every data record. */
    public volatile boolean zeroLengthRecords = false;
    /** Add a response header large enough (about 20 KB) to need HEADERS + CONTINUATION frames. */
    public volatile boolean hugeHeaders = false;
    /**
     * Add repeated custom response headers that Jetty's HPACK encoder emits as Huffman-coded literals with
     * incremental indexing (then as dynamic-table references), when the client's table size allows it.
     */
    public volatile boolean hpackIndexing = false;
    /** The next N requests to /machine/* are answered 429 with Retry-After. */
    public volatile int rateLimitNext = 0;
    /** Retry-After seconds sent with 429. */
    public volatile int retryAfterSeconds = 2;
    /**
     * Serve the real tailscale-rs fixtures (MapResponse, then the Node fixture as a PeersChanged delta) as the
     * streaming map, with the self node's keys and addresses rewritten to the caller's.
     */
    public volatile boolean fixtureMaps = false;

    /** A copy of the quirk switches' current values as text, for the startup banner. */
    public String quirkSummary() {
        return "minCapVer=" + minCapVer + " earlyPayload=" + earlyPayload + " streamingReadOnly=" + streamingReadOnly
                + " packetFiltersMap=" + packetFiltersMap + " legacyDerp=" + legacyDerp + " split=" + split
                + " zeroLengthRecords=" + zeroLengthRecords + " hugeHeaders=" + hugeHeaders
                + " hpackIndexing=" + hpackIndexing + " rateLimitNext=" + rateLimitNext
                + " retryAfterSeconds=" + retryAfterSeconds + " fixtureMaps=" + fixtureMaps
                + " keepAliveMillis=" + keepAliveMillis;
    }
}
