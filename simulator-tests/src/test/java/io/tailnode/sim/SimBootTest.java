package io.tailnode.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tailnode.firmware.keystore.RecordTypes;
import io.tailnode.sim.canary.CanaryRecorder;
import io.tailnode.sim.canary.SecretRegistry;
import io.tailnode.sim.hal.SimFlashImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The simulator's state dir is a flash image the device's own key store manages, across "power cycles". */
class SimBootTest {
    private static String boot(Path state) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int rc = SimBoot.run(new String[] {"--state", state.toString(), "--name", "plc-1"},
                new PrintStream(out, true), new PrintStream(err, true));
        String text = out.toString(StandardCharsets.UTF_8);
        CanaryRecorder.record("sim-boot:stdout", text);
        CanaryRecorder.record("sim-boot:stderr", err.toString(StandardCharsets.UTF_8));
        assertEquals(0, rc, err.toString(StandardCharsets.UTF_8));
        return text;
    }

    private static String line(String out, String prefix) {
        return Arrays.stream(out.split("\n")).filter(l -> l.contains(prefix)).findFirst().orElseThrow();
    }

    @Test
    void identityIsCreatedOnceAndSurvivesRebootsWithoutLeaking(@TempDir Path state) throws IOException {
        String first = boot(state);
        assertTrue(first.contains("KEYS_CREATED"), first);
        String second = boot(state);
        assertTrue(second.contains("KEYS_LOADED"), second);
        assertEquals(line(first, "nodekey:"), line(second, "nodekey:"));
        assertEquals(line(first, "mkey:"), line(second, "mkey:"));

        // The private keys live only in the image: register them so the canary proves none was printed.
        SimFlashImage image = SimFlashImage.open(state.resolve("flash.img"));
        for (int type : new int[] {RecordTypes.NODE_KEY, RecordTypes.MACHINE_KEY}) {
            byte[] key = new byte[32];
            assertEquals(32, image.read(type, key, 0, 32));
            SecretRegistry.register("sim-boot private key " + type, key);
        }
    }
}
