package io.tailnode.sim.footprint;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Retained bytes per component for several peer counts, and its tab-separated file form (what
 * {@code summarise.py} turns into the benchmarks page and {@link FootprintPlot} draws):
 * <pre>
 * component	1	16	64
 * WireGuard device	12345	23456	56789
 * DERP client	-	-	-
 * </pre>
 * "-" is a component that is not built yet. No total row: totals are computed by the readers.
 */
public final class FootprintTable {
    private final int[] peerCounts;
    private final Map<String, long[]> rows = new LinkedHashMap<>();

    public FootprintTable(int... peerCounts) {
        this.peerCounts = peerCounts.clone();
    }

    /** Records column {@code column} (index into the peer counts) from a {@link HeapFootprint#measure} result. */
    public void put(int column, Map<String, Long> byComponent) {
        for (Map.Entry<String, Long> e : byComponent.entrySet()) {
            rows.computeIfAbsent(e.getKey(), k -> new long[peerCounts.length])[column] = e.getValue();
        }
    }

    public int[] peerCounts() {
        return peerCounts.clone();
    }

    public List<String> components() {
        return new ArrayList<>(rows.keySet());
    }

    /** Bytes of {@code component} at column {@code column}, or {@link HeapFootprint#NOT_MEASURED}. */
    public long bytes(String component, int column) {
        return rows.get(component)[column];
    }

    /** Sum of the measured components at a column. */
    public long total(int column) {
        long t = 0;
        for (long[] r : rows.values()) {
            t += Math.max(0, r[column]);
        }
        return t;
    }

    public String toTsv() {
        StringBuilder sb = new StringBuilder("component");
        for (int p : peerCounts) {
            sb.append('\t').append(p);
        }
        sb.append('\n');
        for (Map.Entry<String, long[]> e : rows.entrySet()) {
            sb.append(e.getKey());
            for (long v : e.getValue()) {
                sb.append('\t').append(v < 0 ? "-" : Long.toString(v));
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    public static FootprintTable parse(String tsv) {
        String[] lines = tsv.split("\n");
        String[] head = lines[0].split("\t");
        int[] counts = new int[head.length - 1];
        for (int i = 1; i < head.length; i++) {
            counts[i - 1] = Integer.parseInt(head[i]);
        }
        FootprintTable t = new FootprintTable(counts);
        for (int l = 1; l < lines.length; l++) {
            if (lines[l].isBlank()) {
                continue;
            }
            String[] f = lines[l].split("\t");
            long[] v = new long[counts.length];
            for (int i = 0; i < counts.length; i++) {
                v[i] = f[i + 1].equals("-") ? HeapFootprint.NOT_MEASURED : Long.parseLong(f[i + 1]);
            }
            t.rows.put(f[0], v);
        }
        return t;
    }

    public void write(Path file) throws IOException {
        Files.writeString(file, toTsv(), StandardCharsets.UTF_8);
    }
}
