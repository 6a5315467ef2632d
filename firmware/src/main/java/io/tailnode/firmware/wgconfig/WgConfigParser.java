package io.tailnode.firmware.wgconfig;

import io.tailnode.lang.Base64;

/**
 * Parser for wg-quick style files (the format of wg(8) "CONFIGURATION FILE FORMAT" plus wg-quick's Address
 * and MTU):
 * <pre>
 *   [Interface]                 once; PrivateKey required
 *   PrivateKey = base64(32)     ListenPort = 0-65535     MTU = 576-9000
 *   Address = CIDR [, CIDR]...  (repeatable; v4 or v6; no prefix = /32 or /128)
 *   [Peer]                      0..maxPeers times; PublicKey required and unique
 *   PublicKey = base64(32)      PresharedKey = base64(32)
 *   AllowedIPs = CIDR [, CIDR]...   (repeatable; host bits cleared, as wg does)
 *   Endpoint = a.b.c.d:port | [v6]:port      PersistentKeepalive = off | 0-65535
 * </pre>
 * Section and key names are case-insensitive (as in wg); '#' starts a comment anywhere; blank lines, spaces
 * and tabs around tokens are ignored; lines end in LF or CRLF. wg-quick's host-side keys (DNS, Table, PreUp,
 * PostUp, PreDown, PostDown, SaveConfig) and FwMark are accepted and ignored: they configure a host, not this
 * device. Endpoint hostnames are rejected (no resolver here). Anything else unknown is an error: a typo must
 * not be ignored silently.
 * <p>
 * Bounded: at most {@link #MAX_TEXT_BYTES} bytes, lines of at most {@link #MAX_LINE_BYTES}, capacities
 * from the holder. All or nothing: values go into a staging holder that is copied to the target only when
 * the whole text is valid; on error the target is unchanged and the staging copy is wiped. The result is a
 * {@link WgConfigStatus} code and {@link #errorLine()} the 1-based line (0: the file as a whole). Never throws
 * on any input bytes. Allocation at construction only; not thread-safe.
 */
public final class WgConfigParser {
    public static final int MAX_TEXT_BYTES = 65536;
    public static final int MAX_LINE_BYTES = 1024;
    public static final int MTU_MIN = 576;
    public static final int MTU_MAX = 9000;

    private static final int SECTION_NONE = 0;
    private static final int SECTION_INTERFACE = 1;
    private static final int SECTION_PEER = 2;

    // Single-valued keys, as bits of "seen in this section".
    private static final int K_PRIVATE_KEY = 1;
    private static final int K_LISTEN_PORT = 2;
    private static final int K_MTU = 4;
    private static final int K_PUBLIC_KEY = 8;
    private static final int K_PRESHARED_KEY = 16;
    private static final int K_ENDPOINT = 32;
    private static final int K_KEEPALIVE = 64;

    private static final String[] IGNORED_INTERFACE_KEYS = {
        "DNS", "Table", "PreUp", "PostUp", "PreDown", "PostDown", "SaveConfig", "FwMark"
    };

    private final WgConfig staging;
    private final byte[] address = new byte[WgConfig.ADDRESS_SLOT];
    private int errorLine;
    private int section;
    private int seen;
    private int sectionLine;
    private int interfaceLine;
    private int peer;

    public WgConfigParser(int maxPeers, int allowedIpsPerPeer, int maxAddresses) {
        staging = new WgConfig(maxPeers, allowedIpsPerPeer, maxAddresses);
    }

    /** 1-based line of the last error; 0 for a whole-file problem or after success. */
    public int errorLine() {
        return errorLine;
    }

