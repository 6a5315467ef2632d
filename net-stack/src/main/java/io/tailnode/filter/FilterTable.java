package io.tailnode.filter;

import io.tailnode.lang.Bytes;
import io.tailnode.lang.HotPath;

/**
 * Compiled FilterRules (shared tailscale-protocol.md §5.3) in fixed-capacity primitive arrays: per rule a set of
 * IP protocols (a 256-bit map), a slice of source ranges and a slice of destination ranges each with a port range.
 * Every address form of the policy (single IP, CIDR, "a-b" range, "*") is one inclusive range [lo, hi] per address
 * family, kept as two 64-bit halves (IPv4 in the low half), so a match is a few unsigned compares. Each rule also
 * carries an int group (the named filter set it came from), used only when sets are replaced.
 * <p>
 * Memory: 52 bytes per rule slot (five ints + 32 bytes of protocol map), 33 bytes per source slot, 37 bytes per
 * destination slot ({@link #bytesFor}). Rules are added with {@link #beginRule} ... {@link #endRule}; a rule that
 * does not fit completely is not added at all (fail closed: a partial rule could only allow less, but "all or
 * nothing" is easier to reason about), nor is a rule that has no source or no destination (it matches nothing:
 * a CapGrant-only rule, or one whose entries were all malformed or capability names).
 * <p>
 * When a rule is closed its sources are sorted (heapsort in place) and overlapping or adjacent ranges merged, so a
 * source lookup is a binary search: a SYN from an unknown address against the 1,064 sources of the tailscale-rs
 * sample rule costs about ten compares, not a thousand. Rules and their destinations (a handful each) are
 * scanned linearly, as Go scans its matches; all of it only for packets that open something (TCP SYN, UDP
 * without a tracked flow, ICMP requests). Merging never needs more room than the sources as sent. Not
 * thread-safe.
 */
public final class FilterTable {
    /** {@link #endRule} results. */
    public static final int RULE_ADDED = 0;
    /** No source or no destination: matches nothing, not stored. */
    public static final int RULE_EMPTY = 1;
    /** No room for the rule, its sources or its destinations: not stored. */
    public static final int RULE_NO_ROOM = 2;

    static final int PROTO_ICMP = 1;
    static final int PROTO_TCP = 6;
    static final int PROTO_UDP = 17;
    static final int PROTO_ICMPV6 = 58;
    private static final int MAP_WORDS = 8;

    private final int[] ruleGroup;
    private final int[] srcStart;
    private final int[] srcEnd;
    private final int[] dstStart;
    private final int[] dstEnd;
    private final int[] protocols;

    private final byte[] srcFamily;
    private final long[] srcLoHi;
    private final long[] srcLoLo;
    private final long[] srcHiHi;
    private final long[] srcHiLo;

    private final byte[] dstFamily;
    private final long[] dstLoHi;
    private final long[] dstLoLo;
    private final long[] dstHiHi;
    private final long[] dstHiLo;
    /** First port in the high 16 bits, last port in the low 16 bits. */
    private final int[] dstPorts;

    private int rules;
    private int sources;
    private int destinations;

    private boolean building;
    private boolean overflow;
    private boolean protocolListed;

    public FilterTable(int maxRules, int maxSources, int maxDestinations) {
        if (maxRules < 1 || maxSources < 2 || maxDestinations < 2) {
            throw new IllegalArgumentException("filter table capacity");
        }
        ruleGroup = new int[maxRules];
        srcStart = new int[maxRules];
        srcEnd = new int[maxRules];
        dstStart = new int[maxRules];
        dstEnd = new int[maxRules];
        protocols = new int[MAP_WORDS * maxRules];
        srcFamily = new byte[maxSources];
        srcLoHi = new long[maxSources];
        srcLoLo = new long[maxSources];
        srcHiHi = new long[maxSources];
        srcHiLo = new long[maxSources];
        dstFamily = new byte[maxDestinations];
        dstLoHi = new long[maxDestinations];
        dstLoLo = new long[maxDestinations];
        dstHiHi = new long[maxDestinations];
        dstHiLo = new long[maxDestinations];
        dstPorts = new int[maxDestinations];
    }

    public FilterTable(FilterConfig c) {
        this(c.maxRules, c.maxSources, c.maxDestinations);
    }

    /** Bytes of primitive storage of a table with these capacities (see the class comment). */
    public static int bytesFor(int maxRules, int maxSources, int maxDestinations) {
        return 52 * maxRules + 33 * maxSources + 37 * maxDestinations;
    }

    public void clear() {
        rules = 0;
        sources = 0;
        destinations = 0;
        building = false;
    }

