package io.tailnode.sim.footprint;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * {@code Footprint OUT_DIR}: retained heap of a configured client ({@link ConfiguredClient}: 4 TCP sockets, build
 * defaults otherwise) with 1, 16 and 64 peers, per component, measured with JOL ({@link HeapFootprint}). Writes
 * {@code OUT_DIR/footprint.tsv} ({@link FootprintTable}) and {@code OUT_DIR/footprint.png} ({@link FootprintPlot})
 * and prints the table. Run by {@code simulator-tests/benchmarks/run.sh}.
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

    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            System.err.println("usage: Footprint OUT_DIR");
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
    }
}
