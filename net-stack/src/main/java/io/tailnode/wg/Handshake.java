package io.tailnode.wg;

import io.tailnode.crypto.Blake2s;
import io.tailnode.crypto.ChaCha20Poly1305;
import io.tailnode.crypto.NoiseKdf;
import io.tailnode.crypto.Tai64n;
import io.tailnode.crypto.X25519Engine;
import io.tailnode.lang.Bytes;
import io.tailnode.lang.HotPath;
import io.tailnode.wg.wire.MessageInitiation;
import io.tailnode.wg.wire.MessageResponse;

/**
 * WireGuard's handshake, Noise_IKpsk2_25519_ChaChaPoly_BLAKE2s (whitepaper §5.4.2 initiation, §5.4.3 response,
 * §5.4.5 transport keys; Noise spec rev. 34 §5 and §9). Read whitepaper §5.4 before editing: the step comments
 * below quote its lines ({@code Ci}, {@code Hi}, {@code Ei}, ...). Method names follow wireguard-go's
 * noise-protocol.go: create/consume pairs, then {@link #deriveKeypair}.
 * <p>
 * Device flow, responder: wire {@code check()} → {@link CookieChecker#check} (mac1, load, mac2) →
 * {@link RateLimiter#allow} → {@link #consumeInitiation} → {@link #createResponse} → the peer's
 * {@link CookieGenerator#addMacs} → send → {@link #deriveKeypair}. Initiator: {@link #createInitiation} →
 * {@code addMacs} → send; on the response {@link CookieChecker#check} → {@link #consumeResponse} →
 * {@link #deriveKeypair}. The consume methods verify the wire layout and mac1 again themselves, so no path
 * reaches a Diffie-Hellman with a bad mac1.
 * <p>
 * Every scratch array is allocated here at construction; a whole handshake allocates nothing. A consume step
 * works on scratch and commits to the {@link PeerHandshake} only after every check passed, so a forged or
 * replayed message changes no state. All-zero DH results are rejected ({@link WgReason#ZERO_DH}, wireguard.md
 * §5 item 4). Indices: each create step registers a fresh random index in the {@link IndexTable} and releases
 * the one of the previous unfinished handshake; {@link #deriveKeypair} hands the index over to the
 * {@link Keypair}, whose owner removes it when the keypair dies. Not thread-safe; one event loop.
 */
public final class Handshake {
    private final X25519Engine x25519;
    private final WgRandom random;
    private final IndexTable indices;
    private final PeerDirectory peers;
    private final CookieChecker checker;
    private final Blake2s blake = new Blake2s();
    private final NoiseKdf kdf = new NoiseKdf();
    private final ChaCha20Poly1305 aead = new ChaCha20Poly1305();
    private final MessageInitiation initiation = new MessageInitiation();
    private final MessageResponse response = new MessageResponse();
    private final byte[] staticPrivate = new byte[WgConstants.KEY_SIZE];
    private final byte[] staticPublic = new byte[WgConstants.KEY_SIZE];
    /** Ci = HASH(CONSTRUCTION): precomputed once, as the kernel and wireguard-go do. */
    final byte[] initialChainKey = new byte[WgConstants.KEY_SIZE];
    /** Hi = HASH(Ci || IDENTIFIER). */
    final byte[] initialHash = new byte[WgConstants.KEY_SIZE];
    /** HASH(Hi || our static public): the responder's hash after the pre-message. */
    private final byte[] responderHash = new byte[WgConstants.KEY_SIZE];
    private final byte[] ck = new byte[WgConstants.KEY_SIZE];
    private final byte[] h = new byte[WgConstants.KEY_SIZE];
    private final byte[] key = new byte[WgConstants.KEY_SIZE];
    private final byte[] dh = new byte[WgConstants.KEY_SIZE];
    private final byte[] tau = new byte[WgConstants.KEY_SIZE];
    private final byte[] peerStatic = new byte[WgConstants.KEY_SIZE];
    private final byte[] timestamp = new byte[WgConstants.TAI64N_SIZE];

