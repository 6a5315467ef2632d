package io.tailnode.stun;

/** Why a STUN message was refused: negative codes; {@link #COUNT} for a counter array indexed by -code. */
public final class StunReason {
    public static final int OK = 0;
    /** Shorter than the header, or the header's length disagrees with the datagram. */
    public static final int TRUNCATED = -1;
    /** Top bits set, length not a multiple of 4, wrong cookie, an attribute running past the end, or an
     *  attribute after FINGERPRINT. */
    public static final int MALFORMED = -2;
    /** Not a binding success (a request, an indication, another method). */
    public static final int NOT_RESPONSE = -3;
    /** Binding error response. */
    public static final int ERROR_RESPONSE = -4;
    /** Transaction ID is not the one we sent (stale or spoofed). */
    public static final int TXID_MISMATCH = -5;
    /** FINGERPRINT present but wrong. */
    public static final int BAD_FINGERPRINT = -6;
    /** No usable (XOR-)MAPPED-ADDRESS: absent, wrong length or unknown family. */
    public static final int NO_ADDRESS = -7;
    /** Output buffer too small. */
    public static final int OUT_TOO_SMALL = -8;

    public static final int COUNT = 9;

    private StunReason() {
    }
}
