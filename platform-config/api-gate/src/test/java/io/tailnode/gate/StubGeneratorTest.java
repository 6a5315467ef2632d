package io.tailnode.gate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class StubGeneratorTest {
    @Test
    void committedJavaStubsAreExactlyWhatTheAllowlistGenerates() throws IOException {
        Map<String, String> expected = new StubGenerator(Fixtures.allowlist()).generate();
        Path src = Fixtures.projectRoot().resolve("platform-config/api-stubs/src/main/java");
        Map<String, String> actual = new TreeMap<>();
        for (String top : List.of("java", "javax")) {
            try (Stream<Path> files = Files.walk(src.resolve(top))) {
                for (Path p : files.filter(Files::isRegularFile).toList()) {
                    actual.put(src.relativize(p).toString().replace('\\', '/'), Files.readString(p));
                }
            }
        }
        assertEquals(expected.keySet(), actual.keySet(),
                "stub files differ from the allowlist; regenerate with StubGenerator (see platform-config/README.md)");
        for (String k : expected.keySet()) {
            assertEquals(expected.get(k), actual.get(k), k + " was edited by hand or the allowlist changed; regenerate");
        }
    }

    @Test
    void aSignatureOutsideTheAllowlistIsAnError() {
        Allowlist a = Allowlist.parse(List.of("## [src] test", "java/lang/Object", "java/lang/Object.<init>()V",
                "java/lang/Object.toString()Ljava/lang/String;"), "test");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> new StubGenerator(a).generate());
        assertTrue(e.getMessage().contains("java/lang/String, which is not allowlisted"), e.getMessage());
    }
}
