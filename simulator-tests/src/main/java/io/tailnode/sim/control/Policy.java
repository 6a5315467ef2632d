package io.tailnode.sim.control;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The development policy file (format in docs/dev-control-server.md) and its compilation into tailcfg
 * FilterRule JSON for one destination node (tailscale-protocol.md §5.3): every rule whose destinations select
 * the node becomes {@code {SrcIPs, DstPorts[{IP, Ports{First, Last}}], IPProto?}}; every grant becomes a
 * CapGrant-only rule {@code {SrcIPs, CapGrant[{Dsts, CapMap}]}} (which grants no packets).
 *
 * <p>Selectors: {@code *}, {@code tag:NAME}, an IP address or CIDR, or a node's host name. Destinations add
 * {@code :PORTS} with PORTS = {@code *}, {@code N}, {@code N-M} or a comma list (IPv6 literals in brackets).
 */
final class Policy {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    /** The policy used when none is configured: everyone may reach everything. */
    static final String ALLOW_ALL = "{\"acls\":[{\"src\":[\"*\"],\"dst\":[\"*:*\"]}]}";

    private record Dst(String selector, List<int[]> ports) {
    }

    private record Acl(List<String> src, List<Dst> dst, List<Integer> proto) {
    }

    private record Grant(List<String> src, List<String> dst, ObjectNode capMap) {
    }

    private final String text;
    private final List<Acl> acls = new ArrayList<>();
    private final List<Grant> grants = new ArrayList<>();

    private Policy(String text) {
        this.text = text;
    }

    String text() {
        return text;
    }

    /** Parses and validates; throws IllegalArgumentException naming the offending entry. */
    static Policy parse(String text) {
        JsonNode root;
        try {
            root = JSON.readTree(text);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("policy is not JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("policy must be a JSON object with \"acls\" and/or \"grants\"");
        }
        Policy p = new Policy(text);
        for (Iterator<String> it = root.fieldNames(); it.hasNext();) {
            String k = it.next();
            if (!k.equals("acls") && !k.equals("grants")) {
                throw new IllegalArgumentException("policy: unknown key \"" + k + "\"");
            }
        }
        int i = 0;
        for (JsonNode a : array(root, "acls", "policy")) {
            String where = "acls[" + i++ + "]";
            List<Dst> dsts = new ArrayList<>();
            for (String d : strings(a, "dst", where)) {
                dsts.add(parseDst(d, where));
            }
            List<Integer> proto = a.has("proto") ? parseProto(a.get("proto").asText(), where) : List.of();
            List<String> src = strings(a, "src", where);
            src.forEach(s -> checkSelector(s, where));
            p.acls.add(new Acl(src, dsts, proto));
        }
        i = 0;
        for (JsonNode g : array(root, "grants", "policy")) {
            String where = "grants[" + i++ + "]";
            JsonNode cap = g.get("cap");
            if (cap == null || !cap.isObject() || cap.size() == 0) {
                throw new IllegalArgumentException(where + ": \"cap\" must be a non-empty object of capability -> [values]");
            }
            List<String> src = strings(g, "src", where);
            List<String> dst = strings(g, "dst", where);
            src.forEach(s -> checkSelector(s, where));
            dst.forEach(s -> checkSelector(s, where));
            p.grants.add(new Grant(src, dst, (ObjectNode) cap));
        }
        return p;
    }

    private static Iterable<JsonNode> array(JsonNode obj, String key, String where) {
        JsonNode a = obj.get(key);
        if (a == null) {
            return List.of();
        }
        if (!a.isArray()) {
            throw new IllegalArgumentException(where + ": \"" + key + "\" must be an array");
        }
        return a;
    }

    private static List<String> strings(JsonNode obj, String key, String where) {
        JsonNode a = obj.get(key);
        if (a == null || !a.isArray() || a.size() == 0) {
            throw new IllegalArgumentException(where + ": \"" + key + "\" must be a non-empty array of strings");
        }
        List<String> out = new ArrayList<>();
        for (JsonNode s : a) {
            if (!s.isTextual() || s.asText().isEmpty()) {
                throw new IllegalArgumentException(where + ": \"" + key + "\" entries must be non-empty strings");
            }
            out.add(s.asText());
        }
        return out;
    }

    private static List<Integer> parseProto(String p, String where) {
        switch (p.toLowerCase(Locale.ROOT)) {
            case "tcp":
                return List.of(6);
            case "udp":
                return List.of(17);
            case "icmp":
                return List.of(1, 58);
            case "sctp":
                return List.of(132);
            default:
                try {
                    int n = Integer.parseInt(p);
                    if (n >= 0 && n <= 255) {
                        return List.of(n);
                    }
                } catch (NumberFormatException e) {
                    // fall through
                }
                throw new IllegalArgumentException(where + ": proto \"" + p + "\" is not tcp, udp, icmp, sctp or 0-255");
        }
    }

    private static Dst parseDst(String d, String where) {
        String sel;
        String ports;
        if (d.startsWith("[")) {
            int close = d.indexOf("]:");
            if (close < 0) {
                throw new IllegalArgumentException(where + ": dst \"" + d + "\" must be [IPv6]:PORTS");
            }
            sel = d.substring(1, close);
            ports = d.substring(close + 2);
        } else {
            int colon = d.lastIndexOf(':');
            if (colon <= 0 || d.startsWith("tag:") && colon == 3) {
                throw new IllegalArgumentException(where + ": dst \"" + d + "\" needs :PORTS (e.g. tag:plc:80 or *:*)");
            }
            sel = d.substring(0, colon);
            ports = d.substring(colon + 1);
        }
        checkSelector(sel, where);
        List<int[]> ranges = new ArrayList<>();
        for (String r : ports.split(",", -1)) {
            try {
                if (r.equals("*")) {
                    ranges.add(new int[] {0, 65535});
                } else if (r.contains("-")) {
                    int dash = r.indexOf('-');
                    ranges.add(range(Integer.parseInt(r.substring(0, dash)), Integer.parseInt(r.substring(dash + 1))));
                } else {
                    int n = Integer.parseInt(r);
                    ranges.add(range(n, n));
                }
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(where + ": bad port range \"" + r + "\" in \"" + d + "\"");
            }
        }
        return new Dst(sel, ranges);
    }

