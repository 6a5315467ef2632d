package io.tailnode.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/**
 * A small, dependency-free mutation fuzzer for the device modules' bad-input tests (plain JUnit, fixed seed).
 * <p>
 * A target is a {@link Property}: it gets one input and throws (an {@link AssertionError} or anything else)
 * when a property is violated; returning normally is a pass. {@link #run} first replays the committed seed
 * corpus ({@code <dir>/<target>/*}) and the committed crashers ({@code <dir>/<target>/regressions/*}), then
 * mutates seeds (bit flips, byte sets, interesting values, inserts, deletes, truncation, extension, splices)
 * for a time budget. Every mutated input is derived from {@code Random(mix(seed, i))}, so (seed, i) names it;
 * a failing input is written as a {@code .hex} file to the crash directory before the test fails.
 * <p>
 * System properties (all optional):
 * <ul>
 * <li>{@code fuzz.seconds} budget per target (default: environment variable {@code TAILNODE_FUZZ_SECONDS},
 * else 5; {@code .ci/run} sets 20, see docs/fuzzing.md);</li>
 * <li>{@code fuzz.seed} the run's seed (default fixed, 0x5EED; {@code fuzz.sh} passes a random one);</li>
 * <li>{@code fuzz.dir} corpus root (default {@code src/test/resources/fuzz}, relative to the module);</li>
 * <li>{@code fuzz.crashDir} where failing inputs go (default {@code target/fuzz-crashers});</li>
 * <li>{@code fuzz.maxRuns} an upper bound on mutated inputs (default unbounded).</li>
 * </ul>
 * Files: {@code *.hex} (hex digits; whitespace and {@code #} comment lines ignored), anything else raw bytes.
 */
public final class Fuzz {
    /** A property over one input: throw to fail. */
    public interface Property {
        void check(byte[] input) throws Exception;
    }

    /** What a run did. */
    public static final class Report {
        public final String target;
        public final int seeds;
        public final int regressions;
        public final long runs;
        public final long millis;

        Report(String target, int seeds, int regressions, long runs, long millis) {
            this.target = target;
            this.seeds = seeds;
            this.regressions = regressions;
            this.runs = runs;
            this.millis = millis;
        }

        @Override
        public String toString() {
            return "fuzz " + target + ": " + seeds + " seeds, " + regressions + " regressions replayed, " + runs
                    + " mutated inputs in " + millis + " ms";
        }
    }

    private static final int[] INTERESTING = {0, 1, 0x7f, 0x80, 0xff, 0xfe, 0x40, 0x20, 0x10, 4, 6, 0x45, 0x60};
    private static final int MAX_LEN = 4096;

    private Fuzz() {
    }

    public static long budgetMillis() {
        String env = System.getenv("TAILNODE_FUZZ_SECONDS");
        String s = System.getProperty("fuzz.seconds", env == null || env.isEmpty() ? "5" : env);
        return (long) (Double.parseDouble(s) * 1000);
    }

    public static long seed() {
        String s = System.getProperty("fuzz.seed", "0x5EED").trim().toLowerCase();
        return s.startsWith("0x") ? Long.parseUnsignedLong(s.substring(2), 16) : Long.parseLong(s);
    }

    public static Path dir() {
        return Paths.get(System.getProperty("fuzz.dir", "src/test/resources/fuzz"));
    }

    /** Corpus files of {@code target} (sorted, not recursive), as bytes. */
    public static List<byte[]> load(Path folder) {
        List<byte[]> out = new ArrayList<>();
        for (Path p : files(folder)) {
            out.add(read(p));
        }
        return out;
    }

