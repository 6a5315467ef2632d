package io.tailnode.wg;

import io.tailnode.crypto.Blake2s;
import io.tailnode.crypto.ConstantTime;
import io.tailnode.crypto.XChaCha20Poly1305;
import io.tailnode.lang.Bytes;
import io.tailnode.lang.HotPath;
import io.tailnode.wg.wire.MessageCookieReply;

/**
 * Responder side of WireGuard's DoS defence (whitepaper §5.4.4 and §5.4.7; wireguard.md §3–§4). Read §5.4.7
 * before editing. One per device, keyed by our static public key:
 * <ul>
 * <li>mac1 = keyed-BLAKE2s-128(HASH("mac1----" || our public), message up to mac1) is verified on every
 * initiation and response, before any Diffie-Hellman: only parties that know our public key get further.</li>
 * <li>Under load, a message also needs mac2 = keyed-BLAKE2s-128(cookie, message up to mac2) where cookie =
 * keyed-BLAKE2s-128(secret, source) and the secret is random and replaced every 120 s. Without a valid mac2 the
 * sender gets a 64-byte cookie reply instead of a handshake: the cookie encrypted with XChaCha20-Poly1305 under
 * HASH("cookie--" || our public), random 24-byte nonce, AD = the mac1 it answers. Only a sender that receives
 * at its source address can use the cookie, so spoofed floods stop costing X25519 work.</li>
 * </ul>
 * "Source" is a {@link SourceAddress} encoding (IP:port, or the DERP sender key for relayed packets).
 * <p>
 * Load policy: the device sets {@code thresholdPerSecond}, the number of handshake messages per second it can
 * afford to answer with DH work. As a responder one handshake costs four X25519 (the static-static one is
 * precomputed: DH(s, Ei), ephemeral key generation, DH(er, Ei), DH(er, Si)), so a board whose X25519 takes
 * {@code t} ms and may spend a share {@code f} of its CPU on handshakes sets {@code floor(f * 1000 / (4 * t))},
 * at least 1 (e.g. 100 ms per X25519, f = 0.5: 1 per second; 5 ms: 25 per second). Each message that passes
 * mac1 counts; once a one-second window holds more than the threshold, the device is under load for
 * {@link WgConstants#UNDER_LOAD_HOLD_MS} (sticky, like the kernel). {@link #setUnderLoad(boolean)} forces the
 * mode on (e.g. when the handshake queue is deep) independent of the counter. Not thread-safe; one event loop.
 */
public final class CookieChecker {
    private final Blake2s blake;
    private final XChaCha20Poly1305 aead;
    private final WgRandom random;
    private final MessageCookieReply reply = new MessageCookieReply();
    private final byte[] mac1Key = new byte[WgConstants.KEY_SIZE];
    private final byte[] cookieKey = new byte[WgConstants.KEY_SIZE];
    private final byte[] secret = new byte[WgConstants.KEY_SIZE];
    private final byte[] mac = new byte[WgConstants.MAC_SIZE];
    private final byte[] cookie = new byte[WgConstants.COOKIE_SIZE];
    private boolean secretValid;
    private long secretBirthMs;
    private int thresholdPerSecond;
    private boolean forcedUnderLoad;
    private long windowStartMs;
    private int windowCount;
    private boolean windowStarted;
    private long underLoadUntilMs;
    private boolean loadLatched;

    /**
     * @param staticPublic       our static public key at {@code off}
     * @param thresholdPerSecond handshake messages per second answered without cookies (see class doc); >= 1
     */
    public CookieChecker(byte[] staticPublic, int off, WgRandom random, int thresholdPerSecond) {
        this(staticPublic, off, random, thresholdPerSecond, new Blake2s(), new XChaCha20Poly1305());
    }

    /**
     * With engines shared with the rest of the device (each use keys them and completes in one call; one event
     * loop), so the device holds one BLAKE2s and one XChaCha20-Poly1305 for all cookie work.
     */
    public CookieChecker(byte[] staticPublic, int off, WgRandom random, int thresholdPerSecond, Blake2s blake,
            XChaCha20Poly1305 aead) {
        this.blake = blake;
        this.aead = aead;
        this.random = random;
        setStaticPublic(staticPublic, off);
        setThreshold(thresholdPerSecond);
    }

    /** Re-derives the mac1 and cookie keys for a new static key. */
    public void setStaticPublic(byte[] staticPublic, int off) {
        WgHash.labelHash(blake, WgConstants.LABEL_MAC1, staticPublic, off, mac1Key, 0);
        WgHash.labelHash(blake, WgConstants.LABEL_COOKIE, staticPublic, off, cookieKey, 0);
    }

    public void setThreshold(int perSecond) {
        if (perSecond < 1) {
            throw new IllegalArgumentException("threshold");
        }
        thresholdPerSecond = perSecond;
    }

    /** Forces under-load mode on (true) or back to the automatic policy (false). */
    public void setUnderLoad(boolean forced) {
        forcedUnderLoad = forced;
    }

    /** Whether mac2 is demanded at {@code nowMs}. */
    @HotPath
    public boolean isUnderLoad(long nowMs) {
        return forcedUnderLoad || (loadLatched && nowMs < underLoadUntilMs);
    }

