package io.tailnode.sim.derp;

import io.tailnode.crypto.CryptoBox;
import io.tailnode.derp.DerpClient;
import io.tailnode.derp.DerpListener;
import io.tailnode.derp.DerpReason;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.function.BooleanSupplier;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.X509TrustManager;

/**
 * Host TLS adapter for tests: drives a device {@link DerpClient} over a real loopback {@link SSLSocket}, the way
 * the device loop will drive it over the TLS HAL. Single-threaded: {@link #pump} writes pending output, reads
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
    private SSLSocket socket;
    private InputStream in;
    private OutputStream out;

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

    /** TLS context that accepts exactly the certificate whose {@code sha256-raw:} pin is given (pin mode). */
    static SSLContext pinning(String pin) throws Exception {
        X509TrustManager tm = new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) {
                throw new UnsupportedOperationException();
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType)
                    throws java.security.cert.CertificateException {
                if (chain.length == 0 || !DevCertificate.pinOf(chain[0]).equals(pin)) {
                    throw new java.security.cert.CertificateException("certificate does not match the pin");
                }
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        };
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, new X509TrustManager[] {tm}, null);
        return ctx;
    }

    /** TCP + TLS handshake + DerpClient.connect. */
    void connect(SSLContext tls, InetSocketAddress relay) throws IOException {
        socket = (SSLSocket) tls.getSocketFactory().createSocket();
        socket.connect(relay, 5000);
        socket.setSoTimeout(5000);
        socket.startHandshake();
        socket.setSoTimeout(20);
        in = socket.getInputStream();
        out = socket.getOutputStream();
        byte[] host = "127.0.0.1".getBytes(StandardCharsets.US_ASCII);
        int r = client.connect(host, 0, host.length, now);
        if (r != DerpReason.OK) {
            throw new IOException("connect: " + r);
        }
    }

    /** One round: output, one read (≤ 20 ms), poll. Returns false once the connection is closed. */
    boolean pump() throws IOException {
        if (socket == null) {
            return false;
        }
        if (client.outputLength() > 0) {
            try {
                out.write(client.outputBuffer(), 0, client.outputLength());
                out.flush();
                client.consumeOutput(client.outputLength());
            } catch (IOException e) {
                transportGone();
                return false;
            }
        }
        int n;
        try {
            n = in.read(readBuf);
        } catch (SocketTimeoutException e) {
            n = 0;
        } catch (IOException e) {
            n = -1;
        }
        if (n < 0) {
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
        return socket != null;
    }

    void closeSocket() {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing
            }
            socket = null;
        }
    }

    @Override
    public void close() {
        closeSocket();
    }

    /** Pumps every driver until {@code done} or 10 s of wall time (a hang guard, not a timing assertion). */
    static void pumpUntil(BooleanSupplier done, TlsDerpDriver... drivers) throws IOException {
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
