package io.tailnode.ip.tcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import org.junit.jupiter.api.Test;

/** RFC 6298 estimator arithmetic, Karn's rule, backoff cap; RFC 5681 / 6928 window arithmetic. */
class TcpRetransmitTest {
    @Test
    void firstAndLaterSamplesFollowRfc6298() {
        TcpRetransmit r = new TcpRetransmit(200, 60_000);
        r.reset(1240);
        assertEquals(1000, r.rto);
        r.onSend(100, 0);
        r.onAckAdvance(101, 400);
        assertEquals(400, r.srtt);
        assertEquals(200, r.rttvar);
        assertEquals(1200, r.rto);
        r.onSend(200, 1000);
        r.onAckAdvance(201, 1200);
        // RTTVAR = 3/4*200 + 1/4*|400-200| = 200; SRTT = 7/8*400 + 1/8*200 = 375; RTO = 375 + 800.
        assertEquals(375, r.srtt);
        assertEquals(200, r.rttvar);
        assertEquals(1175, r.rto);
    }

    @Test
    void karnDiscardsSamplesOfRetransmittedSegments() {
        TcpRetransmit r = new TcpRetransmit(200, 60_000);
        r.reset(1240);
        r.onSend(100, 0);
        r.onRetransmit();
        r.onAckAdvance(101, 5000);
        assertFalse(r.haveSample);
        assertEquals(1000, r.rto);
    }

    @Test
    void backoffDoublesToTheCapAndCollapsesTheWindow() {
        TcpRetransmit r = new TcpRetransmit(200, 3000);
        r.reset(1000);
        assertEquals(10_000, r.cwnd);
        r.onTimeout(8000, 1000);
        assertEquals(2000, r.rto);
        assertEquals(1000, r.cwnd);
        assertEquals(4000, r.ssthresh);
        r.onTimeout(1000, 1000);
        assertEquals(3000, r.rto);
        assertEquals(2000, r.ssthresh);
    }

    @Test
    void fastRecoveryInflatesBySsthreshPlusThreeSegments() {
        TcpRetransmit r = new TcpRetransmit(200, 60_000);
        r.reset(1000);
        r.enterRecovery(10_000, 1000, 12345);
        assertEquals(5000, r.ssthresh);
        assertEquals(8000, r.cwnd);
        assertEquals(12345, r.recover);
        assertEquals(14600, TcpRetransmit.initialWindow(1460));
        assertEquals(12400, TcpRetransmit.initialWindow(1240));
    }
}
