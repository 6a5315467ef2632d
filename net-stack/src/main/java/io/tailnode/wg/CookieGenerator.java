package io.tailnode.wg;

import io.tailnode.crypto.Blake2s;
import io.tailnode.crypto.ConstantTime;
import io.tailnode.crypto.XChaCha20Poly1305;
import io.tailnode.lang.Bytes;
import io.tailnode.lang.HotPath;
import io.tailnode.wg.wire.MessageCookieReply;

/**
 * Sender side of WireGuard's cookie mechanism (whitepaper §5.4.4, §5.4.7), one per peer: writes mac1 (keyed by
 * HASH("mac1----" || the peer's public key)) and mac2 (keyed by the last cookie the peer sent us, while it is
 * fresh) into every initiation and response we send to that peer, and consumes the peer's cookie replies.
 * <p>
 * A cookie reply is accepted only if it answers the last message we sent: its AD must be that message's mac1,
 * remembered by {@link #addMacs} and forgotten once a reply was accepted, so a reply to an older (stale)
 * initiation or a replayed reply fails. A received cookie is used for
 * {@code COOKIE_REFRESH_TIME - COOKIE_SECRET_LATENCY} (115 s) after it arrived: the responder's secret lives
 * 120 s and may have aged on the way. The BLAKE2s and XChaCha20-Poly1305 engines are shared with the other
 * generators of the device (thread confinement: one event loop). Never printed: holds keys.
 */
public final class CookieGenerator {
    /** Offsets in {@link #state}. */
    private static final int MAC1_KEY = 0;
    private static final int COOKIE_KEY = MAC1_KEY + WgConstants.KEY_SIZE;
    private static final int COOKIE = COOKIE_KEY + WgConstants.KEY_SIZE;
    private static final int LAST_MAC1 = COOKIE + WgConstants.COOKIE_SIZE;
    private final Blake2s blake;
    private final XChaCha20Poly1305 aead;
    /** View and decryption scratch: shared by the device's generators like the engines (one event loop). */
    private final MessageCookieReply reply;
    private final byte[] received;
    /**
     * This peer's state in one array (one object header instead of four, per peer slot): mac1 key, cookie key,
     * the cookie, the mac1 of the last message sent, at the offsets below.
     */
    private final byte[] state = new byte[LAST_MAC1 + WgConstants.MAC_SIZE];
    private boolean hasCookie;
    private long cookieSetMs;
    private boolean hasLastMac1;

    /** Both engines are shared by all peers' generators (allocated once by the device). */
    public CookieGenerator(Blake2s blake, XChaCha20Poly1305 aead) {
        this(blake, aead, new MessageCookieReply(), new byte[WgConstants.COOKIE_SIZE]);
    }

    /**
     * Shares, besides the engines, the reply view and a {@link WgConstants#COOKIE_SIZE}-byte decryption scratch
     * (wiped after each use) with the device's other generators.
     */
    CookieGenerator(Blake2s blake, XChaCha20Poly1305 aead, MessageCookieReply reply, byte[] received) {
        this.blake = blake;
        this.aead = aead;
        this.reply = reply;
        this.received = received;
    }

    /** Derives the keys for the peer's static public key and forgets any cookie (peer configuration). */
    public void init(byte[] peerPublic, int off) {
        WgHash.labelHash(blake, WgConstants.LABEL_MAC1, peerPublic, off, state, MAC1_KEY);
        WgHash.labelHash(blake, WgConstants.LABEL_COOKIE, peerPublic, off, state, COOKIE_KEY);
        forget();
    }

    /**
     * Fills mac1 and mac2 (the last 32 bytes) of the initiation or response {@code buf[off..off+len)} we are
     * about to send; mac2 is zero unless a fresh cookie is held.
     */
    @HotPath
    public void addMacs(byte[] buf, int off, int len, long nowMs) {
        int mac1Off = off + len - 2 * WgConstants.MAC_SIZE;
        int mac2Off = mac1Off + WgConstants.MAC_SIZE;
        blake.mac(state, MAC1_KEY, WgConstants.KEY_SIZE, buf, off, mac1Off - off, buf, mac1Off, WgConstants.MAC_SIZE);
        System.arraycopy(buf, mac1Off, state, LAST_MAC1, WgConstants.MAC_SIZE);
        hasLastMac1 = true;
        if (hasFreshCookie(nowMs)) {
            blake.mac(state, COOKIE, WgConstants.COOKIE_SIZE, buf, off, mac2Off - off, buf, mac2Off,
                    WgConstants.MAC_SIZE);
        } else {
            Bytes.wipe(buf, mac2Off, WgConstants.MAC_SIZE);
        }
    }

    /**
     * Consumes a cookie reply the device routed to this peer (by its receiver index).
     *
     * @return {@link WgReason#OK} (cookie stored), a wire reason, {@link WgReason#COOKIE_STALE} (we have no
     *         message outstanding) or {@link WgReason#DECRYPT_FAILED} (forged, or answers an older message)
     */
    @HotPath
    public int consumeReply(byte[] buf, int off, int len, long nowMs) {
        MessageCookieReply m = reply.wrap(buf, off, len);
        int r = m.check();
        if (r != WgReason.OK) {
            return r;
        }
        if (!hasLastMac1) {
            return WgReason.COOKIE_STALE;
        }
        aead.setKey(state, COOKIE_KEY);
        int n = aead.open(buf, m.nonceOffset(), state, LAST_MAC1, WgConstants.MAC_SIZE, buf, m.encryptedCookieOffset(),
                MessageCookieReply.ENCRYPTED_COOKIE_LENGTH, received, 0);
        if (n != WgConstants.COOKIE_SIZE) {
            return WgReason.DECRYPT_FAILED;
        }
        System.arraycopy(received, 0, state, COOKIE, WgConstants.COOKIE_SIZE);
        Bytes.wipe(received, 0, WgConstants.COOKIE_SIZE);
        hasCookie = true;
        cookieSetMs = nowMs;
        // One reply per message: a duplicate or replayed reply must not refresh the cookie's age.
        hasLastMac1 = false;
        return WgReason.OK;
    }

    /** Whether {@link #addMacs} would write a non-zero mac2 at {@code nowMs}. */
    @HotPath
    public boolean hasFreshCookie(long nowMs) {
        return hasCookie && nowMs - cookieSetMs >= 0 && nowMs - cookieSetMs
                < WgConstants.COOKIE_REFRESH_TIME_MS - WgConstants.COOKIE_SECRET_LATENCY_MS;
    }

    /** True if {@code mac} equals the mac1 of the last message sent and not yet answered (for diagnostics). */
    public boolean isOutstanding(byte[] mac, int off) {
        return hasLastMac1 && ConstantTime.equals(state, LAST_MAC1, mac, off, WgConstants.MAC_SIZE);
    }

    /** Drops the cookie and the outstanding mac1 (peer removed or keys wiped). */
    public void forget() {
        Bytes.wipe(state, COOKIE, WgConstants.COOKIE_SIZE + WgConstants.MAC_SIZE);
        hasCookie = false;
        hasLastMac1 = false;
        cookieSetMs = 0;
    }
}
