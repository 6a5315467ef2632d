package io.tailnode.sim.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./simulate demo} in-process, as CI runs the README's main job: exit status, the steps' lines, the status
 * table; a second run on the same {@code --state} keeps the nodes; {@code --stay}'s loopback port carries an HTTP
 * request into a device through the tailnet.
 */
class DemoTest {
    @TempDir
    Path dir;

    private static String run(int expectedExit, String... args) {
        return run(expectedExit, null, args);
    }

    private static String run(int expectedExit, Runnable whileStaying, String... args) {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        PrintStream ps = new PrintStream(buf, true, StandardCharsets.UTF_8);
        int rc = Demo.run(args, ps, ps, whileStaying);
        String out = buf.toString(StandardCharsets.UTF_8);
        assertEquals(expectedExit, rc, out);
        return out;
    }

    private static void assertLine(String out, String regex) {
        assertTrue(Pattern.compile(regex, Pattern.MULTILINE).matcher(out).find(), () -> "no line /" + regex + "/ in\n" + out);
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void demoPassesEveryStep() {
        String out = run(0);
        assertFalse(out.contains("FAIL"), out);
        assertLine(out, "^  ok    start the development control server .* http://127\\.0\\.0\\.1:\\d+, admin ");
        assertLine(out, "^  ok    start the DERP relay and STUN responder .* DERP 127\\.0\\.0\\.1:\\d+ \\(TLS, region 900\\)");
        assertLine(out, "^  ok    register and receive the netmap .* plc-1 100\\.64\\.0\\.\\d+, inverter-2 100\\.64\\.0\\.\\d+,"
                + " tablet-3 100\\.64\\.0\\.\\d+;");
        assertLine(out, "^  ok    connect to the home DERP region .* all three logged in to region 900");
        assertLine(out, "^  ok    handshake plc-1 -> inverter-2 ");
        assertLine(out, "^  ok    direct path plc-1 <-> inverter-2 \\(disco\\) .* 127\\.0\\.0\\.1:\\d+ and 127\\.0\\.0\\.1:\\d+");
        assertLine(out, "^  ok    handshake tablet-3 -> inverter-2 \\(via DERP\\) .* both ends on derp:900; the relay carried"
                + " [1-9]\\d* packets");
        assertLine(out, "^  ok    handshake tablet-3 -> plc-1 \\(via DERP\\) ");
        for (String pair : List.of("plc-1 -> inverter-2", "inverter-2 -> plc-1", "tablet-3 -> inverter-2",
                "inverter-2 -> tablet-3", "tablet-3 -> plc-1")) {
            assertLine(out, "^  ok    ping " + pair + " .* 3/3 echo replies from 100\\.64\\.0\\.\\d+, rtt ");
        }
        assertLine(out, "^  ok    GET /status tablet-3 -> plc-1 .* HTTP 200, \\d+ B JSON: device plc-1, control connected, 2 peers");
        assertLine(out, "^  ok    GET /status plc-1 -> inverter-2 .* device inverter-2, control connected");
        assertLine(out, "^  ok    GET /status inverter-2 -> tablet-3 .* device tablet-3, control connected");
        assertLine(out, "^  ok    policy: plc-1 -> tablet-3 denied .* echo request unanswered, TCP connect got no answer;"
                + " tablet-3's filter dropped \\d+ packets \\(filter_no_rule [2-9]\\d*\\)");
        assertLine(out, "^device +peer +path +endpoint +handshake +rx bytes +tx bytes$");
        // six rows: every device sees both others, with a handshake and traffic both ways
        Matcher rows = Pattern.compile("^(plc-1|inverter-2|tablet-3) +(plc-1|inverter-2|tablet-3) +(direct|relayed) +"
                + "(\\S+) +(\\d+) s ago +(\\d+) +(\\d+)$", Pattern.MULTILINE).matcher(out);
        int n = 0;
        while (rows.find()) {
            n++;
            boolean viaTablet = rows.group(1).equals("tablet-3") || rows.group(2).equals("tablet-3");
            assertEquals(viaTablet ? "relayed" : "direct", rows.group(3), rows.group());
            assertEquals(viaTablet, rows.group(4).equals("derp:900"), rows.group());
            assertTrue(Long.parseLong(rows.group(6)) > 0 && Long.parseLong(rows.group(7)) > 0, rows.group());
        }
        assertEquals(6, n, out);
        assertLine(out, "^demo passed in \\d+\\.\\d s$");
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void secondRunOnTheSameStateKeepsNodesAndAddresses() throws Exception {
        Path state = dir.resolve("state");
        String first = run(0, "--state", state.toString());
        String second = run(0, "--state", state.toString());
        Pattern addrs = Pattern.compile("plc-1 (100\\.64\\.0\\.\\d+), inverter-2 (100\\.64\\.0\\.\\d+), tablet-3 (100\\.64\\.0\\.\\d+)");
        Matcher a = addrs.matcher(first);
        Matcher b = addrs.matcher(second);
        assertTrue(a.find() && b.find(), first + second);
        assertEquals(a.group(), b.group(), "same nodes, same addresses");
        JsonNode tailnet = new ObjectMapper().readTree(Files.readString(state.resolve("control/tailnet.json")));
        assertEquals(3, tailnet.path("nodes").size(), tailnet.toString());
        for (String name : List.of("plc-1", "inverter-2", "tablet-3")) {
            assertTrue(Files.size(state.resolve(name + ".log")) > 0, name);
            assertTrue(Files.exists(state.resolve(name).resolve("flash.img")), name);
        }
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void stayOpensALoopbackPortIntoPlcThroughTheTailnet() {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        PrintStream ps = new PrintStream(buf, true, StandardCharsets.UTF_8);
        List<String> answers = new ArrayList<>();
        int rc = Demo.run(new String[] {"--stay"}, ps, ps, () -> {
            Matcher m = Pattern.compile("curl -s (http://127\\.0\\.0\\.1:\\d+/status) +# plc-1's /status")
                    .matcher(buf.toString(StandardCharsets.UTF_8));
            assertTrue(m.find(), buf::toString);
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            for (int i = 0; i < 2; i++) { // a second connection through the same port
                try {
                    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(m.group(1)))
                            .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
                    answers.add(r.statusCode() + " " + r.body());
                } catch (Exception e) {
                    answers.add("failed: " + e);
                }
            }
        });
        String out = buf.toString(StandardCharsets.UTF_8);
        assertEquals(0, rc, out);
        assertEquals(2, answers.size());
        for (String a : answers) {
            assertTrue(a.startsWith("200 {\"device\":\"plc-1\""), a);
        }
        assertLine(out, "^  curl -s http://127\\.0\\.0\\.1:\\d+/admin/nodes$");
    }

    /** The README's command as a process: {@code ./simulate demo}, with this JVM's class path (builds nothing). */
    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void simulateDemoScriptExitsZero() throws Exception {
        Path root = Path.of("").toAbsolutePath();
        while (root != null && !Files.isRegularFile(root.resolve("simulate"))) {
            root = root.getParent();
        }
        assertTrue(root != null, "no ./simulate above " + Path.of("").toAbsolutePath());
        ProcessBuilder pb = new ProcessBuilder(root.resolve("simulate").toString(), "demo").redirectErrorStream(true);
        pb.environment().put("TAILNODE_SIM_CLASSPATH", System.getProperty("java.class.path"));
        Process p = pb.start();
        try {
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8); // ends when it exits
            assertTrue(p.waitFor(10, TimeUnit.SECONDS), out);
            assertEquals(0, p.exitValue(), out);
            assertLine(out, "^demo passed in \\d+\\.\\d s$");
            assertFalse(out.contains("SLF4J"), "no logging-binding noise on the console: " + out);
        } finally {
            p.destroyForcibly();
        }
    }

    @Test
    void unknownOptionIsAUsageError() {
        String out = run(2, "--bogus");
        assertTrue(out.contains("unknown option --bogus") && out.contains("usage: ./simulate demo"), out);
    }
}
