package io.tailnode.ip.tcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import org.junit.jupiter.api.Test;

/** RFC 6528: ISN = 4-microsecond clock + keyed hash of the 4-tuple. */
class TcpIsnTest {
    private static final byte[] L = {10, 0, 0, 1};
    private static final byte[] R = {10, 0, 0, 2};

    @Test
    void sameTupleAdvancesWithTheClockOnly() {
        TcpIsn isn = new TcpIsn(new byte[32], 0);
        int a = isn.next(4, L, 80, R, 50000, 1000);
        int b = isn.next(4, L, 80, R, 50000, 1004);
        assertEquals(4 * TcpConstants.ISN_TICKS_PER_MS, b - a);
    }

    @Test
    void tupleAndSecretChangeTheOffset() {
        byte[] key = new byte[32];
        TcpIsn isn = new TcpIsn(key, 0);
        int a = isn.next(4, L, 80, R, 50000, 1000);
        assertNotEquals(a, isn.next(4, L, 80, R, 50001, 1000));
        assertNotEquals(a, isn.next(4, R, 80, L, 50000, 1000));
        key[0] = 1;
        assertNotEquals(a, new TcpIsn(key, 0).next(4, L, 80, R, 50000, 1000));
    }
}
