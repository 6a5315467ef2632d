package io.tailnode.wg.wire;

import io.tailnode.lang.Bytes;
import io.tailnode.wg.WgConstants;

/**
 * Flyweight view of the handshake response (whitepaper §5.4.3), 92 bytes, integers little-endian:
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |  type = 2     |              reserved (zero)                  |   0
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                         sender index                          |   4
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                        receiver index                         |   8
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |              unencrypted ephemeral (32 bytes)                 |  12
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |          encrypted nothing (0 bytes + 16-byte tag)            |  44
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                         mac1 (16 bytes)                       |  60
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                         mac2 (16 bytes)                       |  76
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 * Owns no data: {@link #wrap} re-points it. Call {@link #check} once on untrusted input; getters assume it
 * passed. Byte fields are absolute offsets into {@link #buffer()}. Not thread-safe.
 */
public final class MessageResponse extends MessageView {
    private static final int TYPE_OFFSET = 0;
    private static final int SENDER_OFFSET = 4;
    private static final int RECEIVER_OFFSET = 8;
    private static final int EPHEMERAL_OFFSET = 12;
    private static final int EMPTY_OFFSET = EPHEMERAL_OFFSET + WgConstants.KEY_SIZE;
    private static final int MAC1_OFFSET = EMPTY_OFFSET + WgConstants.TAG_SIZE;
    private static final int MAC2_OFFSET = MAC1_OFFSET + WgConstants.MAC_SIZE;
    /** 92. */
    public static final int SIZE = MAC2_OFFSET + WgConstants.MAC_SIZE;
    public static final int ENCRYPTED_EMPTY_LENGTH = WgConstants.TAG_SIZE;


    /** Points the view at {@code buf[off..off+len)}; for writing pass {@code len = SIZE}. */
    public MessageResponse wrap(byte[] buf, int off, int len) {
        point(buf, off, len);
        return this;
    }

    /** Validates exact length, type and reserved bytes: 0 or a negative {@link io.tailnode.wg.WgReason}. */
    public int check() {
        return WireCheck.fixed(buf, off, len, SIZE, WgConstants.TYPE_RESPONSE);
    }

    /** Writes type 2 and zero reserved bytes. */
    public void writeHeader() {
        WireCheck.writeHeader(buf, off, WgConstants.TYPE_RESPONSE);
    }

    /** Unsigned 32-bit index chosen by the responder. */
    public int senderIndex() {
        return Bytes.getIntLE(buf, off + SENDER_OFFSET);
    }

    public void setSenderIndex(int index) {
        Bytes.putIntLE(buf, off + SENDER_OFFSET, index);
    }

    /** The initiator's sender index echoed back: names the initiator's handshake. */
    public int receiverIndex() {
        return Bytes.getIntLE(buf, off + RECEIVER_OFFSET);
    }

    public void setReceiverIndex(int index) {
        Bytes.putIntLE(buf, off + RECEIVER_OFFSET, index);
    }

    public int ephemeralOffset() {
        return off + EPHEMERAL_OFFSET;
    }

    public int encryptedEmptyOffset() {
        return off + EMPTY_OFFSET;
    }

    public int mac1Offset() {
        return off + MAC1_OFFSET;
    }

    public int mac2Offset() {
        return off + MAC2_OFFSET;
    }
}
