package io.tailnode.control.client;

import io.tailnode.control.h2.H2Client;
import io.tailnode.control.h2.H2Listener;
import io.tailnode.control.h2.H2Reason;
import io.tailnode.control.h2.HeaderList;
import io.tailnode.control.h2.HpackEncoder;
import io.tailnode.control.h2.HpackStaticTable;
import io.tailnode.control.json.IpList;
import io.tailnode.control.json.MapFrameReader;
import io.tailnode.control.json.MapReason;
import io.tailnode.control.json.MapResponseScanner;
import io.tailnode.control.json.MapVisitorFanOut;
import io.tailnode.control.map.NetmapApplier;
import io.tailnode.control.map.PacketFilterApplier;
import io.tailnode.control.noise.ControlChannel;
import io.tailnode.control.noise.ControlHandshake;
import io.tailnode.control.noise.ControlReason;
import io.tailnode.control.noise.ControlSink;
import io.tailnode.control.noise.ControlWire;
import io.tailnode.control.noise.UpgradeRequest;
import io.tailnode.control.noise.UpgradeResponse;
import io.tailnode.lang.Bytes;
import io.tailnode.lang.HotPath;
import io.tailnode.wg.Jitter;
import io.tailnode.wg.WgRandom;

/**
 * The device's Tailscale control client (tailscale-protocol.md §2, §8 "Bring-up sequence"), sans-I/O over one
 * abstract byte stream: the driver owns the TCP connection and the clock; this class owns everything above.
 * <pre>
 *   connect → POST /ts2021 upgrade + Noise IK (ControlHandshake, UpgradeRequest/Response, ControlChannel)
 *          → HTTP/2 (H2Client) → [POST /machine/register]  (not registered, key rotated, AuthURL Followup)
 *          → POST /machine/map {Stream, KeepAlive}: MapFrameReader → MapResponseScanner → NetmapApplier
 *          → after the first frame: POST /machine/map lite update (again after every reconnect, pitfall 6)
 * </pre>
 * <b>Driving it</b> (one thread, e.g. the tunnel loop): {@link #start}; then every iteration {@link #service}
 * with the monotonic time; when {@link #wantsConnection} is true and the driver has no transport of
 * {@link #connectionGeneration} yet, it opens one (TCP to the control host:port) and calls
 * {@link #onConnected} (or {@link #onClosed} if that failed); bytes read go to {@link #receive}; bytes to write
 * come from {@link #poll} until it returns 0; an end of stream or error is {@link #onClosed}. When
 * {@link #wantsConnection} turns false, or the generation changes, the driver closes its transport. The driver
 * waits at most until {@link #nextDeadline}.
 * <p>
 * <b>Failures</b> (a closed transport, a Noise or HTTP/2 error, a non-200 answer, a map frame that fails to
 * parse, 120 s without a map frame, a timeout) drop the connection and retry after a jittered exponential
 * {@link Backoff}; a 429's Retry-After raises the delay. The netmap is not touched by a failure: the data plane
 * keeps running on the last applied state (NetmapApplier discards a rejected frame as a whole).
 * <p>
 * <b>Registration and key expiry</b>: the client registers when the identity says it is not registered, with
 * the provisioned auth key if any. An AuthURL is reported ({@link ControlListener#onAuthUrl}, {@link #authUrl})
 * and the request is repeated once with Followup (the server answers when a human approved); then backoff. The
 * self node's KeyExpiry is tracked against the wall clock (ControlTime from the map, or {@link #setWallClock}):
 * within {@link ControlClientConfig#expiryWarningMs} {@link #keyExpiringSoon} is true; once expired, or when a
 * RegisterResponse says NodeKeyExpired, the node key is rotated (OldNodeKey = the previous one) and the client
 * registers again — with the auth key if one is still provisioned (reusable), else the server's AuthURL shows.
 * <p>
 * Everything is allocated in the constructor; no method allocates afterwards. Not thread-safe. Holds key
 * material only transiently (machine key copy wiped after the initiation); never {@code toString()}.
 */
