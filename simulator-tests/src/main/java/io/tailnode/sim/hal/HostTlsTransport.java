package io.tailnode.sim.hal;

import io.tailnode.firmware.hal.HalStatus;
import io.tailnode.firmware.hal.TlsTransport;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
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
 * The simulator's {@link TlsTransport}: a plain socket connected with a timeout, then JSSE on top with the SNI
 * name as the peer host. Chain mode uses the given context (its trust store) and HTTPS endpoint identification;
 * pin mode uses a trust manager that accepts exactly the certificate whose DER SHA-256 equals the pin (the JDK
 * shows the peer certificate, so {@link #canPinCertificates} is true here).
 */
public final class HostTlsTransport implements TlsTransport {
    private final SSLContext chainContext;
    private SSLSocket socket;
    private InputStream in;
    private OutputStream out;

    /** @param chainContext the trust store for {@link #VERIFY_CHAIN} (e.g. one that trusts the dev relay's cert) */
    public HostTlsTransport(SSLContext chainContext) {
        this.chainContext = chainContext;
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
        String name = new String(sni, sniOff, sniLen, StandardCharsets.US_ASCII);
        SSLContext ctx;
        try {
            ctx = verifyMode == VERIFY_PIN_SHA256 ? pinning(Arrays.copyOfRange(pin, pinOff, pinOff + 32)) : chainContext;
        } catch (Exception e) {
            return ERR_HANDSHAKE;
        }
        Socket plain = new Socket();
        try {
            plain.connect(new InetSocketAddress(ip, port), timeoutMs);
            plain.setTcpNoDelay(true);
        } catch (IOException e) {
            closeQuietly(plain);
            return HalStatus.ERR_IO;
        }
        try {
            SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket(plain, name, port, true);
            if (verifyMode == VERIFY_CHAIN) {
                SSLParameters p = s.getSSLParameters();
                p.setEndpointIdentificationAlgorithm("HTTPS");
                s.setSSLParameters(p);
            }
            s.setSoTimeout(timeoutMs);
            s.startHandshake();
            socket = s;
            in = s.getInputStream();
            out = s.getOutputStream();
            return HalStatus.OK;
        } catch (SSLHandshakeException e) {
            closeQuietly(plain);
            return hasCertificateCause(e) ? ERR_CERTIFICATE : ERR_HANDSHAKE;
        } catch (IOException e) {
            closeQuietly(plain);
            return ERR_HANDSHAKE;
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
    public boolean canPinCertificates() {
        return true;
    }

    @Override
    public int write(byte[] buf, int off, int len) {
        if (socket == null) {
            return HalStatus.ERR_CLOSED;
        }
        try {
            out.write(buf, off, len);
            out.flush();
            return len;
        } catch (IOException e) {
            return HalStatus.ERR_IO;
        }
    }

    @Override
    public int read(byte[] buf, int off, int cap, int timeoutMs) {
        SSLSocket s = socket;
        if (s == null) {
            return HalStatus.ERR_CLOSED;
        }
        try {
            s.setSoTimeout(Math.max(1, timeoutMs));
            int n = in.read(buf, off, cap);
            return n < 0 ? HalStatus.ERR_CLOSED : n == 0 ? HalStatus.ERR_WOULD_BLOCK : n;
        } catch (SocketTimeoutException e) {
            return HalStatus.ERR_WOULD_BLOCK;
        } catch (IOException e) {
            return socket == null ? HalStatus.ERR_CLOSED : HalStatus.ERR_IO;
        }
    }

    @Override
    public void close() {
        SSLSocket s = socket;
        socket = null;
        if (s != null) {
            closeQuietly(s);
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
