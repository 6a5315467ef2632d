package io.tailnode.control.client;

import io.tailnode.control.json.IpList;
import io.tailnode.control.map.NetmapApplier;
import io.tailnode.control.map.NetmapConfig;
import io.tailnode.crypto.Tai64n;
import io.tailnode.crypto.X25519;
import io.tailnode.wg.WgDeviceConfig;
import io.tailnode.wg.WireGuardDevice;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;

/**
 * A ControlClient with a scripted identity, a recording listener and a WireGuardDevice behind its netmap, wired to
 * {@link FakeControl} connections by {@link #step}: the test plays the driver (time, connect, bytes both ways).
 */
final class ClientRig implements ControlIdentity, ControlListener {
    static final byte[] MACHINE = FakeControl.fill(0x11);
    static final byte[] DISCO_PUB = FakeControl.fill(0x33);

    final WireGuardDevice device;
    final NetmapApplier applier;
    final ControlClient client;
    final ControlClientConfig config = new ControlClientConfig();
    long now = 1000;
    /** Factory of the server side for each new connection. */
    Supplier<FakeControl> servers = FakeControl::new;
    FakeControl server;
    int serverGeneration = -1;
    final List<FakeControl> connections = new ArrayList<>();
    boolean refuseConnect;
    /** Size of the pieces the server's bytes are handed to the client in (TCP may split anywhere). */
    int pieceSize = 777;

    // identity
    byte[] nodePub = FakeControl.fill(0x22);
    byte[] oldNodePub;
    String authKey = "tskey-auth-test";
    boolean registered;
    int registeredCalls;
    int unregisteredCalls;
    int rotateCalls;

    // listener
    final List<String> states = new ArrayList<>();
    /** Last ControlTime reported and how many (no boxing: the allocation test runs through this listener). */
    long lastControlTime;
    int controlTimeCount;
    String authUrlSeen;
    final List<String> selfAddresses = new ArrayList<>();
    int rotatedEvents;
    int jitter;

    ClientRig() {
        WgDeviceConfig wg = new WgDeviceConfig();
        wg.maxPeers = 8;
        wg.maxAllowedIps = 48;
        byte[] priv = FakeControl.fill(0x44);
        device = new WireGuardDevice(priv, 0, wg, new X25519(), (b, off, len) -> Arrays.fill(b, off, off + len, (byte) 9),
                max -> 0, (out, off, mono) -> {
                    Tai64n.encode(1_700_000_000_000L + mono, 0, false, out, off);
                    return 12;
                });
        NetmapConfig nc = new NetmapConfig();
        nc.maxPeers = 8;
        applier = new NetmapApplier(nc, device);
        config.authority = "control.test:80".getBytes(StandardCharsets.US_ASCII);
        config.serverKey = new byte[32];
        new X25519().publicKey(config.serverKey, 0, FakeControl.SERVER_STATIC, 0);
        config.hostname = "plc-1".getBytes(StandardCharsets.US_ASCII);
        client = new ControlClient(config, this, applier, this, (b, off, len) -> {
            for (int i = 0; i < len; i++) {
                b[off + i] = (byte) (0x70 + i);
            }
        }, max -> Math.min(jitter, max - 1));
    }

    /** One driver iteration: timers, connection management, bytes both ways until quiet. */
    void step() {
        client.service(now);
        if (!client.wantsConnection()) {
            server = null;
        } else if (client.connectionGeneration() != serverGeneration) {
            serverGeneration = client.connectionGeneration();
            if (refuseConnect) {
                server = null;
                client.onClosed(now);
                return;
            }
            server = servers.get();
            connections.add(server);
            client.onConnected(now);
        }
        byte[] buf = new byte[1500];
        for (int round = 0; round < 1000 && server != null; round++) {
            boolean moved = false;
            int n;
            while (server != null && (n = client.poll(buf, 0, buf.length, now)) > 0) {
                server.fromClient(buf, 0, n);
                moved = true;
            }
            if (server == null || !client.wantsConnection() || client.connectionGeneration() != serverGeneration) {
                break;
            }
            byte[] in = server.takeToClient();
            if (in.length > 0) {
                // Odd-sized pieces: the client must not care where TCP splits the stream.
                for (int o = 0; o < in.length; o += pieceSize) {
                    client.receive(in, o, Math.min(pieceSize, in.length - o), now);
                    if (!client.wantsConnection() || client.connectionGeneration() != serverGeneration) {
                        break;
                    }
                }
                moved = true;
            }
            if (!moved) {
                break;
            }
        }
    }

    /** Advances time by {@code ms} and steps. */
    void advance(long ms) {
        now += ms;
        step();
    }

    /** Steps through time to the client's next deadline (bounded), as a driver waiting on it would. */
    void runUntil(long maxMs, java.util.function.BooleanSupplier done) {
        long end = now + maxMs;
        step();
        while (!done.getAsBoolean() && now < end) {
            long d = client.nextDeadline();
            now = Math.min(end, Math.max(now + 1, d == Long.MAX_VALUE ? end : d));
            step();
        }
    }

    String state() {
        return ControlState.name(client.state());
    }

    // ---------------------------------------------------------------- ControlIdentity

    public int machinePrivateKey(byte[] out, int off) {
        System.arraycopy(MACHINE, 0, out, off, 32);
        return 32;
    }

    public int nodePublicKey(byte[] out, int off) {
        System.arraycopy(nodePub, 0, out, off, 32);
        return 32;
    }

    public int oldNodePublicKey(byte[] out, int off) {
        if (oldNodePub == null) {
            return 0;
        }
        System.arraycopy(oldNodePub, 0, out, off, 32);
        return 32;
    }

    public int discoPublicKey(byte[] out, int off) {
        System.arraycopy(DISCO_PUB, 0, out, off, 32);
        return 32;
    }

    public int authKey(byte[] out, int off, int max) {
        if (authKey == null) {
            return 0;
        }
        byte[] k = authKey.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(k, 0, out, off, k.length);
        return k.length;
    }

    public boolean isRegistered() {
        return registered;
    }

    public int rotateNodeKey() {
        rotateCalls++;
        oldNodePub = nodePub;
        nodePub = FakeControl.fill(0x22 + rotateCalls);
        registered = false;
        return 0;
    }

    public int registered() {
        registeredCalls++;
        registered = true;
        oldNodePub = null;
        return 0;
    }

    public void unregistered() {
        unregisteredCalls++;
        registered = false;
    }

    // ---------------------------------------------------------------- ControlListener

    public void onStateChanged(int state, int reason, long nowMs) {
        states.add(ControlState.name(state) + (reason != 0 ? "(" + ControlClientReason.name(reason) + ")" : ""));
    }

    public void onControlTime(long unixMillis, long nowMs) {
        lastControlTime = unixMillis;
        controlTimeCount++;
    }

    public void onAuthUrl(byte[] url, int off, int len) {
        authUrlSeen = new String(url, off, len, StandardCharsets.UTF_8);
    }

    public void onSelfAddresses(IpList a) {
        selfAddresses.clear();
        for (int i = 0; i < a.size(); i++) {
            byte[] b = new byte[16];
            int n = a.copyAddress(i, b, 0);
            try {
                selfAddresses.add(java.net.InetAddress.getByAddress(Arrays.copyOf(b, n)).getHostAddress() + "/" + a.value(i));
            } catch (java.net.UnknownHostException e) {
                throw new AssertionError(e);
            }
        }
    }

    public void onNodeKeyRotated() {
        rotatedEvents++;
    }
}
