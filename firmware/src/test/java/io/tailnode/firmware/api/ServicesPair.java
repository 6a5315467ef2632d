package io.tailnode.firmware.api;

import io.tailnode.firmware.services.DeviceServices;
import io.tailnode.firmware.services.ServicesConfig;

/**
 * Two {@link DeviceServices} back to back in memory (no WireGuard): 100.64.0.1 (a) and 100.64.0.2 (b). Each
 * {@link #step} runs both services once (as one loop iteration would: service, then output) and carries every
 * inner packet across. No allocation per step.
 */
final class ServicesPair {
    static final byte[] A = {100, 64, 0, 1};
    static final byte[] B = {100, 64, 0, 2};
    final DeviceServices a;
    final DeviceServices b;
    final byte[] pkt = new byte[1500];
    long now = 1000;

    ServicesPair() {
        a = node(A, 1);
        b = node(B, 2);
    }

    private static DeviceServices node(byte[] addr, int seed) {
        ServicesConfig sc = new ServicesConfig();
        sc.ip.mtu = 1280;
        byte[] secret = new byte[32];
        secret[0] = (byte) seed;
        DeviceServices s = new DeviceServices(sc, secret, 0, null);
        s.setAddressV4(addr, 0);
        return s;
    }

    void step() {
        now++;
        a.service(now);
        carry(a, b);
        b.service(now);
        carry(b, a);
    }

    void steps(int n) {
        for (int i = 0; i < n; i++) {
            step();
        }
    }

    private void carry(DeviceServices from, DeviceServices to) {
        for (int k = 0; k < 256; k++) {
            int n = from.poll(now, pkt, 0, pkt.length);
            if (n <= 0) {
                return;
            }
            to.receive(pkt, 0, n, now);
        }
    }
}
