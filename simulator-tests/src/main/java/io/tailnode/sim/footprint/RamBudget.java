package io.tailnode.sim.footprint;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * A board's RAM plan ({@code platform-config/boards/<board>/ram-budget.properties}, bytes) and the checks the
 * client must pass against it: the retained heap fits the Java heap plus immortal heap, the allocations add up to
 * at most the physical RAM, and the physical RAM is the part's real internal SRAM ({@link #PHYSICAL_SRAM}, kept
 * here rather than in the file, so a change cannot raise the budget by editing the board file).
 */
public final class RamBudget {
    public static final String PHYSICAL = "ram.physical";
    /** Every allocation the file must give, in bytes; together they must fit {@link #PHYSICAL}. */
    public static final List<String> ALLOCATIONS = List.of("java.heap", "java.immortal", "java.stacks",
            "c.heap.mbedtls", "lwip", "bsp.static", "vee.runtime");

    /**
     * Internal SRAM of each part, from the vendors' datasheets: STM32F746 320 KiB (SRAM1 240 + SRAM2 16 + DTCM 64);
     * nRF5340 application core 512 KiB; nRF9160 and nRF9151 256 KiB. Keys are matched against the board's
     * {@code part} property or, without one, its directory name.
     */
    public static final Map<String, Long> PHYSICAL_SRAM = physicalTable();

    private final String board;
    private final Map<String, Long> values;
    private final String part;

    private RamBudget(String board, Map<String, Long> values, String part) {
        this.board = board;
        this.values = values;
        this.part = part;
    }

    private static Map<String, Long> physicalTable() {
        Map<String, Long> m = new LinkedHashMap<>();
        m.put("stm32f746", 320L * 1024);
        m.put("nrf5340", 512L * 1024);
        m.put("nrf9160", 256L * 1024);
        m.put("nrf9151", 256L * 1024);
        return java.util.Collections.unmodifiableMap(m);
    }

