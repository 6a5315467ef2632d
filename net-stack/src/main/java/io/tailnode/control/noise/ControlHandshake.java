package io.tailnode.control.noise;

import io.tailnode.crypto.Blake2s;
import io.tailnode.crypto.ChaCha20Poly1305;
import io.tailnode.crypto.NoiseKdf;
import io.tailnode.crypto.X25519;
import io.tailnode.lang.Bytes;
import io.tailnode.lang.HotPath;

/**
 * Tailscale controlbase initiator: Noise_IK_25519_ChaChaPoly_BLAKE2s with the machine key as the static key
 * (tailscale-protocol.md §2.3; Noise spec §5, §7.5 pattern IK; Go control/controlbase/handshake.go). Sans-I/O:
 * {@link #begin} writes the 101-byte initiation, {@link #readResponse} takes the server's complete 51-byte
 * response, {@link #split} keys the two transport AEADs. {@link ControlChannel} drives the response part.
 * <p>
 * Differences from a generic Noise library, all from §2.3: the prologue is {@code "Tailscale Control Protocol
 * v" + capver}; both handshake payloads are empty; every handshake AEAD uses a fresh key from MixKey and
 * the all-zero nonce with AD = h; the initiation carries a version+type+length header that is not hashed.
 * <p>
 * Why the response is processed into scratch copies of h/ck: a rejected response (wrong type, length, tag,
 * all-zero DH) leaves this object exactly as before, so the rejection has no side effect. The ephemeral
 * private key is wiped by {@link #split} and {@link #abort}. Nothing allocates after construction.
 * Not thread-safe; one instance per connection attempt at a time. Never {@code toString()}: holds keys.
 */
public final class ControlHandshake {
    /** No handshake in progress (after construction, split or abort). */
    public static final int STATE_IDLE = 0;
    /** Initiation written; waiting for the response. */
    public static final int STATE_SENT = 1;
    /** Response accepted; transport keys ready for {@link #split}. */
    public static final int STATE_COMPLETE = 2;

    private static final byte[] PROTOCOL_NAME = ascii("Noise_IK_25519_ChaChaPoly_BLAKE2s");
    private static final byte[] PROLOGUE_PREFIX = ascii("Tailscale Control Protocol v");
    private static final int K = ControlWire.KEY_LENGTH;

    private final X25519 x25519 = new X25519();
    private final Blake2s blake = new Blake2s();
    private final NoiseKdf kdf = new NoiseKdf();
    private final ChaCha20Poly1305 aead = new ChaCha20Poly1305();
    /** BLAKE2s(protocol name): the initial h and ck (name is 33 bytes > HASHLEN, Noise §5.2 InitializeSymmetric). */
    private final byte[] initialH = new byte[K];
    private final byte[] h = new byte[K];
    private final byte[] ck = new byte[K];
    private final byte[] k = new byte[K];
    private final byte[] hNext = new byte[K];
    private final byte[] ckNext = new byte[K];
    private final byte[] ePriv = new byte[K];
    private final byte[] machinePriv = new byte[K];
    private final byte[] serverPub = new byte[K];
    private final byte[] dh = new byte[K];
    private final byte[] zeroNonce = new byte[12];
    private final byte[] prologue = new byte[PROLOGUE_PREFIX.length + 5];
    private int prologueLen;
    private int state = STATE_IDLE;
    private int version;

    public ControlHandshake() {
        blake.init(K);
        blake.update(PROTOCOL_NAME, 0, PROTOCOL_NAME.length);
        blake.doFinal(initialH, 0);
    }

    /** {@link #STATE_IDLE}, {@link #STATE_SENT} or {@link #STATE_COMPLETE}. */
    public int state() {
        return state;
    }

    /** The capability version sent in the last initiation. */
    public int version() {
        return version;
    }

    /**
     * Starts a handshake and writes the initiation (101 bytes) to {@code out}. {@code machineKey} is our machine
     * private key, {@code serverKey} the pinned control public key ({@code mkey:}, §2.1), {@code ephemeral} 32
     * fresh random bytes from the DRBG (copied; the caller should wipe its copy). Returns
     * {@link ControlWire#INITIATION_LENGTH} or a negative {@link ControlReason}: BAD_VERSION, OUT_TOO_SMALL
     * (nothing changed) or ZERO_DH (a low-order server key; state wiped to idle). Restarts any handshake in
     * progress.
     */
    @HotPath
    public int begin(byte[] machineKey, int machineOff, byte[] serverKey, int serverOff, int capVer,
            byte[] ephemeral, int ephemeralOff, byte[] out, int outOff, int outCap) {
        if (capVer < 0 || capVer > 0xFFFF) {
            return ControlReason.BAD_VERSION;
        }
        if (outCap < ControlWire.INITIATION_LENGTH || outOff < 0 || outOff + outCap > out.length) {
            return ControlReason.OUT_TOO_SMALL;
        }
        System.arraycopy(machineKey, machineOff, machinePriv, 0, K);
        System.arraycopy(serverKey, serverOff, serverPub, 0, K);
        System.arraycopy(ephemeral, ephemeralOff, ePriv, 0, K);
        version = capVer;
        setPrologue(capVer);
        return writeInitiation(out, outOff);
    }

