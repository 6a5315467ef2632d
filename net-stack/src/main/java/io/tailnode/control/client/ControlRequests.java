package io.tailnode.control.client;

import io.tailnode.lang.HotPath;

/**
 * The JSON bodies the device POSTs over ts2021 (tailscale-protocol.md §2.5 RegisterRequest, §2.6 MapRequest,
 * §2.7 Hostinfo), written into a fixed buffer. Field names are Go's tailcfg names; the order is ours (JSON
 * object members are unordered). Key fields use the text forms of §1. Returns the length, or
 * {@link #OVERFLOW} when the buffer is too small (then the bytes written are not a request).
 * <pre>
 * register: {"Version":V,"NodeKey":"nodekey:..","OldNodeKey":"nodekey:..",["Auth":{"AuthKey":".."},]
 *            "Expiry":"0001-01-01T00:00:00Z",["Followup":"..",]"Hostinfo":{..}}
 * map poll: {"Version":V,"Compress":"","KeepAlive":true,"NodeKey":"..","DiscoKey":"..","Stream":true,
 *            "Hostinfo":{..},"Endpoints":[..],"EndpointTypes":[..]}
 * lite:     {"Version":V,"Compress":"","KeepAlive":false,"NodeKey":"..","DiscoKey":"..","Stream":false,
 *            "OmitPeers":true,"ReadOnly":false,"Hostinfo":{..,"NetInfo":{"PreferredDERP":N}},"Endpoints":[..],
 *            "EndpointTypes":[..]}
 * </pre>
 * Expiry is Go's zero time: "server policy" (§2.5); a past time would log the node out. Stateless apart from
 * the writer; one instance per client, no allocation per request.
 */
public final class ControlRequests {
    public static final int OVERFLOW = -1;

    static final byte[] NODEKEY = ascii("nodekey:");
    static final byte[] DISCOKEY = ascii("discokey:");
    private static final byte[] N_VERSION = ascii("Version");
    private static final byte[] N_NODEKEY = ascii("NodeKey");
    private static final byte[] N_OLDNODEKEY = ascii("OldNodeKey");
    private static final byte[] N_AUTH = ascii("Auth");
    private static final byte[] N_AUTHKEY = ascii("AuthKey");
    private static final byte[] N_EXPIRY = ascii("Expiry");
    private static final byte[] N_FOLLOWUP = ascii("Followup");
    private static final byte[] N_HOSTINFO = ascii("Hostinfo");
    private static final byte[] N_IPNVERSION = ascii("IPNVersion");
    private static final byte[] N_OS = ascii("OS");
    private static final byte[] N_HOSTNAME = ascii("Hostname");
    private static final byte[] N_NETINFO = ascii("NetInfo");
    private static final byte[] N_PREFERREDDERP = ascii("PreferredDERP");
    private static final byte[] N_COMPRESS = ascii("Compress");
    private static final byte[] N_KEEPALIVE = ascii("KeepAlive");
    private static final byte[] N_DISCOKEY = ascii("DiscoKey");
    private static final byte[] N_STREAM = ascii("Stream");
    private static final byte[] N_OMITPEERS = ascii("OmitPeers");
    private static final byte[] N_READONLY = ascii("ReadOnly");
    private static final byte[] N_ENDPOINTS = ascii("Endpoints");
    private static final byte[] N_ENDPOINTTYPES = ascii("EndpointTypes");
    private static final byte[] ZERO_TIME = ascii("0001-01-01T00:00:00Z");
    private static final byte[] EMPTY = new byte[0];

    private final JsonOut json = new JsonOut();
    private final byte[] digits = new byte[8];

    /** RegisterRequest; the Auth object only when {@code f.authKeyLength > 0}, Followup only when set. */
    @HotPath
    public int writeRegister(RequestFields f, byte[] out, int off, int cap) {
        JsonOut j = json.reset(out, off, cap);
        j.beginObject();
        j.name(N_VERSION).number(f.capVer);
        j.name(N_NODEKEY).key(NODEKEY, f.nodeKey, 0);
        j.name(N_OLDNODEKEY).key(NODEKEY, f.oldNodeKey, 0);
        if (f.authKeyLength > 0) {
            j.name(N_AUTH).beginObject().name(N_AUTHKEY).string(f.authKey, 0, f.authKeyLength).endObject();
        }
        j.name(N_EXPIRY).string(ZERO_TIME);
        if (f.followupLength > 0) {
            j.name(N_FOLLOWUP).string(f.followup, 0, f.followupLength);
        }
        hostinfo(f, false);
        j.endObject();
        return j.overflowed() ? OVERFLOW : j.length();
    }

