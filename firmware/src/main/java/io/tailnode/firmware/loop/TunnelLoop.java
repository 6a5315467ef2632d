package io.tailnode.firmware.loop;

import io.tailnode.filter.InboundFilter;
import io.tailnode.firmware.hal.Clock;
import io.tailnode.firmware.hal.DatagramTransport;
import io.tailnode.firmware.hal.HalStatus;
import io.tailnode.firmware.hal.Watchdog;
import io.tailnode.firmware.log.LogEvents;
import io.tailnode.firmware.log.LogLevel;
import io.tailnode.firmware.log.Logger;
import io.tailnode.firmware.time.Tai64nClock;
import io.tailnode.ip.EchoResponder;
import io.tailnode.lang.HotPath;
import io.tailnode.wg.SourceAddress;
import io.tailnode.wg.WgConstants;
import io.tailnode.wg.WgPeerStatus;
import io.tailnode.wg.WgResult;
import io.tailnode.wg.WireGuardDevice;

/**
 * The device's WireGuard event loop: one UDP transport, one {@link WireGuardDevice}, and for the inner packets
 * either the device's IP stack with its services ({@link InnerServices}: IpStack, TCP, HTTP, UDP echo) or, in the
 * older shape, only the {@link EchoResponder} (ICMP/ICMPv6 echo on the tunnel addresses).
 * <p>
 * With services: decrypted inner packets go to {@link InnerServices#receive}; after the core's poll the loop runs
 * {@link InnerServices#service} and then takes up to {@value #MAX_INNER_PER_ITERATION} outgoing inner packets
 * from {@link InnerServices#poll}, each written at offset {@link WgConstants#TRANSPORT_HEADER_SIZE} of the
 * loop's transmit buffer (the core seals in place from 16 bytes before it and appends the tag in the tail room)
 * and handed to {@link WireGuardDevice#send}. The wait for the next datagram ends at the earlier of the core's
 * and the services' deadlines, and not at all while the services had more to send than one iteration takes.
 * <p>
 * One {@link #runOnce} = wait for a datagram at most until the core's next timer deadline (capped at
 * {@code maxWaitMs}) → {@link WireGuardDevice#receive} → inner packets to the echo responder, replies back
 * through {@link WireGuardDevice#send} → {@link WireGuardDevice#poll} until DONE (timers, held packets) →
 * housekeeping (clock floor lease) → one log line per handshake and endpoint change. Everything the loop uses
 * is allocated in the constructor; the per-iteration path allocates nothing.
 * <p>
 * Tailnet mode ({@link #setInboundFilter}): every decrypted inner packet is judged by the {@link InboundFilter}
 * before it reaches the services or the echo responder (dropped ones are counted, {@link #filterDrops}), and
 * every inner packet the device sends (services' output, {@link #sendInner}) is noted so replies to its own flows
 * get in. Without a filter (wg-config mode) inner packets go through unfiltered, as WireGuard alone does.
 * <p>
 * Real time ({@link #setWatchdog}, {@link #setIdleWork}): each iteration's busy time (the wait excluded) goes
 * into {@link #timing()}; the watchdog is kicked at the end of every completed iteration and nowhere else, so a
 * stuck iteration resets the board; the idle work (flash erase and garbage collection) runs only in an iteration
 * that processed no datagram, with no services backlog, and whose next deadline is further away than the idle
 * work's worst case: never in the packet path (held back by deadlines for {@link #MAX_IDLE_DELAY_MS}, it runs in
 * the next iteration without a datagram anyway, counted in {@link #idleForced()} and logged).
 * <p>
 * Time: the core wants a monotonic {@code nowMs} above 0; the loop passes {@code clock.monotonicMillis() + 1}
 * everywhere (the TAI64N clock included), so a board whose timer starts at 0 is fine.
 * Not thread-safe: one thread runs the loop; {@link DatagramTransport#close} from elsewhere stops it.
 */
public final class TunnelLoop {
    /** {@link #runOnce} result: the iteration ran (a datagram, a timeout, or a transient transport error). */
    public static final int RUNNING = 0;
    /** {@link #runOnce} result: the transport was closed; the loop is over. */
    public static final int STOPPED = 1;

