package io.tailnode.control.json;

/**
 * What {@link MapResponseScanner} reports about MapResponse.PacketFilter and MapResponse.PacketFilters (shared
 * tailscale-protocol.md §2.6, §5.3), streamed element by element so a rule of any size costs the scanner no
 * memory. Frame boundaries and the all-or-nothing decision come through {@link MapResponseVisitor#frameStart} /
 * {@link MapResponseVisitor#frameEnd} (a consumer of both implements both; {@link MapVisitorFanOut} shares the
 * MapResponseVisitor events with the netmap). The scanner reports structure; the consumer applies the semantics
 * (null = unchanged, "base", "*", concatenation). Objects passed in are reused: valid only during the call.
 */
public interface PacketFilterVisitor {
    /** {@link #filterSetStart} kind: the rules of MapResponse.PacketFilter (the older form, no name). */
    int SET_LEGACY = 0;
    /** {@link #filterSetStart} kind: the rules of PacketFilters[name]. */
    int SET_NAMED = 1;

    /** MapResponse.PacketFilters is present and not null (its entries follow). */
    void packetFiltersStart();

    /** A list of rules begins: PacketFilter (SET_LEGACY, nameLength 0) or PacketFilters[name] (SET_NAMED). */
    void filterSetStart(int kind, byte[] name, int nameLength);

    /** PacketFilters[name] is null (including name "*"). */
    void filterSetRemoved(byte[] name, int nameLength);

    void filterRuleStart();

    /** One SrcIPs entry that parsed (malformed ones are counted by the scanner and not reported). */
    void filterSource(IpRange source);

    /** One IPProto entry as an int (-1 for a value beyond int; the consumer ignores values outside 0..255). */
    void filterProtocol(int protocol);

    /** One DstPorts entry whose IP parsed, with its Ports (absent: 0..0, as Go's zero value). */
    void filterDestination(IpRange destination, int firstPort, int lastPort);

    /** The rule has a non-null CapGrant (grants capabilities, never packets; skipped). */
    void filterCapGrant();

    void filterRuleEnd();

    /** The list begun by {@link #filterSetStart} ended. */
    void filterSetEnd();
}
