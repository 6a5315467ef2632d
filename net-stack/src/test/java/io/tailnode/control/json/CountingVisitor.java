package io.tailnode.control.json;

/** Test visitor that only counts and checksums (allocation-free, so usable in allocation tests). */
final class CountingVisitor implements MapResponseVisitor {
    long frames;
    long nodes;
    long dropped;
    long idSum;
    long keyBytes;
    long addresses;
    long endpoints;
    long derpNodes;
    long removed;
    long keepAlives;
    long controlTime;
    int lastResult;

    public void frameStart() {
        frames++;
    }

    public void keepAlive() {
        keepAlives++;
    }

    public void controlTime(long unixMillis) {
        controlTime = unixMillis;
    }

    public void nodeListStart(int kind) {
    }

    public void node(MapNode n) {
        nodes++;
        idSum += n.id();
        keyBytes += n.key()[0] & 0xFF;
        addresses += n.addresses().size();
        endpoints += n.endpoints().size();
    }

    public void nodeDropped(int kind, long id, int reason) {
        dropped++;
    }

    public void nodeListEnd(int kind) {
    }

    public void peerRemoved(long id) {
        removed++;
    }

    public void derpNode(MapDerpNode node) {
        derpNodes++;
    }

    public void frameEnd(int result) {
        lastResult = result;
    }
}