    /**
     * @param staticPrivate our static private key at {@code off} (the Tailscale node key)
     * @param checker       mac1 verification under our public key (the one the device uses for its gate)
     */
    public Handshake(byte[] staticPrivate, int off, X25519Engine x25519, WgRandom random, IndexTable indices,
            PeerDirectory peers, CookieChecker checker) {
        this.x25519 = x25519;
        this.random = random;
        this.indices = indices;
        this.peers = peers;
        this.checker = checker;
        WgHash.hash(blake, null, 0, WgConstants.CONSTRUCTION, initialChainKey);
        WgHash.hash(blake, initialChainKey, WgConstants.KEY_SIZE, WgConstants.IDENTIFIER, initialHash);
        setStaticKey(staticPrivate, off);
    }

    /** Test seam: a Noise prologue other than IDENTIFIER (the cacophony vector uses "John Galt"). */
    Handshake(byte[] staticPrivate, X25519Engine x25519, WgRandom random, IndexTable indices, PeerDirectory peers,
            CookieChecker checker, byte[] prologue) {
        this(staticPrivate, 0, x25519, random, indices, peers, checker);
        blake.init(WgConstants.KEY_SIZE);
        blake.update(initialChainKey, 0, WgConstants.KEY_SIZE);
        blake.update(prologue, 0, prologue.length);
        blake.doFinal(initialHash, 0);
        setStaticKey(staticPrivate, 0);
    }

    /** Replaces our static key; peers must be configured again (their static-static DH changes). */
    public void setStaticKey(byte[] privateKey, int off) {
        System.arraycopy(privateKey, off, staticPrivate, 0, WgConstants.KEY_SIZE);
        x25519.publicKey(staticPublic, 0, staticPrivate, 0);
        hashInto(responderHash, initialHash, staticPublic, 0, WgConstants.KEY_SIZE);
    }

    /**
     * After {@link #setStaticKey}: recomputes the peer's static-static DH under the new key and abandons its
     * handshake in flight (it was keyed to the old identity). Its keys, HASH(Hi || its static) (independent of our
     * key) and replay floor stay. Returns {@link WgReason#OK}, {@link WgReason#ZERO_DH} (the peer is then
     * unusable) or {@link WgReason#WRONG_STATE} for an unconfigured peer.
     */
    public int rekeyPeer(PeerHandshake p) {
        if (!p.configured) {
            return WgReason.WRONG_STATE;
        }
        clear(p);
        if (!x25519.scalarMult(p.staticStatic, 0, staticPrivate, 0, p.remoteStatic, 0)) {
            p.configured = false;
            return WgReason.ZERO_DH;
        }
        return WgReason.OK;
    }

    /** Copies our static public key to {@code out[off..+32)}. */
    public void staticPublic(byte[] out, int off) {
        System.arraycopy(staticPublic, 0, out, off, WgConstants.KEY_SIZE);
    }

    /**
     * Prepares {@code p} for peer {@code slot}: its static public key and optional preshared key ({@code null}
     * = all zero, as Tailscale uses); precomputes DH(our static, its static) and HASH(Hi || its static).
     * Resets the replay floor (a newly configured peer).
     *
     * @return {@link WgReason#OK}, or {@link WgReason#ZERO_DH} if the peer's key is a low-order point
     */
    public int configurePeer(PeerHandshake p, int slot, byte[] remoteStatic, int rsOff, byte[] psk, int pskOff) {
        clear(p);
        p.wipeAll();
        System.arraycopy(remoteStatic, rsOff, p.remoteStatic, 0, WgConstants.KEY_SIZE);
        if (psk != null) {
            System.arraycopy(psk, pskOff, p.presharedKey, 0, WgConstants.KEY_SIZE);
        }
        if (!x25519.scalarMult(p.staticStatic, 0, staticPrivate, 0, p.remoteStatic, 0)) {
            p.wipeAll();
            return WgReason.ZERO_DH;
        }
        p.slot = slot;
        p.configured = true;
        return WgReason.OK;
    }

