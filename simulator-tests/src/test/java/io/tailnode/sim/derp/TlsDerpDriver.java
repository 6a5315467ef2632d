package io.tailnode.sim.derp;

import io.tailnode.crypto.CryptoBox;
import io.tailnode.derp.CertPin;
import io.tailnode.derp.DerpClient;
import io.tailnode.derp.DerpListener;
import io.tailnode.derp.DerpReason;
import io.tailnode.firmware.hal.HalStatus;
import io.tailnode.firmware.hal.TlsTransport;
import io.tailnode.sim.hal.HostTlsTransport;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.function.BooleanSupplier;
import javax.net.ssl.SSLContext;

/**
 * Drives a device {@link DerpClient} over the simulator's TLS HAL ({@link HostTlsTransport}, a real loopback
 * SSLSocket), the way the device loop will. Single-threaded: {@link #pump} writes pending output, reads
 * what arrives within a short socket timeout, feeds it to the client and calls poll. Time is virtual ({@link
 * #now}), so deadlines are asserted exactly.
 */
final class TlsDerpDriver implements DerpListener, AutoCloseable {
    final DerpClient client;
    final byte[] nodePrivate;
    final byte[] nodePublic;
    final List<String> events = new ArrayList<>();
    final List<byte[]> packets = new ArrayList<>();
    final List<byte[]> sources = new ArrayList<>();
    final byte[] readBuf = new byte[16384];
    long now = 1_000_000;
    int lastError;
    private HostTlsTransport transport;

    TlsDerpDriver() {
        nodePrivate = NaclBox.newPrivateKey();
        nodePublic = NaclBox.publicKey(nodePrivate);
        SecureRandom rnd = new SecureRandom();
        client = new DerpClient(new CryptoBox(), (b, off, len) -> {
            byte[] t = new byte[len];
            rnd.nextBytes(t);
            System.arraycopy(t, 0, b, off, len);
        }, this, 1500, 16384, 256);
        client.setNodeKey(nodePrivate, 0, nodePublic, 0);
    }

    /**
     * TCP + TLS through the {@link HostTlsTransport} HAL (chain mode with {@code trust}, or pin mode with the
     * relay's {@code sha256-raw:} CertName parsed by the device's {@link CertPin}), then DerpClient.connect.
     * Returns the HAL code (OK = 0).
     */
    int connect(SSLContext trust, DevDerpRelay relay, boolean pin) {
        return connect(trust, relay, pin ? relay.pin() : null);
    }

    int connect(SSLContext trust, DevDerpRelay relay, String certName) {
        byte[] pinBytes = null;
        if (certName != null) {
            byte[] cn = certName.getBytes(StandardCharsets.US_ASCII);
            pinBytes = new byte[32];
            if (!CertPin.parse(cn, 0, cn.length, pinBytes, 0)) {
                throw new AssertionError("not a pin: " + certName);
            }
        }
        byte[] host = "127.0.0.1".getBytes(StandardCharsets.US_ASCII);
        return connect(trust, new byte[] {4, 127, 0, 0, 1}, relay.port(), host, host.length, pinBytes);
    }

    /** Dials a DERP node as the device would from its region table: address, port, host (SNI), optional pin. */
    int connect(SSLContext trust, byte[] addr, int port, byte[] host, int hostLen, byte[] pin) {
        transport = new HostTlsTransport(trust);
        int mode = pin != null ? TlsTransport.VERIFY_PIN_SHA256 : TlsTransport.VERIFY_CHAIN;
        int r = transport.connect(addr, 0, port, host, 0, hostLen, mode, pin != null ? pin : new byte[32], 0, 5000);
        if (r == HalStatus.OK) {
            // the dial runs on the transport's thread; wait for its answer (a hang guard, not a timing assertion)
            long end = System.nanoTime() + 10_000_000_000L;
            while (transport.state() == TlsTransport.STATE_CONNECTING && System.nanoTime() < end) {
                sleepBriefly();
            }
            r = transport.state() == TlsTransport.STATE_CONNECTED ? HalStatus.OK
                    : transport.failure() != 0 ? transport.failure() : HalStatus.ERR_IO;
        }
        if (r != HalStatus.OK) {
            transport.close();
            transport = null;
            return r;
        }
        r = client.connect(host, 0, hostLen, now);
        if (r != DerpReason.OK) {
            throw new AssertionError("connect: " + r);
        }
        return HalStatus.OK;
    }

    static void sleepBriefly() {
        try {
            Thread.sleep(1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** One round: output, one read (what has arrived; else a 1 ms pause), poll. False once the connection is closed. */
    boolean pump() {
        if (transport == null) {
            return false;
        }
        if (client.outputLength() > 0) {
            int w = transport.write(client.outputBuffer(), 0, client.outputLength());
            if (w < 0) {
                transportGone();
                return false;
            }
            client.consumeOutput(w);
        }
        int n = transport.read(readBuf, 0, readBuf.length);
        if (n == HalStatus.ERR_WOULD_BLOCK) {
            sleepBriefly();
        }
        if (n == HalStatus.ERR_CLOSED || n == HalStatus.ERR_IO) {
            transportGone();
            return false;
        }
        if (n > 0) {
            int r = client.receive(readBuf, 0, n, now);
            if (r < 0) {
                lastError = r;
                closeSocket();
                return false;
            }
        }
        int p = client.poll(now);
        if (p < 0) {
            lastError = p;
            closeSocket();
            return false;
        }
        return true;
    }

    private void transportGone() {
        lastError = client.transportClosed(now);
        closeSocket();
    }

    boolean connected() {
        return transport != null;
    }

    void closeSocket() {
        if (transport != null) {
            transport.close();
            transport = null;
        }
    }

    /** The driver drops the connection (the client learns the transport is gone). */
    @Override
    public void close() {
        client.transportClosed(now);
        closeSocket();
    }

    /** Pumps every driver until {@code done} or 10 s of wall time (a hang guard, not a timing assertion). */
    static void pumpUntil(BooleanSupplier done, TlsDerpDriver... drivers) {
        long end = System.nanoTime() + 10_000_000_000L;
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("condition not reached; events " + Arrays.deepToString(
                        Arrays.stream(drivers).map(d -> d.events.toString()).toArray()));
            }
            for (TlsDerpDriver d : drivers) {
                d.pump();
            }
        }
    }

    @Override
    public synchronized void onConnected() {
        events.add("connected");
    }

    @Override
    public synchronized void onPacket(byte[] src, int srcOff, byte[] pkt, int off, int len) {
        packets.add(Arrays.copyOfRange(pkt, off, off + len));
        sources.add(Arrays.copyOfRange(src, srcOff, srcOff + 32));
    }

    @Override
    public void onPeerGone(byte[] key, int keyOff, int reason) {
        events.add("gone " + HexFormat.of().formatHex(key, keyOff, keyOff + 32) + " " + reason);
    }

    @Override
    public void onHealth(byte[] text, int off, int len) {
        events.add("health '" + new String(text, off, len, StandardCharsets.UTF_8) + "'");
    }

    @Override
    public void onRestarting(long reconnectInMs, long tryForMs) {
        events.add("restarting " + reconnectInMs + " " + tryForMs);
    }

    @Override
    public void onPong(byte[] data, int off) {
        events.add("pong " + HexFormat.of().formatHex(data, off, off + 8));
    }
}
