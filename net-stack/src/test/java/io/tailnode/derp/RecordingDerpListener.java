package io.tailnode.derp;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/** Records every listener call as a line, and received packets as byte arrays. */
final class RecordingDerpListener implements DerpListener {
    final List<String> events = new ArrayList<>();
    final List<byte[]> packets = new ArrayList<>();
    final List<byte[]> packetSources = new ArrayList<>();

    @Override
    public void onConnected() {
        events.add("connected");
    }

    @Override
    public void onPacket(byte[] src, int srcOff, byte[] pkt, int off, int len) {
        packets.add(Arrays.copyOfRange(pkt, off, off + len));
        packetSources.add(Arrays.copyOfRange(src, srcOff, srcOff + 32));
        events.add("packet " + len);
    }

    @Override
    public void onPeerGone(byte[] key, int keyOff, int reason) {
        events.add("gone " + HexFormat.of().formatHex(key, keyOff, keyOff + 4) + " " + reason);
    }

    @Override
    public void onHealth(byte[] text, int off, int len) {
        events.add("health '" + new String(text, off, len, java.nio.charset.StandardCharsets.UTF_8) + "'");
    }

    @Override
    public void onRestarting(long reconnectInMs, long tryForMs) {
        events.add("restarting " + reconnectInMs + " " + tryForMs);
    }

    @Override
    public void onPong(byte[] data, int off) {
        events.add("pong " + HexFormat.of().formatHex(data, off, off + 8));
    }
}
