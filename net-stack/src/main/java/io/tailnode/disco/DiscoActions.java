package io.tailnode.disco;

/**
 * What a {@link PathSelector} asks its driver to send. The driver builds the plaintext ({@link DiscoWire}),
 * seals it ({@link DiscoKeys}) and sends it: pings over UDP to the candidate, CallMeMaybe over DERP. Arrays are
 * the selector's: valid only during the call.
 */
public interface DiscoActions {
    /** Ping candidate {@code index} at addr[off..+len) (source form, 7 or 19 bytes) with this TxID. */
    void sendPing(int index, byte[] addr, int off, int len, byte[] txId, int txOff);

    /** Send CallMeMaybe with our endpoints via DERP, so the peer pings back and opens NAT state. */
    void sendCallMeMaybe();
}
