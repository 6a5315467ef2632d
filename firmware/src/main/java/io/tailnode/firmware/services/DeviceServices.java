package io.tailnode.firmware.services;

import io.tailnode.firmware.loop.InnerServices;
import io.tailnode.firmware.loop.LoopHook;
import io.tailnode.http.HttpConnection;
import io.tailnode.http.HttpServer;
import io.tailnode.http.StatusSource;
import io.tailnode.ip.IpStack;
import io.tailnode.ip.UdpEchoService;
import io.tailnode.ip.tcp.TcpReason;
import io.tailnode.ip.tcp.TcpStack;
import io.tailnode.ip.tcp.TcpTransport;
import io.tailnode.lang.HotPath;

/**
 * The device's own services on its tunnel addresses, as {@link io.tailnode.firmware.loop.TunnelLoop} sees them:
 * the {@link IpStack} (ICMP echo, ICMP errors, UDP) with {@link TcpStack} behind it ({@link TcpTransport}), the
 * UDP echo service on port 7 and the HTTP service ({@link HttpServer}: /status, /metrics, /bytes, /sink) on TCP
 * {@link ServicesConfig#httpPort}.
 * <p>
 * HTTP glue, per {@link #service} call and each bounded: up to {@code acceptsPerService} accepts (beyond the
 * server's connection capacity: the 503 of {@link HttpServer#writeRefusal}, then close); per connection one read
 * of at most {@code readChunk} bytes into its hold-over buffer (HTTP consumes nothing while a response is
 * pending, so unconsumed bytes wait there and TCP's receive window closes behind them), then at most
 * {@code writesPerService} response chunks, each no larger than what TCP accepts right now (so nothing polled
 * from HTTP is ever left over). End of stream goes to {@link HttpConnection#onEndOfInput}; {@link
 * HttpConnection#wantsClose} closes the socket (FIN after the queued response); a reset or timed-out socket is
 * dropped. A connection that moves no byte either way for {@code httpIdleMs} is reset (HTTP has no timeout of
 * its own; a client that never reads is stopped the same way). All storage is allocated in the constructor.
 * Not thread-safe: the event loop owns it.
 */
public final class DeviceServices implements InnerServices {
    private final IpStack ip;
    private final TcpStack tcp;
    private final HttpServer http;
    private final UdpEchoService udpEcho;
    private final int listener;
    private final int idleMs;
    private final int writesPerService;
    private final int acceptsPerService;
    private final int readChunk;
    /** Per HTTP slot: TCP handle (-1 = free), its connection, last byte moved, input ended. */
    private final int[] handles;
    private final HttpConnection[] conns;
    private final long[] lastActive;
    private final boolean[] inputEnded;
    /** Per slot hold-over: inBuf[slot * readChunk + inOff[slot] .. + inLen[slot]). */
    private final byte[] inBuf;
    private final int[] inOff;
    private final int[] inLen;
    private final byte[] out;
    private final byte[] refusal = new byte[256];
    /** Set by service when a budget ran out with work left: the loop should come back at once. */
    private boolean moreWork;
    private long refused;
    private long idleResets;
    private long accepted;
    /** The integrator's API (or other loop work), run at the end of each {@link #service}; null: none. */
    private LoopHook hook;

    /**
     * @param isnSecret 32 random bytes at {@code off} (TCP's RFC 6528 key), copied
     * @param status what /status and /metrics report; if it is a {@link DeviceStatus} it is given the stacks'
     *               counters
     */
    public DeviceServices(ServicesConfig config, byte[] isnSecret, int off, StatusSource status) {
        if (config.httpConnections < 1 || config.readChunk < 64 || config.writesPerService < 1
                || config.acceptsPerService < 1 || config.httpIdleMs < 1) {
            throw new IllegalArgumentException("services config");
        }
        config.tcp.mtu = config.ip.mtu;
        ip = new IpStack(config.ip);
        tcp = new TcpStack(config.tcp, isnSecret, off);
        ip.setTcpHandler(new TcpTransport(tcp));
        udpEcho = new UdpEchoService(ip.udp(), config.ip.mtu);
        if (udpEcho.start() < 0) {
            throw new IllegalStateException("udp echo");
        }
        http = new HttpServer(config.http, status, config.httpConnections);
        listener = tcp.listen(config.httpPort);
        if (listener < 0) {
            throw new IllegalStateException("http listen");
        }
        if (status instanceof DeviceStatus) {
            ((DeviceStatus) status).attach(ip, tcp);
        }
        idleMs = config.httpIdleMs;
        writesPerService = config.writesPerService;
        acceptsPerService = config.acceptsPerService;
        readChunk = config.readChunk;
        int n = config.httpConnections;
        handles = new int[n];
        conns = new HttpConnection[n];
        lastActive = new long[n];
        inputEnded = new boolean[n];
        inBuf = new byte[n * readChunk];
        inOff = new int[n];
        inLen = new int[n];
        // poll never asks for more than the send ring has room for (service), so a render chunk larger than the
        // ring (boards: 2 KiB chunks, 1 KiB rings) would never fill this buffer.
        out = new byte[Math.min(config.http.chunkBytes + 16, config.tcp.sendBufferSize)];
        for (int i = 0; i < n; i++) {
            handles[i] = -1;
        }
    }

    /** Sets the device's IPv4 tunnel address (IP and TCP). */
    public void setAddressV4(byte[] a, int off) {
        ip.setAddressV4(a, off);
        tcp.setAddressV4(a, off);
    }

    /** Sets the device's IPv6 tunnel address (IP and TCP). */
    public void setAddressV6(byte[] a, int off) {
        ip.setAddressV6(a, off);
        tcp.setAddressV6(a, off);
    }