    /**
     * Writes an initiation to the peer into {@code out[off..off+148)} with zero mac1/mac2 (the peer's
     * {@link CookieGenerator#addMacs} fills them). {@code tai64n} is the 12-byte timestamp from the clock HAL,
     * which must never go backwards across reboots (persisted floor).
     *
     * @return {@link WgConstants#INITIATION_SIZE}, or {@link WgReason#WRONG_STATE} (peer not configured),
     *         {@link WgReason#TABLE_FULL}, {@link WgReason#ZERO_DH}
     */
    @HotPath
    public int createInitiation(PeerHandshake p, byte[] tai64n, int taiOff, byte[] out, int off) {
        if (!p.configured) {
            return WgReason.WRONG_STATE;
        }
        clear(p);
        long index = indices.allocate(p.slot);
        if (index < 0) {
            return (int) index;
        }
        // Recorded at once so that a failure below releases it again.
        p.localIndex = (int) index;
        MessageInitiation m = initiation.wrap(out, off, MessageInitiation.SIZE);
        m.writeHeader();
        m.setSenderIndex((int) index);
        // Ci := HASH(CONSTRUCTION); Hi := HASH(Ci || IDENTIFIER) (precomputed); Hi := HASH(Hi || Spub_r): one
        // BLAKE2s block per initiation, instead of 32 B (48 B with its array header) kept per peer slot
        System.arraycopy(initialChainKey, 0, ck, 0, WgConstants.KEY_SIZE);
        hashInto(h, initialHash, p.remoteStatic, 0, WgConstants.KEY_SIZE);
        // (Epriv_i, Epub_i) := DH-GENERATE(); msg.ephemeral := Epub_i
        random.nextBytes(p.ephemeralPrivate, 0, WgConstants.KEY_SIZE);
        int e = m.ephemeralOffset();
        x25519.publicKey(out, e, p.ephemeralPrivate, 0);
        // Ci := KDF1(Ci, msg.ephemeral); Hi := HASH(Hi || msg.ephemeral)
        kdf.kdf1(ck, 0, WgConstants.KEY_SIZE, out, e, WgConstants.KEY_SIZE, ck, 0);
        mixHash(out, e, WgConstants.KEY_SIZE);
        // (Ci, k) := KDF2(Ci, DH(Epriv_i, Spub_r))
        if (!x25519.scalarMult(dh, 0, p.ephemeralPrivate, 0, p.remoteStatic, 0)) {
            return fail(p, WgReason.ZERO_DH);
        }
        kdf.kdf2(ck, 0, WgConstants.KEY_SIZE, dh, 0, WgConstants.KEY_SIZE, ck, 0, key, 0);
        // msg.static := AEAD(k, 0, Spub_i, Hi); Hi := HASH(Hi || msg.static)
        aead.setKey(key, 0);
        aead.sealCounterLE(0, h, 0, WgConstants.KEY_SIZE, staticPublic, 0, WgConstants.KEY_SIZE, out,
                m.encryptedStaticOffset());
        mixHash(out, m.encryptedStaticOffset(), MessageInitiation.ENCRYPTED_STATIC_LENGTH);
        // (Ci, k) := KDF2(Ci, DH(Spriv_i, Spub_r))  (static-static precomputed at configuration)
        kdf.kdf2(ck, 0, WgConstants.KEY_SIZE, p.staticStatic, 0, WgConstants.KEY_SIZE, ck, 0, key, 0);
        // msg.timestamp := AEAD(k, 0, TAI64N(), Hi); Hi := HASH(Hi || msg.timestamp)
        aead.setKey(key, 0);
        aead.sealCounterLE(0, h, 0, WgConstants.KEY_SIZE, tai64n, taiOff, WgConstants.TAI64N_SIZE, out,
                m.encryptedTimestampOffset());
        mixHash(out, m.encryptedTimestampOffset(), MessageInitiation.ENCRYPTED_TIMESTAMP_LENGTH);
        Bytes.wipe(out, m.mac1Offset(), 2 * WgConstants.MAC_SIZE);
        commit(p, PeerHandshake.STATE_INITIATION_CREATED);
        return MessageInitiation.SIZE;
    }

