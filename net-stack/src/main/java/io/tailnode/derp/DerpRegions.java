package io.tailnode.derp;

import io.tailnode.control.json.MapDerpNode;

/**
 * The DERP regions the device can dial, filled from the DERP map (tailscale-protocol.md §3.5) as the MapResponse
 * scanner reports its nodes ({@code MapResponseVisitor.derpNode}). Fixed capacity, allocated once. Per region it
 * keeps two nodes: the first that is not STUNOnly (nodes come in preference order) as the DERP dial target, and
 * the first with STUN enabled as the STUN target (§9 pitfall 14: only map-provided names, STUN-only nodes never
 * dialled for DERP). Ports are resolved: DERPPort 0 → 443, STUNPort 0 → 3478, -1 → no STUN.
 * <p>
 * Updates are staged: {@link #beginUpdate}, {@link #add} per node, then {@link #commitUpdate} (the staged table
 * replaces the live one, "DERPMap replaces all") or {@link #abortUpdate} (a rejected frame changes nothing).
 * Regions beyond capacity are dropped and counted. CertName is not reported by the scanner yet, so
 * {@code sha256-raw:} pins for map nodes are out of reach today (docs/derp.md). Not thread-safe.
 */
public final class DerpRegions {
    public static final int OK = 0;
    public static final int FULL = -1;
    public static final int HOST_TOO_LONG = -2;
    public static final int NOT_STAGING = -3;

    public static final int DEFAULT_DERP_PORT = 443;
    public static final int DEFAULT_STUN_PORT = 3478;

    /** One generation of the table: two node slots per region (2r dial, 2r+1 STUN). */
    private static final class Table {
        final int[] regionIds;
        final byte[] hosts;
        final int[] hostLens;
        final byte[] ipv4;
        final boolean[] hasIpv4;
        final int[] ports;
        final boolean[] present;
        int size;

        Table(int capacity, int maxHost) {
            regionIds = new int[capacity];
            hosts = new byte[2 * capacity * maxHost];
            hostLens = new int[2 * capacity];
            ipv4 = new byte[2 * capacity * 4];
            hasIpv4 = new boolean[2 * capacity];
            ports = new int[2 * capacity];
            present = new boolean[2 * capacity];
        }
    }

    private final int capacity;
    private final int maxHost;
    private Table live;
    private Table staged;
    private boolean staging;
    private boolean sawNode;
    private long regionsDropped;

    public DerpRegions(int capacity, int maxHost) {
        if (capacity < 1 || maxHost < 1) {
            throw new IllegalArgumentException("bad capacity");
        }
        this.capacity = capacity;
        this.maxHost = maxHost;
        live = new Table(capacity, maxHost);
        staged = new Table(capacity, maxHost);
    }

    /**
     * For the device's MapResponseVisitor: call at frameStart, per derpNode and at frameEnd. A frame that
     * reported DERP nodes and ended OK replaces the table; any other frame leaves it ("nil = unchanged").
     */
    public void onFrameStart() {
        beginUpdate();
        sawNode = false;
    }

    public void onDerpNode(MapDerpNode n) {
        sawNode = true;
        add(n);
    }

    /** {@code result}: the scanner's frame result (0 = OK). */
    public void onFrameEnd(int result) {
        if (result == 0 && sawNode) {
            commitUpdate();
        } else {
            abortUpdate();
        }
    }

    /** Starts a new DERP map: the staged table is empty until {@link #commitUpdate}. */
    public void beginUpdate() {
        staged.size = 0;
        staging = true;
    }

    /** Adds a node the scanner reported (call between begin and commit). */
    public int add(MapDerpNode n) {
        return add(n.regionId(), n.hostName(), 0, n.hostNameLength(), n.hasIpv4() ? n.ipv4() : null, 0,
                n.derpPort(), n.stunPort(), n.stunOnly());
    }

