package io.tailnode.control.map;

import io.tailnode.control.json.IpList;
import io.tailnode.control.json.MapDerpNode;
import io.tailnode.control.json.MapNode;
import io.tailnode.control.json.MapReason;
import io.tailnode.control.json.MapResponseVisitor;
import io.tailnode.derp.DerpRegions;
import io.tailnode.lang.HotPath;
import io.tailnode.wg.SourceAddress;
import io.tailnode.wg.WgConstants;
import io.tailnode.wg.WireGuardDevice;

/**
 * Where a MapResponse peer becomes a WireGuard peer (shared tailscale-protocol.md §2.6, issue 6 "applied to a
 * fixed-capacity peer table → WireGuard peers and routes"). Plug it into a MapResponseScanner as its visitor.
 * <p>
 * <b>All or nothing per frame: a staging table.</b> The first change in a frame copies the live
 * {@link PeerTable} into a second table of the same capacity; the frame's nodes are applied to that copy as they
 * arrive; {@code frameEnd(OK)} diffs the copy against the live table, pushes the difference into the
 * {@link WireGuardDevice} and copies it back; {@code frameEnd(negative)} just drops it, so a frame that fails to
 * parse leaves the peers and the device untouched (the caller then resets the connection). Memory cost: twice
 * {@link PeerTable#bytesPerEntry} per peer slot (2 x 387 = 774 bytes with the default maxima), see
 * {@link #bytesPerPeerSlot}.
 * <p>
 * <b>Semantics</b> (Go's mapSession order: Peers, then PeersRemoved, then PeersChanged, then patches):
 * <ul>
 * <li>Peers (non-empty) replaces the whole set: the staging table is cleared at its first entry and refilled in
 * server order. An empty Peers list changes nothing (tailcfg: "Peers, if non-empty, is the complete list").</li>
 * <li>PeersChanged upserts a whole node; PeersRemoved removes; a node upserted by PeersChanged in the same frame
 * is not removed by PeersRemoved (Go applies removals before upserts, whatever the JSON order).</li>
 * <li>PeersChangedPatch changes Key, DiscoKey, Endpoints and DERPRegion of a node in the table; a patch for a node
 * not in the table (never admitted or refused) is ignored and counted. Patches apply in arrival order; Go
 * servers write PeersChangedPatch after the other lists, as Go applies them.</li>
 * <li>A node the scanner dropped (too many addresses, bad key...): in Peers it is simply absent from the new
 * set; in PeersChanged its old version is removed (we cannot hold the new one and must not keep a stale key);
 * a dropped patch is ignored. All counted.</li>
 * </ul>
 * <b>Admission</b> (decided as each node arrives): a node already in the table is updated in place. A new node
 * takes a free entry if there is one. Otherwise a <b>pinned</b> node (its node key is in
 * {@link NetmapConfig#pinnedNodeKeys}, or its StableID in {@link NetmapConfig#pinnedStableIds}) evicts the
 * unpinned entry admitted last, so pinned nodes are always in
 * (up to the capacity) and the rest is "first come in server order": after a full map the table holds exactly
 * the pinned nodes plus the first unpinned nodes of the list. Everything else is refused and counted. A
 * removal frees an entry for the next delta: a refused node gets in when the server sends it again (in a
 * PeersChanged or the next full map; the server does not resend unchanged nodes, so that may be the next
 * reconnect). Tag pins need a scanner field not reported yet (see {@link NetmapConfig}).
 * <p>
 * <b>Into WireGuard</b> on commit: removals first (gone, or node key changed: remove + add, a new key is a new
 * WireGuard peer), then additions and updates: allowed IPs are each Address as a host route (/32, /128) plus
 * AllowedIPs (absent = Addresses), replaced as a whole when they changed (the peer and its sessions stay);
 * the endpoint is the first direct endpoint when it changed (DERP paths come with the DERP issue: see
 * {@link #pushEndpoint}). A peer the device refuses (low-order key, duplicate key) stays in the table with
 * WireGuard slot -1, counted; an allowed IP the device has no room for is counted.
 * <p>
 * Nothing is allocated after construction. Not thread-safe; one instance per map stream.
 */
public final class NetmapApplier implements MapResponseVisitor {
    private final WireGuardDevice device;
    private final PeerTable live;
    private final PeerTable staged;
    private final byte[] pinnedKeys;
    private final byte[][] pinnedStableIds;
    private final int keepalive;
    private final byte[] scratch = new byte[WgConstants.SOURCE_MAX_SIZE];
    private final byte[] addr = new byte[16];
    private final byte[] key = new byte[WgConstants.KEY_SIZE];
    /** Per WireGuard slot: the peer's home DERP region (0 = none), where a DERP endpoint of that slot is sent. */
    private final int[] slotRegion;
    /** DERP map sink (the device's region table), or null. */
    private DerpRegions derpRegions;
    /** Put peers with a home region on DERP first (direct paths are adopted later by path selection). */
    private boolean relayFirst;
    /** Self node (Node) and ControlTime of the current frame, reported to the observer only if the frame applies. */
    private final IpList selfAddresses;
    private SelfObserver observer;
    private boolean selfSeen;
    private boolean selfHasAddresses;
    private long selfKeyExpiry;
    private long frameControlTime;
    private boolean frameHasControlTime;