public final class ControlClient implements ControlSink, H2Listener, NetmapApplier.SelfObserver {
    private static final int P_IDLE = 0;
    private static final int P_BACKOFF = 1;
    private static final int P_CONNECTING = 2;
    private static final int P_UPGRADE = 3;
    private static final int P_NOISE = 4;
    private static final int P_OPEN = 5;

    private static final int REQ_REGISTER = 0;
    private static final int REQ_MAP = 1;
    private static final int REQ_LITE = 2;

    private static final byte[] PATH_REGISTER = ControlRequests.ascii("/machine/register");
    private static final byte[] PATH_MAP = ControlRequests.ascii("/machine/map");
    private static final byte[] JSON_TYPE = ControlRequests.ascii("application/json");
    private static final byte[] RETRY_AFTER = ControlRequests.ascii("retry-after");

    private final ControlIdentity identity;
    private final ControlListener listener;
    private final WgRandom random;
    private final NetmapApplier applier;
    private final ControlHandshake handshake = new ControlHandshake();
    private final ControlChannel channel;
    private final UpgradeResponse upgrade = new UpgradeResponse(512, 8192);
    private final H2Client h2;
    private final ControlRequests requests = new ControlRequests();
    private final RequestFields fields = new RequestFields();
    private final RegisterResponseParser registerParser;
    private final MapFrameReader frames;
    private final MapResponseScanner scanner;
    private final Backoff backoff;
    private final byte[] authority;
    private final byte[] serverKey = new byte[32];
    private final byte[] scratchKey = new byte[32];
    private final byte[] initiation = new byte[ControlWire.INITIATION_LENGTH];
    /** Bytes for the transport: the upgrade request, then sealed records. */
    private final byte[] wire = new byte[ControlWire.MAX_MESSAGE + 512];
    private final byte[] plain = new byte[ControlWire.MAX_PLAINTEXT];
    private final byte[] body = new byte[2048];
    private final byte[] chunk = new byte[2048];
    private final byte[] authUrl = new byte[RequestFields.MAX_URL];
    private final int[] counters = new int[ControlClientReason.COUNT];
    private final int capVer;
    private final long watchdogMs;
    private final long connectTimeoutMs;
    private final long requestTimeoutMs;
    private final long followupTimeoutMs;
    private final long expiryWarningMs;

    private boolean hasServerKey;
    private int phase = P_IDLE;
    private int state = ControlState.STOPPED;
    private int lastReason;
    private int generation;
    private long now;
    private long retryAt;
    /** Connect/handshake deadline, then the outstanding register's or lite update's. */
    private long progressDeadline = Long.MAX_VALUE;
    private long watchdogDeadline = Long.MAX_VALUE;
    private int wirePos;
    private int wireLen;

    private int registerStream;
    private int mapStream;
    private int liteStream;
    private boolean wantRegister;
    private boolean wantMap;
    private boolean wantLite;
    private boolean forceRegister;
    private boolean followupSent;
    private long framesSeen;
    private long retryAfterMs = -1;
    private int authUrlLength;

    private long keyExpiry;
    private long wallBase = Long.MIN_VALUE;
    private long wallBaseAt;
    private long connects;
    private long mapFrames;
    private long liteUpdates;
    private long registrations;
    private long rotations;

    /**
     * @param applier the netmap (peers into the WireGuard device); its self observer is set to this client
     * @param random  ephemeral keys for the Noise handshake
     * @param jitter  backoff jitter
     */
    public ControlClient(ControlClientConfig config, ControlIdentity identity, NetmapApplier applier,
            ControlListener listener, WgRandom random, Jitter jitter) {
        this(config, identity, applier, null, listener, random, jitter);
    }

