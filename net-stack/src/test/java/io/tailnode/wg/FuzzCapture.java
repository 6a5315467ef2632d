package io.tailnode.wg;

import io.tailnode.testing.Fuzz;
import io.tailnode.wg.DeviceNet.Node;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The deterministic two-device exchange whose datagrams seed the wire and receive fuzz targets: a handshake
 * under load (initiation, cookie reply, initiation with mac2, response), data both ways (IPv4 and IPv6, 100 and
 * 1420 bytes) and a keepalive. Fixed keys, seeds and virtual time, so the committed corpus files under
 * {@code fuzz/receive/} are exactly what {@link #build()} captures (regenerate them with
 * {@code -Dfuzz.writeSeeds=true}).
 */
final class FuzzCapture {
    static final String A4 = "100.64.0.1";
    static final String B4 = "100.64.0.2";
    static final String A6 = "fd7a:115c:a1e0::1";
    static final String B6 = "fd7a:115c:a1e0::2";

    final DeviceNet net = new DeviceNet();
    final Node a;
    final Node b;

    private FuzzCapture() {
        a = net.node("a", 11, DeviceNet.v4addr(198, 18, 0, 1, 51820));
        b = net.node("b", 22, DeviceNet.v4addr(198, 18, 0, 2, 51820));
    }

    static FuzzCapture build() {
        FuzzCapture c = new FuzzCapture();
        Node a = c.a;
        Node b = c.b;
        DeviceNet net = c.net;
        DeviceNet.connect(a, b, null, B4 + "/32", B6 + "/128");
        DeviceNet.connect(b, a, null, A4 + "/32", A6 + "/128");
        b.dev.setUnderLoad(true);
        net.send(a, Ip.packet(A4, B4, 100, 1));
        net.advance(6_000);
        b.dev.setUnderLoad(false);
        net.send(b, Ip.packet(B4, A4, 100, 2));
        net.send(a, Ip.packet(A4, B4, 1420, 3));
        net.send(a, Ip.packet(A6, B6, 200, 4));
        net.send(b, Ip.packet(B6, A6, 64, 5));
        // b only receives for 10 s: it sends a keepalive.
        net.send(a, Ip.packet(A4, B4, 64, 6));
        net.advance(11_000);
        for (Node n : net.nodes) {
            net.drain(n);
        }
        if (b.tunnel.size() != 4 || a.tunnel.size() != 2) {
            throw new IllegalStateException("capture exchange broke: " + b.tunnel.size() + "/" + a.tunnel.size());
        }
        return c;
    }

    /** Everything both devices put on the wire, in order (a's first, then b's). */
    List<byte[]> datagrams() {
        List<byte[]> out = new ArrayList<>(a.sent);
        out.addAll(b.sent);
        return out;
    }

    static String kind(byte[] d) {
        switch (d[0]) {
            case 1:
                return "initiation";
            case 2:
                return "response";
            case 3:
                return "cookie-reply";
            case 4:
                return d.length == 32 ? "keepalive" : "transport-" + d.length;
            default:
                return "unknown";
        }
    }

    /** Writes the capture as seed files {@code NN-<from>-<kind>.hex} into {@code folder}. */
    void writeSeeds(Path folder) {
        int i = 0;
        for (Node n : List.of(a, b)) {
            for (byte[] d : n.sent) {
                String name = String.format("%02d-%s-%s", i++, n.name, kind(d));
                Fuzz.writeHex(folder, name, "FuzzCapture: datagram " + name + " (" + d.length + " B)", d);
            }
        }
    }
}
