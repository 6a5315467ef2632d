package io.tailnode.firmware.api;

import io.tailnode.ip.UdpEndpoint;

/** Datagrams of a UDP socket bound with {@link TailnetSockets#udpBind}; called on the event loop's thread. */
public interface UdpListener {
    /**
     * One datagram for socket {@code handle}: {@code data[off, off+len)} from {@code from}. Both are the API's
     * scratch storage, valid only during the call (copy what you keep). Must not block; may call
     * {@link TailnetSockets#udpSend} (e.g. to {@code from}).
     */
    void onDatagram(int handle, byte[] data, int off, int len, UdpEndpoint from);
}
