package io.tailnode.control.json;

/**
 * Receives the frames {@link MapFrameReader} cuts out of the map stream: start, payload pieces in order (they
 * may be split anywhere), end. A negative return stops the reader with that code (the connection must then be
 * reset), which is how a consumer rejects a frame it cannot parse.
 */
public interface MapFrameListener {
    /** A new frame of {@code length} payload bytes begins. */
    void frameStart(int length);

    /** The next piece of the current frame's payload. @return &gt;= 0 to go on, a negative reason to stop */
    int frameData(byte[] buf, int off, int len);

    /** All payload bytes of the frame were delivered. @return &gt;= 0 to go on, a negative reason to stop */
    int frameEnd();
}
