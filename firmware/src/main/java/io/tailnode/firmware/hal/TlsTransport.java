package io.tailnode.firmware.hal;

/**
 * A TLS client stream for DERP (tailscale-protocol.md §3.1): TCP to the node's address and port, TLS 1.2+ with SNI,
 * then plaintext bytes both ways for {@code io.tailnode.derp.DerpClient}. Shaped like {@link StreamTransport}:
 * every call returns at once, so the event loop that owns it is never held by a dial.
 * <p>
 * Lifecycle: {@link #connect} (IDLE or CLOSED → CONNECTING) → {@link #state} becomes CONNECTED or FAILED
 * ({@link #failure} says why) → {@link #read}/{@link #write} → {@link #close} (→ CLOSED; also the way out of
 * FAILED, and it abandons a dial still CONNECTING). A new {@link #connect} after close reuses the object. The
 * caller keeps its own dial deadline (the loop's clock) and closes a dial that overruns it; {@code timeoutMs} is
 * the platform's own bound on the TCP connect and the handshake.
 * <p>
 * <b>Board</b> (MicroEJ SSL pack: {@code SSLContext} / {@code SSLSocket}, mbedTLS underneath, C-heap record
 * buffers of at least 16 KiB inbound: Go servers do not shrink records, §9 pitfall 12). {@code Socket.connect}
 * and {@code SSLSocket.startHandshake} block their caller, so the board implementation runs them on one small
 * <b>dialer thread</b> shared by all connection slots: {@link #connect} hands the request over (one pending dial
 * per slot; the thread serves them one at a time) and returns; the thread connects, handshakes, verifies, and
 * publishes CONNECTED or FAILED; {@link #state} reads that. Cost: one Java green thread (one entry of
 * {@code core.memory.threads.size}) whose stack takes blocks from the shared pool only while it runs — at most
 * {@code core.memory.thread.max.size} blocks (4 × 512 B = 2 KiB with MicroEJ's defaults) — plus one pending
 * request of the NET pack's blocking-request queue (its {@code async_select} task serves ≤ 16). The thread waits
 * on a monitor between dials; nothing is allocated per dial beyond what the SSL pack allocates itself. The waits
 * (TCP round trips, a silent server) no longer hold the loop; the handshake's CPU work (ECDHE, signature check
 * inside mbedTLS natives) runs on the VM's task and still delays every green thread while a native step runs —
 * [unverified]: whether the SSL pack's handshake natives suspend the Java thread between records (as NET's
 * socket calls do through {@code SNI_suspendCurrentJavaThread}) or compute in one call, and how long that is on
 * each board. After the handshake, reads and writes stay on the loop thread and must not block: a read polls
 * with the socket's SO_TIMEOUT at its minimum or gates on {@code InputStream.available()} ([unverified] that the
 * SSL input stream reports decrypted bytes there). In the simulator: {@code javax.net.ssl.SSLSocket} on a dialer
 * thread per connection that then reads into a buffer.
 * <p>
 * Certificate verification — the server must be authenticated, never silently accepted:
 * <ul>
 * <li>{@link #VERIFY_CHAIN}: the platform's trust store (CA certificates provisioned with the firmware,
 * {@code KeyStore.setCertificateEntry}); the certificate must chain to one of them and name {@code sni}
 * (the node's CertName, else its HostName).</li>
 * <li>{@link #VERIFY_PIN_SHA256}: a DERP map {@code CertName} of {@code sha256-raw:<hex>} pins the node's
 * self-signed certificate: the handshake succeeds only if SHA-256 over the peer's DER leaf certificate equals
 * the 32 bytes given. This needs the peer certificate from the TLS stack. Whether MicroEJ's SSL pack exposes it
 * ({@code SSLSession.getPeerCertificates} or an X509TrustManager callback) is <b>unverified</b>: neither is in
 * the API allowlist today. An implementation that cannot see the certificate answers
 * {@link #canPinCertificates} false and {@link #connect} with {@link #ERR_PIN_UNSUPPORTED} for this mode; the
 * fallback (docs/derp.md) is to provision that self-signed certificate as a trust anchor and dial in
 * {@link #VERIFY_CHAIN} mode, or to skip the node — never to connect unverified.</li>
 * </ul>
 * Return codes: counts, {@link HalStatus} codes, or the TLS codes below (kept apart from HalStatus's range).
 * No allocation per call on the board. Not thread-safe: the event loop owns it.
 */
