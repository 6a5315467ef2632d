package io.tailnode.control.json;

/**
 * What {@link MapResponseScanner} reports while a MapResponse frame streams in. Everything between
 * {@link #frameStart} and {@link #frameEnd} belongs to one frame: a consumer stages it and applies it only if
 * frameEnd reports {@link MapReason#OK} (all or nothing per frame; a rejected frame leaves the netmap untouched).
 * Objects passed in are reused: valid only during the call.
 */
public interface MapResponseVisitor {
    void frameStart();

    /** MapResponse.KeepAlive was true. */
    void keepAlive();

    /** MapResponse.ControlTime, in Unix milliseconds. */
    void controlTime(long unixMillis);

    /** Peers / PeersChanged / PeersChangedPatch opened (kind = MapNode.KIND_*); for KIND_PEER the list replaces all. */
    void nodeListStart(int kind);

    /** A node (self, peer, changed or patch) with all consumed fields within limits. */
    void node(MapNode node);

    /** A node dropped for a node-level MapReason (overflow, malformed key/address); id is 0 if not seen. */
    void nodeDropped(int kind, long id, int reason);

    void nodeListEnd(int kind);

    /** An entry of PeersRemoved. */
    void peerRemoved(long id);

    /** One node of one DERPMap region. */
    void derpNode(MapDerpNode node);

    /**
     * The frame is over. {@link MapReason#OK}: apply what was staged. Negative: a frame-level reason
     * ({@link MapReason#JSON_ERROR}, {@link MapReason#SCHEMA}): discard it; the stream stops.
     */
    void frameEnd(int result);
}
