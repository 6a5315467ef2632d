package io.tailnode.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Per-board VEE Port configuration (platform-config/boards/*): the RAM budget has exactly the agreed keys and fits
 * the part's physical SRAM; the application options match their budget lines (heap, immortal, stacks); at most 4
 * Java threads; the watchdog timeout exceeds the worst erase + GC + loop iteration it budgets for.
 */
class BoardConfigurationTest {
    private static final Path BOARDS = Path.of("../platform-config/boards");
    private static final Set<String> BUDGET_KEYS = Set.of("ram.physical", "java.heap", "java.immortal", "java.stacks",
            "c.heap.mbedtls", "lwip", "bsp.static", "vee.runtime");

    private static Properties load(Path p) throws IOException {
        Properties props = new Properties();
        try (Reader r = Files.newBufferedReader(p)) {
            props.load(r);
        }
        return props;
    }

    private static long number(Properties p, String key) {
        String v = p.getProperty(key);
        assertTrue(v != null, "missing " + key);
        return Long.parseLong(v.trim());
    }

    private static List<Path> boards() throws IOException {
        try (Stream<Path> s = Files.list(BOARDS)) {
            return s.filter(Files::isDirectory).sorted().toList();
        }
    }

    @Test
    void bothBoardsAreConfigured() throws IOException {
        assertEquals(List.of("nrf9151-dk", "stm32f746g-disco"),
                boards().stream().map(p -> p.getFileName().toString()).toList());
    }

    @Test
    void ramBudgetFitsPhysicalSramAndMatchesTheOptions() throws IOException {
        for (Path board : boards()) {
            Properties budget = load(board.resolve("ram-budget.properties"));
            assertEquals(new TreeSet<>(BUDGET_KEYS), new TreeSet<>(budget.stringPropertyNames()), board + " budget keys");
            long sum = 0;
            for (String k : BUDGET_KEYS) {
                assertTrue(number(budget, k) > 0, board + ": " + k + " must be positive");
                if (!k.equals("ram.physical")) {
                    sum += number(budget, k);
                }
            }
            assertTrue(sum <= number(budget, "ram.physical"),
                    board + ": budget " + sum + " B exceeds physical SRAM " + number(budget, "ram.physical") + " B");

            Properties app = load(board.resolve("configuration/common.properties"));
            assertEquals(number(budget, "java.heap"), number(app, "core.memory.javaheap.size"), board + " heap");
            assertEquals(number(budget, "java.immortal"), number(app, "core.memory.immortal.size"), board + " immortal");
            assertEquals(number(budget, "java.stacks"),
                    number(app, "core.memory.threads.pool.size") * number(app, "core.memory.thread.block.size"),
                    board + " stacks = pool blocks x block size");
            assertTrue(number(app, "core.memory.threads.size") <= 4, board + ": at most 4 Java threads");
            assertTrue(number(app, "core.memory.thread.max.size") * number(app, "core.memory.threads.size")
                    >= number(app, "core.memory.threads.pool.size"), board + ": pool usable by the threads");
            long need = number(app, "tailnode.watchdog.budget.erase.ms") + number(app, "tailnode.watchdog.budget.gc.ms")
                    + number(app, "tailnode.watchdog.budget.iteration.ms");
            assertTrue(number(app, "tailnode.watchdog.timeout.ms") > need,
                    board + ": watchdog timeout must exceed erase + GC + iteration (" + need + " ms)");
        }
    }

    @Test
    void layoutFollowsTheSdk5ConfigurationProject() throws IOException {
        for (Path board : boards()) {
            for (String f : List.of("module.properties", "bsp/bsp.properties", "mjvm/mjvm.properties",
                    "net/net.properties", "configuration/common.properties", "ram-budget.properties")) {
                assertTrue(Files.isRegularFile(board.resolve(f)), board + " lacks " + f);
            }
            Properties bsp = load(board.resolve("bsp/bsp.properties"));
            for (String src : bsp.getProperty("tailnode.bsp.sources").split("\\s+")) {
                Path p = Path.of("../bsp").resolve(src.replace("*.c", ""));
                assertTrue(Files.exists(p), board + ": bsp source " + src + " missing");
            }
        }
    }
}
