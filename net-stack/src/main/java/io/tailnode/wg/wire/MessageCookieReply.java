package io.tailnode.wg.wire;

import io.tailnode.lang.Bytes;
import io.tailnode.wg.WgConstants;

/**
 * Flyweight view of the cookie reply (whitepaper §5.4.7), 64 bytes, integers little-endian:
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |  type = 3     |              reserved (zero)                  |   0
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                        receiver index                         |   4
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                  random nonce (24 bytes)                      |   8
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |       encrypted cookie (16 bytes + 16-byte tag)               |  32
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 * The receiver index is the sender index of the message the cookie answers. Owns no data: {@link #wrap}
 * re-points it. Call {@link #check} once on untrusted input; getters assume it passed. Not thread-safe.
 */
public final class MessageCookieReply extends MessageView {
    private static final int TYPE_OFFSET = 0;
    private static final int RECEIVER_OFFSET = 4;
    private static final int NONCE_OFFSET = 8;
    private static final int COOKIE_OFFSET = NONCE_OFFSET + WgConstants.COOKIE_NONCE_SIZE;
    /** 64. */
    public static final int SIZE = COOKIE_OFFSET + WgConstants.COOKIE_SIZE + WgConstants.TAG_SIZE;
    public static final int ENCRYPTED_COOKIE_LENGTH = WgConstants.COOKIE_SIZE + WgConstants.TAG_SIZE;


    /** Points the view at {@code buf[off..off+len)}; for writing pass {@code len = SIZE}. */
    public MessageCookieReply wrap(byte[] buf, int off, int len) {
        point(buf, off, len);
        return this;
    }

    /** Validates exact length, type and reserved bytes: 0 or a negative {@link io.tailnode.wg.WgReason}. */
    public int check() {
        return WireCheck.fixed(buf, off, len, SIZE, WgConstants.TYPE_COOKIE_REPLY);
    }

    /** Writes type 3 and zero reserved bytes. */
    public void writeHeader() {
        WireCheck.writeHeader(buf, off, WgConstants.TYPE_COOKIE_REPLY);
    }

    public int receiverIndex() {
        return Bytes.getIntLE(buf, off + RECEIVER_OFFSET);
    }

    public void setReceiverIndex(int index) {
        Bytes.putIntLE(buf, off + RECEIVER_OFFSET, index);
    }

    public int nonceOffset() {
        return off + NONCE_OFFSET;
    }

    public int encryptedCookieOffset() {
        return off + COOKIE_OFFSET;
    }
}
