package io.tailnode.sim.derp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tailnode.derp.DerpClient;
import io.tailnode.derp.DerpReason;
import io.tailnode.firmware.hal.HalStatus;
import io.tailnode.firmware.hal.TlsTransport;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The device DERP client against the development relay over real loopback TLS (the relay's generated
 * certificate trusted, or pinned by {@code sha256-raw:}). Time inside the clients is virtual.
 */
class DevDerpRelayTest {
    DevDerpRelay relay;
    TlsDerpDriver a;
    TlsDerpDriver b;

    @AfterEach
    void stop() {
        if (a != null) {
            a.close();
        }
        if (b != null) {
            b.close();
        }
        if (relay != null) {
            relay.close();
        }
    }

    void startTwo(DevDerpRelay.Options o) throws Exception {
        relay = DevDerpRelay.start(o);
        a = new TlsDerpDriver();
        b = new TlsDerpDriver();
        assertEquals(HalStatus.OK, a.connect(relay.certificate().clientContext(), relay, false));
        assertEquals(HalStatus.OK, b.connect(null, relay, true));
        TlsDerpDriver.pumpUntil(() -> a.client.state() == DerpClient.STATE_OPEN
                && b.client.state() == DerpClient.STATE_OPEN && relay.clientCount() == 2, a, b);
    }

    @Test
    void twoClientsRelayPacketsBothWays() throws Exception {
        DevDerpRelay.Options o = new DevDerpRelay.Options();
        o.tls12Only = true;
        startTwo(o);
        byte[] sk = new byte[32];
        a.client.serverKey(sk, 0);
        assertArrayEquals(relay.serverPublicKey(), sk);
        assertEquals(DerpReason.OK, a.client.notePreferred(true));
        for (int i = 0; i < 50; i++) {
            byte[] p = new byte[1 + i * 29];
            p[0] = (byte) i;
            sendAll(a, b.nodePublic, p);
            sendAll(b, a.nodePublic, p);
        }
        TlsDerpDriver.pumpUntil(() -> a.packets.size() == 50 && b.packets.size() == 50, a, b);
        for (int i = 0; i < 50; i++) {
            assertEquals(1 + i * 29, b.packets.get(i).length);
            assertEquals(i, b.packets.get(i)[0]);
            assertArrayEquals(a.nodePublic, b.sources.get(i));
            assertArrayEquals(b.nodePublic, a.sources.get(i));
        }
        assertEquals(Boolean.TRUE, relay.preferred(a.nodePublic));
        // The relay counts after its write returns, which may be just after the client read the packet.
        TlsDerpDriver.pumpUntil(() -> relay.packetsRelayed() == 100, a, b);
    }

    /** Send, pumping while the output buffer is full (WOULD_BLOCK). */
    void sendAll(TlsDerpDriver from, byte[] to, byte[] p) throws Exception {
        int r;
        while ((r = from.client.send(to, 0, p, 0, p.length)) == DerpReason.WOULD_BLOCK) {
            a.pump();
            b.pump();
        }
        assertEquals(DerpReason.OK, r);
    }

    @Test
    void pinMismatchFailsTheTlsHandshake() throws Exception {
        relay = DevDerpRelay.start();
        a = new TlsDerpDriver();
        assertEquals(TlsTransport.ERR_CERTIFICATE, a.connect(null, relay, "sha256-raw:" + "00".repeat(32)));
        // A certificate the client never saw is not trusted either.
        assertEquals(TlsTransport.ERR_CERTIFICATE, a.connect(DevCertificate.generate().clientContext(), relay, false));
        // The right pin and the right trust anchor both work.
        assertEquals(HalStatus.OK, a.connect(null, relay, true));
        a.close();
        assertEquals(HalStatus.OK, a.connect(relay.certificate().clientContext(), relay, false));
    }

    @Test
    void keepAlivePingPongAndHealth() throws Exception {
        DevDerpRelay.Options o = new DevDerpRelay.Options();
        o.keepAliveMs = 50;
        startTwo(o);
        long deadline = a.client.nextDeadline();
        a.now += 100_000;
        // The relay's keep-alives move the liveness deadline (virtual clock: 100 s later).
        TlsDerpDriver.pumpUntil(() -> a.client.nextDeadline() == a.now + DerpClient.KEEPALIVE_TIMEOUT_MS, a);
        assertTrue(a.client.nextDeadline() > deadline);
        assertEquals(DerpReason.OK, a.client.ping(HexFormat.of().parseHex("0102030405060708"), 0));
        TlsDerpDriver.pumpUntil(() -> a.events.contains("pong 0102030405060708"), a);
        assertTrue(relay.ping(a.nodePublic, HexFormat.of().parseHex("a1a2a3a4a5a6a7a8")));
        TlsDerpDriver.pumpUntil(() -> relay.pongs().size() == 1, a);
        assertArrayEquals(HexFormat.of().parseHex("a1a2a3a4a5a6a7a8"), relay.pongs().get(0));
        assertTrue(relay.sendHealth(a.nodePublic, "duplicate connection"));
        TlsDerpDriver.pumpUntil(() -> a.events.contains("health 'duplicate connection'"), a);
        // Silence past the timeout (virtual time) kills the connection.
        a.now += DerpClient.KEEPALIVE_TIMEOUT_MS;
        b.pump();
        a.client.poll(a.now);
        assertEquals(DerpReason.KEEPALIVE_TIMEOUT, a.client.closeReason());
    }

