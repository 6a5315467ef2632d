package io.tailnode.ip.tcp;

import java.security.MessageDigest;
import java.util.Random;

/** One side's application in a transfer: writes {@code toSend} deterministic bytes, hashes what it reads. */
final class Pipe {
    final TcpStack stack;
    int handle = -1;
    final byte[] data;
    int sent;
    long received;
    boolean eof;
    boolean closeWhenSent;
    boolean closed;
    boolean shut;
    boolean reading = true;
    int lastError;
    private final MessageDigest in = sha();
    private final byte[] buf = new byte[4096];

    Pipe(TcpStack stack, int toSend, long seed) {
        this.stack = stack;
        data = new byte[toSend];
        new Random(seed).nextBytes(data);
    }

    static MessageDigest sha() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    static byte[] sha(byte[] d) {
        return sha().digest(d);
    }

    /** Moves as much data as the socket allows; closes after sending everything if asked. */
    void step() {
        if (handle < 0 || closed) {
            return;
        }
        while (sent < data.length) {
            int n = stack.write(handle, data, sent, Math.min(3000, data.length - sent));
            if (n <= 0) {
                if (n != TcpReason.WOULD_BLOCK) {
                    lastError = n;
                }
                break;
            }
            sent += n;
        }
        while (reading && !eof) {
            int n = stack.read(handle, buf, 0, buf.length);
            if (n > 0) {
                in.update(buf, 0, n);
                received += n;
            } else {
                if (n == TcpReason.END_OF_STREAM) {
                    eof = true;
                } else if (n != TcpReason.WOULD_BLOCK) {
                    lastError = n;
                    eof = true;
                }
                break;
            }
        }
        if (closeWhenSent && sent == data.length && !shut) {
            stack.shutdown(handle);
            shut = true;
        }
        if (closeWhenSent && shut && eof) {
            stack.close(handle);
            closed = true;
        }
    }

    byte[] digest() {
        return in.digest();
    }
}
