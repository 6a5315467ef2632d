package io.tailnode.firmware.derp;

import io.tailnode.control.map.NetmapApplier;
import io.tailnode.derp.DerpClient;
import io.tailnode.derp.DerpConnections;
import io.tailnode.derp.DerpListener;
import io.tailnode.derp.DerpReason;
import io.tailnode.derp.DerpRegions;
import io.tailnode.firmware.hal.HalStatus;
import io.tailnode.firmware.hal.TlsTransport;
import io.tailnode.firmware.loop.LoopHook;
import io.tailnode.firmware.loop.RelayPath;
import io.tailnode.firmware.loop.TunnelLoop;
import io.tailnode.lang.HotPath;
import io.tailnode.wg.WgPeerStatus;
import io.tailnode.wg.WgResult;

/**
 * Runs the device's DERP connections on the tunnel loop's thread (issue #7), as a {@link LoopHook} and the loop's
 * {@link RelayPath}: one {@link DerpClient} and one {@link TlsTransport} per connection slot, which region each
 * slot serves decided by {@link DerpConnections}.
 * <ul>
 * <li>Home region: the configured one if the DERP map has it, else the map's default
 * ({@link DerpRegions#homeRegion}: lowest region ID with a DERP node); connected as soon as a DERP map arrives,
 * kept, NotePreferred sent after each login. A new map that moves the home re-homes (the old home becomes an
 * ordinary, idle-closable connection).</li>
 * <li>Peers' home regions: a send to a peer whose region ({@link NetmapApplier#derpRegionOfSlot}) has no
 * connection acquires one (bounded by the slot count, least-recently-used eviction); the packet that triggered it
 * is dropped, later ones go once the login is done; a handshake initiation dropped that way (or while any
 * relay is still dialling or logging in) is sent again at that relay's login, not REKEY_TIMEOUT (5 s) later, as
 * long as WireGuard still waits for its response ({@link #loginRetries}). Connections unused for
 * {@link DerpConnections#IDLE_CLOSE_MS} are closed. A peer with no known region is sent through the home.</li>
 * <li>Received packets go to {@link TunnelLoop#receiveRelayed} with the sender's node key as the source.</li>
 * <li>Failures: a frame the client rejects (forged, truncated), a transport error or a keep-alive timeout close
 * the TLS connection; the client's backoff ({@link DerpClient#reconnectAt}, or the server's Restarting delay)
 * says when to dial again.</li>
 * </ul>
 * <b>Dialling never holds the loop.</b> {@link TlsTransport#connect} only starts a dial (the board runs TCP + TLS
 * on a dialer thread); each iteration polls {@link TlsTransport#state}: CONNECTED starts the DERP login, FAILED
 * or no answer within {@code dialTimeoutMs} (the loop's clock) closes the transport, counts the failure by cause
 * and hands the slot to the client's backoff ({@link DerpClient#dialFailed}, then {@link DerpClient#reconnectAt}).
 * <p>
 * <b>Certificate verification per node</b>, first match wins:
 * <ol>
 * <li>a device pin set with {@link #setDevicePinOverrides} true: pin mode with it for every node (a provisioned
 * relay fleet whatever the map says);</li>
 * <li>the map node's CertName is {@code sha256-raw:<hex>}: pin mode with that pin, SNI = HostName;</li>
 * <li>the map node has another CertName: chain mode, that name for SNI and verification;</li>
 * <li>a device pin (the constructor's {@code pinOrNull}, overrides off): pin mode with it, SNI = HostName — the
 * fallback for a self-hosted relay whose map entry carries no CertName;</li>
 * <li>chain mode with HostName.</li>
 * </ol>
 * Pin mode on a platform whose TLS cannot pin ({@link TlsTransport#canPinCertificates} false): the node is
 * skipped — never dialled unverified — with {@link TlsTransport#ERR_PIN_UNSUPPORTED} as the slot's reason
 * ({@link #slotError}, counted in {@link #pinSkips}), retried on the client's backoff in case the map changes;
 * or, if the integrator provisioned the relays' self-signed certificates as trust anchors and said so with
 * {@link #setChainWhenPinUnsupported}, dialled in chain mode with HostName (docs/derp.md).
 * <b>Polling.</b> Like the control driver, while any connection is open the hook asks to run again within
 * {@code pollMs}, because the loop waits on the UDP socket only.
 * <p>
 * Nothing allocates after construction (the TLS stack's own buffers aside; measured by DerpDriverAllocationTest).
 * Not thread-safe: the loop thread owns it.
 */
