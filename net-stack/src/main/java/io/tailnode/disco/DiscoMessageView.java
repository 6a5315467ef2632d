package io.tailnode.disco;

import io.tailnode.lang.HotPath;

/**
 * Flyweight over an opened disco plaintext ({@link DiscoWire}). {@link #check} validates the type's length;
 * then the accessors give offsets into the caller's buffer. The version byte is not checked (Go ignores it for
 * the three types; newer senders may bump it).
 */
public final class DiscoMessageView {
    private byte[] buf;
    private int off;
    private int len;

    @HotPath
    public DiscoMessageView point(byte[] buf, int off, int len) {
        this.buf = buf;
        this.off = off;
        this.len = len;
        return this;
    }

    /**
     * The type (1 ping, 2 pong, 3 call-me-maybe) if the plaintext is well formed; TRUNCATED (shorter than the
     * type needs, CallMeMaybe not whole endpoints), UNKNOWN_TYPE (4–9 peer relay, anything else).
     */
    @HotPath
    public int check() {
        if (len < 2) {
            return DiscoReason.TRUNCATED;
        }
        int t = buf[off] & 0xFF;
        switch (t) {
            case DiscoWire.TYPE_PING:
                return len >= 2 + DiscoWire.TXID ? t : DiscoReason.TRUNCATED;
            case DiscoWire.TYPE_PONG:
                return len >= DiscoWire.PONG_LENGTH ? t : DiscoReason.TRUNCATED;
            case DiscoWire.TYPE_CALL_ME_MAYBE:
                return (len - 2) % DiscoWire.ENDPOINT == 0 ? t : DiscoReason.TRUNCATED;
            default:
                return DiscoReason.UNKNOWN_TYPE;
        }
    }

    public int type() {
        return buf[off] & 0xFF;
    }

    public int version() {
        return buf[off + 1] & 0xFF;
    }

    public byte[] buffer() {
        return buf;
    }

    /** Ping / Pong: offset of the 12-byte TxID. */
    public int txIdOffset() {
        return off + 2;
    }

    /** Ping: true if the sender's node key is present. */
    public boolean pingHasNodeKey() {
        return len >= DiscoWire.PING_LENGTH;
    }

    public int pingNodeKeyOffset() {
        return off + 2 + DiscoWire.TXID;
    }

    /** Pong: offset of the 18-byte observed source endpoint. */
    public int pongSourceOffset() {
        return off + 2 + DiscoWire.TXID;
    }

    /** CallMeMaybe: number of endpoints. */
    public int endpointCount() {
        return (len - 2) / DiscoWire.ENDPOINT;
    }

    /** CallMeMaybe: offset of endpoint {@code i}. */
    public int endpointOffset(int i) {
        return off + 2 + i * DiscoWire.ENDPOINT;
    }
}
