package io.tailnode.control.map;

import io.tailnode.control.json.IpRange;
import io.tailnode.control.json.MapDerpNode;
import io.tailnode.control.json.MapNode;
import io.tailnode.control.json.MapReason;
import io.tailnode.control.json.MapResponseVisitor;
import io.tailnode.control.json.PacketFilterVisitor;
import io.tailnode.filter.FilterConfig;
import io.tailnode.filter.FilterTable;
import io.tailnode.filter.InboundFilter;
import io.tailnode.lang.HotPath;

/**
 * Where MapResponse.PacketFilter / PacketFilters become the device's inbound filter (shared tailscale-protocol.md
 * §2.6, §5.3; issue 6). Give it to a MapResponseScanner both as its {@link PacketFilterVisitor} and, through a
 * {@link io.tailnode.control.json.MapVisitorFanOut} next to the {@link NetmapApplier}, as a visitor for the
 * frame boundaries.
 * <p>
 * <b>Semantics</b> (Go's mapSession): the filter is the concatenation of named rule sets. PacketFilter (the older
 * form) sets the set "base"; PacketFilters sets each key to its list, removes a key whose value is null, and
 * {@code "*": null} first clears every set. Within one frame PacketFilter is applied before PacketFilters,
 * whatever their order in the JSON (so PacketFilters "base" or "*" wins). Null or absent fields change nothing;
 * a frame without either keeps the current filter; an empty PacketFilter list leaves "base" empty (with no other
 * set: deny all inbound except replies). A rule whose sources are all capabilities, or with CapGrant and no
 * DstPorts, allows nothing and is not stored (counted).
 * <p>
 * <b>All or nothing per frame: double buffering.</b> The frame's new lists are compiled into a spare
 * {@link FilterTable} as they stream in; {@code frameEnd(OK)} drops from it the lists that lost (overridden in
 * the same frame), appends the live rules of the sets that survive unchanged, and installs it in the
 * {@link InboundFilter} (the old live table becomes the spare); a rejected frame leaves the filter and the set
 * names untouched. Memory: two tables ({@link #bytesFor}). Capacity limits, all counted and all failing closed:
 * a rule that does not fit is left out (less allowed, never more); a set that cannot be kept (more than
 * {@link FilterConfig#maxSets} names, a name longer than {@link FilterConfig#maxSetName}) loses its rules, and
 * its previous version is removed rather than kept stale.
 * <p>
 * Nothing is allocated after construction. Not thread-safe: the thread that reads the map stream must be the one
 * that runs {@link InboundFilter#check} (the device's event loop), or the caller must hand the swap over.
 */
public final class PacketFilterApplier implements MapResponseVisitor, PacketFilterVisitor {
    private static final byte[] BASE = {'b', 'a', 's', 'e'};

    private final InboundFilter filter;
    private final int maxSets;
    private final int maxName;
    private final int maxFrameGroups;
    private FilterTable live;
    private FilterTable spare;

    /** Names of the live sets; the live table's rules carry their set's index as group. */
    private final byte[] liveNames;
    private final int[] liveNameLength;
    private int liveSets;

    /** The frame's view of the set names: where each set's rules come from (a group id, or -1 = removed). */
    private final byte[] names;
    private final int[] nameLength;
    private final int[] nameSource;
    private final boolean[] nameSetByFilters;
    private int nameCount;
    private final int[] groupMap;

    private boolean touched;
    private boolean clearedAll;
    private int frameGroups;
    private int group = -1;
    private boolean inRule;

    private long framesApplied;
    private long framesDiscarded;
    private long rulesAdded;
    private long rulesNoRoom;
    private long rulesAllowingNothing;
    private long capabilityEntries;
    private long capGrants;
    private long setsRefused;

    /** @param filter its current rule table becomes the live one; a second table of the same capacities is made */
    public PacketFilterApplier(FilterConfig config, InboundFilter filter) {
        config.validate();
        if (filter == null) {
            throw new IllegalArgumentException("filter");
        }
        this.filter = filter;
        maxSets = config.maxSets;
        maxName = config.maxSetName;
        maxFrameGroups = 2 * config.maxSets + 1;
        live = filter.rules();
        spare = new FilterTable(config);
        liveNames = new byte[maxSets * maxName];
        liveNameLength = new int[maxSets];
        int entries = 2 * maxSets + 1;
        names = new byte[entries * maxName];
        nameLength = new int[entries];
        nameSource = new int[entries];
        nameSetByFilters = new boolean[entries];
        groupMap = new int[maxSets + maxFrameGroups];
    }