    /** Bound on poll calls per iteration: one datagram each, so peers x (held packets + timer actions) and then some. */
    private static final int MAX_POLLS_PER_PEER = 16;
    /** Bound on inner packets taken from the services per iteration (the rest go next iteration, without waiting). */
    public static final int MAX_INNER_PER_ITERATION = 64;
    /**
     * Pending idle work waits at most this long for an iteration with no deadline within its worst case; then it
     * runs in the next iteration without a datagram anyway (counted, logged), so a busy device still erases
     * (the clock floor's lease renewal, written ahead of expiry, has minutes of slack).
     */
    public static final int MAX_IDLE_DELAY_MS = 60000;

    private final WireGuardDevice wg;
    private final DatagramTransport net;
    private final Clock clock;
    private final Tai64nClock tai64n;
    private final EchoResponder echo;
    private final InnerServices services;
    private final Logger log;
    private final PeerEvents events;
    /** Tailnet mode's inbound filter; null in wg-config mode. */
    private InboundFilter filter;
    /** Issue #7: where DERP endpoints are sent; null = no relay (such sends count as transport errors). */
    private RelayPath relay;
    /** Issue #7: the stale direct address also sent to while a peer is on DERP (dual send); null = DERP alone. */
    private SecondaryUdpPath secondary;
    /** Issue #7: STUN and disco datagrams on the shared socket; null = everything is WireGuard. */
    private DatagramTap tap;
    private final WgResult result = new WgResult();
    private final WgPeerStatus peerStatus = new WgPeerStatus();
    /** Received datagrams; transport packets are decrypted in place. */
    private final byte[] rx;
    /** Inner packets going out (echo replies, injected packets) at offset HEADROOM, with tail room for the tag. */
    private final byte[] tx;
    private final byte[] source = new byte[WgConstants.SOURCE_MAX_SIZE];
    private final byte[] relaySource = new byte[WgConstants.SOURCE_MAX_SIZE];
    private final byte[] endpointScratch = new byte[WgConstants.SOURCE_MAX_SIZE];
    private final byte[] secondaryEndpoint = new byte[WgConstants.SOURCE_MAX_SIZE];
    /** Per slot: last seen handshake time, endpoint, handshake count (for change lines). */
    private final long[] seenHandshake;
    private final byte[] seenEndpoint;
    private final int[] seenEndpointLength;
    private final int[] handshakes;
    private final int mtu;
    private final int maxWaitMs;

    private long datagramsIn;
    private long datagramsOut;
    private long wgDrops;
    private long tunnelPackets;
    private long echoReplies;
    private long tunnelDrops;
    private long filterDrops;
    private long transportErrors;
    private long relayedIn;
    private long relayedOut;
    private long dualSends;
    private long iterations;
    private long innerOut;
    /** The services had more output than the last iteration took: do not wait. */
    private boolean backlog;
    // ---- real time (loop timing, watchdog, idle-only flash work); see the class comment
    private final IterationTiming timing = new IterationTiming();
    private Watchdog watchdog;
    private IdleWork idleWork;
    private long idleSteps;
    private long idleErrors;
    private long idleForced;
    /** When pending idle work was first held back by a close deadline; 0: not waiting. */
    private long idleWaitingSince;

    /**
     * @param mtu the tunnel MTU the core was built with
     * @param maxWaitMs longest wait in one {@link #runOnce} (so the caller can do housekeeping), >= 1
     * @param events observer of peer changes, or null
     */
    public TunnelLoop(WireGuardDevice wg, DatagramTransport net, Clock clock, Tai64nClock tai64n,
            EchoResponder echo, Logger log, int mtu, int maxWaitMs, PeerEvents events) {
        this(wg, net, clock, tai64n, echo, null, log, mtu, maxWaitMs, events);
    }

    /**
     * A loop whose inner packets go to the device's IP stack and services (see the class comment).
     *
     * @param mtu the tunnel MTU the core was built with; the services' IP MTU must not exceed it
     */
    public TunnelLoop(WireGuardDevice wg, DatagramTransport net, Clock clock, Tai64nClock tai64n,
            InnerServices services, Logger log, int mtu, int maxWaitMs, PeerEvents events) {
        this(wg, net, clock, tai64n, null, services, log, mtu, maxWaitMs, events);
    }

