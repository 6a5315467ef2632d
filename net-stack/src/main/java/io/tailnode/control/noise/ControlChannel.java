package io.tailnode.control.noise;

import io.tailnode.crypto.ChaCha20Poly1305;
import io.tailnode.lang.Bytes;
import io.tailnode.lang.HotPath;

/**
 * The controlbase transport (tailscale-protocol.md §2.3 "Behavioural rules", §2.4; Go control/controlbase/conn.go
 * and control/ts2021/conn.go), sans-I/O. After {@link ControlHandshake#begin} has produced the initiation, feed
 * every byte the server sends after the HTTP 101 headers to {@link #receive}, split anywhere: the first frame
 * must be the 51-byte response (or a type-3 error), which completes the handshake and keys both directions;
 * then come records {@code 0x04 | BE16 len | ciphertext | tag} opened with ChaCha20-Poly1305, nonce
 * {@code 00000000 || BE64(counter)} (big-endian, §9 pitfall 1), empty AD, counters starting at 0.
 * <p>
 * Why records are strictly sequential without a replay window: controlbase runs over TCP and the nonce is an
 * implicit counter, so a replayed, dropped or reordered record simply fails authentication (BAD_TAG).
 * <p>
 * Early payload (§2.4): the first plaintext bytes may be {@code FF FF FF 'T' 'S'} + BE32 length + that many JSON
 * bytes ({@code nodeKeyChallenge}, unused by us); they are skipped without buffering and the rest goes to the
 * sink. If the first byte differs from the magic (an HTTP/2 frame never starts with FF FF FF: that length
 * exceeds every legal frame size), everything goes to the sink. Detection works across record boundaries.
 * <p>
 * Any error poisons the channel (§2.3: close and redo the handshake): the first reason is returned and kept in
 * {@link #poisonReason}, later calls return {@link ControlReason#POISONED}. A rejected frame delivers nothing
 * to the sink and does not advance the receive counter. Memory: one 4096-byte reassembly buffer (a whole frame
 * is needed before its tag can be checked); nothing is allocated after construction. Not thread-safe.
 */
public final class ControlChannel {
    public static final int STATE_AWAIT_RESPONSE = 0;
    public static final int STATE_OPEN = 1;
    public static final int STATE_DEAD = 2;

    /** Early payload bytes we agree to skip; more is refused (Go allows 10 MiB, tailscale-rs 1 KiB). */
    public static final int MAX_EARLY_PAYLOAD = 64 * 1024;

    private static final byte[] EARLY_MAGIC = {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 'T', 'S'};
    private static final int EARLY_PROBE = 0;
    private static final int EARLY_LENGTH = 1;
    private static final int EARLY_SKIP = 2;
    private static final int EARLY_DONE = 3;

    private final ControlHandshake handshake;
    private final ControlSink sink;
    private final ChaCha20Poly1305 tx = new ChaCha20Poly1305();
    private final ChaCha20Poly1305 rx = new ChaCha20Poly1305();
    private final byte[] frame = new byte[ControlWire.MAX_MESSAGE];
    /** Copy of the magic handed to the sink when a partial match turns out to be data (the sink may scribble). */
    private final byte[] magicEcho = new byte[EARLY_MAGIC.length];
    private int state = STATE_AWAIT_RESPONSE;
    private int poisonReason;
    private int sinkError;
    private int errorTextLength;
    /** Bytes of the current frame in {@link #frame}; its total size once the header is known, else 0. */
    private int have;
    private int need;
    private long txCounter;
    private long rxCounter;
    private int earlyState = EARLY_PROBE;
    private int earlyMatched;
    private long earlyRemaining;
    private int earlyPayloadLength = -1;

    public ControlChannel(ControlHandshake handshake, ControlSink sink) {
        if (handshake == null || sink == null) {
            throw new IllegalArgumentException("null handshake or sink");
        }
        this.handshake = handshake;
        this.sink = sink;
    }

    /** Back to {@link #STATE_AWAIT_RESPONSE} for a new connection (call {@link ControlHandshake#begin} too). */
    @HotPath
    public void reset() {
        tx.wipe();
        rx.wipe();
        Bytes.wipe(frame, 0, frame.length);
        state = STATE_AWAIT_RESPONSE;
        poisonReason = 0;
        sinkError = 0;
        errorTextLength = 0;
        have = 0;
        need = 0;
        txCounter = 0;
        rxCounter = 0;
        earlyState = EARLY_PROBE;
        earlyMatched = 0;
        earlyRemaining = 0;
        earlyPayloadLength = -1;
    }

