package io.tailnode.sim.footprint;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * {@code Footprint OUT_DIR [BOARDS_DIR]}: retained heap of a configured client ({@link ConfiguredClient}: 4 TCP
 * sockets, build defaults otherwise) with 1, 16 and 64 peers, per component, measured with JOL
 * ({@link HeapFootprint}). Writes {@code OUT_DIR/footprint.tsv} ({@link FootprintTable}) and
 * {@code OUT_DIR/footprint.png} ({@link FootprintPlot}) and prints the table. With {@code BOARDS_DIR}
 * ({@code platform-config/boards}) it also measures each board's profile ({@code tailnode.properties}) and
 * writes {@code OUT_DIR/footprint-boards.tsv}: per component at the profile's peer count, then "@" rows: the
 * bytes one more peer slot adds, the named allowances and java.heap + java.immortal of {@code ram-budget.properties}.
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

    /** Java heap reserved by name for parts not built yet (RamBudgetTest uses the same figure). */
    public static final Map<String, Long> ALLOWANCES = Map.of("DERP client (not built, issue #7)", 6L * 1024);

    /** The board profiles under {@code boardsDir} (those with a tailnode.properties), by directory name. */
    static java.util.List<Path> boards(Path boardsDir) throws java.io.IOException {
        try (java.util.stream.Stream<Path> s = Files.list(boardsDir)) {
            return s.filter(d -> Files.isRegularFile(d.resolve("tailnode.properties"))).sorted().toList();
        }
    }

    /** The profile text with max_peers set to {@code peers} (its other lines unchanged). */
    static String withPeers(String profile, int peers) {
        String out = profile.replaceAll("(?m)^max_peers=\\d+$", "max_peers=" + peers);
        return out.contains("max_peers=" + peers) ? out : out + "\nmax_peers=" + peers + "\n";
    }

    /** Writes footprint-boards.tsv (class doc) and returns its text. */
    static String measureBoards(Path boardsDir, Path out) throws Exception {
        java.util.List<Path> boards = boards(boardsDir);
        java.util.List<Map<String, Long>> cols = new java.util.ArrayList<>();
        StringBuilder slot = new StringBuilder("@one more peer slot");
        StringBuilder budget = new StringBuilder("@java.heap + java.immortal");
        StringBuilder head = new StringBuilder("component");
        for (Path b : boards) {
            String profile = Files.readString(b.resolve("tailnode.properties"));
            ConfiguredClient c = new ConfiguredClient(profile, 16);
            Map<String, Long> m = HeapFootprint.measure(c);
            cols.add(m);
            ConfiguredClient more = new ConfiguredClient(withPeers(profile, c.peers() + 1), c.peers() + 1);
            slot.append('\t').append(HeapFootprint.total(HeapFootprint.measure(more)) - HeapFootprint.total(m));
            budget.append('\t').append(RamBudget.load(b).javaBytes());
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