    public static List<Path> files(Path folder) {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(folder)) {
            return s.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().startsWith("."))
                    .filter(p -> !p.getFileName().toString().endsWith(".md")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static byte[] read(Path p) {
        try {
            byte[] raw = Files.readAllBytes(p);
            if (!p.getFileName().toString().endsWith(".hex")) {
                return raw;
            }
            StringBuilder sb = new StringBuilder();
            for (String line : new String(raw, StandardCharsets.US_ASCII).split("\n")) {
                if (!line.trim().startsWith("#")) {
                    sb.append(line.replaceAll("\\s", ""));
                }
            }
            return HexFormat.of().parseHex(sb);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes {@code data} as a commented .hex file (64 hex digits a line); returns the path. */
    public static Path writeHex(Path folder, String name, String comment, byte[] data) {
        try {
            Files.createDirectories(folder);
            StringBuilder sb = new StringBuilder();
            for (String c : comment.split("\n")) {
                sb.append("# ").append(c).append('\n');
            }
            String hex = HexFormat.of().formatHex(data);
            for (int i = 0; i < hex.length(); i += 64) {
                sb.append(hex, i, Math.min(hex.length(), i + 64)).append('\n');
            }
            Path p = folder.resolve(name.endsWith(".hex") ? name : name + ".hex");
            Files.writeString(p, sb.toString(), StandardCharsets.US_ASCII);
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@link #run(String, List, UnaryOperator, Property)} without extra seeds or fix-up. */
    public static Report run(String target, Property property) {
        return run(target, List.of(), null, property);
    }

    /**
     * Replays {@code <dir>/<target>/} and its {@code regressions/}, plus {@code extraSeeds} (inputs built by the
     * test, e.g. a live capture), then fuzzes for {@link #budgetMillis()}. {@code fixup}, if not null, is
     * applied to half of the mutated inputs (e.g. to recompute checksums so mutations reach deeper code).
     */
    public static Report run(String target, List<byte[]> extraSeeds, UnaryOperator<byte[]> fixup,
            Property property) {
        Path folder = dir().resolve(target);
        List<Path> seedFiles = files(folder);
        List<Path> regressionFiles = files(folder.resolve("regressions"));
        if (seedFiles.isEmpty()) {
            throw new AssertionError("no seed corpus in " + folder.toAbsolutePath());
        }
        List<byte[]> seeds = new ArrayList<>();
        for (Path p : seedFiles) {
            byte[] in = read(p);
            seeds.add(in);
            replay(target, p.toString(), in, property);
        }
        for (Path p : regressionFiles) {
            replay(target, p.toString(), read(p), property);
        }
        for (byte[] in : extraSeeds) {
            seeds.add(in);
            replay(target, "extra seed", in, property);
        }
        long seed = seed();
        long budget = budgetMillis();
        long maxRuns = Long.getLong("fuzz.maxRuns", Long.MAX_VALUE);
        long start = System.nanoTime();
        long deadline = start + budget * 1_000_000L;
        long i = 0;
        while (i < maxRuns && System.nanoTime() < deadline) {
            Random rnd = new Random(mix(seed, i));
            byte[] in = mutate(rnd, seeds);
            if (fixup != null && rnd.nextBoolean()) {
                in = fixup.apply(in);
            }
            byte[] copy = in.clone();
            try {
                property.check(in);
            } catch (Throwable t) {
                Path crashDir = Paths.get(System.getProperty("fuzz.crashDir", "target/fuzz-crashers"));
                String name = target + "-" + Long.toHexString(seed) + "-" + i;
                Path p = writeHex(crashDir, name, "fuzz target " + target + ", seed 0x" + Long.toHexString(seed)
                        + ", input " + i + "\n" + firstLine(t), copy);
                throw new AssertionError("fuzz " + target + ": input " + i + " of seed 0x" + Long.toHexString(seed)
                        + " fails (written to " + p.toAbsolutePath() + ")", t);
            }
            i++;
        }
        Report r = new Report(target, seeds.size(), regressionFiles.size(), i,
                (System.nanoTime() - start) / 1_000_000L);
        System.out.println(r);
        return r;
    }

    private static String firstLine(Throwable t) {
        String s = String.valueOf(t);
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    private static void replay(String target, String name, byte[] in, Property property) {
        try {
            property.check(in.clone());
        } catch (Throwable t) {
            throw new AssertionError("fuzz " + target + ": committed input " + name + " fails", t);
        }
    }

    /** SplitMix64 of (seed, i): independent streams per input. */
    static long mix(long seed, long i) {
        long z = seed + (i + 1) * 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** One to eight stacked mutations of a random seed (or, rarely, fresh random bytes). */
    public static byte[] mutate(Random rnd, List<byte[]> seeds) {
        if (rnd.nextInt(32) == 0) {
            byte[] d = new byte[rnd.nextInt(200)];
            rnd.nextBytes(d);
            return d;
        }
        byte[] d = seeds.get(rnd.nextInt(seeds.size())).clone();
        int n = 1 + rnd.nextInt(rnd.nextBoolean() ? 2 : 8);
        for (int k = 0; k < n; k++) {
            d = mutateOnce(rnd, d, seeds);
        }
        return d;
    }

    private static byte[] mutateOnce(Random rnd, byte[] d, List<byte[]> seeds) {
        int len = d.length;
        switch (rnd.nextInt(10)) {
            case 0: // flip one bit
                if (len > 0) {
                    d[rnd.nextInt(len)] ^= (byte) (1 << rnd.nextInt(8));
                }
                return d;
            case 1: // random byte
                if (len > 0) {
                    d[rnd.nextInt(len)] = (byte) rnd.nextInt(256);
                }
                return d;
            case 2: // interesting byte, biased to the first 48 bytes (headers)
                if (len > 0) {
                    int at = rnd.nextBoolean() ? rnd.nextInt(Math.min(len, 48)) : rnd.nextInt(len);
                    d[at] = (byte) INTERESTING[rnd.nextInt(INTERESTING.length)];
                }
                return d;
            case 3: // interesting 16-bit big- or little-endian value (lengths, ports)
                if (len > 1) {
                    int at = rnd.nextInt(len - 1);
                    int v = new int[] {0, 1, 0xffff, 0x7fff, 0x8000, len, len - 1, len + 1, 20, 40, 576, 1420,
                        1500, 9000}[rnd.nextInt(14)];
                    boolean be = rnd.nextBoolean();
                    d[at] = (byte) (be ? v >>> 8 : v);
                    d[at + 1] = (byte) (be ? v : v >>> 8);
                }
                return d;
            case 4: // truncate
                return len == 0 ? d : Arrays.copyOf(d, rnd.nextInt(len));
            case 5: // extend with random bytes
            {
                if (len >= MAX_LEN) {
                    return d;
                }
                byte[] e = Arrays.copyOf(d, Math.min(MAX_LEN, len + 1 + rnd.nextInt(rnd.nextBoolean() ? 4 : 64)));
                for (int j = len; j < e.length; j++) {
                    e[j] = (byte) rnd.nextInt(256);
                }
                return e;
            }
            case 6: // delete a range
            {
                if (len == 0) {
                    return d;
                }
                int at = rnd.nextInt(len);
                int n = 1 + rnd.nextInt(Math.min(16, len - at));
                byte[] e = new byte[len - n];
                System.arraycopy(d, 0, e, 0, at);
                System.arraycopy(d, at + n, e, at, len - at - n);
                return e;
            }
            case 7: // insert (copy of an own range, or a random byte)
            {
                if (len >= MAX_LEN) {
                    return d;
                }
                int at = rnd.nextInt(len + 1);
                byte[] ins;
                if (len > 0 && rnd.nextBoolean()) {
                    int from = rnd.nextInt(len);
                    ins = Arrays.copyOfRange(d, from, from + 1 + rnd.nextInt(Math.min(32, len - from)));
                } else {
                    ins = new byte[] {(byte) rnd.nextInt(256)};
                }
                byte[] e = new byte[len + ins.length];
                System.arraycopy(d, 0, e, 0, at);
                System.arraycopy(ins, 0, e, at, ins.length);
                System.arraycopy(d, at, e, at + ins.length, len - at);
                return e;
            }
            case 8: // splice: head of this, tail of another seed
            {
                byte[] o = seeds.get(rnd.nextInt(seeds.size()));
                int a = rnd.nextInt(len + 1);
                int b = rnd.nextInt(o.length + 1);
                byte[] e = new byte[Math.min(MAX_LEN, a + o.length - b)];
                System.arraycopy(d, 0, e, 0, Math.min(a, e.length));
                if (e.length > a) {
                    System.arraycopy(o, b, e, a, e.length - a);
                }
                return e;
            }
            default: // overwrite a range with a copy of another seed's same range (field transplant)
            {
                byte[] o = seeds.get(rnd.nextInt(seeds.size()));
                int n = Math.min(len, o.length);
                if (n == 0) {
                    return d;
                }
                int at = rnd.nextInt(n);
                int k = 1 + rnd.nextInt(Math.min(32, n - at));
                System.arraycopy(o, at, d, at, k);
                return d;
            }
        }
    }

    /**
     * An input placed in a larger buffer between random guard bytes, to prove a callee wrote nothing outside
     * {@code [off, off+len)}: {@link #assertGuardsIntact()} compares the guards with their first contents.
     */
    public static final class Guarded {
        public final byte[] buf;
        public final int off;
        public final int len;
        private final byte[] before;

        public Guarded(byte[] input, int front, int back, long seed) {
            buf = new byte[front + input.length + back];
            new Random(seed).nextBytes(buf);
            off = front;
            len = input.length;
            System.arraycopy(input, 0, buf, off, len);
            before = buf.clone();
        }

        /** True if nothing changed anywhere (guards and the input itself). */
        public boolean unchanged() {
            return Arrays.equals(buf, before);
        }

        public void assertGuardsIntact() {
            for (int i = 0; i < buf.length; i++) {
                if ((i < off || i >= off + len) && buf[i] != before[i]) {
                    throw new AssertionError("write outside [" + off + ", " + (off + len) + ") at " + i);
                }
            }
        }
    }
}
