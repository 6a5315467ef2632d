package io.tailnode.derp;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * The server side of a DERP login as hand-built byte strings (BouncyCastle box), for in-memory client tests:
 * 101 headers + ServerKey, then checks the client's ClientInfo and makes a ServerInfo.
 */
final class ScriptedServer {
    static final byte[] SERVER_PRIV = fill(32, 0x51);
    static final byte[] SERVER_PUB = BcBox.publicKey(SERVER_PRIV);
    static final byte[] MAGIC = {0x44, 0x45, 0x52, 0x50, (byte) 0xF0, (byte) 0x9F, (byte) 0x94, (byte) 0x91};

    byte[] clientKey;
    String clientInfoJson;
    byte[] shared;

    static byte[] fill(int n, int v) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (v + i);
        }
        return b;
    }

    static byte[] frame(int type, byte[] payload) {
        byte[] f = new byte[5 + payload.length];
        f[0] = (byte) type;
        f[1] = (byte) (payload.length >>> 24);
        f[2] = (byte) (payload.length >>> 16);
        f[3] = (byte) (payload.length >>> 8);
        f[4] = (byte) payload.length;
        System.arraycopy(payload, 0, f, 5, payload.length);
        return f;
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            o.writeBytes(p);
        }
        return o.toByteArray();
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    static byte[] upgradeHeaders(boolean withKey) {
        return ascii("HTTP/1.1 101 Switching Protocols\r\nUpgrade: DERP\r\nConnection: Upgrade\r\nDerp-Version: 2\r\n"
                + (withKey ? "Derp-Public-Key: " + HexFormat.of().formatHex(SERVER_PUB) + "\r\n" : "") + "\r\n");
    }

    static byte[] serverKeyFrame() {
        return frame(1, concat(MAGIC, SERVER_PUB));
    }

    /** Checks ClientInfo at the start of {@code out} (the client's output after the upgrade request); its length. */
    int acceptClientInfo(byte[] out, int off) {
        if (out[off] != 2) {
            throw new AssertionError("not ClientInfo: " + out[off]);
        }
        int len = ((out[off + 1] & 0xFF) << 24) | ((out[off + 2] & 0xFF) << 16) | ((out[off + 3] & 0xFF) << 8)
                | (out[off + 4] & 0xFF);
        clientKey = Arrays.copyOfRange(out, off + 5, off + 37);
        byte[] nonce = Arrays.copyOfRange(out, off + 37, off + 61);
        shared = BcBox.beforenm(clientKey, SERVER_PRIV);
        byte[] json = BcBox.open(shared, nonce, out, off + 61, len - 56);
        if (json == null) {
            throw new AssertionError("ClientInfo box does not open");
        }
        clientInfoJson = new String(json, StandardCharsets.UTF_8);
        return 5 + len;
    }

    byte[] serverInfoFrame() {
        byte[] nonce = fill(24, 0x70);
        byte[] box = BcBox.seal(shared, nonce, ascii("{\"version\":2,\"TokenBucketBytesPerSecond\":0}"));
        return frame(3, concat(nonce, box));
    }
}