    @Test
    void peerGoneWhenTheDestinationLeavesOrIsAbsent() throws Exception {
        startTwo(new DevDerpRelay.Options());
        byte[] stranger = NaclBox.publicKey(NaclBox.newPrivateKey());
        a.client.send(stranger, 0, new byte[] {1}, 0, 1);
        TlsDerpDriver.pumpUntil(() -> a.events.contains("gone " + HexFormat.of().formatHex(stranger) + " 1"), a);
        a.client.send(b.nodePublic, 0, new byte[] {2}, 0, 1);
        TlsDerpDriver.pumpUntil(() -> b.packets.size() == 1, a, b);
        b.close();
        TlsDerpDriver.pumpUntil(() -> a.events.contains("gone " + HexFormat.of().formatHex(b.nodePublic) + " 0"), a);
    }

    @Test
    void restartingThenReconnectAtTheAdvertisedDeadline() throws Exception {
        startTwo(new DevDerpRelay.Options());
        long t = a.now;
        relay.restart(3000, 60000);
        TlsDerpDriver.pumpUntil(() -> !a.connected() && !b.connected(), a, b);
        assertTrue(a.events.contains("restarting 3000 60000"), a.events.toString());
        assertEquals(DerpReason.SERVER_RESTARTING, a.client.closeReason());
        assertEquals(t + 3000, a.client.reconnectAt());
        assertEquals(DerpClient.STATE_CLOSED, a.client.state());
        // The driver waits for the deadline, then reconnects; traffic resumes.
        a.now = a.client.reconnectAt();
        b.now = b.client.reconnectAt();
        a.connect(relay.certificate().clientContext(), relay, false);
        b.connect(null, relay, true);
        TlsDerpDriver.pumpUntil(() -> a.client.state() == DerpClient.STATE_OPEN
                && b.client.state() == DerpClient.STATE_OPEN && relay.clientCount() == 2, a, b);
        a.client.send(b.nodePublic, 0, new byte[] {7, 7}, 0, 2);
        TlsDerpDriver.pumpUntil(() -> b.packets.size() == 1, a, b);
        assertEquals(4, relay.logins());
    }

    @Test
    void forgedOrTruncatedFramesResetTheConnection() throws Exception {
        startTwo(new DevDerpRelay.Options());
        byte[][] bad = {
            HexFormat.of().parseHex("0500000004aabbccdd"), // RecvPacket shorter than its key
            HexFormat.of().parseHex("0100000028" + "4445525" + "0f09f9491" + "00".repeat(32)), // 2nd ServerKey
            HexFormat.of().parseHex("05ffffffff"), // length over 1 MiB
        };
        int[] want = {DerpReason.FRAME_TRUNCATED, DerpReason.UNEXPECTED_FRAME, DerpReason.FRAME_TOO_LARGE};
        for (int i = 0; i < bad.length; i++) {
            assertTrue(relay.sendRaw(a.nodePublic, bad[i]));
            TlsDerpDriver.pumpUntil(() -> !a.connected(), a);
            assertEquals(want[i], a.lastError);
            assertEquals(DerpClient.STATE_CLOSED, a.client.state());
            // Reconnect (the relay replaces the stale login) and the connection works again.
            a.now = a.client.reconnectAt();
            a.connect(relay.certificate().clientContext(), relay, false);
            TlsDerpDriver.pumpUntil(() -> a.client.state() == DerpClient.STATE_OPEN && relay.clientCount() == 2, a);
            int before = b.packets.size();
            a.client.send(b.nodePublic, 0, new byte[] {(byte) i}, 0, 1);
            TlsDerpDriver.pumpUntil(() -> b.packets.size() == before + 1, a, b);
        }
    }

    @Test
    void nonUpgradeRequestGets426() throws Exception {
        relay = DevDerpRelay.start();
        try (SSLSocket s = (SSLSocket) relay.certificate().clientContext().getSocketFactory()
                .createSocket("127.0.0.1", relay.port())) {
            OutputStream out = s.getOutputStream();
            out.write("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            String head = new String(in.readNBytes(12), StandardCharsets.US_ASCII);
            assertEquals("HTTP/1.1 426", head);
        }
        assertFalse(relay.derpMapJson(900, 3478).isEmpty());
    }
}