    private TunnelLoop(WireGuardDevice wg, DatagramTransport net, Clock clock, Tai64nClock tai64n,
            EchoResponder echo, InnerServices services, Logger log, int mtu, int maxWaitMs, PeerEvents events) {
        if (wg == null || net == null || clock == null || (echo == null) == (services == null) || log == null
                || mtu < 68 || maxWaitMs < 1) {
            throw new IllegalArgumentException("loop parameters");
        }
        this.services = services;
        this.wg = wg;
        this.net = net;
        this.clock = clock;
        this.tai64n = tai64n;
        this.echo = echo;
        this.log = log;
        this.events = events;
        this.mtu = mtu;
        this.maxWaitMs = maxWaitMs;
        // Largest transport message: header + inner packet padded to 16 (the core caps padding at the MTU; rounding
        // up here only adds slack) + tag. Handshake messages are smaller.
        int padded = (mtu + 15) & ~15;
        this.rx = new byte[WgConstants.TRANSPORT_HEADER_SIZE + padded + WgConstants.TAG_SIZE];
        this.tx = new byte[WgConstants.TRANSPORT_HEADER_SIZE + padded + WgConstants.TAG_SIZE];
        int cap = wg.peerCapacity();
        seenHandshake = new long[cap];
        seenEndpoint = new byte[cap * WgConstants.SOURCE_MAX_SIZE];
        seenEndpointLength = new int[cap];
        handshakes = new int[cap];
    }

    /**
     * Tailnet mode: judge inbound inner packets with {@code f} and note outbound ones (see the class comment);
     * null switches filtering off. Call before the loop runs, from its thread.
     */
    public void setInboundFilter(InboundFilter f) {
        filter = f;
    }

    /** Kicks {@code w} after every completed iteration (and only then); null: none. Call before the loop runs. */
    public void setWatchdog(Watchdog w) {
        watchdog = w;
    }

    /** Runs {@code w} in idle iterations only (see the class comment); null: none. Call before the loop runs. */
    public void setIdleWork(IdleWork w) {
        idleWork = w;
    }

    /** Issue #7: non-WireGuard datagrams (STUN, disco) go to {@code t} first. Call before the loop runs. */
    public void setDatagramTap(DatagramTap t) {
        tap = t;
    }

    /** Issue #7: DERP endpoints go to {@code r} (see {@link RelayPath}). Call before the loop runs, from its thread. */
    public void setRelayPath(RelayPath r) {
        relay = r;
    }

    /**
     * Issue #7: while {@code p} names a UDP endpoint for a peer whose WireGuard endpoint is DERP, each datagram to
     * that peer goes to the relay and to that address too. Call before the loop runs, from its thread.
     */
    public void setSecondaryUdpPath(SecondaryUdpPath p) {
        secondary = p;
    }

    /**
     * Issue #7: a WireGuard datagram that arrived through DERP from node key {@code srcKey[keyOff..+32)}: handed
     * to the core with the DERP source form, so handshakes, cookies, rate limiting and roaming treat the relay path
     * like a UDP address. The bytes are copied into the loop's receive buffer (the DERP client's buffer is reused
     * by its next frame, and the core decrypts in place). Call from the loop's thread (a {@link LoopHook}).
     */
    @HotPath
    public void receiveRelayed(byte[] srcKey, int keyOff, byte[] pkt, int off, int len) {
        if (len <= 0 || len > rx.length) {
            wgDrops++;
            return;
        }
        System.arraycopy(pkt, off, rx, 0, len);
        int srcLen = SourceAddress.derp(relaySource, 0, srcKey, keyOff);
        long now = now();
        relayedIn++;
        handle(wg.receive(rx, 0, len, relaySource, 0, srcLen, now, result), now);
        drain(now);
    }

    /** Monotonic time as the core sees it (above 0). */
    @HotPath
    public long now() {
        return clock.monotonicMillis() + 1;
    }

    /** Logs the start line and records the configured endpoints, so only later changes make lines. */
    public void start(int peerCount) {
        long now = now();
        log.log(LogLevel.INFO, LogEvents.WG_LOOP_STARTED, now, net.localPort(), peerCount);
        checkPeers(now);
    }