    /**
     * As above, and the map's PacketFilter / PacketFilters go to {@code filter} (tailnet mode's inbound packet
     * filter; null: skipped): the scanner fans every frame out to the netmap applier, then the filter applier, and
     * each commits or discards the frame on its own frameEnd.
     */
    public ControlClient(ControlClientConfig config, ControlIdentity identity, NetmapApplier applier,
            PacketFilterApplier filter, ControlListener listener, WgRandom random, Jitter jitter) {
        config.validate();
        if (identity == null || applier == null || listener == null || random == null) {
            throw new IllegalArgumentException("null collaborator");
        }
        this.identity = identity;
        this.listener = listener;
        this.random = random;
        this.applier = applier;
        applier.setSelfObserver(this);
        channel = new ControlChannel(handshake, this);
        h2 = new H2Client(config.h2, this);
        registerParser = new RegisterResponseParser(config.maxRegisterBody, RequestFields.MAX_URL, 256);
        scanner = filter == null
                ? new MapResponseScanner(config.jsonValueCapacity, config.maxAddresses, config.maxAllowedIps,
                        config.maxEndpoints, config.maxDerpHostName, applier)
                : new MapResponseScanner(config.jsonValueCapacity, config.maxAddresses, config.maxAllowedIps,
                        config.maxEndpoints, config.maxDerpHostName, new MapVisitorFanOut(applier, filter), filter);
        frames = new MapFrameReader(config.maxMapFrame, scanner);
        backoff = new Backoff(config.backoffBaseMs, config.backoffCapMs, config.maxRetryAfterMs, jitter);
        authority = copy(config.authority);
        if (config.serverKey != null) {
            System.arraycopy(config.serverKey, 0, serverKey, 0, 32);
            hasServerKey = true;
        }
        capVer = config.capVer;
        watchdogMs = config.watchdogMs;
        connectTimeoutMs = config.connectTimeoutMs;
        requestTimeoutMs = config.requestTimeoutMs;
        followupTimeoutMs = config.followupTimeoutMs;
        expiryWarningMs = config.expiryWarningMs;
        fields.capVer = capVer;
        fields.hostnameLength = copyText(config.hostname, fields.hostname);
        fields.osLength = copyText(config.os, fields.os);
        fields.ipnVersionLength = copyText(config.ipnVersion, fields.ipnVersion);
    }

    private static byte[] copy(byte[] b) {
        byte[] c = new byte[b.length];
        System.arraycopy(b, 0, c, 0, b.length);
        return c;
    }

    private static int copyText(byte[] src, byte[] dst) {
        System.arraycopy(src, 0, dst, 0, src.length);
        return src.length;
    }

    // ------------------------------------------------------------------ driver interface

    /** The server's Noise key when it was not pinned in the configuration (fetched with {@link KeyFetch}). */
    public void setServerKey(byte[] key, int off) {
        System.arraycopy(key, off, serverKey, 0, 32);
        hasServerKey = true;
    }

    public boolean hasServerKey() {
        return hasServerKey;
    }

    /** Starts connecting at once; refused (IllegalStateException) without a server key. */
    public void start(long nowMs) {
        now = nowMs;
        if (!hasServerKey) {
            throw new IllegalStateException("no server key");
        }
        if (phase == P_IDLE) {
            phase = P_BACKOFF;
            retryAt = nowMs;
            service(nowMs);
        }
    }

    /** Stops: the connection is dropped and not retried. */
    public void stop(long nowMs) {
        now = nowMs;
        dropConnection();
        phase = P_IDLE;
        setState(ControlState.STOPPED, 0);
    }

    /** True while the client wants a transport connection (of {@link #connectionGeneration}). */
    public boolean wantsConnection() {
        return phase >= P_CONNECTING;
    }

    /** Increments at every new connection attempt: a transport of an older generation must be closed. */
    public int connectionGeneration() {
        return generation;
    }

    /** Timers: backoff end, connect/request timeouts, map watchdog, key expiry. Call every loop iteration. */
    @HotPath
    public void service(long nowMs) {
        now = nowMs;
        if (phase == P_BACKOFF && nowMs >= retryAt) {
            phase = P_CONNECTING;
            generation++;
            connects++;
            progressDeadline = nowMs + connectTimeoutMs;
            watchdogDeadline = Long.MAX_VALUE;
            setState(ControlState.CONNECTING, 0);
            return;
        }
        if (phase < P_CONNECTING) {
            return;
        }
        if (nowMs >= progressDeadline) {
            fail(ControlClientReason.TIMEOUT);
            return;
        }
        if (nowMs >= watchdogDeadline) {
            fail(ControlClientReason.WATCHDOG);
            return;
        }
        if (state == ControlState.CONNECTED && keyExpired(nowMs)) {
            rotateAndReRegister();
            return;
        }
        if (phase == P_OPEN) {
            pump();
        }
    }

