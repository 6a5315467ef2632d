package io.tailnode.wg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * Numbered window-edge cases in the manner of wireguard-go replay_test.go and the kernel's counter selftest,
 * re-derived for our window (W = 2048 usable counters, ring of 33 words). Each row is "counter, accepted?"
 * applied with {@code willAccept} then {@code markReceived} (the two must agree). Case numbers appear in
 * failure messages.
 */
class ReplayWindowTest {
    private static final long W = ReplayWindow.WINDOW_SIZE;
    private static final long LIMIT = WgConstants.REJECT_AFTER_MESSAGES;
    private static final long RING = (long) (WgConstants.REPLAY_WINDOW_BITS / 64) * 64;

    private static void run(ReplayWindow w, long[][] table) {
        for (int i = 0; i < table.length; i++) {
            long counter = table[i][0];
            boolean expected = table[i][1] != 0;
            assertEquals(expected, w.willAccept(counter), "case " + (i + 1) + " willAccept(" + Long.toUnsignedString(counter) + ")");
            assertEquals(expected, w.markReceived(counter), "case " + (i + 1) + " markReceived(" + Long.toUnsignedString(counter) + ")");
        }
    }

    @Test
    void usableWindowIsAtLeast2048() {
        assertEquals(2048, W);
    }

    @Test
    void edgesInOrderDuplicatesAndWindowBack() {
        run(new ReplayWindow(), new long[][] {
            {0, 1},            // 1  first counter ever, zero
            {0, 0},            // 2  duplicate
            {1, 1},            // 3
            {1, 0},            // 4
            {3, 1},            // 5  gap
            {2, 1},            // 6  fills the gap out of order
            {2, 0},            // 7
            {W, 1},            // 8  newest = W, counter 0 now exactly at the back edge
            {0, 0},            // 9  at the edge but already seen
            {4, 1},            // 10 inside the window, unseen
            {W + 1, 1},        // 11 newest = W+1: counter 0 falls out
            {0, 0},            // 12 behind the window
            {1, 0},            // 13 at the edge, seen
            {5, 1},            // 14 inside, unseen
            {3 * W, 1},        // 15 jump of more than the ring
            {W, 0},            // 16 2W behind
            {2 * W, 1},        // 17 exactly W behind: last acceptable position
            {2 * W - 1, 0},    // 18 W+1 behind: first rejected position
            {2 * W, 0},        // 19 duplicate at the edge
            {3 * W, 0},        // 20 duplicate newest
            {3 * W - 1, 1},    // 21 just behind newest
            {3 * W + 1, 1},    // 22 just ahead
            {2 * W + 1, 1},    // 23 exactly W behind the new newest
            {2 * W + 1, 0},    // 24
            {2 * W, 0},        // 25 now W+1 behind
        });
    }

    @Test
    void everyCounterInsideTheWindowIsAcceptedOnceInAnyOrder() {
        ReplayWindow w = new ReplayWindow();
        long top = 5 * W + 17;
        assertTrue(w.markReceived(top), "case 1");
        for (long c = top - 1; c >= top - W; c--) {
            assertTrue(w.markReceived(c), "case 2 counter " + c);
        }
        for (long c = top; c >= top - W; c--) {
            assertFalse(w.willAccept(c), "case 3 counter " + c);
        }
        assertFalse(w.markReceived(top - W - 1), "case 4 first counter behind the window");
    }

    @Test
    void advancingOneRingLengthClearsTheReusedWord() {
        // 10 and 10 + 33*64 share word and bit; a window that failed to clear the word would call it a replay.
        run(new ReplayWindow(), new long[][] {
            {10, 1},             // 1
            {10 + RING, 1},      // 2 same ring slot, new counter
            {10, 0},             // 3 far behind now
            {11 + RING - 64, 1}, // 4 a word the advance cleared, inside the window
            {10 + 2 * RING, 1},  // 5
            {10 + 2 * RING - W, 1}, // 6 back edge after wrap
        });
    }

    @Test
    void rejectAfterMessagesIsTheLimit() {
        run(new ReplayWindow(), new long[][] {
            {LIMIT, 0},             // 1 exactly REJECT_AFTER_MESSAGES
            {LIMIT + 1, 0},         // 2
            {-1L, 0},               // 3 2^64 - 1
            {LIMIT - 1, 1},         // 4 last usable counter
            {LIMIT - 1, 0},         // 5
            {LIMIT - 1 - W, 1},     // 6 back edge below the limit
            {LIMIT - 2 - W, 0},     // 7
            {0, 0},                 // 8 far behind
        });
    }

    @Test
    void countersAreComparedUnsigned() {
        run(new ReplayWindow(), new long[][] {
            {5, 1},                  // 1
            {1L << 63, 1},           // 2 top bit set: newer, not negative
            {(1L << 63) - 1, 1},     // 3 one behind: unsigned difference 1
            {1L << 62, 0},           // 4 2^62 behind
            {6, 0},                  // 5
        });
    }

