package io.tailnode.sim.footprint;

import io.tailnode.control.map.NetmapApplier;
import io.tailnode.crypto.CryptoBox;
import io.tailnode.crypto.X25519;
import io.tailnode.derp.DerpClient;
import io.tailnode.derp.DerpRegions;
import io.tailnode.disco.DiscoKeys;
import io.tailnode.disco.PathSelector;
import io.tailnode.firmware.CoreSizing;
import io.tailnode.firmware.config.DeviceConfig;
import io.tailnode.firmware.derp.DerpDriver;
import io.tailnode.firmware.derp.DiscoDriver;
import io.tailnode.firmware.hal.DatagramTransport;
import io.tailnode.firmware.hal.HalStatus;
import io.tailnode.firmware.hal.TlsTransport;
import io.tailnode.stun.StunClient;
import io.tailnode.wg.WgRandom;
import io.tailnode.wg.WireGuardDevice;
import java.util.Arrays;

/**
 * The DERP, disco and STUN parts of a {@link ConfiguredClient}, built the way the firmware boots them and sized by
 * {@link CoreSizing} (derp_connections, the MTU): the region table, one {@link DerpClient} per connection slot, the
 * {@link DerpDriver}, the disco keys, the {@link DiscoDriver} with its pool of {@link PathSelector}s (disco_paths: one
 * per WireGuard peer slot on the host),
 * and the {@link StunClient}. The only place the footprint tool calls their constructors: when a constructor
 * changes (the non-blocking TLS dial, per-node certificate pins), adapt it here.
 * <p>
 * The TLS transports are host stand-ins (on a board the TLS stack's records live in the C heap,
 * c.heap.mbedtls, reported apart from the Java heap). References that only wire the parts together at boot
 * (loop ↔ DERP driver, client listeners → driver, DERP driver → disco) are left out: they add no objects, and
 * without them each component keeps its own bytes in the attribution order.
 */
final class RelayParts {
    /** Dial timeout and poll interval the driver is built with (numbers, no memory). */
    private static final int DIAL_TIMEOUT_MS = 5000;
    private static final long POLL_MS = 20;

    final DerpRegions regions;
    final DerpClient[] clients;
    final TlsTransport[] transports;
    final DerpDriver derp;
    final DiscoKeys discoKeys;
    final StunClient stun;
    final DiscoDriver disco;
    final PathSelector[] selectors;

    RelayParts(DeviceConfig dc, WireGuardDevice wg, NetmapApplier applier, DatagramTransport udp, WgRandom random) {
        regions = new DerpRegions(CoreSizing.derpRegions(dc), CoreSizing.DERP_HOST_BYTES);
        applier.setDerpRegions(regions);

        byte[] nodePrivate = new byte[32];
        byte[] nodePublic = new byte[32];
        random.nextBytes(nodePrivate, 0, 32);
        X25519 x = new X25519();
        x.publicKey(nodePublic, 0, nodePrivate, 0);
        // One NaCl box for every DERP client and the disco keys: CryptoBox is one per thread and keeps nothing
        // between calls, these all run on the loop thread, and no box call nests in another (a DERP client boxes
        // only at login; disco seals and opens whole messages). A box per user would cost 1.6 KiB each.
        CryptoBox box = new CryptoBox();
        DerpDriver.Holder holder = new DerpDriver.Holder();
        int n = CoreSizing.derpConnections(dc);
        clients = new DerpClient[n];
        transports = new TlsTransport[n];
        for (int i = 0; i < n; i++) {
            clients[i] = new DerpClient(box, random, DerpDriver.listenerFor(holder, i),
                    CoreSizing.derpMaxPacket(dc), CoreSizing.derpTxBytes(dc), CoreSizing.DERP_HEALTH_BYTES);
            clients[i].setNodeKey(nodePrivate, 0, nodePublic, 0);
            transports[i] = new NoTls();
        }
        derp = new DerpDriver(regions, applier, clients, transports, null, DIAL_TIMEOUT_MS, POLL_MS,
                CoreSizing.derpReadBytes(dc));

        discoKeys = new DiscoKeys(box, random, wg.peerCapacity());
        byte[] discoPrivate = new byte[32];
        byte[] discoPublic = new byte[32];
        random.nextBytes(discoPrivate, 0, 32);
        x.publicKey(discoPublic, 0, discoPrivate, 0);
        discoKeys.setLocal(discoPrivate, 0, discoPublic, 0);
        stun = new StunClient(random);
        disco = new DiscoDriver(wg, applier, udp, derp, discoKeys, stun, nodePublic, random, CoreSizing.discoPaths(dc));
        selectors = new PathSelector[disco.pathSlots()];
        for (int i = 0; i < selectors.length; i++) {
            selectors[i] = disco.pathSlot(i);
        }
        Arrays.fill(nodePrivate, (byte) 0);
        Arrays.fill(discoPrivate, (byte) 0);
    }

    /** No TLS on the host footprint client: built, never dialled (the board's TLS state is C heap). */
    static final class NoTls implements TlsTransport {
        @Override
        public int connect(byte[] addr, int addrOff, int port, byte[] sni, int sniOff, int sniLen, int verifyMode,
                byte[] pin, int pinOff, int timeoutMs) {
            return HalStatus.ERR_IO;
        }

        @Override
        public int state() {
            return TlsTransport.STATE_FAILED;
        }

        @Override
        public int failure() {
            return HalStatus.ERR_IO;
        }

        @Override
        public boolean canPinCertificates() {
            return false;
        }

        @Override
        public int write(byte[] buf, int off, int len) {
            return HalStatus.ERR_CLOSED;
        }

        @Override
        public int read(byte[] buf, int off, int cap) {
            return HalStatus.ERR_CLOSED;
        }

        @Override
        public void close() {
        }
    }
}
