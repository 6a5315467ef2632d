package io.tailnode.control.json;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** Test helper: fixture loading and map-stream framing. */
final class MapStreams {
    private MapStreams() {
    }

    static byte[] resource(String name) {
        try (InputStream in = MapStreams.class.getResourceAsStream("/control/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** [uint32 LE length][payload] for each payload. */
    static byte[] frames(byte[]... payloads) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : payloads) {
            int n = p.length;
            out.write(n);
            out.write(n >>> 8);
            out.write(n >>> 16);
            out.write(n >>> 24);
            out.write(p, 0, p.length);
        }
        return out.toByteArray();
    }

    /** Feeds {@code stream} in chunks of {@code chunk} bytes. @return the first negative result, or 0 */
    static int feed(MapFrameReader reader, byte[] stream, int chunk) {
        for (int off = 0; off < stream.length; off += chunk) {
            int r = reader.feed(stream, off, Math.min(chunk, stream.length - off));
            if (r < 0) {
                return r;
            }
        }
        return 0;
    }
}