    @Test
    void differencesAreNotTruncatedTo32Bits() {
        // wireguard-lwip kept last - counter in 32 bits: 2^32 behind looked like 0 behind (wireguard.md §5 item 3).
        run(new ReplayWindow(), new long[][] {
            {5, 1},                  // 1
            {(1L << 32) + 5, 1},     // 2
            {6, 0},                  // 3 2^32 - 1 behind
            {5, 0},                  // 4 2^32 behind
            {(1L << 32) + 4, 1},     // 5 one behind: fine
        });
    }

    @Test
    void willAcceptChangesNothing() {
        ReplayWindow w = new ReplayWindow();
        assertTrue(w.willAccept(1000));
        assertTrue(w.willAccept(1000));
        assertEquals(-1L, w.greatestReceived());
        assertTrue(w.markReceived(7));
        assertTrue(w.willAccept(1000));
        assertTrue(w.willAccept(6));
        assertFalse(w.willAccept(7));
        assertEquals(7, w.greatestReceived());
    }

    @Test
    void resetForgetsEverything() {
        ReplayWindow w = new ReplayWindow();
        assertTrue(w.markReceived(3 * W));
        assertFalse(w.willAccept(0));
        w.reset();
        assertTrue(w.markReceived(0));
        assertTrue(w.markReceived(1));
        assertFalse(w.markReceived(0));
    }

    // Found by the PIT run (docs/mutation-testing.md): each test fails on the mutant named in its comment.

    /** reset() must clear the ring, not just "empty": stale bits would reject the new keypair's counters. */
    @Test
    void resetClearsEveryBitSoTheNextKeypairStartsClean() {
        ReplayWindow w = new ReplayWindow();
        for (long c = 0; c <= 10; c++) {
            assertTrue(w.markReceived(c));
        }
        w.reset();
        assertTrue(w.markReceived(10));
        for (long c = 0; c < 10; c++) {
            assertTrue(w.markReceived(c), "counter " + c + " after reset");
        }
    }

    /** Advancing by one word must clear that word (the loop bound is inclusive). */
    @Test
    void advancingOneWordClearsThatWordsStaleBits() {
        ReplayWindow w = new ReplayWindow();
        long words = RING / 64;
        assertTrue(w.markReceived(70)); // word 1, bit 6
        assertTrue(w.markReceived(words * 64)); // word `words`, ring index 0
        assertTrue(w.markReceived((words + 1) * 64 + 10)); // one word on: ring index 1 is reused
        assertTrue(w.markReceived((words + 1) * 64 + 6), "stale bit of counter 70 rejected a fresh counter");
    }

    /** In-order counters keep their bits: every one of them is a replay afterwards (word arithmetic). */
    @Test
    void inOrderCountersStayMarked() {
        ReplayWindow w = new ReplayWindow();
        for (long c = 0; c < 300; c++) {
            assertTrue(w.markReceived(c));
        }
        for (long c = 0; c < 300; c++) {
            assertFalse(w.willAccept(c), "replay of " + c + " accepted");
        }
    }

    @Test
    void aBoardWindowOf1024AcceptsExactlyItsSizeBehind() {
        ReplayWindow w = new ReplayWindow(1024);
        assertEquals(1024, w.windowSize());
        long top = 7 * 1024 + 33;
        run(w, new long[][] {
            {top, 1},              // 1
            {top - 1024, 1},       // 2  exactly W behind: last acceptable position
            {top - 1025, 0},       // 3  W+1 behind
            {top - 1024, 0},       // 4  duplicate at the edge
            {top + 1, 1},          // 5  newest moves: top - 1024 is now W+1 behind
            {top - 1023, 1},       // 6  exactly W behind the new newest
            {top + 3 * 1024, 1},   // 7  jump of more than the ring (17 words)
            {top + 1, 0},          // 8  far behind now
            {top + 2 * 1024, 1},   // 9  exactly W behind
            {top + 2 * 1024, 0},   // 10
        });
        ReplayWindow all = new ReplayWindow(1024);
        assertTrue(all.markReceived(5000));
        for (long c = 4999; c >= 5000 - 1024; c--) {
            assertTrue(all.markReceived(c), "counter " + c);
        }
        assertFalse(all.willAccept(5000 - 1025));
    }

    @Test
    void windowSizesOutsideTheRangeOrNotWordMultiplesAreRefused() {
        for (int bad : new int[] {0, 63, 100, 8192, -64}) {
            org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> new ReplayWindow(bad),
                    "usable " + bad);
        }
        assertEquals(64, new ReplayWindow(64).windowSize());
        assertEquals(8128, new ReplayWindow(8128).windowSize());
    }
}
