package io.tailnode.control.json;

import io.tailnode.lang.HotPath;

/**
 * Walks MapResponse frames (shared tailscale-protocol.md §2.6) as they stream in and reports what the device
 * consumes through a {@link MapResponseVisitor}: KeepAlive, ControlTime, Node, Peers, PeersChanged,
 * PeersChangedPatch (ID/NodeID, StableID, Key, DiscoKey, Addresses, AllowedIPs, Endpoints, HomeDERP/DERPRegion,
 * legacy DERP), PeersRemoved, and DERPMap nodes (RegionID, HostName, CertName, IPv4, DERPPort, STUNPort,
 * STUNOnly); with a {@link PacketFilterVisitor} also PacketFilter and PacketFilters (rules streamed entry by
 * entry: SrcIPs, IPProto, DstPorts, CapGrant presence).
 * Everything else (Hostinfo, UserProfiles, SSHPolicy, DNSConfig...) is skipped with
 * {@link JsonPullParser#skipValue} in constant memory.
 * <p>
 * Plug it into a {@link MapFrameReader} as its listener. The parser's call stack cannot wait for input, so the
 * position inside the MapResponse is an explicit state (which container, which field) rather than nested loops:
 * every token is handled as it arrives, whatever the chunk boundaries. Per node the consumed values have fixed
 * maxima (constructor); an overflow or malformed value drops that node (counted by reason, reported through
 * {@link MapResponseVisitor#nodeDropped}) and the frame goes on. Malformed JSON, or a consumed field of the wrong
 * JSON type, ends the frame with a negative result ({@link MapReason#JSON_ERROR}, {@link MapReason#SCHEMA}) so
 * the consumer discards what it staged. Not thread-safe; one instance per map stream.
 */
public final class MapResponseScanner implements MapFrameListener {
    /** Deepest nesting accepted in a frame (issue 6: depth over 64 rejects the frame). */
    public static final int MAX_DEPTH = 64;

    // Where in the MapResponse the next token belongs.
    private static final int S_TOP_START = 0;
    private static final int S_TOP = 1;
    private static final int S_VALUE = 2;
    private static final int S_NODE_LIST = 3;
    private static final int S_NODE = 4;
    private static final int S_NODE_STRINGS = 5;
    private static final int S_REMOVED = 6;
    private static final int S_DERPMAP = 7;
    private static final int S_REGIONS = 8;
    private static final int S_REGION = 9;
    private static final int S_DERP_NODES = 10;
    private static final int S_DERP_NODE = 11;
    private static final int S_TOP_END = 12;
    private static final int S_DONE = 13;
    private static final int S_PF_RULES = 14;
    private static final int S_PF_RULE = 15;
    private static final int S_PF_SRCS = 16;
    private static final int S_PF_PROTOS = 17;
    private static final int S_PF_DSTS = 18;
    private static final int S_PF_DST = 19;
    private static final int S_PF_PORTS = 20;
    private static final int S_PF_SETS = 21;

    // Which field's value is expected in S_VALUE / S_NODE_STRINGS (unique across containers).
    private static final int F_KEEPALIVE = 1;
    private static final int F_CONTROLTIME = 2;
    private static final int F_NODE = 3;
    private static final int F_PEERS = 4;
    private static final int F_PEERS_CHANGED = 5;
    private static final int F_PEERS_PATCH = 6;
    private static final int F_PEERS_REMOVED = 7;
    private static final int F_DERPMAP = 8;
    private static final int F_ID = 10;
    private static final int F_KEY = 11;
    private static final int F_DISCO = 12;
    private static final int F_ADDRESSES = 13;
    private static final int F_ALLOWED = 14;
    private static final int F_ENDPOINTS = 15;
    private static final int F_HOMEDERP = 16;
    private static final int F_LEGACY_DERP = 17;
    private static final int F_STABLEID = 18;
    private static final int F_KEYEXPIRY = 19;
    private static final int F_REGIONS = 20;
    private static final int F_REGION = 21;
    private static final int F_REGION_ID = 22;
    private static final int F_REGION_NODES = 23;
    private static final int F_DN_HOST = 30;
    private static final int F_DN_REGION = 31;
    private static final int F_DN_DERPPORT = 32;
    private static final int F_DN_STUNPORT = 33;
    private static final int F_DN_STUNONLY = 34;
    private static final int F_DN_IPV4 = 35;
    private static final int F_DN_CERTNAME = 36;
    private static final int F_PF = 40;
    private static final int F_PFS = 41;
    private static final int F_PF_SET = 42;
    private static final int F_PF_SRCIPS = 43;
    private static final int F_PF_IPPROTO = 44;
    private static final int F_PF_DSTPORTS = 45;
    private static final int F_PF_CAPGRANT = 46;
    private static final int F_PF_IP = 47;
    private static final int F_PF_PORTS = 48;
    private static final int F_PF_FIRST = 49;
    private static final int F_PF_LAST = 50;

