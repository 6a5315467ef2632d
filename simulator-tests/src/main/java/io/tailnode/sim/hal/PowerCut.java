package io.tailnode.sim.hal;

/**
 * Thrown by {@link SimFlash} at the armed cut and by every operation after it: the device code stops where it
 * was, as at power loss. Tests catch it at the top, then "reboot" (a new store on the same flash).
 */
public final class PowerCut extends RuntimeException {
    public PowerCut(String where) {
        super(where, null, false, false);
    }
}
