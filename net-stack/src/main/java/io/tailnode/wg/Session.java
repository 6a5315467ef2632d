package io.tailnode.wg;

import io.tailnode.crypto.ChaCha20Poly1305;
import io.tailnode.lang.Bytes;
import io.tailnode.lang.HotPath;

/**
 * One keypair slot of a peer (current, previous or next; rotation in {@link PeerSessions}): the transport keys
 * of one handshake, the send counter and the replay window. The ChaCha20-Poly1305 engine is shared by every
 * session of the device and keyed per message (ChaCha20 key setup is 8 word loads; the Poly1305 key is per
 * message anyway), so a session keeps 64 key bytes instead of two engines' state (about 1.2 KiB per session,
 * 3.6 KiB per peer slot, measured with JOL). Read whitepaper §5.4.6 (transport messages) and §6.2 (limits) before editing.
 * <p>
 * Buffers: {@link #encrypt} works in place on a caller buffer with {@link WgConstants#TRANSPORT_HEADER_SIZE}
 * bytes of headroom before the plaintext (the header is written there) and tail room for the padding and the
 * 16-byte tag after it, as wireguard-go's send path does; {@link #decrypt} opens in place. Nothing is allocated
 * after construction. Not thread-safe; one event loop. Never printed: holds keys.
 */
public final class Session {
    private static final int COUNTER_OFFSET = 8;
    private static final int RECEIVER_OFFSET = 4;

    private final Keypair keys = new Keypair();
    /** Shared with the device's other sessions: keyed before every seal and open, never left holding our key. */
    private final ChaCha20Poly1305 aead;
    private final ReplayWindow window;
    /** Next counter to send, unsigned; the nonce of each message is used once (whitepaper §5.4.6). */
    private long sendCounter;
    private boolean valid;

    /** A session with an engine of its own (tests, standalone use). */
    public Session() {
        this(new ChaCha20Poly1305());
    }

    /**
     * A session that seals and opens with {@code sharedAead}, which other sessions may use between its calls
     * (one event loop: calls never interleave).
     */
    public Session(ChaCha20Poly1305 sharedAead) {
        this(sharedAead, (int) ReplayWindow.WINDOW_SIZE);
    }

    /** As {@link #Session(ChaCha20Poly1305)}, with a replay window of {@code replayWindow} counters. */
    public Session(ChaCha20Poly1305 sharedAead, int replayWindow) {
        if (sharedAead == null) {
            throw new IllegalArgumentException("aead");
        }
        this.aead = sharedAead;
        this.window = new ReplayWindow(replayWindow);
    }

    /**
     * Copies the keys of a completed handshake into this slot and resets counter and window. The caller keeps
     * ownership of {@code derived} and should wipe it afterwards.
     */
    public void install(Keypair derived) {
        System.arraycopy(derived.sendKey, 0, keys.sendKey, 0, WgConstants.KEY_SIZE);
        System.arraycopy(derived.receiveKey, 0, keys.receiveKey, 0, WgConstants.KEY_SIZE);
        keys.localIndex = derived.localIndex;
        keys.remoteIndex = derived.remoteIndex;
        keys.isInitiator = derived.isInitiator;
        keys.createdMs = derived.createdMs;
        window.reset();
        sendCounter = 0L;
        valid = true;
    }

    /**
     * Zeroes keys and the shared engine's state (which may hold this session's key from its last message); the
     * slot becomes unusable until the next {@link #install} (whitepaper §6.3).
     */
    public void wipe() {
        keys.wipe();
        aead.wipe();
        window.reset();
        sendCounter = 0L;
        valid = false;
    }

    public boolean isValid() {
        return valid;
    }

    /** Our index: transport messages to us carry it as receiver index. */
    public int localIndex() {
        return keys.localIndex;
    }

    public int remoteIndex() {
        return keys.remoteIndex;
    }

    public boolean isInitiator() {
        return keys.isInitiator;
    }

    public long createdMs() {
        return keys.createdMs;
    }

    /** Counter the next message will carry (unsigned), which is also the number of messages sent. */
    public long sendCounter() {
        return sendCounter;
    }

    /** Whitepaper §6.2: REJECT_AFTER_TIME after creation the keypair may neither send nor receive. */
    @HotPath
    public boolean isExpired(long nowMs) {
        return nowMs - keys.createdMs >= WgConstants.REJECT_AFTER_TIME_MS;
    }

    /**
     * Whitepaper §6.2: "after REKEY_AFTER_MESSAGES, or as initiator REKEY_AFTER_TIME after creation, a new
     * handshake is initiated upon sending". Ask after each data send.
     */
    @HotPath
    public boolean wantsRekeyOnSend(long nowMs) {
        if (!valid) {
            return false;
        }
        if (!UnsignedCounters.lessThan(sendCounter, WgConstants.REKEY_AFTER_MESSAGES)) {
            return true;
        }
        return keys.isInitiator && nowMs - keys.createdMs >= WgConstants.REKEY_AFTER_TIME_MS;
    }

    /**
     * Whitepaper §6.2: as initiator, receiving on a keypair REJECT - KEEPALIVE - REKEY_TIMEOUT (165 s) old
     * initiates a new handshake, so a fresh session exists before this one is rejected.
     */
    @HotPath
    public boolean wantsRekeyOnReceive(long nowMs) {
        return valid && keys.isInitiator && nowMs - keys.createdMs >= WgConstants.REKEY_ON_RECEIVE_AGE_MS;
    }