    private static int[] range(int first, int last) {
        if (first < 0 || last > 65535 || first > last) {
            throw new NumberFormatException();
        }
        return new int[] {first, last};
    }

    private static void checkSelector(String s, String where) {
        if (s.equals("*") || s.startsWith("tag:")) {
            return;
        }
        if (looksLikeIp(s) && cidr(s) == null) {
            throw new IllegalArgumentException(where + ": \"" + s + "\" is not a valid IP address or CIDR");
        }
    }

    private static boolean looksLikeIp(String s) {
        return !s.startsWith("tag:") && !s.equals("*") && (s.contains(":") || !s.isEmpty() && Character.isDigit(s.charAt(0)));
    }

    /** Address bytes and prefix length of an IP or CIDR literal, or null. */
    private static Object[] cidr(String s) {
        int slash = s.indexOf('/');
        String ip = slash < 0 ? s : s.substring(0, slash);
        if (!ip.contains(":") && !ip.matches("[0-9.]+")) {
            return null;
        }
        try {
            byte[] a = InetAddress.getByName(ip).getAddress();
            int bits = slash < 0 ? a.length * 8 : Integer.parseInt(s.substring(slash + 1));
            if (bits < 0 || bits > a.length * 8) {
                return null;
            }
            return new Object[] {a, bits};
        } catch (UnknownHostException | NumberFormatException e) {
            return null;
        }
    }

    private static boolean contains(String cidrText, String ip) {
        Object[] c = cidr(cidrText);
        Object[] a = cidr(ip);
        if (c == null || a == null) {
            return false;
        }
        byte[] net = (byte[]) c[0];
        byte[] addr = (byte[]) a[0];
        int bits = (Integer) c[1];
        if (net.length != addr.length) {
            return false;
        }
        for (int i = 0; i < bits; i++) {
            int m = 0x80 >>> (i & 7);
            if ((net[i >> 3] & m) != (addr[i >> 3] & m)) {
                return false;
            }
        }
        return true;
    }

    private static boolean selects(String sel, TailnetNode n) {
        if (sel.equals("*")) {
            return true;
        }
        if (sel.startsWith("tag:")) {
            return n.tags.contains(sel);
        }
        if (looksLikeIp(sel)) {
            return contains(sel, n.ipv4) || contains(sel, n.ipv6);
        }
        return sel.equalsIgnoreCase(n.name);
    }

    /** SrcIPs for a list of selectors: "*", literals as written, node addresses for tags and names. */
    private static ArrayNode sources(List<String> selectors, Collection<TailnetNode> nodes) {
        Set<String> out = new LinkedHashSet<>();
        for (String s : selectors) {
            if (s.equals("*") || looksLikeIp(s)) {
                out.add(s);
            } else {
                for (TailnetNode n : nodes) {
                    if (selects(s, n)) {
                        out.add(n.ipv4);
                        out.add(n.ipv6);
                    }
                }
            }
        }
        ArrayNode a = F.arrayNode();
        out.forEach(a::add);
        return a;
    }

    /** The FilterRule list for destination {@code dst}: an empty array (deny all inbound) when nothing selects it. */
    ArrayNode compile(TailnetNode dst, Collection<TailnetNode> nodes) {
        ArrayNode rules = F.arrayNode();
        for (Acl acl : acls) {
            ArrayNode dstPorts = F.arrayNode();
            for (Dst d : acl.dst) {
                if (!selects(d.selector, dst)) {
                    continue;
                }
                List<String> ips = d.selector.equals("*") ? List.of("*")
                        : looksLikeIp(d.selector) ? List.of(d.selector) : List.of(dst.ipv4, dst.ipv6);
                for (String ip : ips) {
                    for (int[] r : d.ports) {
                        ObjectNode pr = F.objectNode();
                        pr.put("IP", ip);
                        pr.putObject("Ports").put("First", r[0]).put("Last", r[1]);
                        dstPorts.add(pr);
                    }
                }
            }
            ArrayNode src = sources(acl.src, nodes);
            if (dstPorts.isEmpty() || src.isEmpty()) {
                continue;
            }
            ObjectNode rule = rules.addObject();
            rule.set("SrcIPs", src);
            rule.set("DstPorts", dstPorts);
            if (!acl.proto.isEmpty()) {
                ArrayNode p = rule.putArray("IPProto");
                acl.proto.forEach(p::add);
            }
        }
        for (Grant g : grants) {
            boolean hit = false;
            for (String d : g.dst) {
                hit |= selects(d, dst);
            }
            ArrayNode src = sources(g.src, nodes);
            if (!hit || src.isEmpty()) {
                continue;
            }
            ObjectNode rule = rules.addObject();
            rule.set("SrcIPs", src);
            ObjectNode grant = rule.putArray("CapGrant").addObject();
            grant.putArray("Dsts").add(dst.ipv4 + "/32").add(dst.ipv6 + "/128");
            grant.set("CapMap", g.capMap.deepCopy());
        }
        return rules;
    }
}
