package io.tailnode.control.client;

import io.tailnode.control.json.IpText;

/**
 * The provisioned control URL split into what the transport and the requests need (tailscale-protocol.md §2.2):
 * {@code http://host[:port][/...]} or {@code https://host[:port][/...]}, host a DNS name, an IPv4 literal or a
 * bracketed IPv6 literal. The default port is 80 for http and 443 for https; the authority (Host header and
 * :authority) is the URL's host[:port] as written. A flyweight with fixed buffers; {@link #parse} returns OK or
 * a negative code and leaves the previous value otherwise. Not thread-safe.
 */
public final class ControlUrl {
    public static final int OK = 0;
    public static final int ERR_SCHEME = -1;
    public static final int ERR_HOST = -2;
    public static final int ERR_PORT = -3;
    public static final int MAX_HOST = 253;

    private final byte[] host = new byte[MAX_HOST];
    private final byte[] authority = new byte[MAX_HOST + 8];
    private final byte[] hostAddress = new byte[16];
    private int hostLength;
    private int authorityLength;
    private int hostFamily;
    private int port;
    private boolean https;

    /** Parses {@code s[off..off+len)}; returns OK or ERR_SCHEME / ERR_HOST / ERR_PORT (nothing changed). */
    public int parse(byte[] s, int off, int len) {
        int p;
        boolean tls;
        if (starts(s, off, len, "https://")) {
            p = off + 8;
            tls = true;
        } else if (starts(s, off, len, "http://")) {
            p = off + 7;
            tls = false;
        } else {
            return ERR_SCHEME;
        }
        int end = off + len;
        int authEnd = p;
        while (authEnd < end && s[authEnd] != '/' && s[authEnd] != '?' && s[authEnd] != '#') {
            authEnd++;
        }
        int hs;
        int he;
        int portAt;
        if (p < authEnd && s[p] == '[') {
            hs = p + 1;
            he = hs;
            while (he < authEnd && s[he] != ']') {
                he++;
            }
            if (he == authEnd) {
                return ERR_HOST;
            }
            portAt = he + 1;
        } else {
            hs = p;
            he = p;
            while (he < authEnd && s[he] != ':') {
                he++;
            }
            portAt = he;
        }
        int n = he - hs;
        if (n <= 0 || n > MAX_HOST || authEnd - p > authority.length) {
            return ERR_HOST;
        }
        for (int i = hs; i < he; i++) {
            int c = s[i] & 0xFF;
            if (c <= 0x20 || c >= 0x7F || c == '@') {
                return ERR_HOST;
            }
        }
        int prt = tls ? 443 : 80;
        if (portAt < authEnd) {
            if (s[portAt] != ':' || authEnd - portAt < 2 || authEnd - portAt > 6) {
                return ERR_PORT;
            }
            prt = IpText.parseDecimal(s, portAt + 1, authEnd - portAt - 1, 65535);
            if (prt <= 0) {
                return ERR_PORT;
            }
        }
        int fam = IpText.parseAddress(s, hs, n, hostAddress, 0);
        if (s[p] == '[' && fam != 6) {
            return ERR_HOST;
        }
        System.arraycopy(s, hs, host, 0, n);
        hostLength = n;
        System.arraycopy(s, p, authority, 0, authEnd - p);
        authorityLength = authEnd - p;
        hostFamily = fam == 4 || fam == 6 ? fam : 0;
        port = prt;
        https = tls;
        return OK;
    }

    private static boolean starts(byte[] s, int off, int len, String prefix) {
        if (len < prefix.length()) {
            return false;
        }
        for (int i = 0; i < prefix.length(); i++) {
            int c = s[off + i];
            if (c >= 'A' && c <= 'Z') {
                c += 32;
            }
            if (c != prefix.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    public boolean https() {
        return https;
    }

    public int port() {
        return port;
    }

    /** Host without brackets (name or literal). */
    public byte[] host() {
        return host;
    }

    public int hostLength() {
        return hostLength;
    }

    /** host[:port] as written in the URL: the Host header and :authority. */
    public byte[] authority() {
        return authority;
    }

    public int authorityLength() {
        return authorityLength;
    }

    /** 4 or 6 when the host is an address literal (then {@link #hostAddress} holds it), 0 for a name. */
    public int hostFamily() {
        return hostFamily;
    }

    public byte[] hostAddress() {
        return hostAddress;
    }

    /**
     * Whether the server's key may be fetched with a plain-HTTP {@code GET /key} (§2.1: that answer is the root of
     * trust, so over plain HTTP a man in the middle could hand us his key). Allowed only for a development server
     * the device reaches without crossing the Internet: {@code localhost} or an address literal that is loopback
     * (127/8, ::1), private (10/8, 172.16/12, 192.168/16, fc00::/7) or the RFC 2544 benchmarking net 198.18/15
     * that our simulated networks use. A DNS name other than localhost is refused (the answer could be forged),
     * and so is https here: a verified-TLS fetch needs the TLS HAL, which is not part of this firmware yet. Every
     * other server needs the key pinned at provisioning ({@code control_key=mkey:...}).
     */
    public boolean allowsPlainKeyFetch() {
        if (https) {
            return false;
        }
        if (hostFamily == 0) {
            return hostLength == 9 && starts(host, 0, 9, "localhost");
        }
        byte[] a = hostAddress;
        if (hostFamily == 4) {
            int b0 = a[0] & 0xFF;
            int b1 = a[1] & 0xFF;
            return b0 == 127 || b0 == 10 || (b0 == 172 && (b1 & 0xF0) == 16) || (b0 == 192 && b1 == 168)
                    || (b0 == 198 && (b1 & 0xFE) == 18);
        }
        boolean loopback = a[15] == 1;
        for (int i = 0; i < 15 && loopback; i++) {
            loopback = a[i] == 0;
        }
        return loopback || (a[0] & 0xFE) == 0xFC;
    }
}
