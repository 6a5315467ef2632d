package io.tailnode.sim.derp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.tailnode.stun.StunReason;
import io.tailnode.stun.StunRequest;
import io.tailnode.stun.StunResponse;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The device STUN request and parser against the development STUN responder over loopback UDP. */
class DevStunServerTest {
    @Test
    void bindingReturnsOurLoopbackEndpoint() throws Exception {
        try (DevStunServer stun = DevStunServer.start();
                DatagramSocket s = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            s.setSoTimeout(5000);
            byte[] tx = NaclBox.randomBytes(12);
            byte[] req = new byte[StunRequest.LENGTH];
            StunRequest.write(tx, 0, req, 0, req.length);
            InetSocketAddress to = new InetSocketAddress(InetAddress.getLoopbackAddress(), stun.port());
            s.send(new DatagramPacket(req, req.length, to));
            DatagramPacket p = new DatagramPacket(new byte[1500], 1500);
            s.receive(p);
            StunResponse r = new StunResponse();
            assertEquals(StunReason.OK, r.parse(p.getData(), 0, p.getLength(), tx, 0));
            assertEquals(4, r.family());
            assertArrayEquals(new byte[] {127, 0, 0, 1}, Arrays.copyOf(r.address(), 4));
            assertEquals(s.getLocalPort(), r.port());
            // A stale transaction ID is refused.
            assertEquals(StunReason.TXID_MISMATCH, r.parse(p.getData(), 0, p.getLength(), new byte[12], 0));
            assertEquals(1, stun.answered());

            // Without SOFTWARE "tailnode" and FINGERPRINT the responder stays silent, as Tailscale's does.
            byte[] bare = Arrays.copyOf(req, 20);
            bare[3] = 0;
            s.setSoTimeout(300);
            s.send(new DatagramPacket(bare, bare.length, to));
            assertThrows(SocketTimeoutException.class, () -> s.receive(new DatagramPacket(new byte[1500], 1500)));
            long end = System.nanoTime() + 5_000_000_000L;
            while (stun.ignored() == 0 && System.nanoTime() < end) {
                Thread.onSpinWait();
            }
            assertEquals(1, stun.ignored());
        }
    }
}
