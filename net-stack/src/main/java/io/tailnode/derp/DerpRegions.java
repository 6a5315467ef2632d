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
 * Regions beyond capacity are dropped and counted.
 * <p>
 * The dial node's {@code CertName} (tailscale-protocol.md §3.1) says how to verify it: {@code sha256-raw:<hex>}
 * is kept as a 32-byte pin ({@link #derpPin}: TLS pin mode, SNI = HostName); any other CertName is the name for
 * SNI and chain verification ({@link #derpTlsName}); none: HostName. A CertName that is neither a pin nor fits
 * {@code maxHost} is refused with that node ({@link #CERT_NAME_TOO_LONG}).
 * <p>
 * Footprint (array payload; array headers and this object's few fields aside): two tables (live and staged) of
 * {@code capacity} regions. Per region and table: 4 B of ID; two node slots (DERP, STUN) of {@code maxHost} + 14 B
 * each (host bytes, host length, IPv4, has-IPv4, port, present); for the DERP node {@code maxHost} + 37 B of
 * certificate identity (CertName bytes, its length, 32-byte pin, has-pin) — {@code 3 × maxHost + 69} B, 261 B at
 * maxHost 64. In all {@code 2 × capacity × (3 × maxHost + 69)} + 32 B: 4,208 B at capacity 8 and maxHost 64
 * (the simulator's configuration). Not thread-safe.
 */
public final class DerpRegions {
    public static final int OK = 0;
    public static final int FULL = -1;
    public static final int HOST_TOO_LONG = -2;
    public static final int NOT_STAGING = -3;
    public static final int CERT_NAME_TOO_LONG = -4;
    /** Bytes of a {@code sha256-raw:} pin. */
    public static final int PIN_BYTES = 32;

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
        /** Per region, for its DERP node: CertName used as the TLS name (non-pin), or the pin. */
        final byte[] certNames;
        final int[] certNameLens;
        final byte[] pins;
        final boolean[] hasPin;
        int size;

        Table(int capacity, int maxHost) {
            regionIds = new int[capacity];
            hosts = new byte[2 * capacity * maxHost];
            hostLens = new int[2 * capacity];
            ipv4 = new byte[2 * capacity * 4];
            hasIpv4 = new boolean[2 * capacity];
            ports = new int[2 * capacity];
            present = new boolean[2 * capacity];
            certNames = new byte[capacity * maxHost];
            certNameLens = new int[capacity];
            pins = new byte[capacity * PIN_BYTES];
            hasPin = new boolean[capacity];
        }
    }

    private final int capacity;
    private final int maxHost;
    private final byte[] pinScratch = new byte[PIN_BYTES];
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
        return add(n.regionId(), n.hostName(), 0, n.hostNameLength(), n.certName(), 0, n.certNameLength(),
                n.hasIpv4() ? n.ipv4() : null, 0, n.derpPort(), n.stunPort(), n.stunOnly());
    }

    /**
     * Adds one node of region {@code regionId}: host name bytes, CertName bytes (length 0: none), IPv4 (null if
     * none), DERPPort (0 = 443), STUNPort (0 = 3478, -1 off), STUNOnly. Returns OK, FULL (new region beyond
     * capacity: dropped and counted), HOST_TOO_LONG, CERT_NAME_TOO_LONG (a non-pin CertName over maxHost),
     * NOT_STAGING. A refused node changes nothing.
     */
    public int add(int regionId, byte[] host, int hostOff, int hostLen, byte[] certName, int certOff, int certLen,
            byte[] ipv4, int ipv4Off, int derpPort, int stunPort, boolean stunOnly) {
        if (!staging) {
            return NOT_STAGING;
        }
        if (hostLen > maxHost || hostLen < 0) {
            return HOST_TOO_LONG;
        }
        boolean pin = certLen > 0 && CertPin.parse(certName, certOff, certLen, pinScratch, 0);
        if (!pin && (certLen > maxHost || certLen < 0)) {
            return CERT_NAME_TOO_LONG;
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
            t.hasPin[r] = pin;
            if (pin) {
                System.arraycopy(pinScratch, 0, t.pins, r * PIN_BYTES, PIN_BYTES);
                t.certNameLens[r] = 0;
            } else {
                System.arraycopy(certName, certOff, t.certNames, r * maxHost, certLen);
                t.certNameLens[r] = certLen;
            }
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

    /**
     * The DERP node's {@code sha256-raw:} pin into out[off..+32): true if its CertName is one (dial in pin mode,
     * SNI = HostName); false (out untouched) otherwise.
     */
    public boolean derpPin(int i, byte[] out, int off) {
        if (!live.hasPin[i]) {
            return false;
        }
        System.arraycopy(live.pins, i * PIN_BYTES, out, off, PIN_BYTES);
        return true;
    }

    /** True if the map gave the DERP node a CertName (a pin or a name). */
    public boolean derpHasCertName(int i) {
        return live.hasPin[i] || live.certNameLens[i] > 0;
    }

    /**
     * The name the DERP node's certificate must carry, for SNI and chain verification: its CertName when the map
     * gives one that is not a pin, else its HostName. Into out[off..); returns the length.
     */
    public int derpTlsName(int i, byte[] out, int off) {
        int n = live.certNameLens[i];
        if (n == 0) {
            return derpHost(i, out, off);
        }
        System.arraycopy(live.certNames, i * maxHost, out, off, n);
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
