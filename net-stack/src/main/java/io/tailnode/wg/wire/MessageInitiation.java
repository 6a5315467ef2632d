package io.tailnode.wg.wire;

import io.tailnode.lang.Bytes;
import io.tailnode.wg.WgConstants;
import io.tailnode.wg.WgReason;

/**
 * Flyweight view of the handshake initiation (whitepaper §5.4.2), 148 bytes, integers little-endian:
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |  type = 1     |              reserved (zero)                  |   0
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                         sender index                          |   4
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |              unencrypted ephemeral (32 bytes)                 |   8
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |          encrypted static (32 bytes + 16-byte tag)            |  40
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |         encrypted timestamp (12 bytes + 16-byte tag)          |  88
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                         mac1 (16 bytes)                       | 116
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                         mac2 (16 bytes)                       | 132
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 * Owns no data: {@link #wrap} re-points it, so one instance serves every packet. Call {@link #check} once on
 * untrusted input; getters assume it passed. Byte fields are exposed as absolute offsets into
 * {@link #buffer()}, never copied. Not thread-safe.
 */
public final class MessageInitiation extends MessageView {
    private static final int TYPE_OFFSET = 0;
    private static final int RESERVED_OFFSET = 1;
    private static final int SENDER_OFFSET = 4;
    private static final int EPHEMERAL_OFFSET = 8;
    private static final int STATIC_OFFSET = EPHEMERAL_OFFSET + WgConstants.KEY_SIZE;
    private static final int TIMESTAMP_OFFSET = STATIC_OFFSET + WgConstants.KEY_SIZE + WgConstants.TAG_SIZE;
    private static final int MAC1_OFFSET = TIMESTAMP_OFFSET + WgConstants.TAI64N_SIZE + WgConstants.TAG_SIZE;
    private static final int MAC2_OFFSET = MAC1_OFFSET + WgConstants.MAC_SIZE;
    /** 148: derived from the last field so the diagram and the constant cannot disagree. */
    public static final int SIZE = MAC2_OFFSET + WgConstants.MAC_SIZE;
    public static final int ENCRYPTED_STATIC_LENGTH = WgConstants.KEY_SIZE + WgConstants.TAG_SIZE;
    public static final int ENCRYPTED_TIMESTAMP_LENGTH = WgConstants.TAI64N_SIZE + WgConstants.TAG_SIZE;


    /** Points the view at {@code buf[off..off+len)}; for writing pass {@code len = SIZE}. */
    public MessageInitiation wrap(byte[] buf, int off, int len) {
        point(buf, off, len);
        return this;
    }

    /** Validates exact length, type and reserved bytes: 0 or a negative {@link WgReason}. */
    public int check() {
        return WireCheck.fixed(buf, off, len, SIZE, WgConstants.TYPE_INITIATION);
    }

    /** Writes type 1 and zero reserved bytes. */
    public void writeHeader() {
        WireCheck.writeHeader(buf, off, WgConstants.TYPE_INITIATION);
    }

    /** Unsigned 32-bit index chosen by the initiator; replies carry it as their receiver index. */
    public int senderIndex() {
        return Bytes.getIntLE(buf, off + SENDER_OFFSET);
    }

    public void setSenderIndex(int index) {
        Bytes.putIntLE(buf, off + SENDER_OFFSET, index);
    }

    public int ephemeralOffset() {
        return off + EPHEMERAL_OFFSET;
    }

    public int encryptedStaticOffset() {
        return off + STATIC_OFFSET;
    }

    public int encryptedTimestampOffset() {
        return off + TIMESTAMP_OFFSET;
    }

    public int mac1Offset() {
        return off + MAC1_OFFSET;
    }

    public int mac2Offset() {
        return off + MAC2_OFFSET;
    }
}