public final class DerpDriver implements LoopHook, RelayPath {
    /** Reads per connection per iteration, so one iteration's work stays bounded. */
    private static final int MAX_READS_PER_ITERATION = 8;
    private static final int MAX_HOST = 64;

    private final DerpRegions regions;
    private final DerpConnections conns;
    private final DerpClient[] clients;
    private final TlsTransport[] transports;
    private final boolean[] open;
    /** A dial was started and the transport has not answered CONNECTED or FAILED yet. */
    private final boolean[] dialing;
    private final long[] dialDeadline;
    /** Per slot: why the last dial did not connect (0 after a successful one). */
    private final int[] slotError;
    private final NetmapApplier applier;
    private final byte[] rx;
    private final byte[] host = new byte[MAX_HOST];
    private final byte[] tlsName = new byte[MAX_HOST];
    private final byte[] addr = new byte[5];
    private final byte[] pin = new byte[32];
    private final byte[] devicePin = new byte[32];
    private final boolean hasDevicePin;
    private boolean devicePinOverrides;
    private boolean chainWhenPinUnsupported;
    private final int dialTimeoutMs;
    private final long pollMs;
    private TunnelLoop loop;
    /**
     * Per WireGuard peer slot: a send was dropped because its relay was not logged in yet (typically the first
     * handshake initiation, sent the moment the netmap arrives, while TLS and the DERP login are still under way).
     * Without this the initiation is only retried by WireGuard's 5 s REKEY_TIMEOUT; with it, the login itself
     * triggers a new initiation to each such peer whose handshake is still under way ({@link #retryAfterLogin}).
     * Sized from the device at {@link #setLoop}.
     */
    private boolean[] retryOnLogin = new boolean[0];
    private final WgPeerStatus retryStatus = new WgPeerStatus();
    private boolean loginSinceLastIteration;
    private long loginRetries;
    private HomeListener homeListener;
    private DiscoDriver disco;
    private int reportedHome;
    private int preferredRegion;
    private long now;

    private long dials;
    private long dialFailures;
    private long dialTimeouts;
    private long certificateFailures;
    private long pinSkips;
    private long frameErrors;
    private long sendsDropped;
    private int lastDialError;

    /**
     * @param clients    one per connection slot (same node key set on each by the caller), built with a listener
     *                   from {@link #listenerFor}; the array is kept
     * @param transports one per slot
     * @param pinOrNull  device pin: 32-byte SHA-256 of a relay certificate ({@code sha256-raw:}), used for nodes
     *                   whose map entry has no CertName (or for all with {@link #setDevicePinOverrides}); null:
     *                   the map decides
     * @param dialTimeoutMs how long a dial may stay CONNECTING (TCP + TLS handshake) before it counts as failed
     */
    public DerpDriver(DerpRegions regions, NetmapApplier applier, DerpClient[] clients, TlsTransport[] transports,
            byte[] pinOrNull, int dialTimeoutMs, long pollMs, int readBuffer) {
        if (regions == null || applier == null || clients == null || transports == null
                || clients.length != transports.length || dialTimeoutMs < 1 || dialTimeoutMs > Integer.MAX_VALUE / 2
                || pollMs < 1 || readBuffer < 1024) {
            throw new IllegalArgumentException("derp driver parameters");
        }
        this.regions = regions;
        this.applier = applier;
        this.clients = clients;
        this.transports = transports;
        this.conns = new DerpConnections(clients);
        this.open = new boolean[clients.length];
        this.dialing = new boolean[clients.length];
        this.dialDeadline = new long[clients.length];
        this.slotError = new int[clients.length];
        this.rx = new byte[readBuffer];
        this.dialTimeoutMs = dialTimeoutMs;
        this.pollMs = pollMs;
        hasDevicePin = pinOrNull != null;
        if (hasDevicePin) {
            System.arraycopy(pinOrNull, 0, devicePin, 0, 32);
        }
    }

    /** True: the device pin applies to every node, whatever the map's CertName (rule 1 of the class comment). */
    public void setDevicePinOverrides(boolean on) {
        devicePinOverrides = on;
    }