    /** The earliest time {@link #service} has something to do (absolute ms; Long.MAX_VALUE: nothing pending). */
    public long nextDeadline() {
        if (phase == P_BACKOFF) {
            return retryAt;
        }
        if (phase < P_CONNECTING) {
            return Long.MAX_VALUE;
        }
        long d = progressDeadline < watchdogDeadline ? progressDeadline : watchdogDeadline;
        if (state == ControlState.CONNECTED && keyExpiry != 0 && wallBase != Long.MIN_VALUE) {
            long at = wallBaseAt + (keyExpiry - wallBase);
            if (at < d) {
                d = at;
            }
        }
        return d;
    }

    /** The driver's transport of the current generation is connected. */
    public void onConnected(long nowMs) {
        now = nowMs;
        if (phase != P_CONNECTING) {
            return;
        }
        int m = identity.machinePrivateKey(scratchKey, 0);
        random.nextBytes(plain, 0, 32);
        int n = m == 32 ? handshake.begin(scratchKey, 0, serverKey, 0, capVer, plain, 0, initiation, 0, initiation.length)
                : ControlClientReason.LOCAL_ERROR;
        Bytes.wipe(scratchKey, 0, 32);
        Bytes.wipe(plain, 0, 32);
        if (n != ControlWire.INITIATION_LENGTH) {
            fail(ControlClientReason.LOCAL_ERROR);
            return;
        }
        int w = UpgradeRequest.write(authority, 0, authority.length, initiation, 0, n, wire, 0, wire.length);
        if (w < 0) {
            fail(ControlClientReason.LOCAL_ERROR);
            return;
        }
        wirePos = 0;
        wireLen = w;
        upgrade.reset();
        channel.reset();
        h2.reset();
        frames.reset();
        registerStream = 0;
        mapStream = 0;
        liteStream = 0;
        phase = P_UPGRADE;
        setState(ControlState.HANDSHAKE, 0);
    }

    /** The transport closed (end of stream, error, or a failed connect). */
    public void onClosed(long nowMs) {
        now = nowMs;
        if (phase >= P_CONNECTING) {
            fail(ControlClientReason.TRANSPORT_CLOSED);
        }
    }

    /** Bytes read from the transport. */
    @HotPath
    public void receive(byte[] buf, int off, int len, long nowMs) {
        now = nowMs;
        if (phase == P_UPGRADE) {
            int r = upgrade.receive(buf, off, len);
            if (r < 0) {
                if (upgrade.status() == 429) {
                    retryAfterMs = -1;
                    fail(ControlClientReason.RATE_LIMITED);
                } else {
                    fail(ControlClientReason.CHANNEL_FAILED);
                }
                return;
            }
            if (upgrade.state() != UpgradeResponse.STATE_DONE) {
                return;
            }
            phase = P_NOISE;
            off += r;
            len -= r;
        }
        if (phase != P_NOISE && phase != P_OPEN) {
            return;
        }
        if (len > 0 && channel.receive(buf, off, len) < 0) {
            fail(channel.poisonReason() == ControlReason.SINK_FAILED
                    ? ControlClientReason.H2_FAILED : ControlClientReason.CHANNEL_FAILED);
            return;
        }
        if (phase == P_NOISE && channel.state() == ControlChannel.STATE_OPEN) {
            phase = P_OPEN;
            wantRegister = forceRegister || !identity.isRegistered();
            wantMap = !wantRegister;
            followupSent = false;
        }
        if (phase == P_OPEN) {
            pump();
        }
    }