    /**
     * Consumes {@code buf[off..off+len)} from the server. Returns {@code len}, or a negative {@link ControlReason}
     * (BAD_TYPE, BAD_LENGTH, BAD_TAG, ZERO_DH, SERVER_ERROR, BAD_STATE, EARLY_PAYLOAD_TOO_LARGE,
     * COUNTER_EXHAUSTED, SINK_FAILED; POISONED afterwards). Decrypted bytes reach the sink during the call.
     */
    @HotPath
    public int receive(byte[] buf, int off, int len) {
        if (state == STATE_DEAD) {
            return ControlReason.POISONED;
        }
        if (len < 0 || off < 0 || off + len > buf.length) {
            return ControlReason.BAD_ARGUMENT;
        }
        int i = off;
        int end = off + len;
        while (i < end) {
            if (have < ControlWire.HEADER_LENGTH) {
                int take = Math.min(ControlWire.HEADER_LENGTH - have, end - i);
                System.arraycopy(buf, i, frame, have, take);
                have += take;
                i += take;
                if (have < ControlWire.HEADER_LENGTH) {
                    break;
                }
                int r = checkHeader();
                if (r < 0) {
                    return poison(r);
                }
            }
            int take = Math.min(need - have, end - i);
            System.arraycopy(buf, i, frame, have, take);
            have += take;
            i += take;
            if (have == need) {
                int r = handleFrame();
                have = 0;
                need = 0;
                if (r < 0) {
                    return poison(r);
                }
            }
        }
        return len;
    }

    /**
     * Seals {@code plain[off..off+len)} into records of at most {@link ControlWire#MAX_PLAINTEXT} bytes each,
     * written to {@code out[outOff..)}; send them all. Returns the bytes written ({@link ControlWire#sealedLength};
     * 0 for len 0: no empty record is sent), or OUT_TOO_SMALL / BAD_ARGUMENT (nothing written, nothing changed),
     * BAD_STATE (handshake not complete), COUNTER_EXHAUSTED, POISONED. {@code plain} and {@code out} must not
     * overlap.
     */
    @HotPath
    public int write(byte[] plain, int off, int len, byte[] out, int outOff, int outCap) {
        if (state == STATE_DEAD) {
            return ControlReason.POISONED;
        }
        if (state != STATE_OPEN) {
            return ControlReason.BAD_STATE;
        }
        if (len < 0 || off < 0 || off + len > plain.length || len > 0x7FFF0000) {
            return ControlReason.BAD_ARGUMENT;
        }
        int total = ControlWire.sealedLength(len);
        if (total > outCap || outOff < 0 || outOff + outCap > out.length) {
            return ControlReason.OUT_TOO_SMALL;
        }
        long records = (len + ControlWire.MAX_PLAINTEXT - 1) / ControlWire.MAX_PLAINTEXT;
        // Usable nonces left: txCounter .. 2^64-2, compared unsigned.
        long remaining = -1L - txCounter;
        if ((remaining ^ Long.MIN_VALUE) < (records ^ Long.MIN_VALUE)) {
            return poison(ControlReason.COUNTER_EXHAUSTED);
        }
        int p = off;
        int o = outOff;
        int left = len;
        while (left > 0) {
            int chunk = Math.min(left, ControlWire.MAX_PLAINTEXT);
            out[o] = (byte) ControlWire.MSG_RECORD;
            Bytes.putShortBE(out, o + 1, chunk + ControlWire.TAG_LENGTH);
            tx.sealCounterBE(txCounter, out, o, 0, plain, p, chunk, out, o + ControlWire.HEADER_LENGTH);
            txCounter++;
            o += ControlWire.HEADER_LENGTH + chunk + ControlWire.TAG_LENGTH;
            p += chunk;
            left -= chunk;
        }
        return total;
    }

    public int state() {
        return state;
    }

    /** The error that poisoned the channel, 0 if none. */
    public int poisonReason() {
        return poisonReason;
    }

    /** The sink's negative code when the channel died with SINK_FAILED. */
    public int sinkError() {
        return sinkError;
    }

    /** Records sent / opened so far (the next nonce counters). */
    public long txCounter() {
        return txCounter;
    }

    public long rxCounter() {
        return rxCounter;
    }

    /** Length of the skipped early payload, or -1 if none was seen (yet). */
    public int earlyPayloadLength() {
        return earlyPayloadLength;
    }

    /** Length of the server's type-3 error text (truncated to the frame buffer), 0 if none. */
    public int errorTextLength() {
        return errorTextLength;
    }

    /**
     * Copies the server's type-3 error text (untrusted UTF-8, for logs only) into {@code out}; returns the bytes
     * copied (at most {@code cap}).
     */
    public int errorText(byte[] out, int off, int cap) {
        int n = Math.min(cap, errorTextLength);
        System.arraycopy(frame, ControlWire.HEADER_LENGTH, out, off, n);
        return n;
    }