    /**
     * True: where the platform cannot pin, dial pinned nodes in chain mode with HostName instead of skipping
     * them. Only for an integrator who provisioned those relays' self-signed certificates as trust anchors.
     */
    public void setChainWhenPinUnsupported(boolean on) {
        chainWhenPinUnsupported = on;
    }

    /** A listener for the client of connection slot {@code slot} (build the clients with these). */
    public static DerpListener listenerFor(Holder holder, int slot) {
        return new SlotListener(holder, slot);
    }

    /** Lets the clients' listeners, built before the driver, reach it. */
    public static final class Holder {
        DerpDriver driver;

        public void set(DerpDriver d) {
            driver = d;
        }
    }

    /** The loop relayed packets go to; call before the loop runs. */
    public void setLoop(TunnelLoop l) {
        loop = l;
        retryOnLogin = new boolean[l.device().peerCapacity()];
    }

    /** Told when the home region changes (for NetInfo.PreferredDERP in the control client's lite update). */
    public interface HomeListener {
        void homeRegionChanged(int region, long nowMs);
    }

    public void setHomeListener(HomeListener l) {
        homeListener = l;
    }

    /** Disco messages relayed by DERP go here before WireGuard sees them (null: all packets are WireGuard). */
    public void setDisco(DiscoDriver d) {
        disco = d;
    }

    /** The configured home region (0 = the DERP map's default). */
    public void setPreferredRegion(int region) {
        preferredRegion = region;
    }

    // ------------------------------------------------------------------ LoopHook

    public void onIteration(long nowMs) {
        now = nowMs;
        if (regions.size() > 0) {
            int home = regions.homeRegion(preferredRegion);
            int hs = conns.homeSlot();
            if (home > 0 && (hs < 0 || conns.regionAt(hs) != home)) {
                int slot = conns.setHome(home, nowMs);
                closeEvicted(slot);
            }
            if (home != reportedHome) {
                reportedHome = home;
                if (homeListener != null) {
                    homeListener.homeRegionChanged(home, nowMs);
                }
            }
        }
        int idle = conns.idleSlot(nowMs);
        if (idle >= 0) {
            closeSlot(idle);
            clients[idle].transportClosed(nowMs);
            conns.release(idle);
        }
        for (int s = 0; s < clients.length; s++) {
            if (conns.regionAt(s) != 0) {
                pump(s, nowMs);
            }
        }
        if (loginSinceLastIteration) {
            loginSinceLastIteration = false;
            if (disco != null) {
                disco.relayLoggedIn(nowMs);
            }
            if (loop != null) {
                retryAfterLogin();
            }
        }
    }

    public long nextDeadline(long nowMs) {
        long d = Long.MAX_VALUE;
        for (int s = 0; s < clients.length; s++) {
            if (conns.regionAt(s) == 0) {
                continue;
            }
            // dialling or open: poll the transport; closed: the client's backoff; idle (just acquired, no address)
            long t;
            if (dialing[s]) {
                t = Math.min(nowMs + pollMs, dialDeadline[s]);
            } else {
                t = open[s] || clients[s].state() != DerpClient.STATE_CLOSED ? nowMs + pollMs
                        : clients[s].reconnectAt();
            }
            if (t < d) {
                d = t;
            }
        }
        long c = conns.nextDeadline();
        return c < d ? c : d;
    }

    /**
     * The device's own underlay address changed (rebind): every open connection's TCP socket is bound to the old
     * address, which nothing routes back to any more (behind a NAT it stays silent until the 120 s keep-alive
     * timeout), so all are closed now; each dials again at its client's reconnect time (1 s after a good login).
     */
    public void underlayChanged(long nowMs) {
        now = nowMs;
        for (int s = 0; s < clients.length; s++) {
            if (open[s]) {
                closeSlot(s);
                clients[s].transportClosed(nowMs);
                // not a failure: dial again now, not after the reconnect backoff (peers' CallMeMaybes wait for it)
                clients[s].redialNow(nowMs);
            }
        }
    }

    // ------------------------------------------------------------------ RelayPath

