package io.tailnode.firmware.derp;

import io.tailnode.control.json.MapFrameReader;
import io.tailnode.control.json.MapResponseScanner;
import io.tailnode.control.map.NetmapApplier;
import io.tailnode.control.map.NetmapConfig;
import io.tailnode.crypto.CryptoBox;
import io.tailnode.crypto.X25519;
import io.tailnode.derp.DerpClient;
import io.tailnode.derp.DerpRegions;
import io.tailnode.firmware.hal.Clock;
import io.tailnode.firmware.hal.DatagramTransport;
import io.tailnode.firmware.hal.HalStatus;
import io.tailnode.firmware.hal.LogSink;
import io.tailnode.firmware.log.LogEvents;
import io.tailnode.firmware.log.LogLevel;
import io.tailnode.firmware.log.Logger;
import io.tailnode.firmware.loop.InnerServices;
import io.tailnode.firmware.loop.LoopPair.CountingRandom;
import io.tailnode.firmware.loop.TunnelLoop;
import io.tailnode.wg.SourceAddress;
import io.tailnode.wg.Tai64nSource;
import io.tailnode.wg.WgDeviceConfig;
import io.tailnode.wg.WgResult;
import io.tailnode.wg.WireGuardDevice;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The device as SimDevice wires its relay path, on a virtual clock: a {@link TunnelLoop} whose services run the
 * {@link DerpDriver} as their hook and whose relay path is that driver ({@link DerpDriver#setLoop}), two DERP
 * connection slots over {@link MemoryTlsRelay}s, and a netmap (fed as a MapResponse) with DERP regions 1 (home) and
 * 2 and two peers with no direct endpoint: B (100.64.0.2, home region 1) and C (100.64.0.3, region 2). Behind the
 * relays B and C are real WireGuard devices that answer what reaches them; the rig counts, per peer, the handshake
 * initiations (type 1, 148 bytes) and data packets the relays carried and the inner packets the peer decrypted.
 * Nothing allocates per packet (the allocation test uses it too).
 */
final class RelayedLoopRig {
    static final int B = 0;
    static final int C = 1;
    static final byte[] PIN = DriverRig.pin(0x21);
    static final int MTU = 1280;

    final VirtualClock clock = new VirtualClock();
    final byte[] ourKey = new byte[32];
    final MemoryTlsRelay[] relays = new MemoryTlsRelay[2];
    final DerpRegions regions = new DerpRegions(4, 64);
    final WireGuardDevice wg;
    final NetmapApplier applier;
    final DerpDriver derp;
    final TunnelLoop loop;
    final Peer[] peers = new Peer[2];
    final byte[][] pings = new byte[2][];

    RelayedLoopRig() {
        X25519 x = new X25519();
        byte[] ourPriv = new byte[32];
        Arrays.fill(ourPriv, (byte) 0x31);
        X25519.clamp(ourPriv, 0);
        x.publicKey(ourKey, 0, ourPriv, 0);
        CountingRandom random = new CountingRandom(1);
        WgDeviceConfig wc = new WgDeviceConfig();
        wc.maxPeers = 4;
        wc.maxAllowedIps = 16;
        wg = new WireGuardDevice(ourPriv, 0, wc, x, random, random, new MonoTai());
        for (int i = 0; i < peers.length; i++) {
            peers[i] = new Peer(i, ourKey);
            pings[i] = echoRequest(2 + i);
        }
        NetmapConfig nc = new NetmapConfig();
        nc.maxPeers = 4;
        applier = new NetmapApplier(nc, wg);
        applier.setDerpRegions(regions);
        MapFrameReader reader = new MapFrameReader(1 << 16, new MapResponseScanner(4096, 4, 4, 4, 64, applier));
        byte[] map = framed("{\"Node\":" + node(1, ourKey, 1) + ",\"DERPMap\":{\"Regions\":{" + region(1) + ","
                + region(2) + "}},\"Peers\":[" + node(2, peers[B].key, 1) + "," + node(3, peers[C].key, 2) + "]}");
        if (reader.feed(map, 0, map.length) < 0 || applier.peers().size() != 2 || regions.size() != 2) {
            throw new AssertionError("map refused");
        }
        for (Peer p : peers) {
            p.slot = wg.peerSlot(p.key, 0);
        }

        DerpDriver.Holder holder = new DerpDriver.Holder();
        DerpClient[] clients = new DerpClient[2];
        for (int i = 0; i < clients.length; i++) {
            clients[i] = new DerpClient(new CryptoBox(), random, DerpDriver.listenerFor(holder, i), 1500, 16384, 256);
            clients[i].setNodeKey(ourPriv, 0, ourKey, 0);
            relays[i] = new MemoryTlsRelay(ourKey);
            System.arraycopy(PIN, 0, relays[i].certificatePin, 0, 32);
            relays[i].peers = router;
        }
        // The device pin for every node: both relays verify whichever region their slot is given.
        derp = new DerpDriver(regions, applier, clients, relays, PIN, 5000, 5, 16384);
        derp.setDevicePinOverrides(true);
        holder.set(derp);
        Logger log = new Logger(NULL_SINK, LogEvents.TAGS, 120, LogLevel.INFO, 5, 1000);
        loop = new TunnelLoop(wg, new NoUdp(), clock, null, new HookServices(derp), log, MTU, 1000, null);
        loop.setRelayPath(derp);
        derp.setLoop(loop);
    }

    /** One loop iteration, 1 ms of virtual time later. */
    void step() {
        clock.now++;
        loop.runOnce();
    }

    /** Iterations until region {@code r} is logged in (at most {@code max}); returns how many it took. */
    int stepUntilConnected(int r, int max) {
        for (int i = 1; i <= max; i++) {
            step();
            if (derp.isConnected(r)) {
                return i;
            }
        }
        throw new AssertionError("region " + r + " not logged in after " + max + " iterations");
    }

    /** The device pings peer {@code p} (an inner packet into the tunnel). */
    int ping(int p) {
        return loop.sendInner(pings[p], 0, pings[p].length);
    }

    /** A WireGuard device behind the relays, answering what reaches it (through the relay it came by). */
    static final class Peer {
        final byte[] key = new byte[32];
        final WireGuardDevice wg;
        final WgResult result = new WgResult();
        final byte[] rx = new byte[2048];
        final byte[] ourSource = new byte[40];
        final int ourSourceLength;
        int slot;
        long initiations;
        long lastInitiationAt;
        long dataPackets;
        long innerPackets;

        Peer(int index, byte[] ourKey) {
            byte[] priv = new byte[32];
            Arrays.fill(priv, (byte) (0x50 + index));
            X25519.clamp(priv, 0);
            X25519 x = new X25519();
            x.publicKey(key, 0, priv, 0);
            CountingRandom random = new CountingRandom(100 + index);
            WgDeviceConfig wc = new WgDeviceConfig();
            wc.maxPeers = 2;
            wg = new WireGuardDevice(priv, 0, wc, x, random, random, new MonoTai());
            int s = wg.addPeer(ourKey, 0, null, 0, 0);
            wg.addAllowedIp(s, new byte[] {100, 64, 0, 1}, 0, 4, 32);
            ourSourceLength = SourceAddress.derp(ourSource, 0, ourKey, 0);
        }

        void receive(MemoryTlsRelay relay, byte[] buf, int off, int len, long now) {
            int type = buf[off] & 0xff;
            if (type == 1 && len == 148) {
                initiations++;
                lastInitiationAt = now;
            } else if (type == 4) {
                dataPackets++;
            }
            System.arraycopy(buf, off, rx, 0, len);
            int a = wg.receive(rx, 0, len, ourSource, 0, ourSourceLength, now, result);
            for (int i = 0; i < 16 && a != WgResult.DONE; i++) {
                if (a == WgResult.WRITE_TO_NETWORK) {
                    relay.deliver(key, 0, result.buffer, result.offset, result.length);
                } else if (a == WgResult.WRITE_TO_TUNNEL) {
                    innerPackets++;
                }
                a = wg.poll(now, result);
            }
        }
    }

    private final MemoryTlsRelay.Peers router = new MemoryTlsRelay.Peers() {
        @Override
        public void sendPacket(MemoryTlsRelay relay, byte[] buf, int keyOff, int off, int len) {
            for (Peer p : peers) {
                if (Arrays.equals(p.key, 0, 32, buf, keyOff, keyOff + 32)) {
                    p.receive(relay, buf, off, len, clock.now);
                }
            }
        }
    };

    /** Runs the DERP driver as the services' hook, as DeviceServices does at the end of its service step. */
    private static final class HookServices implements InnerServices {
        private final DerpDriver hook;

        HookServices(DerpDriver hook) {
            this.hook = hook;
        }

        @Override
        public int receive(byte[] pkt, int off, int len, long nowMs) {
            return 0;
        }

        @Override
        public void service(long nowMs) {
            hook.onIteration(nowMs);
        }

        @Override
        public int poll(long nowMs, byte[] out, int off, int cap) {
            return 0;
        }

        @Override
        public long nextDeadline(long nowMs) {
            return hook.nextDeadline(nowMs);
        }
    }

    /** No direct path: every peer is reached through DERP. */
    private static final class NoUdp implements DatagramTransport {
        @Override
        public int send(byte[] buf, int off, int len, byte[] dest, int destOff, int destLen) {
            return HalStatus.ERR_IO;
        }

        @Override
        public int receive(byte[] buf, int off, int capacity, byte[] source, int sourceOff, int timeoutMs) {
            return HalStatus.ERR_WOULD_BLOCK;
        }

        @Override
        public int localPort() {
            return 41641;
        }

        @Override
        public void close() {
        }
    }

    static final class VirtualClock implements Clock {
        long now = 1_000_000;

        @Override
        public long monotonicMillis() {
            return now;
        }

        @Override
        public long wallMillis() {
            return 1_767_225_600_000L + now;
        }

        @Override
        public boolean wallTrusted() {
            return true;
        }

        @Override
        public void setWallMillis(long unixMillis) {
        }
    }

    /** TAI64N from the monotonic clock: later initiations carry later timestamps. */
    private static final class MonoTai implements Tai64nSource {
        @Override
        public int now(byte[] out, int off, long mono) {
            long s = 0x4000000060000000L + mono / 1000;
            for (int i = 0; i < 8; i++) {
                out[off + i] = (byte) (s >>> (56 - 8 * i));
            }
            int ns = (int) (mono % 1000) * 1_000_000;
            for (int i = 0; i < 4; i++) {
                out[off + 8 + i] = (byte) (ns >>> (24 - 8 * i));
            }
            return 12;
        }
    }

    private static final LogSink NULL_SINK = new LogSink() {
        @Override
        public int write(byte[] line, int off, int len) {
            return HalStatus.OK;
        }
    };

    /** A 28-byte ICMP echo request from 100.64.0.1 to 100.64.0.host (checksums are not the tunnel's business). */
    private static byte[] echoRequest(int host) {
        byte[] p = new byte[28];
        p[0] = 0x45;
        p[3] = (byte) p.length;
        p[8] = 64;
        p[9] = 1;
        p[12] = 100;
        p[13] = 64;
        p[15] = 1;
        p[16] = 100;
        p[17] = 64;
        p[19] = (byte) host;
        p[20] = 8;
        return p;
    }

    private static String region(int id) {
        return "\"" + id + "\":{\"RegionID\":" + id + ",\"RegionCode\":\"r" + id + "\",\"Nodes\":[{\"Name\":\"" + id
                + "a\",\"RegionID\":" + id + ",\"HostName\":\"derp" + id + ".example\",\"IPv4\":\"198.18.0." + (10 + id)
                + "\",\"DERPPort\":443,\"STUNPort\":3478}]}";
    }

    private static String node(long id, byte[] nodeKey, int homeDerp) {
        String v4 = "100.64.0." + id;
        return "{\"ID\":" + id + ",\"StableID\":\"n" + id + "\",\"Name\":\"n" + id + ".ts.net.\",\"Key\":\"nodekey:"
                + hex(nodeKey) + "\",\"KeyExpiry\":\"2027-01-01T00:00:00Z\",\"Addresses\":[\"" + v4
                + "/32\"],\"AllowedIPs\":[\"" + v4 + "/32\"],\"HomeDERP\":" + homeDerp + ",\"MachineAuthorized\":true}";
    }

    private static String hex(byte[] k) {
        StringBuilder sb = new StringBuilder();
        for (byte b : k) {
            sb.append(Character.forDigit(b >> 4 & 15, 16)).append(Character.forDigit(b & 15, 16));
        }
        return sb.toString();
    }

    private static byte[] framed(String json) {
        byte[] p = json.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(p.length);
        out.write(p.length >>> 8);
        out.write(p.length >>> 16);
        out.write(p.length >>> 24);
        out.write(p, 0, p.length);
        return out.toByteArray();
    }
}