    /**
     * Consumes an initiation {@code buf[off..off+len)} addressed to us (responder, whitepaper §5.4.2).
     *
     * @return the sending peer's slot (>= 0), or a wire reason, {@link WgReason#INVALID_MAC1},
     *         {@link WgReason#ZERO_DH}, {@link WgReason#DECRYPT_FAILED}, {@link WgReason#UNKNOWN_PEER},
     *         {@link WgReason#REPLAYED_TIMESTAMP}, {@link WgReason#INITIATION_FLOOD}
     */
    @HotPath
    public int consumeInitiation(byte[] buf, int off, int len, long nowMs) {
        MessageInitiation m = initiation.wrap(buf, off, len);
        int r = m.check();
        if (r == WgReason.OK) {
            r = checker.checkMac1(buf, off, len);
        }
        if (r != WgReason.OK) {
            return r;
        }
        int e = m.ephemeralOffset();
        // Cr := Ci; Hr := HASH(HASH(Ci || IDENTIFIER) || Spub_r)  (precomputed)
        System.arraycopy(initialChainKey, 0, ck, 0, WgConstants.KEY_SIZE);
        System.arraycopy(responderHash, 0, h, 0, WgConstants.KEY_SIZE);
        // Cr := KDF1(Cr, msg.ephemeral); Hr := HASH(Hr || msg.ephemeral)
        kdf.kdf1(ck, 0, WgConstants.KEY_SIZE, buf, e, WgConstants.KEY_SIZE, ck, 0);
        mixHash(buf, e, WgConstants.KEY_SIZE);
        // (Cr, k) := KDF2(Cr, DH(Spriv_r, msg.ephemeral))
        if (!x25519.scalarMult(dh, 0, staticPrivate, 0, buf, e)) {
            return abort(WgReason.ZERO_DH);
        }
        kdf.kdf2(ck, 0, WgConstants.KEY_SIZE, dh, 0, WgConstants.KEY_SIZE, ck, 0, key, 0);
        // Spub_i := AEAD-DEC(k, 0, msg.static, Hr); Hr := HASH(Hr || msg.static)
        aead.setKey(key, 0);
        if (aead.openCounterLE(0, h, 0, WgConstants.KEY_SIZE, buf, m.encryptedStaticOffset(),
                MessageInitiation.ENCRYPTED_STATIC_LENGTH, peerStatic, 0) != WgConstants.KEY_SIZE) {
            return abort(WgReason.DECRYPT_FAILED);
        }
        mixHash(buf, m.encryptedStaticOffset(), MessageInitiation.ENCRYPTED_STATIC_LENGTH);
        int slot = peers.peerSlotForStaticKey(peerStatic, 0);
        if (slot < 0) {
            return abort(WgReason.UNKNOWN_PEER);
        }
        PeerHandshake p = peers.handshakeForSlot(slot);
        if (p == null || !p.configured) {
            return abort(WgReason.UNKNOWN_PEER);
        }
        // (Cr, k) := KDF2(Cr, DH(Spriv_r, Spub_i))  (precomputed)
        kdf.kdf2(ck, 0, WgConstants.KEY_SIZE, p.staticStatic, 0, WgConstants.KEY_SIZE, ck, 0, key, 0);
        // timestamp := AEAD-DEC(k, 0, msg.timestamp, Hr); Hr := HASH(Hr || msg.timestamp)
        aead.setKey(key, 0);
        if (aead.openCounterLE(0, h, 0, WgConstants.KEY_SIZE, buf, m.encryptedTimestampOffset(),
                MessageInitiation.ENCRYPTED_TIMESTAMP_LENGTH, timestamp, 0) != WgConstants.TAI64N_SIZE) {
            return abort(WgReason.DECRYPT_FAILED);
        }
        mixHash(buf, m.encryptedTimestampOffset(), MessageInitiation.ENCRYPTED_TIMESTAMP_LENGTH);
        // Whitepaper §5.1: a replayed initiation carries an old timestamp; accept only strictly newer ones.
        if (!Tai64n.isAfter(timestamp, 0, p.lastTimestamp, 0)) {
            return abort(WgReason.REPLAYED_TIMESTAMP);
        }
        // wireguard-go: at most one initiation per 1/50 s per peer, even with fresh timestamps.
        if (p.hasConsumedInitiation && nowMs - p.lastInitiationConsumedMs >= 0
                && nowMs - p.lastInitiationConsumedMs <= WgConstants.INITIATION_MIN_INTERVAL_MS) {
            return abort(WgReason.INITIATION_FLOOD);
        }
        System.arraycopy(timestamp, 0, p.lastTimestamp, 0, WgConstants.TAI64N_SIZE);
        p.hasConsumedInitiation = true;
        p.lastInitiationConsumedMs = nowMs;
        clear(p);
        System.arraycopy(buf, e, p.remoteEphemeral, 0, WgConstants.KEY_SIZE);
        p.remoteIndex = m.senderIndex();
        commit(p, PeerHandshake.STATE_INITIATION_CONSUMED);
        Bytes.wipe(timestamp, 0, WgConstants.TAI64N_SIZE);
        return slot;
    }

