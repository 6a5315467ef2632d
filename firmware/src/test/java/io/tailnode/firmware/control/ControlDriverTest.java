package io.tailnode.firmware.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tailnode.control.client.ControlClientConfig;
import io.tailnode.control.client.ControlClientReason;
import io.tailnode.control.client.ControlIdentity;
import io.tailnode.control.client.ControlState;
import io.tailnode.control.client.ControlUrl;
import io.tailnode.control.map.NetmapApplier;
import io.tailnode.control.map.NetmapConfig;
import io.tailnode.crypto.Tai64n;
import io.tailnode.crypto.X25519;
import io.tailnode.firmware.hal.HalStatus;
import io.tailnode.firmware.hal.StreamTransport;
import io.tailnode.firmware.log.LogEvents;
import io.tailnode.firmware.log.LogLevel;
import io.tailnode.firmware.log.Logger;
import io.tailnode.wg.WgDeviceConfig;
import io.tailnode.wg.WireGuardDevice;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * The driver's side of the contract with a scripted {@link StreamTransport}: connect refused or failing → the client
 * backs off and the driver reconnects on the next generation; short writes and WOULD_BLOCK keep the byte order;
 * end of stream → backoff; GET /key only where the URL allows it, then the client starts with the fetched key.
 */
class ControlDriverTest {
    static final class ScriptedTransport implements StreamTransport {
        int state = STATE_IDLE;
        int connectResult = HalStatus.OK;
        int stateAfterConnect = STATE_CONNECTED;
        int connects;
        int closes;
        int writeChunk = Integer.MAX_VALUE;
        boolean blockNextWrite;
        String lastHost;
        int lastPort;
        final ByteArrayOutputStream written = new ByteArrayOutputStream();
        final ArrayDeque<byte[]> toRead = new ArrayDeque<>();
        boolean eofWhenEmpty;

        public int connect(byte[] host, int off, int len, int port) {
            connects++;
            lastHost = new String(host, off, len, StandardCharsets.US_ASCII);
            lastPort = port;
            if (connectResult != HalStatus.OK) {
                return connectResult;
            }
            state = stateAfterConnect;
            written.reset();
            return HalStatus.OK;
        }

        public int state() {
            return state;
        }

        public int read(byte[] buf, int off, int len) {
            if (state != STATE_CONNECTED) {
                return HalStatus.ERR_CLOSED;
            }
            byte[] b = toRead.poll();
            if (b == null) {
                return eofWhenEmpty ? HalStatus.ERR_CLOSED : HalStatus.ERR_WOULD_BLOCK;
            }
            System.arraycopy(b, 0, buf, off, b.length);
            return b.length;
        }

        public int write(byte[] buf, int off, int len) {
            if (state != STATE_CONNECTED) {
                return HalStatus.ERR_CLOSED;
            }
            if (blockNextWrite) {
                blockNextWrite = false;
                return HalStatus.ERR_WOULD_BLOCK;
            }
            int n = Math.min(len, writeChunk);
            written.write(buf, off, n);
            blockNextWrite = true;
            return n;
        }

        public void close() {
            closes++;
            state = STATE_CLOSED;
        }
    }

    static final class Identity implements ControlIdentity {
        public int machinePrivateKey(byte[] out, int off) {
            Arrays.fill(out, off, off + 32, (byte) 0x11);
            return 32;
        }

        public int nodePublicKey(byte[] out, int off) {
            Arrays.fill(out, off, off + 32, (byte) 0x22);
            return 32;
        }

        public int oldNodePublicKey(byte[] out, int off) {
            return 0;
        }

        public int discoPublicKey(byte[] out, int off) {
            Arrays.fill(out, off, off + 32, (byte) 0x33);
            return 32;
        }

        public int authKey(byte[] out, int off, int max) {
            return 0;
        }

        public boolean isRegistered() {
            return true;
        }

        public int rotateNodeKey() {
            return 0;
        }

        public int registered() {
            return 0;
        }

        public void unregistered() {
        }
    }

    final ScriptedTransport transport = new ScriptedTransport();
    final Logger log = new Logger((b, o, l) -> 0, LogEvents.TAGS, 160, LogLevel.DEBUG, 100, 1);
    long now = 1000;

