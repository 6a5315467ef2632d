package io.tailnode.sim.footprint;

import io.tailnode.derp.DerpRegions;
import io.tailnode.firmware.CoreSizing;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.openjdk.jol.info.GraphLayout;

/**
 * {@code Footprint OUT_DIR [BOARDS_DIR]}: retained heap of a configured client ({@link ConfiguredClient}: 4 TCP
 * sockets, build defaults otherwise) with 1, 16 and 64 peers, per component, measured with JOL
 * ({@link HeapFootprint}). Writes {@code OUT_DIR/footprint.tsv} ({@link FootprintTable}) and
 * {@code OUT_DIR/footprint.png} ({@link FootprintPlot}) and prints the table. With {@code BOARDS_DIR}
 * ({@code platform-config/boards}) it also measures each board's profile ({@code tailnode.properties}) and
 * writes {@code OUT_DIR/footprint-boards.tsv}: per component at the profile's peer count, then "@" rows: the
 * bytes one more peer slot, DERP connection and DERP region add, the profile's DERP connections, the TLS C heap
 * (c.heap.mbedtls, not Java heap), the named allowances and java.heap + java.immortal of
 * {@code ram-budget.properties}.
 * Run by {@code simulator-tests/benchmarks/run.sh}.
 */
public final class Footprint {
    public static final int[] PEER_COUNTS = {1, 16, 64};
    public static final int TCP_SOCKETS = 4;

    private Footprint() {
    }

    /** Measures every peer count (a fresh client each, built and measured in this JVM). */
    public static FootprintTable measure() {
        FootprintTable t = new FootprintTable(PEER_COUNTS);
        for (int i = 0; i < PEER_COUNTS.length; i++) {
            Map<String, Long> m = HeapFootprint.measure(new ConfiguredClient(PEER_COUNTS[i], TCP_SOCKETS));
            t.put(i, m);
        }
        return t;
    }

    /** A SHA-256 certificate pin ({@code sha256-raw:}) per DERP node. */
    static final int PIN_BYTES = 32;
    /** Header of one byte[] on this JVM's layout (12 B + length, aligned), for a new array per table. */
    static final int ARRAY_HEADER = 16;
    /** The pins' allowance: what it is called in the tables. */
    public static final String PIN_ALLOWANCE = "DERP certificate pins (not merged yet)";

    /**
     * Java heap reserved by name for parts that are coming but not in this build (RamBudgetTest uses the same
     * figures). Today: the 32-byte certificate pin per DERP node that DerpRegions is getting on another branch,
     * for every node slot it keeps (a dial node and a STUN node per region) in both its tables (live and staged):
     * 2 x 2 x {@link CoreSizing#DERP_REGIONS} x 32 B plus one array header per table. It retires by itself once
     * DerpRegions has a pin field: from then on JOL measures the pins in the region-table row.
     */
    public static final Map<String, Long> ALLOWANCES = derpRegionsHoldPins() ? Map.of()
            : Map.of(PIN_ALLOWANCE, 2L * (2 * CoreSizing.DERP_REGIONS * PIN_BYTES + ARRAY_HEADER));

