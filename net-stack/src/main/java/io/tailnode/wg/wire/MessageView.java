package io.tailnode.wg.wire;

/**
 * What every WireGuard message view shares: the caller's buffer window it is pointed at, and the type byte
 * (whitepaper §5.4). The views own no data; the owner re-points one instance per message kind, so nothing is
 * allocated per packet. Subclasses add the layout of their message.
 */
public abstract class MessageView {
    byte[] buf;
    int off;
    int len;

    MessageView() {
    }

    final void point(byte[] buf, int off, int len) {
        this.buf = buf;
        this.off = off;
        this.len = len;
    }

    public final byte[] buffer() {
        return buf;
    }

    public final int offset() {
        return off;
    }

    public final int length() {
        return len;
    }

    /** The message type byte (1 initiation, 2 response, 3 cookie reply, 4 transport). */
    public final int type() {
        return buf[off] & 0xFF;
    }
}
