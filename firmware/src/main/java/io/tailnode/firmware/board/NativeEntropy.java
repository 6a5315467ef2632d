package io.tailnode.firmware.board;

import io.tailnode.firmware.hal.Entropy;
import io.tailnode.firmware.hal.HalStatus;

/** {@link Entropy} from the MCU's TRNG (STM32 RNG, nRF91 CryptoCell-310), health flags reported, not hidden. */
public final class NativeEntropy implements Entropy {
    @Override
    public int fill(byte[] buf, int off, int len) {
        if (!NativeFlash.window(buf, off, len)) {
            return HalStatus.ERR_RANGE;
        }
        return BoardNatives.entropyFill(buf, off, len);
    }
}
