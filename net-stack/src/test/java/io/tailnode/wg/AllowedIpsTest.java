package io.tailnode.wg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class AllowedIpsTest {
    private static byte[] ip(String s) {
        try {
            return InetAddress.getByName(s).getAddress();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static int v(byte[] a) {
        return a.length == 4 ? 4 : 6;
    }

    private static void add(AllowedIps t, String a, int len, int peer) {
        byte[] b = ip(a);
        assertEquals(0, t.insert(b, 0, len, v(b), peer));
    }

    private static int look(AllowedIps t, String a) {
        byte[] b = ip(a);
        return t.lookup(b, 0, v(b));
    }

    @Test
    void longestPrefixWinsInBothFamilies() {
        AllowedIps t = new AllowedIps(16);
        add(t, "10.0.0.0", 8, 1);
        add(t, "10.1.0.0", 16, 2);
        add(t, "10.1.2.3", 32, 3);
        add(t, "0.0.0.0", 0, 4);
        add(t, "fd7a:115c:a1e0::", 48, 5);
        add(t, "fd7a:115c:a1e0::7", 128, 6);
        assertEquals(3, look(t, "10.1.2.3"));
        assertEquals(2, look(t, "10.1.2.4"));
        assertEquals(1, look(t, "10.200.0.1"));
        assertEquals(4, look(t, "192.168.1.1"));
        assertEquals(6, look(t, "fd7a:115c:a1e0::7"));
        assertEquals(5, look(t, "fd7a:115c:a1e0::8"));
        assertEquals(-1, look(t, "fd7a:115c:a1e1::7"), "the IPv4 default route does not cover IPv6");
    }

    @Test
    void hostBitsAreIgnoredOnInsertAndExistingPrefixMoves() {
        AllowedIps t = new AllowedIps(4);
        add(t, "10.1.2.3", 8, 1);
        assertEquals(1, look(t, "10.9.9.9"));
        add(t, "10.0.0.0", 8, 2); // same prefix after masking: moves to peer 2
        assertEquals(1, t.size());
        assertEquals(2, look(t, "10.9.9.9"));
        assertFalse(t.remove(ip("10.0.0.0"), 0, 8, 4, 1), "wrong peer");
        assertTrue(t.remove(ip("10.5.5.5"), 0, 8, 4, 2), "host bits ignored on remove too");
        assertEquals(-1, look(t, "10.9.9.9"));
    }

    @Test
    void fullTableSaysSo() {
        AllowedIps t = new AllowedIps(1);
        add(t, "10.0.0.1", 32, 0);
        assertEquals(SessionReason.TABLE_FULL, t.insert(ip("10.0.0.2"), 0, 32, 4, 0));
        assertEquals(0, t.insert(ip("10.0.0.1"), 0, 32, 4, 3), "replacing needs no room");
    }

    @Test
    void removePeerRemovesAllItsPrefixes() {
        AllowedIps t = new AllowedIps(8);
        add(t, "10.0.0.0", 8, 1);
        add(t, "fd00::", 8, 1);
        add(t, "10.1.0.0", 16, 2);
        assertEquals(2, t.removePeer(1));
        assertEquals(2, look(t, "10.1.0.1"));
        assertEquals(-1, look(t, "10.2.0.1"));
        assertEquals(-1, look(t, "fd00::1"));
    }

    private static byte[] v4Packet(String src, String dst) {
        byte[] p = new byte[28];
        p[0] = 0x45;
        System.arraycopy(ip(src), 0, p, 12, 4);
        System.arraycopy(ip(dst), 0, p, 16, 4);
        return p;
    }

    private static byte[] v6Packet(String src, String dst) {
        byte[] p = new byte[48];
        p[0] = 0x60;
        System.arraycopy(ip(src), 0, p, 8, 16);
        System.arraycopy(ip(dst), 0, p, 24, 16);
        return p;
    }

    /**
     * wireguard.md §5 items 1 and 8 (bug-regression test): inbound filtering uses the inner SOURCE, for IPv6 too.
     * Peer 2 sends a packet claiming peer 1's address to our address: dropped although the destination is ours.
     */
    @Test
    void inboundChecksTheSourceNotTheDestination() {
        AllowedIps t = new AllowedIps(8);
        add(t, "100.64.0.1", 32, 1);
        add(t, "100.64.0.2", 32, 2);
        add(t, "fd7a:115c:a1e0::1", 128, 1);
        add(t, "fd7a:115c:a1e0::2", 128, 2);
        byte[] spoof = v4Packet("100.64.0.1", "100.64.0.2");
        assertEquals(SessionReason.NOT_ALLOWED_SOURCE, t.checkSource(spoof, 0, spoof.length, 2));
        assertEquals(0, t.checkSource(spoof, 0, spoof.length, 1));
        byte[] spoof6 = v6Packet("fd7a:115c:a1e0::1", "fd7a:115c:a1e0::2");
        assertEquals(SessionReason.NOT_ALLOWED_SOURCE, t.checkSource(spoof6, 0, spoof6.length, 2));
        assertEquals(0, t.checkSource(spoof6, 0, spoof6.length, 1));
        byte[] unknown = v4Packet("100.64.0.9", "100.64.0.2");
        assertEquals(SessionReason.NOT_ALLOWED_SOURCE, t.checkSource(unknown, 0, unknown.length, 2));
    }

    @Test
    void outboundRoutesByDestination() {
        AllowedIps t = new AllowedIps(8);
        add(t, "100.64.0.0", 10, 3);
        add(t, "fd7a:115c:a1e0::", 48, 4);
        byte[] p = v4Packet("1.1.1.1", "100.100.1.1");
        assertEquals(3, t.routeDestination(p, 0, p.length));
        byte[] q = v4Packet("100.100.1.1", "8.8.8.8");
        assertEquals(SessionReason.NO_ROUTE, t.routeDestination(q, 0, q.length));
        byte[] r = v6Packet("::1", "fd7a:115c:a1e0::5");
        assertEquals(4, t.routeDestination(r, 0, r.length));
        assertEquals(SessionReason.BAD_INNER_PACKET, t.routeDestination(r, 0, 39));
        assertEquals(SessionReason.BAD_INNER_PACKET, t.checkSource(new byte[] {0x50}, 0, 1, 3));
    }

    // ---------------------------------------------------------------- differential test

    private record Prefix(byte[] addr, int len, int peer) {
    }

    /** The obvious reference: every prefix in a list, best match found by scanning all. */
    private static final class Naive {
        final List<Prefix> list = new ArrayList<>();

        static byte[] mask(byte[] a, int len) {
            byte[] m = a.clone();
            for (int i = 0; i < m.length; i++) {
                int bits = Math.max(0, Math.min(8, len - 8 * i));
                m[i] &= (byte) (0xff << (8 - bits));
            }
            return m;
        }

        void insert(byte[] a, int len, int peer) {
            byte[] m = mask(a, len);
            list.removeIf(p -> p.len == len && java.util.Arrays.equals(p.addr, m));
            list.add(new Prefix(m, len, peer));
        }

        void removePeer(int peer) {
            list.removeIf(p -> p.peer == peer);
        }

        int lookup(byte[] a) {
            int best = -1;
            int bestLen = -1;
            for (Prefix p : list) {
                if (p.addr.length == a.length && p.len > bestLen && java.util.Arrays.equals(p.addr, mask(a, p.len))) {
                    best = p.peer;
                    bestLen = p.len;
                }
            }
            return best;
        }
    }

    /** Random addresses clustered on a few leading bytes so prefixes overlap and nest. */
    private static byte[] randomAddr(Random r, int bytes) {
        byte[] a = new byte[bytes];
        r.nextBytes(a);
        a[0] = (byte) (r.nextBoolean() ? 10 : 0xfd);
        if (r.nextInt(3) == 0) {
            a[1] = 0x7a;
        }
        return a;
    }

    @Test
    void matchesNaiveListOnRandomPrefixesBothFamilies() {
        for (long seed = 1; seed <= 20; seed++) {
            Random r = new Random(seed);
            AllowedIps t = new AllowedIps(600);
            Naive naive = new Naive();
            for (int step = 0; step < 500; step++) {
                int bytes = r.nextBoolean() ? 4 : 16;
                byte[] a = randomAddr(r, bytes);
                int len = r.nextInt(bytes * 8 + 1);
                int peer = r.nextInt(16);
                assertEquals(0, t.insert(a, 0, len, bytes == 4 ? 4 : 6, peer));
                naive.insert(a, len, peer);
                if (step % 97 == 96) {
                    int gone = r.nextInt(16);
                    t.removePeer(gone);
                    naive.removePeer(gone);
                }
            }
            assertEquals(naive.list.size(), t.size(), "seed " + seed);
            for (int q = 0; q < 4000; q++) {
                int bytes = r.nextBoolean() ? 4 : 16;
                byte[] a = randomAddr(r, bytes);
                // Also probe addresses derived from stored prefixes, to hit the nested cases.
                if (q % 2 == 0 && !naive.list.isEmpty()) {
                    Prefix p = naive.list.get(r.nextInt(naive.list.size()));
                    a = p.addr.clone();
                    if (p.len < a.length * 8) {
                        int bit = p.len + r.nextInt(a.length * 8 - p.len);
                        a[bit >> 3] ^= (byte) (0x80 >>> (bit & 7));
                    }
                }
                assertEquals(naive.lookup(a), t.lookup(a, 0, a.length == 4 ? 4 : 6), "seed " + seed + " query " + q);
            }
        }
    }

    // Found by the PIT run (docs/mutation-testing.md).

    /** Slot 0 is a real peer: routing must not treat it as "no route" (a {@code peer <= 0} slip). */
    @Test
    void peerSlotZeroIsRoutedAndAllowed() {
        AllowedIps t = new AllowedIps(4);
        add(t, "100.64.0.2", 32, 0);
        byte[] p = Ip.packet("100.64.0.1", "100.64.0.2", 20, 0);
        assertEquals(0, t.routeDestination(p, 0, p.length));
        byte[] q = Ip.packet("100.64.0.2", "100.64.0.1", 20, 0);
        assertEquals(0, t.checkSource(q, 0, q.length, 0));
        assertEquals(SessionReason.NOT_ALLOWED_SOURCE, t.checkSource(q, 0, q.length, 1));
    }

    /** A header-only packet (20 / 40 bytes) is classified; one byte less is BAD_INNER_PACKET. */
    @Test
    void minimumHeaderLengthsAreExact() {
        AllowedIps t = new AllowedIps(4);
        add(t, "100.64.0.2", 32, 1);
        add(t, "fd7a:115c:a1e0::2", 128, 1);
        byte[] v4 = Ip.packet("100.64.0.2", "100.64.0.2", 20, 0);
        byte[] v6 = Ip.packet("fd7a:115c:a1e0::2", "fd7a:115c:a1e0::2", 40, 0);
        assertEquals(1, t.routeDestination(v4, 0, 20));
        assertEquals(0, t.checkSource(v4, 0, 20, 1));
        assertEquals(SessionReason.BAD_INNER_PACKET, t.routeDestination(v4, 0, 19));
        assertEquals(SessionReason.BAD_INNER_PACKET, t.checkSource(v4, 0, 19, 1));
        assertEquals(1, t.routeDestination(v6, 0, 40));
        assertEquals(0, t.checkSource(v6, 0, 40, 1));
        assertEquals(SessionReason.BAD_INNER_PACKET, t.routeDestination(v6, 0, 39));
        assertEquals(SessionReason.BAD_INNER_PACKET, t.checkSource(v6, 0, 39, 1));
        assertEquals(SessionReason.BAD_INNER_PACKET, t.routeDestination(v4, 0, 0));
    }

    /** A miss on a full table stops at the last entry (no read past the arrays). */
    @Test
    void missOnAFullTable() {
        AllowedIps t = new AllowedIps(2);
        add(t, "10.0.0.0", 8, 1);
        add(t, "10.1.0.0", 16, 2);
        assertEquals(-1, look(t, "192.0.2.1"));
        assertEquals(-1, look(t, "fd7a:115c:a1e0::9"));
    }

    /** Configuration errors are refused, not stored (a prefix of 33 would match nothing or everything). */
    @Test
    void badPrefixesAndVersionsAreRefused() {
        AllowedIps t = new AllowedIps(4);
        byte[] a4 = ip("10.0.0.0");
        byte[] a6 = ip("fd7a::");
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> new AllowedIps(-1));
        assertEquals(0, new AllowedIps(0).capacity());
        for (int[] bad : new int[][] {{33, 4}, {-1, 4}, {129, 6}, {-1, 6}, {8, 5}, {8, 0}}) {
            byte[] a = bad[1] == 6 ? a6 : a4;
            org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                    () -> t.insert(a, 0, bad[0], bad[1], 1), "insert /" + bad[0] + " v" + bad[1]);
            org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                    () -> t.remove(a, 0, bad[0], bad[1], 1), "remove /" + bad[0] + " v" + bad[1]);
        }
        assertEquals(0, t.insert(a4, 0, 32, 4, 1));
        assertEquals(0, t.insert(a6, 0, 128, 6, 1));
        assertEquals(0, t.insert(a4, 0, 0, 4, 1));
        assertEquals(3, t.size());
    }
}
