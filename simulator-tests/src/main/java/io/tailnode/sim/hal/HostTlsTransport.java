package io.tailnode.sim.hal;

import io.tailnode.firmware.hal.HalStatus;
import io.tailnode.firmware.hal.TlsTransport;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.X509TrustManager;

/**
 * The simulator's {@link TlsTransport}, non-blocking as the device loop needs it: {@link #connect} starts one
 * thread per connection that connects a plain socket (with the timeout), puts JSSE on top with the SNI name as the
 * peer host, handshakes, publishes CONNECTED or FAILED, then stays as the connection's reader, filling a buffer
 * that {@link #read} drains without waiting (it waits itself when the buffer is full, so the relay sees TCP
 * back-pressure). Chain mode uses the given context (its trust store) and HTTPS endpoint identification; pin mode
 * uses a trust manager that accepts exactly the certificate whose DER SHA-256 equals the pin (the JDK shows the
 * peer certificate, so {@link #canPinCertificates} is true here unless a test says otherwise).
 * <p>
 * {@link #close} bumps a generation number and closes the sockets: a dial thread of an older generation that
 * finishes late changes nothing. Writes go straight to the SSL socket from the caller's thread (JSSE allows one
 * reader and one writer at a time).
 */
public final class HostTlsTransport implements TlsTransport {
    private static final int BUFFER = 64 * 1024;

    private final SSLContext chainContext;
    private final boolean canPin;
    private final Object lock = new Object();
    private final byte[] ring = new byte[BUFFER];
    private int head;
    private int count;
    private boolean eof;
    private boolean readError;
    private int state = STATE_IDLE;
    private int failure;
    private long generation;
    private Socket plain;
    private SSLSocket socket;
    private OutputStream out;

    /** @param chainContext the trust store for {@link #VERIFY_CHAIN} (e.g. one that trusts the dev relay's cert) */
    public HostTlsTransport(SSLContext chainContext) {
        this(chainContext, true);
    }

    /** @param canPin false plays a platform whose TLS stack does not show the peer certificate */
    public HostTlsTransport(SSLContext chainContext, boolean canPin) {
        this.chainContext = chainContext;
        this.canPin = canPin;
    }

    @Override
    public int connect(byte[] addr, int addrOff, int port, byte[] sni, int sniOff, int sniLen, int verifyMode,
            byte[] pin, int pinOff, int timeoutMs) {
        close();
        InetAddress ip;
        try {
            if (addr[addrOff] == 4) {
                ip = InetAddress.getByAddress(Arrays.copyOfRange(addr, addrOff + 1, addrOff + 5));
            } else if (addr[addrOff] == 6) {
                ip = InetAddress.getByAddress(Arrays.copyOfRange(addr, addrOff + 1, addrOff + 17));
            } else {
                return HalStatus.ERR_ADDRESS;
            }
        } catch (IOException e) {
            return HalStatus.ERR_ADDRESS;
        }
        if (port < 1 || port > 65535) {
            return HalStatus.ERR_ADDRESS;
        }
        if (verifyMode == VERIFY_PIN_SHA256 && !canPin) {
            return ERR_PIN_UNSUPPORTED;
        }
        String name = new String(sni, sniOff, sniLen, StandardCharsets.US_ASCII);
        byte[] pinCopy = verifyMode == VERIFY_PIN_SHA256 ? Arrays.copyOfRange(pin, pinOff, pinOff + 32) : null;
        long gen;
        synchronized (lock) {
            gen = ++generation;
            state = STATE_CONNECTING;
            failure = 0;
            head = 0;
            count = 0;
            eof = false;
            readError = false;
        }
        Thread t = new Thread(() -> dialAndRead(gen, ip, port, name, verifyMode, pinCopy, timeoutMs),
                "tls-dial-" + name + ":" + port);
        t.setDaemon(true);
        t.start();
        return HalStatus.OK;
    }

