package io.tailnode.firmware.control;

import io.tailnode.control.client.ControlClient;
import io.tailnode.control.client.ControlClientConfig;
import io.tailnode.control.client.ControlIdentity;
import io.tailnode.control.client.ControlListener;
import io.tailnode.control.client.ControlState;
import io.tailnode.control.client.ControlUrl;
import io.tailnode.control.client.KeyFetch;
import io.tailnode.control.json.IpList;
import io.tailnode.control.map.NetmapApplier;
import io.tailnode.control.map.PacketFilterApplier;
import io.tailnode.firmware.hal.Clock;
import io.tailnode.firmware.hal.HalStatus;
import io.tailnode.firmware.hal.StreamTransport;
import io.tailnode.firmware.log.LogEvents;
import io.tailnode.firmware.log.LogLevel;
import io.tailnode.firmware.log.Logger;
import io.tailnode.firmware.loop.LoopHook;
import io.tailnode.firmware.services.DeviceServices;
import io.tailnode.firmware.services.DeviceStatus;
import io.tailnode.firmware.time.Tai64nClock;
import io.tailnode.lang.Bytes;
import io.tailnode.lang.HotPath;
import io.tailnode.wg.Jitter;
import io.tailnode.wg.WgRandom;
import io.tailnode.wg.WireGuardDevice;

/**
 * Runs the {@link ControlClient} on the tunnel loop's thread, as a {@link LoopHook}: each iteration it lets the
 * client's timers run, opens, feeds and closes the {@link StreamTransport} the client asks for, and moves bytes
 * both ways (bounded per iteration). What the client learns goes where the device uses it: self addresses into
 * the IP stack and status, ControlTime into the TAI64N clock and the board clock (trusted wall time), the AuthURL
 * and state changes into the log.
 * <p>
 * <b>One thread, no new wait primitive.</b> TunnelLoop waits on the UDP socket until the earliest deadline of the
 * WireGuard core and the services, and the services include their hook's {@link #nextDeadline}. While a control
 * connection is open this returns at most {@code now + streamPollMs}, so TCP bytes are picked up within that
 * delay (10 ms by default: a map delta costs at most that much latency; the UDP data plane is not slowed, since
 * datagrams still end the wait at once). When no connection is open the deadline is the client's own (backoff,
 * timers). A board whose NET stack can wait on both sockets at once can drop the poll without changing this
 * class's contract.
 * <p>
 * <b>Server key.</b> The pinned {@code mkey:} from provisioning is used when present. Without one, the key is
 * fetched with {@code GET /key} over the same transport only when {@link ControlUrl#allowsPlainKeyFetch} allows
 * it (loopback/private development servers); otherwise the client does not start and the state says so.
 * <p>
 * Nothing allocates after construction. Not thread-safe: the loop thread owns it.
 */
public final class ControlDriver implements LoopHook, ControlListener {
    /** Reads and writes per iteration, so one iteration's work stays bounded. */
    private static final int MAX_IO_PER_ITERATION = 16;
    /** Key fetch: retry delay bounds. */
    private static final long FETCH_RETRY_MIN_MS = 1000;
    private static final long FETCH_RETRY_MAX_MS = 60000;

    /** {@link #keyState}: the server key is pinned or was fetched. */
    public static final int KEY_READY = 0;
    /** Being fetched with GET /key. */
    public static final int KEY_FETCHING = 1;
    /** Not pinned and the URL does not allow a plain fetch: the client cannot start. */
    public static final int KEY_MISSING = 2;

    private final ControlClient client;
    private final StreamTransport transport;
    private final ControlUrl url;
    private final Logger log;
    private final Clock clock;
    private final Tai64nClock tai64n;
    private final DeviceServices services;
    private final DeviceStatus status;
    private final KeyFetch keyFetch = new KeyFetch(2048);
    private final byte[] rx = new byte[2048];
    private final byte[] tx = new byte[1460];
    private final byte[] address = new byte[16];
    private final byte[] lastV4 = new byte[4];
    private final byte[] lastV6 = new byte[16];
    private final long streamPollMs;
    private final int capVer;
    private int txPos;
    private int txLen;
    private int generation = -1;
    private boolean connectReported;
    private boolean active;
    private boolean hasV4;
    private boolean hasV6;
    private int keyState;
    private long fetchRetryAt;
    private long fetchDelay = FETCH_RETRY_MIN_MS;
    private boolean fetchConnected;
    private boolean rotated;
    private WireGuardDevice wireGuard;
    private StoreIdentity nodeKeys;
    private final byte[] keyScratch = new byte[32];
    private long rotationsApplied;
    private long now;
    private long bytesIn;
    private long bytesOut;

