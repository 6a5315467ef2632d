package io.tailnode.sim.derp;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;

/**
 * A development DERP relay (tailscale-protocol.md §3) for tests and {@code ./simulate}: TLS on a certificate
 * generated at start ({@link DevCertificate}), HTTP/1.1 {@code GET /derp} upgrade (426 otherwise), then the
 * server side of the protocol written from the spec, independently of the device's {@code io.tailnode.derp}
 * code: ServerKey, ClientInfo opened with BouncyCastle's NaCl box, ServerInfo, SendPacket → RecvPacket (or
 * PeerGone "not here"), PeerGone "disconnected" to everyone who sent to a client that leaves, Ping → Pong,
 * NotePreferred recorded, KeepAlive every {@link Options#keepAliveMs}. A second login with the same node key
 * replaces the first (whose socket is closed), as Go's server does.
 * <p>
 * Test hooks: {@link #restart} (Restarting frame to everyone, then all connections closed; the listener stays),
 * {@link #sendHealth}, {@link #sendRaw} (forged or truncated frames), {@link #ping}. Loopback, ephemeral port by
 * default; {@link #close} stops everything. One thread per connection plus the acceptor and a keep-alive timer.
 */
public final class DevDerpRelay implements AutoCloseable {
    /** Start options. */
    public static final class Options {
        public InetAddress bind = InetAddress.getLoopbackAddress();
        public int port;
        public long keepAliveMs = 60_000;
        /** Restrict TLS to 1.2, as the board's mbedTLS port (microej.md §1.5: no TLS 1.3). */
        public boolean tls12Only;
        public DevCertificate certificate;
        public byte[] serverPrivateKey;
    }

    static final byte[] MAGIC = {0x44, 0x45, 0x52, 0x50, (byte) 0xF0, (byte) 0x9F, (byte) 0x94, (byte) 0x91};
    static final int MAX_CLIENT_FRAME = 64 * 1024 + 32 + 64;
    private static final byte[] SERVER_INFO_JSON =
            "{\"version\":2,\"TokenBucketBytesPerSecond\":0,\"TokenBucketBytesBurst\":0}".getBytes(StandardCharsets.US_ASCII);

    private final DevCertificate certificate;
    private final byte[] serverPrivate;
    private final byte[] serverPublic;
    private final SSLServerSocket listener;
    private final ScheduledExecutorService timer;
    private final Map<String, Conn> clients = new ConcurrentHashMap<>();
    private final Set<Conn> all = ConcurrentHashMap.newKeySet();
    /** dst key → keys of clients that sent to it (they get PeerGone when it leaves). */
    private final Map<String, Set<String>> senders = new ConcurrentHashMap<>();
    private final Map<String, Boolean> preferred = new ConcurrentHashMap<>();
    private final CopyOnWriteArrayList<byte[]> pongs = new CopyOnWriteArrayList<>();
    private final AtomicLong relayed = new AtomicLong();
    private final AtomicLong logins = new AtomicLong();
    private volatile boolean closed;