    /** The connection's thread: TCP, TLS handshake, verification, then the read loop until EOF or close. */
    private void dialAndRead(long gen, InetAddress ip, int port, String name, int verifyMode, byte[] pin,
            int timeoutMs) {
        Socket p = new Socket();
        synchronized (lock) {
            if (gen != generation) {
                return;
            }
            plain = p;
        }
        SSLSocket s;
        try {
            p.connect(new InetSocketAddress(ip, port), timeoutMs);
            p.setTcpNoDelay(true);
        } catch (IOException e) {
            fail(gen, p, HalStatus.ERR_IO);
            return;
        }
        try {
            SSLContext ctx = verifyMode == VERIFY_PIN_SHA256 ? pinning(pin) : chainContext;
            s = (SSLSocket) ctx.getSocketFactory().createSocket(p, name, port, true);
            if (verifyMode == VERIFY_CHAIN) {
                SSLParameters params = s.getSSLParameters();
                params.setEndpointIdentificationAlgorithm("HTTPS");
                s.setSSLParameters(params);
            }
            s.setSoTimeout(timeoutMs);
            s.startHandshake();
            s.setSoTimeout(0);
        } catch (SSLHandshakeException e) {
            fail(gen, p, hasCertificateCause(e) ? ERR_CERTIFICATE : ERR_HANDSHAKE);
            return;
        } catch (Exception e) {
            fail(gen, p, ERR_HANDSHAKE);
            return;
        }
        InputStream in;
        synchronized (lock) {
            if (gen != generation) {
                closeQuietly(s);
                return;
            }
            try {
                in = s.getInputStream();
                out = s.getOutputStream();
            } catch (IOException e) {
                closeQuietly(s);
                state = STATE_FAILED;
                failure = HalStatus.ERR_IO;
                return;
            }
            socket = s;
            state = STATE_CONNECTED;
        }
        readLoop(gen, in);
    }

    private void readLoop(long gen, InputStream in) {
        byte[] chunk = new byte[16384];
        while (true) {
            int n;
            try {
                n = in.read(chunk);
            } catch (IOException e) {
                synchronized (lock) {
                    if (gen == generation) {
                        readError = true;
                    }
                }
                return;
            }
            synchronized (lock) {
                if (gen != generation) {
                    return;
                }
                if (n < 0) {
                    eof = true;
                    return;
                }
                int done = 0;
                while (done < n) {
                    while (count == BUFFER && gen == generation) {
                        try {
                            lock.wait();
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            return;
                        }
                    }
                    if (gen != generation) {
                        return;
                    }
                    int tail = (head + count) % BUFFER;
                    int k = Math.min(n - done, Math.min(BUFFER - count, BUFFER - tail));
                    System.arraycopy(chunk, done, ring, tail, k);
                    count += k;
                    done += k;
                }
            }
        }
    }

    private void fail(long gen, Socket p, int code) {
        closeQuietly(p);
        synchronized (lock) {
            if (gen == generation) {
                state = STATE_FAILED;
                failure = code;
                plain = null;
            }
        }
    }

    private static boolean hasCertificateCause(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof CertificateException) {
                return true;
            }
        }
        return false;
    }

    private static SSLContext pinning(byte[] pin) throws Exception {
        X509TrustManager tm = new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
                throw new CertificateException("client certificates not accepted");
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
                try {
                    byte[] h = MessageDigest.getInstance("SHA-256").digest(chain[0].getEncoded());
                    if (!MessageDigest.isEqual(h, pin)) {
                        throw new CertificateException("certificate does not match the sha256-raw pin");
                    }
                } catch (java.security.NoSuchAlgorithmException e) {
                    throw new CertificateException(e);
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

    @Override
    public int state() {
        synchronized (lock) {
            return state;
        }
    }

    @Override
    public int failure() {
        synchronized (lock) {
            return state == STATE_FAILED ? failure : 0;
        }
    }

    @Override
    public boolean canPinCertificates() {
        return canPin;
    }

    @Override
    public int write(byte[] buf, int off, int len) {
        OutputStream o;
        synchronized (lock) {
            if (state != STATE_CONNECTED) {
                return HalStatus.ERR_CLOSED;
            }
            o = out;
        }
        try {
            o.write(buf, off, len);
            o.flush();
            return len;
        } catch (IOException e) {
            return state() == STATE_CONNECTED ? HalStatus.ERR_IO : HalStatus.ERR_CLOSED;
        }
    }

    @Override
    public int read(byte[] buf, int off, int cap) {
        synchronized (lock) {
            if (state != STATE_CONNECTED) {
                return HalStatus.ERR_CLOSED;
            }
            if (count > 0) {
                int n = 0;
                while (n < cap && count > 0) {
                    int k = Math.min(cap - n, Math.min(count, BUFFER - head));
                    System.arraycopy(ring, head, buf, off + n, k);
                    head = (head + k) % BUFFER;
                    count -= k;
                    n += k;
                }
                lock.notifyAll();
                return n;
            }
            if (readError) {
                return HalStatus.ERR_IO;
            }
            return eof ? HalStatus.ERR_CLOSED : HalStatus.ERR_WOULD_BLOCK;
        }
    }

    @Override
    public void close() {
        Socket p;
        Socket s;
        synchronized (lock) {
            generation++;
            p = plain;
            s = socket;
            plain = null;
            socket = null;
            out = null;
            count = 0;
            if (state != STATE_IDLE) {
                state = STATE_CLOSED;
            }
            lock.notifyAll();
        }
        if (s != null) {
            closeQuietly(s);
        }
        if (p != null) {
            closeQuietly(p);
        }
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }
}