    /** Reads {@code dir/ram-budget.properties}; the board is named after {@code dir}. Missing keys are reported by {@link #check}. */
    public static RamBudget load(Path dir) throws IOException {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(dir.resolve("ram-budget.properties"), StandardCharsets.UTF_8)) {
            p.load(r);
        }
        return of(dir.getFileName().toString(), p);
    }

    public static RamBudget of(String board, Properties p) {
        Map<String, Long> v = new LinkedHashMap<>();
        List<String> keys = new ArrayList<>(ALLOCATIONS);
        keys.add(0, PHYSICAL);
        for (String k : keys) {
            String s = p.getProperty(k);
            if (s == null) {
                continue;
            }
            try {
                v.put(k, Long.parseLong(s.trim()));
            } catch (NumberFormatException e) {
                v.put(k, Long.MIN_VALUE);
            }
        }
        return new RamBudget(board, v, partOf(board, p.getProperty("part")));
    }

    /** The {@link #PHYSICAL_SRAM} key for a board: its {@code part} property, else the first key its name contains. */
    static String partOf(String board, String declared) {
        String hay = (declared != null ? declared : board).toLowerCase(Locale.ROOT).replace("-", "").replace("_", "");
        for (String k : PHYSICAL_SRAM.keySet()) {
            if (hay.contains(k)) {
                return k;
            }
        }
        if (hay.contains("nrf9161")) {
            return "nrf9160"; // same 256 KiB RAM
        }
        return null;
    }

    public String board() {
        return board;
    }

    /** Bytes the Java client may retain: java.heap + java.immortal. */
    public long javaBytes() {
        return get("java.heap") + get("java.immortal");
    }

    /**
     * Record buffers of one TLS connection in the platform's C heap: the inbound record (16 KiB, the TLS maximum the
     * DERP server may send; issue #7's floor) and the 4 KiB outbound one the board files configure. Each DERP
     * connection is a TLS connection; these bytes are C heap (c.heap.mbedtls), never Java heap.
     */
    public static final long TLS_RECORD_BYTES_PER_CONNECTION = 16384 + 4096;

    /** The platform TLS heap: c.heap.mbedtls (C heap, outside the Java heap). */
    public long tlsBytes() {
        return get("c.heap.mbedtls");
    }

    /** Sum of every allocation. */
    public long allocatedBytes() {
        long t = 0;
        for (String k : ALLOCATIONS) {
            t += get(k);
        }
        return t;
    }

    private long get(String k) {
        Long v = values.get(k);
        return v == null || v < 0 ? 0 : v;
    }

    /**
     * Everything wrong with this plan for a client retaining {@code retainedHeap} bytes, one readable sentence each
     * (empty: it fits).
     */
    public List<String> check(long retainedHeap) {
        return check(retainedHeap, Map.of());
    }

    /**
     * As {@link #check(long)}, with named allowances for Java parts the client needs but that are not built yet
     * (bytes each): the measured heap plus every allowance must fit java.heap + java.immortal.
     */
    public List<String> check(long retainedHeap, Map<String, Long> allowances) {
        return check(retainedHeap, allowances, 0);
    }

    /**
     * As {@link #check(long, Map)}, and c.heap.mbedtls must hold the TLS record buffers of {@code derpConnections}
     * connections ({@link #TLS_RECORD_BYTES_PER_CONNECTION} each).
     */
    public List<String> check(long retainedHeap, Map<String, Long> allowances, int derpConnections) {
        List<String> out = new ArrayList<>();
        List<String> keys = new ArrayList<>(ALLOCATIONS);
        keys.add(0, PHYSICAL);
        for (String k : keys) {
            Long v = values.get(k);
            if (v == null) {
                out.add(board + ": " + k + " is missing from ram-budget.properties");
            } else if (v < 0) {
                out.add(board + ": " + k + " is not a non-negative number of bytes");
            }
        }
        Long physical = values.get(PHYSICAL);
        if (part == null) {
            out.add(board + ": no physical SRAM known for this board's part (name it after one of "
                    + PHYSICAL_SRAM.keySet() + ", or add the part to RamBudget.PHYSICAL_SRAM with its datasheet figure)");
        } else if (physical != null && physical != (long) PHYSICAL_SRAM.get(part)) {
            out.add(board + ": ram.physical = " + physical + " B but the " + part + " has " + PHYSICAL_SRAM.get(part)
                    + " B (" + PHYSICAL_SRAM.get(part) / 1024 + " KiB) of internal SRAM");
        }
        if (physical != null && physical >= 0 && allocatedBytes() > physical) {
            out.add(board + ": allocations add up to " + allocatedBytes() + " B (" + kib(allocatedBytes()) + "), more than "
                    + "ram.physical " + physical + " B (" + kib(physical) + ")");
        }
        long tls = derpConnections * TLS_RECORD_BYTES_PER_CONNECTION;
        if (values.get("c.heap.mbedtls") != null && tlsBytes() < tls) {
            out.add(board + ": c.heap.mbedtls = " + tlsBytes() + " B cannot hold the TLS records of " + derpConnections
                    + " DERP connection(s): " + tls + " B (16 KiB in + 4 KiB out each, C heap)");
        }
        long reserved = 0;
        StringBuilder named = new StringBuilder();
        for (Map.Entry<String, Long> a : allowances.entrySet()) {
            reserved += a.getValue();
            named.append(" + ").append(a.getKey()).append(' ').append(a.getValue()).append(" B");
        }
        long need = retainedHeap + reserved;
        if (need > javaBytes()) {
            out.add(board + ": the client retains " + retainedHeap + " B (" + kib(retainedHeap) + ")" + named
                    + " but java.heap + java.immortal = " + javaBytes() + " B (" + kib(javaBytes()) + "), short by "
                    + kib(need - javaBytes()));
        }
        return out;
    }

    private static String kib(long b) {
        return String.format(Locale.ROOT, "%.1f KiB", b / 1024.0);
    }
}