    @HotPath
    public int sendRelayed(int slot, byte[] endpoint, int epOff, byte[] pkt, int off, int len) {
        int region = applier.derpRegionOfSlot(slot);
        if (region == 0) {
            int hs = conns.homeSlot();
            region = hs < 0 ? 0 : conns.regionAt(hs);
        }
        if (region == 0 || regions.indexOf(region) < 0) {
            sendsDropped++;
            noteRetry(slot);
            return -1;
        }
        int s = conns.slotOf(region);
        if (s < 0) {
            s = conns.acquire(region, now);
            if (s < 0) {
                sendsDropped++;
                return -1;
            }
            closeEvicted(s);
        }
        conns.noteUsed(s, now);
        DerpClient c = clients[s];
        int st = c.state();
        // Only once logged in (ServerInfo), though the protocol would take packets right after ClientInfo: the
        // relay has registered us by then, so of two peers logging in at the same moment at most one first
        // initiation can meet the other's absence at the relay, and ours, dropped here, is retried at our login.
        if (!open[s] || st != DerpClient.STATE_OPEN) {
            sendsDropped++;
            noteRetry(slot);
            return -1;
        }
        int r = c.send(endpoint, epOff + 1, pkt, off, len);
        if (r == DerpReason.WOULD_BLOCK) {
            flush(s);
            r = c.send(endpoint, epOff + 1, pkt, off, len);
        }
        if (r != DerpReason.OK) {
            sendsDropped++;
            return -1;
        }
        flush(s);
        return len;
    }

    // ------------------------------------------------------------------ connections

    private void closeEvicted(int slot) {
        if (slot >= 0 && (open[slot] || dialing[slot])) {
            closeSlot(slot);
            clients[slot].transportClosed(now);
        }
    }

    @HotPath
    private void pump(int s, long nowMs) {
        DerpClient c = clients[s];
        if (!open[s]) {
            if (!dialing[s]) {
                int st = c.state();
                if (st == DerpClient.STATE_IDLE || (st == DerpClient.STATE_CLOSED && nowMs >= c.reconnectAt())) {
                    startDial(s, nowMs);
                }
            }
            if (!dialing[s] || !finishDial(s, nowMs)) {
                return;
            }
        }
        flush(s);
        for (int i = 0; open[s] && i < MAX_READS_PER_ITERATION; i++) {
            int n = transports[s].read(rx, 0, rx.length);
            if (n == HalStatus.ERR_CLOSED || n == HalStatus.ERR_IO) {
                closeSlot(s);
                c.transportClosed(nowMs);
                return;
            }
            if (n <= 0) {
                break;
            }
            if (c.receive(rx, 0, n, nowMs) < 0) {
                // forged or truncated frame: the client closed itself; drop the TLS connection too
                frameErrors++;
                closeSlot(s);
                return;
            }
            flush(s);
        }
        if (open[s] && c.poll(nowMs) < 0) {
            closeSlot(s);
            return;
        }
        flush(s);
    }

    /** Picks the node's verification (class comment) and starts the transport's dial; returns at once. */
    private void startDial(int s, long nowMs) {
        int i = regions.indexOf(conns.regionAt(s));
        if (i < 0 || !regions.hasDerpNode(i) || !regions.derpIpv4(i, addr, 1)) {
            return;
        }
        addr[0] = 4;
        boolean pinMode;
        if (hasDevicePin && (devicePinOverrides || !regions.derpHasCertName(i))) {
            System.arraycopy(devicePin, 0, pin, 0, 32);
            pinMode = true;
        } else {
            pinMode = regions.derpPin(i, pin, 0);
        }
        // pin mode: SNI is the HostName (the CertName is the pin); chain mode: CertName, else HostName
        int nameLen = pinMode ? regions.derpHost(i, tlsName, 0) : regions.derpTlsName(i, tlsName, 0);
        TlsTransport t = transports[s];
        if (pinMode && !t.canPinCertificates()) {
            if (!chainWhenPinUnsupported) {
                pinSkips++;
                lastDialError = TlsTransport.ERR_PIN_UNSUPPORTED;
                slotError[s] = TlsTransport.ERR_PIN_UNSUPPORTED;
                clients[s].dialFailed(nowMs);
                return;
            }
            pinMode = false;
        }
        dials++;
        // Our deadline (the loop's clock) decides; the platform's own bound, twice as long, only backs it up.
        int r = t.connect(addr, 0, regions.derpPort(i), tlsName, 0, nameLen,
                pinMode ? TlsTransport.VERIFY_PIN_SHA256 : TlsTransport.VERIFY_CHAIN, pin, 0, 2 * dialTimeoutMs);
        if (r != HalStatus.OK) {
            t.close();
            dialFailed(s, r, nowMs);
            return;
        }
        dialing[s] = true;
        dialDeadline[s] = nowMs + dialTimeoutMs;
    }

