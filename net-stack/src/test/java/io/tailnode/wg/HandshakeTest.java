package io.tailnode.wg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.tailnode.crypto.ChaCha20Poly1305;
import io.tailnode.crypto.Tai64n;
import io.tailnode.testing.Vectors;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Two of our own handshakes in one JVM, the Noise oracle, and every rejection path of whitepaper §5.4. */
class HandshakeTest {
    private static final long T0 = 1_700_000_000_000L;
    private static final byte[] SOURCE = {4, (byte) 198, 18, 0, 1, 0x0C, (byte) 0xA5};

    private final TestNode a = new TestNode(1);
    private final TestNode b = new TestNode(2);
    private final byte[] init = new byte[148];
    private final byte[] resp = new byte[92];

    static byte[] tai(long unixMs) {
        byte[] t = new byte[12];
        Tai64n.encode(unixMs, 0, true, t, 0);
        return t;
    }

    private int aSlot;
    private int bSlot;

    private void pair(byte[] psk) {
        bSlot = a.addPeer(b, psk); // slot of b at a
        aSlot = b.addPeer(a, psk); // slot of a at b
    }

    /** a initiates at {@code now} with the wall clock {@code unixMs}: 148 bytes with macs in {@link #init}. */
    private void initiate(long now, long unixMs) {
        assertEquals(148, a.handshake.createInitiation(a.peers[bSlot], tai(unixMs), 0, init, 0));
        a.cookies[bSlot].addMacs(init, 0, 148, now);
    }