    /** The streaming long-poll MapRequest (§2.6 shape 1). */
    @HotPath
    public int writeMapPoll(RequestFields f, byte[] out, int off, int cap) {
        return writeMap(f, true, out, off, cap);
    }

    /** The lite update (§2.6 shape 2): how Hostinfo, NetInfo and Endpoints reach the server (pitfall 6). */
    @HotPath
    public int writeLiteUpdate(RequestFields f, byte[] out, int off, int cap) {
        return writeMap(f, false, out, off, cap);
    }

    @HotPath
    private int writeMap(RequestFields f, boolean stream, byte[] out, int off, int cap) {
        JsonOut j = json.reset(out, off, cap);
        j.beginObject();
        j.name(N_VERSION).number(f.capVer);
        j.name(N_COMPRESS).string(EMPTY);
        j.name(N_KEEPALIVE).bool(stream);
        j.name(N_NODEKEY).key(NODEKEY, f.nodeKey, 0);
        j.name(N_DISCOKEY).key(DISCOKEY, f.discoKey, 0);
        j.name(N_STREAM).bool(stream);
        if (!stream) {
            j.name(N_OMITPEERS).bool(true);
            j.name(N_READONLY).bool(false);
        }
        hostinfo(f, !stream);
        j.name(N_ENDPOINTS).beginArray();
        for (int i = 0; i < f.endpointCount; i++) {
            endpoint(f.endpoints, i * 19);
        }
        j.endArray();
        j.name(N_ENDPOINTTYPES).beginArray();
        for (int i = 0; i < f.endpointCount; i++) {
            j.number(f.endpointTypes[i]);
        }
        j.endArray();
        j.endObject();
        return j.overflowed() ? OVERFLOW : j.length();
    }

    @HotPath
    private void hostinfo(RequestFields f, boolean netInfo) {
        JsonOut j = json;
        j.name(N_HOSTINFO).beginObject();
        j.name(N_IPNVERSION).string(f.ipnVersion, 0, f.ipnVersionLength);
        j.name(N_OS).string(f.os, 0, f.osLength);
        j.name(N_HOSTNAME).string(f.hostname, 0, f.hostnameLength);
        if (netInfo) {
            j.name(N_NETINFO).beginObject().name(N_PREFERREDDERP).number(f.preferredDerp).endObject();
        }
        j.endObject();
    }

    /** "a.b.c.d:port" or "[h:h:h:h:h:h:h:h]:port" (full, uncompressed hex groups: valid for Go's netip). */
    @HotPath
    private void endpoint(byte[] e, int p) {
        JsonOut j = json;
        j.beginString();
        if (e[p] == 0x06) {
            j.rawByte('[');
            for (int g = 0; g < 8; g++) {
                if (g > 0) {
                    j.rawByte(':');
                }
                hexGroup(((e[p + 1 + 2 * g] & 0xFF) << 8) | (e[p + 2 + 2 * g] & 0xFF));
            }
            j.rawByte(']');
            p += 17;
        } else {
            for (int i = 0; i < 4; i++) {
                if (i > 0) {
                    j.rawByte('.');
                }
                decimal(e[p + 1 + i] & 0xFF);
            }
            p += 5;
        }
        j.rawByte(':');
        decimal(((e[p] & 0xFF) << 8) | (e[p + 1] & 0xFF));
        j.endString();
    }

    @HotPath
    private void decimal(int v) {
        int n = 0;
        do {
            digits[n++] = (byte) ('0' + v % 10);
            v /= 10;
        } while (v > 0);
        while (n > 0) {
            json.rawByte(digits[--n]);
        }
    }

    @HotPath
    private void hexGroup(int v) {
        boolean started = false;
        for (int s = 12; s >= 0; s -= 4) {
            int d = (v >> s) & 15;
            if (d != 0 || started || s == 0) {
                json.rawByte(d < 10 ? '0' + d : 'a' + d - 10);
                started = true;
            }
        }
    }

    static byte[] ascii(String s) {
        byte[] b = new byte[s.length()];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) s.charAt(i);
        }
        return b;
    }
}
