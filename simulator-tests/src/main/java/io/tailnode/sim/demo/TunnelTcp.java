package io.tailnode.sim.demo;

import io.tailnode.firmware.api.TailnetSockets;
import io.tailnode.firmware.api.TcpListener;
import io.tailnode.ip.tcp.TcpReason;
import io.tailnode.sim.SimDevice;
import java.io.IOException;
import java.net.InetAddress;
import java.util.ArrayDeque;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A TCP connection opened by a simulated device through its integrator socket API ({@link TailnetSockets#tcpConnect}),
 * as blocking calls for host threads: the socket calls and callbacks run on the device's loop thread, bytes cross
 * over in queues. What an OEM application on the board would do, driven from the host.
 */
final class TunnelTcp implements TcpListener, AutoCloseable {
    /** End of the byte stream (orderly close, reset or failed connect); {@link #closeReason} says which. */
    private static final byte[] EOF = new byte[0];

    private final SimDevice device;
    private final LinkedBlockingQueue<byte[]> received = new LinkedBlockingQueue<>();
    private final LinkedBlockingQueue<Integer> established = new LinkedBlockingQueue<>();
    /** Loop thread only: bytes the stack did not take yet. */
    private final ArrayDeque<byte[]> unsent = new ArrayDeque<>();
    private int unsentOffset;
    private final byte[] readBuffer = new byte[2048];
    private volatile int handle = -1;
    private volatile boolean open;
    private volatile int closeReason = TcpReason.OK;
    private boolean shutdownWanted;

    private TunnelTcp(SimDevice device) {
        this.device = device;
    }

    /** Connects {@code device} to {@code ipv4:port} over the tunnel; waits up to {@code timeoutMs} for the handshake. */
    static TunnelTcp connect(SimDevice device, String ipv4, int port, long timeoutMs) throws IOException {
        TunnelTcp c = new TunnelTcp(device);
        byte[] addr = InetAddress.getByName(ipv4).getAddress();
        int h = device.onLoop(l -> device.sockets().tcpConnect(4, addr, 0, port, c, l.now()));
        if (h < 0) {
            throw new IOException("connect to " + ipv4 + ":" + port + " refused by the device's socket API ("
                    + reasonName(h) + ")");
        }
        c.handle = h;
        Integer r;
        try {
            r = c.established.poll(timeoutMs, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            r = null;
        }
        if (r == null) {
            c.close();
            throw new IOException("no TCP connection to " + ipv4 + ":" + port + " within " + timeoutMs + " ms");
        }
        if (r != TcpReason.OK) {
            throw new IOException("TCP connection to " + ipv4 + ":" + port + " failed (" + reasonName(r) + ")");
        }
        return c;
    }

    /** Queues {@code b} for sending (the loop sends what the window allows, the rest as room opens). */
    void write(byte[] b, int off, int len) throws IOException {
        if (!open) {
            throw new IOException("connection closed (" + reasonName(closeReason) + ")");
        }
        byte[] copy = java.util.Arrays.copyOfRange(b, off, off + len);
        device.onLoop(l -> {
            unsent.add(copy);
            flush();
            return null;
        });
    }

    /** Half-closes after the queued bytes (FIN). */
    void shutdownOutput() {
        device.onLoop(l -> {
            shutdownWanted = true;
            flush();
            return null;
        });
    }

    /** The next bytes received, an empty array at the end of the stream, or null after {@code timeoutMs}. */
    byte[] read(long timeoutMs) throws InterruptedException {
        byte[] b = received.poll(timeoutMs, TimeUnit.MILLISECONDS);
        if (b == EOF) {
            received.add(EOF); // stays at the end for later readers
        }
        return b;
    }

    /** Why the stream ended (TcpReason name), once {@link #read} returned the end. */
    String closeReason() {
        return reasonName(closeReason);
    }

    @Override
    public void close() {
        int h = handle;
        if (h >= 0 && open) {
            open = false;
            try {
                device.onLoop(l -> device.sockets().close(h));
            } catch (IllegalStateException ignored) {
                // the device is gone already
            }
        }
    }

    // ------------------------------------------------------------------ loop thread

    private void flush() {
        int h = handle;
        while (!unsent.isEmpty()) {
            byte[] b = unsent.peek();
            int n = device.sockets().write(h, b, unsentOffset, b.length - unsentOffset);
            if (n == TcpReason.WOULD_BLOCK || n == 0) {
                return; // onWritable comes back
            }
            if (n < 0) {
                unsent.clear();
                return;
            }
            unsentOffset += n;
            if (unsentOffset == b.length) {
                unsent.poll();
                unsentOffset = 0;
            }
        }
        if (shutdownWanted) {
            shutdownWanted = false;
            device.sockets().shutdown(h);
        }
    }

    @Override
    public void onAccept(int h) {
        open = true;
        established.add(TcpReason.OK);
        flush();
    }

    @Override
    public void onReadable(int h) {
        while (true) {
            int n = device.sockets().read(h, readBuffer, 0, readBuffer.length);
            if (n > 0) {
                received.add(java.util.Arrays.copyOf(readBuffer, n));
            } else if (n == TcpReason.WOULD_BLOCK || n == 0) {
                return;
            } else {
                if (n != TcpReason.END_OF_STREAM) {
                    closeReason = n;
                }
                received.add(EOF);
                return;
            }
        }
    }

    @Override
    public void onWritable(int h) {
        flush();
    }

    @Override
    public void onClosed(int h, int reason) {
        if (!open) {
            established.add(reason == TcpReason.OK ? TcpReason.CONNECTION_RESET : reason);
        }
        open = false;
        if (reason != TcpReason.OK && reason != TcpReason.END_OF_STREAM) {
            closeReason = reason;
        }
        received.add(EOF);
    }

    static String reasonName(int code) {
        for (java.lang.reflect.Field f : TcpReason.class.getFields()) {
            try {
                if (f.getType() == int.class && f.getInt(null) == code) {
                    return f.getName();
                }
            } catch (IllegalAccessException ignored) {
                // public fields only
            }
        }
        return "code " + code;
    }
}
