package io.tailnode.firmware.derp;

import io.tailnode.crypto.CryptoBox;
import io.tailnode.crypto.X25519;
import io.tailnode.derp.DerpWire;
import io.tailnode.firmware.hal.HalStatus;
import io.tailnode.firmware.hal.TlsTransport;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * An in-memory {@link TlsTransport} with a DERP relay behind it, for driver tests: it records how each dial was
 * asked for (mode, name, pin), plays the TLS outcome (connect after N state polls, fail with a code, or stall),
 * "verifies" like a TLS stack would (pin mode: the pin must equal {@link #certificatePin}; chain mode: the name must
 * equal {@link #certificateName}), then answers the DERP login (101 + ServerKey, ServerInfo sealed for the client's
 * key) and echoes every SendPacket back as a RecvPacket from the destination key. Preallocated buffers; nothing
 * allocates after construction.
 */
final class MemoryTlsRelay implements TlsTransport {
    static final int CONNECT = 0;
    static final int FAIL = 1;
    static final int STALL = 2;

    private static final byte[] UPGRADE = ("HTTP/1.1 101 Switching Protocols\r\nUpgrade: DERP\r\n"
            + "Connection: Upgrade\r\nDerp-Version: 2\r\n\r\n").getBytes(StandardCharsets.US_ASCII);

    // ---- dial behaviour (set by the test)
    int behaviour = CONNECT;
    int failCode = HalStatus.ERR_IO;
    int pollsUntilAnswer = 1;
    boolean canPin = true;
    final byte[] certificatePin = new byte[32];
    byte[] certificateName = new byte[0];

    // ---- what the driver asked for
    int connects;
    int closes;
    int lastMode = -1;
    final byte[] lastPin = new byte[32];
    final byte[] lastName = new byte[128];
    int lastNameLength;
    int lastPort;
    final byte[] lastAddr = new byte[5];

    // ---- relay side
    final byte[] serverPublic = new byte[32];
    private final byte[] serverKeyFrame = new byte[DerpWire.HEADER + DerpWire.MAGIC_LENGTH + 32];
    private final byte[] serverInfoFrame = new byte[256];
    private int serverInfoLength;
    private final byte[] in = new byte[1 << 16];
    private int inHead;
    private int inCount;
    private final byte[] written = new byte[1 << 16];
    private int writtenLength;
    private boolean upgraded;
    private boolean eof;
    long notePreferred;
    long sendPackets;
    long keepAlivesSent;

    /** Where SendPacket frames go instead of being echoed back (null: echoed). */
    Peers peers;
    private final byte[] recvHeader = new byte[DerpWire.HEADER];

    /** The nodes behind the relay (a test's WireGuard peers). */
    interface Peers {
        /** A SendPacket for the key at {@code buf[keyOff..+32)} carrying {@code buf[off..off+len)}. */
        void sendPacket(MemoryTlsRelay relay, byte[] buf, int keyOff, int off, int len);
    }

    /** The relay passes a packet from node key {@code srcKey} to the client (a RecvPacket frame). */
    void deliver(byte[] srcKey, int keyOff, byte[] pkt, int off, int len) {
        DerpWire.writeHeader(recvHeader, 0, DerpWire.RECV_PACKET, 32 + len);
        push(recvHeader, 0, recvHeader.length);
        push(srcKey, keyOff, 32);
        push(pkt, off, len);
    }

    private int state = STATE_IDLE;
    private int failure;
    private int polls;

    /** @param clientPublic the node key the DERP client logs in with (ServerInfo is sealed for it) */
    MemoryTlsRelay(byte[] clientPublic) {
        byte[] serverPrivate = new byte[32];
        Arrays.fill(serverPrivate, (byte) 0x5a);
        X25519.clamp(serverPrivate, 0);
        new X25519().publicKey(serverPublic, 0, serverPrivate, 0);
        DerpWire.writeHeader(serverKeyFrame, 0, DerpWire.SERVER_KEY, DerpWire.MAGIC_LENGTH + 32);
        DerpWire.writeMagic(serverKeyFrame, DerpWire.HEADER);
        System.arraycopy(serverPublic, 0, serverKeyFrame, DerpWire.HEADER + DerpWire.MAGIC_LENGTH, 32);
        byte[] json = "{\"version\":2}".getBytes(StandardCharsets.US_ASCII);
        byte[] nonce = new byte[24];
        Arrays.fill(nonce, (byte) 0x70);
        int payload = 24 + json.length + CryptoBox.MAC_BYTES;
        DerpWire.writeHeader(serverInfoFrame, 0, DerpWire.SERVER_INFO, payload);
        System.arraycopy(nonce, 0, serverInfoFrame, DerpWire.HEADER, 24);
        int n = new CryptoBox().seal(clientPublic, 0, serverPrivate, 0, nonce, 0, json, 0, json.length,
                serverInfoFrame, DerpWire.HEADER + 24);
        if (n < 0) {
            throw new IllegalArgumentException("client key");
        }
        serverInfoLength = DerpWire.HEADER + payload;
    }

    void trustName(String name) {
        certificateName = name.getBytes(StandardCharsets.US_ASCII);
    }

    String lastName() {
        return new String(lastName, 0, lastNameLength, StandardCharsets.US_ASCII);
    }

    @Override
    public int connect(byte[] addr, int addrOff, int port, byte[] sni, int sniOff, int sniLen, int verifyMode,
            byte[] pin, int pinOff, int timeoutMs) {
        connects++;
        if (verifyMode == VERIFY_PIN_SHA256 && !canPin) {
            return ERR_PIN_UNSUPPORTED;
        }
        lastMode = verifyMode;
        System.arraycopy(pin, pinOff, lastPin, 0, 32);
        System.arraycopy(sni, sniOff, lastName, 0, sniLen);
        lastNameLength = sniLen;
        lastPort = port;
        System.arraycopy(addr, addrOff, lastAddr, 0, 5);
        state = STATE_CONNECTING;
        failure = 0;
        polls = 0;
        return HalStatus.OK;
    }

    @Override
    public int state() {
        if (state == STATE_CONNECTING && behaviour != STALL && ++polls >= pollsUntilAnswer) {
            if (behaviour == FAIL) {
                state = STATE_FAILED;
                failure = failCode;
            } else if (!verified()) {
                state = STATE_FAILED;
                failure = ERR_CERTIFICATE;
            } else {
                state = STATE_CONNECTED;
                inHead = 0;
                inCount = 0;
                writtenLength = 0;
                upgraded = false;
                eof = false;
            }
        }
        return state;
    }

    private boolean verified() {
        if (lastMode == VERIFY_PIN_SHA256) {
            return Arrays.equals(lastPin, certificatePin);
        }
        return lastNameLength == certificateName.length
                && Arrays.equals(lastName, 0, lastNameLength, certificateName, 0, certificateName.length);
    }

    @Override
    public int failure() {
        return state == STATE_FAILED ? failure : 0;
    }

    @Override
    public boolean canPinCertificates() {
        return canPin;
    }

    @Override
    public int write(byte[] buf, int off, int len) {
        if (state != STATE_CONNECTED || eof) {
            return HalStatus.ERR_CLOSED;
        }
        int n = Math.min(len, written.length - writtenLength);
        if (n == 0) {
            return HalStatus.ERR_WOULD_BLOCK;
        }
        System.arraycopy(buf, off, written, writtenLength, n);
        writtenLength += n;
        serve();
        return n;
    }

    /** The relay's side: the upgrade request, then whole frames. */
    private void serve() {
        int p = 0;
        if (!upgraded) {
            int end = headerEnd();
            if (end < 0) {
                return;
            }
            p = end;
            upgraded = true;
            push(UPGRADE, 0, UPGRADE.length);
            push(serverKeyFrame, 0, serverKeyFrame.length);
        }
        while (writtenLength - p >= DerpWire.HEADER) {
            int len = ((written[p + 1] & 0xff) << 24) | ((written[p + 2] & 0xff) << 16)
                    | ((written[p + 3] & 0xff) << 8) | (written[p + 4] & 0xff);
            if (writtenLength - p < DerpWire.HEADER + len) {
                break;
            }
            int type = written[p] & 0xff;
            if (type == DerpWire.CLIENT_INFO) {
                push(serverInfoFrame, 0, serverInfoLength);
            } else if (type == DerpWire.SEND_PACKET) {
                sendPackets++;
                if (peers != null) {
                    peers.sendPacket(this, written, p + DerpWire.HEADER, p + DerpWire.HEADER + 32, len - 32);
                } else {
                    // dst key + packet becomes src key + packet: the peer "answers" from the key it was sent to
                    written[p] = DerpWire.RECV_PACKET;
                    push(written, p, DerpWire.HEADER + len);
                }
            } else if (type == DerpWire.NOTE_PREFERRED) {
                notePreferred++;
            }
            p += DerpWire.HEADER + len;
        }
        System.arraycopy(written, p, written, 0, writtenLength - p);
        writtenLength -= p;
    }

    private int headerEnd() {
        for (int i = 3; i < writtenLength; i++) {
            if (written[i - 3] == '\r' && written[i - 2] == '\n' && written[i - 1] == '\r' && written[i] == '\n') {
                return i + 1;
            }
        }
        return -1;
    }

    private void push(byte[] b, int off, int len) {
        if (inCount + len > in.length) {
            throw new IllegalStateException("relay buffer full");
        }
        for (int i = 0; i < len; i++) {
            in[(inHead + inCount + i) % in.length] = b[off + i];
        }
        inCount += len;
    }

    /** The relay sends a KeepAlive frame. */
    void serverKeepAlive() {
        byte[] ka = keepAlive;
        push(ka, 0, ka.length);
        keepAlivesSent++;
    }

    private final byte[] keepAlive = {DerpWire.KEEP_ALIVE, 0, 0, 0, 0};

    /** The relay closes the connection (EOF after what is buffered). */
    void dropConnection() {
        eof = true;
    }

    boolean connected() {
        return state == STATE_CONNECTED;
    }

    @Override
    public int read(byte[] buf, int off, int cap) {
        if (state != STATE_CONNECTED) {
            return HalStatus.ERR_CLOSED;
        }
        if (eof) {
            return HalStatus.ERR_CLOSED;
        }
        if (inCount == 0) {
            return HalStatus.ERR_WOULD_BLOCK;
        }
        int n = Math.min(cap, inCount);
        for (int i = 0; i < n; i++) {
            buf[off + i] = in[(inHead + i) % in.length];
        }
        inHead = (inHead + n) % in.length;
        inCount -= n;
        return n;
    }

    @Override
    public void close() {
        closes++;
        if (state != STATE_IDLE) {
            state = STATE_CLOSED;
        }
    }
}
