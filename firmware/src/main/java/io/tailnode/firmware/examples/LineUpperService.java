package io.tailnode.firmware.examples;

import io.tailnode.firmware.api.TailnetSockets;
import io.tailnode.firmware.api.TcpListener;
import io.tailnode.ip.tcp.TcpReason;

/**
 * Example OEM service built only on {@link TailnetSockets}: a line service on TCP {@value #PORT} that answers each
 * line ('\n'-terminated) upper-cased (ASCII). Lines longer than {@link #MAX_LINE} bytes are answered in pieces of
 * that size; at end of stream the partial last line is answered and the connection closed. Up to
 * {@code maxClients} connections; beyond, new ones are closed at once. All storage allocated in the constructor.
 */
public final class LineUpperService implements TcpListener {
    public static final int PORT = 8502;
    public static final int MAX_LINE = 128;

    private final TailnetSockets sockets;
    private final int[] handles;
    /** Per client: the line being collected, then written out from outOff. */
    private final byte[] lines;
    private final int[] lineLen;
    private final int[] outOff;
    private final boolean[] writing;
    private final boolean[] closeWhenSent;
    private final byte[] one = new byte[1];
    private int listener = -1;

    public LineUpperService(TailnetSockets sockets, int maxClients) {
        this.sockets = sockets;
        handles = new int[maxClients];
        lines = new byte[maxClients * MAX_LINE];
        lineLen = new int[maxClients];
        outOff = new int[maxClients];
        writing = new boolean[maxClients];
        closeWhenSent = new boolean[maxClients];
        for (int i = 0; i < maxClients; i++) {
            handles[i] = -1;
        }
    }

    /** Opens the listener; returns its id or a TcpReason. */
    public int start() {
        listener = sockets.tcpListen(PORT, this);
        return listener;
    }

    @Override
    public void onAccept(int h) {
        for (int i = 0; i < handles.length; i++) {
            if (handles[i] < 0) {
                handles[i] = h;
                lineLen[i] = 0;
                writing[i] = false;
                closeWhenSent[i] = false;
                return;
            }
        }
        sockets.close(h); // no room for another client
    }

    @Override
    public void onReadable(int h) {
        pump(h);
    }

    @Override
    public void onWritable(int h) {
        pump(h);
    }

    @Override
    public void onClosed(int h, int reason) {
        int i = slot(h);
        if (i >= 0) {
            handles[i] = -1;
        }
    }

    /** Writes the pending answer, then reads and collects bytes until a line is complete; repeats. */
    private void pump(int h) {
        int i = slot(h);
        if (i < 0) {
            return;
        }
        int base = i * MAX_LINE;
        while (true) {
            if (writing[i]) {
                int w = sockets.write(h, lines, base + outOff[i], lineLen[i] - outOff[i]);
                if (w == TcpReason.WOULD_BLOCK) {
                    return; // onWritable comes back here
                }
                if (w < 0) {
                    sockets.abort(h);
                    return;
                }
                outOff[i] += w;
                if (outOff[i] < lineLen[i]) {
                    return;
                }
                writing[i] = false;
                lineLen[i] = 0;
                if (closeWhenSent[i]) {
                    sockets.close(h);
                    return;
                }
            }
            int r = sockets.read(h, one, 0, 1);
            if (r == TcpReason.WOULD_BLOCK) {
                return;
            }
            if (r < 0) { // end of stream (or an error): answer what is left, then close
                closeWhenSent[i] = true;
                if (lineLen[i] == 0) {
                    sockets.close(h);
                    return;
                }
                startAnswer(i);
                continue;
            }
            byte b = one[0];
            lines[base + lineLen[i]++] = b >= 'a' && b <= 'z' ? (byte) (b - 32) : b;
            if (b == '\n' || lineLen[i] == MAX_LINE) {
                startAnswer(i);
            }
        }
    }

    private void startAnswer(int i) {
        outOff[i] = 0;
        writing[i] = true;
    }

    private int slot(int h) {
        for (int i = 0; i < handles.length; i++) {
            if (handles[i] == h) {
                return i;
            }
        }
        return -1;
    }
}