    /** Bytes of rule storage: live and spare table. */
    public static int bytesFor(FilterConfig c) {
        return 2 * FilterTable.bytesFor(c.maxRules, c.maxSources, c.maxDestinations);
    }

    /** Number of named sets in force. */
    public int setCount() {
        return liveSets;
    }

    /** Copies the name of live set {@code i}; returns its length. */
    public int setName(int i, byte[] out, int off) {
        System.arraycopy(liveNames, i * maxName, out, off, liveNameLength[i]);
        return liveNameLength[i];
    }

    // ---------------------------------------------------------------- MapResponseVisitor

    @HotPath
    public void frameStart() {
        touched = false;
        clearedAll = false;
        frameGroups = 0;
        group = -1;
        inRule = false;
    }

    public void keepAlive() {
    }

    public void controlTime(long unixMillis) {
    }

    public void nodeListStart(int kind) {
    }

    public void node(MapNode node) {
    }

    public void nodeDropped(int kind, long id, int reason) {
    }

    public void nodeListEnd(int kind) {
    }

    public void peerRemoved(long id) {
    }

    public void derpNode(MapDerpNode node) {
    }

    @HotPath
    public void frameEnd(int result) {
        if (touched) {
            if (result == MapReason.OK) {
                commit();
                framesApplied++;
            } else {
                framesDiscarded++;
            }
        }
        touched = false;
        inRule = false;
        group = -1;
    }

    // ---------------------------------------------------------------- PacketFilterVisitor

    @HotPath
    public void packetFiltersStart() {
        stage();
    }

    @HotPath
    public void filterSetStart(int kind, byte[] name, int len) {
        stage();
        group = -1;
        if (kind == SET_LEGACY) {
            int e = find(BASE, BASE.length);
            if (clearedAll || (e >= 0 && nameSetByFilters[e])) {
                return; // PacketFilters of this frame decides "base": this list loses, as in Go
            }
            assign(e < 0 ? add(BASE, BASE.length) : e, false);
            return;
        }
        if (len == 1 && name[0] == '*') {
            return; // only "*": null means something
        }
        int e = len > maxName ? -1 : find(name, len);
        assign(e < 0 && len <= maxName ? add(name, len) : e, true);
    }

    /** The set at entry {@code e} (or none, -1) gets the rules that follow, in a new group. */
    private void assign(int e, boolean byFilters) {
        int g = frameGroups < maxFrameGroups ? maxSets + frameGroups++ : -1;
        if (e < 0 || g < 0) {
            setsRefused++;
            if (e >= 0) {
                nameSource[e] = -1; // cannot hold the new version: do not keep the old one either
                nameSetByFilters[e] = byFilters;
            }
            return;
        }
        nameSource[e] = g;
        nameSetByFilters[e] = byFilters;
        group = g;
    }

    @HotPath
    public void filterSetRemoved(byte[] name, int len) {
        stage();
        if (len == 1 && name[0] == '*') {
            clearedAll = true;
            for (int i = 0; i < nameCount; i++) {
                if (!nameSetByFilters[i]) {
                    nameSource[i] = -1;
                }
            }
            return;
        }
        if (len > maxName) {
            return; // never stored, nothing to remove
        }
        int e = find(name, len);
        if (e < 0) {
            e = add(name, len);
        }
        if (e >= 0) {
            nameSource[e] = -1;
            nameSetByFilters[e] = true;
        }
    }

    @HotPath
    public void filterRuleStart() {
        inRule = group >= 0;
        if (inRule) {
            spare.beginRule(group);
        }
    }

    @HotPath
    public void filterSource(IpRange r) {
        if (!inRule) {
            return;
        }
        int kind = r.kind();
        if (kind == IpRange.KIND_ANY) {
            spare.addAnySource();
        } else if (kind == IpRange.KIND_RANGE) {
            spare.addSource(r.family(), r.lo(), 0, r.hi(), 0);
        } else {
            capabilityEntries++; // the device evaluates no peer capabilities: matches nothing
        }
    }

    @HotPath
    public void filterProtocol(int protocol) {
        if (inRule) {
            spare.addProtocol(protocol);
        }
    }

