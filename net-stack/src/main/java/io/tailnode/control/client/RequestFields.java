package io.tailnode.control.client;

/**
 * What the control requests carry (tailscale-protocol.md §2.5–§2.7), filled by the {@link ControlClient} before
 * each request from its identity and configuration; fixed arrays, no allocation after construction. Holds the
 * auth key (a secret) only between filling and writing a register request: {@link #wipeSecrets} clears it.
 * Never {@code toString()}.
 */
public final class RequestFields {
    /** Longest hostname / OS / IPNVersion text kept. */
    public static final int MAX_TEXT = 64;
    /** Longest auth key (Tailscale keys are about 60 characters; Headscale's are shorter). */
    public static final int MAX_AUTH_KEY = 128;
    /** Longest AuthURL kept for the Followup field. */
    public static final int MAX_URL = 256;
    /** Endpoints advertised at most (each in {@code io.tailnode.wg.SourceAddress} form, 19 bytes reserved). */
    public static final int MAX_ENDPOINTS = 4;
    /** Endpoint type "local" (tailcfg EndpointType 1): an address of the device's own socket. */
    public static final int ENDPOINT_LOCAL = 1;

    public int capVer;
    public final byte[] nodeKey = new byte[32];
    /** All zero when there is no old key (Go writes the zero key as 64 zeros). */
    public final byte[] oldNodeKey = new byte[32];
    public final byte[] discoKey = new byte[32];
    public final byte[] authKey = new byte[MAX_AUTH_KEY];
    public int authKeyLength;
    public final byte[] followup = new byte[MAX_URL];
    public int followupLength;
    public final byte[] hostname = new byte[MAX_TEXT];
    public int hostnameLength;
    public final byte[] os = new byte[MAX_TEXT];
    public int osLength;
    public final byte[] ipnVersion = new byte[MAX_TEXT];
    public int ipnVersionLength;
    /** Home DERP region for NetInfo.PreferredDERP in lite updates; 0 = none chosen yet. */
    public int preferredDerp;
    /** Endpoints, each {@code 0x04|addr4|port} or {@code 0x06|addr16|port} at a 19-byte stride. */
    public final byte[] endpoints = new byte[MAX_ENDPOINTS * 19];
    public final int[] endpointTypes = new int[MAX_ENDPOINTS];
    public int endpointCount;

    /** Sets a text field from ASCII bytes; returns false (unchanged) if longer than {@link #MAX_TEXT}. */
    public static boolean setText(byte[] dst, byte[] src, int off, int len) {
        if (len < 0 || len > dst.length) {
            return false;
        }
        System.arraycopy(src, off, dst, 0, len);
        return true;
    }

    /** Clears the auth key bytes. */
    public void wipeSecrets() {
        for (int i = 0; i < authKey.length; i++) {
            authKey[i] = 0;
        }
        authKeyLength = 0;
    }
}
