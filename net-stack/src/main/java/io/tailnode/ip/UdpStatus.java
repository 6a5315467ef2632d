package io.tailnode.ip;

/**
 * Result codes of the UDP socket API, per operation as smoltcp types them (bind / send / recv errors apart):
 * 0 or a positive count on success, these negative values otherwise. Nothing is thrown for them.
 */
public final class UdpStatus {
    public static final int OK = 0;
    /** bind: another socket holds the port. */
    public static final int BIND_IN_USE = -1;
    /** bind: every socket of the fixed table is in use. */
    public static final int BIND_TABLE_FULL = -2;
    /** bind: port outside 0..65535 (0 asks for an ephemeral port), or no ephemeral port left. */
    public static final int BIND_BAD_PORT = -3;
    /** send: the datagram plus IP and UDP headers exceeds the MTU (no fragmentation). */
    public static final int SEND_TOO_LARGE = -4;
    /** send: the stack's output queue is full; retry after poll drained it. */
    public static final int SEND_QUEUE_FULL = -5;
    /** send / recv / close: the handle names no bound socket. */
    public static final int NOT_BOUND = -6;
    /** send: destination port 0, an address of length other than 4/16, or no local address of that family. */
    public static final int SEND_UNADDRESSABLE = -7;
    /** recv: nothing queued. */
    public static final int RECV_EMPTY = -8;
    /** recv: the oldest datagram is longer than the caller's buffer; it stays queued. */
    public static final int RECV_BUFFER_TOO_SMALL = -9;

    private UdpStatus() {
    }
}
