package io.tailnode.control.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tailnode.control.noise.ControlChannel;
import io.tailnode.control.noise.ControlHandshake;
import io.tailnode.control.noise.TestResponder;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import org.bouncycastle.crypto.modes.ChaCha20Poly1305;
import org.bouncycastle.crypto.params.AEADParameters;
import org.bouncycastle.crypto.params.KeyParameter;
import org.junit.jupiter.api.Test;

/**
 * Conformance checks from issue 6 that do not trust our own code on both sides (tailscale-protocol.md §2.2, §2.3):
 * what the client actually puts on the wire for the upgrade (exact header block, 136 base64 characters, a 101-byte
 * initiation beginning {@code 00 82 01 00 60} for capability version 130, the 51-byte answer accepted), and
 * transport records 0, 1 and 256 built from raw ChaCha20-Poly1305 with a nonce written out byte by byte here —
 * record 256's nonce must end {@code 00 00 01 00} (big-endian counter; little-endian would end {@code 00 00 00 00}
 * after {@code 00 01}).
 */
class ControlConformanceTest {
    @Test
    void upgradeRequestInitiationAndResponseOnTheWire() {
        ClientRig rig = new ClientRig();
        rig.servers = () -> {
            FakeControl s = new FakeControl();
            s.onRequest = (srv, r) -> ControlClientFlowTest.standardServer(srv, r, "{\"KeepAlive\":true}");
            return s;
        };
        rig.client.start(rig.now);
        rig.step();
        FakeControl s = rig.server;
        String req = s.upgradeRequest;
        String b64 = req.substring(req.indexOf("X-Tailscale-Handshake: ") + 23, req.indexOf("\r\nContent-Length"));
        assertEquals(136, b64.length());
        assertEquals("POST /ts2021 HTTP/1.1\r\nHost: control.test:80\r\nUpgrade: tailscale-control-protocol\r\n"
                + "Connection: upgrade\r\nX-Tailscale-Handshake: " + b64 + "\r\nContent-Length: 0\r\n\r\n", req);
        byte[] init = Base64.getDecoder().decode(b64);
        assertEquals(101, init.length);
        assertEquals(130, CapabilityVersion.CURRENT, "the bytes below are written for 130");
        assertEquals("0082010060", HexFormat.of().formatHex(init, 0, 5));
        byte[] resp = new TestResponder(FakeControl.SERVER_STATIC).respond(init, FakeControl.SERVER_EPHEMERAL);
        assertEquals(51, resp.length);
        assertEquals("020030", HexFormat.of().formatHex(resp, 0, 3));
        assertEquals("connected", rig.state(), "the 51-byte response was accepted and HTTP/2 ran");
    }

    /** 4 zero bytes then the counter, most significant byte first — written out, not taken from any helper. */
    static byte[] nonce(long counter) {
        byte[] n = new byte[12];
        n[4] = (byte) (counter >>> 56);
        n[5] = (byte) (counter >>> 48);
        n[6] = (byte) (counter >>> 40);
        n[7] = (byte) (counter >>> 32);
        n[8] = (byte) (counter >>> 24);
        n[9] = (byte) (counter >>> 16);
        n[10] = (byte) (counter >>> 8);
        n[11] = (byte) counter;
        return n;
    }

    static byte[] rawAead(boolean seal, byte[] key, byte[] nonce, byte[] in) {
        ChaCha20Poly1305 c = new ChaCha20Poly1305();
        c.init(seal, new AEADParameters(new KeyParameter(key), 128, nonce, new byte[0]));
        byte[] out = new byte[c.getOutputSize(in.length)];
        int n = c.processBytes(in, 0, in.length, out, 0);
        try {
            n += c.doFinal(out, n);
        } catch (Exception e) {
            return null;
        }
        return Arrays.copyOf(out, n);
    }

    static byte[] record(byte[] key, long counter, byte[] plain) {
        byte[] ct = rawAead(true, key, nonce(counter), plain);
        byte[] rec = new byte[3 + ct.length];
        rec[0] = 4;
        rec[1] = (byte) (ct.length >>> 8);
        rec[2] = (byte) ct.length;
        System.arraycopy(ct, 0, rec, 3, ct.length);
        return rec;
    }

    @Test
    void records0And1And256FromRawPrimitivesBothWays() {
        assertEquals("00000100", HexFormat.of().formatHex(nonce(256), 8, 12));
        assertEquals("000000000000000000000001", HexFormat.of().formatHex(nonce(1)));

        TestResponder server = new TestResponder(FakeControl.SERVER_STATIC);
        ControlHandshake hs = new ControlHandshake();
        ByteArrayOutputStream delivered = new ByteArrayOutputStream();
        ControlChannel ch = new ControlChannel(hs, (b, off, len) -> {
            delivered.write(b, off, len);
            return 0;
        });
        byte[] init = new byte[101];
        byte[] serverPub = server.staticPub;
        assertEquals(101, hs.begin(ClientRig.MACHINE, 0, serverPub, 0, CapabilityVersion.CURRENT, FakeControl.fill(0x77), 0,
                init, 0, 101));
        byte[] resp = server.respond(init, FakeControl.SERVER_EPHEMERAL);
        assertEquals(51, ch.receive(resp, 0, 51));

        // Server → client: 257 records made here with the raw AEAD; the device opens all, in order.
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        for (long n = 0; n <= 256; n++) {
            wire.writeBytes(record(server.sendKey, n, new byte[] {(byte) n, (byte) (n >>> 8)}));
        }
        byte[] w = wire.toByteArray();
        assertEquals(w.length, ch.receive(w, 0, w.length));
        byte[] got = delivered.toByteArray();
        assertEquals(514, got.length);
        assertEquals(0, got[512]);
        assertEquals(1, got[513], "record 256 carried 00 01");

        // Client → server: the device seals 257 records; records 0, 1 and 256 open with the raw AEAD and our nonce.
        byte[] out = new byte[64];
        byte[] opened = null;
        for (long n = 0; n <= 256; n++) {
            byte[] msg = {(byte) 0xA5, (byte) n};
            int len = ch.write(msg, 0, 2, out, 0, out.length);
            assertEquals(2 + 3 + 16, len);
            if (n == 0 || n == 1 || n == 256) {
                opened = rawAead(false, server.recvKey, nonce(n), Arrays.copyOfRange(out, 3, len));
                assertArrayEquals(msg, opened, "record " + n);
            }
            if (n == 256) {
                byte[] le = new byte[12];
                le[4] = 0;
                le[5] = 1; // counter 256 little-endian
                assertNull(rawAead(false, server.recvKey, le, Arrays.copyOfRange(out, 3, len)),
                        "a little-endian nonce must not open record 256");
            }
        }
        assertTrue(opened != null);
        assertEquals(257, ch.txCounter());
    }
}