    /**
     * One iteration (see the class comment).
     *
     * @return {@link #RUNNING} or {@link #STOPPED}
     */
    @HotPath
    public int runOnce() {
        iterations++;
        long now = now();
        long started = now;
        long deadline = wg.nextDeadline();
        if (services != null) {
            long d = backlog ? now : services.nextDeadline(now);
            if (d < deadline) {
                deadline = d;
            }
        }
        long wait = deadline == Long.MAX_VALUE ? maxWaitMs : deadline <= now ? 0 : deadline - now;
        if (wait < 0) {
            wait = 0;
        } else if (wait > maxWaitMs) {
            wait = maxWaitMs;
        }
        long busyBeforeWait = now() - started;
        int n = net.receive(rx, 0, rx.length, source, 0, (int) wait);
        now = now();
        long resumed = now;
        if (n == HalStatus.ERR_CLOSED) {
            return STOPPED;
        }
        if (n > 0) {
            datagramsIn++;
            int srcLen = (source[0] & 0xff) == WgConstants.SOURCE_KIND_IPV6 ? WgConstants.SOURCE_IPV6_SIZE
                    : WgConstants.SOURCE_IPV4_SIZE;
            if (tap == null || !tap.onDatagram(rx, 0, n, source, srcLen, now)) {
                handle(wg.receive(rx, 0, n, source, 0, srcLen, now, result), now);
            }
        } else if (n < 0 && n != HalStatus.ERR_WOULD_BLOCK) {
            transportErrors++;
            log.log(LogLevel.WARN, LogEvents.WG_TRANSPORT_ERROR, now, n);
        }
        drain(now);
        if (services != null) {
            serviceAndFlush(now);
        }
        if (tai64n != null) {
            tai64n.poll(now);
        }
        checkPeers(now);
        if (n <= 0 && idleWork != null) {
            runIdleWork(now);
        }
        timing.record(busyBeforeWait + now() - resumed);
        if (watchdog != null) {
            watchdog.kick();
        }
        return RUNNING;
    }

    /** One idle-work step if nothing is due within its worst case (no datagram was processed: the caller checked). */
    @HotPath
    private void runIdleWork(long now) {
        if (!idleWork.pending()) {
            idleWaitingSince = 0;
            return;
        }
        if (backlog) {
            return;
        }
        long deadline = wg.nextDeadline();
        if (services != null) {
            long d = services.nextDeadline(now);
            if (d < deadline) {
                deadline = d;
            }
        }
        if (deadline != Long.MAX_VALUE && deadline - now <= idleWork.worstCaseMillis()) {
            if (idleWaitingSince == 0) {
                idleWaitingSince = now;
            }
            if (now - idleWaitingSince < MAX_IDLE_DELAY_MS) {
                return;
            }
            idleForced++;
            log.log(LogLevel.WARN, LogEvents.STORE_ERROR, now, (int) (deadline - now));
        }
        idleWaitingSince = 0;
        int rc = idleWork.runIdle(now);
        if (rc > 0) {
            idleSteps++;
        } else if (rc < 0) {
            idleErrors++;
            log.log(LogLevel.WARN, LogEvents.STORE_ERROR, now, rc);
        }
    }

    /**
     * Sends an inner IPv4/IPv6 packet from the device itself into the tunnel (routed by destination through the
     * peers' allowed IPs). Call from the loop's thread.
     *
     * @return the core's first action ({@link WgResult}); DROPPED with the reason counted if it could not go
     */
    @HotPath
    public int sendInner(byte[] pkt, int off, int len) {
        if (len < 0 || len > mtu) {
            return WgResult.DROPPED;
        }
        System.arraycopy(pkt, off, tx, WgConstants.TRANSPORT_HEADER_SIZE, len);
        long now = now();
        if (filter != null) {
            filter.noteOutbound(tx, WgConstants.TRANSPORT_HEADER_SIZE, len, now);
        }
        int a = wg.send(tx, WgConstants.TRANSPORT_HEADER_SIZE, len, now, result);
        handle(a, now);
        drain(now);
        checkPeers(now);
        return a;
    }

