package io.tailnode.derp;

import io.tailnode.lang.Bytes;
import io.tailnode.lang.HotPath;

/**
 * Flyweight over one whole DERP frame in a caller buffer ({@link DerpWire}): header, then payload. {@link #check}
 * validates what a receiver must before touching fields: complete header, declared length within the buffer
 * window and within {@link DerpWire#MAX_FRAME}, and the type's minimum payload (ServerKey 40 with the magic,
 * ServerInfo 24 + 16, RecvPacket / SendPacket / PeerGone 32, Ping / Pong 8, Restarting 8, NotePreferred 1).
 * Unknown types pass with any length (forward compatibility: Go ignores them). Re-pointed per frame; holds no data.
 */
public final class DerpFrameView {
    private byte[] buf;
    private int off;
    private int len;

    /** Points at buf[off..+len), which should hold at least one whole frame. */
    @HotPath
    public DerpFrameView point(byte[] buf, int off, int len) {
        this.buf = buf;
        this.off = off;
        this.len = len;
        return this;
    }

    /**
     * Total frame length (header + payload) if the window holds a valid frame; 0 if more bytes are needed for
     * the header or payload; or FRAME_TOO_LARGE, FRAME_TRUNCATED (payload below the type's minimum) or BAD_MAGIC.
     */
    @HotPath
    public int check() {
        if (len < DerpWire.HEADER) {
            return 0;
        }
        int n = Bytes.getIntBE(buf, off + 1);
        if (n < 0 || n > DerpWire.MAX_FRAME) {
            return DerpReason.FRAME_TOO_LARGE;
        }
        int min = minPayload(type());
        if (n < min) {
            return DerpReason.FRAME_TRUNCATED;
        }
        if (len - DerpWire.HEADER < n) {
            return 0;
        }
        if (type() == DerpWire.SERVER_KEY && !DerpWire.isMagic(buf, off + DerpWire.HEADER)) {
            return DerpReason.BAD_MAGIC;
        }
        return DerpWire.HEADER + n;
    }

    /** Minimum payload of a frame type; 0 for unknown types. */
    @HotPath
    public static int minPayload(int type) {
        switch (type) {
            case DerpWire.SERVER_KEY:
                return DerpWire.SERVER_KEY_MIN;
            case DerpWire.CLIENT_INFO:
                return DerpWire.KEY + DerpWire.NONCE + 16;
            case DerpWire.SERVER_INFO:
                return DerpWire.NONCE + 16;
            case DerpWire.SEND_PACKET:
            case DerpWire.RECV_PACKET:
            case DerpWire.PEER_GONE:
            case DerpWire.PEER_PRESENT:
                return DerpWire.KEY;
            case DerpWire.FORWARD_PACKET:
                return 2 * DerpWire.KEY;
            case DerpWire.NOTE_PREFERRED:
                return 1;
            case DerpWire.PING:
            case DerpWire.PONG:
                return DerpWire.PING_DATA;
            case DerpWire.RESTARTING:
                return 8;
            default:
                return 0;
        }
    }

    public int type() {
        return buf[off] & 0xFF;
    }

    /** Declared payload length (valid after {@link #check} returned > 0). */
    public int payloadLength() {
        return Bytes.getIntBE(buf, off + 1);
    }

    public byte[] buffer() {
        return buf;
    }

    public int payloadOffset() {
        return off + DerpWire.HEADER;
    }

    /** ServerKey: offset of the server's public key; RecvPacket/SendPacket/PeerGone: of the peer key. */
    public int keyOffset() {
        return type() == DerpWire.SERVER_KEY ? off + DerpWire.HEADER + DerpWire.MAGIC_LENGTH : off + DerpWire.HEADER;
    }

    /** RecvPacket / SendPacket: the carried packet. */
    public int packetOffset() {
        return off + DerpWire.HEADER + DerpWire.KEY;
    }

    public int packetLength() {
        return payloadLength() - DerpWire.KEY;
    }

    /** PeerGone reason byte (0 disconnected when absent, as Go's older servers send 32 bytes). */
    public int peerGoneReason() {
        return payloadLength() > DerpWire.KEY ? buf[off + DerpWire.HEADER + DerpWire.KEY] & 0xFF
                : DerpWire.PEER_GONE_DISCONNECTED;
    }

    /** Restarting: milliseconds until the server wants reconnects (unsigned 32-bit). */
    public long restartReconnectInMs() {
        return Bytes.getIntBE(buf, off + DerpWire.HEADER) & 0xFFFFFFFFL;
    }

    /** Restarting: how long to keep trying after that (unsigned 32-bit ms). */
    public long restartTryForMs() {
        return Bytes.getIntBE(buf, off + DerpWire.HEADER + 4) & 0xFFFFFFFFL;
    }
}
