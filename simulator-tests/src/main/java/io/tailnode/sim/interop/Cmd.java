package io.tailnode.sim.interop;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs one external command with a hard timeout (the process is killed, by its own PID, when it expires),
 * merged stdout+stderr captured through a temporary file so a chatty command can never block on a full pipe.
 */
public final class Cmd {
    /** Default timeout for short configuration commands (ip, wg). */
    public static final Duration SHORT = Duration.ofSeconds(10);

    private Cmd() {
    }

    /** Outcome of a command: exit status (-1 if it timed out and was killed) and its merged output. */
    public record Result(List<String> command, int exit, String output, boolean timedOut) {
        public boolean ok() {
            return exit == 0 && !timedOut;
        }

        /** Throws with command, status and output unless the command succeeded. */
        public Result orThrow() {
            if (!ok()) {
                throw new IllegalStateException("command failed (" + (timedOut ? "timed out" : "exit " + exit)
                        + "): " + String.join(" ", command) + "\n" + output.strip());
            }
            return this;
        }
    }

    public static Result run(Duration timeout, String... command) {
        return run(timeout, null, Map.of(), command);
    }

    /** Runs {@code command}, feeding {@code stdin} (may be null) and adding {@code env}; never throws on failure. */
    public static Result run(Duration timeout, String stdin, Map<String, String> env, String... command) {
        List<String> cmd = Arrays.asList(command);
        Path out = null;
        try {
            out = Files.createTempFile("tn-cmd", ".out");
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectOutput(out.toFile());
            pb.environment().putAll(env);
            if (stdin == null) {
                pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            }
            Process p = pb.start();
            if (stdin != null) {
                try (OutputStream os = p.getOutputStream()) {
                    os.write(stdin.getBytes(StandardCharsets.UTF_8));
                }
            }
            boolean done = p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (!done) {
                p.destroyForcibly();
                p.waitFor(2, TimeUnit.SECONDS);
            }
            String text = Files.readString(out, StandardCharsets.UTF_8);
            return new Result(cmd, done ? p.exitValue() : -1, text, !done);
        } catch (IOException e) {
            return new Result(cmd, -1, "cannot run: " + e.getMessage(), false);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(cmd, -1, "interrupted", true);
        } finally {
            if (out != null) {
                try {
                    Files.deleteIfExists(out);
                } catch (IOException ignored) {
                    // a temp file left behind is harmless
                }
            }
        }
    }

    /** Runs with {@link #SHORT} and throws unless it succeeded. */
    public static String must(String... command) {
        return run(SHORT, command).orThrow().output();
    }
}
