package io.tailnode.control.h2;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Records events; optionally drains DATA inside the callback (as the map long-poll reader would). */
final class RecordingListener implements H2Listener {
    H2Client client;
    boolean drain = true;
    final List<String> events = new ArrayList<>();
    final Map<Integer, ByteArrayOutputStream> bodies = new HashMap<>();
    final Map<Integer, Integer> status = new HashMap<>();
    final Map<Integer, List<String>> headers = new HashMap<>();
    final Map<Integer, Boolean> ended = new HashMap<>();
    private final byte[] scratch = new byte[997];

    @Override
    public void onHeaders(int streamId, HeaderList h, boolean endStream) {
        status.putIfAbsent(streamId, h.status());
        headers.put(streamId, TestBytes.fields(h));
        events.add("headers " + streamId + " " + h.status() + (endStream ? " end" : ""));
        if (endStream) {
            ended.put(streamId, true);
        }
    }

    @Override
    public void onData(int streamId, int buffered, boolean endStream) {
        if (drain) {
            drain(streamId);
        }
        if (endStream) {
            ended.put(streamId, true);
            events.add("end " + streamId);
        }
    }

    void drain(int streamId) {
        ByteArrayOutputStream b = bodies.computeIfAbsent(streamId, k -> new ByteArrayOutputStream());
        int n;
        while ((n = client.read(streamId, scratch, 0, scratch.length)) > 0) {
            b.write(scratch, 0, n);
        }
    }

    @Override
    public void onStreamReset(int streamId, int errorCode, boolean byPeer) {
        events.add("reset " + streamId + " " + errorCode + (byPeer ? " peer" : " local"));
    }

    @Override
    public void onGoAway(int lastStreamId, int errorCode) {
        events.add("goaway " + lastStreamId + " " + errorCode);
    }

    @Override
    public void onPingAck(long opaque) {
        events.add("pingack " + opaque);
    }
}