    /** Test hook: replaces the prologue so the Noise IK vector (prologue "John Galt") can be replayed. */
    void overridePrologueForTest(byte[] p, int off, int len) {
        System.arraycopy(p, off, prologue, 0, len);
        prologueLen = len;
    }

    /** Initiation after keys and prologue are in place; package-visible for the vector test. */
    @HotPath
    int writeInitiation(byte[] out, int outOff) {
        // Noise §5.2 InitializeSymmetric: h = ck = HASH(protocol name).
        System.arraycopy(initialH, 0, h, 0, K);
        System.arraycopy(initialH, 0, ck, 0, K);
        // MixHash(prologue); pre-message "<- s": MixHash(serverStatic).
        mixHash(h, prologue, 0, prologueLen);
        mixHash(h, serverPub, 0, K);
        // Header (not hashed): ver[2,BE] | type 1 | len[2,BE] = 96.
        Bytes.putShortBE(out, outOff, version);
        out[outOff + 2] = (byte) ControlWire.MSG_INITIATION;
        Bytes.putShortBE(out, outOff + 3, ControlWire.INITIATION_BODY_LENGTH);
        int p = outOff + ControlWire.INITIATION_HEADER_LENGTH;
        // -> e: write e.pub, MixHash(e.pub).
        x25519.publicKey(out, p, ePriv, 0);
        mixHash(h, out, p, K);
        p += K;
        // es: MixKey(DH(e, rs)).
        if (!x25519.scalarMult(dh, 0, ePriv, 0, serverPub, 0)) {
            abort();
            return ControlReason.ZERO_DH;
        }
        kdf.kdf2(ck, 0, K, dh, 0, K, ck, 0, k, 0);
        // s: EncryptAndHash(machinePub) with the zero nonce, AD = h; 32 + 16 bytes, sealed in place.
        x25519.publicKey(out, p, machinePriv, 0);
        encryptAndHash(out, p, K);
        p += K + ControlWire.TAG_LENGTH;
        // ss: MixKey(DH(s, rs)).
        if (!x25519.scalarMult(dh, 0, machinePriv, 0, serverPub, 0)) {
            abort();
            return ControlReason.ZERO_DH;
        }
        kdf.kdf2(ck, 0, K, dh, 0, K, ck, 0, k, 0);
        // payload: EncryptAndHash(empty) = the 16-byte tag.
        encryptAndHash(out, p, 0);
        Bytes.wipe(dh, 0, K);
        Bytes.wipe(k, 0, K);
        state = STATE_SENT;
        return ControlWire.INITIATION_LENGTH;
    }

    /**
     * Consumes the server's complete response message {@code msg[off..off+len)} (header included). Returns 0
     * when accepted (state {@link #STATE_COMPLETE}) or a negative {@link ControlReason}: BAD_STATE (no
     * initiation outstanding), SERVER_ERROR (type 3), BAD_TYPE, BAD_LENGTH (len field not 48 or len not 51),
     * ZERO_DH, BAD_TAG. A rejection changes nothing here: the same handshake can still accept a valid response.
     */
    @HotPath
    public int readResponse(byte[] msg, int off, int len) {
        if (state != STATE_SENT) {
            return ControlReason.BAD_STATE;
        }
        if (len < ControlWire.HEADER_LENGTH) {
            return ControlReason.BAD_LENGTH;
        }
        int type = msg[off] & 0xFF;
        if (type == ControlWire.MSG_ERROR) {
            return ControlReason.SERVER_ERROR;
        }
        if (type != ControlWire.MSG_RESPONSE) {
            return ControlReason.BAD_TYPE;
        }
        if (Bytes.getShortBE(msg, off + 1) != ControlWire.RESPONSE_BODY_LENGTH || len != ControlWire.RESPONSE_LENGTH) {
            return ControlReason.BAD_LENGTH;
        }
        int re = off + ControlWire.HEADER_LENGTH;
        int tag = re + K;
        System.arraycopy(h, 0, hNext, 0, K);
        System.arraycopy(ck, 0, ckNext, 0, K);
        // <- e: MixHash(re).
        mixHash(hNext, msg, re, K);
        // ee: MixKey(DH(e, re)).
        if (!x25519.scalarMult(dh, 0, ePriv, 0, msg, re)) {
            return rejectResponse(ControlReason.ZERO_DH);
        }
        kdf.kdf2(ckNext, 0, K, dh, 0, K, ckNext, 0, k, 0);
        // se: MixKey(DH(s, re)) — the initiator's static with the responder's ephemeral.
        if (!x25519.scalarMult(dh, 0, machinePriv, 0, msg, re)) {
            return rejectResponse(ControlReason.ZERO_DH);
        }
        kdf.kdf2(ckNext, 0, K, dh, 0, K, ckNext, 0, k, 0);
        // payload: DecryptAndHash(tag of the empty payload), zero nonce, AD = h.
        aead.setKey(k, 0);
        int r = aead.open(zeroNonce, 0, hNext, 0, K, msg, tag, ControlWire.TAG_LENGTH, dh, 0);
        aead.wipe();
        if (r != 0) {
            return rejectResponse(ControlReason.BAD_TAG);
        }
        mixHash(hNext, msg, tag, ControlWire.TAG_LENGTH);
        System.arraycopy(hNext, 0, h, 0, K);
        System.arraycopy(ckNext, 0, ck, 0, K);
        Bytes.wipe(ckNext, 0, K);
        Bytes.wipe(k, 0, K);
        Bytes.wipe(dh, 0, K);
        Bytes.wipe(ePriv, 0, K);
        Bytes.wipe(machinePriv, 0, K);
        state = STATE_COMPLETE;
        return 0;
    }