    private boolean dirty;
    private boolean inPeerList;
    private boolean peerListCleared;
    private int frameGen;
    private long nextOrder;

    private long framesApplied;
    private long framesDiscarded;
    private long refused;
    private long evicted;
    private long dropped;
    private long patchesUnknown;
    private long wireGuardRefused;
    private long allowedIpsRefused;

    /** @throws IllegalArgumentException on a bad config or a device with fewer peer slots than the table */
    public NetmapApplier(NetmapConfig config, WireGuardDevice device) {
        config.validate();
        if (device.peerCapacity() < config.maxPeers) {
            throw new IllegalArgumentException("device peer capacity");
        }
        this.device = device;
        live = new PeerTable(config.maxPeers, config.maxAddresses, config.maxAllowedIps, config.maxEndpoints);
        staged = new PeerTable(config.maxPeers, config.maxAddresses, config.maxAllowedIps, config.maxEndpoints);
        pinnedKeys = copy(config.pinnedNodeKeys);
        int ns = config.pinnedStableIds == null ? 0 : config.pinnedStableIds.length;
        pinnedStableIds = new byte[ns][];
        for (int i = 0; i < ns; i++) {
            pinnedStableIds[i] = copy(config.pinnedStableIds[i]);
        }
        keepalive = config.persistentKeepaliveSeconds;
        selfAddresses = new IpList(config.maxAddresses);
        slotRegion = new int[device.peerCapacity()];
    }

    /**
     * Issue #7: where the frame's DERP map goes (the scanner's derpNode calls, staged per frame by
     * {@link DerpRegions}); null: ignored as before.
     */
    public void setDerpRegions(DerpRegions regions) {
        derpRegions = regions;
    }

    /**
     * Issue #7: true = a peer with a home DERP region gets the DERP endpoint ({@link SourceAddress#derp} with its
     * node key) even when it lists direct endpoints; disco path selection moves it to a direct path once one is
     * confirmed. false (default, no relay on this device) = the first direct endpoint, else DERP.
     */
    public void setRelayFirst(boolean on) {
        relayFirst = on;
    }

    /** The home DERP region of the peer in WireGuard slot {@code slot} (0 = none or unknown slot). */
    @HotPath
    public int derpRegionOfSlot(int slot) {
        return slot >= 0 && slot < slotRegion.length ? slotRegion[slot] : 0;
    }

    /**
     * What the control client needs from a frame besides peers: the self node and ControlTime, reported after
     * the frame applied (a rejected frame reports nothing). Nothing allocates; calls come from frameEnd.
     */
    public interface SelfObserver {
        /** Node was in the frame: its KeyExpiry (Unix ms, 0 = never) and, if present, its Addresses (else null). */
        void selfNode(long keyExpiryUnixMs, IpList addressesOrNull);

        /** MapResponse.ControlTime (Unix ms). */
        void controlTime(long unixMillis);
    }

    /** Sets the observer of self node and ControlTime (null: none). */
    public void setSelfObserver(SelfObserver o) {
        observer = o;
    }

    private static byte[] copy(byte[] keys) {
        byte[] out = new byte[keys == null ? 0 : keys.length];
        if (keys != null) {
            System.arraycopy(keys, 0, out, 0, keys.length);
        }
        return out;
    }

    /** Bytes of peer storage per peer slot: live plus staging table. */
    public static int bytesPerPeerSlot(NetmapConfig c) {
        return 2 * PeerTable.bytesPerEntry(c.maxAddresses, c.maxAllowedIps, c.maxEndpoints);
    }

    /** The live netmap (read only; changes only in frameEnd(OK)). */
    public PeerTable peers() {
        return live;
    }

    // ---------------------------------------------------------------- MapResponseVisitor

    @HotPath
    public void frameStart() {
        dirty = false;
        inPeerList = false;
        peerListCleared = false;
        frameGen++;
        selfSeen = false;
        frameHasControlTime = false;
        if (derpRegions != null) {
            derpRegions.onFrameStart();
        }
    }

    public void keepAlive() {
    }

    public void controlTime(long unixMillis) {
        frameControlTime = unixMillis;
        frameHasControlTime = true;
    }

