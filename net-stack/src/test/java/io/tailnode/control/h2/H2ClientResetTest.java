package io.tailnode.control.h2;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * {@link H2Client#reset}: the control client reconnects with the same object, so a reset must give exactly a fresh
 * connection — same opening bytes, stream ids from 1, no leftover streams, windows, partial frames, HPACK entries or
 * error state.
 */
class H2ClientResetTest {
    @Test
    void resetIsAFreshConnection() {
        H2ClientAllocationTest.CountingListener l = new H2ClientAllocationTest.CountingListener();
        H2Client fresh = new H2Client(new H2Config(), l);
        byte[] opening = new byte[4096];
        int n = fresh.poll(opening, 0, opening.length);

        H2Client c = new H2Client(new H2Config(), l);
        byte[] out = new byte[65536];
        c.poll(out, 0, out.length);
        TestH2Server s = new TestH2Server();
        s.settings(H2Constants.SETTINGS_INITIAL_WINDOW_SIZE, 100);
        ByteArrayBlock b = new ByteArrayBlock();
        b.write(0x40); // incremental indexing: leaves an entry in the dynamic table
        TestH2Server.str(b.out, "x-a", false);
        TestH2Server.str(b.out, "1", false);
        c.beginRequest().indexed(HpackStaticTable.METHOD_GET);
        assertEquals(1, c.openStream(false));
        c.beginRequest().indexed(HpackStaticTable.METHOD_GET);
        assertEquals(3, c.openStream(false));
        s.headers(1, concat(new byte[] {(byte) 0x88}, b.out.toByteArray()), false);
        byte[] in = s.takeOutput();
        c.receive(in, 0, in.length);
        assertTrue(c.decoder().tableEntries() > 0);
        byte[] half = TestBytes.hex("000010 00 00 00000003 0102"); // a DATA frame cut short
        c.receive(half, 0, half.length);
        c.goAway(0);

        c.reset();
        assertEquals(H2Client.STATE_OPEN, c.state());
        assertEquals(0, c.openStreams());
        assertEquals(0, c.decoder().tableEntries());
        assertEquals(0, c.lastError());
        byte[] again = new byte[4096];
        assertEquals(n, c.poll(again, 0, again.length));
        assertArrayEquals(Arrays.copyOf(opening, n), Arrays.copyOf(again, n));
        c.beginRequest().indexed(HpackStaticTable.METHOD_GET);
        assertEquals(1, c.openStream(true), "stream ids start over");
        byte[] settings = TestBytes.hex("000000 04 00 00000000");
        assertEquals(settings.length, c.receive(settings, 0, settings.length), "no partial frame left over");
        assertEquals(65535, c.connectionSendWindow());
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] c = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }

    static final class ByteArrayBlock {
        final java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();

        void write(int x) {
            out.write(x);
        }
    }
}