    ControlDriver driver(String url, boolean pinned) {
        WgDeviceConfig wc = new WgDeviceConfig();
        wc.maxPeers = 4;
        wc.maxAllowedIps = 16;
        byte[] priv = new byte[32];
        Arrays.fill(priv, (byte) 0x44);
        WireGuardDevice wg = new WireGuardDevice(priv, 0, wc, new X25519(), (b, off, len) -> Arrays.fill(b, off, off + len,
                (byte) 5), max -> 0, (out, off, mono) -> {
                    Tai64n.encode(1_700_000_000_000L + mono, 0, false, out, off);
                    return 12;
                });
        NetmapConfig nc = new NetmapConfig();
        nc.maxPeers = 4;
        NetmapApplier applier = new NetmapApplier(nc, wg);
        ControlUrl u = new ControlUrl();
        byte[] ub = url.getBytes(StandardCharsets.US_ASCII);
        assertEquals(0, u.parse(ub, 0, ub.length));
        ControlClientConfig cc = new ControlClientConfig();
        cc.authority = Arrays.copyOf(u.authority(), u.authorityLength());
        if (pinned) {
            cc.serverKey = new byte[32];
            Arrays.fill(cc.serverKey, (byte) 9);
        }
        return new ControlDriver(cc, new Identity(), applier, (b, off, len) -> Arrays.fill(b, off, off + len, (byte) 7),
                max -> 0, transport, u, log, null, null, null, null, 10);
    }

    void iterate(ControlDriver d, int times) {
        for (int i = 0; i < times; i++) {
            d.onIteration(now);
            now += 1;
        }
    }

    @Test
    void refusedAndFailedConnectsBackOffAndReconnect() {
        ControlDriver d = driver("http://10.0.0.1:8080", true);
        transport.connectResult = HalStatus.ERR_ADDRESS;
        d.start(now);
        iterate(d, 1);
        assertEquals(ControlState.BACKOFF, d.client().state());
        assertEquals(ControlClientReason.TRANSPORT_CLOSED, d.client().lastReason());
        assertEquals("10.0.0.1", transport.lastHost);
        assertEquals(8080, transport.lastPort);
        long retry = d.client().retryAt();
        assertEquals(retry, d.nextDeadline(now), "no connection: wait for the backoff only");
        transport.connectResult = HalStatus.OK;
        transport.stateAfterConnect = StreamTransport.STATE_FAILED;
        now = retry;
        iterate(d, 2);
        assertEquals(2, transport.connects);
        assertEquals(ControlState.BACKOFF, d.client().state());
        assertEquals(2, d.client().count(ControlClientReason.TRANSPORT_CLOSED));
    }

    @Test
    void shortWritesKeepTheUpgradeRequestInOrderAndEndOfStreamBacksOff() {
        ControlDriver d = driver("http://10.0.0.1", true);
        transport.writeChunk = 7;
        d.start(now);
        iterate(d, 200);
        String req = transport.written.toString(StandardCharsets.ISO_8859_1);
        assertTrue(req.startsWith("POST /ts2021 HTTP/1.1\r\nHost: 10.0.0.1\r\nUpgrade: tailscale-control-protocol\r\n"), req);
        assertTrue(req.endsWith("\r\nContent-Length: 0\r\n\r\n"), req);
        assertEquals(ControlState.HANDSHAKE, d.client().state());
        assertEquals(now + 10, d.nextDeadline(now), "connection open: poll the stream every 10 ms");
        transport.eofWhenEmpty = true;
        iterate(d, 1);
        assertEquals(ControlState.BACKOFF, d.client().state());
        assertEquals(ControlClientReason.TRANSPORT_CLOSED, d.client().lastReason());
        assertTrue(transport.closes >= 1);
    }

    @Test
    void keyFetchedFromAPrivateServerThenTheClientStarts() {
        ControlDriver d = driver("http://192.168.1.5:8080", false);
        assertEquals(ControlDriver.KEY_FETCHING, d.keyState());
        d.start(now);
        String body = "{\"legacyPublicKey\":\"mkey:" + "0".repeat(64) + "\",\"publicKey\":\"mkey:" + "ab".repeat(32) + "\"}";
        transport.toRead.add(("HTTP/1.1 200 OK\r\nContent-Length: " + body.length() + "\r\n\r\n" + body)
                .getBytes(StandardCharsets.US_ASCII));
        iterate(d, 3);
        assertEquals(ControlDriver.KEY_READY, d.keyState());
        assertTrue(d.client().hasServerKey());
        iterate(d, 50);
        assertEquals(2, transport.connects, "one connection for /key, one for ts2021");
        assertTrue(transport.written.toString(StandardCharsets.ISO_8859_1).startsWith("POST /ts2021"));
    }

    @Test
    void publicServerWithoutPinnedKeyNeverConnects() {
        ControlDriver d = driver("http://ctl.example.com", false);
        assertEquals(ControlDriver.KEY_MISSING, d.keyState());
        d.start(now);
        iterate(d, 10);
        assertEquals(0, transport.connects);
        assertEquals(Long.MAX_VALUE, d.nextDeadline(now));
        assertEquals(ControlState.STOPPED, d.client().state());
    }
}