    /**
     * Seals {@code buf[off, off + plainLen)} in place into a transport message starting at
     * {@code off - TRANSPORT_HEADER_SIZE}: header (type 4, receiver index, counter), plaintext zero-padded to a
     * multiple of 16 (capped at {@code mtu} when {@code mtu > 0}, as wireguard-go does, so a full-MTU packet is
     * not padded past the link), tag. {@code plainLen == 0} is a keepalive.
     *
     * @return the message length (from {@code off - 16}), or a negative {@link SessionReason}: NO_SESSION,
     *         SESSION_EXPIRED, REJECT_AFTER_MESSAGES, BAD_LENGTH (no headroom or tail room). On error the buffer
     *         is untouched and no counter is used.
     */
    @HotPath
    public int encrypt(byte[] buf, int off, int plainLen, int mtu, long nowMs) {
        if (!valid) {
            return SessionReason.NO_SESSION;
        }
        if (isExpired(nowMs)) {
            return SessionReason.SESSION_EXPIRED;
        }
        // Whitepaper §6.2: a keypair never carries more than REJECT_AFTER_MESSAGES messages.
        if (!UnsignedCounters.lessThan(sendCounter, WgConstants.REJECT_AFTER_MESSAGES)) {
            return SessionReason.REJECT_AFTER_MESSAGES;
        }
        int padded = paddedLength(plainLen, mtu);
        int start = off - WgConstants.TRANSPORT_HEADER_SIZE;
        if (plainLen < 0 || start < 0 || off + padded + WgConstants.TAG_SIZE > buf.length) {
            return SessionReason.BAD_LENGTH;
        }
        long counter = sendCounter;
        sendCounter = counter + 1;
        Bytes.wipe(buf, off + plainLen, padded - plainLen);
        buf[start] = (byte) WgConstants.TYPE_TRANSPORT;
        buf[start + 1] = 0;
        buf[start + 2] = 0;
        buf[start + 3] = 0;
        Bytes.putIntLE(buf, start + RECEIVER_OFFSET, keys.remoteIndex);
        Bytes.putLongLE(buf, start + COUNTER_OFFSET, counter);
        aead.setKey(keys.sendKey, 0);
        aead.sealCounterLE(counter, buf, 0, 0, buf, off, padded, buf, off);
        return WgConstants.TRANSPORT_HEADER_SIZE + padded + WgConstants.TAG_SIZE;
    }

    /**
     * Opens the transport message {@code buf[off, off + len)} in place. Order (shared wireguard.md §4, issue 4):
     * the counter is checked against the window without changing it, the tag is verified, and only then is the
     * counter marked received; a forged or corrupted packet changes nothing in this session.
     *
     * @return the plaintext length (padding included; the inner IP header gives the real length) with the
     *         plaintext at {@code off + TRANSPORT_HEADER_SIZE}, or a negative {@link SessionReason}: NO_SESSION,
     *         BAD_LENGTH, UNKNOWN_INDEX, SESSION_EXPIRED, REJECT_AFTER_MESSAGES, COUNTER_TOO_OLD, REPLAYED,
     *         AUTH_FAILED. After AUTH_FAILED the ciphertext region is zeroed.
     */
    @HotPath
    public int decrypt(byte[] buf, int off, int len, long nowMs) {
        if (!valid) {
            return SessionReason.NO_SESSION;
        }
        if (len < WgConstants.KEEPALIVE_SIZE || off < 0 || off + len > buf.length) {
            return SessionReason.BAD_LENGTH;
        }
        if (Bytes.getIntLE(buf, off + RECEIVER_OFFSET) != keys.localIndex) {
            return SessionReason.UNKNOWN_INDEX;
        }
        if (isExpired(nowMs)) {
            return SessionReason.SESSION_EXPIRED;
        }
        long counter = Bytes.getLongLE(buf, off + COUNTER_OFFSET);
        int reason = window.rejectReason(counter);
        if (reason != 0) {
            return reason;
        }
        int body = off + WgConstants.TRANSPORT_HEADER_SIZE;
        aead.setKey(keys.receiveKey, 0);
        int n = aead.openCounterLE(counter, buf, 0, 0, buf, body, len - WgConstants.TRANSPORT_HEADER_SIZE,
                buf, body);
        if (n < 0) {
            return SessionReason.AUTH_FAILED;
        }
        if (!window.markReceived(counter)) {
            return SessionReason.REPLAYED;
        }
        return n;
    }

    /** Plaintext length after padding to 16, not past {@code mtu} (wireguard-go calculatePaddingSize). */
    @HotPath
    static int paddedLength(int plainLen, int mtu) {
        int rounded = (plainLen + WgConstants.PADDING_MULTIPLE - 1) & -WgConstants.PADDING_MULTIPLE;
        if (mtu > 0 && plainLen <= mtu && rounded > mtu) {
            return mtu;
        }
        return rounded;
    }

    /** Greatest counter received (window state), -1 if none; for the device's state digest. */
    long greatestReceived() {
        return window.greatestReceived();
    }

    /** Test hook: start the send counter elsewhere (the limit tests cannot send 2^60 messages). */
    void forceSendCounter(long counter) {
        sendCounter = counter;
    }
}
