package io.tailnode.firmware.derp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tailnode.derp.DerpClient;
import io.tailnode.firmware.hal.HalStatus;
import io.tailnode.firmware.hal.TlsTransport;
import org.junit.jupiter.api.Test;

/**
 * {@link DerpDriver} over in-memory TLS transports (virtual clock): which verification each node is dialled with
 * (map pin, map CertName, device pin as fallback or override, HostName), what happens when the certificate does not
 * verify or the platform cannot pin, and the non-blocking dial: CONNECTING polled each iteration, a dial that
 * never answers fails at the dial timeout and the client's backoff spaces the retries.
 */
class DerpDriverTest {
    static final byte[] PIN = DriverRig.pin(0x10);
    static final byte[] OTHER_PIN = DriverRig.pin(0x60);

    @Test
    void aMapPinIsDialledInPinModeWithTheHostNameAsSni() {
        DriverRig r = new DriverRig(null);
        r.map(DriverRig.REGION, "relay.example", DriverRig.pinText(PIN), "198.18.0.7", 8443);
        System.arraycopy(PIN, 0, r.home().certificatePin, 0, 32);
        r.untilConnected();
        MemoryTlsRelay t = r.home();
        assertEquals(1, t.connects);
        assertEquals(TlsTransport.VERIFY_PIN_SHA256, t.lastMode);
        assertArrayEquals(PIN, t.lastPin);
        assertEquals("relay.example", t.lastName());
        assertEquals(8443, t.lastPort);
        assertArrayEquals(new byte[] {4, (byte) 198, 18, 0, 7}, t.lastAddr);
        r.iterate(2);
        assertEquals(1, t.notePreferred, "home region: NotePreferred after login");
        assertEquals(0, r.driver.slotError(0));
    }

    @Test
    void aWrongPinIsRefusedCountedAndRetriedOnTheBackoff() {
        DriverRig r = new DriverRig(null);
        r.map(DriverRig.REGION, "relay.example", DriverRig.pinText(OTHER_PIN), "198.18.0.7", 443);
        System.arraycopy(PIN, 0, r.home().certificatePin, 0, 32);
        long start = r.now;
        r.iterate(1);
        assertEquals(1, r.driver.dials());
        assertEquals(1, r.driver.certificateFailures());
        assertEquals(TlsTransport.ERR_CERTIFICATE, r.driver.lastDialError());
        assertEquals(TlsTransport.ERR_CERTIFICATE, r.driver.slotError(0));
        assertFalse(r.driver.isConnected(DriverRig.REGION));
        assertEquals(DerpClient.STATE_CLOSED, r.clients[0].state());
        assertTrue(r.home().closes >= 1, "the failed transport is closed");
        assertEquals(start + DerpClient.BACKOFF_INITIAL_MS, r.clients[0].reconnectAt());
        assertEquals(start + DerpClient.BACKOFF_INITIAL_MS, r.driver.nextDeadline(r.now));
        // nothing until the backoff is due, then one more refused dial and a doubled backoff
        r.now = start + DerpClient.BACKOFF_INITIAL_MS - 1;
        r.iterate(1);
        assertEquals(1, r.driver.dials());
        r.iterate(1);
        assertEquals(2, r.driver.dials());
        assertEquals(2, r.driver.certificateFailures());
        assertEquals(r.now - 1 + 2 * DerpClient.BACKOFF_INITIAL_MS, r.clients[0].reconnectAt());
        assertEquals(0, r.home().notePreferred, "no DERP byte reached a relay that did not verify");
    }

    @Test
    void withoutCertNameTheNodeIsDialledInChainModeWithItsHostName() {
        DriverRig r = new DriverRig(null);
        r.map(DriverRig.REGION, "derp9.example", null, "198.18.0.9", 443);
        r.home().trustName("derp9.example");
        r.untilConnected();
        assertEquals(TlsTransport.VERIFY_CHAIN, r.home().lastMode);
        assertEquals("derp9.example", r.home().lastName());
    }