    /** Bytes to write to the transport: returns the count (0: nothing now). Call until it returns 0. */
    @HotPath
    public int poll(byte[] out, int off, int cap, long nowMs) {
        now = nowMs;
        if (phase < P_UPGRADE) {
            return 0;
        }
        if (wirePos == wireLen && phase == P_OPEN) {
            wirePos = 0;
            wireLen = 0;
            int n = h2.poll(plain, 0, plain.length);
            if (n > 0) {
                int s = channel.write(plain, 0, n, wire, 0, wire.length);
                if (s < 0) {
                    fail(ControlClientReason.CHANNEL_FAILED);
                    return 0;
                }
                wireLen = s;
            }
        }
        int n = wireLen - wirePos;
        if (n > cap) {
            n = cap;
        }
        System.arraycopy(wire, wirePos, out, off, n);
        wirePos += n;
        return n;
    }

    /**
     * A trusted wall clock reading from the device (RTC, or a clock already set from ControlTime): lets the
     * client judge key expiry before the first ControlTime arrives.
     */
    public void setWallClock(long unixMillis, long nowMs) {
        wallBase = unixMillis;
        wallBaseAt = nowMs;
    }

    /** New endpoints / home DERP to advertise: a lite update goes out (now if connected, else after connect). */
    public void setEndpoints(byte[] sources, int count, int preferredDerp) {
        int n = count < RequestFields.MAX_ENDPOINTS ? count : RequestFields.MAX_ENDPOINTS;
        System.arraycopy(sources, 0, fields.endpoints, 0, n * 19);
        for (int i = 0; i < n; i++) {
            fields.endpointTypes[i] = RequestFields.ENDPOINT_LOCAL;
        }
        fields.endpointCount = n;
        fields.preferredDerp = preferredDerp;
        wantLite = true;
    }

    // ------------------------------------------------------------------ requests

    /** Opens whatever request is due and has a stream slot. */
    @HotPath
    private void pump() {
        if (wantRegister && registerStream == 0 && mapStream == 0) {
            if (sendRegister()) {
                wantRegister = false;
            }
        }
        if (wantMap && mapStream == 0 && registerStream == 0) {
            int sid = openPost(PATH_MAP, REQ_MAP);
            if (sid > 0 || sid == ControlClientReason.LOCAL_ERROR) {
                wantMap = false;
            }
            if (sid > 0) {
                mapStream = sid;
                watchdogDeadline = now + watchdogMs;
                setState(ControlState.MAP_REQUESTED, 0);
            }
        }
        if (wantLite && state == ControlState.CONNECTED && liteStream == 0) {
            int sid = openPost(PATH_MAP, REQ_LITE);
            if (sid > 0) {
                wantLite = false;
                liteStream = sid;
                liteUpdates++;
                progressDeadline = now + requestTimeoutMs;
            }
        }
    }

    @HotPath
    private boolean sendRegister() {
        if (!fillKeys()) {
            fail(ControlClientReason.LOCAL_ERROR);
            return false;
        }
        fields.authKeyLength = identity.isRegistered() && !forceRegister ? 0
                : Math.max(0, identity.authKey(fields.authKey, 0, fields.authKey.length));
        boolean followup = authUrlLength > 0 && !followupSent;
        fields.followupLength = followup ? authUrlLength : 0;
        if (followup) {
            System.arraycopy(authUrl, 0, fields.followup, 0, authUrlLength);
        }
        registerParser.reset();
        int sid = openPost(PATH_REGISTER, REQ_REGISTER);
        fields.wipeSecrets();
        Bytes.wipe(body, 0, body.length);
        if (sid <= 0) {
            return false;
        }
        followupSent = followup;
        registerStream = sid;
        registrations++;
        progressDeadline = now + (followup ? followupTimeoutMs : requestTimeoutMs);
        setState(followup ? ControlState.NEEDS_AUTH : ControlState.REGISTERING, 0);
        return true;
    }

    /** Node key, old node key and disco key from the identity; false if one could not be read. */
    private boolean fillKeys() {
        if (identity.nodePublicKey(fields.nodeKey, 0) != 32 || identity.discoPublicKey(fields.discoKey, 0) != 32) {
            return false;
        }
        if (identity.oldNodePublicKey(fields.oldNodeKey, 0) != 32) {
            Bytes.wipe(fields.oldNodeKey, 0, 32);
        }
        return true;
    }