    public int ruleCount() {
        return rules;
    }

    public int sourceCount() {
        return sources;
    }

    public int destinationCount() {
        return destinations;
    }

    public int ruleCapacity() {
        return ruleGroup.length;
    }

    // ---------------------------------------------------------------- building

    /** Opens a rule of {@code group}; everything added until {@link #endRule} belongs to it. */
    @HotPath
    public void beginRule(int group) {
        building = true;
        overflow = rules == ruleGroup.length;
        protocolListed = false;
        if (overflow) {
            return;
        }
        ruleGroup[rules] = group;
        srcStart[rules] = sources;
        srcEnd[rules] = sources;
        dstStart[rules] = destinations;
        dstEnd[rules] = destinations;
        for (int i = 0; i < MAP_WORDS; i++) {
            protocols[MAP_WORDS * rules + i] = 0;
        }
    }

    /**
     * One IPProto entry. Values outside 0..255 are reserved and ignored, but still count as "listed": a list of
     * only such values allows no protocol (Go filters them out of a non-empty list); no entry at all means TCP,
     * UDP, ICMP and ICMPv6.
     */
    @HotPath
    public void addProtocol(int p) {
        protocolListed = true;
        if (!building || overflow || p < 0 || p > 255) {
            return;
        }
        protocols[MAP_WORDS * rules + (p >>> 5)] |= 1 << (p & 31);
    }

    /** A source range of {@code family} (4 or 6): addresses at lo[loOff..] and hi[hiOff..] (4 or 16 bytes). */
    @HotPath
    public void addSource(int family, byte[] lo, int loOff, byte[] hi, int hiOff) {
        if (!building || overflow) {
            return;
        }
        if (sources == srcFamily.length) {
            overflow = true;
            return;
        }
        int i = sources++;
        srcFamily[i] = (byte) family;
        srcLoHi[i] = high(family, lo, loOff);
        srcLoLo[i] = low(family, lo, loOff);
        srcHiHi[i] = high(family, hi, hiOff);
        srcHiLo[i] = low(family, hi, hiOff);
        srcEnd[rules] = sources;
    }

    /** "*": every IPv4 and every IPv6 source (two ranges). */
    @HotPath
    public void addAnySource() {
        addFullRange(true);
    }

    /** A destination range with its inclusive port range. */
    @HotPath
    public void addDestination(int family, byte[] lo, int loOff, byte[] hi, int hiOff, int firstPort, int lastPort) {
        if (!building || overflow) {
            return;
        }
        if (destinations == dstFamily.length) {
            overflow = true;
            return;
        }
        int i = destinations++;
        dstFamily[i] = (byte) family;
        dstLoHi[i] = high(family, lo, loOff);
        dstLoLo[i] = low(family, lo, loOff);
        dstHiHi[i] = high(family, hi, hiOff);
        dstHiLo[i] = low(family, hi, hiOff);
        dstPorts[i] = (firstPort << 16) | (lastPort & 0xffff);
        dstEnd[rules] = destinations;
    }

    /** "*" with a port range: every IPv4 and IPv6 destination (two ranges). */
    @HotPath
    public void addAnyDestination(int firstPort, int lastPort) {
        addFullRange(false);
        if (!overflow) {
            dstPorts[destinations - 1] = (firstPort << 16) | (lastPort & 0xffff);
            dstPorts[destinations - 2] = (firstPort << 16) | (lastPort & 0xffff);
        }
    }

    private void addFullRange(boolean source) {
        for (int f = 4; f <= 6; f += 2) {
            if (!building || overflow) {
                return;
            }
            int cap = source ? srcFamily.length : dstFamily.length;
            int n = source ? sources : destinations;
            if (n == cap) {
                overflow = true;
                return;
            }
            long hiHi = f == 4 ? 0 : -1L;
            long hiLo = f == 4 ? 0xffffffffL : -1L;
            if (source) {
                srcFamily[n] = (byte) f;
                srcLoHi[n] = 0;
                srcLoLo[n] = 0;
                srcHiHi[n] = hiHi;
                srcHiLo[n] = hiLo;
                sources = n + 1;
                srcEnd[rules] = sources;
            } else {
                dstFamily[n] = (byte) f;
                dstLoHi[n] = 0;
                dstLoLo[n] = 0;
                dstHiHi[n] = hiHi;
                dstHiLo[n] = hiLo;
                dstPorts[n] = 0;
                destinations = n + 1;
                dstEnd[rules] = destinations;
            }
        }
    }

