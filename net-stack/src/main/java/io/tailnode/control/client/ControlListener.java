package io.tailnode.control.client;

import io.tailnode.control.json.IpList;

/**
 * What the {@link ControlClient} reports to the firmware, synchronously on the client's thread. Arrays are the
 * client's and valid only during the call. Implementations must not call back into the client's input methods.
 */
public interface ControlListener {
    /** The client's {@link ControlState} changed; {@code reason} is the {@link ControlClientReason} that caused it (0 if none). */
    void onStateChanged(int state, int reason, long nowMs);

    /** An authenticated ControlTime from the map stream: the trusted wall clock source (§2.6). */
    void onControlTime(long unixMillis, long nowMs);

    /** The server wants interactive approval at this URL (register AuthURL, §2.5): log it and show it in status. */
    void onAuthUrl(byte[] url, int off, int len);

    /** Our own tunnel addresses from the self node (Node.Addresses), after a frame applied them. */
    void onSelfAddresses(IpList addresses);

    /** The node key was rotated (expiry): the WireGuard device must use the new private key. */
    void onNodeKeyRotated();
}