    private static final byte[] N_KEEPALIVE = ascii("KeepAlive");
    private static final byte[] N_CONTROLTIME = ascii("ControlTime");
    private static final byte[] N_NODE = ascii("Node");
    private static final byte[] N_PEERS = ascii("Peers");
    private static final byte[] N_PEERS_CHANGED = ascii("PeersChanged");
    private static final byte[] N_PEERS_PATCH = ascii("PeersChangedPatch");
    private static final byte[] N_PEERS_REMOVED = ascii("PeersRemoved");
    private static final byte[] N_DERPMAP = ascii("DERPMap");
    private static final byte[] N_ID = ascii("ID");
    private static final byte[] N_NODEID = ascii("NodeID");
    private static final byte[] N_KEY = ascii("Key");
    private static final byte[] N_STABLEID = ascii("StableID");
    private static final byte[] N_KEYEXPIRY = ascii("KeyExpiry");
    private static final byte[] N_DISCOKEY = ascii("DiscoKey");
    private static final byte[] N_ADDRESSES = ascii("Addresses");
    private static final byte[] N_ALLOWEDIPS = ascii("AllowedIPs");
    private static final byte[] N_ENDPOINTS = ascii("Endpoints");
    private static final byte[] N_HOMEDERP = ascii("HomeDERP");
    private static final byte[] N_DERPREGION = ascii("DERPRegion");
    private static final byte[] N_DERP = ascii("DERP");
    private static final byte[] N_REGIONS = ascii("Regions");
    private static final byte[] N_REGIONID = ascii("RegionID");
    private static final byte[] N_NODES = ascii("Nodes");
    private static final byte[] N_HOSTNAME = ascii("HostName");
    private static final byte[] N_DERPPORT = ascii("DERPPort");
    private static final byte[] N_STUNPORT = ascii("STUNPort");
    private static final byte[] N_STUNONLY = ascii("STUNOnly");
    private static final byte[] N_IPV4 = ascii("IPv4");
    private static final byte[] N_CERTNAME = ascii("CertName");
    private static final byte[] N_PACKETFILTER = ascii("PacketFilter");
    private static final byte[] N_PACKETFILTERS = ascii("PacketFilters");
    private static final byte[] N_SRCIPS = ascii("SrcIPs");
    private static final byte[] N_DSTPORTS = ascii("DstPorts");
    private static final byte[] N_IPPROTO = ascii("IPProto");
    private static final byte[] N_CAPGRANT = ascii("CapGrant");
    private static final byte[] N_IP = ascii("IP");
    private static final byte[] N_PORTS = ascii("Ports");
    private static final byte[] N_FIRST = ascii("First");
    private static final byte[] N_LAST = ascii("Last");
    /** Longest PacketFilters key reported; a longer one is skipped with its rules (counted). */
    public static final int MAX_FILTER_SET_NAME = 64;
    /** Legacy Node.DERP is "127.3.3.40:&lt;region&gt;" (a magic IP, the port field carries the region). */
    private static final byte[] LEGACY_DERP_PREFIX = ascii("127.3.3.40:");

    private final JsonPullParser parser;
    private final MapResponseVisitor visitor;
    private final MapNode node;
    private final MapDerpNode derpNode;
    private final int[] counters = new int[MapReason.COUNT + 1];
    private final PacketFilterVisitor filters;
    private final IpRange source = new IpRange();
    private final IpRange destination = new IpRange();
    private final byte[] setName = new byte[MAX_FILTER_SET_NAME];
    private int setNameLength;
    /** The rule list being read belongs to PacketFilters (back to S_PF_SETS) rather than PacketFilter. */
    private boolean rulesInSets;
    private boolean dstHasIp;
    private boolean dstIpOk;
    private int dstFirst;
    private int dstLast;

    private int state;
    private int field;
    private int listKind;
    private boolean nodeInList;
    private int nodeDrop;
    private int regionKey;
    private int regionId;
    private boolean derpHostTooLong;
    private boolean derpCertNameTooLong;
    private int result;
    private boolean frameOpen;
    private long nodesReported;
    private long nodesDropped;
    private long frames;

    /**
     * @param valueCapacity longest consumed JSON string/name (parser buffer; device: up to 4096)
     * @param maxAddresses  Addresses kept per node; more drops the node
     * @param maxAllowedIps AllowedIPs kept per node; more drops the node
     * @param maxEndpoints  Endpoints kept per node; more drops the node
     * @param maxHostName   DERP HostName bytes kept; longer skips that DERP node (CertName: this or a pin's 75, the
     *                      larger; longer skips the node too)
     */
    public MapResponseScanner(int valueCapacity, int maxAddresses, int maxAllowedIps, int maxEndpoints,
            int maxHostName, MapResponseVisitor visitor) {
        this(valueCapacity, maxAddresses, maxAllowedIps, maxEndpoints, maxHostName, visitor, null);
    }

