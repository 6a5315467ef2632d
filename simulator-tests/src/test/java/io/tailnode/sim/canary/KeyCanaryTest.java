package io.tailnode.sim.canary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The key canary (rule 5): runs in its own surefire execution after every other test of simulator-tests
 * and searches everything they recorded (log lines, exception messages, describe/toString output) for every
 * secret they registered. 0 hits, or the build fails naming the secret, the form and the source.
 */
class KeyCanaryTest {

    @Test
    void noRegisteredSecretAppearsInAnyRecordedOutput() throws IOException {
        CanaryScanner scanner = new CanaryScanner();
        for (Path f : CanaryFiles.files("secrets-")) {
            for (String line : Files.readAllLines(f)) {
                int tab = line.indexOf('\t');
                scanner.addSecret(line.substring(0, tab), HexFormat.of().parseHex(line.substring(tab + 1)));
            }
        }
        List<CanaryScanner.Hit> hits = new ArrayList<>();
        TreeMap<String, Integer> bySource = new TreeMap<>();
        int outputs = 0;
        for (Path f : CanaryFiles.files("outputs-")) {
            for (String line : Files.readAllLines(f)) {
                int tab = line.indexOf('\t');
                String source = line.substring(0, tab);
                hits.addAll(scanner.scan(source, CanaryFiles.unescape(line.substring(tab + 1))));
                bySource.merge(source.substring(source.lastIndexOf(':') + 1), 1, Integer::sum);
                outputs++;
            }
        }
        System.out.println("key canary: " + scanner.secretCount() + " secrets (" + scanner.patternCount()
                + " patterns) searched in " + outputs + " recorded outputs " + bySource + ": " + hits.size() + " hits");
        // An empty evidence directory would pass vacuously: the pipeline itself must have worked.
        assertTrue(scanner.secretCount() > 0, "no secrets registered under " + CanaryFiles.DIR.toAbsolutePath());
        assertTrue(outputs > 0, "no outputs recorded under " + CanaryFiles.DIR.toAbsolutePath());
        assertEquals(List.of(), hits, "secrets leaked");
    }
}
