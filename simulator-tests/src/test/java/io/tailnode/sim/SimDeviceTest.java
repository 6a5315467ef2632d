package io.tailnode.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tailnode.firmware.hal.HalStatus;
import io.tailnode.sim.hal.UdpTransport;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ./simulate device} without a network: option and config errors, and the UDP transport on loopback. */
class SimDeviceTest {
    @TempDir
    Path dir;

    private static final String KEY = "yAnz5TF+lXXJte14tji3zlMNq+hd2rYUIgJBgB3fBmk=";

    private int run(ByteArrayOutputStream out, ByteArrayOutputStream err, String... args) throws Exception {
        return SimDevice.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void malformedConfigNamesFileAndLineAndStartsNothing() throws Exception {
        Path conf = dir.resolve("bad.conf");
        Files.writeString(conf, "[Interface]\nPrivateKey = " + KEY + "\nListenPort = 99999\n");
        Path state = dir.resolve("state");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertEquals(2, run(out, err, "--wg-config", conf.toString(), "--state", state.toString()));
        String e = err.toString(StandardCharsets.UTF_8);
        assertTrue(e.startsWith(conf + ":3: number out of range"), e);
        assertFalse(e.contains(KEY), "never quotes the line");
        assertFalse(Files.exists(state), "nothing started: no flash image");
        assertEquals("", out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void missingFileAndBadOptions() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertEquals(2, run(out, err, "--wg-config", dir.resolve("none.conf").toString()));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("none.conf"));
        err.reset();
        assertEquals(2, run(out, err, "--state", "x"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("--wg-config FILE is required"));
        err.reset();
        assertEquals(2, run(out, err, "--wg-config", "a", "--clock-rate", "0"));
        err.reset();
        assertEquals(2, run(out, err, "--wg-config", "a", "--bind", "host.example"));
    }

    @Test
    void startsOnLoopbackAndStops() throws Exception {
        Path conf = dir.resolve("ok.conf");
        Files.writeString(conf, "[Interface]\nPrivateKey = " + KEY + "\nAddress = 100.64.0.1/32\n");
        SimDevice.Options o = SimDevice.parseArgs(new String[] {"--wg-config", conf.toString(), "--state",
                dir.resolve("s").toString(), "--bind", "127.0.0.1", "--clock-rate", "10"});
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        SimDevice d = SimDevice.start(o, new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            assertTrue(d.localPort() > 0);
            String status = d.status();
            assertTrue(status.contains("public key: "), status);
            assertTrue(Files.exists(dir.resolve("s/flash.img")));
        } finally {
            d.close();
        }
        assertFalse(d.isRunning());
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("WG_LOOP_STARTED"));
    }

    @Test
    void udpTransportBothFamilies() throws Exception {
        for (String host : new String[] {"127.0.0.1", "::1"}) {
            InetAddress a = InetAddress.getByName(host);
            UdpTransport t1 = new UdpTransport(a, 0, 1500);
            UdpTransport t2 = new UdpTransport(a, 0, 1500);
            try {
                byte[] dest = new byte[19];
                int dl = UdpTransport.encodeSource(a, t2.localPort(), dest, 0);
                byte[] msg = {1, 2, 3, 4, 5};
                assertEquals(5, t1.send(msg, 0, 5, dest, 0, dl));
                byte[] buf = new byte[1500];
                byte[] src = new byte[19];
                assertEquals(5, t2.receive(buf, 0, buf.length, src, 0, 2000));
                assertEquals(a.getAddress().length == 4 ? 4 : 6, src[0]);
                assertEquals(t1.localPort(), ((src[dl - 2] & 0xff) << 8) | (src[dl - 1] & 0xff));
                assertEquals(HalStatus.ERR_WOULD_BLOCK, t2.receive(buf, 0, buf.length, src, 0, 10));
                assertEquals(HalStatus.ERR_ADDRESS, t1.send(msg, 0, 5, dest, 0, 3));
                byte[] big = new byte[1600];
                t1.send(big, 0, big.length, dest, 0, dl);
                assertEquals(HalStatus.ERR_WOULD_BLOCK, t2.receive(buf, 0, 1500, src, 0, 200));
                assertEquals(1, t2.oversized());
            } finally {
                t1.close();
                t2.close();
            }
            assertEquals(HalStatus.ERR_CLOSED, t2.receive(new byte[10], 0, 10, new byte[19], 0, 10));
        }
        assertEquals("[2001:2:0:1::2]:51820", UdpTransport.format(
                new byte[] {6, 0x20, 1, 0, 2, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 2, (byte) 0xca, 0x6c}, 0, 19));
    }
}
