package io.tailnode.control.json;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The little-endian length framing of the map stream (tailscale-protocol.md §2.6, pitfall 2). */
class MapFrameReaderTest {
    /** Records frames as text: start(len) payload end. */
    static final class Recorder implements MapFrameListener {
        final List<String> log = new ArrayList<>();
        final StringBuilder current = new StringBuilder();
        int failWith;

        public void frameStart(int length) {
            current.setLength(0);
            current.append("start(").append(length).append(")");
        }

        public int frameData(byte[] buf, int off, int len) {
            current.append(new String(buf, off, len, java.nio.charset.StandardCharsets.ISO_8859_1));
            return failWith;
        }

        public int frameEnd() {
            log.add(current.append(" end").toString());
            return 0;
        }
    }

    private static byte[] ascii(String s) {
        return s.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    @Test
    void framesSplitAtEveryOffsetIncludingInsideThePrefix() {
        byte[] stream = MapStreams.frames(ascii("{}"), ascii("x".repeat(300)), ascii("y"));
        List<String> expected = List.of("start(2){} end", "start(300)" + "x".repeat(300) + " end", "start(1)y end");
        for (int cut = 0; cut <= stream.length; cut++) {
            Recorder r = new Recorder();
            MapFrameReader reader = new MapFrameReader(300, r);
            assertEquals(0, reader.feed(stream, 0, cut));
            assertEquals(0, reader.feed(stream, cut, stream.length - cut));
            assertEquals(expected, r.log, "cut " + cut);
            assertEquals(3, reader.framesCompleted());
        }
        Recorder r = new Recorder();
        assertEquals(0, MapStreams.feed(new MapFrameReader(300, r), stream, 1));
        assertEquals(expected, r.log);
    }

    @Test
    void lengthIsLittleEndian() {
        Recorder r = new Recorder();
        MapFrameReader reader = new MapFrameReader(1 << 20, r);
        byte[] stream = new byte[4 + 0x010203];
        stream[0] = 0x03;
        stream[1] = 0x02;
        stream[2] = 0x01;
        assertEquals(0, reader.feed(stream, 0, stream.length));
        assertEquals(1, reader.framesCompleted());
        assertEquals(false, reader.inFrame());
    }

    @Test
    void zeroLengthAndOversizedFramesStopTheReader() {
        Recorder r = new Recorder();
        MapFrameReader reader = new MapFrameReader(10, r);
        assertEquals(MapReason.FRAME_ZERO_LENGTH, reader.feed(new byte[4], 0, 4));
        assertEquals(MapReason.STREAM_FAILED, reader.feed(new byte[4], 0, 4));
        reader.reset();
        assertEquals(MapReason.FRAME_TOO_LARGE, reader.feed(new byte[] {11, 0, 0, 0}, 0, 4));
        reader.reset();
        assertEquals(MapReason.FRAME_TOO_LARGE, reader.feed(new byte[] {1, 0, 0, (byte) 0x80}, 0, 4),
                "lengths >= 2^31 are too large, not negative");
        reader.reset();
        assertEquals(0, reader.feed(new byte[] {10, 0, 0, 0}, 0, 4));
        assertEquals(true, reader.inFrame());
        assertEquals(10, reader.frameRemaining());
    }

    @Test
    void aListenerErrorIsSticky() {
        Recorder r = new Recorder();
        r.failWith = MapReason.SCHEMA;
        MapFrameReader reader = new MapFrameReader(10, r);
        byte[] stream = MapStreams.frames(ascii("ab"));
        assertEquals(MapReason.SCHEMA, reader.feed(stream, 0, stream.length));
        assertEquals(MapReason.SCHEMA, reader.error());
        assertEquals(MapReason.STREAM_FAILED, reader.feed(stream, 0, stream.length));
    }
}