    @Test
    void aCertNameThatIsANameIsTheVerificationName() {
        DriverRig r = new DriverRig(null);
        r.map(DriverRig.REGION, "198.18.0.9", "derp9.example", "198.18.0.9", 443);
        r.home().trustName("derp9.example");
        r.untilConnected();
        assertEquals(TlsTransport.VERIFY_CHAIN, r.home().lastMode);
        assertEquals("derp9.example", r.home().lastName());
    }

    @Test
    void theDevicePinIsTheFallbackForNodesWithoutCertNameUnlessItOverrides() {
        DriverRig r = new DriverRig(PIN);
        System.arraycopy(PIN, 0, r.home().certificatePin, 0, 32);
        // no CertName: the device pin applies
        r.map(DriverRig.REGION, "relay.example", null, "198.18.0.7", 443);
        r.untilConnected();
        assertEquals(TlsTransport.VERIFY_PIN_SHA256, r.home().lastMode);
        assertArrayEquals(PIN, r.home().lastPin);

        // the map's own pin wins over the fallback
        DriverRig m = new DriverRig(PIN);
        System.arraycopy(OTHER_PIN, 0, m.home().certificatePin, 0, 32);
        m.map(DriverRig.REGION, "relay.example", DriverRig.pinText(OTHER_PIN), "198.18.0.7", 443);
        m.untilConnected();
        assertArrayEquals(OTHER_PIN, m.home().lastPin);

        // ... and a map CertName name too
        DriverRig n = new DriverRig(PIN);
        n.map(DriverRig.REGION, "198.18.0.7", "derp.example", "198.18.0.7", 443);
        n.home().trustName("derp.example");
        n.untilConnected();
        assertEquals(TlsTransport.VERIFY_CHAIN, n.home().lastMode);

        // override: the device pin for every node whatever the map says
        DriverRig o = new DriverRig(PIN);
        o.driver.setDevicePinOverrides(true);
        System.arraycopy(PIN, 0, o.home().certificatePin, 0, 32);
        o.map(DriverRig.REGION, "relay.example", DriverRig.pinText(OTHER_PIN), "198.18.0.7", 443);
        o.untilConnected();
        assertEquals(TlsTransport.VERIFY_PIN_SHA256, o.home().lastMode);
        assertArrayEquals(PIN, o.home().lastPin);
    }

    @Test
    void aPinnedNodeIsSkippedWhereThePlatformCannotPin() {
        DriverRig r = new DriverRig(null);
        r.home().canPin = false;
        r.map(DriverRig.REGION, "relay.example", DriverRig.pinText(PIN), "198.18.0.7", 443);
        long start = r.now;
        r.iterate(3);
        assertEquals(0, r.home().connects, "never dialled (and never unverified)");
        assertEquals(0, r.driver.dials());
        assertEquals(1, r.driver.pinSkips());
        assertEquals(TlsTransport.ERR_PIN_UNSUPPORTED, r.driver.slotError(0));
        assertEquals(start + DerpClient.BACKOFF_INITIAL_MS, r.clients[0].reconnectAt(), "re-checked on the backoff");
        // A map without CertName for that region is dialled (chain mode) at the next attempt.
        r.map(DriverRig.REGION, "relay.example", null, "198.18.0.7", 443);
        r.home().trustName("relay.example");
        r.now = start + DerpClient.BACKOFF_INITIAL_MS;
        r.untilConnected();
        assertEquals(TlsTransport.VERIFY_CHAIN, r.home().lastMode);

        // The integrator provisioned the relays' certificates as trust anchors: chain mode with HostName.
        DriverRig c = new DriverRig(null);
        c.home().canPin = false;
        c.driver.setChainWhenPinUnsupported(true);
        c.map(DriverRig.REGION, "relay.example", DriverRig.pinText(PIN), "198.18.0.7", 443);
        c.home().trustName("relay.example");
        c.untilConnected();
        assertEquals(TlsTransport.VERIFY_CHAIN, c.home().lastMode);
        assertEquals("relay.example", c.home().lastName());
        assertEquals(0, c.driver.pinSkips());
    }