    /**
     * Opens a POST stream with the JSON body of {@code kind} (REQ_REGISTER, REQ_MAP, REQ_LITE). Returns the stream id, 0 when no slot is free now (retry later), or a
     * negative reason after failing the connection.
     */
    @HotPath
    private int openPost(byte[] path, int kind) {
        if (kind != REQ_REGISTER && !fillKeys()) {
            fail(ControlClientReason.LOCAL_ERROR);
            return ControlClientReason.LOCAL_ERROR;
        }
        int len = kind == REQ_REGISTER ? requests.writeRegister(fields, body, 0, body.length)
                : kind == REQ_MAP ? requests.writeMapPoll(fields, body, 0, body.length)
                : requests.writeLiteUpdate(fields, body, 0, body.length);
        if (len < 0) {
            fail(ControlClientReason.LOCAL_ERROR);
            return ControlClientReason.LOCAL_ERROR;
        }
        HpackEncoder e = h2.beginRequest();
        e.indexed(HpackStaticTable.METHOD_POST).indexed(HpackStaticTable.SCHEME_HTTPS)
                .literal(HpackStaticTable.PATH_ROOT, path, 0, path.length)
                .literal(HpackStaticTable.AUTHORITY, authority, 0, authority.length)
                .literal(HpackStaticTable.CONTENT_TYPE, JSON_TYPE, 0, JSON_TYPE.length);
        int sid = h2.openStream(false);
        if (sid < 0) {
            if (sid == H2Reason.NO_STREAM_SLOT
                    || sid == H2Reason.PEER_STREAM_LIMIT
                    || sid == H2Reason.TX_FULL) {
                return 0;
            }
            fail(ControlClientReason.H2_FAILED);
            return ControlClientReason.H2_FAILED;
        }
        if (h2.send(sid, body, 0, len, true) != len) {
            // Request bodies are far below the 65,535-byte initial windows; a short send means a broken peer.
            fail(ControlClientReason.LOCAL_ERROR);
            return ControlClientReason.LOCAL_ERROR;
        }
        return sid;
    }

    // ------------------------------------------------------------------ ControlSink and H2Listener

    @HotPath
    public int onPlaintext(byte[] buf, int off, int len) {
        int r = h2.receive(buf, off, len);
        return r < 0 ? r : 0;
    }

    @HotPath
    public void onHeaders(int streamId, HeaderList headers, boolean endStream) {
        if (phase != P_OPEN) {
            return;
        }
        int status = headers.status();
        if (status < 0) {
            return; // trailers
        }
        if (status == 200) {
            if (endStream) {
                streamEnded(streamId);
            }
            return;
        }
        if (streamId == liteStream) {
            // The lite update is advisory; a refusal does not cost the map stream.
            counters[-ControlClientReason.HTTP_STATUS]++;
            liteStream = 0;
            progressDeadline = Long.MAX_VALUE;
            return;
        }
        if (status == 429) {
            retryAfterMs = retryAfter(headers);
            fail(ControlClientReason.RATE_LIMITED);
            return;
        }
        if (streamId == mapStream && (status == 401 || status == 403)) {
            identity.unregistered();
        }
        fail(ControlClientReason.HTTP_STATUS);
    }

    /** Retry-After in delta-seconds as ms; -1 if absent or an HTTP-date (not supported: the backoff applies). */
    @HotPath
    private static long retryAfter(HeaderList h) {
        int i = h.find(RETRY_AFTER);
        if (i < 0) {
            return -1;
        }
        byte[] d = h.data();
        int p = h.valueOffset(i);
        int n = h.valueLength(i);
        if (n == 0 || n > 9) {
            return -1;
        }
        long v = 0;
        for (int k = 0; k < n; k++) {
            int c = d[p + k] - '0';
            if (c < 0 || c > 9) {
                return -1;
            }
            v = v * 10 + c;
        }
        return v * 1000;
    }

    @HotPath
    public void onData(int streamId, int buffered, boolean endStream) {
        if (phase != P_OPEN) {
            return;
        }
        if (streamId == mapStream) {
            mapData();
        } else if (streamId == registerStream) {
            registerData();
        } else {
            while (h2.read(streamId, chunk, 0, chunk.length) > 0) {
                // lite update answers carry nothing we use
            }
        }
        if (endStream && phase == P_OPEN) {
            streamEnded(streamId);
        }
    }

