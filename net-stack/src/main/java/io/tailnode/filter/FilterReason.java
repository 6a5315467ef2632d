package io.tailnode.filter;

/**
 * Verdicts of {@link InboundFilter#check}: positive codes accept (and say why), negative codes drop. Counter
 * arrays are indexed by {@link #index}; {@link #name} is the stable snake_case name shown in status and metrics.
 */
public final class FilterReason {
    /** A rule allows it (TCP SYN, UDP, ICMP echo request, other protocols with all ports). */
    public static final int ACCEPT_RULE = 1;
    /** A reply to a flow the device opened (UDP/SCTP tuple, ICMP echo identifier) and still tracks. */
    public static final int ACCEPT_REPLY = 2;
    /** TCP without a bare SYN: part of a connection the TCP stack itself accepted or opened (as Go does). */
    public static final int ACCEPT_TCP_NOT_SYN = 3;
    /** ICMP error quoting a packet of one of our flows (or a TCP segment from us). */
    public static final int ACCEPT_ICMP_ERROR = 4;
    /** IPv4 fragment after the first: no ports to judge (Go passes them; the IP stack drops fragments anyway). */
    public static final int ACCEPT_FRAGMENT = 5;
    /** TSMP (IP protocol 99), always accepted as in Go. */
    public static final int ACCEPT_TSMP = 6;
    /** Zero-length packet. */
    public static final int ACCEPT_EMPTY = 7;
    public static final int ACCEPT_COUNT = 7;

    /** No rule allows it (also: no filter rules at all, the default before the first filter). */
    public static final int DROP_NO_RULE = -1;
    /** An echo reply or ICMP error that belongs to no flow of ours, from a source no rule allows. */
    public static final int DROP_UNSOLICITED = -2;
    /** Shorter than an IP header. */
    public static final int DROP_TOO_SHORT = -3;
    /** Bad version, header length or total length, or a transport header cut short. */
    public static final int DROP_MALFORMED = -4;
    /** Multicast destination. */
    public static final int DROP_MULTICAST = -5;
    /** Link-local destination (169.254/16, fe80::/10). */
    public static final int DROP_LINK_LOCAL = -6;
    public static final int DROP_COUNT = 6;

    /** Slots of a counter array covering every code. */
    public static final int SLOTS = ACCEPT_COUNT + DROP_COUNT + 1;

    private static final String[] DROP_NAMES = {
        "filter_no_rule", "filter_unsolicited", "filter_too_short", "filter_malformed", "filter_multicast",
        "filter_link_local"
    };
    private static final String[] ACCEPT_NAMES = {
        "filter_accept_rule", "filter_accept_reply", "filter_accept_tcp_not_syn", "filter_accept_icmp_error",
        "filter_accept_fragment", "filter_accept_tsmp", "filter_accept_empty"
    };

    private FilterReason() {
    }

    /** Counter slot of {@code code}: drops 1..DROP_COUNT, accepts after them; 0 for anything else. */
    public static int index(int code) {
        if (code < 0 && code >= -DROP_COUNT) {
            return -code;
        }
        if (code > 0 && code <= ACCEPT_COUNT) {
            return DROP_COUNT + code;
        }
        return 0;
    }

    /** Name of a drop code (status, metrics). */
    public static String dropName(int code) {
        return DROP_NAMES[-code - 1];
    }

    /** Name of an accept code. */
    public static String acceptName(int code) {
        return ACCEPT_NAMES[code - 1];
    }
}
