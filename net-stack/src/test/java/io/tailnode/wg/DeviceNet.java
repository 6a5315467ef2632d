package io.tailnode.wg;

import io.tailnode.crypto.Tai64n;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A virtual network of {@link WireGuardDevice}s in one JVM on virtual time: every WRITE_TO_NETWORK result is
 * copied and queued to the node whose underlay address equals the result's endpoint; each node is drained
 * ({@code poll} until DONE) after every call, as the call protocol demands.
 */
final class DeviceNet {
    static final long WALL_BASE_MS = 1_700_000_000_000L;

    /** One device with its underlay address and what it delivered to its tunnel. */
    static final class Node {
        final String name;
        final byte[] privateKey = new byte[32];
        final byte[] publicKey = new byte[32];
        final WireGuardDevice dev;
        final WgResult r = new WgResult();
        byte[] addr;
        final List<byte[]> tunnel = new ArrayList<>();
        final List<Integer> tunnelPeers = new ArrayList<>();
        /** Datagrams this node put on the wire (copies), for capture/replay tests. */
        final List<byte[]> sent = new ArrayList<>();

        Node(String name, long seed, byte[] addr, WgDeviceConfig config, byte[] fixedPrivate) {
            this.name = name;
            TestRandom random = new TestRandom(seed);
            if (fixedPrivate != null) {
                System.arraycopy(fixedPrivate, 0, privateKey, 0, 32);
            } else {
                random.nextBytes(privateKey, 0, 32);
            }
            CountingX25519 x = new CountingX25519();
            x.publicKey(publicKey, 0, privateKey, 0);
            dev = new WireGuardDevice(privateKey, 0, config, x, random, max -> 7, DeviceNet::tai);
            this.addr = addr;
        }
    }

    private record Datagram(Node to, byte[] src, byte[] data) {
    }

    long now = 1000;
    final List<Node> nodes = new ArrayList<>();
    final ArrayDeque<Datagram> queue = new ArrayDeque<>();
    /** Datagrams delivered so far (all receive calls). */
    int delivered;

    static int tai(byte[] out, int off, long mono) {
        Tai64n.encode(WALL_BASE_MS + mono, 0, false, out, off);
        return 12;
    }

    static byte[] v4addr(int a, int b, int c, int d, int port) {
        byte[] out = new byte[7];
        SourceAddress.ipv4(out, 0, new byte[] {(byte) a, (byte) b, (byte) c, (byte) d}, 0, port);
        return out;
    }

    Node node(String name, long seed, byte[] addr) {
        return node(name, seed, addr, new WgDeviceConfig(), null);
    }

    Node node(String name, long seed, byte[] addr, WgDeviceConfig config, byte[] fixedPrivate) {
        Node n = new Node(name, seed, addr, config, fixedPrivate);
        nodes.add(n);
        return n;
    }

    /** Makes {@code a} know {@code b} (key, endpoint, allowed IPs); returns b's slot on a. */
    static int connect(Node a, Node b, byte[] psk, String... allowed) {
        int slot = a.dev.addPeer(b.publicKey, 0, psk, 0, 0);
        if (slot < 0) {
            throw new IllegalStateException("addPeer " + slot);
        }
        a.dev.setEndpoint(slot, b.addr, 0, b.addr.length);
        for (String cidr : allowed) {
            addAllowed(a, slot, cidr);
        }
        return slot;
    }

    static WgPeerStatus status(Node n, int slot) {
        WgPeerStatus s = new WgPeerStatus();
        if (!n.dev.peerStatus(slot, s)) {
            throw new IllegalStateException("no peer " + slot);
        }
        return s;
    }

    static void addAllowed(Node a, int slot, String cidr) {
        String[] parts = cidr.split("/");
        byte[] ip = Ip.parse(parts[0]);
        int r = a.dev.addAllowedIp(slot, ip, 0, ip.length == 4 ? 4 : 6, Integer.parseInt(parts[1]));
        if (r != 0) {
            throw new IllegalStateException("addAllowedIp " + r);
        }
    }

    Node byAddr(byte[] ep, int len) {
        for (Node n : nodes) {
            if (n.addr.length == len && Arrays.equals(n.addr, 0, len, ep, 0, len)) {
                return n;
            }
        }
        return null;
    }

    /** Takes care of the result of the last call on {@code n}. */
    void handle(Node n, int action) {
        WgResult r = n.r;
        if (action == WgResult.WRITE_TO_NETWORK) {
            byte[] data = Arrays.copyOfRange(r.buffer, r.offset, r.offset + r.length);
            n.sent.add(data);
            Node to = byAddr(r.endpoint, r.endpointLength);
            if (to != null) {
                queue.add(new Datagram(to, n.addr.clone(), data.clone()));
            }
        } else if (action == WgResult.WRITE_TO_TUNNEL) {
            n.tunnel.add(Arrays.copyOfRange(r.buffer, r.offset, r.offset + r.length));
            n.tunnelPeers.add(r.peer);
        }
    }

    void drain(Node n) {
        for (int i = 0; i < 10_000; i++) {
            int a = n.dev.poll(now, n.r);
            if (a == WgResult.DONE) {
                return;
            }
            handle(n, a);
        }
        throw new IllegalStateException("poll never DONE");
    }

    /** Delivers queued datagrams (1 ms latency each) until the network is quiet. */
    void deliverAll() {
        int guard = 0;
        while (!queue.isEmpty()) {
            if (++guard > 100_000) {
                throw new IllegalStateException("network never quiet");
            }
            Datagram d = queue.poll();
            now += 1;
            receive(d.to, d.data, d.src);
        }
    }

    /** Delivers one datagram to {@code to} as if from {@code src}; returns the action. */
    int receive(Node to, byte[] data, byte[] src) {
        byte[] buf = data.clone();
        int a = to.dev.receive(buf, 0, buf.length, src, 0, src.length, now, to.r);
        handle(to, a);
        drain(to);
        delivered++;
        return a;
    }

    /** Sends an inner packet from {@code n} and lets the network settle; returns send's action. */
    int send(Node n, byte[] inner) {
        byte[] buf = new byte[16 + inner.length + 32];
        System.arraycopy(inner, 0, buf, 16, inner.length);
        int a = n.dev.send(buf, 16, inner.length, now, n.r);
        handle(n, a);
        drain(n);
        deliverAll();
        return a;
    }

    /** Advances virtual time by {@code ms} in steps, polling every node and delivering at each step. */
    void advance(long ms) {
        long end = now + ms;
        while (now < end) {
            now = Math.min(end, now + 100);
            for (Node n : nodes) {
                drain(n);
            }
            deliverAll();
        }
    }
}