    @HotPath
    private void mapData() {
        for (;;) {
            int n = h2.read(mapStream, chunk, 0, chunk.length);
            if (n <= 0) {
                return;
            }
            int r = frames.feed(chunk, 0, n);
            long done = frames.framesCompleted();
            if (done != framesSeen) {
                framesSeen = done;
                mapFrames++;
                watchdogDeadline = now + watchdogMs;
                if (state == ControlState.MAP_REQUESTED && r == MapReason.OK) {
                    backoff.reset();
                    setState(ControlState.CONNECTED, 0);
                    wantLite = true; // after connect and after every reconnect (pitfall 6)
                }
            }
            if (r != MapReason.OK) {
                fail(ControlClientReason.MAP_FRAME_REJECTED);
                return;
            }
        }
    }

    @HotPath
    private void registerData() {
        for (;;) {
            int n = h2.read(registerStream, chunk, 0, chunk.length);
            if (n <= 0) {
                return;
            }
            int r = registerParser.feed(chunk, 0, n);
            if (r < 0) {
                fail(ControlClientReason.BAD_REGISTER_RESPONSE);
                return;
            }
        }
    }

    /** The server finished a stream. */
    @HotPath
    private void streamEnded(int streamId) {
        if (streamId == registerStream) {
            registerStream = 0;
            progressDeadline = Long.MAX_VALUE;
            registerDone();
        } else if (streamId == mapStream) {
            mapStream = 0;
            fail(ControlClientReason.MAP_ENDED);
        } else if (streamId == liteStream) {
            liteStream = 0;
            progressDeadline = Long.MAX_VALUE;
        }
    }

    /** The whole RegisterResponse arrived: act on it (§2.5, Go's doLogin order). */
    private void registerDone() {
        RegisterResponseParser p = registerParser;
        if (p.finish() != RegisterResponseParser.OK) {
            fail(ControlClientReason.BAD_REGISTER_RESPONSE);
            return;
        }
        if (p.errorLength() > 0) {
            fail(ControlClientReason.REGISTER_ERROR);
            return;
        }
        if (p.nodeKeyExpired()) {
            if (!rotateKey()) {
                return;
            }
            wantRegister = true;
            pump();
            return;
        }
        if (p.machineAuthorized()) {
            identity.registered();
            forceRegister = false;
            authUrlLength = 0;
            followupSent = false;
            wantMap = true;
            pump();
            return;
        }
        if (p.authUrlLength() > 0 && !p.authUrlTruncated()) {
            System.arraycopy(p.authUrl(), 0, authUrl, 0, p.authUrlLength());
            authUrlLength = p.authUrlLength();
            listener.onAuthUrl(authUrl, 0, authUrlLength);
            if (!followupSent) {
                wantRegister = true;
                setState(ControlState.NEEDS_AUTH, ControlClientReason.NEEDS_AUTH);
                pump();
                return;
            }
            followupSent = false;
            fail(ControlClientReason.NEEDS_AUTH);
            return;
        }
        fail(ControlClientReason.REGISTER_ERROR);
    }

    public void onStreamReset(int streamId, int errorCode, boolean byPeer) {
        if (phase != P_OPEN) {
            return;
        }
        if (streamId == liteStream) {
            liteStream = 0;
            progressDeadline = Long.MAX_VALUE;
            counters[-ControlClientReason.STREAM_RESET]++;
            return;
        }
        if (streamId == mapStream || streamId == registerStream) {
            fail(ControlClientReason.STREAM_RESET);
        }
    }

    public void onGoAway(int lastStreamId, int errorCode) {
        if (phase == P_OPEN) {
            fail(ControlClientReason.H2_FAILED);
        }
    }

    public void onPingAck(long opaque) {
    }

    // ------------------------------------------------------------------ NetmapApplier.SelfObserver

    public void selfNode(long keyExpiryUnixMs, IpList addressesOrNull) {
        keyExpiry = keyExpiryUnixMs;
        if (addressesOrNull != null) {
            listener.onSelfAddresses(addressesOrNull);
        }
    }

