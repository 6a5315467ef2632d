package io.tailnode.sim.canary;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Where the key canary's evidence lives between the two surefire executions: {@code target/canary/} of
 * simulator-tests (emptied by the pom before tests run). Each test JVM appends to
 * {@code secrets-<pid>.txt} (label TAB hex of the secret) and {@code outputs-<pid>.txt} (source TAB text,
 * with backslash, CR and LF escaped so one record is one line).
 */
final class CanaryFiles {
    static final Path DIR = Path.of(System.getProperty("canary.dir", "target/canary"));
    private static final long PID = ProcessHandle.current().pid();

    private CanaryFiles() {
    }

    static synchronized void appendSecret(String label, byte[] secret) {
        append("secrets-" + PID + ".txt", clean(label) + "\t" + HexFormat.of().formatHex(secret));
    }

    static synchronized void appendOutput(String source, String text) {
        append("outputs-" + PID + ".txt", clean(source) + "\t" + escape(text));
    }

    static List<Path> files(String prefix) {
        List<Path> out = new ArrayList<>();
        if (!Files.isDirectory(DIR)) {
            return out;
        }
        try (var s = Files.list(DIR)) {
            s.filter(p -> p.getFileName().toString().startsWith(prefix)).sorted().forEach(out::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    static String escape(String s) {
        return s.replace("\\", "\\\\").replace("\n", "\\n").replace("\r", "\\r");
    }

    static String unescape(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length()) {
                char n = s.charAt(++i);
                sb.append(n == 'n' ? '\n' : n == 'r' ? '\r' : n);
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    private static String clean(String label) {
        return label.replace('\t', ' ').replace('\n', ' ').replace('\r', ' ');
    }

    private static void append(String file, String line) {
        try {
            Files.createDirectories(DIR);
            Files.writeString(DIR.resolve(file), line + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