    /** Asks the core to initiate a handshake with {@code slot} now ("connect"); returns its action. */
    public int initiate(int slot) {
        long now = now();
        int a = wg.initiateHandshake(slot, now, result);
        handle(a, now);
        drain(now);
        checkPeers(now);
        return a;
    }

    /** Runs the services, then sends what they have (bounded), then lets the core finish (handshakes, held packets). */
    @HotPath
    private void serviceAndFlush(long now) {
        services.service(now);
        int k = 0;
        for (; k < MAX_INNER_PER_ITERATION; k++) {
            int n = services.poll(now, tx, WgConstants.TRANSPORT_HEADER_SIZE, mtu);
            if (n <= 0) {
                break;
            }
            innerOut++;
            if (filter != null) {
                filter.noteOutbound(tx, WgConstants.TRANSPORT_HEADER_SIZE, n, now);
            }
            int a = wg.send(tx, WgConstants.TRANSPORT_HEADER_SIZE, n, now, result);
            if (a == WgResult.WRITE_TO_NETWORK) {
                toNetwork();
            } else if (a == WgResult.DROPPED) {
                wgDrops++;
            }
        }
        backlog = k == MAX_INNER_PER_ITERATION;
        drain(now);
    }

    @HotPath
    private void drain(long now) {
        int bound = MAX_POLLS_PER_PEER * (wg.peerCapacity() + 1);
        for (int i = 0; i < bound; i++) {
            int a = wg.poll(now, result);
            if (a == WgResult.DONE) {
                return;
            }
            handle(a, now);
        }
    }

    @HotPath
    private void handle(int action, long now) {
        if (action == WgResult.WRITE_TO_NETWORK) {
            toNetwork();
        } else if (action == WgResult.WRITE_TO_TUNNEL) {
            tunnelPackets++;
            if (filter != null && filter.check(result.buffer, result.offset, result.length, now) < 0) {
                filterDrops++;
                return;
            }
            if (services != null) {
                if (services.receive(result.buffer, result.offset, result.length, now) < 0) {
                    tunnelDrops++;
                }
                return;
            }
            int m = echo.respond(result.buffer, result.offset, result.length, tx, WgConstants.TRANSPORT_HEADER_SIZE,
                    mtu);
            if (m <= 0) {
                tunnelDrops++;
                return;
            }
            echoReplies++;
            int a = wg.send(tx, WgConstants.TRANSPORT_HEADER_SIZE, m, now, result);
            if (a == WgResult.WRITE_TO_NETWORK) {
                toNetwork();
            } else if (a == WgResult.DROPPED) {
                wgDrops++;
            }
        } else if (action == WgResult.DROPPED) {
            wgDrops++;
        }
    }

    @HotPath
    private void toNetwork() {
        if (result.endpointLength > 0 && (result.endpoint[0] & 0xff) == WgConstants.SOURCE_KIND_DERP) {
            // Issue #7: {DERP region + node key} endpoints go to the relay; the region is the relay's lookup.
            // The dual-send copy goes first: the UDP send calls nothing back, the relay might (a closed
            // connection) and nothing may touch the result before both sends are done.
            if (secondary != null) {
                sendSecondary();
            }
            int r = relay == null ? -1 : relay.sendRelayed(result.peer, result.endpoint, 0, result.buffer,
                    result.offset, result.length);
            if (r >= 0) {
                relayedOut++;
            } else {
                transportErrors++;
            }
            return;
        }
        int s = net.send(result.buffer, result.offset, result.length, result.endpoint, 0, result.endpointLength);
        if (s >= 0) {
            datagramsOut++;
        } else {
            transportErrors++;
        }
    }

    /** Dual send: the same bytes, from the same buffer, to the peer's stale direct address. */
    @HotPath
    private void sendSecondary() {
        int n = secondary.secondaryUdpEndpoint(result.peer, now(), secondaryEndpoint, 0);
        if (n <= 0) {
            return;
        }
        if (net.send(result.buffer, result.offset, result.length, secondaryEndpoint, 0, n) >= 0) {
            dualSends++;
        } else {
            transportErrors++;
        }
    }

