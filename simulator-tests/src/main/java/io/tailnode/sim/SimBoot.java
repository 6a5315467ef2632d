package io.tailnode.sim;

import io.tailnode.firmware.DevicePlatform;
import io.tailnode.firmware.config.DeviceConfig;
import io.tailnode.firmware.hal.HalStatus;
import io.tailnode.firmware.log.LogEvents;
import io.tailnode.firmware.log.Logger;
import io.tailnode.sim.hal.HostClock;
import io.tailnode.sim.hal.HostEntropy;
import io.tailnode.sim.hal.SimFlashImage;
import io.tailnode.sim.hal.StdoutLogSink;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.HexFormat;

/**
 * {@code ./simulate boot --state DIR [--name NAME] [--untrusted-wall]}: boots the device platform on host HALs
 * with its flash image at {@code DIR/flash.img} (created blank on first use, provisioned with
 * {@code ./simulate provision --image DIR/flash.img}). Prints the public identity; private keys never leave the
 * image. Running it twice shows the keys persisting.
 */
public final class SimBoot {
    /** Lower bound for the clock at first boot: no simulator build predates this (2026-01-01T00:00:00Z). */
    static final long BUILD_TIME_UNIX_MS = 1767225600000L;

    private SimBoot() {
    }

    public static void main(String[] args) throws IOException {
        System.exit(run(args, System.out, System.err));
    }

    public static int run(String[] args, PrintStream out, PrintStream err) throws IOException {
        Path state = null;
        String name = "device";
        boolean untrusted = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--state" -> state = Path.of(args[++i]);
                case "--name" -> name = args[++i];
                case "--untrusted-wall" -> untrusted = true;
                default -> {
                    err.println("boot: unknown option " + args[i]);
                    return 2;
                }
            }
        }
        if (state == null) {
            err.println("usage: ./simulate boot --state DIR [--name NAME] [--untrusted-wall]");
            return 2;
        }
        SimFlashImage image = SimFlashImage.open(state.resolve("flash.img"));
        DeviceConfig config = new DeviceConfig();
        Logger log = new Logger(new StdoutLogSink(out, name), LogEvents.TAGS, 120, config.logLevel(), config.logBurst(),
                config.logRefillMillis());
        HostClock clock = new HostClock(1.0, 0, !untrusted);
        DevicePlatform platform = new DevicePlatform(image, new HostEntropy(), clock, log, config, BUILD_TIME_UNIX_MS);
        int status = platform.boot();
        if (status != HalStatus.OK) {
            err.println("boot: failed with code " + status);
            return 1;
        }
        byte[] key = new byte[32];
        platform.nodePublicKey(key, 0);
        out.println(name + " | node key    nodekey:" + HexFormat.of().formatHex(key));
        platform.machinePublicKey(key, 0);
        out.println(name + " | machine key mkey:" + HexFormat.of().formatHex(key));
        long floor = platform.tai64n().floorMillis();
        out.println(name + " | provisioned " + platform.isProvisioned() + ", clock floor "
                + (floor == Long.MIN_VALUE ? "none yet (written when the first timestamp is handed out)" : floor));
        return 0;
    }
}