    /**
     * Verifies mac1 of an initiation or response of {@code len} bytes (mac1 is at {@code len - 32}).
     *
     * @return {@link WgReason#OK} or {@link WgReason#INVALID_MAC1}
     */
    @HotPath
    public int checkMac1(byte[] buf, int off, int len) {
        if (len < 2 * WgConstants.MAC_SIZE) {
            return WgReason.TRUNCATED;
        }
        int macOff = off + len - 2 * WgConstants.MAC_SIZE;
        blake.mac(mac1Key, 0, WgConstants.KEY_SIZE, buf, off, macOff - off, mac, 0, WgConstants.MAC_SIZE);
        if (!ConstantTime.equals(mac, 0, buf, macOff, WgConstants.MAC_SIZE)) {
            return WgReason.INVALID_MAC1;
        }
        return WgReason.OK;
    }

    /** True if mac2 is the one our current cookie for {@code source} gives; false with no live secret. */
    @HotPath
    public boolean checkMac2(byte[] buf, int off, int len, byte[] source, int srcOff, int srcLen, long nowMs) {
        if (len < 2 * WgConstants.MAC_SIZE || !secretValid
                || nowMs - secretBirthMs >= WgConstants.COOKIE_REFRESH_TIME_MS) {
            return false;
        }
        makeCookie(source, srcOff, srcLen);
        int macOff = off + len - WgConstants.MAC_SIZE;
        blake.mac(cookie, 0, WgConstants.COOKIE_SIZE, buf, off, macOff - off, mac, 0, WgConstants.MAC_SIZE);
        Bytes.wipe(cookie, 0, WgConstants.COOKIE_SIZE);
        return ConstantTime.equals(mac, 0, buf, macOff, WgConstants.MAC_SIZE);
    }

    /**
     * The responder's gate for an initiation or response that passed its wire {@code check()}: mac1, then the
     * load count, then (under load) mac2.
     *
     * @return {@link WgReason#OK} (go on: rate limiter, then DH), {@link WgReason#INVALID_MAC1} (drop) or
     *         {@link WgReason#NEED_COOKIE} (answer with {@link #createReply} instead)
     */
    @HotPath
    public int check(byte[] buf, int off, int len, byte[] source, int srcOff, int srcLen, long nowMs) {
        int r = checkMac1(buf, off, len);
        if (r != WgReason.OK) {
            return r;
        }
        countLoad(nowMs);
        if (!isUnderLoad(nowMs) || checkMac2(buf, off, len, source, srcOff, srcLen, nowMs)) {
            return WgReason.OK;
        }
        return WgReason.NEED_COOKIE;
    }

    /**
     * Writes the 64-byte cookie reply to the message {@code msg[msgOff..+msgLen)} (an initiation or response
     * whose mac1 verified) into {@code out[outOff..+64)}; replaces the secret first if it is 120 s old.
     *
     * @return {@link WgConstants#COOKIE_REPLY_SIZE}
     */
    @HotPath
    public int createReply(byte[] msg, int msgOff, int msgLen, byte[] source, int srcOff, int srcLen, long nowMs,
            byte[] out, int outOff) {
        if (!secretValid || nowMs - secretBirthMs >= WgConstants.COOKIE_REFRESH_TIME_MS) {
            random.nextBytes(secret, 0, WgConstants.KEY_SIZE);
            secretBirthMs = nowMs;
            secretValid = true;
        }
        makeCookie(source, srcOff, srcLen);
        MessageCookieReply m = reply.wrap(out, outOff, MessageCookieReply.SIZE);
        m.writeHeader();
        // Initiation and response both carry their sender index at offset 4.
        m.setReceiverIndex(Bytes.getIntLE(msg, msgOff + 4));
        random.nextBytes(out, m.nonceOffset(), WgConstants.COOKIE_NONCE_SIZE);
        aead.setKey(cookieKey, 0);
        aead.seal(out, m.nonceOffset(), msg, msgOff + msgLen - 2 * WgConstants.MAC_SIZE, WgConstants.MAC_SIZE,
                cookie, 0, WgConstants.COOKIE_SIZE, out, m.encryptedCookieOffset());
        Bytes.wipe(cookie, 0, WgConstants.COOKIE_SIZE);
        return MessageCookieReply.SIZE;
    }

    /** Zeroes the secret (forcing a new one) and the derived keys' scratch; call when the device stops. */
    public void wipe() {
        Bytes.wipe(secret, 0, WgConstants.KEY_SIZE);
        secretValid = false;
        aead.wipe();
        blake.wipe();
    }

    @HotPath
    private void makeCookie(byte[] source, int srcOff, int srcLen) {
        blake.mac(secret, 0, WgConstants.KEY_SIZE, source, srcOff, srcLen, cookie, 0, WgConstants.COOKIE_SIZE);
    }

    /** One-second windows of mac1-valid handshake messages; crossing the threshold latches under-load mode. */
    @HotPath
    private void countLoad(long nowMs) {
        if (!windowStarted || nowMs - windowStartMs >= 1000L || nowMs < windowStartMs) {
            windowStarted = true;
            windowStartMs = nowMs;
            windowCount = 0;
        }
        windowCount++;
        if (windowCount > thresholdPerSecond) {
            loadLatched = true;
            underLoadUntilMs = nowMs + WgConstants.UNDER_LOAD_HOLD_MS;
        }
    }
}
