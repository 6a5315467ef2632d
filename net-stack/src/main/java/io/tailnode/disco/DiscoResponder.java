package io.tailnode.disco;

import io.tailnode.lang.Bytes;
import io.tailnode.lang.HotPath;

/**
 * Answers disco pings (tailscale-protocol.md §4.3 "On a ping", §8 P1): every opened Ping gets a sealed Pong
 * carrying its TxID and the source the ping came from — the UDP source address, or for a ping relayed by DERP
 * the fake endpoint {@code 127.3.3.40:<region>} (as ::ffff:127.3.3.40, port = region ID). The driver sends the
 * result back the way the ping came (UDP to the source, or DERP to the sender's node key). Cheap enough for
 * DERP-only devices, and what makes {@code tailscale ping} work. One scratch buffer; no allocation per call.
 */
public final class DiscoResponder {
    private final DiscoKeys keys;
    private final byte[] plain = new byte[DiscoWire.PONG_LENGTH];
    private final byte[] endpoint = new byte[DiscoWire.ENDPOINT];

    public DiscoResponder(DiscoKeys keys) {
        this.keys = keys;
    }

    /**
     * Sealed Pong for the ping in {@code ping} (checked, type Ping) from the peer in {@code slot}, observed from
     * the UDP source {@code src} (source form). Returns the packet length (110), or a DiscoReason.
     */
    @HotPath
    public int answerUdp(int slot, DiscoMessageView ping, byte[] src, int srcOff, byte[] out, int off, int cap) {
        if (DiscoWire.endpointFromSource(src, srcOff, endpoint, 0) < 0) {
            return DiscoReason.OUT_TOO_SMALL;
        }
        return answer(slot, ping, out, off, cap);
    }

    /** Sealed Pong for a ping that arrived over DERP region {@code region} (source 127.3.3.40:region). */
    @HotPath
    public int answerDerp(int slot, DiscoMessageView ping, int region, byte[] out, int off, int cap) {
        Bytes.wipe(endpoint, 0, 10);
        endpoint[10] = (byte) 0xFF;
        endpoint[11] = (byte) 0xFF;
        endpoint[12] = 127;
        endpoint[13] = 3;
        endpoint[14] = 3;
        endpoint[15] = 40;
        Bytes.putShortBE(endpoint, 16, region);
        return answer(slot, ping, out, off, cap);
    }

    @HotPath
    private int answer(int slot, DiscoMessageView ping, byte[] out, int off, int cap) {
        if (ping.type() != DiscoWire.TYPE_PING) {
            return DiscoReason.UNKNOWN_TYPE;
        }
        int n = DiscoWire.writePong(plain, 0, plain.length, ping.buffer(), ping.txIdOffset(), endpoint, 0);
        return keys.seal(slot, plain, 0, n, out, off, cap);
    }
}