    @HotPath
    public void filterDestination(IpRange r, int firstPort, int lastPort) {
        if (!inRule) {
            return;
        }
        int kind = r.kind();
        if (kind == IpRange.KIND_ANY) {
            spare.addAnyDestination(firstPort, lastPort);
        } else if (kind == IpRange.KIND_RANGE) {
            spare.addDestination(r.family(), r.lo(), 0, r.hi(), 0, firstPort, lastPort);
        } else {
            capabilityEntries++; // Go refuses a capability as destination
        }
    }

    public void filterCapGrant() {
        capGrants++;
    }

    @HotPath
    public void filterRuleEnd() {
        if (!inRule) {
            return;
        }
        inRule = false;
        int r = spare.endRule();
        if (r == FilterTable.RULE_ADDED) {
            rulesAdded++;
        } else if (r == FilterTable.RULE_EMPTY) {
            rulesAllowingNothing++;
        } else {
            rulesNoRoom++;
        }
    }

    @HotPath
    public void filterSetEnd() {
        group = -1;
    }

    // ---------------------------------------------------------------- staging

    /** At the first filter field of a frame: the names as they are, an empty spare table. */
    private void stage() {
        if (touched) {
            return;
        }
        touched = true;
        spare.clear();
        nameCount = 0;
        for (int i = 0; i < liveSets; i++) {
            int e = nameCount++;
            System.arraycopy(liveNames, i * maxName, names, e * maxName, liveNameLength[i]);
            nameLength[e] = liveNameLength[i];
            nameSource[e] = i;
            nameSetByFilters[e] = false;
        }
    }

    @HotPath
    private int find(byte[] name, int len) {
        for (int e = 0; e < nameCount; e++) {
            if (nameLength[e] != len) {
                continue;
            }
            int base = e * maxName;
            int k = 0;
            while (k < len && names[base + k] == name[k]) {
                k++;
            }
            if (k == len) {
                return e;
            }
        }
        return -1;
    }

    private int add(byte[] name, int len) {
        if (nameCount == nameLength.length) {
            return -1;
        }
        int e = nameCount++;
        System.arraycopy(name, 0, names, e * maxName, len);
        nameLength[e] = len;
        nameSource[e] = -1;
        nameSetByFilters[e] = false;
        return e;
    }

    /** Keeps the sets that survived: new lists from the spare table, unchanged ones from the live table; swaps. */
    @HotPath
    private void commit() {
        for (int i = 0; i < groupMap.length; i++) {
            groupMap[i] = -1;
        }
        int kept = 0;
        for (int e = 0; e < nameCount; e++) {
            int src = nameSource[e];
            if (src < 0) {
                continue;
            }
            if (kept == maxSets) {
                setsRefused++;
                continue;
            }
            groupMap[src] = kept;
            System.arraycopy(names, e * maxName, liveNames, kept * maxName, nameLength[e]);
            liveNameLength[kept] = nameLength[e];
            kept++;
        }
        liveSets = kept;
        spare.retain(groupMap);
        rulesNoRoom += spare.appendFrom(live, groupMap);
        FilterTable old = live;
        live = spare;
        spare = old;
        filter.install(live);
    }

    // ---------------------------------------------------------------- counters

    /** Frames that changed the filter and were applied. */
    public long framesApplied() {
        return framesApplied;
    }

    /** Frames that carried filter changes but were rejected: nothing changed. */
    public long framesDiscarded() {
        return framesDiscarded;
    }

    /** Rules compiled into the spare table as frames streamed in. */
    public long rulesAdded() {
        return rulesAdded;
    }

    /** Rules left out for lack of room (rule, source or destination capacity). */
    public long rulesNoRoom() {
        return rulesNoRoom;
    }

    /** Rules that allow nothing (no usable source or destination, e.g. CapGrant only): not stored. */
    public long rulesAllowingNothing() {
        return rulesAllowingNothing;
    }

    /** "cap:" sources and destinations seen (they match nothing here). */
    public long capabilityEntries() {
        return capabilityEntries;
    }

    /** Rules carrying a CapGrant (capabilities, not packets). */
    public long capGrants() {
        return capGrants;
    }

    /** Sets that could not be kept (too many, name too long): their rules were left out. */
    public long setsRefused() {
        return setsRefused;
    }
}
