package io.tailnode.bench;

import io.tailnode.control.json.MapFrameReader;
import io.tailnode.control.json.MapResponseScanner;
import io.tailnode.control.map.NetmapApplier;
import io.tailnode.control.map.NetmapConfig;
import io.tailnode.crypto.Tai64n;
import io.tailnode.crypto.X25519;
import io.tailnode.sim.footprint.ConfiguredClient;
import io.tailnode.sim.footprint.GeneratedNetmap;
import io.tailnode.wg.WgDeviceConfig;
import io.tailnode.wg.WireGuardDevice;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A full MapResponse of 1,000 or 10,000 SaaS-shaped peers (GeneratedNetmap: Hostinfo, Tags, CapMap... to skip)
 * streamed through the device's map path into a 16-peer table: MapFrameReader, MapResponseScanner with a 4 KiB
 * JSON value buffer (ConfiguredClient.PARSE_BUFFER, the device's), NetmapApplier, WireGuardDevice. Fed in
 * 1400-byte pieces as TCP would hand them over. One operation = one whole map; the first one filled the table,
 * later ones parse everything and find nothing to change (the server's periodic full map). B/op divided by the
 * peer count is the bytes allocated per netmap peer.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(5)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class NetmapBenchmark {
    static final int TABLE = 16;
    static final int PIECE = 1400;

    @Param({"1000", "10000"})
    public int peers;

    private byte[] stream;
    private MapFrameReader reader;
    private NetmapApplier applier;

    @Setup
    public void setup() {
        WgDeviceConfig wc = new WgDeviceConfig();
        wc.maxPeers = TABLE;
        wc.maxAllowedIps = TABLE * 4;
        SplittableRandom r = new SplittableRandom(21);
        byte[] key = Inputs.bytes(32, 22);
        WireGuardDevice wg = new WireGuardDevice(key, 0, wc, new X25519(), (b, off, len) -> {
            for (int i = 0; i < len; i++) {
                b[off + i] = (byte) r.nextInt(256);
            }
        }, max -> 0, (o, off, mono) -> {
            Tai64n.encode(1_800_000_000_000L + mono, 0, false, o, off);
            return 12;
        });
        NetmapConfig nc = new NetmapConfig();
        nc.maxPeers = TABLE;
        nc.maxAddresses = 2;
        nc.maxAllowedIps = 4;
        nc.maxEndpoints = 4;
        applier = new NetmapApplier(nc, wg);
        MapResponseScanner scanner = new MapResponseScanner(ConfiguredClient.PARSE_BUFFER, nc.maxAddresses,
                nc.maxAllowedIps, nc.maxEndpoints, 64, applier);
        reader = new MapFrameReader(Integer.MAX_VALUE, scanner);
        stream = GeneratedNetmap.framed(peers);
        if (apply() != 0 || applier.peers().size() != TABLE || applier.refused() != peers - TABLE
                || applier.dropped() != 0) {
            throw new IllegalStateException("the map did not fill the table: size " + applier.peers().size()
                    + ", refused " + applier.refused() + ", dropped " + applier.dropped());
        }
    }

    private int apply() {
        byte[] s = stream;
        for (int off = 0; off < s.length; off += PIECE) {
            int r = reader.feed(s, off, Math.min(PIECE, s.length - off));
            if (r < 0) {
                return r;
            }
        }
        return 0;
    }

    @Benchmark
    public long fullMap_ours() {
        if (apply() != 0) {
            throw new IllegalStateException("map refused");
        }
        return applier.framesApplied();
    }
}