    @HotPath
    public void nodeListStart(int kind) {
        if (kind == MapNode.KIND_PEER) {
            inPeerList = true;
            peerListCleared = false;
        }
    }

    @HotPath
    public void node(MapNode n) {
        int kind = n.kind();
        if (kind == MapNode.KIND_SELF) {
            selfSeen = true;
            selfKeyExpiry = n.keyExpiry();
            selfHasAddresses = n.hasAddresses();
            if (selfHasAddresses) {
                selfAddresses.copyFrom(n.addresses());
            }
            return;
        }
        stage();
        if (kind == MapNode.KIND_PATCH) {
            int i = staged.find(n.id());
            if (i < 0) {
                patchesUnknown++;
            } else {
                staged.patch(i, n);
            }
            return;
        }
        if (kind == MapNode.KIND_PEER) {
            beginFullMap();
        }
        admit(n, kind == MapNode.KIND_CHANGED);
    }

    @HotPath
    public void nodeDropped(int kind, long id, int reason) {
        if (kind == MapNode.KIND_SELF) {
            return;
        }
        dropped++;
        if (kind == MapNode.KIND_PEER) {
            stage();
            beginFullMap();
        } else if (kind == MapNode.KIND_CHANGED && id != 0) {
            stage();
            int i = staged.find(id);
            if (i >= 0) {
                staged.remove(i);
            }
        }
    }

    @HotPath
    public void nodeListEnd(int kind) {
        if (kind == MapNode.KIND_PEER) {
            inPeerList = false;
        }
    }

    @HotPath
    public void peerRemoved(long id) {
        stage();
        int i = staged.find(id);
        if (i >= 0 && staged.stamp[i] != frameGen) {
            staged.remove(i);
        }
    }

    public void derpNode(MapDerpNode node) {
        if (derpRegions != null) {
            derpRegions.onDerpNode(node);
        }
    }

    @HotPath
    public void frameEnd(int result) {
        if (derpRegions != null) {
            derpRegions.onFrameEnd(result);
        }
        if (result == MapReason.OK) {
            framesApplied++;
            if (dirty) {
                commit();
            }
            if (observer != null && selfSeen) {
                observer.selfNode(selfKeyExpiry, selfHasAddresses ? selfAddresses : null);
            }
            if (observer != null && frameHasControlTime) {
                observer.controlTime(frameControlTime);
            }
        } else {
            framesDiscarded++;
        }
        dirty = false;
        inPeerList = false;
    }

    // ---------------------------------------------------------------- staging

    /** Copies the live table into the staging table at the first change of a frame. */
    private void stage() {
        if (!dirty) {
            staged.copyFrom(live);
            dirty = true;
        }
    }

    private void beginFullMap() {
        if (inPeerList && !peerListCleared) {
            staged.clear();
            peerListCleared = true;
        }
    }

    @HotPath
    private void admit(MapNode n, boolean changed) {
        PeerTable t = staged;
        boolean pin = isPinned(n);
        int i = t.find(n.id());
        long admitted;
        if (i >= 0) {
            admitted = t.order[i];
        } else {
            i = t.freeIndex();
            if (i < 0 && pin) {
                i = t.youngestUnpinned();
                if (i >= 0) {
                    t.remove(i);
                    evicted++;
                    refused++;
                }
            }
            if (i < 0) {
                refused++;
                return;
            }
            admitted = ++nextOrder;
        }
        t.set(i, n, pin, admitted);
        t.stamp[i] = changed ? frameGen : 0;
    }

    @HotPath
    private boolean isPinned(MapNode n) {
        if (n.hasKey()) {
            byte[] k = n.key();
            for (int off = 0; off < pinnedKeys.length; off += 32) {
                if (PeerTable.equal(pinnedKeys, off, k, 0, 32)) {
                    return true;
                }
            }
        }
        int len = n.stableIdLength();
        if (len > 0) {
            for (int i = 0; i < pinnedStableIds.length; i++) {
                byte[] pin = pinnedStableIds[i];
                if (pin.length == len && PeerTable.equal(pin, 0, n.stableId(), 0, len)) {
                    return true;
                }
            }
        }
        return false;
    }

    // ---------------------------------------------------------------- commit into WireGuard