    /** Parses {@code buf[off, off+len)}; if it is entirely valid, replaces {@code target}'s content with it. */
    public int parse(byte[] buf, int off, int len, WgConfig target) {
        errorLine = 0;
        if (target == null || !staging.sameCapacities(target)) {
            return WgConfigStatus.ERR_CAPACITY_MISMATCH;
        }
        if (buf == null || off < 0 || len < 0 || off > buf.length - len) {
            return WgConfigStatus.ERR_TOO_LARGE;
        }
        if (len > MAX_TEXT_BYTES) {
            return WgConfigStatus.ERR_TOO_LARGE;
        }
        staging.clear();
        section = SECTION_NONE;
        interfaceLine = 0;
        int status = WgConfigStatus.OK;
        int line = 0;
        int p = off;
        int end = off + len;
        while (status == WgConfigStatus.OK && p < end) {
            line++;
            int eol = p;
            while (eol < end && buf[eol] != '\n') {
                eol++;
            }
            int lineEnd = eol > p && buf[eol - 1] == '\r' ? eol - 1 : eol;
            status = lineEnd - p > MAX_LINE_BYTES ? WgConfigStatus.ERR_LINE_TOO_LONG : line(buf, p, lineEnd, line);
            if (status != WgConfigStatus.OK && errorLine == 0) {
                errorLine = line; // unless closeSection already pointed at the section's header line
            }
            p = eol + 1;
        }
        if (status == WgConfigStatus.OK) {
            status = closeSection();
        }
        if (status == WgConfigStatus.OK && interfaceLine == 0) {
            status = WgConfigStatus.ERR_MISSING_PRIVATE_KEY;
            errorLine = 0;
        }
        if (status == WgConfigStatus.OK) {
            target.copyFrom(staging);
        }
        staging.clear();
        return status;
    }

    /** Checks what a finished section must have; sets errorLine to the section's header line on failure. */
    private int closeSection() {
        if (section == SECTION_INTERFACE && (seen & K_PRIVATE_KEY) == 0) {
            errorLine = sectionLine;
            return WgConfigStatus.ERR_MISSING_PRIVATE_KEY;
        }
        if (section == SECTION_PEER && (seen & K_PUBLIC_KEY) == 0) {
            errorLine = sectionLine;
            return WgConfigStatus.ERR_MISSING_PUBLIC_KEY;
        }
        return WgConfigStatus.OK;
    }

    private int line(byte[] b, int s, int e, int lineNo) {
        // Cut the comment, then check characters and trim.
        int cut = s;
        while (cut < e && b[cut] != '#') {
            cut++;
        }
        for (int i = s; i < cut; i++) {
            if ((b[i] < 0x20 && b[i] != '\t') || b[i] == 0x7f || b[i] < 0) {
                return WgConfigStatus.ERR_BAD_CHARACTER;
            }
        }
        s = skipSpace(b, s, cut);
        e = trimEnd(b, s, cut);
        if (s == e) {
            return WgConfigStatus.OK;
        }
        if (b[s] == '[') {
            return sectionHeader(b, s, e, lineNo);
        }
        int eq = s;
        while (eq < e && b[eq] != '=') {
            eq++;
        }
        if (eq == e) {
            return WgConfigStatus.ERR_MISSING_EQUALS;
        }
        int keyEnd = trimEnd(b, s, eq);
        int vs = skipSpace(b, eq + 1, e);
        if (keyEnd == s) {
            return WgConfigStatus.ERR_UNKNOWN_KEY;
        }
        if (vs == e) {
            return WgConfigStatus.ERR_EMPTY_VALUE;
        }
        if (section == SECTION_INTERFACE) {
            return interfaceKey(b, s, keyEnd, vs, e);
        }
        if (section == SECTION_PEER) {
            return peerKey(b, s, keyEnd, vs, e);
        }
        return WgConfigStatus.ERR_OUTSIDE_SECTION;
    }

    private int sectionHeader(byte[] b, int s, int e, int lineNo) {
        if (b[e - 1] != ']') {
            return WgConfigStatus.ERR_UNKNOWN_SECTION;
        }
        int ns = skipSpace(b, s + 1, e - 1);
        int ne = trimEnd(b, ns, e - 1);
        int status = closeSection();
        if (status != WgConfigStatus.OK) {
            return status;
        }
        seen = 0;
        sectionLine = lineNo;
        if (is(b, ns, ne, "Interface")) {
            if (interfaceLine != 0) {
                return WgConfigStatus.ERR_DUPLICATE_INTERFACE;
            }
            interfaceLine = lineNo;
            section = SECTION_INTERFACE;
            return WgConfigStatus.OK;
        }
        if (is(b, ns, ne, "Peer")) {
            peer = staging.addPeer();
            section = SECTION_PEER;
            return peer < 0 ? WgConfigStatus.ERR_TOO_MANY_PEERS : WgConfigStatus.OK;
        }
        return WgConfigStatus.ERR_UNKNOWN_SECTION;
    }

