package io.tailnode.derp;

import io.tailnode.lang.Bytes;
import io.tailnode.lang.HotPath;

/**
 * DERP frame layout (tailscale-protocol.md §3.2; Go derp/derp.go): {@code type[1] | length[4, BE] | payload}.
 * Constants and allocation-free writers on caller buffers; parsing is {@link DerpFrameView}. Writers return the
 * number of bytes written, or {@link DerpReason#WOULD_BLOCK} when {@code cap} is too small (nothing written).
 */
public final class DerpWire {
    public static final int HEADER = 5;
    public static final int KEY = 32;
    public static final int NONCE = 24;

    public static final int SERVER_KEY = 0x01;
    public static final int CLIENT_INFO = 0x02;
    public static final int SERVER_INFO = 0x03;
    public static final int SEND_PACKET = 0x04;
    public static final int RECV_PACKET = 0x05;
    public static final int KEEP_ALIVE = 0x06;
    public static final int NOTE_PREFERRED = 0x07;
    public static final int PEER_GONE = 0x08;
    public static final int PEER_PRESENT = 0x09;
    public static final int FORWARD_PACKET = 0x0a;
    public static final int WATCH_CONNS = 0x10;
    public static final int CLOSE_PEER = 0x11;
    public static final int PING = 0x12;
    public static final int PONG = 0x13;
    public static final int HEALTH = 0x14;
    public static final int RESTARTING = 0x15;

    /** PeerGone reasons (§3.2). */
    public static final int PEER_GONE_DISCONNECTED = 0x00;
    public static final int PEER_GONE_NOT_HERE = 0x01;

    /** Frames above this are refused outright (Go's client bound). */
    public static final int MAX_FRAME = 1 << 20;
    /** Largest packet DERP carries (Go: 64 KiB). */
    public static final int MAX_PACKET = 64 << 10;
    /** Ping / Pong payload. */
    public static final int PING_DATA = 8;
    /** Protocol version we speak (v2: RecvPacket carries the source key). */
    public static final int VERSION = 2;

    /** "DERP🔑": 44 45 52 50 F0 9F 94 91. */
    private static final byte[] MAGIC = {0x44, 0x45, 0x52, 0x50, (byte) 0xF0, (byte) 0x9F, (byte) 0x94, (byte) 0x91};
    public static final int MAGIC_LENGTH = 8;
    /** ServerKey payload minimum: magic + key (later bytes are tolerated, as Go does). */
    public static final int SERVER_KEY_MIN = MAGIC_LENGTH + KEY;

    private DerpWire() {
    }

    /** True if b[off..+8) is the ServerKey magic. */
    @HotPath
    public static boolean isMagic(byte[] b, int off) {
        for (int i = 0; i < MAGIC_LENGTH; i++) {
            if (b[off + i] != MAGIC[i]) {
                return false;
            }
        }
        return true;
    }

    /** Copies the magic to out[off..+8). */
    @HotPath
    public static void writeMagic(byte[] out, int off) {
        System.arraycopy(MAGIC, 0, out, off, MAGIC_LENGTH);
    }

    /** Frame header: type and big-endian payload length. */
    @HotPath
    public static void writeHeader(byte[] out, int off, int type, int payloadLength) {
        out[off] = (byte) type;
        Bytes.putIntBE(out, off + 1, payloadLength);
    }

    /** SendPacket(dst, pkt): 5 + 32 + len bytes. */
    @HotPath
    public static int writeSendPacket(byte[] out, int off, int cap, byte[] dst, int dstOff,
            byte[] pkt, int pktOff, int pktLen) {
        return writeKeyed(SEND_PACKET, out, off, cap, dst, dstOff, pkt, pktOff, pktLen);
    }

    /** RecvPacket(src, pkt): the server's form, for tests and the in-memory relay. */
    @HotPath
    public static int writeRecvPacket(byte[] out, int off, int cap, byte[] src, int srcOff,
            byte[] pkt, int pktOff, int pktLen) {
        return writeKeyed(RECV_PACKET, out, off, cap, src, srcOff, pkt, pktOff, pktLen);
    }

    @HotPath
    private static int writeKeyed(int type, byte[] out, int off, int cap, byte[] key, int keyOff,
            byte[] pkt, int pktOff, int pktLen) {
        int total = HEADER + KEY + pktLen;
        if (total > cap) {
            return DerpReason.WOULD_BLOCK;
        }
        writeHeader(out, off, type, KEY + pktLen);
        System.arraycopy(key, keyOff, out, off + HEADER, KEY);
        System.arraycopy(pkt, pktOff, out, off + HEADER + KEY, pktLen);
        return total;
    }

    /** NotePreferred: one byte, 1 = this is my home region. */
    @HotPath
    public static int writeNotePreferred(byte[] out, int off, int cap, boolean preferred) {
        if (cap < HEADER + 1) {
            return DerpReason.WOULD_BLOCK;
        }
        writeHeader(out, off, NOTE_PREFERRED, 1);
        out[off + HEADER] = (byte) (preferred ? 1 : 0);
        return HEADER + 1;
    }

    /** Ping or Pong (type {@link #PING} / {@link #PONG}) with 8 opaque bytes. */
    @HotPath
    public static int writePing(byte[] out, int off, int cap, int type, byte[] data, int dataOff) {
        if (cap < HEADER + PING_DATA) {
            return DerpReason.WOULD_BLOCK;
        }
        writeHeader(out, off, type, PING_DATA);
        System.arraycopy(data, dataOff, out, off + HEADER, PING_DATA);
        return HEADER + PING_DATA;
    }
}