    /**
     * Writes the response to the initiation {@code p} consumed into {@code out[off..off+92)}, mac1/mac2 zero
     * (the peer's {@link CookieGenerator#addMacs} fills them). Whitepaper §5.4.3.
     *
     * @return {@link WgConstants#RESPONSE_SIZE}, or {@link WgReason#WRONG_STATE}, {@link WgReason#TABLE_FULL},
     *         {@link WgReason#ZERO_DH}
     */
    @HotPath
    public int createResponse(PeerHandshake p, byte[] out, int off) {
        if (p.state != PeerHandshake.STATE_INITIATION_CONSUMED) {
            return WgReason.WRONG_STATE;
        }
        releaseIndex(p);
        long index = indices.allocate(p.slot);
        if (index < 0) {
            return fail(p, (int) index);
        }
        p.localIndex = (int) index;
        MessageResponse m = response.wrap(out, off, MessageResponse.SIZE);
        m.writeHeader();
        m.setSenderIndex((int) index);
        m.setReceiverIndex(p.remoteIndex);
        System.arraycopy(p.chainingKey, 0, ck, 0, WgConstants.KEY_SIZE);
        System.arraycopy(p.hash, 0, h, 0, WgConstants.KEY_SIZE);
        // (Epriv_r, Epub_r) := DH-GENERATE(); msg.ephemeral := Epub_r
        random.nextBytes(p.ephemeralPrivate, 0, WgConstants.KEY_SIZE);
        int e = m.ephemeralOffset();
        x25519.publicKey(out, e, p.ephemeralPrivate, 0);
        // Cr := KDF1(Cr, Epub_r); Hr := HASH(Hr || msg.ephemeral)
        kdf.kdf1(ck, 0, WgConstants.KEY_SIZE, out, e, WgConstants.KEY_SIZE, ck, 0);
        mixHash(out, e, WgConstants.KEY_SIZE);
        // Cr := KDF1(Cr, DH(Epriv_r, Epub_i))
        if (!x25519.scalarMult(dh, 0, p.ephemeralPrivate, 0, p.remoteEphemeral, 0)) {
            return fail(p, WgReason.ZERO_DH);
        }
        kdf.kdf1(ck, 0, WgConstants.KEY_SIZE, dh, 0, WgConstants.KEY_SIZE, ck, 0);
        // Cr := KDF1(Cr, DH(Epriv_r, Spub_i))
        if (!x25519.scalarMult(dh, 0, p.ephemeralPrivate, 0, p.remoteStatic, 0)) {
            return fail(p, WgReason.ZERO_DH);
        }
        kdf.kdf1(ck, 0, WgConstants.KEY_SIZE, dh, 0, WgConstants.KEY_SIZE, ck, 0);
        // (Cr, tau, k) := KDF3(Cr, Q); Hr := HASH(Hr || tau)
        kdf.kdf3(ck, 0, WgConstants.KEY_SIZE, p.presharedKey, 0, WgConstants.KEY_SIZE, ck, 0, tau, 0, key, 0);
        mixHash(tau, 0, WgConstants.KEY_SIZE);
        // msg.empty := AEAD(k, 0, e, Hr); Hr := HASH(Hr || msg.empty)
        aead.setKey(key, 0);
        aead.sealCounterLE(0, h, 0, WgConstants.KEY_SIZE, tau, 0, 0, out, m.encryptedEmptyOffset());
        mixHash(out, m.encryptedEmptyOffset(), MessageResponse.ENCRYPTED_EMPTY_LENGTH);
        Bytes.wipe(out, m.mac1Offset(), 2 * WgConstants.MAC_SIZE);
        // The responder's ephemeral private key has done its two DHs; it must not outlive the message.
        Bytes.wipe(p.ephemeralPrivate, 0, WgConstants.KEY_SIZE);
        commit(p, PeerHandshake.STATE_RESPONSE_CREATED);
        return MessageResponse.SIZE;
    }