    private int once(int bit) {
        if ((seen & bit) != 0) {
            return WgConfigStatus.ERR_DUPLICATE_KEY;
        }
        seen |= bit;
        return WgConfigStatus.OK;
    }

    private int interfaceKey(byte[] b, int ks, int ke, int vs, int ve) {
        if (is(b, ks, ke, "PrivateKey")) {
            int r = once(K_PRIVATE_KEY);
            return r != WgConfigStatus.OK ? r : key(b, vs, ve, staging.privateKeyArray(), 0);
        }
        if (is(b, ks, ke, "ListenPort")) {
            int r = once(K_LISTEN_PORT);
            int v = r != WgConfigStatus.OK ? r : number(b, vs, ve, 0, 65535);
            if (v >= 0) {
                staging.setListenPort(v);
            }
            return v < 0 ? v : WgConfigStatus.OK;
        }
        if (is(b, ks, ke, "MTU")) {
            int r = once(K_MTU);
            int v = r != WgConfigStatus.OK ? r : number(b, vs, ve, MTU_MIN, MTU_MAX);
            if (v >= 0) {
                staging.setMtu(v);
            }
            return v < 0 ? v : WgConfigStatus.OK;
        }
        if (is(b, ks, ke, "Address")) {
            return cidrList(b, vs, ve, false);
        }
        for (int i = 0; i < IGNORED_INTERFACE_KEYS.length; i++) {
            if (is(b, ks, ke, IGNORED_INTERFACE_KEYS[i])) {
                return WgConfigStatus.OK;
            }
        }
        return WgConfigStatus.ERR_UNKNOWN_KEY;
    }

    private int peerKey(byte[] b, int ks, int ke, int vs, int ve) {
        if (is(b, ks, ke, "PublicKey")) {
            int r = once(K_PUBLIC_KEY);
            r = r != WgConfigStatus.OK ? r : key(b, vs, ve, staging.publicKeysArray(), peer * WgConfig.KEY_SIZE);
            return r != WgConfigStatus.OK ? r : uniquePeer();
        }
        if (is(b, ks, ke, "PresharedKey")) {
            int r = once(K_PRESHARED_KEY);
            r = r != WgConfigStatus.OK ? r : key(b, vs, ve, staging.presharedKeysArray(), peer * WgConfig.KEY_SIZE);
            if (r == WgConfigStatus.OK) {
                staging.setHasPresharedKey(peer);
            }
            return r;
        }
        if (is(b, ks, ke, "AllowedIPs")) {
            return cidrList(b, vs, ve, true);
        }
        if (is(b, ks, ke, "Endpoint")) {
            int r = once(K_ENDPOINT);
            return r != WgConfigStatus.OK ? r : endpoint(b, vs, ve);
        }
        if (is(b, ks, ke, "PersistentKeepalive")) {
            int r = once(K_KEEPALIVE);
            int v = r != WgConfigStatus.OK ? r : is(b, vs, ve, "off") ? 0 : number(b, vs, ve, 0, 65535);
            if (v >= 0) {
                staging.setKeepalive(peer, v);
            }
            return v < 0 ? v : WgConfigStatus.OK;
        }
        return WgConfigStatus.ERR_UNKNOWN_KEY;
    }

    private int uniquePeer() {
        byte[] keys = staging.publicKeysArray();
        int me = peer * WgConfig.KEY_SIZE;
        for (int q = 0; q < peer; q++) {
            int diff = 0;
            for (int i = 0; i < WgConfig.KEY_SIZE; i++) {
                diff |= keys[q * WgConfig.KEY_SIZE + i] ^ keys[me + i];
            }
            if (diff == 0) {
                return WgConfigStatus.ERR_DUPLICATE_PEER;
            }
        }
        return WgConfigStatus.OK;
    }

    /** A 32-byte key in 44 base64 characters, decoded into {@code dst[at...]}. */
    private static int key(byte[] b, int vs, int ve, byte[] dst, int at) {
        if (ve - vs != 44 || Base64.decodedLength(b, vs, ve - vs) != WgConfig.KEY_SIZE
                || Base64.decode(b, vs, ve - vs, dst, at) != WgConfig.KEY_SIZE) {
            return WgConfigStatus.ERR_BAD_KEY;
        }
        return WgConfigStatus.OK;
    }