    private void completeHandshake(long now) {
        initiate(now, T0 + now);
        assertEquals(WgReason.OK, b.checker.check(init, 0, 148, SOURCE, 0, SOURCE.length, now));
        assertEquals(aSlot, b.handshake.consumeInitiation(init, 0, 148, now));
        assertEquals(92, b.handshake.createResponse(b.peers[aSlot], resp, 0));
        b.cookies[aSlot].addMacs(resp, 0, 92, now);
        assertEquals(WgReason.OK, a.checker.check(resp, 0, 92, SOURCE, 0, SOURCE.length, now));
        assertEquals(bSlot, a.handshake.consumeResponse(resp, 0, 92, now));
        assertEquals(WgReason.OK, a.handshake.deriveKeypair(a.peers[bSlot], a.keypairs[bSlot], now));
        assertEquals(WgReason.OK, b.handshake.deriveKeypair(b.peers[aSlot], b.keypairs[aSlot], now));
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void twoPeersDeriveMatchingKeypairs(boolean withPsk) {
        byte[] psk = null;
        if (withPsk) {
            psk = new byte[32];
            Arrays.fill(psk, (byte) 0x42);
        }
        pair(psk);
        completeHandshake(1000);
        Keypair ka = a.keypairs[bSlot];
        Keypair kb = b.keypairs[aSlot];
        assertArrayEquals(ka.sendKey, kb.receiveKey, "initiator send == responder receive");
        assertArrayEquals(ka.receiveKey, kb.sendKey, "initiator receive == responder send");
        assertFalse(Arrays.equals(ka.sendKey, ka.receiveKey));
        assertTrue(ka.isInitiator);
        assertFalse(kb.isInitiator);
        assertEquals(ka.localIndex, kb.remoteIndex);
        assertEquals(kb.localIndex, ka.remoteIndex);
        assertEquals(1000, ka.createdMs);
        assertEquals(bSlot, a.indices.lookup(ka.localIndex), "the index now names the keypair");
        assertEquals(aSlot, b.indices.lookup(kb.localIndex));
        assertEquals(0, a.peers[bSlot].localIndex(), "handed over, not released twice");
        assertTrue(isZero(a.peers[bSlot].chainingKey) && isZero(a.peers[bSlot].ephemeralPrivate), "wiped");
        assertTrue(isZero(b.peers[aSlot].chainingKey) && isZero(b.peers[aSlot].hash), "wiped");
        // Transport works both ways with the derived keys (nonce = 0^4 || LE64 counter).
        ChaCha20Poly1305 aead = new ChaCha20Poly1305();
        byte[] msg = "ping".getBytes(StandardCharsets.US_ASCII);
        byte[] ct = new byte[20];
        aead.setKey(ka.sendKey, 0);
        aead.sealCounterLE(7, null, 0, 0, msg, 0, 4, ct, 0);
        byte[] pt = new byte[4];
        aead.setKey(kb.receiveKey, 0);
        assertEquals(4, aead.openCounterLE(7, null, 0, 0, ct, 0, 20, pt, 0));
        assertArrayEquals(msg, pt);
    }

    @Test
    void pskMismatchFailsAtTheResponse() {
        byte[] psk = new byte[32];
        psk[0] = 1;
        bSlot = a.addPeer(b, psk);
        aSlot = b.addPeer(a, null);
        initiate(0, T0);
        assertEquals(aSlot, b.handshake.consumeInitiation(init, 0, 148, 0));
        assertEquals(92, b.handshake.createResponse(b.peers[aSlot], resp, 0));
        b.cookies[aSlot].addMacs(resp, 0, 92, 0);
        assertEquals(WgReason.DECRYPT_FAILED, a.handshake.consumeResponse(resp, 0, 92, 0));
        assertTrue(a.peers[bSlot].isInitiationOutstanding(), "a forged response changes nothing");
    }

    @Test
    void precomputedConstantsMatchTheSpec() {
        assertEquals("60e26daef327efc02ec335e2a025d2d016eb4206f87277f52d38d1988b78cd36",
                Vectors.hex(a.handshake.initialChainKey));
        assertEquals("2211b361081ac566691243db458ad5322d9c6c662293e8b70ee19c65ba079ef3",
                Vectors.hex(a.handshake.initialHash));
    }

    private static JsonNode ikpsk2Vector() {
        for (JsonNode c : Vectors.json("noise-vectors.json").get("vectors")) {
            if (c.get("protocol_name").asText().equals(WgConstants.CONSTRUCTION)) {
                return c;
            }
        }
        throw new AssertionError("IKpsk2 vector missing");
    }

    /** The reference model reproduces the cacophony IKpsk2 vector byte for byte (so it can be our oracle). */
    @Test
    void referenceModelReproducesCacophonyIkpsk2() {
        JsonNode v = ikpsk2Vector();
        NoiseModel ini = new NoiseModel(true, hex(v, "init_static"), hex(v, "init_ephemeral"),
                Vectors.hex(v.get("init_psks").get(0).asText()));
        NoiseModel res = new NoiseModel(false, hex(v, "resp_static"), hex(v, "resp_ephemeral"),
                Vectors.hex(v.get("resp_psks").get(0).asText()));
        ini.init(WgConstants.CONSTRUCTION, hex(v, "init_prologue"), hex(v, "init_remote_static"));
        res.init(WgConstants.CONSTRUCTION, hex(v, "resp_prologue"), res.sPub);
        JsonNode m = v.get("messages");
        assertEquals(m.get(0).get("ciphertext").asText(),
                Vectors.hex(ini.writeMessage1(Vectors.hex(m.get(0).get("payload").asText()))));
        res.readMessage1(Vectors.hex(m.get(0).get("ciphertext").asText()));
        assertEquals(m.get(1).get("ciphertext").asText(),
                Vectors.hex(res.writeMessage2(Vectors.hex(m.get(1).get("payload").asText()))));
        ini.readMessage2(Vectors.hex(m.get(1).get("ciphertext").asText()));
        assertEquals(v.get("handshake_hash").asText(), Vectors.hex(ini.h));
        assertEquals(v.get("handshake_hash").asText(), Vectors.hex(res.h));
        ini.split();
        res.split();
        assertEquals(m.get(2).get("ciphertext").asText(),
                Vectors.hex(ini.send(0, Vectors.hex(m.get(2).get("payload").asText()))));
        assertEquals(m.get(3).get("ciphertext").asText(),
                Vectors.hex(res.send(0, Vectors.hex(m.get(3).get("payload").asText()))));
    }

    /**
     * Our handshake with the vector's keys and prologue: the part of message 1 that does not depend on the
     * payload (ephemeral and encrypted static, 80 bytes) equals the vector's ciphertext; the payloads differ
     * (WireGuard sends a 12-byte TAI64N, the vector 16 bytes of text), so later bytes cannot match.
     */
    @Test
    void initiationMatchesCacophonyUpToThePayload() {
        JsonNode v = ikpsk2Vector();
        TestNode ini = new TestNode(3, hex(v, "init_static"), hex(v, "init_prologue"));
        int slot = ini.addPeer(hex(v, "init_remote_static"), hex(v, "init_psks"));
        ini.random.queue32(hex(v, "init_ephemeral"));
        assertEquals(148, ini.handshake.createInitiation(ini.peers[slot], tai(T0), 0, init, 0));
        assertEquals(v.get("messages").get(0).get("ciphertext").asText().substring(0, 160),
                Vectors.hex(Arrays.copyOfRange(init, 8, 88)));
    }

    /** Chaining key and hash after each message, message bytes and transport keys equal the oracle's. */
    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void chainingKeyAndHashMatchTheOraclePerMessage(boolean withPsk) {
        JsonNode v = ikpsk2Vector();
        byte[] psk = withPsk ? hex(v, "init_psks") : new byte[32];
        byte[] identifier = WgConstants.IDENTIFIER.getBytes(StandardCharsets.US_ASCII);
        TestNode ini = new TestNode(3, hex(v, "init_static"), null);
        TestNode res = new TestNode(4, hex(v, "resp_static"), null);
        int rSlot = ini.addPeer(res, psk);
        int iSlot = res.addPeer(ini, psk);
        NoiseModel mi = new NoiseModel(true, hex(v, "init_static"), hex(v, "init_ephemeral"), psk);
        NoiseModel mr = new NoiseModel(false, hex(v, "resp_static"), hex(v, "resp_ephemeral"), psk);
        mi.init(WgConstants.CONSTRUCTION, identifier, res.publicKey);
        mr.init(WgConstants.CONSTRUCTION, identifier, res.publicKey);

        byte[] t = tai(T0);
        ini.random.queue32(hex(v, "init_ephemeral"));
        assertEquals(148, ini.handshake.createInitiation(ini.peers[rSlot], t, 0, init, 0));
        ini.cookies[rSlot].addMacs(init, 0, 148, 0);
        assertEquals(Vectors.hex(mi.writeMessage1(t)), Vectors.hex(Arrays.copyOfRange(init, 8, 116)));
        assertArrayEquals(mi.ck, ini.peers[rSlot].chainingKey, "initiator ck after message 1");
        assertArrayEquals(mi.h, ini.peers[rSlot].hash, "initiator h after message 1");
        assertEquals(iSlot, res.handshake.consumeInitiation(init, 0, 148, 0));
        assertArrayEquals(t, mr.readMessage1(Arrays.copyOfRange(init, 8, 116)));
        assertArrayEquals(mr.ck, res.peers[iSlot].chainingKey, "responder ck after message 1");
        assertArrayEquals(mr.h, res.peers[iSlot].hash, "responder h after message 1");

        res.random.queue32(hex(v, "resp_ephemeral"));
        assertEquals(92, res.handshake.createResponse(res.peers[iSlot], resp, 0));
        res.cookies[iSlot].addMacs(resp, 0, 92, 0);
        assertEquals(Vectors.hex(mr.writeMessage2(new byte[0])), Vectors.hex(Arrays.copyOfRange(resp, 12, 60)));
        assertArrayEquals(mr.ck, res.peers[iSlot].chainingKey, "responder ck after message 2");
        assertArrayEquals(mr.h, res.peers[iSlot].hash, "responder h after message 2");
        assertEquals(rSlot, ini.handshake.consumeResponse(resp, 0, 92, 0));
        mi.readMessage2(Arrays.copyOfRange(resp, 12, 60));
        assertArrayEquals(mi.ck, ini.peers[rSlot].chainingKey, "initiator ck after message 2");
        assertArrayEquals(mi.h, ini.peers[rSlot].hash, "initiator h after message 2");

        mi.split();
        mr.split();
        assertEquals(WgReason.OK, ini.handshake.deriveKeypair(ini.peers[rSlot], ini.keypairs[rSlot], 0));
        assertEquals(WgReason.OK, res.handshake.deriveKeypair(res.peers[iSlot], res.keypairs[iSlot], 0));
        assertArrayEquals(mi.sendKey, ini.keypairs[rSlot].sendKey);
        assertArrayEquals(mi.recvKey, ini.keypairs[rSlot].receiveKey);
        assertArrayEquals(mr.sendKey, res.keypairs[iSlot].sendKey);
        assertArrayEquals(mr.recvKey, res.keypairs[iSlot].receiveKey);
    }

    @Test
    void replayedInitiationIsRejected() {
        pair(null);
        initiate(0, T0);
        byte[] first = init.clone();
        assertEquals(aSlot, b.handshake.consumeInitiation(init, 0, 148, 0));
        // Same bytes (same TAI64N) a second later: the flood limit does not apply, the timestamp rule does.
        assertEquals(WgReason.REPLAYED_TIMESTAMP, b.handshake.consumeInitiation(first, 0, 148, 1000));
        // A new initiation whose clock went backwards is refused too; one that moves forward is accepted.
        initiate(2000, T0 - 1000);
        assertEquals(WgReason.REPLAYED_TIMESTAMP, b.handshake.consumeInitiation(init, 0, 148, 2000));
        assertTrue(b.peers[aSlot].canCreateResponse(), "rejections leave the consumed handshake intact");
        initiate(3000, T0 + 1000);
        assertEquals(aSlot, b.handshake.consumeInitiation(init, 0, 148, 3000));
    }

    @Test
    void initiationFloodFromOnePeerIsRejected() {
        pair(null);
        initiate(0, T0);
        assertEquals(aSlot, b.handshake.consumeInitiation(init, 0, 148, 100));
        initiate(0, T0 + 100); // beyond the 2^24 ns whitening, so strictly newer
        assertEquals(WgReason.INITIATION_FLOOD, b.handshake.consumeInitiation(init, 0, 148, 110));
        assertEquals(aSlot, b.handshake.consumeInitiation(init, 0, 148, 121));
    }

    @Test
    void badMac1IsRejectedBeforeAnyDh() {
        pair(null);
        initiate(0, T0);
        init[120] ^= 1;
        int before = b.x25519.scalarMults;
        assertEquals(WgReason.INVALID_MAC1, b.checker.check(init, 0, 148, SOURCE, 0, SOURCE.length, 0));
        assertEquals(WgReason.INVALID_MAC1, b.handshake.consumeInitiation(init, 0, 148, 0));
        init[120] ^= 1;
        init[50] ^= 1; // body changed after mac1 was computed
        assertEquals(WgReason.INVALID_MAC1, b.handshake.consumeInitiation(init, 0, 148, 0));
        assertEquals(before, b.x25519.scalarMults, "no X25519 for a bad mac1");
        init[50] ^= 1;
        assertEquals(aSlot, b.handshake.consumeInitiation(init, 0, 148, 0));
        assertEquals(before + 1, b.x25519.scalarMults, "positive control: one DH(s, Ei), static-static precomputed");
    }

    @Test
    void badMac1OnResponseIsRejectedBeforeAnyDh() {
        pair(null);
        initiate(0, T0);
        b.handshake.consumeInitiation(init, 0, 148, 0);
        b.handshake.createResponse(b.peers[aSlot], resp, 0);
        b.cookies[aSlot].addMacs(resp, 0, 92, 0);
        resp[70] ^= 1;
        int before = a.x25519.scalarMults;
        assertEquals(WgReason.INVALID_MAC1, a.handshake.consumeResponse(resp, 0, 92, 0));
        assertEquals(before, a.x25519.scalarMults);
    }

    @Test
    void unknownStaticKeyIsRejected() {
        pair(null);
        TestNode stranger = new TestNode(9);
        int slot = stranger.addPeer(b, null); // the stranger knows b's public key, b does not know it
        assertEquals(148, stranger.handshake.createInitiation(stranger.peers[slot], tai(T0), 0, init, 0));
        stranger.cookies[slot].addMacs(init, 0, 148, 0);
        assertEquals(WgReason.OK, b.checker.check(init, 0, 148, SOURCE, 0, SOURCE.length, 0), "mac1 is valid");
        assertEquals(WgReason.UNKNOWN_PEER, b.handshake.consumeInitiation(init, 0, 148, 0));
        assertFalse(b.peers[aSlot].canCreateResponse());
    }

    @Test
    void allZeroEphemeralIsRejected() {
        pair(null);
        initiate(0, T0);
        Arrays.fill(init, 8, 40, (byte) 0);
        a.cookies[bSlot].addMacs(init, 0, 148, 0); // a valid mac1, so the DH is reached
        assertEquals(WgReason.ZERO_DH, b.handshake.consumeInitiation(init, 0, 148, 0));
        // u = 1 is another low-order point: X25519 gives zero as well.
        init[8] = 1;
        a.cookies[bSlot].addMacs(init, 0, 148, 0);
        assertEquals(WgReason.ZERO_DH, b.handshake.consumeInitiation(init, 0, 148, 0));
        assertFalse(b.peers[aSlot].canCreateResponse());
    }

    @Test
    void lowOrderStaticKeyCannotBeConfigured() {
        assertEquals(WgReason.ZERO_DH, a.addPeer(new byte[32], null));
    }

    @Test
    void allZeroResponderEphemeralIsRejected() {
        pair(null);
        initiate(0, T0);
        b.handshake.consumeInitiation(init, 0, 148, 0);
        b.handshake.createResponse(b.peers[aSlot], resp, 0);
        Arrays.fill(resp, 12, 44, (byte) 0);
        b.cookies[aSlot].addMacs(resp, 0, 92, 0);
        assertEquals(WgReason.ZERO_DH, a.handshake.consumeResponse(resp, 0, 92, 0));
        assertTrue(a.peers[bSlot].isInitiationOutstanding());
    }

    @Test
    void responseNeedsAnOutstandingInitiationWithThatIndex() {
        pair(null);
        completeHandshake(0);
        // The same response again: its receiver index now names a keypair, not a handshake.
        assertEquals(WgReason.WRONG_STATE, a.handshake.consumeResponse(resp, 0, 92, 10));
        resp[8] ^= 0x55;
        b.cookies[aSlot].addMacs(resp, 0, 92, 10);
        assertEquals(WgReason.UNKNOWN_INDEX, a.handshake.consumeResponse(resp, 0, 92, 10));
        assertEquals(WgReason.WRONG_STATE, b.handshake.createResponse(b.peers[aSlot], resp, 0));
        assertEquals(WgReason.WRONG_STATE, a.handshake.deriveKeypair(a.peers[bSlot], new Keypair(), 0));
    }

    @Test
    void newInitiationReleasesThePreviousIndex() {
        pair(null);
        initiate(0, T0);
        int first = a.peers[bSlot].localIndex();
        assertEquals(bSlot, a.indices.lookup(first));
        initiate(5000, T0 + 5000);
        assertEquals(WgReason.UNKNOWN_INDEX, a.indices.lookup(first));
        assertNotEquals(first, a.peers[bSlot].localIndex());
        assertEquals(1, a.indices.size());
        a.handshake.clear(a.peers[bSlot]);
        assertEquals(0, a.indices.size());
    }

    @Test
    void cookieRoundTripUnderLoad() {
        pair(null);
        b.checker.setUnderLoad(true);
        initiate(0, T0);
        int before = b.x25519.scalarMults;
        assertEquals(WgReason.NEED_COOKIE, b.checker.check(init, 0, 148, SOURCE, 0, SOURCE.length, 0));
        byte[] reply = new byte[64];
        assertEquals(64, b.checker.createReply(init, 0, 148, SOURCE, 0, SOURCE.length, 0, reply, 0));
        assertEquals(before, b.x25519.scalarMults, "a cookie reply costs no DH");
        assertEquals(a.peers[bSlot].localIndex(), io.tailnode.lang.Bytes.getIntLE(reply, 4));
        assertEquals(bSlot, a.indices.lookup(io.tailnode.lang.Bytes.getIntLE(reply, 4)), "routable by index");
        assertEquals(WgReason.OK, a.cookies[bSlot].consumeReply(reply, 0, 64, 10));
        assertEquals(WgReason.COOKIE_STALE, a.cookies[bSlot].consumeReply(reply, 0, 64, 11), "only once");
        assertTrue(a.cookies[bSlot].hasFreshCookie(20));
        initiate(5000, T0 + 5000);
        assertFalse(isZero(Arrays.copyOfRange(init, 132, 148)), "mac2 present");
        assertEquals(WgReason.OK, b.checker.check(init, 0, 148, SOURCE, 0, SOURCE.length, 5000));
        assertEquals(aSlot, b.handshake.consumeInitiation(init, 0, 148, 5000));
        // The cookie is bound to the source: from elsewhere the same message needs a new cookie.
        byte[] other = SOURCE.clone();
        other[6] ^= 1;
        assertEquals(WgReason.NEED_COOKIE, b.checker.check(init, 0, 148, other, 0, other.length, 5000));
        // The cookie expires for the sender after 115 s, and the secret behind it is replaced after 120 s.
        assertFalse(a.cookies[bSlot].hasFreshCookie(10 + 115_000));
        assertFalse(b.checker.checkMac2(init, 0, 148, SOURCE, 0, SOURCE.length, 120_000));
        b.checker.setUnderLoad(false);
        assertEquals(WgReason.OK, b.checker.check(init, 0, 148, other, 0, other.length, 5000));
    }

    @Test
    void cookieReplyForAStaleInitiationIsIgnored() {
        pair(null);
        b.checker.setUnderLoad(true);
        initiate(0, T0);
        byte[] reply = new byte[64];
        b.checker.createReply(init, 0, 148, SOURCE, 0, SOURCE.length, 0, reply, 0);
        initiate(5000, T0 + 5000); // retransmission: a new mac1 is outstanding
        assertEquals(WgReason.DECRYPT_FAILED, a.cookies[bSlot].consumeReply(reply, 0, 64, 5010));
        assertFalse(a.cookies[bSlot].hasFreshCookie(5010));
        TestNode fresh = new TestNode(5);
        int s = fresh.addPeer(b, null);
        assertEquals(WgReason.COOKIE_STALE, fresh.cookies[s].consumeReply(reply, 0, 64, 0), "nothing outstanding");
        reply[0] = 2;
        assertEquals(WgReason.BAD_TYPE, a.cookies[bSlot].consumeReply(reply, 0, 64, 5010));
    }

    @Test
    void loadThresholdLatchesUnderLoadForOneSecond() {
        pair(null);
        b.checker.setThreshold(2);
        initiate(0, T0);
        assertEquals(WgReason.OK, b.checker.check(init, 0, 148, SOURCE, 0, SOURCE.length, 0));
        assertEquals(WgReason.OK, b.checker.check(init, 0, 148, SOURCE, 0, SOURCE.length, 100));
        assertEquals(WgReason.NEED_COOKIE, b.checker.check(init, 0, 148, SOURCE, 0, SOURCE.length, 200));
        assertTrue(b.checker.isUnderLoad(1100));
        assertFalse(b.checker.isUnderLoad(1200), "sticky for one second only");
        assertEquals(WgReason.OK, b.checker.check(init, 0, 148, SOURCE, 0, SOURCE.length, 1300));
    }

    @Test
    void corruptedCiphertextWithValidMac1ChangesNothing() {
        pair(null);
        initiate(0, T0);
        assertEquals(aSlot, b.handshake.consumeInitiation(init, 0, 148, 0));
        byte[] floor = new byte[12];
        b.peers[aSlot].lastTimestamp(floor, 0);
        byte[] ck = b.peers[aSlot].chainingKey.clone();
        initiate(1000, T0 + 1000);
        init[60] ^= 1; // inside the encrypted static
        a.cookies[bSlot].addMacs(init, 0, 148, 1000);
        assertEquals(WgReason.DECRYPT_FAILED, b.handshake.consumeInitiation(init, 0, 148, 1000));
        init[60] ^= 1;
        init[100] ^= 1; // inside the encrypted timestamp
        a.cookies[bSlot].addMacs(init, 0, 148, 1000);
        assertEquals(WgReason.DECRYPT_FAILED, b.handshake.consumeInitiation(init, 0, 148, 1000));
        byte[] after = new byte[12];
        b.peers[aSlot].lastTimestamp(after, 0);
        assertArrayEquals(floor, after, "replay floor untouched");
        assertArrayEquals(ck, b.peers[aSlot].chainingKey, "handshake state untouched");
        init[100] ^= 1;
        a.cookies[bSlot].addMacs(init, 0, 148, 1000);
        assertEquals(aSlot, b.handshake.consumeInitiation(init, 0, 148, 1000), "positive control");
    }

    @Test
    void consumeChecksTheWireFormatItself() {
        pair(null);
        initiate(0, T0);
        assertEquals(WgReason.TRUNCATED, b.handshake.consumeInitiation(init, 0, 147, 0));
        assertEquals(WgReason.WRONG_SIZE, b.handshake.consumeInitiation(new byte[149], 0, 149, 0));
        init[0] = 2;
        assertEquals(WgReason.BAD_TYPE, b.handshake.consumeInitiation(init, 0, 148, 0));
        assertEquals(WgReason.TRUNCATED, a.handshake.consumeResponse(resp, 0, 91, 0));
        assertEquals(WgReason.BAD_TYPE, a.handshake.consumeResponse(resp, 0, 92, 0));
        assertEquals(WgReason.WRONG_STATE, a.handshake.createResponse(a.peers[bSlot], resp, 0));
        assertEquals(WgReason.WRONG_STATE, new TestNode(8).handshake.createInitiation(new PeerHandshake(),
                tai(T0), 0, init, 0), "unconfigured peer");
    }

    private static byte[] hex(JsonNode v, String field) {
        JsonNode n = v.get(field);
        return Vectors.hex(n.isArray() ? n.get(0).asText() : n.asText());
    }

    private static boolean isZero(byte[] b) {
        for (byte x : b) {
            if (x != 0) {
                return false;
            }
        }
        return true;
    }
}