    @HotPath
    private void commit() {
        PeerTable s = staged;
        PeerTable l = live;
        int cap = l.capacity();
        for (int i = 0; i < cap; i++) {
            if (!l.used[i]) {
                continue;
            }
            int j = s.find(l.ids[i]);
            if ((j < 0 || !s.sameKey(j, l, i)) && l.wgSlot[i] >= 0) {
                slotRegion[l.wgSlot[i]] = 0;
                device.removePeer(l.wgSlot[i]);
            }
        }
        for (int j = 0; j < cap; j++) {
            if (!s.used[j]) {
                continue;
            }
            int i = l.find(s.ids[j]);
            if (i >= 0 && s.sameKey(j, l, i)) {
                int slot = l.wgSlot[i];
                s.wgSlot[j] = slot;
                if (slot < 0) {
                    continue;
                }
                if (!s.sameRoutes(j, l, i)) {
                    device.removeAllowedIps(slot);
                    pushRoutes(j, slot);
                }
                if (!s.sameFirstEndpoint(j, l, i) || s.derpRegion(j) != l.derpRegion(i)) {
                    pushEndpoint(j, slot);
                }
            } else {
                s.copyKey(j, key, 0);
                int slot = device.addPeer(key, 0, null, 0, keepalive);
                if (slot < 0) {
                    wireGuardRefused++;
                    s.wgSlot[j] = -1;
                    continue;
                }
                s.wgSlot[j] = slot;
                pushRoutes(j, slot);
                pushEndpoint(j, slot);
            }
        }
        l.copyFrom(s);
    }

    /** Each Address as a host route, then AllowedIPs (if present and not already pushed as an address). */
    @HotPath
    private void pushRoutes(int j, int slot) {
        PeerTable s = staged;
        int na = s.addressCount(j);
        for (int k = 0; k < na; k++) {
            int family = s.addressFamily(j, k);
            s.copyAddress(j, k, addr, 0);
            if (device.addAllowedIp(slot, addr, 0, family, family == 4 ? 32 : 128) < 0) {
                allowedIpsRefused++;
            }
        }
        if (!s.hasAllowedIps(j)) {
            return;
        }
        int nl = s.allowedIpCount(j);
        for (int k = 0; k < nl; k++) {
            int family = s.allowedIpFamily(j, k);
            int bits = s.allowedIpPrefix(j, k);
            s.copyAllowedIp(j, k, addr, 0);
            if (bits == (family == 4 ? 32 : 128) && s.hasAddress(j, family, addr)) {
                continue;
            }
            if (device.addAllowedIp(slot, addr, 0, family, bits) < 0) {
                allowedIpsRefused++;
            }
        }
    }

    /**
     * The path WireGuard sends to. Endpoints are {direct UDP ip:port} or {DERP region + node key}: the WireGuard
     * core keeps the {@link SourceAddress} form (0x44 + node key for DERP, the form DERP-relayed packets arrive
     * with, so roaming keeps working), and the region lives here per slot ({@link #derpRegionOfSlot}) for the loop
     * to pick the DERP connection. A peer with a home region is reachable through DERP as soon as the netmap
     * arrives: with {@link #setRelayFirst} it starts on DERP; otherwise it gets its first direct endpoint, and
     * DERP only when it lists none. An endpoint that disappears with no region left is left as it was.
     */
    @HotPath
    private void pushEndpoint(int j, int slot) {
        PeerTable s = staged;
        int region = s.derpRegion(j);
        slotRegion[slot] = region;
        if (region != 0 && (relayFirst || s.endpointCount(j) == 0)) {
            s.copyKey(j, key, 0);
            int len = SourceAddress.derp(scratch, 0, key, 0);
            device.setEndpoint(slot, scratch, 0, len);
            return;
        }
        if (s.endpointCount(j) == 0) {
            return;
        }
        int family = s.endpointFamily(j, 0);
        int port = s.endpointPort(j, 0);
        s.copyEndpoint(j, 0, addr, 0);
        int len = family == 4 ? SourceAddress.ipv4(scratch, 0, addr, 0, port)
                : SourceAddress.ipv6(scratch, 0, addr, 0, port);
        device.setEndpoint(slot, scratch, 0, len);
    }

    // ---------------------------------------------------------------- counters

    /** Frames that ended OK (applied, or nothing to apply). */
    public long framesApplied() {
        return framesApplied;
    }

    /** Frames that ended with a negative result: staged changes discarded. */
    public long framesDiscarded() {
        return framesDiscarded;
    }

    /** New nodes not admitted because the table was full (evictions included). */
    public long refused() {
        return refused;
    }

    /** Unpinned entries evicted to admit a pinned node (also counted in {@link #refused}). */
    public long evicted() {
        return evicted;
    }

    /** Peer nodes the scanner dropped (overflow or malformed value). */
    public long dropped() {
        return dropped;
    }

    /** PeersChangedPatch entries for nodes not in the table. */
    public long patchesUnknown() {
        return patchesUnknown;
    }

    /** Peers the WireGuardDevice refused (low-order or duplicate key): kept with WireGuard slot -1. */
    public long wireGuardRefused() {
        return wireGuardRefused;
    }

    /** Allowed-IP prefixes the WireGuardDevice had no room for. */
    public long allowedIpsRefused() {
        return allowedIpsRefused;
    }
}
