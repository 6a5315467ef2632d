package io.tailnode.sim.tailnet;

import io.tailnode.sim.SimDevice;
import io.tailnode.sim.control.ControlConfig;
import io.tailnode.sim.control.DevControlServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * The development control server and simulated devices on loopback, closed in reverse order. Devices log to
 * memory; {@link #logs} shows everything when an assertion fails.
 */
final class TailnetFixture implements AutoCloseable {
    final Path dir;
    final ControlConfig config = new ControlConfig();
    DevControlServer server;
    final List<SimDevice> devices = new ArrayList<>();
    final List<ByteArrayOutputStream> outs = new ArrayList<>();

    TailnetFixture(Path dir) {
        this.dir = dir;
        config.stateDir = dir.resolve("control");
    }

    DevControlServer startServer() throws Exception {
        server = DevControlServer.start(config);
        return server;
    }

    /** Stops the server and starts it again on the same port with the same state directory (same key). */
    void restartServer() throws Exception {
        int port = server.port();
        server.close();
        config.port = port;
        server = DevControlServer.start(config);
    }

    SimDevice.Options options(String name, String authKey) {
        SimDevice.Options o = SimDevice.Options.tailnet(server.controlUrl(), authKey, dir.resolve(name), name,
                "127.0.0.1");
        o.controlKey = server.serverKeyText();
        return o;
    }

    SimDevice device(SimDevice.Options o) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        SimDevice d = SimDevice.start(o, new PrintStream(out, true));
        devices.add(d);
        outs.add(out);
        return d;
    }

    SimDevice device(String name, String authKey) throws Exception {
        return device(options(name, authKey));
    }

    /** Everything the devices logged and their status pages. */
    String logs() {
        StringBuilder sb = new StringBuilder("\n");
        for (int i = 0; i < devices.size(); i++) {
            try {
                sb.append(devices.get(i).status());
            } catch (RuntimeException e) {
                sb.append("(no status: ").append(e).append(")\n");
            }
            sb.append(outs.get(i).toString());
        }
        return sb.toString();
    }

    static boolean waitFor(long timeoutMs, BooleanSupplier cond) throws InterruptedException {
        long end = System.nanoTime() + timeoutMs * 1_000_000L;
        while (System.nanoTime() < end) {
            if (cond.getAsBoolean()) {
                return true;
            }
            Thread.sleep(20);
        }
        return cond.getAsBoolean();
    }

    static boolean connected(SimDevice d) {
        return "connected".equals(d.controlState());
    }

    /** Waits until every device is connected and has {@code peers} netmap peers with an endpoint for each. */
    boolean meshUp(int peers, long timeoutMs) throws InterruptedException {
        return waitFor(timeoutMs, () -> devices.stream().allMatch(d -> connected(d) && d.netmapPeerCount() == peers));
    }

    @Override
    public void close() throws Exception {
        Exception first = null;
        for (int i = devices.size() - 1; i >= 0; i--) {
            try {
                devices.get(i).close();
            } catch (Exception e) {
                first = first == null ? e : first;
            }
        }
        if (server != null) {
            server.close();
        }
        if (first != null) {
            throw first;
        }
    }
}
