package io.tailnode.http;

import io.tailnode.wg.WgPeerStatus;

/** A StatusSource with fixed values; it also holds a private key that no response may ever contain. */
class FakeStatus implements StatusSource {
    final byte[] privateKey = new byte[32];
    final byte[] publicKey = new byte[32];
    byte[] name = "dev-\"one\"\\ü".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
    final byte[][] addresses = {
            {100, 64, 0, 7},
            {(byte) 0xfd, 0x7a, 0x11, 0x5c, (byte) 0xa1, (byte) 0xe0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 7}};
    long uptime = 123_456L;
    final WgPeerStatus[] peers = new WgPeerStatus[4];
    final String[] dropNames = {"bad_mac1", "replay", "no_endpoint"};
    final long[] drops = {5, 0, 9_000_000_000L};

    FakeStatus() {
        for (int i = 0; i < 32; i++) {
            privateKey[i] = (byte) (0xA0 + i);
            publicKey[i] = (byte) (i * 7);
        }
        WgPeerStatus a = new WgPeerStatus();
        for (int i = 0; i < 32; i++) {
            a.publicKey[i] = (byte) (100 + i);
        }
        a.endpoint[0] = 4;
        a.endpoint[1] = (byte) 192;
        a.endpoint[2] = (byte) 168;
        a.endpoint[3] = 1;
        a.endpoint[4] = 20;
        a.endpoint[5] = (byte) (41641 >> 8);
        a.endpoint[6] = (byte) 41641;
        a.endpointLength = 7;
        a.rxBytes = 1000;
        a.txBytes = 2000;
        a.rxPackets = 10;
        a.txPackets = 20;
        a.lastHandshakeMs = 120_000L;
        a.hasSession = true;
        peers[0] = a;
        WgPeerStatus b = new WgPeerStatus();
        for (int i = 0; i < 32; i++) {
            b.publicKey[i] = (byte) (200 + i);
        }
        b.endpoint[0] = 6;
        b.endpoint[1] = 0x20;
        b.endpoint[2] = 0x01;
        b.endpoint[2 + 14] = 1;
        b.endpoint[17] = 0;
        b.endpoint[18] = 80;
        b.endpointLength = 19;
        b.rxBytes = Long.MAX_VALUE;
        peers[2] = b;
        WgPeerStatus c = new WgPeerStatus();
        c.publicKey[0] = 1;
        peers[3] = c;
    }

    private static int copy(byte[] src, byte[] out, int off, int cap) {
        int n = Math.min(cap, src.length);
        System.arraycopy(src, 0, out, off, n);
        return n;
    }

    private static int copy(String s, byte[] out, int off, int cap) {
        int n = Math.min(cap, s.length());
        for (int i = 0; i < n; i++) {
            out[off + i] = (byte) s.charAt(i);
        }
        return n;
    }

    @Override
    public int deviceName(byte[] out, int off, int cap) {
        return copy(name, out, off, cap);
    }

    @Override
    public void publicKey(byte[] out, int off) {
        System.arraycopy(publicKey, 0, out, off, 32);
    }

    @Override
    public int tunnelAddressCount() {
        return addresses.length;
    }

    @Override
    public int tunnelAddress(int i, byte[] out, int off) {
        return copy(addresses[i], out, off, 16);
    }

    @Override
    public long uptimeMs() {
        return uptime;
    }

    @Override
    public int clockTrust(byte[] out, int off, int cap) {
        return copy("trusted", out, off, cap);
    }

    @Override
    public int resetCause(byte[] out, int off, int cap) {
        return copy("watchdog", out, off, cap);
    }

    @Override
    public int peerCapacity() {
        return peers.length;
    }

    @Override
    public int peerDerpRegion(int slot) {
        return 900 + slot;
    }

    @Override
    public boolean peerStatus(int slot, WgPeerStatus out) {
        WgPeerStatus p = peers[slot];
        if (p == null) {
            return false;
        }
        System.arraycopy(p.publicKey, 0, out.publicKey, 0, 32);
        System.arraycopy(p.endpoint, 0, out.endpoint, 0, p.endpoint.length);
        out.endpointLength = p.endpointLength;
        out.rxBytes = p.rxBytes;
        out.txBytes = p.txBytes;
        out.rxPackets = p.rxPackets;
        out.txPackets = p.txPackets;
        out.lastHandshakeMs = p.lastHandshakeMs;
        out.hasSession = p.hasSession;
        return true;
    }

    @Override
    public int dropReasonCount() {
        return dropNames.length;
    }

    @Override
    public int dropReasonName(int i, byte[] out, int off, int cap) {
        return copy(dropNames[i], out, off, cap);
    }

    @Override
    public long dropCount(int i) {
        return drops[i];
    }

    public String control;
    public String authUrl;
    public long keyExpiry;
    public boolean expiringSoon;

    @Override
    public int controlState(byte[] out, int off, int cap) {
        return control == null ? 0 : copyText(control, out, off, cap);
    }

    @Override
    public int controlAuthUrl(byte[] out, int off, int cap) {
        return authUrl == null ? 0 : copyText(authUrl, out, off, cap);
    }

    @Override
    public long controlKeyExpiry() {
        return keyExpiry;
    }

    @Override
    public boolean controlKeyExpiringSoon() {
        return expiringSoon;
    }

    /** Loop histogram: upper bounds (ms, last = +Inf) and per-bucket counts; null = loop not measured. */
    public long[] loopUpperMs;
    public long[] loopCounts;
    public long loopLongestMs;
    public long loopTotalMs;

    @Override
    public int loopBucketCount() {
        return loopUpperMs == null ? 0 : loopUpperMs.length;
    }

    @Override
    public long loopBucketUpperMs(int i) {
        return loopUpperMs[i];
    }

    @Override
    public long loopBucketIterations(int i) {
        return loopCounts[i];
    }

    @Override
    public long loopLongestIterationMs() {
        return loopLongestMs;
    }

    @Override
    public long loopBusyTotalMs() {
        return loopTotalMs;
    }

    private static int copyText(String s, byte[] out, int off, int cap) {
        byte[] b = s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        int n = Math.min(b.length, cap);
        System.arraycopy(b, 0, out, off, n);
        return n;
    }
}