    /**
     * @param url the parsed control URL (its host and port are where the transport connects)
     * @param services where the tunnel addresses go (may be null)
     * @param status the status page's address list (may be null)
     * @param streamPollMs longest delay before bytes on the control connection are read, >= 1
     */
    public ControlDriver(ControlClientConfig config, ControlIdentity identity, NetmapApplier applier, WgRandom random,
            Jitter jitter, StreamTransport transport, ControlUrl url, Logger log, Clock clock, Tai64nClock tai64n,
            DeviceServices services, DeviceStatus status, long streamPollMs) {
        this(config, identity, applier, null, random, jitter, transport, url, log, clock, tai64n, services, status,
                streamPollMs);
    }

    /**
     * As above, with the map's packet filter going to {@code filter} (tailnet mode; null = none). The filter's
     * {@link io.tailnode.filter.InboundFilter} is the one the tunnel loop checks (TunnelLoop.setInboundFilter).
     */
    public ControlDriver(ControlClientConfig config, ControlIdentity identity, NetmapApplier applier,
            PacketFilterApplier filter, WgRandom random, Jitter jitter, StreamTransport transport, ControlUrl url,
            Logger log, Clock clock, Tai64nClock tai64n, DeviceServices services, DeviceStatus status,
            long streamPollMs) {
        if (transport == null || url == null || log == null || streamPollMs < 1) {
            throw new IllegalArgumentException("driver parameters");
        }
        this.client = new ControlClient(config, identity, applier, filter, this, random, jitter);
        this.transport = transport;
        this.url = url;
        this.log = log;
        this.clock = clock;
        this.tai64n = tai64n;
        this.services = services;
        this.status = status;
        this.streamPollMs = streamPollMs;
        this.capVer = config.capVer;
        keyState = client.hasServerKey() ? KEY_READY : url.allowsPlainKeyFetch() ? KEY_FETCHING : KEY_MISSING;
    }

    /** Starts: fetches the key first when needed, then the client connects. */
    public void start(long nowMs) {
        now = nowMs;
        active = true;
        if (clock != null && clock.wallTrusted()) {
            client.setWallClock(clock.wallMillis(), nowMs);
        }
        if (keyState == KEY_READY) {
            client.start(nowMs);
        } else if (keyState == KEY_FETCHING) {
            fetchRetryAt = nowMs;
        } else {
            log.log(LogLevel.ERROR, LogEvents.CONTROL_KEY_FETCH, nowMs, -1);
        }
    }

    /** Stops the client and closes the connection. */
    public void stop(long nowMs) {
        active = false;
        client.stop(nowMs);
        transport.close();
        generation = -1;
    }

    // ------------------------------------------------------------------ LoopHook

    @HotPath
    public void onIteration(long nowMs) {
        now = nowMs;
        if (!active) {
            return;
        }
        if (keyState == KEY_FETCHING) {
            fetchStep(nowMs);
            return;
        }
        if (keyState != KEY_READY) {
            return;
        }
        client.service(nowMs);
        manageTransport(nowMs);
        if (generation >= 0 && connectReported) {
            pumpIn(nowMs);
            pumpOut(nowMs);
        }
    }

    @HotPath
    public long nextDeadline(long nowMs) {
        if (!active || keyState == KEY_MISSING) {
            return Long.MAX_VALUE;
        }
        if (keyState == KEY_FETCHING) {
            return fetchConnected || transport.state() == StreamTransport.STATE_CONNECTING ? nowMs + streamPollMs
                    : fetchRetryAt;
        }
        long d = client.nextDeadline();
        if (generation >= 0) {
            long poll = nowMs + streamPollMs;
            if (poll < d) {
                d = poll;
            }
        }
        return d;
    }

