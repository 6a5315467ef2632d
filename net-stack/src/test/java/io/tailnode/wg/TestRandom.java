package io.tailnode.wg;

/**
 * Deterministic, allocation-free WgRandom (xorshift64*) for tests; can serve queued 32-byte values (fixed
 * ephemeral keys for vector tests) to the next 32-byte requests.
 */
final class TestRandom implements WgRandom {
    private long state;
    private final byte[][] queued32 = new byte[4][];
    private int queuedHead;
    private int queuedTail;

    TestRandom(long seed) {
        state = seed == 0 ? 0x9E3779B97F4A7C15L : seed;
    }

    void queue32(byte[] value) {
        queued32[queuedTail++ % queued32.length] = value;
    }

    @Override
    public void nextBytes(byte[] b, int off, int len) {
        if (len == 32 && queuedHead < queuedTail) {
            System.arraycopy(queued32[queuedHead++ % queued32.length], 0, b, off, 32);
            return;
        }
        for (int i = 0; i < len; i++) {
            if ((i & 7) == 0) {
                state ^= state >>> 12;
                state ^= state << 25;
                state ^= state >>> 27;
            }
            b[off + i] = (byte) ((state * 0x2545F4914F6CDD1DL) >>> ((i & 7) * 8));
        }
    }
}