    @Test
    void aDialIsPolledEachIterationAndNeverWaitedFor() {
        DriverRig r = new DriverRig(null);
        r.map(DriverRig.REGION, "relay.example", DriverRig.pinText(PIN), "198.18.0.7", 443);
        System.arraycopy(PIN, 0, r.home().certificatePin, 0, 32);
        r.home().pollsUntilAnswer = 4;
        r.iterate(1);
        assertTrue(r.driver.isDialing(0));
        assertEquals(DerpClient.STATE_IDLE, r.clients[0].state(), "the login waits for TLS");
        long d = r.driver.nextDeadline(r.now);
        assertTrue(d > r.now && d <= r.now + DriverRig.POLL_MS, "polled again soon, not spinning: " + (d - r.now));
        r.iterate(3);
        assertFalse(r.driver.isDialing(0));
        assertTrue(r.clients[0].state() != DerpClient.STATE_IDLE, "TLS up: the DERP login started");
        r.untilConnected();
        assertEquals(1, r.home().connects);
    }

    @Test
    void aDialThatNeverAnswersTimesOutAndIsRetriedWithBackoff() {
        DriverRig r = new DriverRig(null);
        r.map(DriverRig.REGION, "relay.example", DriverRig.pinText(PIN), "198.18.0.7", 443);
        r.home().behaviour = MemoryTlsRelay.STALL;
        long start = r.now;
        r.driver.onIteration(start);
        assertTrue(r.driver.isDialing(0));
        // one ms before the timeout: still dialling, nothing counted
        r.driver.onIteration(start + DriverRig.DIAL_TIMEOUT_MS - 1);
        assertTrue(r.driver.isDialing(0));
        assertEquals(0, r.driver.dialFailures());
        long t = start + DriverRig.DIAL_TIMEOUT_MS;
        r.driver.onIteration(t);
        assertFalse(r.driver.isDialing(0));
        assertEquals(1, r.driver.dialTimeouts());
        assertEquals(1, r.driver.dialFailures());
        assertEquals(TlsTransport.ERR_DIAL_TIMEOUT, r.driver.slotError(0));
        assertEquals(1, r.home().closes, "the stalled dial is abandoned");
        assertEquals(t + DerpClient.BACKOFF_INITIAL_MS, r.clients[0].reconnectAt());
        r.driver.onIteration(t + DerpClient.BACKOFF_INITIAL_MS);
        assertEquals(2, r.home().connects, "retried when the backoff is due");
        long t2 = t + DerpClient.BACKOFF_INITIAL_MS + DriverRig.DIAL_TIMEOUT_MS;
        r.driver.onIteration(t2);
        assertEquals(2, r.driver.dialTimeouts());
        assertEquals(t2 + 2 * DerpClient.BACKOFF_INITIAL_MS, r.clients[0].reconnectAt(), "the backoff doubles");
    }

    @Test
    void aTcpFailureKeepsTheTransportsCode() {
        DriverRig r = new DriverRig(null);
        r.map(DriverRig.REGION, "relay.example", null, "198.18.0.7", 443);
        r.home().behaviour = MemoryTlsRelay.FAIL;
        r.home().failCode = HalStatus.ERR_IO;
        r.iterate(1);
        assertEquals(HalStatus.ERR_IO, r.driver.lastDialError());
        assertEquals(0, r.driver.certificateFailures());
        r.home().failCode = TlsTransport.ERR_HANDSHAKE;
        r.now += DerpClient.BACKOFF_INITIAL_MS;
        r.iterate(1);
        assertEquals(TlsTransport.ERR_HANDSHAKE, r.driver.slotError(0));
        assertEquals(2, r.driver.dialFailures());
    }
}