    /** True if DerpRegions (or a class nested in it) declares a field whose name mentions a pin. */
    static boolean derpRegionsHoldPins() {
        java.util.List<Class<?>> classes = new java.util.ArrayList<>();
        classes.add(DerpRegions.class);
        classes.addAll(java.util.Arrays.asList(DerpRegions.class.getDeclaredClasses()));
        for (Class<?> c : classes) {
            for (java.lang.reflect.Field f : c.getDeclaredFields()) {
                if (f.getName().toLowerCase(java.util.Locale.ROOT).contains("pin")) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Bytes one more DERP region adds to the region table (its fixed part apart). */
    static long perDerpRegion() {
        int r = CoreSizing.DERP_REGIONS;
        return GraphLayout.parseInstance(new DerpRegions(r + 1, CoreSizing.DERP_HOST_BYTES)).totalSize()
                - GraphLayout.parseInstance(new DerpRegions(r, CoreSizing.DERP_HOST_BYTES)).totalSize();
    }

    /** The board profiles under {@code boardsDir} (those with a tailnode.properties), by directory name. */
    static java.util.List<Path> boards(Path boardsDir) throws java.io.IOException {
        try (java.util.stream.Stream<Path> s = Files.list(boardsDir)) {
            return s.filter(d -> Files.isRegularFile(d.resolve("tailnode.properties"))).sorted().toList();
        }
    }

    /** The profile text with max_peers set to {@code peers} (its other lines unchanged). */
    static String withPeers(String profile, int peers) {
        return with(profile, "max_peers", peers);
    }

    /** The profile text with {@code key} set to {@code value} (its other lines unchanged). */
    static String with(String profile, String key, int value) {
        String out = profile.replaceAll("(?m)^" + key + "=\\d+$", key + "=" + value);
        return out.contains(key + "=" + value) ? out : out + "\n" + key + "=" + value + "\n";
    }

    /** Writes footprint-boards.tsv (class doc) and returns its text. */
    static String measureBoards(Path boardsDir, Path out) throws Exception {
        java.util.List<Path> boards = boards(boardsDir);
        java.util.List<Map<String, Long>> cols = new java.util.ArrayList<>();
        StringBuilder slot = new StringBuilder("@one more peer slot");
        StringBuilder derpSlot = new StringBuilder("@one more DERP connection");
        StringBuilder derpRegion = new StringBuilder("@one more DERP region");
        StringBuilder derpCount = new StringBuilder("@DERP connections");
        StringBuilder tls = new StringBuilder("@c.heap.mbedtls");
        StringBuilder budget = new StringBuilder("@java.heap + java.immortal");
        long perRegion = perDerpRegion();
        StringBuilder head = new StringBuilder("component");
        for (Path b : boards) {
            String profile = Files.readString(b.resolve("tailnode.properties"));
            ConfiguredClient c = new ConfiguredClient(profile, 16);
            Map<String, Long> m = HeapFootprint.measure(c);
            cols.add(m);
            ConfiguredClient more = new ConfiguredClient(withPeers(profile, c.peers() + 1), c.peers() + 1);
            slot.append('\t').append(HeapFootprint.total(HeapFootprint.measure(more)) - HeapFootprint.total(m));
            ConfiguredClient moreDerp = new ConfiguredClient(with(profile, "derp_connections", c.derpConnections() + 1), 16);
            derpSlot.append('\t').append(HeapFootprint.total(HeapFootprint.measure(moreDerp)) - HeapFootprint.total(m));
            derpRegion.append('\t').append(perRegion);
            derpCount.append('\t').append(c.derpConnections());
            RamBudget rb = RamBudget.load(b);
            tls.append('\t').append(rb.tlsBytes());
            budget.append('\t').append(rb.javaBytes());
            head.append('\t').append(b.getFileName()).append(" (").append(c.peers()).append(" peers, ")
                    .append(c.tcpSockets()).append(" TCP)");
        }
        StringBuilder t = new StringBuilder(head).append('\n');
        if (!cols.isEmpty()) {
            for (String comp : cols.get(0).keySet()) {
                t.append(comp);
                for (Map<String, Long> m : cols) {
                    long v = m.get(comp);
                    t.append('\t').append(v < 0 ? "-" : Long.toString(v));
                }
                t.append('\n');
            }
        }
        t.append(slot).append('\n');
        t.append(derpSlot).append('\n');
        t.append(derpRegion).append('\n');
        t.append(derpCount).append('\n');
        t.append(tls).append('\n');
        for (Map.Entry<String, Long> a : ALLOWANCES.entrySet()) {
            t.append("@allowance: ").append(a.getKey());
            for (int i = 0; i < boards.size(); i++) {
                t.append('\t').append(a.getValue());
            }
            t.append('\n');
        }
        t.append(budget).append('\n');
        Files.writeString(out, t.toString());
        return t.toString();
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 1 && args.length != 2) {
            System.err.println("usage: Footprint OUT_DIR [BOARDS_DIR]");
            System.exit(2);
        }
        Path dir = Path.of(args[0]);
        Files.createDirectories(dir);
        FootprintTable t = measure();
        t.write(dir.resolve("footprint.tsv"));
        FootprintPlot.write(t, dir.resolve("footprint.png"));
        System.out.print(t.toTsv());
        StringBuilder totals = new StringBuilder("total");
        for (int i = 0; i < PEER_COUNTS.length; i++) {
            totals.append('\t').append(t.total(i));
        }
        System.out.println(totals);
        if (args.length == 2) {
            System.out.print(measureBoards(Path.of(args[1]), dir.resolve("footprint-boards.tsv")));
        }
    }
}