    /** Closes the rule opened by {@link #beginRule}. @return RULE_ADDED, RULE_EMPTY or RULE_NO_ROOM */
    @HotPath
    public int endRule() {
        if (!building) {
            return RULE_NO_ROOM;
        }
        building = false;
        if (overflow) {
            if (rules < ruleGroup.length) {
                sources = srcStart[rules];
                destinations = dstStart[rules];
            }
            return RULE_NO_ROOM;
        }
        if (srcEnd[rules] == srcStart[rules] || dstEnd[rules] == dstStart[rules]) {
            sources = srcStart[rules];
            destinations = dstStart[rules];
            return RULE_EMPTY;
        }
        sources = normalizeSources(srcStart[rules], srcEnd[rules]);
        srcEnd[rules] = sources;
        if (!protocolListed) {
            int base = MAP_WORDS * rules;
            protocols[base] |= (1 << PROTO_ICMP) | (1 << PROTO_TCP) | (1 << PROTO_UDP);
            protocols[base + (PROTO_ICMPV6 >>> 5)] |= 1 << (PROTO_ICMPV6 & 31);
        }
        rules++;
        return RULE_ADDED;
    }

    private static long high(int family, byte[] a, int off) {
        return family == 4 ? 0 : Bytes.getLongBE(a, off);
    }

    private static long low(int family, byte[] a, int off) {
        return family == 4 ? Bytes.getIntBE(a, off) & 0xffffffffL : Bytes.getLongBE(a, off + 8);
    }

    // ---------------------------------------------------------------- matching

    /** Unsigned 128-bit a <= b. */
    @HotPath
    static boolean le(long aHi, long aLo, long bHi, long bLo) {
        if (aHi != bHi) {
            return (aHi ^ Long.MIN_VALUE) < (bHi ^ Long.MIN_VALUE);
        }
        return (aLo ^ Long.MIN_VALUE) <= (bLo ^ Long.MIN_VALUE);
    }

    @HotPath
    private boolean protocolAllowed(int r, int proto) {
        return (protocols[MAP_WORDS * r + (proto >>> 5)] & (1 << (proto & 31))) != 0;
    }

    /** Binary search in the rule's sorted, disjoint source ranges: the last range starting at or below the address. */
    @HotPath
    private boolean sourceMatches(int r, int family, long hi, long lo) {
        int a = srcStart[r];
        int b = srcEnd[r] - 1;
        int found = -1;
        while (a <= b) {
            int m = (a + b) >>> 1;
            int f = srcFamily[m];
            if (f < family || (f == family && le(srcLoHi[m], srcLoLo[m], hi, lo))) {
                found = m;
                a = m + 1;
            } else {
                b = m - 1;
            }
        }
        return found >= 0 && srcFamily[found] == family && le(hi, lo, srcHiHi[found], srcHiLo[found]);
    }

    // ---------------------------------------------------------------- source normalisation

    /** Sorts sources [from, to) by (family, lo) and merges overlapping or adjacent ranges. @return the new end */
    @HotPath
    private int normalizeSources(int from, int to) {
        int n = to - from;
        for (int i = n / 2 - 1; i >= 0; i--) {
            siftDown(from, i, n);
        }
        for (int end = n - 1; end > 0; end--) {
            swapSources(from, from + end);
            siftDown(from, 0, end);
        }
        int w = from;
        for (int i = from + 1; i < to; i++) {
            boolean sameFamily = srcFamily[i] == srcFamily[w];
            if (sameFamily && (le(srcLoHi[i], srcLoLo[i], srcHiHi[w], srcHiLo[w])
                    || successor(srcHiHi[w], srcHiLo[w], srcLoHi[i], srcLoLo[i]))) {
                if (le(srcHiHi[w], srcHiLo[w], srcHiHi[i], srcHiLo[i])) {
                    srcHiHi[w] = srcHiHi[i];
                    srcHiLo[w] = srcHiLo[i];
                }
                continue;
            }
            w++;
            if (w != i) {
                copySourceTo(i, this, w);
            }
        }
        return n == 0 ? from : w + 1;
    }

    /** b == a + 1 (128-bit). */
    private static boolean successor(long aHi, long aLo, long bHi, long bLo) {
        if (aLo != -1L) {
            return bHi == aHi && bLo == aLo + 1;
        }
        return aHi != -1L && bHi == aHi + 1 && bLo == 0;
    }

    /** Source i orders before source j: family, then lower bound. */
    private boolean sourceBefore(int i, int j) {
        if (srcFamily[i] != srcFamily[j]) {
            return srcFamily[i] < srcFamily[j];
        }
        return !le(srcLoHi[j], srcLoLo[j], srcLoHi[i], srcLoLo[i]);
    }

