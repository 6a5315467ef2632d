package io.tailnode.wg.wire;

import io.tailnode.lang.Bytes;
import io.tailnode.wg.WgConstants;
import io.tailnode.wg.WgReason;

/**
 * Flyweight view of the transport data header (whitepaper §5.4.6), 16 bytes then the encrypted payload,
 * integers little-endian:
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |  type = 4     |              reserved (zero)                  |   0
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                        receiver index                         |   4
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                    counter (64 bits, LE)                      |   8
 * |                                                               |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |   encrypted packet (padded to 16) ... followed by 16-byte tag |  16
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 * Header only: the payload ({@link #payloadOffset()}, {@link #payloadLength()}, tag included) is opened in
 * place by the session code. {@link #check} requires at least a keepalive (32 bytes); the padding is not
 * checked here because it is only visible after decryption. Not thread-safe.
 */
public final class MessageTransport extends MessageView {
    private static final int TYPE_OFFSET = 0;
    private static final int RECEIVER_OFFSET = 4;
    private static final int COUNTER_OFFSET = 8;
    private static final int PAYLOAD_OFFSET = COUNTER_OFFSET + 8;
    /** 16. */
    public static final int HEADER_LENGTH = PAYLOAD_OFFSET;
    /** 32: header plus the tag of an empty (keepalive) payload. */
    public static final int MIN_SIZE = HEADER_LENGTH + WgConstants.TAG_SIZE;


    /** Points the view at {@code buf[off..off+len)}: the whole datagram, header, payload and tag. */
    public MessageTransport wrap(byte[] buf, int off, int len) {
        point(buf, off, len);
        return this;
    }

    /** Validates minimum length, type and reserved bytes: 0 or a negative {@link WgReason}. */
    public int check() {
        if (len < MIN_SIZE) {
            return WgReason.TRUNCATED;
        }
        return WireCheck.header(buf, off, WgConstants.TYPE_TRANSPORT);
    }

    /** Writes type 4 and zero reserved bytes. */
    public void writeHeader() {
        WireCheck.writeHeader(buf, off, WgConstants.TYPE_TRANSPORT);
    }

    /** The index the receiver chose for this session (its {@code localIndex}). */
    public int receiverIndex() {
        return Bytes.getIntLE(buf, off + RECEIVER_OFFSET);
    }

    public void setReceiverIndex(int index) {
        Bytes.putIntLE(buf, off + RECEIVER_OFFSET, index);
    }

    /** The 64-bit nonce counter, unsigned (compare with unsigned semantics). */
    public long counter() {
        return Bytes.getLongLE(buf, off + COUNTER_OFFSET);
    }

    public void setCounter(long counter) {
        Bytes.putLongLE(buf, off + COUNTER_OFFSET, counter);
    }

    public int payloadOffset() {
        return off + PAYLOAD_OFFSET;
    }

    /** Encrypted payload length including the 16-byte tag. */
    public int payloadLength() {
        return len - PAYLOAD_OFFSET;
    }
}
