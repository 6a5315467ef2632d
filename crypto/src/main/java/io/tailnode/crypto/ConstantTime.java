package io.tailnode.crypto;

/**
 * Comparisons whose running time depends only on the length, never on the data: MAC and tag checks,
 * all-zero shared-secret checks (rule 5: MAC/tag checks are constant-time).
 */
public final class ConstantTime {
    private ConstantTime() {
    }

    /** True if {@code a[aOff..aOff+len)} equals {@code b[bOff..bOff+len)}; time depends on {@code len} only. */
    public static boolean equals(byte[] a, int aOff, byte[] b, int bOff, int len) {
        int diff = 0;
        for (int i = 0; i < len; i++) {
            diff |= a[aOff + i] ^ b[bOff + i];
        }
        return diff == 0;
    }

    /** True if every byte of {@code a[off..off+len)} is zero; time depends on {@code len} only. */
    public static boolean isZero(byte[] a, int off, int len) {
        int acc = 0;
        for (int i = 0; i < len; i++) {
            acc |= a[off + i];
        }
        return acc == 0;
    }
}
