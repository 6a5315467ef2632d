package io.tailnode.sim;

import io.tailnode.crypto.X25519;
import io.tailnode.firmware.DevicePlatform;
import io.tailnode.firmware.config.DeviceConfig;
import io.tailnode.firmware.hal.HalStatus;
import io.tailnode.firmware.log.LogEvents;
import io.tailnode.firmware.log.Logger;
import io.tailnode.firmware.loop.DrbgWgRandom;
import io.tailnode.firmware.loop.PeerEvents;
import io.tailnode.firmware.loop.Tai64nClockSource;
import io.tailnode.firmware.loop.TunnelLoop;
import io.tailnode.firmware.services.DeviceServices;
import io.tailnode.firmware.services.DeviceStatus;
import io.tailnode.firmware.services.ServicesConfig;
import io.tailnode.firmware.wgconfig.WgConfig;
import io.tailnode.sim.hal.HostClock;
import io.tailnode.sim.hal.HostEntropy;
import io.tailnode.sim.hal.SimFlashImage;
import io.tailnode.sim.hal.StdoutLogSink;
import io.tailnode.sim.hal.UdpTransport;
import io.tailnode.wg.SessionReason;
import io.tailnode.wg.SourceAddress;
import io.tailnode.wg.WgDeviceConfig;
import io.tailnode.wg.WgDrop;
import io.tailnode.wg.WgReason;
import io.tailnode.wg.WireGuardDevice;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * {@code ./simulate device --wg-config FILE [--state DIR] [--bind ADDR] [--clock-rate F] [--status-every S]
 * [--name NAME] [--untrusted-wall] [--wall-at-epoch]}: the firmware's WireGuard device on host HALs.
 * <ul>
 * <li>The wg-quick file is parsed first by the device's parser ({@link WgConfigFile}); a malformed file prints
 * "file:line: problem" on stderr and exits 2 before anything starts (no flash image, no socket).</li>
 * <li>The platform boots on {@code DIR/flash.img} (default: a fresh temporary directory, removed at exit):
 * DRBG, identity keys, TAI64N clock floor. The WireGuard private key is the file's PrivateKey (the platform's
 * node key belongs to the Tailscale path).</li>
 * <li>The UDP socket binds {@code --bind} (default the wildcard, both families) at ListenPort (default any).</li>
 * <li>Runs {@link TunnelLoop} on its own thread until SIGINT/SIGTERM (a shutdown hook closes the socket and
 * joins the loop). One human line per handshake and endpoint change on stdout, next to the firmware log.</li>
 * <li>Status like {@code wg show}: on SIGHUP, and every S seconds with {@code --status-every S}.</li>
 * <li>{@code --clock-rate F} runs the device's clock F times faster (timers, keepalives, rekeys);
 * {@code --untrusted-wall} boots like a board without RTC; {@code --wall-at-epoch} also sets its wall clock
 * to 1970 (the clock floor in the flash image keeps TAI64N moving forward).</li>
 * </ul>
 * Tests use {@link #start} in-process: every method that looks at device state runs on the loop thread
 * ({@link #onLoop}).
 */
public final class SimDevice implements AutoCloseable {
    /** Parser capacities: the simulated board's limits for a wg-quick file. */
    static final int MAX_PEERS = 16;
    static final int ALLOWED_IPS_PER_PEER = 16;
    static final int MAX_ADDRESSES = 8;
    /** Longest wait inside one loop iteration (device ms), so queued tasks and status requests run promptly. */
    static final int MAX_WAIT_MS = 50;
    /** Watchdog timeout of the simulated board (the STM32 board's, bsp/README.md). */
    static final int WATCHDOG_TIMEOUT_MS = 4000;
    /** Worst idle flash step of the simulated store (4 KiB sectors, image saved to a host file), ms. */
    static final int SIM_WORST_FLASH_STEP_MS = 20;

    /** Options of one device. */
    public static final class Options {
        public Path wgConfig;
        public Path state;
        public String bind;
        public double clockRate = 1.0;
        public int statusEverySeconds;
        public String name = "device";
        public boolean wallTrusted = true;
        public long wallOffsetMillis;
        /** Tailnet mode: the control server URL (http://host:port); null = the wg-quick mode. */
        public String controlUrl;
        /** Pre-auth key written into the provisioning record on first use. */
        public String authKey;
        /** The auth key is reusable (kept after registration, used again after node-key expiry). */
        public boolean authKeyReusable;
        /** Pinned control key "mkey:HEX" (else fetched with GET /key from a loopback/private server). */
        public String controlKey;
        /** Tailnet mode: peers kept first when the map has more than the device holds ("nodekey:HEX" each). */
        public java.util.List<String> pinnedNodeKeys = new java.util.ArrayList<>();
        /** Tailnet mode: as {@link #pinnedNodeKeys}, by StableID (survives node-key rotation). */
        public java.util.List<String> pinnedStableIds = new java.util.ArrayList<>();
        /** Tailnet mode: persistent keepalive for every netmap peer (0 = none, the Go client's default). */
        public int persistentKeepaliveSeconds;
        /** Tailnet mode: UDP echo to every netmap peer every this many seconds, one line per echo (0 = off). */
        public int pingPeersSeconds;
        /** UDP listen port in tailnet mode (0 = any). */
        public int listenPort;
        /** How long the control connection may hold bytes before the loop reads them (device ms). */
        public long controlPollMs = 5;
        /**
         * Issue #7, tailnet mode: run DERP connections (home region from the served DERP map, peers' regions on
         * demand) and send to peers through DERP first. Off: the control client's UDP endpoints only, as before.
         */
        public boolean derp;
        /**
         * Device pin "sha256-raw:HEX" for every DERP relay, overriding the DERP map's CertName (DerpDriver's
         * precedence rule 1); null = the map decides per node (its CertName pin, else chain verification).
         */
        public String derpPin;
        /** Configured home DERP region (0 = the map's default: lowest region ID with a DERP node). */
        public int derpRegion;
        /**
         * Test switch (issue #7): do not advertise our UDP endpoint to the control server, so peers know no direct
         * path and can reach us only through DERP.
         */
        public boolean noDirectEndpoints;

        /**
         * Tailnet mode in one call (tests wiring devices to a control server): the device provisions {@code state}
         * on first use with {@code name} as hostname, binds UDP on {@code bind} (e.g. "127.0.0.1"; null = any) and
         * advertises that address with its port in the lite update.
         */
        public static Options tailnet(String controlUrl, String authKey, Path state, String name, String bind) {
            Options o = new Options();
            o.controlUrl = controlUrl;
            o.authKey = authKey;
            o.state = state;
            o.name = name;
            o.bind = bind;
            return o;
        }
    }

    /** Tunnel MTU in tailnet mode (Tailscale's, tailscale-protocol.md §0). */
    static final int TAILNET_MTU = 1280;

    private final Options options;
    private final PrintStream out;
    private final UdpTransport transport;
    private final TunnelLoop loop;
    private final WireGuardDevice wg;
    private final DeviceServices services;
    /** The integrator socket API (TailnetSockets) the example OEM service runs on. */
    private final io.tailnode.firmware.api.TailnetSockets sockets;
    private final WgConfig config;
    /** Tailnet mode: the control driver (null in wg-config mode). */
    private final io.tailnode.firmware.control.ControlDriver control;
    private final io.tailnode.control.map.NetmapApplier netmap;
    /** Tailnet mode with --ping-peers: the UDP echo prober (null otherwise). */
    private final PeerPinger peerPinger;
    /** Tailnet mode: the inbound packet filter the map's PacketFilter(s) fill (null in wg-config mode). */
    private final io.tailnode.filter.InboundFilter filter;
    private final io.tailnode.sim.hal.TcpStreamTransport controlTransport;
    /** Issue #7: the DERP connections (tailnet mode with {@link Options#derp}; else null). */
    private final io.tailnode.firmware.derp.DerpDriver derp;
    private final io.tailnode.sim.hal.HostTlsTransport[] derpTransports;
    /** Issue #7: STUN + disco path selection (with DERP, unless the relay-only test switch is on; else null). */
    private final io.tailnode.firmware.derp.DiscoDriver disco;
    private final HostClock clock;
    private final DeviceStatus deviceStatus;
    /** Kicked by the loop after each completed iteration; overruns logged and shown in the status. */
    private final io.tailnode.sim.hal.SimWatchdog watchdog;
    private final SimFlashImage image;
    private final byte[] publicKey = new byte[32];
    private final Path tempState;
    private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final Thread thread;
    private volatile boolean stopping;
    /** The underlay address the UDP socket is bound to (null: any); changed by {@link #rebind}. */
    private volatile String bindAddress;
    private volatile boolean statusWanted;
    private final CompletableFuture<Void> stopped = new CompletableFuture<>();

    private SimDevice(Options o, PrintStream out, WgConfig config) throws IOException {
        this.options = o;
        this.out = out;
        this.bindAddress = o.bind;
        this.config = config;
        Path state = o.state;
        if (state == null) {
            state = Files.createTempDirectory("tailnode-device-");
            tempState = state;
        } else {
            Files.createDirectories(state);
            tempState = null;
        }
        SimFlashImage image = SimFlashImage.open(state.resolve("flash.img"));
        this.image = image;
        DeviceConfig dc = new DeviceConfig();
        Logger log = new Logger(new StdoutLogSink(out, o.name), LogEvents.TAGS, 120, dc.logLevel(), dc.logBurst(),
                dc.logRefillMillis());
        clock = new HostClock(o.clockRate, o.wallOffsetMillis, o.wallTrusted);
        if (o.controlUrl != null) {
            provisionIfNeeded(o, image, out);
        }
        DevicePlatform platform = new DevicePlatform(image, new HostEntropy(), clock, log, dc, SimBoot.BUILD_TIME_UNIX_MS);
        int st = platform.boot();
        if (st != HalStatus.OK) {
            throw new IOException("boot failed with code " + st);
        }
        boolean tailnet = config == null;
        int mtu = tailnet ? TAILNET_MTU : config.mtu() == WgConfig.MTU_UNSET ? 1420 : config.mtu();
        WgDeviceConfig wc = new WgDeviceConfig();
        wc.maxPeers = MAX_PEERS;
        wc.maxAllowedIps = MAX_PEERS * ALLOWED_IPS_PER_PEER;
        wc.mtu = mtu;
        DrbgWgRandom random = new DrbgWgRandom(platform.drbg());
        byte[] key = new byte[32];
        io.tailnode.firmware.control.StoreIdentity identity = null;
        if (tailnet) {
            // The node key is the WireGuard identity (§1); it lives in the flash image, made at first boot.
            identity = new io.tailnode.firmware.control.StoreIdentity(image, platform.keys(), platform.drbg(), dc, log);
            if (identity.nodePrivateKey(key, 0) != 32) {
                throw new IOException("no node key in " + state.resolve("flash.img"));
            }
        } else {
            config.copyPrivateKey(key, 0);
        }
        wg = new WireGuardDevice(key, 0, wc, new X25519(), random, random, new Tai64nClockSource(platform.tai64n()));
        wg.staticPublic(publicKey, 0);
        // Issue #7: DERP clients log in with the node key (= the WireGuard static key, §1).
        io.tailnode.firmware.derp.DerpDriver.Holder derpHolder = new io.tailnode.firmware.derp.DerpDriver.Holder();
        io.tailnode.derp.DerpClient[] derpClients = null;
        if (tailnet && o.derp) {
            derpClients = new io.tailnode.derp.DerpClient[DERP_CONNECTIONS];
            for (int i = 0; i < DERP_CONNECTIONS; i++) {
                derpClients[i] = new io.tailnode.derp.DerpClient(new io.tailnode.crypto.CryptoBox(), random,
                        io.tailnode.firmware.derp.DerpDriver.listenerFor(derpHolder, i), 16 + mtu + 32 + 64, 16384, 256);
                derpClients[i].setNodeKey(key, 0, publicKey, 0);
            }
        }
        Arrays.fill(key, (byte) 0);
        byte[] addr = new byte[16];
        byte[] src = new byte[io.tailnode.wg.WgConstants.SOURCE_MAX_SIZE];
        for (int p = 0; !tailnet && p < config.peerCount(); p++) {
            config.copyPeerPublicKey(p, key, 0);
            byte[] psk = null;
            if (config.peerHasPresharedKey(p)) {
                psk = new byte[32];
                config.copyPeerPresharedKey(p, psk, 0);
            }
            int slot = wg.addPeer(key, 0, psk, 0, config.persistentKeepalive(p));
            if (psk != null) {
                Arrays.fill(psk, (byte) 0);
            }
            if (slot < 0) {
                throw new IOException("peer " + (p + 1) + ": rejected by the device (" + reasonName(slot) + ")");
            }
            for (int k = 0; k < config.allowedIpCount(p); k++) {
                config.copyAllowedIp(p, k, addr, 0);
                int r = wg.addAllowedIp(slot, addr, 0, config.allowedIpFamily(p, k), config.allowedIpPrefix(p, k));
                if (r < 0) {
                    throw new IOException("peer " + (p + 1) + ": allowed IP table full");
                }
            }
            if (config.endpointFamily(p) != 0) {
                config.copyEndpointAddress(p, addr, 0);
                int n = config.endpointFamily(p) == 4 ? SourceAddress.ipv4(src, 0, addr, 0, config.endpointPort(p))
                        : SourceAddress.ipv6(src, 0, addr, 0, config.endpointPort(p));
                wg.setEndpoint(slot, src, 0, n);
            }
            log.log(io.tailnode.firmware.log.LogLevel.INFO, LogEvents.WG_PEER_ADDED, clock.monotonicMillis() + 1, slot,
                    config.persistentKeepalive(p), config.allowedIpCount(p), 0);
        }
        // The device's own IP stack and services on the tunnel addresses: ICMP echo, UDP echo (7), HTTP (80).
        ServicesConfig sc = new ServicesConfig();
        sc.ip.mtu = mtu;
        DeviceStatus status = new DeviceStatus(wg, clock, o.name, "power-on");
        deviceStatus = status;
        byte[] isnSecret = new byte[32];
        random.nextBytes(isnSecret, 0, 32);
        services = new DeviceServices(sc, isnSecret, 0, status);
        Arrays.fill(isnSecret, (byte) 0);
        boolean v4 = false;
        boolean v6 = false;
        for (int i = 0; !tailnet && i < config.addressCount(); i++) {
            config.copyAddress(i, addr, 0);
            if (config.addressFamily(i) == 4 && !v4) {
                services.setAddressV4(addr, 0);
                status.addTunnelAddress(addr, 0, 4);
                v4 = true;
            } else if (config.addressFamily(i) == 6 && !v6) {
                services.setAddressV6(addr, 0);
                status.addTunnelAddress(addr, 0, 16);
                v6 = true;
            }
        }
        InetAddress bind = o.bind == null ? null : InetAddress.getByName(o.bind);
        int port = tailnet ? o.listenPort : config.listenPort() == WgConfig.PORT_UNSET ? 0 : config.listenPort();
        transport = new UdpTransport(bind, port, 16 + mtu + 32);
        transport.setTimeRate(o.clockRate);
        // The OEM socket API with its example service (line upper-casing on TCP 8502), as an integrator would add it.
        sockets = new io.tailnode.firmware.api.TailnetSockets(services, 2, 4, wg.peerCapacity(), null, new Events());
        int example = new io.tailnode.firmware.examples.LineUpperService(sockets, 4).start();
        if (example < 0) {
            throw new IllegalStateException("example service on TCP 8502 did not start: " + example);
        }
        io.tailnode.firmware.loop.LoopHook tailnetHook = null;
        if (tailnet) {
            controlTransport = new io.tailnode.sim.hal.TcpStreamTransport();
            io.tailnode.control.map.NetmapConfig nc = new io.tailnode.control.map.NetmapConfig();
            nc.maxPeers = MAX_PEERS;
            nc.pinnedNodeKeys = pinnedKeys(o.pinnedNodeKeys);
            nc.persistentKeepaliveSeconds = o.persistentKeepaliveSeconds;
            if (!o.pinnedStableIds.isEmpty()) {
                nc.pinnedStableIds = new byte[o.pinnedStableIds.size()][];
                for (int i = 0; i < nc.pinnedStableIds.length; i++) {
                    nc.pinnedStableIds[i] = o.pinnedStableIds.get(i).getBytes(java.nio.charset.StandardCharsets.UTF_8);
                }
            }
            netmap = new io.tailnode.control.map.NetmapApplier(nc, wg);
            // Tailnet mode: the map's PacketFilter(s) judge inbound packets (deny until the first map says more).
            filter = new io.tailnode.filter.InboundFilter(new io.tailnode.filter.FilterConfig());
            io.tailnode.control.map.PacketFilterApplier filterApplier =
                    new io.tailnode.control.map.PacketFilterApplier(new io.tailnode.filter.FilterConfig(), filter);
            control = newControlDriver(o, dc, identity, netmap, filterApplier, random, platform, log, status);
            control.setWireGuard(wg, identity);
            status.setControl(control.client());
            status.attachFilter(filter);
            io.tailnode.firmware.loop.LoopHook hook = new io.tailnode.firmware.loop.HookChain(sockets, control);
            if (derpClients != null) {
                derpTransports = new io.tailnode.sim.hal.HostTlsTransport[derpClients.length];
                derp = newDerpDriver(o, derpHolder, derpClients, derpTransports);
                hook = new io.tailnode.firmware.loop.HookChain(hook, derp);
            } else {
                derpTransports = null;
                derp = null;
            }
            services.setHook(hook);
            tailnetHook = hook;
        } else {
            controlTransport = null;
            netmap = null;
            control = null;
            filter = null;
            derpTransports = null;
            derp = null;
        }
        loop = new TunnelLoop(wg, transport, clock, platform.tai64n(), services, log, mtu, MAX_WAIT_MS, sockets);
        // ---- real time (issue #8): iteration busy times on /status and /metrics, the watchdog kicked per
        // completed iteration, flash erase and garbage collection only in idle iterations.
        status.attachLoopTiming(loop.timing());
        watchdog = new io.tailnode.sim.hal.SimWatchdog(WATCHDOG_TIMEOUT_MS, out, o.name);
        loop.setWatchdog(watchdog);
        loop.setIdleWork(image.idleWork(SIM_WORST_FLASH_STEP_MS));
        // ---- end real time
        peerPinger = tailnet && o.pingPeersSeconds > 0 ? new PeerPinger(o.pingPeersSeconds * 1000L) : null;
        if (filter != null) {
            loop.setInboundFilter(filter);
        }
        if (derp != null) {
            loop.setRelayPath(derp);
            derp.setLoop(loop);
        }
        if (derp != null && !o.noDirectEndpoints) {
            io.tailnode.disco.DiscoKeys dk = new io.tailnode.disco.DiscoKeys(new io.tailnode.crypto.CryptoBox(), random,
                    wg.peerCapacity());
            byte[] dpriv = new byte[32];
            byte[] dpub = new byte[32];
            if (identity.discoPrivateKey(dpriv, 0) != 32 || identity.discoPublicKey(dpub, 0) != 32) {
                throw new IOException("no disco key");
            }
            dk.setLocal(dpriv, 0, dpub, 0);
            Arrays.fill(dpriv, (byte) 0);
            disco = new io.tailnode.firmware.derp.DiscoDriver(wg, netmap, transport, derp, dk,
                    new io.tailnode.stun.StunClient(random), publicKey, random, wg.peerCapacity());
            derp.setDisco(disco);
            loop.setDatagramTap(disco);
            loop.setSecondaryUdpPath(disco);
            disco.setEndpointsListener(now -> advertise(derp.homeRegion()));
            services.setHook(new io.tailnode.firmware.loop.HookChain(tailnetHook, disco));
        } else {
            disco = null;
        }
        thread = new Thread(this::runLoop, "tailnode-" + o.name);
        thread.setDaemon(true);
    }

    /** Parses the config (throws on a malformed file before anything starts), boots, binds and starts the loop. */
    public static SimDevice start(Options o, PrintStream out) throws IOException, WgConfigFile.InvalidConfigException {
        WgConfig config = o.controlUrl != null ? null
                : WgConfigFile.load(o.wgConfig, MAX_PEERS, ALLOWED_IPS_PER_PEER, MAX_ADDRESSES);
        SimDevice d = new SimDevice(o, out, config);
        d.thread.start();
        return d;
    }

    private void runLoop() {
        try {
            loop.start(config == null ? 0 : config.peerCount());
            if (control != null) {
                startControl();
            }
            long nextStatus = options.statusEverySeconds > 0 ? System.nanoTime() + options.statusEverySeconds * 1_000_000_000L
                    : Long.MAX_VALUE;
            while (!stopping) {
                Runnable t;
                while ((t = tasks.poll()) != null) {
                    t.run();
                }
                if (statusWanted || System.nanoTime() - nextStatus >= 0) {
                    statusWanted = false;
                    if (options.statusEverySeconds > 0) {
                        nextStatus = System.nanoTime() + options.statusEverySeconds * 1_000_000_000L;
                    }
                    out.print(statusText());
                    out.flush();
                }
                if (peerPinger != null) {
                    peerPinger.tick(loop.now());
                }
                if (loop.runOnce() == TunnelLoop.STOPPED) {
                    break;
                }
            }
        } catch (Throwable e) {
            out.println(options.name + " | loop failed: " + e);
            e.printStackTrace(out);
        } finally {
            stopped.complete(null);
            Runnable t;
            while ((t = tasks.poll()) != null) {
                t.run(); // let waiters fail fast rather than time out
            }
        }
    }

    /**
     * Tailnet mode, {@code --ping-peers S}: every S seconds a UDP datagram to port 7 (the echo service) of every
     * netmap peer's IPv4 address through the socket API; each echo prints one line. Loop thread only.
     */
    private final class PeerPinger implements io.tailnode.firmware.api.UdpListener {
        private final long periodMs;
        private final io.tailnode.ip.UdpEndpoint to = new io.tailnode.ip.UdpEndpoint();
        private final byte[] payload = new byte[12];
        private final byte[] addr = new byte[16];
        private int handle = -1;
        private long next;
        private int seq;

        PeerPinger(long periodMs) {
            this.periodMs = periodMs;
        }

        void tick(long now) {
            if (handle < 0) {
                handle = sockets.udpBind(0, this);
                next = now + periodMs;
                return;
            }
            if (now < next) {
                return;
            }
            next = now + periodMs;
            io.tailnode.control.map.PeerTable p = netmap.peers();
            for (int i = 0; i < p.capacity(); i++) {
                for (int k = 0; p.inUse(i) && k < p.addressCount(i); k++) {
                    if (p.addressFamily(i, k) == 4) {
                        p.copyAddress(i, k, addr, 0);
                        java.nio.ByteBuffer.wrap(payload).putInt(seq++).putLong(now);
                        sockets.udpSend(handle, payload, 0, payload.length, to.setV4(addr, 0, 7));
                    }
                }
            }
        }

        @Override
        public void onDatagram(int h, byte[] data, int off, int len, io.tailnode.ip.UdpEndpoint from) {
            if (len == payload.length) {
                java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(data, off, len);
                int s = b.getInt();
                long sentAt = b.getLong();
                out.println(options.name + " | echo reply from " + UdpTransport.ipText(Arrays.copyOf(from.address, 4))
                        + " seq " + s + " in " + (loop.now() - sentAt) + " ms");
            }
        }
    }

    /** Runs {@code f} on the loop's thread (between iterations) and returns its result; 5 s timeout. */
    public <T> T onLoop(Function<TunnelLoop, T> f) {
        CompletableFuture<T> fut = new CompletableFuture<>();
        tasks.add(() -> {
            if (stopped.isDone() && Thread.currentThread() != thread) {
                fut.completeExceptionally(new IllegalStateException("device stopped"));
                return;
            }
            try {
                fut.complete(f.apply(loop));
            } catch (Throwable e) {
                fut.completeExceptionally(e);
            }
        });
        if (stopped.isDone()) {
            Runnable t;
            while ((t = tasks.poll()) != null) {
                t.run();
            }
        }
        try {
            return fut.get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("device loop task failed", e);
        }
    }

    /** Asks the loop to print the status at its next iteration (SIGHUP does this). */
    public void requestStatus() {
        statusWanted = true;
    }

    /** The {@code wg show}-like status text, computed on the loop thread. */
    public String status() {
        return onLoop(l -> statusText());
    }

    /** The WireGuard public key the device started with (see {@link #wireGuardPublicKeyBase64} after a rotation). */
    public String publicKeyBase64() {
        return Base64.getEncoder().encodeToString(publicKey);
    }

    /** The WireGuard device's current public key (changes on a node-key rotation in tailnet mode). */
    public String wireGuardPublicKeyBase64() {
        return onLoop(l -> liveKeyBase64());
    }

    private String liveKeyBase64() {
        byte[] k = new byte[32];
        wg.staticPublic(k, 0);
        return Base64.getEncoder().encodeToString(k);
    }

    public int localPort() {
        return transport.localPort();
    }

    /**
     * An HTTP/1.1 GET from this device to {@code ip:port} through the tunnel (the integrator socket API's TCP
     * client), e.g. a peer's {@code /status}. Returns the whole response (headers and body) once the server closes,
     * or throws after {@code timeoutMs}.
     */
    public String httpGet(String ip, int port, String path, long timeoutMs) throws Exception {
        byte[] addr = InetAddress.getByName(ip).getAddress();
        byte[] req = ("GET " + path + " HTTP/1.1\r\nHost: " + ip + "\r\nConnection: close\r\n\r\n")
                .getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
        CompletableFuture<String> done = new CompletableFuture<>();
        io.tailnode.firmware.api.TcpListener l = new io.tailnode.firmware.api.TcpListener() {
            int sent;

            @Override
            public void onAccept(int h) {
                onWritable(h);
            }

            @Override
            public void onWritable(int h) {
                while (sent < req.length) {
                    int n = sockets.write(h, req, sent, req.length - sent);
                    if (n <= 0) {
                        return;
                    }
                    sent += n;
                }
            }

            @Override
            public void onReadable(int h) {
                byte[] b = new byte[2048];
                while (true) {
                    int n = sockets.read(h, b, 0, b.length);
                    if (n > 0) {
                        body.write(b, 0, n);
                        continue;
                    }
                    if (n != io.tailnode.ip.tcp.TcpReason.WOULD_BLOCK) {
                        sockets.close(h);
                        done.complete(body.toString(java.nio.charset.StandardCharsets.UTF_8));
                    }
                    return;
                }
            }

            @Override
            public void onClosed(int h, int reason) {
                done.complete(body.toString(java.nio.charset.StandardCharsets.UTF_8));
            }
        };
        int h = onLoop(lp -> sockets.tcpConnect(addr.length == 4 ? 4 : 6, addr, 0, port, l, lp.now()));
        if (h < 0) {
            throw new IOException("tcpConnect: " + h);
        }
        return done.get(timeoutMs, TimeUnit.MILLISECONDS);
    }

    /** Test switch (issue #7): drop UDP from that port (-1: none), as if the direct route were removed. */
    public void blockUdpFrom(int port) {
        transport.blockSourcePort(port);
    }

    /** Slot of the peer with this base64 public key, or -1. */
    public int slotOf(String publicKeyBase64) {
        byte[] k = Base64.getDecoder().decode(publicKeyBase64);
        return onLoop(l -> l.device().peerSlot(k, 0));
    }

    /** The device's current endpoint for the peer ("198.18.1.2:51820", "(none)"). */
    public String endpointOf(int slot) {
        return onLoop(l -> {
            byte[] b = new byte[64];
            int n = l.device().endpoint(slot, b, 0);
            return endpointText(slot, b, n);
        });
    }

    /**
     * Issue #7: "derp:REGION" for a DERP endpoint (0x44 + node key; the region is the peer's home from the
     * netmap), else the UDP address as before.
     */
    private String endpointText(int slot, byte[] e, int n) {
        if (n > 0 && (e[0] & 0xff) == io.tailnode.wg.WgConstants.SOURCE_KIND_DERP) {
            return "derp:" + (netmap == null ? 0 : netmap.derpRegionOfSlot(slot));
        }
        return n <= 0 ? "(none)" : UdpTransport.format(e, 0, n);
    }

    /** Issue #7: the disco driver (tailnet mode with DERP and direct paths allowed), or null. Loop thread only. */
    public io.tailnode.firmware.derp.DiscoDriver discoDriver() {
        return disco;
    }

    /** Issue #7: "direct" or "relayed via DERP region N" (status: per peer, which path WireGuard uses). */
    private String pathText(int slot, byte[] e) {
        if ((e[0] & 0xff) == io.tailnode.wg.WgConstants.SOURCE_KIND_DERP) {
            int r = netmap == null ? 0 : netmap.derpRegionOfSlot(slot);
            if (r == 0 && derp != null) {
                r = derp.homeRegion();
            }
            return "relayed via DERP region " + r;
        }
        return "direct";
    }

    /** Issue #7: the DERP driver (tailnet mode with Options.derp), or null. Loop thread only. */
    public io.tailnode.firmware.derp.DerpDriver derpDriver() {
        return derp;
    }

    /** Issue #7: the home DERP region and whether its connection is logged in ("900 connected"), or "none". */
    public String derpHome() {
        return derp == null ? "none" : onLoop(l -> {
            int r = derp.homeRegion();
            return r == 0 ? "none" : r + (derp.isConnected(r) ? " connected" : " connecting");
        });
    }

    /** The core's status of the peer in {@code slot} (a copy), or null. */
    public io.tailnode.wg.WgPeerStatus peerStatus(int slot) {
        return onLoop(l -> {
            io.tailnode.wg.WgPeerStatus st = new io.tailnode.wg.WgPeerStatus();
            return l.device().peerStatus(slot, st) ? st : null;
        });
    }

    /** Handshakes completed with the peer since the device started. */
    public int handshakes(int slot) {
        return onLoop(l -> l.handshakeCount(slot));
    }

    /** The core's drop counter for a {@link WgDrop} code. */
    public long drops(int code) {
        return onLoop(l -> l.device().drops(code));
    }

    /** Every non-zero drop counter by name (core and echo responder). */
    public Map<String, Long> dropCounters() {
        return onLoop(l -> dropMap(l));
    }

    /** Injects an inner packet from the device into the tunnel (routed by destination); returns the core's action. */
    public int sendInner(byte[] packet) {
        return onLoop(l -> l.sendInner(packet, 0, packet.length));
    }

    /** Stops the loop and closes the socket (idempotent); waits up to 5 s for the loop thread. */
    @Override
    public void close() {
        stopping = true;
        transport.close();
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (derpTransports != null) {
            for (io.tailnode.sim.hal.HostTlsTransport t : derpTransports) {
                if (t != null) {
                    t.close();
                }
            }
        }
        if (tempState != null) {
            try (var s = Files.walk(tempState)) {
                s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException ignored) {
                // best effort
            }
        }
    }

    public boolean isRunning() {
        return thread.isAlive();
    }


    // ------------------------------------------------------------------ tailnet mode (control client)

    /**
     * First use of a state directory in tailnet mode: writes the provisioning record (hostname = --name, the
     * control URL, the auth key, reusable flag, pinned control key) through the same tool as ./simulate provision.
     * An image that already holds a record keeps it (the auth key was deleted after registering, as on a board).
     */
    private static void provisionIfNeeded(Options o, SimFlashImage image, PrintStream out) throws IOException {
        byte[] probe = new byte[io.tailnode.firmware.config.ProvisioningRecord.MAX_BYTES];
        int n = image.read(io.tailnode.firmware.keystore.RecordTypes.PROVISIONING, probe, 0, probe.length);
        Arrays.fill(probe, (byte) 0);
        if (n != io.tailnode.firmware.keystore.RecordStore.NOT_FOUND) {
            return;
        }
        List<String> args = new ArrayList<>(List.of("--image", "flash.img", "--hostname", o.name, "--control-url",
                o.controlUrl));
        if (o.authKey != null) {
            args.addAll(List.of("--auth-key", o.authKey));
        }
        if (o.authKeyReusable) {
            args.add("--reusable");
        }
        if (o.controlKey != null) {
            args.addAll(List.of("--control-key", o.controlKey));
        }
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        int r = ProvisionTool.run(args.toArray(new String[0]), p -> image, new PrintStream(java.io.OutputStream.nullOutputStream()),
                new PrintStream(err));
        if (r != ProvisionTool.EXIT_OK) {
            throw new IOException("provisioning failed: " + err.toString().trim());
        }
        out.println(o.name + " | provisioned for " + o.controlUrl);
    }

    private io.tailnode.firmware.control.ControlDriver newControlDriver(Options o, DeviceConfig dc,
            io.tailnode.firmware.control.StoreIdentity identity, io.tailnode.control.map.NetmapApplier applier,
            io.tailnode.control.map.PacketFilterApplier filterApplier, DrbgWgRandom random, DevicePlatform platform,
            Logger log, DeviceStatus status) throws IOException {
        byte[] urlBytes = new byte[dc.controlUrlLength()];
        dc.copyControlUrl(urlBytes, 0);
        io.tailnode.control.client.ControlUrl url = new io.tailnode.control.client.ControlUrl();
        if (url.parse(urlBytes, 0, urlBytes.length) != io.tailnode.control.client.ControlUrl.OK) {
            throw new IOException("bad control URL in the provisioning record");
        }
        if (url.https()) {
            throw new IOException("https control URLs need the TLS HAL (not in the simulator yet): use http://");
        }
        io.tailnode.control.client.ControlClientConfig cc = new io.tailnode.control.client.ControlClientConfig();
        cc.authority = java.util.Arrays.copyOf(url.authority(), url.authorityLength());
        // Map frames are streamed through the 4 KiB parser, never buffered, so the cap costs no memory. The client
        // does not ask for zstd, and an uncompressed 10,000-peer map from the dev server is about 7 MB: above the
        // 4 MiB default (a compressed-message figure), so the simulated device allows 16 MiB.
        cc.maxMapFrame = 16 * 1024 * 1024;
        if (dc.hasControlKey()) {
            cc.serverKey = new byte[32];
            dc.copyControlKey(cc.serverKey, 0);
        }
        byte[] host = new byte[dc.hostnameLength()];
        dc.copyHostname(host, 0);
        cc.hostname = host;
        cc.os = "tailnode-sim".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        io.tailnode.wg.Jitter jitter = max -> {
            byte[] b = new byte[4];
            random.nextBytes(b, 0, 4);
            return (int) ((((b[0] & 0xffL) << 24) | ((b[1] & 0xff) << 16) | ((b[2] & 0xff) << 8) | (b[3] & 0xff)) % max);
        };
        return new io.tailnode.firmware.control.ControlDriver(cc, identity, applier, filterApplier, random, jitter,
                controlTransport,
                url, log, clock, platform.tai64n(), services, status, Math.max(1, o.controlPollMs));
    }

    /** Connection slots for DERP: the home region plus one peer region at a time (as on a board). */
    static final int DERP_CONNECTIONS = 2;

    /** Issue #7: DERP map → region table, DERP endpoints for peers, one TLS transport per connection slot. */
    private io.tailnode.firmware.derp.DerpDriver newDerpDriver(Options o,
            io.tailnode.firmware.derp.DerpDriver.Holder holder, io.tailnode.derp.DerpClient[] clients,
            io.tailnode.sim.hal.HostTlsTransport[] ts) throws IOException {
        io.tailnode.derp.DerpRegions regions = new io.tailnode.derp.DerpRegions(8, 64);
        netmap.setDerpRegions(regions);
        netmap.setRelayFirst(true);
        byte[] pin = null;
        if (o.derpPin != null) {
            byte[] cn = o.derpPin.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            pin = new byte[32];
            if (!io.tailnode.derp.CertPin.parse(cn, 0, cn.length, pin, 0)) {
                throw new IOException("--derp-pin: not a sha256-raw:<64 hex> pin");
            }
        }
        javax.net.ssl.SSLContext chain;
        try {
            chain = javax.net.ssl.SSLContext.getDefault();
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IOException(e);
        }
        for (int i = 0; i < ts.length; i++) {
            ts[i] = new io.tailnode.sim.hal.HostTlsTransport(chain);
        }
        io.tailnode.firmware.derp.DerpDriver d = new io.tailnode.firmware.derp.DerpDriver(regions, netmap, clients, ts,
                pin, 5000, Math.max(1, o.controlPollMs), 16384);
        d.setDevicePinOverrides(pin != null);
        d.setPreferredRegion(o.derpRegion);
        holder.set(d);
        deviceStatus.setDerpRegions(netmap);
        d.setHomeListener((region, now) -> {
            deviceStatus.setHomeDerpRegion(region);
            advertise(region);
        });
        return d;
    }

    /**
     * On the loop thread: the lite update's endpoints — our local UDP endpoint and, once STUN answered, the public
     * one (none with the relay-only test switch) — and NetInfo.PreferredDERP.
     */
    private void advertise(int preferredDerp) {
        byte[] src = new byte[2 * 19];
        if (options.noDirectEndpoints) {
            control.client().setEndpoints(src, 0, preferredDerp);
            return;
        }
        SourceAddress.ipv4(src, 0, localAddress(), 0, transport.localPort());
        int count = 1;
        if (disco != null) {
            byte[] pub = new byte[19];
            int n = disco.publicEndpoint(loop.now(), pub, 0);
            if (n > 0 && !Arrays.equals(Arrays.copyOf(pub, n), Arrays.copyOf(src, n))) {
                System.arraycopy(pub, 0, src, 19, n);
                count = 2;
            }
        }
        control.client().setEndpoints(src, count, preferredDerp);
    }

    /** The bound IPv4 address, or loopback when bound to any. */
    private byte[] localAddress() {
        byte[] a = new byte[] {127, 0, 0, 1};
        if (bindAddress != null) {
            try {
                byte[] b = InetAddress.getByName(bindAddress).getAddress();
                if (b.length == 4 && !(b[0] == 0 && b[1] == 0 && b[2] == 0 && b[3] == 0)) {
                    a = b;
                }
            } catch (IOException ignored) {
                // keep loopback
            }
        }
        return a;
    }

    /** On the loop thread: advertise our UDP endpoint and start the client. */
    private void startControl() {
        long now = loop.now();
        learnEndpoints(now);
        control.start(now);
    }

    /** On the loop thread, at boot and after a rebind: local endpoint to disco, re-STUN, lite update. */
    private void learnEndpoints(long now) {
        if (disco != null) {
            byte[] local = new byte[7];
            SourceAddress.ipv4(local, 0, localAddress(), 0, transport.localPort());
            disco.setLocalEndpoint(local, 0, 7);
            disco.restart(now);
        }
        advertise(derp == null ? 0 : derp.homeRegion());
    }

    /**
     * Issue #7, the device's own underlay address changes (tailnet mode): on the loop thread the UDP socket moves to
     * {@code newBindAddress} (same port if free there, else any), the DERP and control connections are dropped and
     * dialled again (from the new address), STUN runs again, the lite update carries the new endpoints and a new
     * WireGuard handshake goes to every peer we had a session with (from the new socket, so peers see the new
     * source at once). Returns the new local port.
     */
    public int rebind(String newBindAddress) throws IOException {
        InetAddress a = InetAddress.getByName(newBindAddress);
        return onLoop(l -> {
            int port = transport.localPort();
            try {
                try {
                    transport.rebind(a, port);
                } catch (java.net.SocketException busy) {
                    transport.rebind(a, 0);
                }
            } catch (java.net.SocketException e) {
                throw new IllegalStateException("rebind to " + newBindAddress + " failed", e);
            }
            bindAddress = newBindAddress;
            long now = l.now();
            // TCP connections (DERP, control) made from the old address are dead if it went away (behind a NAT
            // nothing answers them until their keep-alive timeouts): dial them again from the new one
            if (derp != null) {
                derp.underlayChanged(now);
            }
            if (control != null) {
                control.stop(now);
                control.start(now);
                learnEndpoints(now);
            }
            io.tailnode.wg.WgPeerStatus st = new io.tailnode.wg.WgPeerStatus();
            for (int s = 0; s < wg.peerCapacity(); s++) {
                if (wg.isPeer(s) && wg.peerStatus(s, st) && st.lastHandshakeMs != 0) {
                    l.initiate(s);
                }
            }
            out.println(options.name + " | rebound to " + newBindAddress + ":" + transport.localPort());
            return transport.localPort();
        });
    }

    /**
     * Issue #7: one line per DERP connection slot in use, and the relayed packet counts (with the dual sends: those
     * also sent to a peer's stale direct address).
     */
    private void derpStatus(StringBuilder sb) {
        sb.append("  derp: home region ").append(derp.homeRegion()).append(", ").append(loop.relayedIn())
                .append(" packets in, ").append(loop.relayedOut()).append(" out (").append(loop.dualSends())
                .append(" also to a stale direct path), ").append(derp.sendsDropped())
                .append(" sends dropped (")
                .append(derp.loginRetries()).append(" handshakes retried at login), ").append(derp.dials()).append(" dials (").append(derp.dialFailures())
                .append(" failed: ").append(derp.certificateFailures()).append(" certificate, ")
                .append(derp.dialTimeouts()).append(" timed out), ").append(derp.pinSkips()).append(" pin skips, ")
                .append(derp.frameErrors()).append(" frame errors\n");
        for (int i = 0; i < derp.connectionCapacity(); i++) {
            int r = derp.regionAt(i);
            if (r != 0) {
                io.tailnode.derp.DerpClient c = derp.client(i);
                String st = derp.isConnected(r) ? "connected" : derp.isDialing(i) ? "dialling"
                        : "state " + c.state() + " (close reason " + c.closeReason() + ")";
                if (!derp.isConnected(r) && derp.slotError(i) != 0) {
                    st += ", last dial: " + tlsErrorName(derp.slotError(i));
                }
                sb.append("  derp region ").append(r).append(r == derp.homeRegion() ? " (home)" : "").append(": ")
                        .append(st).append(", ").append(c.connects()).append(" connects\n");
            }
        }
    }

    /** Status words for a DERP dial failure (HalStatus / TlsTransport codes). */
    static String tlsErrorName(int code) {
        return switch (code) {
            case io.tailnode.firmware.hal.TlsTransport.ERR_HANDSHAKE -> "TLS handshake failed";
            case io.tailnode.firmware.hal.TlsTransport.ERR_CERTIFICATE -> "certificate refused";
            case io.tailnode.firmware.hal.TlsTransport.ERR_PIN_UNSUPPORTED ->
                    "skipped: the node needs a sha256-raw pin and this platform cannot pin";
            case io.tailnode.firmware.hal.TlsTransport.ERR_DIAL_TIMEOUT -> "dial timed out";
            case io.tailnode.firmware.hal.HalStatus.ERR_IO -> "TCP connect failed";
            case io.tailnode.firmware.hal.HalStatus.ERR_ADDRESS -> "bad address";
            default -> "error " + code;
        };
    }

    private void controlStatus(StringBuilder sb, long now) {
        io.tailnode.control.client.ControlClient c = control.client();
        sb.append("  control: ").append(io.tailnode.control.client.ControlState.name(c.state()));
        if (c.lastReason() != 0) {
            sb.append(" (last failure ").append(io.tailnode.control.client.ControlClientReason.name(c.lastReason()))
                    .append(")");
        }
        if (control.keyState() == io.tailnode.firmware.control.ControlDriver.KEY_MISSING) {
            sb.append(", no control key (pin one with --control-key mkey:HEX)");
        } else if (control.keyState() == io.tailnode.firmware.control.ControlDriver.KEY_FETCHING) {
            sb.append(", fetching the server key (GET /key)");
        }
        sb.append(", ").append(c.connects()).append(" connects, ").append(c.mapFrames()).append(" map frames, ")
                .append(netmap.peers().size()).append(" peers\n");
        if (c.authUrlLength() > 0) {
            sb.append("  auth URL: ").append(new String(c.authUrl(), 0, c.authUrlLength(),
                    java.nio.charset.StandardCharsets.UTF_8)).append('\n');
        }
        long exp = c.keyExpiry();
        sb.append("  node key expiry: ").append(exp == 0 ? "never" : java.time.Instant.ofEpochMilli(exp).toString());
        if (c.keyExpiringSoon(now)) {
            sb.append(" (expiring within 14 days)");
        }
        if (control.rotationsApplied() > 0) {
            sb.append(" (node key rotated ").append(control.rotationsApplied()).append("x, WireGuard on the new key)");
        }
        if (control.nodeKeyRotated()) {
            sb.append(" (node key rotated: restart to use it for WireGuard)");
        }
        sb.append('\n');
    }

    /** Tailnet mode: the control client's state name ("connected", "needs-auth"...), or null in wg-config mode. */
    public String controlState() {
        return control == null ? null : onLoop(l -> io.tailnode.control.client.ControlState.name(control.client().state()));
    }

    /** Tailnet mode: the pending AuthURL, or null. */
    public String authUrl() {
        return control == null ? null : onLoop(l -> {
            io.tailnode.control.client.ControlClient c = control.client();
            return c.authUrlLength() == 0 ? null
                    : new String(c.authUrl(), 0, c.authUrlLength(), java.nio.charset.StandardCharsets.UTF_8);
        });
    }

    /** Tailnet mode: peers in the netmap (and so in the WireGuard device). */
    public int netmapPeerCount() {
        return netmap == null ? 0 : onLoop(l -> netmap.peers().size());
    }

    /** The device's tunnel IPv4 address as text (from the control server or the wg-quick file), or null. */
    public String tunnelAddressV4() {
        return onLoop(l -> {
            byte[] a = new byte[16];
            for (int i = 0; i < deviceStatus.tunnelAddressCount(); i++) {
                if (deviceStatus.tunnelAddress(i, a, 0) == 4) {
                    return UdpTransport.ipText(Arrays.copyOf(a, 4));
                }
            }
            return null;
        });
    }

    private static byte[] pinnedKeys(java.util.List<String> keys) {
        if (keys.isEmpty()) {
            return null;
        }
        byte[] out = new byte[32 * keys.size()];
        for (int i = 0; i < keys.size(); i++) {
            String k = keys.get(i);
            if (!k.startsWith("nodekey:") || k.length() != 8 + 64) {
                throw new IllegalArgumentException("pinned node key must be nodekey:<64 hex>: " + k);
            }
            System.arraycopy(java.util.HexFormat.of().parseHex(k.substring(8)), 0, out, 32 * i, 32);
        }
        return out;
    }

    /** Tailnet mode: the netmap, for tests (touch it only on the loop thread, e.g. inside {@link #onLoop}). */
    public io.tailnode.control.map.NetmapApplier netmap() {
        return netmap;
    }

    /** The integrator socket API (TCP/UDP on the tunnel); touch it only on the loop thread. */
    public io.tailnode.firmware.api.TailnetSockets sockets() {
        return sockets;
    }

    /** Tailnet mode: inbound packets the packet filter dropped (0 in wg-config mode). */
    public long filterDrops() {
        return filter == null ? 0 : onLoop(l -> filter.dropped());
    }

    /** Tailnet mode: the inbound filter's count for one {@link io.tailnode.filter.FilterReason} code. */
    public long filterCount(int reason) {
        return filter == null ? 0 : onLoop(l -> filter.count(reason));
    }

    /** Tailnet mode: the control driver, for tests (touch it only on the loop thread). */
    public io.tailnode.firmware.control.ControlDriver controlDriver() {
        return control;
    }

    // ------------------------------------------------------------------ status and events (loop thread)

    private String statusText() {
        StringBuilder sb = new StringBuilder();
        long now = loop.now();
        sb.append("interface: ").append(options.name).append('\n');
        sb.append("  public key: ").append(liveKeyBase64()).append('\n');
        sb.append("  listening port: ").append(transport.localPort()).append('\n');
        if (control != null) {
            controlStatus(sb, now);
        }
        if (derp != null) {
            derpStatus(sb);
        }
        sb.append("  datagrams: ").append(loop.datagramsIn()).append(" in, ").append(loop.datagramsOut())
                .append(" out; inner packets ").append(loop.tunnelPackets()).append(", echo replies ")
                .append(services.ip().echoReplyCount()).append(", UDP echoes ").append(services.udpEcho().echoedCount())
                .append("; HTTP ").append(services.acceptedConnections()).append(" connections (")
                .append(services.refusedConnections()).append(" refused, ").append(services.idleResets())
                .append(" idle resets), TCP sockets in use ").append(services.tcp().socketsInUse()).append('\n');
        Map<String, Long> drops = dropMap(loop);
        if (!drops.isEmpty()) {
            sb.append("  drops: ").append(drops.toString().replaceAll("[{}]", "")).append('\n');
        }
        realTimeStatus(sb);
        byte[] k = new byte[32];
        byte[] e = new byte[64];
        for (int s = 0; s < wg.peerCapacity(); s++) {
            if (!wg.isPeer(s)) {
                continue;
            }
            io.tailnode.wg.WgPeerStatus st = new io.tailnode.wg.WgPeerStatus();
            wg.peerStatus(s, st);
            System.arraycopy(st.publicKey, 0, k, 0, 32);
            sb.append('\n').append("peer: ").append(Base64.getEncoder().encodeToString(k)).append('\n');
            int n = wg.endpoint(s, e, 0);
            sb.append("  endpoint: ").append(endpointText(s, e, n)).append('\n');
            if (n > 0) {
                sb.append("  path: ").append(pathText(s, e)).append('\n');
            }
            int p = indexInConfig(k);
            if (p >= 0) {
                List<String> ips = new ArrayList<>();
                byte[] a = new byte[16];
                for (int i = 0; p >= 0 && i < config.allowedIpCount(p); i++) {
                    int fam = config.allowedIpFamily(p, i);
                    config.copyAllowedIp(p, i, a, 0);
                    ips.add(UdpTransport.ipText(Arrays.copyOf(a, fam == 4 ? 4 : 16)) + "/" + config.allowedIpPrefix(p, i));
                }
                sb.append("  allowed ips: ").append(String.join(", ", ips)).append('\n');
            }
            long h = st.lastHandshakeMs;
            if (h != 0) {
                sb.append("  latest handshake: ").append((long) ((now - h) / 1000 / options.clockRate))
                        .append(" seconds ago (").append(loop.handshakeCount(s)).append(" handshakes)\n");
            }
            sb.append("  transfer: ").append(st.rxBytes).append(" B received, ").append(st.txBytes)
                    .append(" B sent\n");
            if (p >= 0 && config.persistentKeepalive(p) > 0) {
                sb.append("  persistent keepalive: every ").append(config.persistentKeepalive(p)).append(" seconds\n");
            }
        }
        return sb.toString();
    }

    /** Loop busy times, watchdog and idle flash work (issue #8): three status lines. */
    private void realTimeStatus(StringBuilder sb) {
        io.tailnode.firmware.loop.IterationTiming t = loop.timing();
        sb.append("  loop: ").append(t.iterations()).append(" iterations, longest ").append(t.longestMs())
                .append(" ms busy (wait excluded); busy ms histogram");
        for (int i = 0; i < t.bucketCount(); i++) {
            long le = t.bucketUpperMs(i);
            sb.append(' ').append(le == Long.MAX_VALUE ? "+inf" : "<=" + le).append(':').append(t.bucketIterations(i));
        }
        sb.append('\n');
        sb.append("  ").append(watchdog.statusLine()).append('\n');
        sb.append("  flash: ").append(loop.idleSteps()).append(" idle maintenance steps (")
                .append(loop.idleErrors()).append(" failed), ").append(image.store().deferredWrites())
                .append(" writes deferred for want of an erased sector\n");
    }

    /** The simulated board's watchdog (kicks, longest interval, overruns). */
    public io.tailnode.sim.hal.SimWatchdog watchdog() {
        return watchdog;
    }

    private int indexInConfig(byte[] key) {
        if (config == null) {
            return -1;
        }
        byte[] k = new byte[32];
        for (int p = 0; p < config.peerCount(); p++) {
            config.copyPeerPublicKey(p, k, 0);
            if (Arrays.equals(k, key)) {
                return p;
            }
        }
        return -1;
    }

    /** The device IP layer's drop counter for an {@link io.tailnode.ip.IpReason} (services or bare echo loop). */
    public static long ipDrops(TunnelLoop l, int reason) {
        if (l.services() instanceof DeviceServices) {
            return ((DeviceServices) l.services()).ip().dropCount(reason);
        }
        return l.echo() == null ? 0 : l.echo().dropCount(reason);
    }

    /** The device's services (IP stack, TCP, HTTP, UDP echo); touch them only on the loop's thread ({@link #onLoop}). */
    public DeviceServices services() {
        return services;
    }

    private static Map<String, Long> dropMap(TunnelLoop l) {
        Map<String, Long> m = new TreeMap<>();
        for (int c = -1; c > -WgReason.COUNT; c--) {
            put(m, "wg." + name(WgReason.class, c), l.device().drops(c));
        }
        for (int c = -1; c > -SessionReason.COUNT; c--) {
            put(m, "session." + name(SessionReason.class, c), l.device().drops(WgDrop.session(c)));
        }
        for (int c = WgDrop.DEVICE_BASE - 1; c >= WgDrop.DEVICE_BASE - 10; c--) {
            String n = name(WgDrop.class, c);
            if (!n.startsWith("#")) {
                put(m, "device." + n, l.device().drops(c));
            }
        }
        for (int c = -1; c >= -40; c--) {
            String n = name(io.tailnode.ip.IpReason.class, c);
            if (!n.startsWith("#")) {
                put(m, "ip." + n, ipDrops(l, c));
            }
        }
        return m;
    }

    private static void put(Map<String, Long> m, String k, long v) {
        if (v != 0) {
            m.put(k, v);
        }
    }

    /** The name of the public static int constant of {@code c} with value {@code v} ("#v" if none). */
    static String name(Class<?> c, int v) {
        for (Field f : c.getFields()) {
            if (Modifier.isStatic(f.getModifiers()) && f.getType() == int.class && !f.getName().equals("COUNT")
                    && !f.getName().endsWith("_BASE")) {
                try {
                    if (f.getInt(null) == v) {
                        return f.getName();
                    }
                } catch (IllegalAccessException ignored) {
                    // public fields only
                }
            }
        }
        return "#" + v;
    }

    private static String reasonName(int code) {
        String n = name(WgReason.class, code);
        return n.startsWith("#") ? name(SessionReason.class, code) : n;
    }

    private final class Events implements PeerEvents {
        @Override
        public void handshakeCompleted(int slot, long nowMs) {
            out.println(options.name + " | handshake completed with peer " + slot + " (" + peerKey(slot) + ")");
        }

        @Override
        public void endpointChanged(int slot, byte[] endpoint, int off, int len, long nowMs) {
            out.println(options.name + " | peer " + slot + " (" + peerKey(slot) + ") endpoint "
                    + (len == 0 ? "(none)" : UdpTransport.format(endpoint, off, len)));
        }

        private String peerKey(int slot) {
            io.tailnode.wg.WgPeerStatus st = new io.tailnode.wg.WgPeerStatus();
            wg.peerStatus(slot, st);
            return Base64.getEncoder().encodeToString(st.publicKey);
        }
    }

    // ------------------------------------------------------------------ command line

    public static void main(String[] args) throws Exception {
        System.exit(run(args, System.out, System.err));
    }

    static final String USAGE = "usage: ./simulate device --wg-config FILE [--state DIR] [--bind ADDR] [--clock-rate F]"
            + " [--status-every SECONDS] [--name NAME] [--untrusted-wall] [--wall-at-epoch]\n"
            + "   or: ./simulate device --control-url URL --auth-key KEY --state DIR [--name NAME] [--reusable]"
            + " [--control-key mkey:HEX] [--listen-port N] [--bind ADDR] [--status-every SECONDS] [--keepalive SECONDS]"
            + " [--ping-peers SECONDS]";

    /** Parses options, starts the device and blocks until SIGINT/SIGTERM; returns the exit status. */
    public static int run(String[] args, PrintStream out, PrintStream err) throws Exception {
        Options o;
        try {
            o = parseArgs(args);
        } catch (IllegalArgumentException e) {
            err.println("device: " + e.getMessage());
            err.println(USAGE);
            return 2;
        }
        SimDevice d;
        try {
            d = start(o, out);
        } catch (WgConfigFile.InvalidConfigException e) {
            err.println(e.getMessage());
            return 2;
        } catch (java.nio.file.NoSuchFileException e) {
            err.println(e.getMessage() + ": no such file");
            return 2;
        }
        out.println(o.name + " | public key " + d.publicKeyBase64() + ", listening on UDP port " + d.localPort()
                + (o.controlUrl != null ? ", control " + o.controlUrl : ""));
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            d.close();
            out.println(o.name + " | stopped");
            out.flush();
        }, "tailnode-device-shutdown"));
        try {
            sun.misc.Signal.handle(new sun.misc.Signal("HUP"), s -> d.requestStatus());
        } catch (IllegalArgumentException | UnsupportedOperationException e) {
            err.println("device: SIGHUP status unavailable here (" + e.getMessage() + "); use --status-every");
        }
        d.thread.join();
        return 0;
    }

    static Options parseArgs(String[] args) {
        Options o = new Options();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--reusable")) {
                o.authKeyReusable = true;
                continue;
            }
            if (a.equals("--derp")) { // issue #7: DERP relay paths (tailnet mode)
                o.derp = true;
                continue;
            }
            if (a.equals("--no-direct")) { // issue #7 test switch: advertise no UDP endpoint
                o.noDirectEndpoints = true;
                continue;
            }
            if (a.equals("--untrusted-wall")) {
                o.wallTrusted = false;
                continue;
            }
            if (a.equals("--wall-at-epoch")) {
                o.wallTrusted = false;
                o.wallOffsetMillis = -System.currentTimeMillis();
                continue;
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(a.startsWith("--") ? a + " needs a value" : "unexpected " + a);
            }
            String v = args[++i];
            switch (a) {
                case "--wg-config" -> o.wgConfig = Path.of(v);
                case "--control-url" -> o.controlUrl = v;
                case "--auth-key" -> o.authKey = v;
                case "--control-key" -> o.controlKey = v;
                case "--derp-pin" -> {
                    o.derp = true;
                    o.derpPin = v;
                }
                case "--derp-region" -> {
                    o.derp = true;
                    try {
                        o.derpRegion = Integer.parseInt(v);
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException("--derp-region: not a number");
                    }
                }
                case "--listen-port" -> {
                    try {
                        o.listenPort = Integer.parseInt(v);
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException("--listen-port: not a number");
                    }
                }
                case "--keepalive" -> {
                    try {
                        o.persistentKeepaliveSeconds = Integer.parseInt(v);
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException("--keepalive: not a number");
                    }
                    if (o.persistentKeepaliveSeconds < 0 || o.persistentKeepaliveSeconds > 65535) {
                        throw new IllegalArgumentException("--keepalive must be in [0, 65535]");
                    }
                }
                case "--ping-peers" -> {
                    try {
                        o.pingPeersSeconds = Integer.parseInt(v);
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException("--ping-peers: not a number");
                    }
                    if (o.pingPeersSeconds < 0 || o.pingPeersSeconds > 3600) {
                        throw new IllegalArgumentException("--ping-peers must be in [0, 3600]");
                    }
                }
                case "--state" -> o.state = Path.of(v);
                case "--bind" -> o.bind = v;
                case "--name" -> o.name = v;
                case "--clock-rate" -> {
                    try {
                        o.clockRate = Double.parseDouble(v);
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException("--clock-rate: not a number");
                    }
                    if (!(o.clockRate > 0) || o.clockRate > 10000) {
                        throw new IllegalArgumentException("--clock-rate must be in (0, 10000]");
                    }
                }
                case "--status-every" -> {
                    try {
                        o.statusEverySeconds = Integer.parseInt(v);
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException("--status-every: not a number");
                    }
                }
                default -> throw new IllegalArgumentException("unknown option " + a);
            }
        }
        if ((o.wgConfig == null) == (o.controlUrl == null)) {
            throw new IllegalArgumentException(o.wgConfig == null ? "--wg-config FILE is required (or --control-url URL for tailnet mode)"
                    : "--wg-config and --control-url exclude each other");
        }
        if (o.controlUrl != null && o.state == null) {
            throw new IllegalArgumentException("--control-url needs --state DIR (the node's keys and registration live there)");
        }
        if (o.bind != null && !o.bind.matches("[0-9a-fA-F:.]+")) {
            throw new IllegalArgumentException("--bind takes an IP address literal");
        }
        return o;
    }
}
