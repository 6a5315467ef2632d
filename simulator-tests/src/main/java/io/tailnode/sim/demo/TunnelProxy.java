package io.tailnode.sim.demo;

import io.tailnode.sim.SimDevice;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;

/**
 * A loopback TCP port on the host whose connections are carried into the tailnet by a simulated device: each
 * accepted host connection becomes a {@link TunnelTcp} from {@code via} to {@code targetIp:targetPort}, bytes
 * copied both ways. So {@code curl http://127.0.0.1:PORT/status} reaches a device's HTTP service through
 * WireGuard, the device's TCP stack and, in tailnet mode, the packet filter, as another device would.
 */
final class TunnelProxy implements AutoCloseable {
    private final ServerSocket listener;
    private final SimDevice via;
    private final String targetIp;
    private final int targetPort;
    private volatile boolean closed;

    TunnelProxy(SimDevice via, String targetIp, int targetPort) throws IOException {
        this.via = via;
        this.targetIp = targetIp;
        this.targetPort = targetPort;
        listener = new ServerSocket(0, 8, InetAddress.getLoopbackAddress());
        Thread t = new Thread(this::acceptLoop, "demo-proxy-" + targetIp);
        t.setDaemon(true);
        t.start();
    }

    int port() {
        return listener.getLocalPort();
    }

    private void acceptLoop() {
        while (!closed) {
            Socket s;
            try {
                s = listener.accept();
            } catch (IOException e) {
                return; // closed
            }
            Thread t = new Thread(() -> serve(s), "demo-proxy-conn");
            t.setDaemon(true);
            t.start();
        }
    }

    private void serve(Socket s) {
        try (s; TunnelTcp c = TunnelTcp.connect(via, targetIp, targetPort, 5000)) {
            Thread up = new Thread(() -> copyUp(s, c), "demo-proxy-up");
            up.setDaemon(true);
            up.start();
            OutputStream out = s.getOutputStream();
            while (!closed) {
                byte[] b = c.read(60_000);
                if (b == null || b.length == 0) {
                    break;
                }
                out.write(b);
                out.flush();
            }
        } catch (IOException | InterruptedException e) {
            // the host client sees the connection close
        }
    }

    private static void copyUp(Socket s, TunnelTcp c) {
        byte[] buf = new byte[1024];
        try {
            InputStream in = s.getInputStream();
            int n;
            while ((n = in.read(buf)) > 0) {
                c.write(buf, 0, n);
            }
            c.shutdownOutput();
        } catch (IOException | IllegalStateException e) {
            // connection over
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            listener.close();
        } catch (IOException ignored) {
            // closing
        }
    }
}