    /** One log line (and event) per completed handshake and per endpoint change, found by comparing with the last look. */
    @HotPath
    private void checkPeers(long now) {
        int cap = seenHandshake.length;
        for (int s = 0; s < cap; s++) {
            if (!wg.peerStatus(s, peerStatus)) {
                continue;
            }
            long h = peerStatus.lastHandshakeMs;
            if (h != seenHandshake[s]) {
                seenHandshake[s] = h;
                if (h != 0) {
                    handshakes[s]++;
                    log.log(LogLevel.INFO, LogEvents.WG_HANDSHAKE, now, s, handshakes[s]);
                    if (events != null) {
                        events.handshakeCompleted(s, now);
                    }
                }
            }
            int len = peerStatus.endpointLength;
            System.arraycopy(peerStatus.endpoint, 0, endpointScratch, 0, len);
            int base = s * WgConstants.SOURCE_MAX_SIZE;
            boolean same = len == seenEndpointLength[s];
            for (int i = 0; same && i < len; i++) {
                same = seenEndpoint[base + i] == endpointScratch[i];
            }
            if (!same) {
                System.arraycopy(endpointScratch, 0, seenEndpoint, base, len);
                seenEndpointLength[s] = len;
                int port = len >= 3 ? ((endpointScratch[len - 2] & 0xff) << 8) | (endpointScratch[len - 1] & 0xff) : 0;
                log.log(LogLevel.INFO, LogEvents.WG_ENDPOINT, now, s, port);
                if (events != null) {
                    events.endpointChanged(s, endpointScratch, 0, len, now);
                }
            }
        }
    }

    /** Handshakes completed with the peer in {@code slot} since the loop started (as seen by the loop). */
    public int handshakeCount(int slot) {
        return slot >= 0 && slot < handshakes.length ? handshakes[slot] : 0;
    }

    public long datagramsIn() {
        return datagramsIn;
    }

    public long datagramsOut() {
        return datagramsOut;
    }

    /** Inputs the core answered with DROPPED (reasons: {@link WireGuardDevice#drops(int)}). */
    public long wgDrops() {
        return wgDrops;
    }

    /** Decrypted inner packets handed to the device's IP layer. */
    public long tunnelPackets() {
        return tunnelPackets;
    }

    /** Inner packets taken from the services and handed to the core. */
    public long innerPacketsOut() {
        return innerOut;
    }

    public InnerServices services() {
        return services;
    }

    public long echoReplies() {
        return echoReplies;
    }

    /** Inner packets the echo responder did not answer, or the services dropped (reasons: their counters). */
    public long tunnelDrops() {
        return tunnelDrops;
    }

    /** Inner packets the inbound filter dropped (reasons: {@link InboundFilter#count}); 0 without a filter. */
    public long filterDrops() {
        return filterDrops;
    }

    /** The inbound filter of tailnet mode, or null. */
    public InboundFilter inboundFilter() {
        return filter;
    }

    public long transportErrors() {
        return transportErrors;
    }

    /** Issue #7: WireGuard datagrams received through DERP. */
    public long relayedIn() {
        return relayedIn;
    }

    /** Issue #7: WireGuard datagrams handed to the relay path. */
    public long relayedOut() {
        return relayedOut;
    }

    /**
     * Issue #7: WireGuard datagrams also sent to a peer's stale direct address next to the relay (dual send; each
     * also counted in {@link #relayedOut()} or as a transport error).
     */
    public long dualSends() {
        return dualSends;
    }

    public long iterations() {
        return iterations;
    }

    /** Busy time of the iterations so far: longest and histogram. */
    public IterationTiming timing() {
        return timing;
    }

    /** Idle-work steps done (e.g. sector erases, garbage collections ahead of need). */
    public long idleSteps() {
        return idleSteps;
    }

    /** Idle-work steps run with a deadline close because they had waited {@link #MAX_IDLE_DELAY_MS} (logged). */
    public long idleForced() {
        return idleForced;
    }

    /** Idle-work steps that failed (each logged). */
    public long idleErrors() {
        return idleErrors;
    }

    public WireGuardDevice device() {
        return wg;
    }

    public EchoResponder echo() {
        return echo;
    }
}
