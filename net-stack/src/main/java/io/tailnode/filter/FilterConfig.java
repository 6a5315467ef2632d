package io.tailnode.filter;

/**
 * Capacities of the packet filter; everything is allocated from these at construction. Plain fields with
 * defaults sized for a device whose control server pre-reduces the policy to the rules that concern it
 * (Headscale and the hosted service do): memory in docs/packet-filter.md and {@link FilterTable#bytesFor}.
 */
public final class FilterConfig {
    /** Compiled rules kept. */
    public int maxRules = 32;
    /** Source ranges kept over all rules ("*" takes two: IPv4 and IPv6). */
    public int maxSources = 256;
    /** Destination ranges with their port range, over all rules ("*" takes two). */
    public int maxDestinations = 64;
    /** Outbound flows tracked for replies (Go keeps an LRU of 512). */
    public int maxFlows = 64;
    /** A tracked flow with no packet either way for this long no longer lets replies in. */
    public long flowTimeoutMs = 120000;
    /** Named filter sets (PacketFilters keys; "base" is one). */
    public int maxSets = 4;
    /** Longest set name kept, bytes. */
    public int maxSetName = 32;

    public FilterConfig() {
    }

    /** @throws IllegalArgumentException on a bad value */
    public void validate() {
        if (maxRules < 1 || maxSources < 2 || maxDestinations < 2 || maxFlows < 1 || flowTimeoutMs < 1
                || maxSets < 1 || maxSetName < 4) {
            throw new IllegalArgumentException("filter capacity");
        }
    }
}
