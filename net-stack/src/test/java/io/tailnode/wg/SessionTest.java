package io.tailnode.wg;

import static io.tailnode.wg.SessionFixtures.HEAD;
import static io.tailnode.wg.SessionFixtures.MTU;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tailnode.lang.Bytes;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SessionTest {
    private final Keypair[] kp = SessionFixtures.mirrored(1, 0x11111111, 0x22222222, 1000, true);
    private final Session a = SessionFixtures.session(kp[0]);
    private final Session b = SessionFixtures.session(kp[1]);

    private byte[] seal(Session s, byte[] plain, long now) {
        byte[] buf = SessionFixtures.packet(plain);
        int n = s.encrypt(buf, HEAD, plain.length, MTU, now);
        assertTrue(n > 0, "encrypt " + n);
        return Arrays.copyOf(buf, n);
    }

    @Test
    void roundTripInPlaceAtEveryInterestingLength() {
        Random r = new Random(2);
        int[] lengths = {0, 1, 15, 16, 17, 63, 64, 65, 1279, 1280, 1419, 1420};
        for (int i = 0; i < lengths.length; i++) {
            byte[] plain = new byte[lengths[i]];
            r.nextBytes(plain);
            byte[] msg = seal(a, plain, 2000);
            int padded = Session.paddedLength(plain.length, MTU);
            assertEquals(HEAD + padded + 16, msg.length, "length " + plain.length);
            assertEquals(4, msg[0]);
            assertEquals(0, msg[1] | msg[2] | msg[3]);
            assertEquals(0x22222222, Bytes.getIntLE(msg, 4));
            assertEquals(i, Bytes.getLongLE(msg, 8), "counter");
            int n = b.decrypt(msg, 0, msg.length, 2000);
            assertEquals(padded, n, "plaintext length " + plain.length);
            assertArrayEquals(plain, Arrays.copyOfRange(msg, HEAD, HEAD + plain.length));
            for (int p = plain.length; p < padded; p++) {
                assertEquals(0, msg[HEAD + p], "padding is zero");
            }
        }
        assertEquals(lengths.length, a.sendCounter());
    }

    @Test
    void keepaliveIsThirtyTwoBytes() {
        byte[] msg = seal(a, new byte[0], 2000);
        assertEquals(WgConstants.KEEPALIVE_SIZE, msg.length);
        assertEquals(0, b.decrypt(msg, 0, msg.length, 2000));
    }

    @Test
    void paddingIsToSixteenButNeverPastTheMtu() {
        assertEquals(0, Session.paddedLength(0, MTU));
        assertEquals(16, Session.paddedLength(1, MTU));
        assertEquals(16, Session.paddedLength(16, MTU));
        assertEquals(32, Session.paddedLength(17, MTU));
        assertEquals(1420, Session.paddedLength(1417, MTU)); // 1424 would exceed the MTU
        assertEquals(1420, Session.paddedLength(1420, MTU));
        assertEquals(1424, Session.paddedLength(1420, 0));
    }

    @Test
    void bothDirectionsWork() {
        byte[] msg = seal(b, new byte[] {1, 2, 3}, 2000);
        assertEquals(16, a.decrypt(msg, 0, msg.length, 2000));
        assertEquals(0x11111111, Bytes.getIntLE(msg, 4));
    }

    @Test
    void replayIsRejectedAfterAcceptance() {
        byte[] msg = seal(a, new byte[20], 2000);
        byte[] copy = msg.clone();
        assertTrue(b.decrypt(msg, 0, msg.length, 2000) >= 0);
        assertEquals(SessionReason.REPLAYED, b.decrypt(copy, 0, copy.length, 2000));
    }

    /** wireguard.md §4 / issue 4: the window is updated only after the tag verifies (bug-regression test). */
    @Test
    void forgedPacketDoesNotBurnItsCounter() {
        byte[] genuine = seal(a, new byte[40], 2000);
        byte[] forged = genuine.clone();
        forged[HEAD + 3] ^= 1;
        assertEquals(SessionReason.AUTH_FAILED, b.decrypt(forged, 0, forged.length, 2000));
        assertTrue(b.decrypt(genuine, 0, genuine.length, 2000) >= 0, "genuine packet with that counter still accepted");
    }

    /** A forged far-ahead counter must not slide the window past the genuine traffic. */
    @Test
    void forgedFarAheadCounterDoesNotMoveTheWindow() {
        byte[][] genuine = new byte[3][];
        for (int i = 0; i < 3; i++) {
            genuine[i] = seal(a, new byte[8], 2000);
        }
        byte[] forged = genuine[0].clone();
        Bytes.putLongLE(forged, 8, 1_000_000L);
        assertEquals(SessionReason.AUTH_FAILED, b.decrypt(forged, 0, forged.length, 2000));
        for (int i = 0; i < 3; i++) {
            assertTrue(b.decrypt(genuine[i], 0, genuine[i].length, 2000) >= 0, "genuine " + i);
        }
    }

    @Test
    void wrongReceiverIndexAndShortMessagesAreRejected() {
        byte[] msg = seal(a, new byte[8], 2000);
        assertEquals(SessionReason.UNKNOWN_INDEX, a.decrypt(msg.clone(), 0, msg.length, 2000));
        assertEquals(SessionReason.BAD_LENGTH, b.decrypt(msg, 0, 31, 2000));
    }

    @Test
    void encryptNeedsHeadroomAndTailroom() {
        byte[] buf = new byte[HEAD + 20];
        assertEquals(SessionReason.BAD_LENGTH, a.encrypt(buf, HEAD, 20, MTU, 2000));
        assertEquals(SessionReason.BAD_LENGTH, a.encrypt(new byte[100], 8, 20, MTU, 2000));
        assertEquals(0, a.sendCounter(), "no counter spent on a refused packet");
    }

    @Test
    void rejectAfterTimeBoundary() {
        long created = 1000;
        long edge = created + WgConstants.REJECT_AFTER_TIME_MS;
        byte[] msg = seal(a, new byte[8], edge - 1);
        assertTrue(b.decrypt(msg, 0, msg.length, edge - 1) >= 0);
        byte[] buf = SessionFixtures.packet(new byte[8]);
        assertEquals(SessionReason.SESSION_EXPIRED, a.encrypt(buf, HEAD, 8, MTU, edge));
        byte[] late = seal(a, new byte[8], edge - 1);
        assertEquals(SessionReason.SESSION_EXPIRED, b.decrypt(late, 0, late.length, edge));
    }

    @Test
    void rejectAfterMessagesOnSendAndReceive() {
        long limit = WgConstants.REJECT_AFTER_MESSAGES;
        a.forceSendCounter(limit - 1);
        byte[] last = seal(a, new byte[8], 2000);
        assertEquals(limit - 1, Bytes.getLongLE(last, 8));
        byte[] buf = SessionFixtures.packet(new byte[8]);
        assertEquals(SessionReason.REJECT_AFTER_MESSAGES, a.encrypt(buf, HEAD, 8, MTU, 2000));
        assertEquals(SessionReason.REJECT_AFTER_MESSAGES, a.encrypt(buf, HEAD, 0, MTU, 2000));
        byte[] beyond = last.clone();
        Bytes.putLongLE(beyond, 8, limit);
        assertEquals(SessionReason.REJECT_AFTER_MESSAGES, b.decrypt(beyond, 0, beyond.length, 2000));
        assertTrue(b.decrypt(last, 0, last.length, 2000) >= 0, "the last allowed counter is accepted");
    }

    @Test
    void rekeyOnSendAfterMessagesOrInitiatorAge() {
        long created = 1000;
        assertFalse(a.wantsRekeyOnSend(created + WgConstants.REKEY_AFTER_TIME_MS - 1));
        assertTrue(a.wantsRekeyOnSend(created + WgConstants.REKEY_AFTER_TIME_MS));
        assertFalse(b.wantsRekeyOnSend(created + WgConstants.REKEY_AFTER_TIME_MS), "responder does not rekey on age");
        b.forceSendCounter(WgConstants.REKEY_AFTER_MESSAGES - 1);
        assertFalse(b.wantsRekeyOnSend(2000));
        b.forceSendCounter(WgConstants.REKEY_AFTER_MESSAGES);
        assertTrue(b.wantsRekeyOnSend(2000), "either side rekeys after REKEY_AFTER_MESSAGES");
    }

    @Test
    void rekeyOnReceiveAt165Seconds() {
        long edge = 1000 + 165_000;
        assertFalse(a.wantsRekeyOnReceive(edge - 1));
        assertTrue(a.wantsRekeyOnReceive(edge));
        assertFalse(b.wantsRekeyOnReceive(edge));
    }

    @Test
    void wipedSessionRefusesAndHoldsNoKey() {
        a.wipe();
        byte[] buf = SessionFixtures.packet(new byte[8]);
        assertEquals(SessionReason.NO_SESSION, a.encrypt(buf, HEAD, 8, MTU, 2000));
        assertEquals(SessionReason.NO_SESSION, a.decrypt(buf, 0, 40, 2000));
        assertFalse(a.isValid());
    }

    // Found by the PIT run (docs/mutation-testing.md).

    /** A slot re-keyed with install() must forget the old keypair's counters (the new one starts at 0). */
    @Test
    void installResetsTheReplayWindow() {
        for (int i = 0; i < 3; i++) {
            byte[] msg = seal(a, new byte[16], 2000);
            assertTrue(b.decrypt(msg, 0, msg.length, 2000) >= 0);
        }
        Keypair[] next = SessionFixtures.mirrored(2, 0x11111111, 0x22222222, 3000, true);
        Session a2 = SessionFixtures.session(next[0]);
        b.install(next[1]);
        byte[] msg = seal(a2, new byte[16], 3000);
        assertEquals(0, Bytes.getLongLE(msg, 8));
        assertEquals(16, b.decrypt(msg, 0, msg.length, 3000), "counter 0 of the new keypair");
    }

    /** Padding is zeroed before sealing, whatever the buffer held after the plaintext. */
    @Test
    void paddingIsZeroedEvenOverDirtyBuffers() {
        byte[] plain = {1, 2, 3};
        byte[] buf = SessionFixtures.packet(plain);
        Arrays.fill(buf, HEAD + plain.length, buf.length, (byte) 0xAA);
        int n = a.encrypt(buf, HEAD, plain.length, MTU, 2000);
        assertEquals(16, b.decrypt(buf, 0, n, 2000));
        for (int p = plain.length; p < 16; p++) {
            assertEquals(0, buf[HEAD + p], "padding byte " + p);
        }
    }

    /** A plaintext of exactly the MTU is padded to the MTU, not past it. */
    @Test
    void plaintextOfExactlyTheMtu() {
        assertEquals(MTU, Session.paddedLength(MTU, MTU));
        assertEquals(1424, Session.paddedLength(MTU + 1, MTU));
    }

    /** A length past the buffer is BAD_LENGTH, not an exception. */
    @Test
    void lengthPastTheBufferIsRejected() {
        byte[] msg = seal(a, new byte[16], 2000);
        assertEquals(SessionReason.BAD_LENGTH, b.decrypt(msg, 0, msg.length + 1, 2000));
        assertEquals(SessionReason.BAD_LENGTH, b.decrypt(msg, 1, msg.length, 2000));
        assertEquals(16, b.decrypt(msg, 0, msg.length, 2000));
    }
}
