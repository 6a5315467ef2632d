package io.tailnode.control.json;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/** Test visitor: renders every callback as text (allocates freely; not for the allocation tests). */
final class RecordingVisitor implements MapResponseVisitor {
    final List<String> events = new ArrayList<>();
    final List<String> nodes = new ArrayList<>();
    final List<String> derp = new ArrayList<>();
    final List<Long> removed = new ArrayList<>();
    final List<Integer> frameResults = new ArrayList<>();
    long controlTime = Long.MIN_VALUE;
    int keepAlives;

    @Override
    public void frameStart() {
        events.add("frameStart");
    }

    @Override
    public void keepAlive() {
        keepAlives++;
        events.add("keepAlive");
    }

    @Override
    public void controlTime(long unixMillis) {
        controlTime = unixMillis;
        events.add("controlTime " + unixMillis);
    }

    @Override
    public void nodeListStart(int kind) {
        events.add("listStart " + kind);
    }

    @Override
    public void node(MapNode n) {
        String s = render(n);
        nodes.add(s);
        events.add("node " + s);
    }

    static String render(MapNode n) {
        StringBuilder sb = new StringBuilder();
        sb.append(n.kind()).append(' ').append(n.id());
        sb.append(" key=").append(n.hasKey() ? HexFormat.of().formatHex(n.key()) : "-");
        sb.append(" disco=").append(n.hasDiscoKey() ? HexFormat.of().formatHex(n.discoKey()) : "-");
        sb.append(" addr=").append(n.hasAddresses() ? list(n.addresses(), '/') : "-");
        sb.append(" allowed=").append(n.hasAllowedIps() ? list(n.allowedIps(), '/') : "-");
        sb.append(" ep=").append(n.hasEndpoints() ? list(n.endpoints(), ':') : "-");
        sb.append(" derp=").append(n.derpRegion());
        return sb.toString();
    }

    static String list(IpList l, char sep) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < l.size(); i++) {
            if (i > 0) {
                sb.append(',');
            }
            sb.append(address(l, i)).append(sep).append(l.value(i));
        }
        return sb.append(']').toString();
    }

    static String address(IpList l, int i) {
        byte[] a = new byte[16];
        int n = l.copyAddress(i, a, 0);
        try {
            byte[] exact = java.util.Arrays.copyOf(a, n);
            return java.net.InetAddress.getByAddress(exact).getHostAddress();
        } catch (java.net.UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    @Override
    public void nodeDropped(int kind, long id, int reason) {
        events.add("dropped " + kind + " " + id + " " + reason);
    }

    @Override
    public void nodeListEnd(int kind) {
        events.add("listEnd " + kind);
    }

    @Override
    public void peerRemoved(long id) {
        removed.add(id);
        events.add("removed " + id);
    }

    @Override
    public void derpNode(MapDerpNode d) {
        String s = d.regionId() + " " + new String(d.hostName(), 0, d.hostNameLength(), StandardCharsets.US_ASCII)
                + " " + d.derpPort() + (d.stunOnly() ? " stunOnly" : "");
        derp.add(s);
        events.add("derp " + s);
    }

    @Override
    public void frameEnd(int result) {
        frameResults.add(result);
        events.add("frameEnd " + result);
    }
}