    /**
     * As above, and PacketFilter / PacketFilters go to {@code filters} (null: skipped like any other field).
     * Frame start and end reach a filter consumer through {@code visitor} (see {@link MapVisitorFanOut}).
     */
    public MapResponseScanner(int valueCapacity, int maxAddresses, int maxAllowedIps, int maxEndpoints,
            int maxHostName, MapResponseVisitor visitor, PacketFilterVisitor filters) {
        this.filters = filters;
        if (visitor == null) {
            throw new IllegalArgumentException("visitor");
        }
        this.parser = new JsonPullParser(valueCapacity, MAX_DEPTH);
        this.visitor = visitor;
        this.node = new MapNode(maxAddresses, maxAllowedIps, maxEndpoints);
        this.derpNode = new MapDerpNode(maxHostName);
    }

    private static byte[] ascii(String s) {
        byte[] b = new byte[s.length()];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) s.charAt(i);
        }
        return b;
    }

    // ---------------------------------------------------------------- MapFrameListener

    @HotPath
    public void frameStart(int length) {
        parser.reset();
        state = S_TOP_START;
        result = MapReason.OK;
        frameOpen = true;
        visitor.frameStart();
    }

    @HotPath
    public int frameData(byte[] buf, int off, int len) {
        if (result != MapReason.OK) {
            return result;
        }
        if (parser.feed(buf, off, len) != JsonReason.OK) {
            return endFrame(MapReason.JSON_ERROR);
        }
        return pump();
    }

    @HotPath
    public int frameEnd() {
        if (result != MapReason.OK) {
            return result;
        }
        parser.finish();
        int r = pump();
        if (r != MapReason.OK) {
            return r;
        }
        if (state != S_DONE) {
            return endFrame(MapReason.JSON_ERROR);
        }
        frames++;
        return endFrame(MapReason.OK);
    }

    /** Ends the frame once, telling the visitor whether to apply or discard it. */
    private int endFrame(int r) {
        result = r;
        if (r < 0 && -r <= MapReason.COUNT) {
            counters[-r]++;
        }
        if (frameOpen) {
            frameOpen = false;
            visitor.frameEnd(r);
        }
        return r;
    }

    // ---------------------------------------------------------------- token handling

    @HotPath
    private int pump() {
        for (;;) {
            int t = parser.next();
            if (t == JsonToken.NEED_MORE_INPUT) {
                return MapReason.OK;
            }
            if (t == JsonToken.ERROR) {
                return endFrame(MapReason.JSON_ERROR);
            }
            if (t == JsonToken.END) {
                state = S_DONE;
                return MapReason.OK;
            }
            if (t == JsonToken.SKIPPED) {
                continue;
            }
            int r = token(t);
            if (r < 0) {
                return endFrame(r);
            }
        }
    }

    /** Skips the value of the NAME just read; finishing a skip that needs more input happens in pump(). */
    private int skip() {
        return parser.skipValue() == JsonToken.ERROR ? MapReason.JSON_ERROR : MapReason.OK;
    }

    @HotPath
    private int token(int t) {
        JsonPullParser p = parser;
        switch (state) {
            case S_TOP_START:
                if (t != JsonToken.START_OBJECT) {
                    return MapReason.SCHEMA;
                }
                state = S_TOP;
                return MapReason.OK;
            case S_TOP:
                if (t == JsonToken.END_OBJECT) {
                    state = S_TOP_END;
                    return MapReason.OK;
                }
                if (p.valueEquals(N_PEERS_CHANGED)) {
                    return expect(F_PEERS_CHANGED);
                } else if (p.valueEquals(N_PEERS)) {
                    return expect(F_PEERS);
                } else if (p.valueEquals(N_PEERS_REMOVED)) {
                    return expect(F_PEERS_REMOVED);
                } else if (p.valueEquals(N_PEERS_PATCH)) {
                    return expect(F_PEERS_PATCH);
                } else if (p.valueEquals(N_NODE)) {
                    return expect(F_NODE);
                } else if (p.valueEquals(N_DERPMAP)) {
                    return expect(F_DERPMAP);
                } else if (p.valueEquals(N_KEEPALIVE)) {
                    return expect(F_KEEPALIVE);
                } else if (p.valueEquals(N_CONTROLTIME)) {
                    return expect(F_CONTROLTIME);
                } else if (filters != null && p.valueEquals(N_PACKETFILTER)) {
                    return expect(F_PF);
                } else if (filters != null && p.valueEquals(N_PACKETFILTERS)) {
                    return expect(F_PFS);
                }
                return skip();
            case S_VALUE:
                return value(t);
            case S_NODE_LIST:
                if (t == JsonToken.END_ARRAY) {
                    visitor.nodeListEnd(listKind);
                    state = S_TOP;
                    return MapReason.OK;
                }
                if (t == JsonToken.NULL) {
                    return MapReason.OK;
                }
                if (t != JsonToken.START_OBJECT) {
                    return MapReason.SCHEMA;
                }
                beginNode(listKind, true);
                return MapReason.OK;
            case S_NODE:
                if (t == JsonToken.END_OBJECT) {
                    endNode();
                    return MapReason.OK;
                }
                return nodeName();
            case S_NODE_STRINGS:
                return nodeString(t);
            case S_REMOVED:
                if (t == JsonToken.END_ARRAY) {
                    state = S_TOP;
                    return MapReason.OK;
                }
                if (t != JsonToken.NUMBER || !p.numberIsInteger() || !p.numberFitsLong()) {
                    return MapReason.SCHEMA;
                }
                visitor.peerRemoved(p.longValue());
                return MapReason.OK;
            case S_DERPMAP:
                if (t == JsonToken.END_OBJECT) {
                    state = S_TOP;
                    return MapReason.OK;
                }
                return p.valueEquals(N_REGIONS) ? expect(F_REGIONS) : skip();
            case S_REGIONS:
                if (t == JsonToken.END_OBJECT) {
                    state = S_DERPMAP;
                    return MapReason.OK;
                }
                // Region keys are the region IDs in decimal.
                regionKey = IpText.parseDecimal(p.valueBuffer(), 0, p.valueLength(), Integer.MAX_VALUE);
                return expect(F_REGION);
            case S_REGION:
                if (t == JsonToken.END_OBJECT) {
                    state = S_REGIONS;
                    return MapReason.OK;
                }
                if (p.valueEquals(N_REGIONID)) {
                    return expect(F_REGION_ID);
                }
                return p.valueEquals(N_NODES) ? expect(F_REGION_NODES) : skip();
            case S_DERP_NODES:
                if (t == JsonToken.END_ARRAY) {
                    state = S_REGION;
                    return MapReason.OK;
                }
                if (t == JsonToken.NULL) {
                    return MapReason.OK;
                }
                if (t != JsonToken.START_OBJECT) {
                    return MapReason.SCHEMA;
                }
                derpNode.clear(regionId);
                derpHostTooLong = false;
                derpCertNameTooLong = false;
                state = S_DERP_NODE;
                return MapReason.OK;
            case S_DERP_NODE:
                if (t == JsonToken.END_OBJECT) {
                    if (derpHostTooLong) {
                        counters[-MapReason.DERP_HOST_TOO_LONG]++;
                    } else if (derpCertNameTooLong) {
                        counters[-MapReason.DERP_CERT_NAME_TOO_LONG]++;
                    } else {
                        visitor.derpNode(derpNode);
                    }
                    state = S_DERP_NODES;
                    return MapReason.OK;
                }
                return derpNodeName();
            case S_TOP_END:
            case S_DONE:
                // The parser reports anything after the top-level object itself.
                return MapReason.SCHEMA;
            default:
                return filterToken(t);
        }
    }

    /** After an interesting NAME: the next token is its value. */
    private int expect(int f) {
        field = f;
        state = S_VALUE;
        return MapReason.OK;
    }

    @HotPath
    private int value(int t) {
        JsonPullParser p = parser;
        boolean isNull = t == JsonToken.NULL;
        switch (field) {
            case F_KEEPALIVE:
                if (t == JsonToken.TRUE) {
                    visitor.keepAlive();
                } else if (t != JsonToken.FALSE && !isNull) {
                    return MapReason.SCHEMA;
                }
                state = S_TOP;
                return MapReason.OK;
            case F_CONTROLTIME:
                if (t == JsonToken.STRING) {
                    long ms = Rfc3339.toUnixMillis(p.valueBuffer(), 0, p.valueLength());
                    if (ms == Rfc3339.INVALID) {
                        counters[-MapReason.BAD_TIME]++;
                    } else {
                        visitor.controlTime(ms);
                    }
                } else if (!isNull) {
                    return MapReason.SCHEMA;
                }
                state = S_TOP;
                return MapReason.OK;
            case F_NODE:
                if (t == JsonToken.START_OBJECT) {
                    beginNode(MapNode.KIND_SELF, false);
                    return MapReason.OK;
                }
                return nullOr(isNull, S_TOP);
            case F_PEERS:
            case F_PEERS_CHANGED:
            case F_PEERS_PATCH:
                if (t == JsonToken.START_ARRAY) {
                    listKind = field == F_PEERS ? MapNode.KIND_PEER
                            : field == F_PEERS_CHANGED ? MapNode.KIND_CHANGED : MapNode.KIND_PATCH;
                    visitor.nodeListStart(listKind);
                    state = S_NODE_LIST;
                    return MapReason.OK;
                }
                return nullOr(isNull, S_TOP);
            case F_PEERS_REMOVED:
                if (t == JsonToken.START_ARRAY) {
                    state = S_REMOVED;
                    return MapReason.OK;
                }
                return nullOr(isNull, S_TOP);
            case F_DERPMAP:
                if (t == JsonToken.START_OBJECT) {
                    state = S_DERPMAP;
                    return MapReason.OK;
                }
                return nullOr(isNull, S_TOP);
            case F_REGIONS:
                if (t == JsonToken.START_OBJECT) {
                    state = S_REGIONS;
                    return MapReason.OK;
                }
                return nullOr(isNull, S_DERPMAP);
            case F_REGION:
                if (t == JsonToken.START_OBJECT) {
                    regionId = regionKey;
                    state = S_REGION;
                    return MapReason.OK;
                }
                return nullOr(isNull, S_REGIONS);
            case F_REGION_ID:
                if (t == JsonToken.NUMBER) {
                    regionId = smallInt();
                    state = S_REGION;
                    return MapReason.OK;
                }
                return nullOr(isNull, S_REGION);
            case F_REGION_NODES:
                if (t == JsonToken.START_ARRAY) {
                    state = S_DERP_NODES;
                    return MapReason.OK;
                }
                return nullOr(isNull, S_REGION);
            default:
                if (field >= F_PF) {
                    return filterValue(t);
                }
                if (field >= F_DN_HOST) {
                    return derpNodeValue(t);
                }
                return nodeValue(t);
        }
    }

    /** null leaves the field unchanged ("nil = unchanged", §2.6); any other type is a schema error. */
    private int nullOr(boolean isNull, int back) {
        if (!isNull) {
            return MapReason.SCHEMA;
        }
        state = back;
        return MapReason.OK;
    }

    /** Current NUMBER as a non-negative int, or -1 (fraction, overflow, negative). */
    private int smallInt() {
        JsonPullParser p = parser;
        if (!p.numberIsInteger() || !p.numberFitsLong() || p.longValue() < 0 || p.longValue() > Integer.MAX_VALUE) {
            return -1;
        }
        return (int) p.longValue();
    }

    // ---------------------------------------------------------------- nodes

    private void beginNode(int kind, boolean inList) {
        node.clear(kind);
        nodeInList = inList;
        nodeDrop = MapReason.OK;
        state = S_NODE;
    }

    private void drop(int why) {
        if (nodeDrop == MapReason.OK) {
            nodeDrop = why;
        }
    }

    @HotPath
    private void endNode() {
        if (nodeDrop == MapReason.OK && !node.hasId) {
            nodeDrop = MapReason.BAD_ID;
        }
        if (nodeDrop != MapReason.OK) {
            counters[-nodeDrop]++;
            nodesDropped++;
            visitor.nodeDropped(node.kind, node.id, nodeDrop);
        } else {
            nodesReported++;
            visitor.node(node);
        }
        state = nodeInList ? S_NODE_LIST : S_TOP;
    }

    @HotPath
    private int nodeName() {
        JsonPullParser p = parser;
        boolean patch = node.kind == MapNode.KIND_PATCH;
        if (p.valueEquals(patch ? N_NODEID : N_ID)) {
            return expect(F_ID);
        } else if (p.valueEquals(N_KEY)) {
            return expect(F_KEY);
        } else if (p.valueEquals(N_DISCOKEY)) {
            return expect(F_DISCO);
        } else if (p.valueEquals(N_ENDPOINTS)) {
            return expect(F_ENDPOINTS);
        } else if (!patch && p.valueEquals(N_ADDRESSES)) {
            return expect(F_ADDRESSES);
        } else if (!patch && p.valueEquals(N_ALLOWEDIPS)) {
            return expect(F_ALLOWED);
        } else if (p.valueEquals(patch ? N_DERPREGION : N_HOMEDERP)) {
            return expect(F_HOMEDERP);
        } else if (!patch && p.valueEquals(N_DERP)) {
            return expect(F_LEGACY_DERP);
        } else if (!patch && p.valueEquals(N_STABLEID)) {
            return expect(F_STABLEID);
        } else if (p.valueEquals(N_KEYEXPIRY)) {
            return expect(F_KEYEXPIRY);
        }
        return skip();
    }

    @HotPath
    private int nodeValue(int t) {
        JsonPullParser p = parser;
        boolean isNull = t == JsonToken.NULL;
        switch (field) {
            case F_ID:
                if (t != JsonToken.NUMBER) {
                    return nullOr(isNull, S_NODE);
                }
                if (p.numberIsInteger() && p.numberFitsLong()) {
                    node.id = p.longValue();
                    node.hasId = true;
                } else {
                    drop(MapReason.BAD_ID);
                }
                break;
            case F_KEY:
            case F_DISCO:
                if (t != JsonToken.STRING) {
                    return nullOr(isNull, S_NODE);
                }
                boolean disco = field == F_DISCO;
                if (KeyText.parse(p.valueBuffer(), 0, p.valueLength(), disco ? KeyText.DISCOKEY : KeyText.NODEKEY,
                        disco ? node.discoKey : node.key, 0)) {
                    if (disco) {
                        node.hasDiscoKey = true;
                    } else {
                        node.hasKey = true;
                    }
                } else {
                    drop(MapReason.BAD_KEY);
                }
                break;
            case F_ADDRESSES:
            case F_ALLOWED:
            case F_ENDPOINTS:
                if (t != JsonToken.START_ARRAY) {
                    return nullOr(isNull, S_NODE);
                }
                if (field == F_ADDRESSES) {
                    node.hasAddresses = true;
                } else if (field == F_ALLOWED) {
                    node.hasAllowedIps = true;
                } else {
                    node.hasEndpoints = true;
                }
                state = S_NODE_STRINGS;
                return MapReason.OK;
            case F_HOMEDERP:
                if (t != JsonToken.NUMBER) {
                    return nullOr(isNull, S_NODE);
                }
                node.homeDerp = smallInt() < 0 ? 0 : smallInt();
                break;
            case F_STABLEID:
                if (t != JsonToken.STRING) {
                    return nullOr(isNull, S_NODE);
                }
                int n = p.valueLength();
                if (n <= MapNode.MAX_STABLE_ID) {
                    System.arraycopy(p.valueBuffer(), 0, node.stableId, 0, n);
                    node.stableIdLength = n;
                }
                break;
            case F_KEYEXPIRY:
                if (t != JsonToken.STRING) {
                    return nullOr(isNull, S_NODE);
                }
                long ms = Rfc3339.toUnixMillis(p.valueBuffer(), 0, p.valueLength());
                if (ms == Rfc3339.INVALID) {
                    counters[-MapReason.BAD_TIME]++;
                } else {
                    // Go's zero time (0001-01-01) means "never expires"; nothing real predates 1970.
                    node.keyExpiry = ms > 0 ? ms : 0;
                }
                break;
            default: // F_LEGACY_DERP
                if (t != JsonToken.STRING) {
                    return nullOr(isNull, S_NODE);
                }
                node.legacyDerp = legacyDerpRegion(p.valueBuffer(), p.valueLength());
                break;
        }
        state = S_NODE;
        return MapReason.OK;
    }

    /** "127.3.3.40:N" to N; anything else 0 (no region), as the field is only a fallback. */
    private static int legacyDerpRegion(byte[] s, int len) {
        int n = LEGACY_DERP_PREFIX.length;
        if (len <= n) {
            return 0;
        }
        for (int i = 0; i < n; i++) {
            if (s[i] != LEGACY_DERP_PREFIX[i]) {
                return 0;
            }
        }
        int r = IpText.parseDecimal(s, n, len - n, Integer.MAX_VALUE);
        return r < 0 ? 0 : r;
    }

    @HotPath
    private int nodeString(int t) {
        if (t == JsonToken.END_ARRAY) {
            state = S_NODE;
            return MapReason.OK;
        }
        if (t != JsonToken.STRING) {
            return MapReason.SCHEMA;
        }
        if (nodeDrop != MapReason.OK) {
            return MapReason.OK; // already dropped: read on, keep nothing
        }
        JsonPullParser p = parser;
        int r;
        if (field == F_ENDPOINTS) {
            r = node.endpoints.addEndpoint(p.valueBuffer(), 0, p.valueLength());
            if (r != IpList.ADDED) {
                drop(r == IpList.FULL ? MapReason.TOO_MANY_ENDPOINTS : MapReason.BAD_ENDPOINT);
            }
        } else {
            boolean addresses = field == F_ADDRESSES;
            r = (addresses ? node.addresses : node.allowedIps).addPrefix(p.valueBuffer(), 0, p.valueLength());
            if (r != IpList.ADDED) {
                drop(r == IpList.MALFORMED ? MapReason.BAD_PREFIX
                        : addresses ? MapReason.TOO_MANY_ADDRESSES : MapReason.TOO_MANY_ALLOWED_IPS);
            }
        }
        return MapReason.OK;
    }

    // ---------------------------------------------------------------- DERP nodes

    @HotPath
    private int derpNodeName() {
        JsonPullParser p = parser;
        if (p.valueEquals(N_HOSTNAME)) {
            return expect(F_DN_HOST);
        } else if (p.valueEquals(N_REGIONID)) {
            return expect(F_DN_REGION);
        } else if (p.valueEquals(N_DERPPORT)) {
            return expect(F_DN_DERPPORT);
        } else if (p.valueEquals(N_STUNPORT)) {
            return expect(F_DN_STUNPORT);
        } else if (p.valueEquals(N_STUNONLY)) {
            return expect(F_DN_STUNONLY);
        } else if (p.valueEquals(N_IPV4)) {
            return expect(F_DN_IPV4);
        } else if (p.valueEquals(N_CERTNAME)) {
            return expect(F_DN_CERTNAME);
        }
        return skip();
    }

    @HotPath
    private int derpNodeValue(int t) {
        JsonPullParser p = parser;
        MapDerpNode d = derpNode;
        state = S_DERP_NODE;
        if (t == JsonToken.NULL) {
            return MapReason.OK;
        }
        switch (field) {
            case F_DN_HOST:
            case F_DN_IPV4:
            case F_DN_CERTNAME:
                if (t != JsonToken.STRING) {
                    return MapReason.SCHEMA;
                }
                if (field == F_DN_IPV4) {
                    d.hasIpv4 = IpText.parseV4(p.valueBuffer(), 0, p.valueLength(), d.ipv4, 0);
                } else if (field == F_DN_CERTNAME) {
                    int n = p.copyValue(d.certName, 0, d.certName.length);
                    if (n < 0) {
                        derpCertNameTooLong = true;
                    } else {
                        d.certNameLength = n;
                    }
                } else {
                    int n = p.copyValue(d.hostName, 0, d.hostName.length);
                    if (n < 0) {
                        derpHostTooLong = true;
                    } else {
                        d.hostNameLength = n;
                    }
                }
                return MapReason.OK;
            case F_DN_STUNONLY:
                if (t != JsonToken.TRUE && t != JsonToken.FALSE) {
                    return MapReason.SCHEMA;
                }
                d.stunOnly = t == JsonToken.TRUE;
                return MapReason.OK;
            default:
                if (t != JsonToken.NUMBER) {
                    return MapReason.SCHEMA;
                }
                boolean integer = p.numberIsInteger() && p.numberFitsLong();
                long v = p.longValue();
                if (field == F_DN_REGION) {
                    d.regionId = smallInt();
                } else if (field == F_DN_DERPPORT) {
                    d.derpPort = integer && v >= 0 && v <= 65535 ? (int) v : 0;
                } else {
                    d.stunPort = integer && v >= -1 && v <= 65535 ? (int) v : 0;
                }
                return MapReason.OK;
        }
    }

    // ---------------------------------------------------------------- packet filter

    @HotPath
    private int filterToken(int t) {
        JsonPullParser p = parser;
        PacketFilterVisitor v = filters;
        switch (state) {
            case S_PF_SETS:
                if (t == JsonToken.END_OBJECT) {
                    state = S_TOP;
                    return MapReason.OK;
                }
                int n = p.copyValue(setName, 0, setName.length);
                if (n < 0) {
                    counters[-MapReason.FILTER_NAME_TOO_LONG]++;
                    return skip();
                }
                setNameLength = n;
                return expect(F_PF_SET);
            case S_PF_RULES:
                if (t == JsonToken.END_ARRAY) {
                    v.filterSetEnd();
                    state = rulesInSets ? S_PF_SETS : S_TOP;
                    return MapReason.OK;
                }
                if (t == JsonToken.NULL) {
                    return MapReason.OK; // a null rule is Go's zero FilterRule: it allows nothing
                }
                if (t != JsonToken.START_OBJECT) {
                    return MapReason.SCHEMA;
                }
                v.filterRuleStart();
                state = S_PF_RULE;
                return MapReason.OK;
            case S_PF_RULE:
                if (t == JsonToken.END_OBJECT) {
                    v.filterRuleEnd();
                    state = S_PF_RULES;
                    return MapReason.OK;
                }
                if (p.valueEquals(N_SRCIPS)) {
                    return expect(F_PF_SRCIPS);
                } else if (p.valueEquals(N_DSTPORTS)) {
                    return expect(F_PF_DSTPORTS);
                } else if (p.valueEquals(N_IPPROTO)) {
                    return expect(F_PF_IPPROTO);
                } else if (p.valueEquals(N_CAPGRANT)) {
                    return expect(F_PF_CAPGRANT);
                }
                return skip();
            case S_PF_SRCS:
                if (t == JsonToken.END_ARRAY) {
                    state = S_PF_RULE;
                    return MapReason.OK;
                }
                if (t != JsonToken.STRING) {
                    return MapReason.SCHEMA;
                }
                if (source.parse(p.valueBuffer(), 0, p.valueLength())) {
                    v.filterSource(source);
                } else {
                    counters[-MapReason.BAD_FILTER_ADDRESS]++;
                }
                return MapReason.OK;
            case S_PF_PROTOS:
                if (t == JsonToken.END_ARRAY) {
                    state = S_PF_RULE;
                    return MapReason.OK;
                }
                if (t != JsonToken.NUMBER || !p.numberIsInteger()) {
                    return MapReason.SCHEMA;
                }
                long pv = p.longValue();
                v.filterProtocol(p.numberFitsLong() && pv >= Integer.MIN_VALUE && pv <= Integer.MAX_VALUE ? (int) pv : -1);
                return MapReason.OK;
            case S_PF_DSTS:
                if (t == JsonToken.END_ARRAY) {
                    state = S_PF_RULE;
                    return MapReason.OK;
                }
                if (t == JsonToken.NULL) {
                    return MapReason.OK;
                }
                if (t != JsonToken.START_OBJECT) {
                    return MapReason.SCHEMA;
                }
                dstHasIp = false;
                dstIpOk = false;
                dstFirst = 0;
                dstLast = 0;
                state = S_PF_DST;
                return MapReason.OK;
            case S_PF_DST:
                if (t == JsonToken.END_OBJECT) {
                    if (dstIpOk) {
                        v.filterDestination(destination, dstFirst, dstLast);
                    } else {
                        counters[-MapReason.BAD_FILTER_ADDRESS]++; // missing or malformed IP: Go skips the entry
                    }
                    state = S_PF_DSTS;
                    return MapReason.OK;
                }
                if (p.valueEquals(N_IP)) {
                    return expect(F_PF_IP);
                }
                return p.valueEquals(N_PORTS) ? expect(F_PF_PORTS) : skip();
            default: // S_PF_PORTS
                if (t == JsonToken.END_OBJECT) {
                    state = S_PF_DST;
                    return MapReason.OK;
                }
                if (p.valueEquals(N_FIRST)) {
                    return expect(F_PF_FIRST);
                }
                return p.valueEquals(N_LAST) ? expect(F_PF_LAST) : skip();
        }
    }

    @HotPath
    private int filterValue(int t) {
        JsonPullParser p = parser;
        PacketFilterVisitor v = filters;
        boolean isNull = t == JsonToken.NULL;
        switch (field) {
            case F_PF:
                if (t == JsonToken.START_ARRAY) {
                    v.filterSetStart(PacketFilterVisitor.SET_LEGACY, setName, 0);
                    rulesInSets = false;
                    state = S_PF_RULES;
                    return MapReason.OK;
                }
                return nullOr(isNull, S_TOP);
            case F_PFS:
                if (t == JsonToken.START_OBJECT) {
                    v.packetFiltersStart();
                    state = S_PF_SETS;
                    return MapReason.OK;
                }
                return nullOr(isNull, S_TOP);
            case F_PF_SET:
                if (t == JsonToken.START_ARRAY) {
                    v.filterSetStart(PacketFilterVisitor.SET_NAMED, setName, setNameLength);
                    rulesInSets = true;
                    state = S_PF_RULES;
                    return MapReason.OK;
                }
                if (isNull) {
                    v.filterSetRemoved(setName, setNameLength);
                }
                return nullOr(isNull, S_PF_SETS);
            case F_PF_SRCIPS:
                return listOrNull(t, S_PF_SRCS);
            case F_PF_IPPROTO:
                return listOrNull(t, S_PF_PROTOS);
            case F_PF_DSTPORTS:
                return listOrNull(t, S_PF_DSTS);
            case F_PF_CAPGRANT:
                if (t == JsonToken.START_ARRAY) {
                    v.filterCapGrant();
                    state = S_PF_RULE;
                    return skip(); // the rest of the CapGrant list
                }
                return nullOr(isNull, S_PF_RULE);
            case F_PF_IP:
                if (t == JsonToken.STRING) {
                    dstHasIp = true;
                    dstIpOk = destination.parse(p.valueBuffer(), 0, p.valueLength());
                    state = S_PF_DST;
                    return MapReason.OK;
                }
                return nullOr(isNull, S_PF_DST);
            case F_PF_PORTS:
                if (t == JsonToken.START_OBJECT) {
                    state = S_PF_PORTS;
                    return MapReason.OK;
                }
                return nullOr(isNull, S_PF_DST);
            default: // F_PF_FIRST, F_PF_LAST: Go decodes them as uint16, anything else fails the whole response
                if (isNull) {
                    state = S_PF_PORTS;
                    return MapReason.OK;
                }
                if (t != JsonToken.NUMBER || !p.numberIsInteger() || !p.numberFitsLong() || p.longValue() < 0
                        || p.longValue() > 65535) {
                    return MapReason.SCHEMA;
                }
                if (field == F_PF_FIRST) {
                    dstFirst = (int) p.longValue();
                } else {
                    dstLast = (int) p.longValue();
                }
                state = S_PF_PORTS;
                return MapReason.OK;
        }
    }

    private int listOrNull(int t, int listState) {
        if (t == JsonToken.START_ARRAY) {
            state = listState;
            return MapReason.OK;
        }
        return nullOr(t == JsonToken.NULL, S_PF_RULE);
    }

    // ---------------------------------------------------------------- counters

    /** How often {@code reason} (a negative MapReason) occurred since construction. */
    public int count(int reason) {
        return reason < 0 && -reason <= MapReason.COUNT ? counters[-reason] : 0;
    }

    public long nodesReported() {
        return nodesReported;
    }

    public long nodesDropped() {
        return nodesDropped;
    }

    /** Frames scanned completely and reported OK. */
    public long framesOk() {
        return frames;
    }

    /** The parser, for its error reason and position after a {@link MapReason#JSON_ERROR}. */
    public JsonPullParser parser() {
        return parser;
    }
}
