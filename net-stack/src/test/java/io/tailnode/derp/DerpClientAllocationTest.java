package io.tailnode.derp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tailnode.crypto.CryptoBox;
import io.tailnode.lang.Bytes;
import io.tailnode.testing.AllocationMeter;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * Runs in the allocation JVM (escape analysis off): two logged-in clients relay packets through an in-memory
 * relay (SendPacket rewritten to RecvPacket in a preallocated buffer); 0 bytes per relayed packet, whole frames
 * (decoded in place) and frames split across reads (reassembled), plus Ping → Pong and KeepAlive.
 */
class DerpClientAllocationTest {
    /** Counts without allocating. */
    static final class CountingListener implements DerpListener {
        long packets;
        long bytes;

        @Override
        public void onConnected() {
        }

        @Override
        public void onPacket(byte[] src, int srcOff, byte[] pkt, int off, int len) {
            packets++;
            bytes += len;
        }

        @Override
        public void onPeerGone(byte[] key, int keyOff, int reason) {
        }

        @Override
        public void onHealth(byte[] text, int off, int len) {
        }

        @Override
        public void onRestarting(long reconnectInMs, long tryForMs) {
        }

        @Override
        public void onPong(byte[] data, int off) {
        }
    }

    static final byte[] A_PRIV = ScriptedServer.fill(32, 0x21);
    static final byte[] B_PRIV = ScriptedServer.fill(32, 0x41);
    static final byte[] A_PUB = BcBox.publicKey(A_PRIV);
    static final byte[] B_PUB = BcBox.publicKey(B_PRIV);
    static final byte[] HOST = "derp.test".getBytes(StandardCharsets.US_ASCII);

    final CountingListener aEvents = new CountingListener();
    final CountingListener bEvents = new CountingListener();
    final DerpClient a = new DerpClient(new CryptoBox(), new CountingRandom(), aEvents, 1500, 8192, 64);
    final DerpClient b = new DerpClient(new CryptoBox(), new CountingRandom(), bEvents, 1500, 8192, 64);
    final byte[] relay = new byte[8192];
    final byte[] packet = new byte[1420];

    DerpClientAllocationTest() {
        a.setNodeKey(A_PRIV, 0, A_PUB, 0);
        b.setNodeKey(B_PRIV, 0, B_PUB, 0);
        login(a);
        login(b);
    }

    static void login(DerpClient c) {
        ScriptedServer s = new ScriptedServer();
        c.connect(HOST, 0, HOST.length, 0);
        c.consumeOutput(c.outputLength());
        byte[] in = ScriptedServer.concat(ScriptedServer.upgradeHeaders(true), ScriptedServer.serverKeyFrame());
        c.receive(in, 0, in.length, 0);
        s.acceptClientInfo(Arrays.copyOf(c.outputBuffer(), c.outputLength()), 0);
        c.consumeOutput(c.outputLength());
        byte[] si = s.serverInfoFrame();
        c.receive(si, 0, si.length, 0);
        if (c.state() != DerpClient.STATE_OPEN) {
            throw new AssertionError("login failed");
        }
    }

    /** A sends to B; the "relay" turns A's SendPacket into B's RecvPacket from A. */
    private void relayOne(boolean split) {
        a.send(B_PUB, 0, packet, 0, packet.length);
        byte[] out = a.outputBuffer();
        int n = a.outputLength();
        System.arraycopy(out, 0, relay, 0, n);
        a.consumeOutput(n);
        relay[0] = DerpWire.RECV_PACKET;
        System.arraycopy(A_PUB, 0, relay, DerpWire.HEADER, 32);
        if (split) {
            b.receive(relay, 0, 700, 0);
            b.receive(relay, 700, n - 700, 0);
        } else {
            b.receive(relay, 0, n, 0);
        }
    }

    @Test
    void relayedPacketAllocatesNothing() {
        assertEquals(0, AllocationMeter.bytesPerCall(() -> relayOne(false), 2000, 5000));
        assertEquals(0, AllocationMeter.bytesPerCall(() -> relayOne(true), 2000, 5000));
        assertEquals(14000, bEvents.packets);
        assertEquals(14000L * 1420, bEvents.bytes);
        assertEquals(DerpClient.STATE_OPEN, b.state());
    }

    @Test
    void pingPongAndKeepAliveAllocateNothing() {
        byte[] frames = ScriptedServer.concat(ScriptedServer.frame(0x12, new byte[8]), ScriptedServer.frame(6, new byte[0]));
        long per = AllocationMeter.bytesPerCall(() -> {
            b.receive(frames, 0, frames.length, 0);
            b.consumeOutput(b.outputLength());
        }, 2000, 5000);
        assertEquals(0, per);
        Bytes.wipe(relay, 0, 1);
    }

    @Test
    void reconnectAndLoginAllocateNothing() {
        // The server's bytes do not depend on the client's nonce: precompute them once.
        byte[] hello = ScriptedServer.concat(ScriptedServer.upgradeHeaders(true), ScriptedServer.serverKeyFrame());
        ScriptedServer s = new ScriptedServer();
        b.transportClosed(0);
        b.connect(HOST, 0, HOST.length, 0);
        b.consumeOutput(b.outputLength());
        b.receive(hello, 0, hello.length, 0);
        s.acceptClientInfo(Arrays.copyOf(b.outputBuffer(), b.outputLength()), 0);
        byte[] info = s.serverInfoFrame();
        b.receive(info, 0, info.length, 0);
        long per = AllocationMeter.bytesPerCall(() -> {
            b.transportClosed(0);
            b.connect(HOST, 0, HOST.length, 0);
            b.consumeOutput(b.outputLength());
            b.receive(hello, 0, hello.length, 0);
            b.consumeOutput(b.outputLength());
            b.receive(info, 0, info.length, 0);
            if (b.state() != DerpClient.STATE_OPEN) {
                throw new AssertionError("login failed");
            }
        }, 200, 500);
        assertEquals(0, per);
    }
}