    private DevDerpRelay(Options o) throws IOException {
        certificate = o.certificate != null ? o.certificate : DevCertificate.generate();
        serverPrivate = o.serverPrivateKey != null ? o.serverPrivateKey.clone() : NaclBox.newPrivateKey();
        serverPublic = NaclBox.publicKey(serverPrivate);
        listener = (SSLServerSocket) certificate.serverContext().getServerSocketFactory()
                .createServerSocket(o.port, 50, o.bind);
        if (o.tls12Only) {
            listener.setEnabledProtocols(new String[] {"TLSv1.2"});
        }
        timer = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "derp-keepalive"));
        timer.scheduleAtFixedRate(this::keepAlives, o.keepAliveMs, o.keepAliveMs, TimeUnit.MILLISECONDS);
        daemon(this::acceptLoop, "derp-accept").start();
    }

    /** Starts a relay on loopback, ephemeral port, 60 s keep-alives. */
    public static DevDerpRelay start() throws IOException {
        return start(new Options());
    }

    public static DevDerpRelay start(Options o) throws IOException {
        return new DevDerpRelay(o);
    }

    public int port() {
        return listener.getLocalPort();
    }

    public InetSocketAddress address() {
        return new InetSocketAddress(listener.getInetAddress(), port());
    }

    public DevCertificate certificate() {
        return certificate;
    }

    /** The DERP map's CertName pin of the relay's certificate. */
    public String pin() {
        return certificate.pin();
    }

    public byte[] serverPublicKey() {
        return serverPublic.clone();
    }

    /**
     * One-region DERP map JSON (tailscale-protocol.md §3.5) for the development control server: region
     * {@code regionId} with one node at this relay's bind address and port, CertName = the pin, and the given STUN
     * port (-1: none).
     */
    public String derpMapJson(int regionId, int stunPort) {
        String ip = listener.getInetAddress().getHostAddress();
        return "{\"Regions\":{\"" + regionId + "\":{\"RegionID\":" + regionId + ",\"RegionCode\":\"dev\","
                + "\"RegionName\":\"tailnode dev relay\",\"Nodes\":[{\"Name\":\"" + regionId + "a\",\"RegionID\":"
                + regionId + ",\"HostName\":\"" + ip + "\",\"CertName\":\"" + pin() + "\",\"IPv4\":\"" + ip
                + "\",\"IPv6\":\"none\",\"DERPPort\":" + port() + ",\"STUNPort\":" + stunPort + "}]}}}";
    }

    public int clientCount() {
        return clients.size();
    }

    public boolean isConnected(byte[] nodeKey) {
        return clients.containsKey(hex(nodeKey));
    }

    /** Last NotePreferred of that client (null if none seen). */
    public Boolean preferred(byte[] nodeKey) {
        return preferred.get(hex(nodeKey));
    }

    public long packetsRelayed() {
        return relayed.get();
    }

    public long logins() {
        return logins.get();
    }

    /** Pong payloads received from clients (answers to {@link #ping}). */
    public java.util.List<byte[]> pongs() {
        return pongs;
    }

    /** Sends Restarting(reconnectIn, tryFor) to every client, then closes every connection. */
    public void restart(long reconnectInMs, long tryForMs) {
        byte[] p = new byte[8];
        putInt(p, 0, (int) reconnectInMs);
        putInt(p, 4, (int) tryForMs);
        for (Conn c : all) {
            c.sendQuietly(0x15, p);
            c.close();
        }
    }

    /** Health frame with {@code text} (empty: healthy) to one client; false if not connected. */
    public boolean sendHealth(byte[] nodeKey, String text) {
        Conn c = clients.get(hex(nodeKey));
        return c != null && c.sendQuietly(0x14, text.getBytes(StandardCharsets.UTF_8));
    }

    /** Raw bytes (a forged or truncated frame) to one client; false if not connected. */
    public boolean sendRaw(byte[] nodeKey, byte[] bytes) {
        Conn c = clients.get(hex(nodeKey));
        return c != null && c.writeQuietly(bytes);
    }

    /** Ping with 8 bytes to one client; its Pong shows up in {@link #pongs}. */
    public boolean ping(byte[] nodeKey, byte[] data8) {
        Conn c = clients.get(hex(nodeKey));
        return c != null && c.sendQuietly(0x12, data8);
    }

    /** Closes one client's connection (as a network failure would). */
    public boolean drop(byte[] nodeKey) {
        Conn c = clients.get(hex(nodeKey));
        if (c != null) {
            c.close();
        }
        return c != null;
    }

    @Override
    public void close() {
        closed = true;
        timer.shutdownNow();
        try {
            listener.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        for (Conn c : all) {
            c.close();
        }
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                Socket s = listener.accept();
                Conn c = new Conn((SSLSocket) s);
                all.add(c);
                daemon(c::run, "derp-conn").start();
            } catch (IOException e) {
                if (closed) {
                    return;
                }
            }
        }
    }

    private void keepAlives() {
        for (Conn c : clients.values()) {
            c.sendQuietly(0x06, new byte[0]);
        }
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    static String hex(byte[] key) {
        return HexFormat.of().formatHex(key);
    }

    static void putInt(byte[] b, int off, int v) {
        b[off] = (byte) (v >>> 24);
        b[off + 1] = (byte) (v >>> 16);
        b[off + 2] = (byte) (v >>> 8);
        b[off + 3] = (byte) v;
    }

    /** One client connection. */
    private final class Conn {
        private final SSLSocket socket;
        private OutputStream out;
        private volatile String key;

        Conn(SSLSocket socket) {
            this.socket = socket;
        }

        void run() {
            try {
                socket.setSoTimeout(0);
                InputStream in = socket.getInputStream();
                out = socket.getOutputStream();
                if (!upgrade(in)) {
                    return;
                }
                DataInputStream din = new DataInputStream(in);
                if (!login(din)) {
                    return;
                }
                frames(din);
            } catch (IOException e) {
                // connection ended
            } finally {
                leave();
            }
        }

        /** Reads the request head (bounded), answers 101 + ServerKey in one write, or 426. */
        private boolean upgrade(InputStream in) throws IOException {
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            int state = 0;
            while (state < 2) {
                int b = in.read();
                if (b < 0 || head.size() > 8192) {
                    return false;
                }
                head.write(b);
                if (b == '\n') {
                    state++;
                } else if (b != '\r') {
                    state = 0;
                }
            }
            String[] lines = head.toString(StandardCharsets.ISO_8859_1).split("\r?\n");
            boolean upgradeDerp = false;
            for (int i = 1; i < lines.length; i++) {
                int c = lines[i].indexOf(':');
                if (c > 0 && lines[i].substring(0, c).trim().equalsIgnoreCase("upgrade")
                        && lines[i].substring(c + 1).trim().equalsIgnoreCase("derp")) {
                    upgradeDerp = true;
                }
            }
            if (!lines[0].startsWith("GET /derp ") || !upgradeDerp) {
                out.write(("HTTP/1.1 426 Upgrade Required\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                out.flush();
                close();
                return false;
            }
            ByteArrayOutputStream o = new ByteArrayOutputStream();
            o.writeBytes(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: DERP\r\nConnection: Upgrade\r\n"
                    + "Derp-Version: 2\r\nDerp-Public-Key: " + hex(serverPublic) + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            byte[] payload = new byte[40];
            System.arraycopy(MAGIC, 0, payload, 0, 8);
            System.arraycopy(serverPublic, 0, payload, 8, 32);
            o.writeBytes(frame(0x01, payload));
            synchronized (this) {
                out.write(o.toByteArray());
                out.flush();
            }
            return true;
        }

        /** ClientInfo → open → register → ServerInfo. */
        private boolean login(DataInputStream in) throws IOException {
            int type = in.readUnsignedByte();
            int len = in.readInt();
            if (type != 0x02 || len < 32 + 24 + 16 || len > 4096) {
                return false;
            }
            byte[] p = new byte[len];
            in.readFully(p);
            byte[] clientKey = java.util.Arrays.copyOfRange(p, 0, 32);
            byte[] nonce = java.util.Arrays.copyOfRange(p, 32, 56);
            byte[] k = NaclBox.beforenm(clientKey, serverPrivate);
            byte[] json = k == null ? null : NaclBox.open(k, nonce, p, 56, len - 56);
            if (json == null || !new String(json, StandardCharsets.UTF_8).replace(" ", "").contains("\"version\":2")) {
                return false;
            }
            key = hex(clientKey);
            Conn old = clients.put(key, this);
            if (old != null) {
                old.key = null;
                old.close();
            }
            logins.incrementAndGet();
            byte[] n2 = NaclBox.randomBytes(24);
            byte[] sealed = NaclBox.seal(k, n2, SERVER_INFO_JSON);
            byte[] info = new byte[24 + sealed.length];
            System.arraycopy(n2, 0, info, 0, 24);
            System.arraycopy(sealed, 0, info, 24, sealed.length);
            return sendQuietly(0x03, info);
        }

        private void frames(DataInputStream in) throws IOException {
            while (true) {
                int type = in.readUnsignedByte();
                int len = in.readInt();
                if (len < 0 || len > MAX_CLIENT_FRAME) {
                    return;
                }
                byte[] p = new byte[len];
                in.readFully(p);
                switch (type) {
                    case 0x04: // SendPacket
                        if (len < 32) {
                            return;
                        }
                        forward(p);
                        break;
                    case 0x07: // NotePreferred
                        if (len >= 1 && key != null) {
                            preferred.put(key, p[0] != 0);
                        }
                        break;
                    case 0x12: // Ping
                        if (len >= 8) {
                            sendQuietly(0x13, java.util.Arrays.copyOf(p, 8));
                        }
                        break;
                    case 0x13: // Pong
                        pongs.add(p);
                        break;
                    default:
                        break;
                }
            }
        }

        private void forward(byte[] p) {
            byte[] dst = java.util.Arrays.copyOfRange(p, 0, 32);
            String dstKey = hex(dst);
            Conn to = clients.get(dstKey);
            if (to == null || key == null) {
                byte[] gone = new byte[33];
                System.arraycopy(dst, 0, gone, 0, 32);
                gone[32] = 0x01;
                sendQuietly(0x08, gone);
                return;
            }
            senders.computeIfAbsent(dstKey, x -> ConcurrentHashMap.newKeySet()).add(key);
            byte[] src = HexFormat.of().parseHex(key);
            System.arraycopy(src, 0, p, 0, 32);
            if (to.sendQuietly(0x05, p)) {
                relayed.incrementAndGet();
            }
        }

        private void leave() {
            all.remove(this);
            close();
            String k = key;
            if (k == null || !clients.remove(k, this)) {
                return;
            }
            Set<String> s = senders.remove(k);
            if (s == null) {
                return;
            }
            byte[] gone = new byte[33];
            System.arraycopy(HexFormat.of().parseHex(k), 0, gone, 0, 32);
            for (String sender : s) {
                Conn c = clients.get(sender);
                if (c != null) {
                    c.sendQuietly(0x08, gone);
                }
            }
        }

        boolean sendQuietly(int type, byte[] payload) {
            return writeQuietly(frame(type, payload));
        }

        synchronized boolean writeQuietly(byte[] bytes) {
            if (out == null) {
                return false;
            }
            try {
                out.write(bytes);
                out.flush();
                return true;
            } catch (IOException e) {
                close();
                return false;
            }
        }

        void close() {
            try {
                socket.close();
            } catch (IOException ignored) {
                // already closed
            }
        }
    }

    static byte[] frame(int type, byte[] payload) {
        byte[] f = new byte[5 + payload.length];
        f[0] = (byte) type;
        putInt(f, 1, payload.length);
        System.arraycopy(payload, 0, f, 5, payload.length);
        return f;
    }
}
