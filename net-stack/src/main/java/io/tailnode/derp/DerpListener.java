package io.tailnode.derp;

/**
 * What a {@link DerpClient} reports while it decodes the server's frames. Arrays are the client's or the caller's
 * receive buffer: valid only during the call. Called on the thread that calls {@link DerpClient#receive}; a
 * listener may call {@link DerpClient#send} from inside (a disco pong, a WireGuard reply).
 */
public interface DerpListener {
    /** ServerInfo opened: the connection is logged in (packets may already have been sent). */
    void onConnected();

    /** RecvPacket: {@code pkt[off..+len)} from the peer whose node key is {@code src[srcOff..+32)}. */
    void onPacket(byte[] src, int srcOff, byte[] pkt, int off, int len);

    /** PeerGone: the peer left this server (reason {@link DerpWire#PEER_GONE_DISCONNECTED}) or was never here. */
    void onPeerGone(byte[] key, int keyOff, int reason);

    /** Health: problem text (UTF-8, possibly cut to the client's capacity); empty means healthy again. */
    void onHealth(byte[] text, int off, int len);

    /** Restarting: the server goes away; reconnect in {@code reconnectInMs}, keep trying for {@code tryForMs}. */
    void onRestarting(long reconnectInMs, long tryForMs);

    /** Pong to one of our {@link DerpClient#ping}s: the 8 bytes we sent. */
    void onPong(byte[] data, int off);
}