    /**
     * Consumes a response {@code buf[off..off+len)} to one of our initiations (initiator, whitepaper §5.4.3);
     * the peer is found by the receiver index.
     *
     * @return the peer's slot (>= 0), or a wire reason, {@link WgReason#INVALID_MAC1},
     *         {@link WgReason#UNKNOWN_INDEX}, {@link WgReason#WRONG_STATE}, {@link WgReason#ZERO_DH},
     *         {@link WgReason#DECRYPT_FAILED}
     */
    @HotPath
    public int consumeResponse(byte[] buf, int off, int len, long nowMs) {
        MessageResponse m = response.wrap(buf, off, len);
        int r = m.check();
        if (r == WgReason.OK) {
            r = checker.checkMac1(buf, off, len);
        }
        if (r != WgReason.OK) {
            return r;
        }
        int receiver = m.receiverIndex();
        int slot = indices.lookup(receiver);
        if (slot < 0) {
            return WgReason.UNKNOWN_INDEX;
        }
        PeerHandshake p = peers.handshakeForSlot(slot);
        if (p == null || p.state != PeerHandshake.STATE_INITIATION_CREATED || p.localIndex != receiver) {
            // The index may name a live keypair of this peer: a response to it is out of place, not unknown.
            return WgReason.WRONG_STATE;
        }
        int e = m.ephemeralOffset();
        System.arraycopy(p.chainingKey, 0, ck, 0, WgConstants.KEY_SIZE);
        System.arraycopy(p.hash, 0, h, 0, WgConstants.KEY_SIZE);
        // Ci := KDF1(Ci, msg.ephemeral); Hi := HASH(Hi || msg.ephemeral)
        kdf.kdf1(ck, 0, WgConstants.KEY_SIZE, buf, e, WgConstants.KEY_SIZE, ck, 0);
        mixHash(buf, e, WgConstants.KEY_SIZE);
        // Ci := KDF1(Ci, DH(Epriv_i, msg.ephemeral))
        if (!x25519.scalarMult(dh, 0, p.ephemeralPrivate, 0, buf, e)) {
            return abort(WgReason.ZERO_DH);
        }
        kdf.kdf1(ck, 0, WgConstants.KEY_SIZE, dh, 0, WgConstants.KEY_SIZE, ck, 0);
        // Ci := KDF1(Ci, DH(Spriv_i, msg.ephemeral))
        if (!x25519.scalarMult(dh, 0, staticPrivate, 0, buf, e)) {
            return abort(WgReason.ZERO_DH);
        }
        kdf.kdf1(ck, 0, WgConstants.KEY_SIZE, dh, 0, WgConstants.KEY_SIZE, ck, 0);
        // (Ci, tau, k) := KDF3(Ci, Q); Hi := HASH(Hi || tau)
        kdf.kdf3(ck, 0, WgConstants.KEY_SIZE, p.presharedKey, 0, WgConstants.KEY_SIZE, ck, 0, tau, 0, key, 0);
        mixHash(tau, 0, WgConstants.KEY_SIZE);
        // e := AEAD-DEC(k, 0, msg.empty, Hi); Hi := HASH(Hi || msg.empty)
        aead.setKey(key, 0);
        if (aead.openCounterLE(0, h, 0, WgConstants.KEY_SIZE, buf, m.encryptedEmptyOffset(),
                MessageResponse.ENCRYPTED_EMPTY_LENGTH, tau, 0) != 0) {
            return abort(WgReason.DECRYPT_FAILED);
        }
        mixHash(buf, m.encryptedEmptyOffset(), MessageResponse.ENCRYPTED_EMPTY_LENGTH);
        Bytes.wipe(p.ephemeralPrivate, 0, WgConstants.KEY_SIZE);
        p.remoteIndex = m.senderIndex();
        commit(p, PeerHandshake.STATE_RESPONSE_CONSUMED);
        return slot;
    }

