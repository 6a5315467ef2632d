package io.tailnode.sim.footprint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every board's RAM plan against the client it must hold: a client configured for 16 peers and 4 TCP sockets
 * (and one DERP connection once the DERP client exists, issue #7) is built and its retained heap measured with
 * JOL; for each {@code platform-config/boards/<board>/ram-budget.properties} (and the fixture board under test
 * resources) the test fails if that heap exceeds java.heap + java.immortal, if the allocations add up to more than
 * ram.physical, or if ram.physical is not the part's real SRAM (table in {@link RamBudget}).
 */
class RamBudgetTest {
    private static final Path REAL_BOARDS = Path.of("..", "platform-config", "boards");
    private static long retained;

    @BeforeAll
    static void measure() {
        ConfiguredClient client = new ConfiguredClient(16, 4);
        retained = HeapFootprint.total(HeapFootprint.measure(client));
        System.out.printf("[ram-budget] client with 16 peers, 4 TCP sockets retains %d B (%.1f KiB)%n", retained,
                retained / 1024.0);
    }

    /** Real boards first; the fixture board always, so the check runs even before any board exists. */
    static List<Path> boards() throws IOException, URISyntaxException {
        List<Path> out = new ArrayList<>();
        if (Files.isDirectory(REAL_BOARDS)) {
            try (Stream<Path> s = Files.list(REAL_BOARDS)) {
                s.filter(d -> Files.isRegularFile(d.resolve("ram-budget.properties"))).sorted().forEach(out::add);
            }
        }
        Path fixtures = Path.of(RamBudgetTest.class.getResource("/ram-budget/boards").toURI());
        try (Stream<Path> s = Files.list(fixtures)) {
            s.sorted().forEach(out::add);
        }
        return out;
    }

    @TestFactory
    Stream<DynamicTest> everyBoardHoldsTheClient() throws Exception {
        List<Path> boards = boards();
        assertFalse(boards.isEmpty());
        return boards.stream().map(dir -> DynamicTest.dynamicTest(dir.getFileName().toString(), () -> {
            RamBudget b = RamBudget.load(dir);
            List<String> problems = b.check(retained);
            assertTrue(problems.isEmpty(), "RAM budget of " + dir + ":\n  " + String.join("\n  ", problems));
        }));
    }

    private static Properties fits() {
        Properties p = new Properties();
        p.setProperty("ram.physical", Long.toString(256 * 1024));
        p.setProperty("java.heap", "200000");
        p.setProperty("java.immortal", "4000");
        p.setProperty("java.stacks", "8000");
        p.setProperty("c.heap.mbedtls", "20000");
        p.setProperty("lwip", "10000");
        p.setProperty("bsp.static", "4000");
        p.setProperty("vee.runtime", "10000");
        return p;
    }

    private static String problems(String board, Properties p, long heap) {
        return RamBudget.of(board, p).check(heap).stream().collect(Collectors.joining("\n"));
    }

    @Test
    void aPlanThatFitsHasNoProblem() {
        assertEquals("", problems("nrf9160dk", fits(), 204_000));
        assertEquals(256_000, RamBudget.of("nrf9160dk", fits()).allocatedBytes());
    }

    @Test
    void heapBeyondJavaHeapPlusImmortalFails() {
        String p = problems("nrf9160dk", fits(), 204_001);
        assertTrue(p.contains("retains 204001 B") && p.contains("java.heap + java.immortal = 204000 B"), p);
    }

    @Test
    void raisingPhysicalRamInTheFileFails() {
        Properties p = fits();
        p.setProperty("ram.physical", Long.toString(1024 * 1024));
        String s = problems("nrf9160dk", p, 1);
        assertTrue(s.contains("ram.physical = 1048576 B but the nrf9160 has 262144 B"), s);
    }

    @Test
    void allocationsBeyondPhysicalFail() {
        Properties p = fits();
        p.setProperty("lwip", "20000");
        String s = problems("nrf9160dk", p, 1);
        assertTrue(s.contains("allocations add up to 266000 B") && s.contains("more than ram.physical 262144 B"), s);
    }

    @Test
    void partsAreKnownByNameOrDeclared() {
        assertEquals("stm32f746", RamBudget.partOf("stm32f746g-disco", null));
        assertEquals("nrf5340", RamBudget.partOf("nrf5340dk_nrf5340_cpuapp", null));
        assertEquals("nrf9151", RamBudget.partOf("nRF9151-DK", null));
        assertEquals("nrf9160", RamBudget.partOf("thingy91", "nRF9160"));
        assertEquals(320 * 1024, RamBudget.PHYSICAL_SRAM.get("stm32f746"));
        assertEquals(512 * 1024, RamBudget.PHYSICAL_SRAM.get("nrf5340"));
        assertEquals(256 * 1024, RamBudget.PHYSICAL_SRAM.get("nrf9151"));
        String s = problems("mystery-board", fits(), 1);
        assertTrue(s.contains("no physical SRAM known"), s);
    }

    @Test
    void missingOrMalformedKeysFail() {
        Properties p = fits();
        p.remove("vee.runtime");
        p.setProperty("lwip", "lots");
        String s = problems("nrf9160dk", p, 1);
        assertTrue(s.contains("vee.runtime is missing") && s.contains("lwip is not a non-negative number"), s);
    }
}