public interface TlsTransport {
    /** Verify the chain against the platform trust store and the name against SNI. */
    int VERIFY_CHAIN = 0;
    /** Verify SHA-256 of the leaf certificate's DER against a {@code sha256-raw:} pin. */
    int VERIFY_PIN_SHA256 = 1;

    int STATE_IDLE = 0;
    int STATE_CONNECTING = 1;
    int STATE_CONNECTED = 2;
    /** The dial failed ({@link #failure} says why): close it. */
    int STATE_FAILED = 3;
    int STATE_CLOSED = 4;

    /** TLS handshake failed (protocol version, cipher suites, alert, the platform's timeout). */
    int ERR_HANDSHAKE = -20;
    /** The certificate did not verify: unknown issuer, wrong name, expired, or pin mismatch. */
    int ERR_CERTIFICATE = -21;
    /** Pin mode asked for, but this platform does not expose the peer certificate. */
    int ERR_PIN_UNSUPPORTED = -22;
    /** Not a transport answer: the caller's dial deadline passed while the state was still CONNECTING. */
    int ERR_DIAL_TIMEOUT = -23;

    /**
     * Starts connecting; returns at once. A previous connection or dial is closed first.
     *
     * @param addr      IPv4 or IPv6 address in source form ({@code 0x04 | a[4]} or {@code 0x06 | a[16]}; the port
     *                  byte pair, if present, is ignored), from the DERP map's IPv4/IPv6
     * @param port      DERPPort (443 when the map says 0)
     * @param sni       server name for SNI and, in chain mode, name verification
     * @param pin       32-byte SHA-256 for {@link #VERIFY_PIN_SHA256}; ignored otherwise
     * @param timeoutMs the platform's bound on TCP connect + handshake (the caller keeps its own deadline too)
     * @return {@link HalStatus#OK} (see {@link #state}), {@link HalStatus#ERR_ADDRESS} (nothing started),
     *         {@link #ERR_PIN_UNSUPPORTED} (pin mode here: nothing started) or {@link HalStatus#ERR_IO}
     */
    int connect(byte[] addr, int addrOff, int port, byte[] sni, int sniOff, int sniLen, int verifyMode,
            byte[] pin, int pinOff, int timeoutMs);

    /** One of the STATE_ constants. */
    int state();

    /**
     * Why the state is FAILED: {@link HalStatus#ERR_IO} (TCP refused, unreachable, reset), {@link #ERR_HANDSHAKE},
     * {@link #ERR_CERTIFICATE}, {@link #ERR_PIN_UNSUPPORTED}; 0 in any other state.
     */
    int failure();

    /** True if {@link #VERIFY_PIN_SHA256} works here (the TLS stack shows the peer certificate). */
    boolean canPinCertificates();

    /**
     * Writes up to {@code len} plaintext bytes. Returns the count written (may be short),
     * {@link HalStatus#ERR_WOULD_BLOCK}, {@link HalStatus#ERR_CLOSED} (not connected) or {@link HalStatus#ERR_IO}.
     */
    int write(byte[] buf, int off, int len);

    /**
     * Copies up to {@code cap} received plaintext bytes; returns at once. Returns the count (> 0),
     * {@link HalStatus#ERR_WOULD_BLOCK} (nothing now), {@link HalStatus#ERR_CLOSED} (peer closed / EOF, or not
     * connected) or {@link HalStatus#ERR_IO}.
     */
    int read(byte[] buf, int off, int cap);

    /** Closes the connection or abandons the dial; idempotent; state CLOSED. */
    void close();
}