    @HotPath
    @Override
    public int receive(byte[] pkt, int off, int len, long nowMs) {
        return ip.receive(pkt, off, len, nowMs);
    }

    @HotPath
    @Override
    public int poll(long nowMs, byte[] dst, int off, int cap) {
        return ip.poll(nowMs, dst, off, cap);
    }

    @HotPath
    @Override
    public long nextDeadline(long nowMs) {
        if (moreWork) {
            return nowMs;
        }
        long d = ip.nextDeadline();
        if (hook != null) {
            long h = hook.nextDeadline(nowMs);
            if (h < d) {
                d = h;
            }
        }
        for (int i = 0; i < handles.length; i++) {
            if (handles[i] >= 0) {
                long idle = lastActive[i] + idleMs;
                if (idle < d) {
                    d = idle;
                }
            }
        }
        return d;
    }

    @HotPath
    @Override
    public void service(long nowMs) {
        moreWork = false;
        udpEcho.service();
        for (int k = 0; k < acceptsPerService; k++) {
            int h = tcp.accept(listener);
            if (h < 0) {
                break;
            }
            admit(h, nowMs);
            if (k == acceptsPerService - 1) {
                moreWork = true;
            }
        }
        for (int i = 0; i < handles.length; i++) {
            if (handles[i] >= 0) {
                serve(i, nowMs);
            }
        }
        if (hook != null) {
            hook.onIteration(nowMs);
        }
    }

    /**
     * Sets the work run once per loop iteration at the end of {@link #service} (after the device's own services,
     * before the loop takes the output), e.g. {@code io.tailnode.firmware.api.TailnetSockets}; null removes it.
     */
    public void setHook(LoopHook hook) {
        this.hook = hook;
    }

    @HotPath
    private void admit(int h, long nowMs) {
        accepted++;
        HttpConnection c = http.accept();
        if (c == null) {
            refused++;
            int n = HttpServer.writeRefusal(refusal, 0, refusal.length);
            if (n > 0) {
                tcp.write(h, refusal, 0, n);
            }
            tcp.close(h);
            return;
        }
        for (int i = 0; i < handles.length; i++) {
            if (handles[i] < 0) {
                handles[i] = h;
                conns[i] = c;
                lastActive[i] = nowMs;
                inputEnded[i] = false;
                inOff[i] = 0;
                inLen[i] = 0;
                return;
            }
        }
        // Unreachable while the slot table is as large as the server's pool; be safe anyway.
        http.release(c);
        tcp.abort(h);
    }

    @HotPath
    private void serve(int i, long nowMs) {
        int h = handles[i];
        HttpConnection c = conns[i];
        // Input: offer held bytes first, then read more once they are gone.
        if (inLen[i] == 0 && !inputEnded[i]) {
            int r = tcp.read(h, inBuf, i * readChunk, readChunk);
            if (r > 0) {
                inOff[i] = 0;
                inLen[i] = r;
                lastActive[i] = nowMs;
            } else if (r == TcpReason.END_OF_STREAM) {
                inputEnded[i] = true;
                c.onEndOfInput();
            } else if (r != TcpReason.WOULD_BLOCK) {
                drop(i, false);
                return;
            }
        }
        if (inLen[i] > 0) {
            int used = c.onData(inBuf, i * readChunk + inOff[i], inLen[i]);
            inOff[i] += used;
            inLen[i] -= used;
        }
        // Output: never poll more than TCP takes now, so no response byte is held here.
        for (int k = 0; k < writesPerService; k++) {
            int room = tcp.writable(h);
            if (room <= 0) {
                break;
            }
            int n = c.poll(out, 0, room < out.length ? room : out.length);
            if (n <= 0) {
                break;
            }
            int w = tcp.write(h, out, 0, n);
            if (w != n) {
                drop(i, false);
                return;
            }
            lastActive[i] = nowMs;
            if (k == writesPerService - 1) {
                moreWork = true;
            }
            if (inLen[i] > 0) {
                // The response may have finished: the held request bytes can go in now.
                int used = c.onData(inBuf, i * readChunk + inOff[i], inLen[i]);
                inOff[i] += used;
                inLen[i] -= used;
            }
        }
        if (inLen[i] == 0 && !inputEnded[i] && tcp.readable(h) > 0) {
            moreWork = true;
        }
        if (c.wantsClose()) {
            drop(i, true);
        } else if (nowMs - lastActive[i] >= idleMs) {
            idleResets++;
            drop(i, false);
        }
    }

    /** Ends slot {@code i}: graceful close (FIN after queued data) or abort (RST), and frees the HTTP connection. */
    @HotPath
    private void drop(int i, boolean graceful) {
        if (graceful) {
            tcp.close(handles[i]);
        } else {
            tcp.abort(handles[i]);
        }
        http.release(conns[i]);
        handles[i] = -1;
        conns[i] = null;
        inLen[i] = 0;
    }

    public IpStack ip() {
        return ip;
    }

    public TcpStack tcp() {
        return tcp;
    }

    public HttpServer http() {
        return http;
    }

    public UdpEchoService udpEcho() {
        return udpEcho;
    }

    /** Connections answered 503 because every HTTP connection was busy. */
    public long refusedConnections() {
        return refused;
    }

    /** Connections reset by the idle timeout. */
    public long idleResets() {
        return idleResets;
    }

    /** TCP connections accepted on the HTTP port (served or refused). */
    public long acceptedConnections() {
        return accepted;
    }

    /** HTTP connections in use. */
    public int activeConnections() {
        return http.activeConnections();
    }
}
