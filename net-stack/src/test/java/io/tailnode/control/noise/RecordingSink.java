package io.tailnode.control.noise;

import java.io.ByteArrayOutputStream;

/** Collects the application bytes; checks every slice lies inside its array; can be told to fail. */
final class RecordingSink implements ControlSink {
    final ByteArrayOutputStream data = new ByteArrayOutputStream();
    int calls;
    int failWith;

    @Override
    public int onPlaintext(byte[] buf, int off, int len) {
        if (off < 0 || len < 0 || off + len > buf.length) {
            throw new AssertionError("slice outside buffer");
        }
        calls++;
        if (failWith < 0) {
            return failWith;
        }
        data.write(buf, off, len);
        return len;
    }

    byte[] bytes() {
        return data.toByteArray();
    }
}