    private void siftDown(int base, int i, int n) {
        for (;;) {
            int c = 2 * i + 1;
            if (c >= n) {
                return;
            }
            if (c + 1 < n && sourceBefore(base + c, base + c + 1)) {
                c++;
            }
            if (!sourceBefore(base + i, base + c)) {
                return;
            }
            swapSources(base + i, base + c);
            i = c;
        }
    }

    private void swapSources(int i, int j) {
        byte f = srcFamily[i];
        srcFamily[i] = srcFamily[j];
        srcFamily[j] = f;
        long t = srcLoHi[i];
        srcLoHi[i] = srcLoHi[j];
        srcLoHi[j] = t;
        t = srcLoLo[i];
        srcLoLo[i] = srcLoLo[j];
        srcLoLo[j] = t;
        t = srcHiHi[i];
        srcHiHi[i] = srcHiHi[j];
        srcHiHi[j] = t;
        t = srcHiLo[i];
        srcHiLo[i] = srcHiLo[j];
        srcHiLo[j] = t;
    }

    @HotPath
    private boolean destinationMatches(int i, int family, long hi, long lo) {
        return dstFamily[i] == family && le(dstLoHi[i], dstLoLo[i], hi, lo) && le(hi, lo, dstHiHi[i], dstHiLo[i]);
    }

