package io.tailnode.sim.tailnet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./simulate control} and two {@code ./simulate device --control-url ...} processes form a tailnet on one
 * machine: the server prints its URL and key, the admin API makes a key, both devices join, and their UDP echo
 * probes ({@code --ping-peers 1}) make them handshake over direct UDP on loopback and print the echoes; SIGHUP
 * status shows the peer with a handshake and the admin API lists both nodes online. The script runs with this JVM's class path (TAILNODE_SIM_CLASSPATH), so
 * it builds nothing. Everything is killed at the end; each wait is bounded.
 */
class SimulateProcessesTest {
    @TempDir
    Path dir;
    final List<Proc> procs = new ArrayList<>();

    /** A process with its merged output collected line by line. */
    static final class Proc {
        final Process p;
        final List<String> lines = new CopyOnWriteArrayList<>();

        Proc(Process p) {
            this.p = p;
            Thread t = new Thread(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(),
                        StandardCharsets.UTF_8))) {
                    for (String l; (l = r.readLine()) != null;) {
                        lines.add(l);
                    }
                } catch (java.io.IOException ignored) {
                    // process ended
                }
            }, "proc-output");
            t.setDaemon(true);
            t.start();
        }

        String find(Pattern pat, long timeoutMs) throws InterruptedException {
            long end = System.nanoTime() + timeoutMs * 1_000_000L;
            do {
                for (String l : lines) {
                    Matcher m = pat.matcher(l);
                    if (m.find()) {
                        return m.groupCount() > 0 ? m.group(1) : l;
                    }
                }
                Thread.sleep(50);
            } while (System.nanoTime() < end);
            return null;
        }

        int count(String needle) {
            return (int) lines.stream().filter(l -> l.contains(needle)).count();
        }
    }

    static Path repoRoot() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.isRegularFile(p.resolve("simulate"))) {
            p = p.getParent();
        }
        return p;
    }

    Proc start(String... args) throws Exception {
        List<String> cmd = new ArrayList<>();
        // SIGHUP back to its default: a build started under nohup passes SIGHUP ignored down to every child, and a
        // JVM that starts with it ignored never installs a handler for it (the status-on-SIGHUP check would wait
        // in vain). coreutils env, as on the CI machines.
        cmd.addAll(List.of("env", "--default-signal=HUP"));
        cmd.add(repoRoot().resolve("simulate").toString());
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("TAILNODE_SIM_CLASSPATH", System.getProperty("java.class.path"));
        Proc p = new Proc(pb.start());
        procs.add(p);
        return p;
    }

    @AfterEach
    void kill() throws Exception {
        for (Proc p : procs) {
            p.p.destroy();
        }
        for (Proc p : procs) {
            if (!p.p.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) {
                p.p.destroyForcibly().waitFor();
            }
        }
    }

    String all() {
        StringBuilder sb = new StringBuilder();
        for (Proc p : procs) {
            sb.append("---\n");
            p.lines.forEach(l -> sb.append(l).append('\n'));
        }
        return sb.toString();
    }

    @Test
    void controlAndTwoDeviceProcessesFormATailnet() throws Exception {
        Path root = repoRoot();
        Assumptions.assumeTrue(root != null, "no ./simulate above " + Path.of("").toAbsolutePath());
        Assumptions.assumeTrue(Files.isExecutable(Path.of(System.getProperty("java.home"), "bin", "java")),
                "no java binary");
        Proc control = start("control", "--port", "0", "--admin-port", "0", "--state", dir.resolve("ctl").toString());
        String url = control.find(Pattern.compile("control: listening on (http://\\S+)"), 20000);
        assertTrue(url != null, this::all);
        String serverKey = control.find(Pattern.compile("server key (mkey:[0-9a-f]{64})"), 1000);
        String admin = control.find(Pattern.compile("admin API on (http://\\S+)"), 1000);
        assertTrue(serverKey != null && admin != null, this::all);

        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> keyResp = http.send(HttpRequest.newBuilder(URI.create(admin + "/keys"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"reusable\":true}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, keyResp.statusCode(), keyResp.body());
        String key = new ObjectMapper().readTree(keyResp.body()).get("key").asText();

        Proc a = start("device", "--control-url", url, "--auth-key", key, "--state", dir.resolve("a").toString(),
                "--name", "proc-a", "--bind", "127.0.0.1", "--control-key", serverKey, "--ping-peers", "1");
        Proc b = start("device", "--control-url", url, "--auth-key", key, "--state", dir.resolve("b").toString(),
                "--name", "proc-b", "--bind", "127.0.0.1", "--ping-peers", "1");
        assertTrue(a.find(Pattern.compile("proc-a \\| handshake completed with peer"), 30000) != null, this::all);
        assertTrue(b.find(Pattern.compile("proc-b \\| handshake completed with peer"), 10000) != null, this::all);
        assertTrue(a.find(Pattern.compile("proc-a \\| echo reply from 100\\."), 10000) != null, this::all);
        assertTrue(b.find(Pattern.compile("proc-b \\| echo reply from 100\\."), 10000) != null, this::all);

        // status on SIGHUP: connected, one peer with a handshake and bytes both ways
        new ProcessBuilder("kill", "-HUP", Long.toString(a.p.pid())).start().waitFor();
        assertTrue(a.find(Pattern.compile("control: connected"), 5000) != null, this::all);
        assertTrue(a.find(Pattern.compile("latest handshake: \\d+ seconds? ago"), 5000) != null, this::all);

        JsonNode nodes = new ObjectMapper().readTree(http.send(HttpRequest.newBuilder(URI.create(admin + "/nodes"))
                .GET().build(), HttpResponse.BodyHandlers.ofString()).body());
        if (nodes.has("nodes")) {
            nodes = nodes.get("nodes");
        }
        assertEquals(2, nodes.size(), nodes::toString);
        for (JsonNode n : nodes) {
            assertTrue(n.get("online").asBoolean(), nodes::toString);
        }
    }
}