    /** Validates the 3-byte header in {@link #frame} and sets {@link #need}. */
    @HotPath
    private int checkHeader() {
        int type = frame[0] & 0xFF;
        int length = Bytes.getShortBE(frame, 1);
        if (state == STATE_AWAIT_RESPONSE) {
            if (type == ControlWire.MSG_ERROR) {
                // Keep what fits of the text; the channel dies after it anyway.
                need = ControlWire.HEADER_LENGTH + Math.min(length, ControlWire.MAX_CIPHERTEXT);
                return 0;
            }
            if (type != ControlWire.MSG_RESPONSE) {
                return ControlReason.BAD_TYPE;
            }
            if (length != ControlWire.RESPONSE_BODY_LENGTH) {
                return ControlReason.BAD_LENGTH;
            }
        } else {
            if (type != ControlWire.MSG_RECORD) {
                return ControlReason.BAD_TYPE;
            }
            if (length < ControlWire.TAG_LENGTH || length > ControlWire.MAX_CIPHERTEXT) {
                return ControlReason.BAD_LENGTH;
            }
        }
        need = ControlWire.HEADER_LENGTH + length;
        return 0;
    }

    /** A whole frame is in {@link #frame}: the handshake response, an error message, or a record. */
    @HotPath
    private int handleFrame() {
        if (state == STATE_AWAIT_RESPONSE) {
            if ((frame[0] & 0xFF) == ControlWire.MSG_ERROR) {
                errorTextLength = need - ControlWire.HEADER_LENGTH;
                return ControlReason.SERVER_ERROR;
            }
            int r = handshake.readResponse(frame, 0, need);
            if (r < 0) {
                return r;
            }
            handshake.split(tx, rx);
            state = STATE_OPEN;
            return 0;
        }
        if (rxCounter == -1L) {
            return ControlReason.COUNTER_EXHAUSTED;
        }
        int ctLen = need - ControlWire.HEADER_LENGTH;
        int n = rx.openCounterBE(rxCounter, frame, 0, 0, frame, ControlWire.HEADER_LENGTH, ctLen,
                frame, ControlWire.HEADER_LENGTH);
        if (n < 0) {
            return ControlReason.BAD_TAG;
        }
        rxCounter++;
        return deliver(ControlWire.HEADER_LENGTH, n);
    }

    /** Strips the early payload from the start of the plaintext stream and passes the rest to the sink. */
    @HotPath
    private int deliver(int off, int n) {
        while (n > 0 && earlyState != EARLY_DONE) {
            int b = frame[off] & 0xFF;
            if (earlyState == EARLY_PROBE) {
                if (b != (EARLY_MAGIC[earlyMatched] & 0xFF)) {
                    // Not an early payload: the bytes matched so far are ordinary data.
                    earlyState = EARLY_DONE;
                    if (earlyMatched > 0) {
                        System.arraycopy(EARLY_MAGIC, 0, magicEcho, 0, earlyMatched);
                        int r = toSink(magicEcho, 0, earlyMatched);
                        if (r < 0) {
                            return r;
                        }
                    }
                    break;
                }
                off++;
                n--;
                if (++earlyMatched == EARLY_MAGIC.length) {
                    earlyState = EARLY_LENGTH;
                    earlyMatched = 0;
                    earlyRemaining = 0;
                }
            } else if (earlyState == EARLY_LENGTH) {
                earlyRemaining = (earlyRemaining << 8) | b;
                off++;
                n--;
                if (++earlyMatched == 4) {
                    if (earlyRemaining > MAX_EARLY_PAYLOAD) {
                        return ControlReason.EARLY_PAYLOAD_TOO_LARGE;
                    }
                    earlyPayloadLength = (int) earlyRemaining;
                    earlyState = earlyRemaining == 0 ? EARLY_DONE : EARLY_SKIP;
                }
            } else {
                int t = (int) Math.min(earlyRemaining, n);
                off += t;
                n -= t;
                earlyRemaining -= t;
                if (earlyRemaining == 0) {
                    earlyState = EARLY_DONE;
                }
            }
        }
        if (n > 0) {
            return toSink(frame, off, n);
        }
        return 0;
    }

    @HotPath
    private int toSink(byte[] buf, int off, int n) {
        int r = sink.onPlaintext(buf, off, n);
        if (r < 0) {
            sinkError = r;
            return ControlReason.SINK_FAILED;
        }
        return 0;
    }

    /** Enters the dead state; keys and buffered plaintext are wiped (the error text is kept for the log). */
    @HotPath
    private int poison(int reason) {
        state = STATE_DEAD;
        poisonReason = reason;
        tx.wipe();
        rx.wipe();
        handshake.abort();
        if (reason != ControlReason.SERVER_ERROR) {
            Bytes.wipe(frame, 0, frame.length);
        }
        return reason;
    }
}
