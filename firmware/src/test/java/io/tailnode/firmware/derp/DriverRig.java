package io.tailnode.firmware.derp;

import io.tailnode.control.map.NetmapApplier;
import io.tailnode.control.map.NetmapConfig;
import io.tailnode.crypto.CryptoBox;
import io.tailnode.crypto.Tai64n;
import io.tailnode.crypto.X25519;
import io.tailnode.derp.DerpClient;
import io.tailnode.derp.DerpRegions;
import io.tailnode.wg.WgDeviceConfig;
import io.tailnode.wg.WireGuardDevice;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A {@link DerpDriver} with two connection slots over {@link MemoryTlsRelay}s, a region table filled directly,
 * and a virtual clock, as the device wires it (minus the tunnel loop: relayed packets are counted by the clients).
 */
final class DriverRig {
    static final int REGION = 900;
    static final long POLL_MS = 5;
    static final int DIAL_TIMEOUT_MS = 5000;

    final byte[] nodePublic = new byte[32];
    final DerpRegions regions = new DerpRegions(4, 64);
    final DerpClient[] clients = new DerpClient[2];
    final MemoryTlsRelay[] relays = new MemoryTlsRelay[2];
    final NetmapApplier applier;
    final DerpDriver driver;
    long now = 10_000;

    DriverRig(byte[] devicePinOrNull) {
        byte[] nodePrivate = new byte[32];
        Arrays.fill(nodePrivate, (byte) 0x31);
        X25519.clamp(nodePrivate, 0);
        new X25519().publicKey(nodePublic, 0, nodePrivate, 0);
        WgDeviceConfig wc = new WgDeviceConfig();
        wc.maxPeers = 4;
        wc.maxAllowedIps = 16;
        WireGuardDevice wg = new WireGuardDevice(nodePrivate, 0, wc, new X25519(),
                (b, off, len) -> Arrays.fill(b, off, off + len, (byte) 5), max -> 0, (out, off, mono) -> {
                    Tai64n.encode(1_700_000_000_000L + mono, 0, false, out, off);
                    return 12;
                });
        NetmapConfig nc = new NetmapConfig();
        nc.maxPeers = 4;
        applier = new NetmapApplier(nc, wg);
        applier.setDerpRegions(regions);
        DerpDriver.Holder holder = new DerpDriver.Holder();
        for (int i = 0; i < clients.length; i++) {
            clients[i] = new DerpClient(new CryptoBox(), (b, off, len) -> Arrays.fill(b, off, off + len, (byte) 7),
                    DerpDriver.listenerFor(holder, i), 1500, 16384, 256);
            clients[i].setNodeKey(nodePrivate, 0, nodePublic, 0);
            relays[i] = new MemoryTlsRelay(nodePublic);
        }
        driver = new DerpDriver(regions, applier, clients, relays, devicePinOrNull, DIAL_TIMEOUT_MS, POLL_MS, 16384);
        holder.set(driver);
    }

    /** Replaces the region table with one region, one node (certName null: none; "" counts as none too). */
    void map(int region, String host, String certName, String ipv4, int port) {
        byte[] h = host.getBytes(StandardCharsets.US_ASCII);
        byte[] c = certName == null ? new byte[0] : certName.getBytes(StandardCharsets.US_ASCII);
        byte[] ip = new byte[4];
        String[] parts = ipv4.split("\\.");
        for (int i = 0; i < 4; i++) {
            ip[i] = (byte) Integer.parseInt(parts[i]);
        }
        regions.beginUpdate();
        if (regions.add(region, h, 0, h.length, c, 0, c.length, ip, 0, port, 3478, false) != DerpRegions.OK) {
            throw new AssertionError("map refused");
        }
        regions.commitUpdate();
    }

    /** The slot serving the home region (the first acquired: 0). */
    MemoryTlsRelay home() {
        return relays[0];
    }

    void iterate(int times) {
        for (int i = 0; i < times; i++) {
            driver.onIteration(now);
            now += 1;
        }
    }

    /** Iterates (1 ms apart) until the home region is logged in; at most 50 iterations. */
    void untilConnected() {
        for (int i = 0; i < 50 && !driver.isConnected(REGION); i++) {
            iterate(1);
        }
        if (!driver.isConnected(REGION)) {
            throw new AssertionError("not connected: client state " + clients[0].state() + ", dial error "
                    + driver.lastDialError());
        }
    }

    static String pinText(byte[] pin) {
        StringBuilder sb = new StringBuilder("sha256-raw:");
        for (byte b : pin) {
            sb.append(Character.forDigit((b >> 4) & 15, 16)).append(Character.forDigit(b & 15, 16));
        }
        return sb.toString();
    }

    static byte[] pin(int seed) {
        byte[] p = new byte[32];
        for (int i = 0; i < 32; i++) {
            p[i] = (byte) (seed + 7 * i);
        }
        return p;
    }
}
