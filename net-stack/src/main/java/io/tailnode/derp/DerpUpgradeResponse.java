package io.tailnode.derp;

import io.tailnode.http.UpgradeResponseHead;
import io.tailnode.lang.Bytes;
import io.tailnode.lang.HotPath;

/**
 * The server's answer to {@link DerpUpgradeRequest} (tailscale-protocol.md §3.1): {@code HTTP/1.x 101} with
 * {@code Upgrade: DERP} and {@code Connection: upgrade}, read by the shared {@link UpgradeResponseHead}; an
 * optional {@code Derp-Public-Key: <64 hex>} is kept so the ServerKey frame can be checked against it. Outcomes
 * map to {@link DerpReason}s.
 * <p>
 * {@link #receive} returns how much it consumed because DERP frames follow the blank line at once, often in the
 * same TLS record (§9 pitfall 4): the rest belongs to the frame decoder. Not thread-safe; {@link #reset} for
 * reuse; no allocation after construction.
 */
public final class DerpUpgradeResponse {
    public static final int STATE_STATUS = UpgradeResponseHead.STATE_STATUS;
    public static final int STATE_HEADERS = UpgradeResponseHead.STATE_HEADERS;
    public static final int STATE_DONE = UpgradeResponseHead.STATE_DONE;
    public static final int STATE_FAILED = UpgradeResponseHead.STATE_FAILED;

    private static final byte[] DERP = UpgradeResponseHead.lowerAscii("derp");
    private static final byte[] PUBLIC_KEY = UpgradeResponseHead.lowerAscii("derp-public-key");

    private final UpgradeResponseHead head;
    private final ServerKeyHeader serverKeyHeader = new ServerKeyHeader();

    /**
     * @param maxLineBytes longest header line kept (the Derp-Public-Key line needs 81), e.g. 256
     * @param maxHeaderBytes bound on the whole header block including the status line, e.g. 4096
     */
    public DerpUpgradeResponse(int maxLineBytes, int maxHeaderBytes) {
        if (maxLineBytes < 96) {
            throw new IllegalArgumentException("bad bounds");
        }
        head = new UpgradeResponseHead(DERP, serverKeyHeader, maxLineBytes, maxHeaderBytes);
    }

    @HotPath
    public void reset() {
        head.reset();
        serverKeyHeader.present = false;
    }

    /**
     * Feeds response bytes. Returns how many were consumed (all while the headers are incomplete; once
     * {@link #STATE_DONE}, what follows that count is DERP framing), or a negative {@link DerpReason}:
     * HTTP_STATUS, HTTP_MALFORMED, HTTP_HEADER_TOO_LONG, HTTP_NOT_UPGRADED. After DONE, 0; after a failure, the
     * failure again.
     */
    @HotPath
    public int receive(byte[] buf, int off, int len) {
        int r = head.receive(buf, off, len);
        return r >= 0 ? r : reason(r);
    }

    public int state() {
        return head.state();
    }

    public int status() {
        return head.status();
    }

    /** True if the response carried a well-formed Derp-Public-Key header. */
    public boolean hasServerKey() {
        return serverKeyHeader.present;
    }

    /** The Derp-Public-Key value (valid if {@link #hasServerKey}). */
    public byte[] serverKey() {
        return serverKeyHeader.key;
    }

    @HotPath
    private static int reason(int headError) {
        switch (headError) {
            case UpgradeResponseHead.ERR_STATUS:
                return DerpReason.HTTP_STATUS;
            case UpgradeResponseHead.ERR_TOO_LONG:
                return DerpReason.HTTP_HEADER_TOO_LONG;
            case UpgradeResponseHead.ERR_NOT_UPGRADED:
                return DerpReason.HTTP_NOT_UPGRADED;
            default:
                return DerpReason.HTTP_MALFORMED;
        }
    }

    /** Picks the Derp-Public-Key header out of the head: 64 hex digits, else not present. */
    private static final class ServerKeyHeader implements UpgradeResponseHead.HeaderListener {
        final byte[] key = new byte[DerpWire.KEY];
        boolean present;

        @Override
        @HotPath
        public void header(byte[] line, int nameOff, int nameLen, int valueOff, int valueLen) {
            if (UpgradeResponseHead.equalsLowerAscii(line, nameOff, nameLen, PUBLIC_KEY)) {
                present = valueLen == 2 * DerpWire.KEY && Bytes.decodeHex(line, valueOff, DerpWire.KEY, key, 0);
            }
        }
    }
}