    /**
     * Noise §5.2 Split: (k1, k2) = HKDF(ck, empty); k1 keys client→server ({@code send}), k2 server→client
     * ({@code recv}) (§2.3 "client tx = k1, client rx = k2"). Then wipes all handshake state. Returns 0 or
     * BAD_STATE when no response has been accepted.
     */
    @HotPath
    public int split(ChaCha20Poly1305 send, ChaCha20Poly1305 recv) {
        if (state != STATE_COMPLETE) {
            return ControlReason.BAD_STATE;
        }
        kdf.kdf2(ck, 0, K, dh, 0, 0, k, 0, ckNext, 0);
        send.setKey(k, 0);
        recv.setKey(ckNext, 0);
        abort();
        return 0;
    }

    /**
     * The handshake hash h after the response (Noise §5.2 GetHandshakeHash), valid in {@link #STATE_COMPLETE}
     * only; copied to {@code out[off..off+32)}. Returns 0 or BAD_STATE.
     */
    public int handshakeHash(byte[] out, int off) {
        if (state != STATE_COMPLETE) {
            return ControlReason.BAD_STATE;
        }
        System.arraycopy(h, 0, out, off, K);
        return 0;
    }

    /** Wipes every key and hash and returns to {@link #STATE_IDLE}. */
    @HotPath
    public void abort() {
        Bytes.wipe(h, 0, K);
        Bytes.wipe(ck, 0, K);
        Bytes.wipe(k, 0, K);
        Bytes.wipe(hNext, 0, K);
        Bytes.wipe(ckNext, 0, K);
        Bytes.wipe(ePriv, 0, K);
        Bytes.wipe(machinePriv, 0, K);
        Bytes.wipe(dh, 0, K);
        aead.wipe();
        state = STATE_IDLE;
    }

    /** Scratch wiped, committed state untouched: the rejected response leaves no trace. */
    @HotPath
    private int rejectResponse(int reason) {
        Bytes.wipe(hNext, 0, K);
        Bytes.wipe(ckNext, 0, K);
        Bytes.wipe(k, 0, K);
        Bytes.wipe(dh, 0, K);
        return reason;
    }

    /** Noise §5.2 EncryptAndHash with k and the zero nonce: seals buf[p..p+len) in place, tag after it. */
    @HotPath
    private void encryptAndHash(byte[] buf, int p, int len) {
        aead.setKey(k, 0);
        aead.seal(zeroNonce, 0, h, 0, K, buf, p, len, buf, p);
        aead.wipe();
        mixHash(h, buf, p, len + ControlWire.TAG_LENGTH);
    }

    /** Noise MixHash: target = BLAKE2s(target || data). */
    @HotPath
    private void mixHash(byte[] target, byte[] data, int off, int len) {
        blake.update(target, 0, K);
        blake.update(data, off, len);
        blake.doFinal(target, 0);
    }

    /** "Tailscale Control Protocol v" followed by the decimal capability version, no leading zeros. */
    @HotPath
    private void setPrologue(int capVer) {
        int n = PROLOGUE_PREFIX.length;
        System.arraycopy(PROLOGUE_PREFIX, 0, prologue, 0, n);
        int digits = 1;
        for (int v = capVer; v >= 10; v /= 10) {
            digits++;
        }
        int v = capVer;
        for (int i = digits - 1; i >= 0; i--) {
            prologue[n + i] = (byte) ('0' + v % 10);
            v /= 10;
        }
        prologueLen = n + digits;
    }

    private static byte[] ascii(String s) {
        byte[] b = new byte[s.length()];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) s.charAt(i);
        }
        return b;
    }
}
