package io.tailnode.disco;

/** Why a disco packet or call was refused: negative codes; {@link #COUNT} for a counter array by -code. */
public final class DiscoReason {
    public static final int OK = 0;
    /** Not a disco packet: shorter than header + tag, or no "TS💬" magic (the caller tries WireGuard/STUN). */
    public static final int NOT_DISCO = -1;
    /** Sender disco key is not a peer's (§4.1: must equal some netmap DiscoKey). */
    public static final int UNKNOWN_SENDER = -2;
    /** Box did not open: forged, corrupted, or sealed for another key. */
    public static final int BAD_BOX = -3;
    /** Plaintext shorter than its type needs, or a CallMeMaybe not made of whole 18-byte endpoints. */
    public static final int TRUNCATED = -4;
    /** A message type we do not handle (peer-relay types 4–9, future ones): drop quietly. */
    public static final int UNKNOWN_TYPE = -5;
    /** Output buffer too small, or too many endpoints. */
    public static final int OUT_TOO_SMALL = -6;
    /** Key table full. */
    public static final int FULL = -7;
    /** Peer disco key is a low-order point (X25519 result all zero). */
    public static final int BAD_KEY = -8;
    /** Slot index out of range or empty. */
    public static final int BAD_SLOT = -9;
    /** A ping with the same TxID as the last one from that source (delivered twice, or replayed): not answered. */
    public static final int DUPLICATE = -10;

    public static final int COUNT = 11;

    private DiscoReason() {
    }
}