    /** Polls a dial in progress; true once the slot is open (TLS up, the DERP upgrade queued). */
    private boolean finishDial(int s, long nowMs) {
        TlsTransport t = transports[s];
        int st = t.state();
        if (st == TlsTransport.STATE_CONNECTING) {
            if (nowMs - dialDeadline[s] >= 0) {
                dialing[s] = false;
                t.close();
                dialFailed(s, TlsTransport.ERR_DIAL_TIMEOUT, nowMs);
            }
            return false;
        }
        dialing[s] = false;
        if (st != TlsTransport.STATE_CONNECTED) {
            int f = t.failure();
            t.close();
            dialFailed(s, f != 0 ? f : HalStatus.ERR_IO, nowMs);
            return false;
        }
        int i = regions.indexOf(conns.regionAt(s));
        int hostLen = i < 0 ? 0 : regions.derpHost(i, host, 0);
        if (i < 0 || clients[s].connect(host, 0, hostLen, nowMs) != DerpReason.OK) {
            // the region left the map while dialling, or the client refused the host
            t.close();
            dialFailed(s, HalStatus.ERR_ADDRESS, nowMs);
            return false;
        }
        open[s] = true;
        slotError[s] = 0;
        flush(s);
        return open[s];
    }

    private void dialFailed(int s, int code, long nowMs) {
        dialFailures++;
        if (code == TlsTransport.ERR_CERTIFICATE) {
            certificateFailures++;
        } else if (code == TlsTransport.ERR_DIAL_TIMEOUT) {
            dialTimeouts++;
        }
        lastDialError = code;
        slotError[s] = code;
        clients[s].dialFailed(nowMs);
    }

    @HotPath
    private void flush(int s) {
        DerpClient c = clients[s];
        while (open[s] && c.outputLength() > 0) {
            int w = transports[s].write(c.outputBuffer(), 0, c.outputLength());
            if (w == HalStatus.ERR_WOULD_BLOCK || w == 0) {
                return;
            }
            if (w < 0) {
                closeSlot(s);
                c.transportClosed(now);
                return;
            }
            c.consumeOutput(w);
        }
    }

    private void closeSlot(int s) {
        if (open[s] || dialing[s]) {
            transports[s].close();
            open[s] = false;
            dialing[s] = false;
        }
    }

    // ------------------------------------------------------------------ listener callbacks

    void connected(int s) {
        if (conns.isHome(s)) {
            clients[s].notePreferred(true);
            flush(s);
        }
        // Not from inside the client's input processing: onIteration sends the retries after the reads.
        loginSinceLastIteration = true;
    }

    @HotPath
    private void noteRetry(int slot) {
        if (slot >= 0 && slot < retryOnLogin.length) {
            retryOnLogin[slot] = true;
        }
    }

    /**
     * After a login: a new initiation to every flagged peer whose relay is now logged in and for which WireGuard
     * still waits for a handshake response. The test is the handshake under way, not "no session": a keypair that
     * expired (idle past REJECT_AFTER_TIME) is still the current one, and that is when the first send after a
     * while needs a handshake whose initiation meets an idle-closed, redialling relay. A peer whose dropped send was
     * data on a usable session, or whose handshake completed (e.g. over a direct path) or was given up, or that
     * left the netmap, loses its flag at any login, whichever relay's: flags do not outlive the attempt that set
     * them, so a later login never initiates for a stale reason.
     * <p>
     * Runs at the end of {@link #onIteration} (after all reads, never inside a client's input processing), from the
     * services' step, where the loop's result buffer is free: the same place {@link TunnelLoop#receiveRelayed}
     * is called from. {@link TunnelLoop#initiate} comes back through {@link #sendRelayed} on the now open slot.
     */
    private void retryAfterLogin() {
        int hs = conns.homeSlot();
        for (int slot = 0; slot < retryOnLogin.length; slot++) {
            if (!retryOnLogin[slot]) {
                continue;
            }
            if (!loop.device().peerStatus(slot, retryStatus) || !retryStatus.handshakeInProgress) {
                retryOnLogin[slot] = false;
                continue;
            }
            // the connection sendRelayed picks: the peer's region, else the home
            int region = applier.derpRegionOfSlot(slot);
            int s = region != 0 ? conns.slotOf(region) : hs;
            if (s < 0 || !open[s] || clients[s].state() != DerpClient.STATE_OPEN) {
                continue; // its relay is not up yet: stays flagged for that relay's login
            }
            retryOnLogin[slot] = false;
            if (loop.initiate(slot) != WgResult.DROPPED) {
                loginRetries++;
            }
        }
    }

