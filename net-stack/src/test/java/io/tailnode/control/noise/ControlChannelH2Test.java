package io.tailnode.control.noise;

import static io.tailnode.control.noise.ControlHandshakeTest.CLIENT_E;
import static io.tailnode.control.noise.ControlHandshakeTest.MACHINE;
import static io.tailnode.control.noise.ControlHandshakeTest.SERVER;
import static io.tailnode.control.noise.ControlHandshakeTest.SERVER_E;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tailnode.control.h2.H2Client;
import io.tailnode.control.h2.H2Config;
import io.tailnode.control.h2.H2Listener;
import io.tailnode.control.h2.HeaderList;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * Plumbing: the HTTP/2 client as the channel's sink (§2.4). The server's early payload is skipped and its
 * SETTINGS frame reaches H2Client; the client's preface and SETTINGS go out sealed and open at the responder.
 */
class ControlChannelH2Test {
    @Test
    void h2ClientRunsOverTheChannel() {
        H2Listener quiet = new H2Listener() {
            @Override
            public void onHeaders(int streamId, HeaderList headers, boolean endStream) {
            }

            @Override
            public void onData(int streamId, int buffered, boolean endStream) {
            }

            @Override
            public void onStreamReset(int streamId, int errorCode, boolean byPeer) {
            }

            @Override
            public void onGoAway(int lastStreamId, int errorCode) {
            }

            @Override
            public void onPingAck(long opaque) {
            }
        };
        H2Client h2 = new H2Client(new H2Config(), quiet);
        TestResponder server = new TestResponder(SERVER);
        ControlHandshake hs = new ControlHandshake();
        ControlChannel ch = new ControlChannel(hs, h2::receive);
        byte[] init = new byte[101];
        hs.begin(MACHINE, 0, server.staticPub, 0, 145, CLIENT_E, 0, init, 0, 101);
        byte[] resp = server.respond(init, SERVER_E);
        assertEquals(51, ch.receive(resp, 0, 51));

        byte[] h2out = new byte[4096];
        int n = h2.poll(h2out, 0, h2out.length);
        byte[] wire = new byte[ControlWire.sealedLength(n)];
        assertEquals(wire.length, ch.write(h2out, 0, n, wire, 0, wire.length));
        byte[] atServer = server.openAll(wire, wire.length);
        assertTrue(new String(atServer, StandardCharsets.ISO_8859_1).startsWith("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"));

        byte[] early = server.seal(TestResponder.earlyPayload("{\"nodeKeyChallenge\":\"chalpub:" + "00".repeat(32) + "\"}"));
        byte[] settings = server.seal(new byte[] {0, 0, 0, 4, 0, 0, 0, 0, 0});
        byte[] both = Arrays.copyOf(early, early.length + settings.length);
        System.arraycopy(settings, 0, both, early.length, settings.length);
        assertEquals(both.length, ch.receive(both, 0, both.length));
        assertTrue(h2.settingsReceived());
        assertEquals(H2Client.STATE_OPEN, h2.state());
        assertTrue(ch.earlyPayloadLength() > 0);
    }
}
