package io.tailnode.derp;

import io.tailnode.wg.WgRandom;

/** Deterministic, allocation-free "random" bytes for tests (a counter). */
final class CountingRandom implements WgRandom {
    private int next = 1;

    @Override
    public void nextBytes(byte[] b, int off, int len) {
        for (int i = 0; i < len; i++) {
            b[off + i] = (byte) next++;
        }
    }
}