    @HotPath
    void packet(int slot, byte[] src, int srcOff, byte[] pkt, int off, int len) {
        conns.noteUsed(slot, now);
        if (disco != null && disco.onDerpPacket(src, srcOff, pkt, off, len, conns.regionAt(slot))) {
            return;
        }
        if (loop != null) {
            loop.receiveRelayed(src, srcOff, pkt, off, len);
        }
    }

    // ------------------------------------------------------------------ status

    /** Region of the home connection, 0 if none. */
    public int homeRegion() {
        int hs = conns.homeSlot();
        return hs < 0 ? 0 : conns.regionAt(hs);
    }

    /** True if the connection to {@code region} is logged in. */
    public boolean isConnected(int region) {
        int s = conns.slotOf(region);
        return s >= 0 && open[s] && clients[s].state() == DerpClient.STATE_OPEN;
    }

    public int connectionCapacity() {
        return clients.length;
    }

    /** Region served by connection slot {@code s} (0 = free). */
    public int regionAt(int s) {
        return conns.regionAt(s);
    }

    public DerpClient client(int s) {
        return clients[s];
    }

    public long dials() {
        return dials;
    }

    public long dialFailures() {
        return dialFailures;
    }

    /** Connections dropped because the client rejected a frame (forged, truncated, out of order). */
    public long frameErrors() {
        return frameErrors;
    }

    /** Handshake initiations sent at a relay's login because an earlier send to that peer found it not logged in. */
    public long loginRetries() {
        return loginRetries;
    }

    /** True while a send to WireGuard peer {@code slot} was dropped and waits for its relay's login (tests). */
    boolean retryPending(int slot) {
        return slot >= 0 && slot < retryOnLogin.length && retryOnLogin[slot];
    }

    public long sendsDropped() {
        return sendsDropped;
    }

    /** Dials that stayed CONNECTING past the dial timeout (also in {@link #dialFailures}). */
    public long dialTimeouts() {
        return dialTimeouts;
    }

    /** Dials refused because the certificate did not verify: unknown issuer, wrong name, pin mismatch. */
    public long certificateFailures() {
        return certificateFailures;
    }

    /** Dials not attempted: the node needs a pin and the platform cannot pin (not counted as dials). */
    public long pinSkips() {
        return pinSkips;
    }

    /** The last dial's failure: a HalStatus or TlsTransport code (ERR_PIN_UNSUPPORTED for a skipped node). */
    public int lastDialError() {
        return lastDialError;
    }

    /** Why slot {@code s}'s last dial did not connect (0: it did, or none yet). */
    public int slotError(int s) {
        return slotError[s];
    }

    /** True while slot {@code s} waits for its transport's dial (TCP + TLS). */
    public boolean isDialing(int s) {
        return dialing[s];
    }

    public DerpRegions regions() {
        return regions;
    }

    private static final class SlotListener implements DerpListener {
        private final Holder holder;
        private final int slot;

        SlotListener(Holder holder, int slot) {
            this.holder = holder;
            this.slot = slot;
        }

        public void onConnected() {
            if (holder.driver != null) {
                holder.driver.connected(slot);
            }
        }

        @HotPath
        public void onPacket(byte[] src, int srcOff, byte[] pkt, int off, int len) {
            if (holder.driver != null) {
                holder.driver.packet(slot, src, srcOff, pkt, off, len);
            }
        }

        public void onPeerGone(byte[] key, int keyOff, int reason) {
        }

        public void onHealth(byte[] text, int off, int len) {
        }

        public void onRestarting(long reconnectInMs, long tryForMs) {
        }

        public void onPong(byte[] data, int off) {
        }
    }
}
