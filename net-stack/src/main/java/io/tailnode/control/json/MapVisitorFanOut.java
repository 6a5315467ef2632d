package io.tailnode.control.json;

/**
 * Hands every {@link MapResponseVisitor} event to several visitors in order (e.g. the netmap applier and the
 * packet-filter applier behind one scanner). Each visitor stages and commits on its own frameEnd.
 */
public final class MapVisitorFanOut implements MapResponseVisitor {
    private final MapResponseVisitor[] visitors;

    public MapVisitorFanOut(MapResponseVisitor first, MapResponseVisitor second) {
        this(new MapResponseVisitor[] {first, second});
    }

    /** @param visitors copied; none may be null */
    public MapVisitorFanOut(MapResponseVisitor[] visitors) {
        this.visitors = new MapResponseVisitor[visitors.length];
        for (int i = 0; i < visitors.length; i++) {
            if (visitors[i] == null) {
                throw new IllegalArgumentException("visitor");
            }
            this.visitors[i] = visitors[i];
        }
    }

    public void frameStart() {
        for (int i = 0; i < visitors.length; i++) {
            visitors[i].frameStart();
        }
    }

    public void keepAlive() {
        for (int i = 0; i < visitors.length; i++) {
            visitors[i].keepAlive();
        }
    }

    public void controlTime(long unixMillis) {
        for (int i = 0; i < visitors.length; i++) {
            visitors[i].controlTime(unixMillis);
        }
    }

    public void nodeListStart(int kind) {
        for (int i = 0; i < visitors.length; i++) {
            visitors[i].nodeListStart(kind);
        }
    }

    public void node(MapNode node) {
        for (int i = 0; i < visitors.length; i++) {
            visitors[i].node(node);
        }
    }

    public void nodeDropped(int kind, long id, int reason) {
        for (int i = 0; i < visitors.length; i++) {
            visitors[i].nodeDropped(kind, id, reason);
        }
    }

    public void nodeListEnd(int kind) {
        for (int i = 0; i < visitors.length; i++) {
            visitors[i].nodeListEnd(kind);
        }
    }

    public void peerRemoved(long id) {
        for (int i = 0; i < visitors.length; i++) {
            visitors[i].peerRemoved(id);
        }
    }

    public void derpNode(MapDerpNode node) {
        for (int i = 0; i < visitors.length; i++) {
            visitors[i].derpNode(node);
        }
    }

    public void frameEnd(int result) {
        for (int i = 0; i < visitors.length; i++) {
            visitors[i].frameEnd(result);
        }
    }
}
