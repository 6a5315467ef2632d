package io.tailnode.sim.hal;

import io.tailnode.firmware.hal.HalStatus;
import io.tailnode.firmware.hal.StreamTransport;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;

/**
 * The simulator's {@link StreamTransport}: a non-blocking {@link SocketChannel} (host JVM), so the device loop
 * never blocks on the control connection. Name resolution happens in {@link #connect} (blocking, acceptable on
 * the host). Counts bytes for tests.
 */
public final class TcpStreamTransport implements StreamTransport {
    private SocketChannel channel;
    private int state = STATE_IDLE;
    private long connects;
    private long bytesIn;
    private long bytesOut;

    @Override
    public int connect(byte[] host, int hostOff, int hostLen, int port) {
        close();
        String h = new String(host, hostOff, hostLen, StandardCharsets.US_ASCII);
        InetSocketAddress a = new InetSocketAddress(h, port);
        if (a.isUnresolved()) {
            return HalStatus.ERR_ADDRESS;
        }
        try {
            channel = SocketChannel.open();
            channel.configureBlocking(false);
            channel.socket().setTcpNoDelay(true);
            connects++;
            state = channel.connect(a) ? STATE_CONNECTED : STATE_CONNECTING;
            return HalStatus.OK;
        } catch (IOException e) {
            close();
            state = STATE_FAILED;
            return HalStatus.OK;
        }
    }

    @Override
    public int state() {
        if (state == STATE_CONNECTING) {
            try {
                if (channel.finishConnect()) {
                    state = STATE_CONNECTED;
                }
            } catch (IOException e) {
                state = STATE_FAILED;
            }
        }
        return state;
    }

    @Override
    public int read(byte[] buf, int off, int len) {
        if (state != STATE_CONNECTED) {
            return state == STATE_CLOSED || state == STATE_IDLE ? HalStatus.ERR_CLOSED : HalStatus.ERR_IO;
        }
        try {
            int n = channel.read(ByteBuffer.wrap(buf, off, len));
            if (n < 0) {
                state = STATE_FAILED;
                return HalStatus.ERR_CLOSED;
            }
            bytesIn += n;
            return n == 0 ? HalStatus.ERR_WOULD_BLOCK : n;
        } catch (IOException e) {
            state = STATE_FAILED;
            return HalStatus.ERR_IO;
        }
    }

    @Override
    public int write(byte[] buf, int off, int len) {
        if (state != STATE_CONNECTED) {
            return HalStatus.ERR_CLOSED;
        }
        try {
            int n = channel.write(ByteBuffer.wrap(buf, off, len));
            bytesOut += n;
            return n == 0 ? HalStatus.ERR_WOULD_BLOCK : n;
        } catch (IOException e) {
            state = STATE_FAILED;
            return HalStatus.ERR_IO;
        }
    }

    @Override
    public void close() {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // closing anyway
            }
            channel = null;
        }
        if (state != STATE_IDLE) {
            state = STATE_CLOSED;
        }
    }

    public long connects() {
        return connects;
    }

    public long bytesIn() {
        return bytesIn;
    }

    public long bytesOut() {
        return bytesOut;
    }
}
