package io.tailnode.control.client;

/**
 * The capability version the device speaks (tailscale-protocol.md §2.8): one build constant that goes into the
 * Noise initiation header and prologue, {@code /key?v=}, RegisterRequest.Version and MapRequest.Version.
 * 130 is what tailscale-rs runs with against the hosted service and Headscale CI; Headscale 0.29 accepts 113 and
 * up. Raising it promises the semantics in the §2.8 table: re-read the history list before bumping.
 */
public final class CapabilityVersion {
    public static final int CURRENT = 130;

    private CapabilityVersion() {
    }
}