    /** Opens the transport of the client's current generation, reports connect results, closes stale ones. */
    @HotPath
    private void manageTransport(long nowMs) {
        if (!client.wantsConnection()) {
            if (generation >= 0) {
                transport.close();
                generation = -1;
            }
            return;
        }
        if (client.connectionGeneration() != generation) {
            transport.close();
            generation = client.connectionGeneration();
            connectReported = false;
            txPos = 0;
            txLen = 0;
            int r = transport.connect(url.host(), 0, url.hostLength(), url.port());
            if (r != HalStatus.OK) {
                transport.close();
                generation = -1;
                client.onClosed(nowMs);
                return;
            }
        }
        if (!connectReported) {
            int st = transport.state();
            if (st == StreamTransport.STATE_CONNECTED) {
                connectReported = true;
                client.onConnected(nowMs);
            } else if (st != StreamTransport.STATE_CONNECTING) {
                transport.close();
                generation = -1;
                client.onClosed(nowMs);
            }
        }
    }

    @HotPath
    private void pumpIn(long nowMs) {
        int gen = generation;
        for (int i = 0; i < MAX_IO_PER_ITERATION; i++) {
            int n = transport.read(rx, 0, rx.length);
            if (n == HalStatus.ERR_WOULD_BLOCK || n == 0) {
                return;
            }
            if (n < 0) {
                transport.close();
                generation = -1;
                client.onClosed(nowMs);
                return;
            }
            bytesIn += n;
            client.receive(rx, 0, n, nowMs);
            if (!client.wantsConnection() || client.connectionGeneration() != gen) {
                manageTransport(nowMs);
                return;
            }
        }
    }

    @HotPath
    private void pumpOut(long nowMs) {
        int gen = generation;
        for (int i = 0; i < MAX_IO_PER_ITERATION && generation == gen; i++) {
            if (txPos == txLen) {
                txPos = 0;
                txLen = client.poll(tx, 0, tx.length, nowMs);
                if (txLen <= 0 || client.connectionGeneration() != gen) {
                    txLen = 0;
                    return;
                }
            }
            int w = transport.write(tx, txPos, txLen - txPos);
            if (w == HalStatus.ERR_WOULD_BLOCK || w == 0) {
                return;
            }
            if (w < 0) {
                transport.close();
                generation = -1;
                client.onClosed(nowMs);
                return;
            }
            bytesOut += w;
            txPos += w;
        }
    }

    // ------------------------------------------------------------------ GET /key (development servers)

    private void fetchStep(long nowMs) {
        if (!fetchConnected && transport.state() != StreamTransport.STATE_CONNECTING) {
            if (nowMs < fetchRetryAt) {
                return;
            }
            transport.close();
            keyFetch.reset();
            if (transport.connect(url.host(), 0, url.hostLength(), url.port()) != HalStatus.OK) {
                fetchFailed(nowMs, HalStatus.ERR_ADDRESS);
                return;
            }
        }
        int st = transport.state();
        if (st == StreamTransport.STATE_CONNECTING) {
            return;
        }
        if (st != StreamTransport.STATE_CONNECTED) {
            fetchFailed(nowMs, HalStatus.ERR_IO);
            return;
        }
        if (!fetchConnected) {
            fetchConnected = true;
            txPos = 0;
            txLen = keyFetch.writeRequest(url.authority(), 0, url.authorityLength(), capVer, tx, 0, tx.length);
        }
        while (txPos < txLen) {
            int w = transport.write(tx, txPos, txLen - txPos);
            if (w == HalStatus.ERR_WOULD_BLOCK || w == 0) {
                break;
            }
            if (w < 0) {
                fetchFailed(nowMs, w);
                return;
            }
            txPos += w;
        }
        for (int i = 0; i < MAX_IO_PER_ITERATION; i++) {
            int n = transport.read(rx, 0, rx.length);
            if (n == HalStatus.ERR_WOULD_BLOCK || n == 0) {
                return;
            }
            int r = n < 0 ? keyFetch.finish() : keyFetch.receive(rx, 0, n);
            if (r == KeyFetch.OK) {
                transport.close();
                fetchConnected = false;
                client.setServerKey(keyFetch.key(), 0);
                keyState = KEY_READY;
                log.log(LogLevel.INFO, LogEvents.CONTROL_KEY_FETCH, nowMs, 1);
                client.start(nowMs);
                return;
            }
            if (r < 0) {
                fetchFailed(nowMs, r);
                return;
            }
        }
    }

