package io.tailnode.sim.nat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the NAT test classes share: the control server child (in {@code pub}), a pre-auth key, the two devices
 * ({@link NatDeviceMain} consoles behind their NATs), reading their status lines and their {@code /status} JSON.
 */
final class NatTailnet {
    static final int REGION = 900;
    static final String JAVA = ProcessHandle.current().info().command().orElse("java");
    private static final Pattern CONTROL_URL = Pattern.compile("control: listening on (http://\\S+)");
    private static final Pattern ADMIN_URL = Pattern.compile("control: admin API on (http://\\S+)");
    private static final Pattern PIN = Pattern.compile("--derp-pin (sha256-raw:[0-9a-fA-F]{64})");
    private static final Pattern PUBLIC_KEY = Pattern.compile("\\| public key (\\S+),");

    final NatLab.Child control;
    final String url;
    final String admin;
    final String key;
    NatLab.Child a;
    NatLab.Child b;

    private NatTailnet(NatLab.Child control, String url, String admin, String key) {
        this.control = control;
        this.url = url;
        this.admin = admin;
        this.key = key;
    }

    /** The control server in {@code pub} (extra args e.g. {@code --derp-map FILE}) and a reusable key. */
    static NatTailnet startControl(NatLab lab, String... extra) throws Exception {
        List<String> args = new java.util.ArrayList<>(List.of("--bind", NatLab.PUBLIC_IP, "--port", "0",
                "--admin-port", "0"));
        args.addAll(List.of(extra));
        NatLab.Child control = lab.java(NatLab.PUB, "control", "io.tailnode.sim.control.ControlMain",
                args.toArray(new String[0]));
        String url = control.await(CONTROL_URL, 20000);
        String admin = control.await(ADMIN_URL, 1000);
        String key = adminToolAt(admin, "key", "--reusable").trim();
        assertEquals(1, key.lines().count(), key);
        return new NatTailnet(control, url, admin, key);
    }

    /** The pin the control server's in-process relay printed. */
    String inProcessPin() throws InterruptedException {
        return control.await(PIN, 1000);
    }

    /** {@code ./simulate control-admin} in {@code pub} (its output). */
    String adminTool(String... args) throws Exception {
        return adminToolAt(admin, args);
    }

    private static String adminToolAt(String admin, String... args) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of("ip", "netns", "exec", NatLab.PUB, JAVA, "-cp",
                System.getProperty("java.class.path"), "io.tailnode.sim.control.ControlAdminTool", "--admin", admin));
        cmd.addAll(List.of(args));
        return NatLab.run(true, cmd.toArray(new String[0]));
    }

    /** Starts both devices (a behind NAT a, b behind NAT b) pinning {@code pin}; state under {@code dir}. */
    void startDevices(NatLab lab, Path dir, String pin) throws Exception {
        a = device(lab, NatLab.DEV_A, "nat-a", NatLab.DEV_A_IP, dir, pin);
        b = device(lab, NatLab.DEV_B, "nat-b", NatLab.DEV_B_IP, dir, pin);
    }

    private NatLab.Child device(NatLab lab, String ns, String name, String bind, Path dir, String pin)
            throws Exception {
        return lab.java(ns, name, "io.tailnode.sim.nat.NatDeviceMain", "--control-url", url, "--auth-key", key,
                "--state", dir.resolve(name).toString(), "--name", name, "--bind", bind, "--derp-pin", pin);
    }

    /** The device's node key (= WireGuard public key) as hex, from its first output line. */
    static String nodeKeyHex(NatLab.Child device) throws InterruptedException {
        return HexFormat.of().formatHex(Base64.getDecoder().decode(device.await(PUBLIC_KEY, 20000)));
    }

    /** The peer's tunnel IPv4 address, from the device's first echo reply. */
    static String peerTunnelIp(NatLab.Child device) throws InterruptedException {
        return device.await(Pattern.compile(" \\| echo reply from (100\\.\\S+)"), 30000);
    }

    /** Waits for an echo reply line read after {@code afterNanos}; returns its read time. */
    static long awaitEchoAfter(NatLab.Child device, long afterNanos, long ms) throws InterruptedException {
        assertTrue(NatLab.waitFor(ms, () -> device.firstAfter(afterNanos, " | echo reply from ") > 0),
                () -> device.name + ": no echo reply within " + ms + " ms:\n" + tail(device.output()));
        return device.firstAfter(afterNanos, " | echo reply from ");
    }

    /**
     * Fetches {@code http://ip/status} from {@code from} through the tunnel: HTTP 200 and the JSON body. Retried
     * once on a timeout (a TCP SYN can be lost while a path switches).
     */
    static JsonNode fetchStatus(NatLab.Child from, String ip) throws Exception {
        Pattern reply = Pattern.compile("\\| cmd (get .*|get failed.*)");
        String r = from.command("get " + ip + " /status", reply, 15000);
        if (!r.startsWith("get HTTP/1.1 200")) {
            r = from.command("get " + ip + " /status", reply, 15000);
        }
        assertTrue(r.startsWith("get HTTP/1.1 200"), r);
        return new ObjectMapper().readTree(r.substring(r.indexOf(" B: ") + 4));
    }

    /** The last line of {@code text} (from character {@code from} on) that starts with {@code prefix}, or "". */
    static String lastLine(String text, int from, String prefix) {
        String found = "";
        for (String line : text.substring(Math.min(from, text.length())).split("\n")) {
            if (line.startsWith(prefix)) {
                found = line;
            }
        }
        return found;
    }

    /** The first group of {@code pattern} in {@code line} as a number, or -1. */
    static long number(Pattern pattern, String line) {
        Matcher m = pattern.matcher(line);
        return m.find() ? Long.parseLong(m.group(1)) : -1;
    }

    static String tail(String text) {
        return text.length() <= 6000 ? text : "..." + text.substring(text.length() - 6000);
    }
}