    /** 1-5 decimal digits within [min, max]; returns the value or a negative status. */
    private static int number(byte[] b, int s, int e, int min, int max) {
        if (e - s < 1 || e - s > 5) {
            return WgConfigStatus.ERR_BAD_NUMBER;
        }
        int v = 0;
        for (int i = s; i < e; i++) {
            if (b[i] < '0' || b[i] > '9') {
                return WgConfigStatus.ERR_BAD_NUMBER;
            }
            v = v * 10 + (b[i] - '0');
        }
        return v < min || v > max ? WgConfigStatus.ERR_OUT_OF_RANGE : v;
    }

    /** "CIDR [, CIDR]..." into the interface addresses or the current peer's allowed IPs. */
    private int cidrList(byte[] b, int s, int e, boolean allowed) {
        int p = s;
        while (p <= e) {
            int comma = p;
            while (comma < e && b[comma] != ',') {
                comma++;
            }
            int is = skipSpace(b, p, comma);
            int ie = trimEnd(b, is, comma);
            int slash = is;
            while (slash < ie && b[slash] != '/') {
                slash++;
            }
            int family = AddressText.parse(b, is, trimEnd(b, is, slash), address);
            if (family < 0) {
                return WgConfigStatus.ERR_BAD_ADDRESS;
            }
            int maxPrefix = family == 4 ? 32 : 128;
            int prefix = maxPrefix;
            if (slash < ie) {
                prefix = number(b, skipSpace(b, slash + 1, ie), ie, 0, maxPrefix);
                if (prefix < 0) {
                    return WgConfigStatus.ERR_BAD_PREFIX;
                }
            }
            if (allowed) {
                if (!staging.addAllowedIp(peer, address, family, prefix)) {
                    return WgConfigStatus.ERR_TOO_MANY_ALLOWED_IPS;
                }
            } else if (staging.addAddress(address, family, prefix) < 0) {
                return WgConfigStatus.ERR_TOO_MANY_ADDRESSES;
            }
            p = comma + 1;
        }
        return WgConfigStatus.OK;
    }

    /** "a.b.c.d:port" or "[v6]:port", port 1-65535. */
    private int endpoint(byte[] b, int s, int e) {
        int colon = e - 1;
        while (colon > s && b[colon] != ':') {
            colon--;
        }
        if (colon <= s) {
            return WgConfigStatus.ERR_BAD_ENDPOINT;
        }
        int port = number(b, colon + 1, e, 1, 65535);
        if (port < 0) {
            return WgConfigStatus.ERR_BAD_ENDPOINT;
        }
        int family;
        if (b[s] == '[') {
            if (b[colon - 1] != ']') {
                return WgConfigStatus.ERR_BAD_ENDPOINT;
            }
            family = AddressText.parse(b, s + 1, colon - 1, address);
            if (family != 6) {
                return WgConfigStatus.ERR_BAD_ENDPOINT;
            }
        } else {
            family = AddressText.parse(b, s, colon, address);
            if (family != 4) {
                return WgConfigStatus.ERR_BAD_ENDPOINT;
            }
        }
        staging.setEndpoint(peer, address, family, port);
        return WgConfigStatus.OK;
    }

    private static int skipSpace(byte[] b, int s, int e) {
        while (s < e && (b[s] == ' ' || b[s] == '\t')) {
            s++;
        }
        return s;
    }

    private static int trimEnd(byte[] b, int s, int e) {
        while (e > s && (b[e - 1] == ' ' || b[e - 1] == '\t')) {
            e--;
        }
        return e;
    }

    /** ASCII case-insensitive equality of {@code b[s, e)} and {@code name}. */
    private static boolean is(byte[] b, int s, int e, String name) {
        if (e - s != name.length()) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            int c = b[s + i];
            int n = name.charAt(i);
            if (c >= 'A' && c <= 'Z') {
                c += 'a' - 'A';
            }
            if (n >= 'A' && n <= 'Z') {
                n += 'a' - 'A';
            }
            if (c != n) {
                return false;
            }
        }
        return true;
    }
}
