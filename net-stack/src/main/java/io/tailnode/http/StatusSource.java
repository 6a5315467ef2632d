package io.tailnode.http;

import io.tailnode.wg.WgPeerStatus;

/**
 * What the device tells {@code GET /status} and {@code GET /metrics}. The device (firmware) implements it over
 * its WireGuardDevice, clock and reset records; the HTTP code only formats, so the renderers stay testable with a
 * fake. There is deliberately no way to hand over a private key: the renderers cannot print what they never see.
 * <p>
 * Every method is called on the connection's thread (the event loop) while a response is rendered, must not
 * allocate and must not block. Text fields are copied as bytes into {@code out[off..off+cap)} and their length
 * returned (at most {@code cap}; longer text is truncated by the source). Text is expected to be ASCII; other bytes
 * are escaped, never passed through raw.
 */
public interface StatusSource {
    /** Longest text field the renderers ask for; a source truncates beyond it. */
    int MAX_TEXT = 64;
    /** At most this many tunnel addresses are printed. */
    int MAX_ADDRESSES = 8;

    /** The device's name (e.g. its tailnet host name). */
    int deviceName(byte[] out, int off, int cap);

    /** Copies the 32-byte WireGuard static public key to {@code out[off..off+32)}. */
    void publicKey(byte[] out, int off);

    int tunnelAddressCount();

    /** Copies tunnel address {@code i} (raw, network order) and returns its length: 4 (IPv4) or 16 (IPv6). */
    int tunnelAddress(int i, byte[] out, int off);

    /** Milliseconds since boot (monotonic); also the clock of {@link WgPeerStatus#lastHandshakeMs}. */
    long uptimeMs();

    /** A short token for how far the wall clock is trusted (e.g. "trusted", "untrusted", "ntp-pending"). */
    int clockTrust(byte[] out, int off, int cap);

    /** A short token for the last reset cause (e.g. "power_on", "watchdog", "software"). */
    int resetCause(byte[] out, int off, int cap);

    /** Number of peer slots; slots need not be dense. */
    int peerCapacity();

    /** Fills {@code out} for the peer in {@code slot}; false if the slot is empty. Same contract as WireGuardDevice#peerStatus. */
    boolean peerStatus(int slot, WgPeerStatus out);

    /**
     * Issue #7: the DERP region a peer's relayed traffic goes through (its home region, or ours when it has
     * none), 0 if unknown. Only asked for peers whose endpoint is a DERP endpoint.
     */
    int peerDerpRegion(int slot);

    /** Number of drop reasons with a counter. */
    int dropReasonCount();

    /** A stable snake_case name of drop reason {@code i} (0 <= i < dropReasonCount). */
    int dropReasonName(int i, byte[] out, int off, int cap);

    /** Packets dropped for reason {@code i}. */
    long dropCount(int i);

    /**
     * The control client's state as a short token ("connected", "needs-auth", "backoff"...), or 0 when the device
     * runs without a control client (wg-quick mode): then the page has no "control" object.
     */
    int controlState(byte[] out, int off, int cap);

    /** The AuthURL a human must open to approve the device, or 0 when none is pending. */
    int controlAuthUrl(byte[] out, int off, int cap);

    /** The node key's expiry from the control server (Unix ms); 0 when it never expires or is not known yet. */
    long controlKeyExpiry();

    /** True when the node key expires within 14 days (or has expired) by the trusted wall clock. */
    boolean controlKeyExpiringSoon();

    /**
     * Buckets of the event loop's iteration busy-time histogram, or 0 when the loop is not measured (then the
     * pages have no loop figures).
     */
    int loopBucketCount();

    /** Inclusive upper bound of bucket {@code i} in ms; {@link Long#MAX_VALUE} for the last (+Inf). */
    long loopBucketUpperMs(int i);

    /** Iterations whose busy time fell in bucket {@code i} (not cumulative). */
    long loopBucketIterations(int i);

    /** The longest iteration's busy time (the wait excluded), ms. */
    long loopLongestIterationMs();

    /** Sum of all iterations' busy times, ms. */
    long loopBusyTotalMs();
}
