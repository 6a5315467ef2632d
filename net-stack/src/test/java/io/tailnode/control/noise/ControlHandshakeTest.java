package io.tailnode.control.noise;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tailnode.crypto.ChaCha20Poly1305;
import java.lang.reflect.Field;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * The controlbase initiator against the BouncyCastle responder: byte layout of the initiation (§2.3 "Wire
 * layouts"), prologue from the capability version, same handshake hash and transport keys on both sides, and
 * every rejection of a bad response with no state change (the untouched handshake then accepts the good one).
 */
class ControlHandshakeTest {
    static final HexFormat HEX = HexFormat.of();
    /** §1 fixed vector: this private key derives public 50d20b45… (mkey: form). */
    static final byte[] MACHINE = HEX.parseHex("40ab1b58e9076c7a4d9d07291f5edf9d1aa017eb949624ba683317f48a640369");
    static final byte[] MACHINE_PUB = HEX.parseHex("50d20b455ecf12bc453f83c2cfdb2a24925d06cf2598dcaa54e91af82ce9f765");
    static final byte[] SERVER = HEX.parseHex("1111111111111111111111111111111111111111111111111111111111111111");
    static final byte[] CLIENT_E = HEX.parseHex("2222222222222222222222222222222222222222222222222222222222222222");
    static final byte[] SERVER_E = HEX.parseHex("3333333333333333333333333333333333333333333333333333333333333333");

    final TestResponder server = new TestResponder(SERVER);
    final ControlHandshake hs = new ControlHandshake();
    final byte[] init = new byte[101];

    private void begin(int capVer) {
        assertEquals(101, hs.begin(MACHINE, 0, server.staticPub, 0, capVer, CLIENT_E, 0, init, 0, 101));
    }

    @Test
    void initiationLayoutAndHandshakeHashMatchResponder() {
        begin(130);
        // §2.3: "Example for capver 130: initiation starts 00 82 01 00 60".
        assertEquals("0082010060", HEX.formatHex(init, 0, 5));
        byte[] resp = server.respond(init, SERVER_E);
        assertEquals(130, server.version);
        assertArrayEquals(MACHINE_PUB, server.clientStatic, "responder decrypts our machine public key");
        assertEquals(0, hs.readResponse(resp, 0, resp.length));
        byte[] h = new byte[32];
        assertEquals(0, hs.handshakeHash(h, 0));
        assertArrayEquals(server.h, h);
        ChaCha20Poly1305 send = new ChaCha20Poly1305();
        ChaCha20Poly1305 recv = new ChaCha20Poly1305();
        assertEquals(0, hs.split(send, recv));
        assertEquals(ControlHandshake.STATE_IDLE, hs.state());
        // Direction: our send key opens with the responder's receive key, and vice versa (BE nonce 1 to be sure).
        byte[] buf = new byte[40];
        send.sealCounterBE(1, buf, 0, 0, new byte[] {1, 2, 3}, 0, 3, buf, 0);
        assertArrayEquals(new byte[] {1, 2, 3},
                TestResponder.aead(false, server.recvKey, TestResponder.beNonce(1), new byte[0], Arrays.copyOf(buf, 19)));
        byte[] ct = TestResponder.aead(true, server.sendKey, TestResponder.beNonce(7), new byte[0], new byte[] {9});
        assertEquals(1, recv.openCounterBE(7, buf, 0, 0, ct, 0, ct.length, buf, 0));
        assertEquals(9, buf[0]);
    }

    @Test
    void prologueCarriesDecimalVersion() {
        for (int v : new int[] {0, 9, 10, 99, 145, 65535}) {
            begin(v);
            server.respond(init, SERVER_E); // the responder builds "Tailscale Control Protocol v" + v itself
            assertEquals(v, server.version);
            assertEquals(v >>> 8, init[0] & 0xFF);
            assertEquals(v & 0xFF, init[1] & 0xFF);
        }
    }

    @Test
    void ephemeralAndStaticSecretsWipedAfterSplit() throws Exception {
        begin(145);
        byte[] resp = server.respond(init, SERVER_E);
        assertEquals(0, hs.readResponse(resp, 0, resp.length));
        assertEquals(0, hs.split(new ChaCha20Poly1305(), new ChaCha20Poly1305()));
        for (String f : new String[] {"ePriv", "machinePriv", "h", "ck", "k", "dh", "hNext", "ckNext"}) {
            Field field = ControlHandshake.class.getDeclaredField(f);
            field.setAccessible(true);
            assertTrue(Arrays.equals(new byte[32], (byte[]) field.get(hs)), f + " wiped");
        }
    }

    @Test
    void argumentRejections() {
        assertEquals(ControlReason.BAD_VERSION, hs.begin(MACHINE, 0, server.staticPub, 0, -1, CLIENT_E, 0, init, 0, 101));
        assertEquals(ControlReason.BAD_VERSION, hs.begin(MACHINE, 0, server.staticPub, 0, 65536, CLIENT_E, 0, init, 0, 101));
        assertEquals(ControlReason.OUT_TOO_SMALL, hs.begin(MACHINE, 0, server.staticPub, 0, 1, CLIENT_E, 0, init, 0, 100));
        assertEquals(ControlHandshake.STATE_IDLE, hs.state());
        // A low-order (all-zero) pinned server key: es = 0.
        assertEquals(ControlReason.ZERO_DH, hs.begin(MACHINE, 0, new byte[32], 0, 1, CLIENT_E, 0, init, 0, 101));
        assertEquals(ControlHandshake.STATE_IDLE, hs.state());
        assertEquals(ControlReason.BAD_STATE, hs.readResponse(new byte[51], 0, 51));
        assertEquals(ControlReason.BAD_STATE, hs.split(new ChaCha20Poly1305(), new ChaCha20Poly1305()));
    }

    /** Every bad response is refused with its reason; afterwards the valid response is still accepted. */
    @Test
    void badResponsesRejectedWithoutStateChange() {
        begin(145);
        byte[] good = server.respond(init, SERVER_E);
        expect(ControlReason.BAD_LENGTH, Arrays.copyOf(good, 2));
        expect(ControlReason.BAD_LENGTH, Arrays.copyOf(good, 50));
        expect(ControlReason.BAD_LENGTH, Arrays.copyOf(good, 52));
        byte[] m = good.clone();
        m[2] = 47;
        expect(ControlReason.BAD_LENGTH, m);
        m = good.clone();
        m[1] = 1;
        expect(ControlReason.BAD_LENGTH, m);
        for (int t : new int[] {0, 1, 4, 5, 0xFF}) {
            m = good.clone();
            m[0] = (byte) t;
            expect(ControlReason.BAD_TYPE, m);
        }
        m = good.clone();
        m[0] = 3;
        expect(ControlReason.SERVER_ERROR, m);
        for (int i = 3; i < 51; i++) {
            m = good.clone();
            m[i] ^= 0x01;
            int r = hs.readResponse(m, 0, m.length);
            assertTrue(r == ControlReason.BAD_TAG || r == ControlReason.ZERO_DH, "byte " + i);
        }
        // All-zero ephemeral and another low-order point (u = 1): ee is zero.
        m = good.clone();
        Arrays.fill(m, 3, 35, (byte) 0);
        expect(ControlReason.ZERO_DH, m);
        m = good.clone();
        Arrays.fill(m, 3, 35, (byte) 0);
        m[3] = 1;
        expect(ControlReason.ZERO_DH, m);
        assertEquals(ControlHandshake.STATE_SENT, hs.state());
        assertEquals(0, hs.readResponse(good, 0, good.length));
        byte[] h = new byte[32];
        hs.handshakeHash(h, 0);
        assertArrayEquals(server.h, h);
        assertEquals(ControlReason.BAD_STATE, hs.readResponse(good, 0, good.length), "response twice");
    }

    private void expect(int reason, byte[] msg) {
        assertEquals(reason, hs.readResponse(msg, 0, msg.length));
        assertEquals(ControlHandshake.STATE_SENT, hs.state());
    }

    @Test
    void restartAfterCompletionAndReuse() {
        for (int i = 0; i < 3; i++) {
            byte[] e = CLIENT_E.clone();
            e[0] = (byte) i;
            assertEquals(101, hs.begin(MACHINE, 0, server.staticPub, 0, 145, e, 0, init, 0, 101));
            byte[] resp = server.respond(init, SERVER_E);
            assertEquals(0, hs.readResponse(resp, 0, resp.length));
        }
    }
}
