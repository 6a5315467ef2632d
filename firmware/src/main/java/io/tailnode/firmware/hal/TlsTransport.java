package io.tailnode.firmware.hal;

/**
 * A TLS client stream for DERP (tailscale-protocol.md §3.1): TCP to the node's address and port, TLS 1.2+ with SNI,
 * then plaintext bytes both ways for {@code io.tailnode.derp.DerpClient}. On the board it wraps MicroEJ's SSL pack
 * ({@code SSLContext} / {@code SSLSocket}, mbedTLS underneath, C-heap record buffers of at least 16 KiB inbound:
 * Go servers do not shrink records, §9 pitfall 12); in the simulator {@code javax.net.ssl.SSLSocket}.
 * <p>
 * Certificate verification — the server must be authenticated, never silently accepted:
 * <ul>
 * <li>{@link #VERIFY_CHAIN}: the platform's trust store (CA certificates provisioned with the firmware,
 * {@code KeyStore.setCertificateEntry}); the certificate must chain to one of them and name {@code sni}
 * (the node's CertName or HostName).</li>
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
 * Not thread-safe except {@link #close}, which may be called from another thread to end a blocked read.
 */
public interface TlsTransport {
    /** Verify the chain against the platform trust store and the name against SNI. */
    int VERIFY_CHAIN = 0;
    /** Verify SHA-256 of the leaf certificate's DER against a {@code sha256-raw:} pin. */
    int VERIFY_PIN_SHA256 = 1;

    /** TLS handshake failed (protocol version, cipher suites, alert, timeout). */
    int ERR_HANDSHAKE = -20;
    /** The certificate did not verify: unknown issuer, wrong name, expired, or pin mismatch. */
    int ERR_CERTIFICATE = -21;
    /** Pin mode asked for, but this platform does not expose the peer certificate. */
    int ERR_PIN_UNSUPPORTED = -22;

    /**
     * Connects and completes the handshake within {@code timeoutMs}.
     *
     * @param addr   IPv4 or IPv6 address in source form ({@code 0x04 | a[4]} or {@code 0x06 | a[16]}; the port
     *               byte pair, if present, is ignored), from the DERP map's IPv4/IPv6
     * @param port   DERPPort (443 when the map says 0)
     * @param sni    server name for SNI and, in chain mode, name verification
     * @param pin    32-byte SHA-256 for {@link #VERIFY_PIN_SHA256}; ignored otherwise
     * @return {@link HalStatus#OK}, {@link HalStatus#ERR_IO} (TCP), {@link HalStatus#ERR_ADDRESS},
     *         {@link #ERR_HANDSHAKE}, {@link #ERR_CERTIFICATE}, {@link #ERR_PIN_UNSUPPORTED}
     */
    int connect(byte[] addr, int addrOff, int port, byte[] sni, int sniOff, int sniLen, int verifyMode,
            byte[] pin, int pinOff, int timeoutMs);

    /** True if {@link #VERIFY_PIN_SHA256} works here (the TLS stack shows the peer certificate). */
    boolean canPinCertificates();

    /**
     * Writes up to {@code len} plaintext bytes. Returns the count written (may be short),
     * {@link HalStatus#ERR_WOULD_BLOCK}, {@link HalStatus#ERR_CLOSED} or {@link HalStatus#ERR_IO}.
     */
    int write(byte[] buf, int off, int len);

    /**
     * Waits up to {@code timeoutMs} (0: only what is buffered) for plaintext. Returns the count (> 0),
     * {@link HalStatus#ERR_WOULD_BLOCK}, {@link HalStatus#ERR_CLOSED} (peer closed / EOF) or {@link HalStatus#ERR_IO}.
     */
    int read(byte[] buf, int off, int cap, int timeoutMs);

    /** Closes the connection; idempotent; a blocked read returns ERR_CLOSED. */
    void close();
}
