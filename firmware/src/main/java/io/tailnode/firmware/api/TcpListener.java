package io.tailnode.firmware.api;

/**
 * Readiness callbacks of a TCP listener opened with {@link TailnetSockets#tcpListen} (or of a connection opened
 * with {@link TailnetSockets#tcpConnect}). Called on the event loop's
 * thread by {@link TailnetSockets} after each loop iteration's packets were processed; per connection and
 * iteration at most one of each, in the order accept → readable → writable → closed. Callbacks must not block;
 * they may call any {@link TailnetSockets} method (read, write, close...). Handles are the {@code TcpStack}'s
 * ints; results are {@code io.tailnode.ip.tcp.TcpReason} codes.
 */
public interface TcpListener {
    /**
     * A connection is established and yours: a new one on the listener's port, or the one your
     * {@link TailnetSockets#tcpConnect} returned.
     */
    void onAccept(int handle);

    /**
     * New bytes arrived since you last read (or the peer ended its stream: read returns END_OF_STREAM).
     * Edge-triggered: bytes you leave unread are not announced again until more arrive; read until WOULD_BLOCK or
     * keep track yourself.
     */
    void onReadable(int handle);

    /** Room opened in the send buffer after a {@link TailnetSockets#write} that came up short (or WOULD_BLOCK). */
    void onWritable(int handle);

    /**
     * The last callback for {@code handle}, which is invalid afterwards: {@code reason} is TcpReason.OK after your
     * own {@link TailnetSockets#close}/abort, END_OF_STREAM after an orderly close by both sides, or the stack's
     * error (CONNECTION_RESET, TIMED_OUT; REFUSED for a tcpConnect).
     */
    void onClosed(int handle, int reason);
}