    private void fetchFailed(long nowMs, int why) {
        transport.close();
        fetchConnected = false;
        log.log(LogLevel.WARN, LogEvents.CONTROL_KEY_FETCH, nowMs, why);
        fetchRetryAt = nowMs + fetchDelay;
        fetchDelay = Math.min(FETCH_RETRY_MAX_MS, fetchDelay * 2);
    }

    // ------------------------------------------------------------------ ControlListener

    public void onStateChanged(int state, int reason, long nowMs) {
        log.log(state == ControlState.BACKOFF ? LogLevel.WARN : LogLevel.INFO, LogEvents.CONTROL_STATE, nowMs, state,
                reason);
    }

    public void onControlTime(long unixMillis, long nowMs) {
        if (tai64n != null) {
            long before = tai64n.unixMillis(nowMs);
            boolean wasTrusted = tai64n.isWallTrusted();
            tai64n.setWallTime(unixMillis, nowMs);
            if (!wasTrusted || unixMillis - before > 2000 || before - unixMillis > 2000) {
                log.log(LogLevel.INFO, LogEvents.CONTROL_TIME, nowMs, unixMillis / 1000);
            }
        }
        if (clock != null) {
            clock.setWallMillis(unixMillis);
        }
    }

    public void onAuthUrl(byte[] u, int off, int len) {
        // An AuthURL is meant to be shown to a human (the Go client prints it); it grants nothing by itself.
        log.logArgs(LogLevel.WARN, LogEvents.CONTROL_AUTH_URL, now, u, off, len, 0, 0, 0L, 0L, 0L, 0L);
    }

    public void onSelfAddresses(IpList a) {
        for (int i = 0; i < a.size(); i++) {
            int n = a.copyAddress(i, address, 0);
            if (a.family(i) == 4 && !same(lastV4, hasV4, n)) {
                System.arraycopy(address, 0, lastV4, 0, 4);
                hasV4 = true;
                if (services != null) {
                    services.setAddressV4(address, 0);
                }
                if (status != null) {
                    status.addTunnelAddress(address, 0, 4);
                }
                log.log(LogLevel.INFO, LogEvents.CONTROL_ADDRESS, now, 4, a.value(i));
            } else if (a.family(i) == 6 && !same(lastV6, hasV6, n)) {
                System.arraycopy(address, 0, lastV6, 0, 16);
                hasV6 = true;
                if (services != null) {
                    services.setAddressV6(address, 0);
                }
                if (status != null) {
                    status.addTunnelAddress(address, 0, 16);
                }
                log.log(LogLevel.INFO, LogEvents.CONTROL_ADDRESS, now, 6, a.value(i));
            }
        }
    }

    private boolean same(byte[] last, boolean has, int n) {
        if (!has) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            if (last[i] != address[i]) {
                return false;
            }
        }
        return true;
    }

    public void onNodeKeyRotated() {
        log.log(LogLevel.WARN, LogEvents.CONTROL_KEY_ROTATED, now);
        if (wireGuard != null && nodeKeys != null && nodeKeys.nodePrivateKey(keyScratch, 0) == 32) {
            // The new node key is the WireGuard identity from now on: peers learn it from the server's map.
            wireGuard.setStaticPrivateKey(keyScratch, 0);
            Bytes.wipe(keyScratch, 0, 32);
            rotationsApplied++;
            rotated = false;
        } else {
            rotated = true;
        }
    }

    /**
     * Where a node-key rotation goes: the WireGuard device takes the new private key from {@code keys} at once
     * ({@link WireGuardDevice#setStaticPrivateKey}); without this the device runs on the old key until restarted.
     */
    public void setWireGuard(WireGuardDevice wg, StoreIdentity keys) {
        wireGuard = wg;
        nodeKeys = keys;
    }

    /** Node-key rotations the WireGuard device took without a restart. */
    public long rotationsApplied() {
        return rotationsApplied;
    }

    // ------------------------------------------------------------------ status

    public ControlClient client() {
        return client;
    }

    /** {@link #KEY_READY}, {@link #KEY_FETCHING} or {@link #KEY_MISSING}. */
    public int keyState() {
        return keyState;
    }

    /** True after a node-key rotation not given to a WireGuard device ({@link #setWireGuard}): restart needed. */
    public boolean nodeKeyRotated() {
        return rotated;
    }

    public long bytesIn() {
        return bytesIn;
    }

    public long bytesOut() {
        return bytesOut;
    }
}