    public void controlTime(long unixMillis) {
        wallBase = unixMillis;
        wallBaseAt = now;
        listener.onControlTime(unixMillis, now);
    }

    // ------------------------------------------------------------------ key expiry

    /** The wall time now as far as the client knows it, or Long.MIN_VALUE. */
    public long wallNow(long nowMs) {
        return wallBase == Long.MIN_VALUE ? Long.MIN_VALUE : wallBase + (nowMs - wallBaseAt);
    }

    private boolean keyExpired(long nowMs) {
        long w = wallNow(nowMs);
        return keyExpiry != 0 && w != Long.MIN_VALUE && w >= keyExpiry;
    }

    /** True when the node key expires within the warning period (or has expired) by the known wall clock. */
    public boolean keyExpiringSoon(long nowMs) {
        long w = wallNow(nowMs);
        return keyExpiry != 0 && w != Long.MIN_VALUE && keyExpiry - w <= expiryWarningMs;
    }

    /** Self node KeyExpiry (Unix ms) from the last map; 0 = never or unknown. */
    public long keyExpiry() {
        return keyExpiry;
    }

    private boolean rotateKey() {
        int r = identity.rotateNodeKey();
        if (r < 0) {
            fail(ControlClientReason.LOCAL_ERROR);
            return false;
        }
        rotations++;
        forceRegister = true;
        keyExpiry = 0;
        listener.onNodeKeyRotated();
        return true;
    }

    /** Expired while mapping: new node key, then a new connection that registers it (the map is bound to the old key). */
    private void rotateAndReRegister() {
        counters[-ControlClientReason.KEY_EXPIRED]++;
        if (!rotateKey()) {
            return;
        }
        dropConnection();
        phase = P_BACKOFF;
        retryAt = now;
        lastReason = ControlClientReason.KEY_EXPIRED;
        setState(ControlState.BACKOFF, ControlClientReason.KEY_EXPIRED);
    }

    // ------------------------------------------------------------------ failure

    private void fail(int reason) {
        counters[-reason]++;
        lastReason = reason;
        long ra = reason == ControlClientReason.RATE_LIMITED ? retryAfterMs : -1;
        retryAfterMs = -1;
        dropConnection();
        phase = P_BACKOFF;
        retryAt = now + backoff.next(ra);
        setState(ControlState.BACKOFF, reason);
    }

    /** Forgets the connection's state; the netmap stays as last applied. */
    private void dropConnection() {
        handshake.abort();
        wirePos = 0;
        wireLen = 0;
        registerStream = 0;
        mapStream = 0;
        liteStream = 0;
        wantRegister = false;
        wantMap = false;
        progressDeadline = Long.MAX_VALUE;
        watchdogDeadline = Long.MAX_VALUE;
        frames.reset();
        framesSeen = frames.framesCompleted();
        fields.wipeSecrets();
    }

    private void setState(int s, int reason) {
        if (s != state || reason != 0) {
            state = s;
            listener.onStateChanged(s, reason, now);
        }
    }

    // ------------------------------------------------------------------ status

    /** {@link ControlState}. */
    public int state() {
        return state;
    }

    /** The last failure's {@link ControlClientReason} (0 if none yet). */
    public int lastReason() {
        return lastReason;
    }

    /** Failures of one {@link ControlClientReason}. */
    public int count(int reason) {
        return counters[-reason];
    }

    /** The pending AuthURL (length {@link #authUrlLength}), e.g. for the status page. */
    public byte[] authUrl() {
        return authUrl;
    }

    public int authUrlLength() {
        return authUrlLength;
    }

    /** When the next connection attempt is due (absolute ms) while in backoff. */
    public long retryAt() {
        return retryAt;
    }

    public long connects() {
        return connects;
    }

    public long mapFrames() {
        return mapFrames;
    }

    public long liteUpdates() {
        return liteUpdates;
    }

    public long registrations() {
        return registrations;
    }

    public long rotations() {
        return rotations;
    }

    /** The netmap this client feeds. */
    public NetmapApplier netmap() {
        return applier;
    }

    /** The backoff (its failure count). */
    public Backoff backoff() {
        return backoff;
    }
}
