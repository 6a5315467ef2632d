package io.tailnode.control.noise;

import io.tailnode.http.UpgradeResponseHead;
import io.tailnode.lang.HotPath;

/**
 * The server's answer to {@link UpgradeRequest} (tailscale-protocol.md §2.2, §9 pitfall 4): {@code HTTP/1.x 101}
 * with {@code Upgrade: tailscale-control-protocol} and {@code Connection: upgrade}, read by the shared
 * {@link UpgradeResponseHead}; this class maps its outcomes to {@link ControlReason}s.
 * <p>
 * Why {@link #receive} returns how much it consumed: the server writes the Noise response right behind the blank
 * line, often in the same TCP segment; everything after the returned count belongs to {@link ControlChannel}.
 * Not thread-safe; {@link #reset} for reuse. No allocation after construction.
 */
public final class UpgradeResponse {
    public static final int STATE_STATUS = UpgradeResponseHead.STATE_STATUS;
    public static final int STATE_HEADERS = UpgradeResponseHead.STATE_HEADERS;
    public static final int STATE_DONE = UpgradeResponseHead.STATE_DONE;
    public static final int STATE_FAILED = UpgradeResponseHead.STATE_FAILED;

    private static final byte[] PROTOCOL = UpgradeResponseHead.lowerAscii("tailscale-control-protocol");

    private final UpgradeResponseHead head;

    /**
     * @param maxLineBytes longest header line kept (longer lines fail with HTTP_HEADER_TOO_LONG), e.g. 256
     * @param maxHeaderBytes bound on the whole header block including the status line, e.g. 4096
     */
    public UpgradeResponse(int maxLineBytes, int maxHeaderBytes) {
        head = new UpgradeResponseHead(PROTOCOL, null, maxLineBytes, maxHeaderBytes);
    }

    public void reset() {
        head.reset();
    }

    /**
     * Feeds response bytes. Returns how many were consumed (all of them while the headers are incomplete; in
     * {@link #STATE_DONE} the bytes after that count belong to the Noise channel), or a negative
     * {@link ControlReason}: HTTP_STATUS (non-101; {@link #status}), HTTP_MALFORMED, HTTP_HEADER_TOO_LONG,
     * HTTP_NOT_UPGRADED. After DONE or a failure, further calls return 0 or the failure again.
     */
    @HotPath
    public int receive(byte[] buf, int off, int len) {
        int r = head.receive(buf, off, len);
        return r >= 0 ? r : reason(r);
    }

    public int state() {
        return head.state();
    }

    /** The status code once the status line has been read, else 0. */
    public int status() {
        return head.status();
    }

    @HotPath
    private static int reason(int headError) {
        switch (headError) {
            case UpgradeResponseHead.ERR_STATUS:
                return ControlReason.HTTP_STATUS;
            case UpgradeResponseHead.ERR_TOO_LONG:
                return ControlReason.HTTP_HEADER_TOO_LONG;
            case UpgradeResponseHead.ERR_NOT_UPGRADED:
                return ControlReason.HTTP_NOT_UPGRADED;
            default:
                return ControlReason.HTTP_MALFORMED;
        }
    }
}
