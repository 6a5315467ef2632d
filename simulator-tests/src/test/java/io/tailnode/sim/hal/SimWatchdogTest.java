package io.tailnode.sim.hal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The simulated watchdog counts kicks and reports an interval above its timeout loudly (log line and status). */
class SimWatchdogTest {
    @Test
    void anIntervalAboveTheTimeoutIsLoggedAndCounted() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        SimWatchdog dog = new SimWatchdog(1, new PrintStream(out, true, StandardCharsets.UTF_8), "dev");
        dog.kick();
        assertEquals(0, dog.overruns(), "the first kick starts the watch");
        Thread.sleep(20); // at least 20 ms pass: far above the 1 ms timeout
        dog.kick();
        assertEquals(2, dog.kicks());
        assertEquals(1, dog.overruns());
        assertTrue(dog.longestIntervalMillis() >= 20);
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("dev | WATCHDOG OVERRUN: "), out.toString());
        assertTrue(dog.statusLine().contains("1 OVERRUNS"), dog.statusLine());
        assertEquals(1, dog.timeoutMillis());
    }

    @Test
    void kicksWithinTheTimeoutAreQuiet() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        SimWatchdog dog = new SimWatchdog(60_000, new PrintStream(out, true, StandardCharsets.UTF_8), "dev");
        for (int i = 0; i < 100; i++) {
            dog.kick();
        }
        assertEquals(100, dog.kicks());
        assertEquals(0, dog.overruns());
        assertEquals(0, out.size());
        assertTrue(dog.statusLine().startsWith("watchdog: 100 kicks, longest interval "), dog.statusLine());
    }
}
