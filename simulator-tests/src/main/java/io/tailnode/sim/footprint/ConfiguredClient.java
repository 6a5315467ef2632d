package io.tailnode.sim.footprint;

import io.tailnode.control.h2.H2Client;
import io.tailnode.control.h2.H2Listener;
import io.tailnode.control.h2.HeaderList;
import io.tailnode.control.json.MapFrameReader;
import io.tailnode.control.json.MapResponseScanner;
import io.tailnode.control.map.NetmapApplier;
import io.tailnode.control.map.NetmapConfig;
import io.tailnode.control.noise.ControlChannel;
import io.tailnode.control.noise.ControlHandshake;
import io.tailnode.control.noise.ControlSink;
import io.tailnode.crypto.X25519;
import io.tailnode.firmware.CoreSizing;
import io.tailnode.firmware.DevicePlatform;
import io.tailnode.firmware.api.LoopExecutor;
import io.tailnode.firmware.api.TailnetSockets;
import io.tailnode.firmware.config.ConfigParser;
import io.tailnode.firmware.config.ConfigStatus;
import io.tailnode.firmware.config.DeviceConfig;
import io.tailnode.firmware.hal.DatagramTransport;
import io.tailnode.firmware.hal.HalStatus;
import io.tailnode.firmware.hal.LogSink;
import io.tailnode.firmware.keystore.FlashKeyStore;
import io.tailnode.firmware.log.LogEvents;
import io.tailnode.firmware.log.Logger;
import io.tailnode.firmware.loop.DrbgWgRandom;
import io.tailnode.firmware.loop.Tai64nClockSource;
import io.tailnode.firmware.loop.TunnelLoop;
import io.tailnode.firmware.services.DeviceServices;
import io.tailnode.firmware.services.DeviceStatus;
import io.tailnode.firmware.services.ServicesConfig;
import io.tailnode.sim.hal.HostClock;
import io.tailnode.sim.hal.HostEntropy;
import io.tailnode.sim.hal.SimFlash;
import io.tailnode.wg.WgDeviceConfig;
import io.tailnode.wg.WireGuardDevice;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A client assembled the way the firmware boots one, for measuring what it keeps in RAM: a {@link DeviceConfig}
 * from a defaults-properties text (max_peers, tcp_sockets, ...) sizes every core; the platform boots (key store
 * on flash, DRBG, identity keys, TAI64N clock); then the WireGuard device, the IP stack with TCP and the HTTP
 * services, the integrator socket API, the tunnel loop, the control-client pieces (Noise channel, HTTP/2 client,
 * map frame reader and MapResponse scanner, netmap applier with its peer tables) and DERP, disco and STUN
 * ({@link RelayParts}: region table, one DERP client per connection slot, the DERP and disco drivers, disco keys,
 * a path selector per peer slot, the STUN client). A full
 * map of {@code peers} nodes is then fed through the map stream, so the peer tables and the WireGuard device hold
 * {@code peers} live peers, as on a running device.
 * <p>
 * {@link #components()} lists what the tool reports, in attribution order: an object reachable from two
 * components counts for the first, so a component comes after those it holds references to (TCP before the IP
 * stack that feeds it, the netmap applier before the scanner that calls it); {@link #hostStandIns()} are the host's HALs (flash array, entropy, clock)
 * and constant tables that live in flash on the board, subtracted from every figure.
 */
public final class ConfiguredClient {
    /** Map stream pieces: about one tunnel packet's worth, as TCP would hand them over. */
    static final int FEED_PIECE = 1400;
    /** The JSON parser's value buffer (longest string or name it keeps): 4 KiB on the device. */
    public static final int PARSE_BUFFER = 4096;
    /** Largest map frame accepted (the Go client's cap); a bound, not a buffer: frames are streamed. */
    static final int MAX_MAP_FRAME = 4 << 20;
    /** DERP HostName bytes kept per DERP node. */
    static final int MAX_DERP_HOSTNAME = 64;
    static final int ADDRESSES_PER_NODE = 2;
    static final int ENDPOINTS_PER_NODE = 4;

    /** One reported component: its name and the objects it owns, or no roots and a note (not built yet). */
    public record Component(String name, List<Object> roots, String note) {
        public boolean measured() {
            return roots != null;
        }
    }

    private final int peers;
    private final int tcpSockets;
    private final int derpConnections;
    private final List<Component> components = new ArrayList<>();
    private final List<Object> hostStandIns = new ArrayList<>();

    /**
     * Boots and assembles the client with {@code peers} peer slots (and as many live peers) and
     * {@code tcpSockets} TCP connection slots; the other capacities are the build defaults.
     *
     * @throws IllegalStateException if a core refuses the configuration or the map does not fill the tables
     */
    public ConfiguredClient(int peers, int tcpSockets) {
        this(peers, tcpSockets, peers);
    }

    /**
     * As {@link #ConfiguredClient(int, int)}, with a full map of {@code mapPeers} nodes (at least {@code peers}): the
     * first {@code peers} fill the tables, the rest are refused, as on a device in a larger tailnet.
     */
    public ConfiguredClient(int peers, int tcpSockets, int mapPeers) {
        this("max_peers=" + peers + "\ntcp_sockets=" + tcpSockets + "\n", mapPeers);
    }

    /**
     * A client booted with a defaults-properties text (a board's {@code tailnode.properties}: the keys of
     * {@link io.tailnode.firmware.config.ConfigFields}, build defaults for the rest), sized by {@link CoreSizing}
     * as the firmware is, with a full map of {@code mapPeers} nodes (at least its max_peers).
     */
    public ConfiguredClient(String defaultsProperties, int mapPeers) {
        DeviceConfig dc = new DeviceConfig();
        ConfigParser parser = new ConfigParser();
        byte[] props = defaultsProperties.getBytes(StandardCharsets.US_ASCII);
        int ps = parser.parseProperties(props, 0, props.length, dc);
        if (ps != ConfigStatus.OK) {
            throw new IllegalStateException("defaults properties refused: " + ps);
        }
        this.peers = dc.maxPeers();
        this.tcpSockets = dc.tcpSockets();
        if (mapPeers < peers) {
            throw new IllegalArgumentException("the map must fill the table");
        }

        // Board HALs, host stand-ins: not device heap.
        SimFlash flash = new SimFlash(4, 4096, 16, 1);
        HostEntropy entropy = new HostEntropy();
        HostClock clock = new HostClock(1.0, 0, true);
        LogSink sink = new DiscardSink();
        DatagramTransport transport = new NoTransport();
        Collections.addAll(hostStandIns, flash, entropy, clock, sink, transport, LogEvents.TAGS);

        FlashKeyStore store = new FlashKeyStore(flash, 0, 4, dc.keystoreMaxRecordBytes(), 32);
        require(store.mount() >= 0, "key store mount");
        Logger log = new Logger(sink, LogEvents.TAGS, dc.logLineBytes(), dc.logLevel(), dc.logBurst(), dc.logRefillMillis());
        DevicePlatform platform = new DevicePlatform(store, entropy, clock, log, dc, 1_790_000_000_000L);
        require(platform.boot() == HalStatus.OK, "platform boot");

        WgDeviceConfig wc = CoreSizing.wireGuard(dc);
        DrbgWgRandom random = new DrbgWgRandom(platform.drbg());
        byte[] key = new byte[32];
        random.nextBytes(key, 0, 32);
        WireGuardDevice wg = new WireGuardDevice(key, 0, wc, new X25519(), random, random,
                new Tai64nClockSource(platform.tai64n()));
        java.util.Arrays.fill(key, (byte) 0);

        ServicesConfig sc = CoreSizing.services(dc);
        // TCP slots split between the HTTP service and the integrator's connections.
        int oemConnections = CoreSizing.oemConnections(dc);
        DeviceStatus status = new DeviceStatus(wg, clock, "footprint", "power-on");
        byte[] isn = new byte[32];
        random.nextBytes(isn, 0, 32);
        DeviceServices services = new DeviceServices(sc, isn, 0, status);
        services.setAddressV4(new byte[] {100, 64, 0, 1}, 0);
        LoopExecutor executor = new LoopExecutor(16);
        TailnetSockets sockets = new TailnetSockets(services, 2, oemConnections, wg.peerCapacity(), executor, null);
        TunnelLoop loop = new TunnelLoop(wg, transport, clock, platform.tai64n(), services, log, dc.mtu(), 50, sockets);

        ControlHandshake handshake = new ControlHandshake();
        ControlChannel channel = new ControlChannel(handshake, new DiscardSink());
        H2Client h2 = new H2Client(CoreSizing.controlHttp2(dc), new IgnoringListener());
        NetmapConfig nc = new NetmapConfig();
        nc.maxPeers = dc.maxPeers();
        nc.maxAddresses = ADDRESSES_PER_NODE;
        nc.maxAllowedIps = dc.allowedIpsPerPeer();
        nc.maxEndpoints = ENDPOINTS_PER_NODE;
        NetmapApplier applier = new NetmapApplier(nc, wg);
        // DERP, disco and STUN as the firmware builds them (RelayParts: the one place their constructors are called);
        // the map below fills the region table.
        RelayParts relay = new RelayParts(dc, wg, applier, transport, random);
        hostStandIns.addAll(java.util.Arrays.asList(relay.transports));
        derpConnections = relay.clients.length;
        MapResponseScanner scanner = new MapResponseScanner(PARSE_BUFFER, nc.maxAddresses, nc.maxAllowedIps,
                nc.maxEndpoints, MAX_DERP_HOSTNAME, applier);
        MapFrameReader reader = new MapFrameReader(MAX_MAP_FRAME, scanner);
        byte[] map = GeneratedNetmap.framed(mapPeers);
        for (int off = 0; off < map.length; off += FEED_PIECE) {
            int r = reader.feed(map, off, Math.min(FEED_PIECE, map.length - off));
            require(r >= 0, "map frame refused: " + r);
        }
        // The JSON parser keeps a reference to the last buffer it was fed; that buffer is the caller's (on the board,
        // the HTTP/2 stream's read buffer), not parser state.
        hostStandIns.add(map);
        require(applier.peers().size() == peers, "peer table holds " + applier.peers().size() + " of " + peers);
        int wgPeers = 0;
        for (int s = 0; s < wg.peerCapacity(); s++) {
            wgPeers += wg.isPeer(s) ? 1 : 0;
        }
        require(wgPeers == peers, "WireGuard holds " + wgPeers + " of " + peers + " peers");
        require(relay.regions.size() > 0, "the DERP map reached the region table");
        // One disco iteration takes the netmap's disco keys and endpoints (nothing is sent: no home region is up).
        relay.disco.onIteration(clock.monotonicMillis());

        add("config (DeviceConfig, parser)", dc, parser);
        add("key store (RAM side)", store);
        add("logger", log);
        add("DRBG and key generation", platform.drbg(), platform.keys(), random);
        add("clock (TAI64N, floor)", platform.tai64n());
        add("platform (provisioning record, boot)", platform);
        add("WireGuard device", wg);
        add("TCP stack", services.tcp());
        add("IP stack (ICMP, UDP, echo)", services.ip(), services.udpEcho());
        add("socket API (TailnetSockets, LoopExecutor)", sockets, executor);
        add("HTTP services (/status, /metrics)", services, status);
        add("tunnel loop", loop);
        // Before the netmap, which holds a reference to it.
        add(DERP_REGIONS, relay.regions);
        add("control: Noise channel (ts2021)", channel, handshake);
        add("control: HTTP/2 client", h2);
        add("control: netmap (peer tables, applier)", applier);
        add("control: map stream (JSON parser, scanner)", reader, scanner);
        add(DERP_CLIENTS, (Object[]) relay.clients);
        add("DERP: driver (connection table, read buffer)", relay.derp);
        add("disco: keys (peers' disco keys, shared keys)", relay.discoKeys);
        add(DISCO_PATHS, (Object[]) relay.selectors);
        add("STUN client", relay.stun);
        add("disco: driver (message buffers, per-slot state)", relay.disco);
    }

    /** Component names other tools look up (rows of the footprint tables). */
    public static final String DERP_REGIONS = "DERP: region table (DerpRegions)";
    public static final String DERP_CLIENTS = "DERP: connections (DerpClient, buffers)";
    public static final String DISCO_PATHS = "disco: path selectors (disco_paths pool)";

    private void add(String name, Object... roots) {
        components.add(new Component(name, List.of(roots), ""));
    }

    private static void require(boolean ok, String what) {
        if (!ok) {
            throw new IllegalStateException("footprint client: " + what);
        }
    }

    public int peers() {
        return peers;
    }

    public int tcpSockets() {
        return tcpSockets;
    }

    /** DERP connection slots (derp_connections). */
    public int derpConnections() {
        return derpConnections;
    }

    /** What is reported, in attribution order, including components not built yet (no roots). */
    public List<Component> components() {
        return Collections.unmodifiableList(components);
    }

    /** Host HALs and flash-resident constants, excluded from every figure. */
    public List<Object> hostStandIns() {
        return Collections.unmodifiableList(hostStandIns);
    }

    /** A log sink and control sink that drop everything (the board's UART is not device heap). */
    private static final class DiscardSink implements LogSink, ControlSink {
        @Override
        public int write(byte[] line, int off, int len) {
            return len;
        }

        @Override
        public int onPlaintext(byte[] buf, int off, int len) {
            return len;
        }
    }

    /** No network: the footprint client is built, not run. */
    private static final class NoTransport implements DatagramTransport {
        @Override
        public int send(byte[] buf, int off, int len, byte[] dest, int destOff, int destLen) {
            return len;
        }

        @Override
        public int receive(byte[] buf, int off, int capacity, byte[] source, int sourceOff, int timeoutMs) {
            return HalStatus.ERR_WOULD_BLOCK;
        }

        @Override
        public int localPort() {
            return 0;
        }

        @Override
        public void close() {
        }
    }

    /** The control client's stream handling is not built yet; its H2 listener is a stand-in with no state. */
    private static final class IgnoringListener implements H2Listener {
        @Override
        public void onHeaders(int streamId, HeaderList headers, boolean endStream) {
        }

        @Override
        public void onData(int streamId, int buffered, boolean endStream) {
        }

        @Override
        public void onStreamReset(int streamId, int errorCode, boolean byPeer) {
        }

        @Override
        public void onGoAway(int lastStreamId, int errorCode) {
        }

        @Override
        public void onPingAck(long opaque) {
        }
    }
}
