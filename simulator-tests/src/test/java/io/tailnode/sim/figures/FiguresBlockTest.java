package io.tailnode.sim.figures;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The README's figures block is what run.sh renders from the committed docs/benchmarks.md. */
class FiguresBlockTest {
    private static final Path ROOT = Path.of("..");

    @Test
    void readmeBlockAgreesWithTheBenchmarksFile() throws Exception {
        String bench = Files.readString(ROOT.resolve("docs/benchmarks.md"), StandardCharsets.UTF_8);
        String readme = Files.readString(ROOT.resolve("README.md"), StandardCharsets.UTF_8);
        assertEquals(FiguresBlock.render(FiguresBlock.figures(bench)), FiguresBlock.blockOf(readme),
                "README figures block differs from docs/benchmarks.md: run simulator-tests/benchmarks/run.sh "
                        + "(or java ... io.tailnode.sim.figures.FiguresBlock docs/benchmarks.md README.md)");
        assertTrue(Files.exists(ROOT.resolve("docs/footprint.png")), "the block shows docs/footprint.png");
    }

    @Test
    void everyFigureTheBlockNeedsIsInTheBenchmarksFile() throws Exception {
        Map<String, String> f = FiguresBlock.figures(
                Files.readString(ROOT.resolve("docs/benchmarks.md"), StandardCharsets.UTF_8));
        for (String k : new String[] {"date", "machine", "jdk", "footprint.total.1", "footprint.total.16",
                "footprint.total.64", "footprint.per_peer", "alloc.packet", "alloc.handshake", "alloc.segment", "alloc.peer",
                "transport.ours", "transport.bc", "handshake.time", "tcp.segments", "netmap.1k.time",
                "netmap.10k.time", "goodput"}) {
            assertTrue(f.containsKey(k) && !f.get(k).isEmpty() && !f.get(k).equals("–"), "figure " + k + ": " + f.get(k));
        }
    }

    @Test
    void renderIsAFunctionOfTheFiguresAndReplacesOnlyTheBlock() {
        String bench = "# x\n\n<!-- figures (generated)\ndate=2026-01-01 00:00 UTC\nalloc.packet=0\nquick=yes\n"
                + "goodput=a | b\n-->\n";
        Map<String, String> f = FiguresBlock.figures(bench);
        assertEquals("0", f.get("alloc.packet"));
        String block = FiguresBlock.render(f);
        assertEquals(block, FiguresBlock.render(FiguresBlock.figures(bench)));
        assertTrue(block.contains("Measured 2026-01-01 00:00 UTC") && block.contains("quick run")
                && block.contains("0 B per packet") && block.contains("a \\| b") && block.contains("– packets/s"), block);
        String readme = "head\n" + FiguresBlock.BEGIN + "\nold\n" + FiguresBlock.END + "\ntail\n";
        String updated = FiguresBlock.replaceBlock(readme, block);
        assertEquals("head\n" + block + "\ntail\n", updated);
        assertEquals(updated, FiguresBlock.replaceBlock(updated, block));
        assertThrows(IllegalArgumentException.class, () -> FiguresBlock.blockOf("no markers"));
        assertThrows(IllegalArgumentException.class, () -> FiguresBlock.figures("no comment"));
    }
}
