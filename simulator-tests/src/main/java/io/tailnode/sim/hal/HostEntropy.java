package io.tailnode.sim.hal;

import io.tailnode.firmware.hal.Entropy;
import java.security.SecureRandom;

/** The simulator's TRNG: the host's SecureRandom (the firmware still conditions it through its DRBG). */
public final class HostEntropy implements Entropy {
    private final SecureRandom random = new SecureRandom();

    @Override
    public int fill(byte[] buf, int off, int len) {
        byte[] tmp = new byte[len];
        random.nextBytes(tmp);
        System.arraycopy(tmp, 0, buf, off, len);
        return len;
    }
}