    /**
     * Derives the transport keys (whitepaper §5.4.5: {@code (T_send_i = T_recv_r, T_recv_i = T_send_r) :=
     * KDF2(C, e)}) into {@code out}, hands our index over to it and wipes the handshake's chaining key, hash and
     * ephemeral keys.
     *
     * @return {@link WgReason#OK} or {@link WgReason#WRONG_STATE} (no completed handshake)
     */
    @HotPath
    public int deriveKeypair(PeerHandshake p, Keypair out, long nowMs) {
        boolean initiator;
        if (p.state == PeerHandshake.STATE_RESPONSE_CONSUMED) {
            initiator = true;
            kdf.kdf2(p.chainingKey, 0, WgConstants.KEY_SIZE, tau, 0, 0, out.sendKey, 0, out.receiveKey, 0);
        } else if (p.state == PeerHandshake.STATE_RESPONSE_CREATED) {
            initiator = false;
            kdf.kdf2(p.chainingKey, 0, WgConstants.KEY_SIZE, tau, 0, 0, out.receiveKey, 0, out.sendKey, 0);
        } else {
            return WgReason.WRONG_STATE;
        }
        out.localIndex = p.localIndex;
        out.remoteIndex = p.remoteIndex;
        out.isInitiator = initiator;
        out.createdMs = nowMs;
        // The index now names the keypair; its owner removes it from the IndexTable when the keypair dies.
        p.localIndex = 0;
        p.wipeTransient();
        return WgReason.OK;
    }

    /**
     * Abandons the handshake in flight with {@code p} (timers gave up, peer removed): releases its index and
     * wipes its ephemeral secrets. The replay floor (last TAI64N) is kept.
     */
    @HotPath
    public void clear(PeerHandshake p) {
        releaseIndex(p);
        p.wipeTransient();
    }

    /** Removes the peer: {@link #clear} plus its keys and replay floor. */
    public void removePeer(PeerHandshake p) {
        clear(p);
        p.wipeAll();
    }

    @HotPath
    private void releaseIndex(PeerHandshake p) {
        if (p.localIndex != 0) {
            indices.remove(p.localIndex);
            p.localIndex = 0;
        }
    }

    /** Hr := HASH(Hr || data). */
    @HotPath
    private void mixHash(byte[] data, int off, int len) {
        blake.init(WgConstants.KEY_SIZE);
        blake.update(h, 0, WgConstants.KEY_SIZE);
        blake.update(data, off, len);
        blake.doFinal(h, 0);
    }

    private void hashInto(byte[] out, byte[] prefix, byte[] data, int off, int len) {
        blake.init(WgConstants.KEY_SIZE);
        blake.update(prefix, 0, WgConstants.KEY_SIZE);
        blake.update(data, off, len);
        blake.doFinal(out, 0);
    }

    /** Moves the scratch chaining key and hash into the peer (the step passed every check). */
    @HotPath
    private void commit(PeerHandshake p, int state) {
        System.arraycopy(ck, 0, p.chainingKey, 0, WgConstants.KEY_SIZE);
        System.arraycopy(h, 0, p.hash, 0, WgConstants.KEY_SIZE);
        p.state = state;
        wipeScratch();
    }

    /** A create step failed: nothing half-built may survive, including the new index. */
    @HotPath
    private int fail(PeerHandshake p, int reason) {
        clear(p);
        wipeScratch();
        return reason;
    }

    /** A consume step failed: the peer was not touched; only the scratch needs wiping. */
    @HotPath
    private int abort(int reason) {
        wipeScratch();
        return reason;
    }

    @HotPath
    private void wipeScratch() {
        Bytes.wipe(ck, 0, WgConstants.KEY_SIZE);
        Bytes.wipe(h, 0, WgConstants.KEY_SIZE);
        Bytes.wipe(key, 0, WgConstants.KEY_SIZE);
        Bytes.wipe(dh, 0, WgConstants.KEY_SIZE);
        Bytes.wipe(tau, 0, WgConstants.KEY_SIZE);
        Bytes.wipe(peerStatic, 0, WgConstants.KEY_SIZE);
        Bytes.wipe(timestamp, 0, WgConstants.TAI64N_SIZE);
    }
}