    /**
     * Adds one node of region {@code regionId}: host name bytes, IPv4 (null if none), DERPPort (0 = 443),
     * STUNPort (0 = 3478, -1 off), STUNOnly. Returns OK, FULL (new region beyond capacity: dropped and counted),
     * HOST_TOO_LONG, NOT_STAGING.
     */
    public int add(int regionId, byte[] host, int hostOff, int hostLen, byte[] ipv4, int ipv4Off, int derpPort,
            int stunPort, boolean stunOnly) {
        if (!staging) {
            return NOT_STAGING;
        }
        if (hostLen > maxHost || hostLen < 0) {
            return HOST_TOO_LONG;
        }
        Table t = staged;
        int r = find(t, regionId);
        if (r < 0) {
            if (t.size == capacity) {
                regionsDropped++;
                return FULL;
            }
            r = t.size++;
            t.regionIds[r] = regionId;
            t.present[2 * r] = false;
            t.present[2 * r + 1] = false;
        }
        if (!stunOnly && !t.present[2 * r]) {
            put(t, 2 * r, host, hostOff, hostLen, ipv4, ipv4Off, derpPort == 0 ? DEFAULT_DERP_PORT : derpPort);
        }
        if (stunPort >= 0 && !t.present[2 * r + 1]) {
            put(t, 2 * r + 1, host, hostOff, hostLen, ipv4, ipv4Off, stunPort == 0 ? DEFAULT_STUN_PORT : stunPort);
        }
        return OK;
    }

    private void put(Table t, int slot, byte[] host, int hostOff, int hostLen, byte[] ipv4, int ipv4Off, int port) {
        System.arraycopy(host, hostOff, t.hosts, slot * maxHost, hostLen);
        t.hostLens[slot] = hostLen;
        t.hasIpv4[slot] = ipv4 != null;
        if (ipv4 != null) {
            System.arraycopy(ipv4, ipv4Off, t.ipv4, slot * 4, 4);
        }
        t.ports[slot] = port;
        t.present[slot] = true;
    }

    /** The staged map replaces the live one. */
    public void commitUpdate() {
        if (!staging) {
            return;
        }
        Table old = live;
        live = staged;
        staged = old;
        staging = false;
    }

    /** Drops the staged map; the live one stays. */
    public void abortUpdate() {
        staging = false;
    }

    private static int find(Table t, int regionId) {
        for (int i = 0; i < t.size; i++) {
            if (t.regionIds[i] == regionId) {
                return i;
            }
        }
        return -1;
    }

    public int size() {
        return live.size;
    }

    public int regionIdAt(int i) {
        return live.regionIds[i];
    }

    /** Index of a region in the live table, or -1. */
    public int indexOf(int regionId) {
        return find(live, regionId);
    }

    /**
     * The home region: {@code preferred} if it has a DERP node, else the lowest region ID that has one, else 0
     * (no netcheck latency probing on the device, §8 P3).
     */
    public int homeRegion(int preferred) {
        int best = 0;
        for (int i = 0; i < live.size; i++) {
            if (!live.present[2 * i]) {
                continue;
            }
            int id = live.regionIds[i];
            if (id == preferred) {
                return id;
            }
            if (best == 0 || id < best) {
                best = id;
            }
        }
        return best;
    }

    public boolean hasDerpNode(int i) {
        return live.present[2 * i];
    }

    public boolean hasStun(int i) {
        return live.present[2 * i + 1];
    }

    /** DERP dial target host name into out[off..); returns its length. */
    public int derpHost(int i, byte[] out, int off) {
        return host(2 * i, out, off);
    }

    public int stunHost(int i, byte[] out, int off) {
        return host(2 * i + 1, out, off);
    }

    private int host(int slot, byte[] out, int off) {
        int n = live.hostLens[slot];
        System.arraycopy(live.hosts, slot * maxHost, out, off, n);
        return n;
    }

    /** DERP node IPv4 into out[off..+4); false if the map gave none (dial by host name then). */
    public boolean derpIpv4(int i, byte[] out, int off) {
        return ipv4(2 * i, out, off);
    }

    public boolean stunIpv4(int i, byte[] out, int off) {
        return ipv4(2 * i + 1, out, off);
    }

    private boolean ipv4(int slot, byte[] out, int off) {
        if (!live.hasIpv4[slot]) {
            return false;
        }
        System.arraycopy(live.ipv4, slot * 4, out, off, 4);
        return true;
    }

    public int derpPort(int i) {
        return live.ports[2 * i];
    }

    public int stunPort(int i) {
        return live.ports[2 * i + 1];
    }

    public long regionsDropped() {
        return regionsDropped;
    }
}