    /** A rule allows protocol {@code proto} from the source to the destination address and port. */
    @HotPath
    public boolean match(int proto, int family, long srcHi, long srcLo, long dstHi, long dstLo, int port) {
        for (int r = 0; r < rules; r++) {
            if (!protocolAllowed(r, proto) || !sourceMatches(r, family, srcHi, srcLo)) {
                continue;
            }
            for (int d = dstStart[r]; d < dstEnd[r]; d++) {
                int ports = dstPorts[d];
                if (destinationMatches(d, family, dstHi, dstLo) && port >= (ports >>> 16) && port <= (ports & 0xffff)) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * A rule allows anything from the source to the destination address, protocol and ports ignored: Go's rule
     * for ICMP ("if any port is open to an IP, allow ICMP to it").
     */
    @HotPath
    public boolean matchAddresses(int family, long srcHi, long srcLo, long dstHi, long dstLo) {
        for (int r = 0; r < rules; r++) {
            if (!sourceMatches(r, family, srcHi, srcLo)) {
                continue;
            }
            for (int d = dstStart[r]; d < dstEnd[r]; d++) {
                if (destinationMatches(d, family, dstHi, dstLo)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** A rule allows {@code proto} from the source to the destination on every port (other protocols, Go). */
    @HotPath
    public boolean matchAllPorts(int proto, int family, long srcHi, long srcLo, long dstHi, long dstLo) {
        for (int r = 0; r < rules; r++) {
            if (!protocolAllowed(r, proto) || !sourceMatches(r, family, srcHi, srcLo)) {
                continue;
            }
            for (int d = dstStart[r]; d < dstEnd[r]; d++) {
                if (dstPorts[d] == 0xffff && destinationMatches(d, family, dstHi, dstLo)) {
                    return true;
                }
            }
        }
        return false;
    }

    // ---------------------------------------------------------------- set replacement

    public int group(int rule) {
        return ruleGroup[rule];
    }

    /**
     * Keeps the rules whose {@code groupMap[group]} is >= 0, renamed to that value, in order; drops the others
     * (compacting sources and destinations in place). @return rules kept
     */
    public int retain(int[] groupMap) {
        int w = 0;
        int sw = 0;
        int dw = 0;
        for (int r = 0; r < rules; r++) {
            int g = ruleGroup[r];
            int to = g >= 0 && g < groupMap.length ? groupMap[g] : -1;
            if (to < 0) {
                continue;
            }
            int s0 = srcStart[r];
            int s1 = srcEnd[r];
            int d0 = dstStart[r];
            int d1 = dstEnd[r];
            for (int k = 0; k < MAP_WORDS; k++) {
                protocols[MAP_WORDS * w + k] = protocols[MAP_WORDS * r + k];
            }
            ruleGroup[w] = to;
            srcStart[w] = sw;
            for (int i = s0; i < s1; i++) {
                copySource(this, i, sw++);
            }
            srcEnd[w] = sw;
            dstStart[w] = dw;
            for (int i = d0; i < d1; i++) {
                copyDestination(this, i, dw++);
            }
            dstEnd[w] = dw;
            w++;
        }
        rules = w;
        sources = sw;
        destinations = dw;
        return w;
    }

    /**
     * Appends the rules of {@code src} whose {@code groupMap[group]} is >= 0, renamed to that value. A rule that
     * does not fit is left out. @return rules left out for lack of room
     */
    public int appendFrom(FilterTable src, int[] groupMap) {
        int missing = 0;
        for (int r = 0; r < src.rules; r++) {
            int g = src.ruleGroup[r];
            int to = g >= 0 && g < groupMap.length ? groupMap[g] : -1;
            if (to < 0) {
                continue;
            }
            int ns = src.srcEnd[r] - src.srcStart[r];
            int nd = src.dstEnd[r] - src.dstStart[r];
            if (rules == ruleGroup.length || sources + ns > srcFamily.length || destinations + nd > dstFamily.length) {
                missing++;
                continue;
            }
            for (int k = 0; k < MAP_WORDS; k++) {
                protocols[MAP_WORDS * rules + k] = src.protocols[MAP_WORDS * r + k];
            }
            ruleGroup[rules] = to;
            srcStart[rules] = sources;
            for (int i = src.srcStart[r]; i < src.srcEnd[r]; i++) {
                src.copySourceTo(i, this, sources++);
            }
            srcEnd[rules] = sources;
            dstStart[rules] = destinations;
            for (int i = src.dstStart[r]; i < src.dstEnd[r]; i++) {
                src.copyDestinationTo(i, this, destinations++);
            }
            dstEnd[rules] = destinations;
            rules++;
        }
        return missing;
    }

    private static void copySource(FilterTable t, int from, int to) {
        t.copySourceTo(from, t, to);
    }

    private static void copyDestination(FilterTable t, int from, int to) {
        t.copyDestinationTo(from, t, to);
    }

    private void copySourceTo(int i, FilterTable d, int j) {
        d.srcFamily[j] = srcFamily[i];
        d.srcLoHi[j] = srcLoHi[i];
        d.srcLoLo[j] = srcLoLo[i];
        d.srcHiHi[j] = srcHiHi[i];
        d.srcHiLo[j] = srcHiLo[i];
    }

    private void copyDestinationTo(int i, FilterTable d, int j) {
        d.dstFamily[j] = dstFamily[i];
        d.dstLoHi[j] = dstLoHi[i];
        d.dstLoLo[j] = dstLoLo[i];
        d.dstHiHi[j] = dstHiHi[i];
        d.dstHiLo[j] = dstHiLo[i];
        d.dstPorts[j] = dstPorts[i];
    }

    // ---------------------------------------------------------------- inspection (status, tests)

    public int ruleSourceCount(int r) {
        return srcEnd[r] - srcStart[r];
    }

    public int ruleDestinationCount(int r) {
        return dstEnd[r] - dstStart[r];
    }

    public boolean ruleAllowsProtocol(int r, int proto) {
        return protocolAllowed(r, proto);
    }

    /** Family (4/6) of source {@code k} of rule {@code r}. */
    public int sourceFamily(int r, int k) {
        return srcFamily[srcStart[r] + k];
    }

    /** Writes source {@code k} of rule {@code r} as lo then hi (16 bytes each; IPv4 in the first 4). */
    public void sourceRange(int r, int k, byte[] out, int off) {
        int i = srcStart[r] + k;
        writeRange(srcFamily[i], srcLoHi[i], srcLoLo[i], srcHiHi[i], srcHiLo[i], out, off);
    }

    public int destinationFamily(int r, int k) {
        return dstFamily[dstStart[r] + k];
    }

    /** Writes destination {@code k} of rule {@code r} as lo then hi, like {@link #sourceRange}. */
    public void destinationRange(int r, int k, byte[] out, int off) {
        int i = dstStart[r] + k;
        writeRange(dstFamily[i], dstLoHi[i], dstLoLo[i], dstHiHi[i], dstHiLo[i], out, off);
    }

    public int destinationFirstPort(int r, int k) {
        return dstPorts[dstStart[r] + k] >>> 16;
    }

    public int destinationLastPort(int r, int k) {
        return dstPorts[dstStart[r] + k] & 0xffff;
    }

    private static void writeRange(int family, long loHi, long loLo, long hiHi, long hiLo, byte[] out, int off) {
        if (family == 4) {
            Bytes.putIntBE(out, off, (int) loLo);
            Bytes.putIntBE(out, off + 16, (int) hiLo);
        } else {
            Bytes.putLongBE(out, off, loHi);
            Bytes.putLongBE(out, off + 8, loLo);
            Bytes.putLongBE(out, off + 16, hiHi);
            Bytes.putLongBE(out, off + 24, hiLo);
        }
    }
}
