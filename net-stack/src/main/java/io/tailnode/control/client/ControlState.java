package io.tailnode.control.client;

/** States of the {@link ControlClient} as the status page shows them. */
public final class ControlState {
    /** Not started. */
    public static final int STOPPED = 0;
    /** Waiting for the retry time after a failure (jittered exponential backoff, Retry-After honoured). */
    public static final int BACKOFF = 1;
    /** A TCP connection to the control server is wanted and being opened by the driver. */
    public static final int CONNECTING = 2;
    /** HTTP upgrade and Noise handshake in progress. */
    public static final int HANDSHAKE = 3;
    /** POST /machine/register outstanding. */
    public static final int REGISTERING = 4;
    /** The server answered with an AuthURL: a human must approve; the register request is repeated with Followup. */
    public static final int NEEDS_AUTH = 5;
    /** Map long poll requested, first frame not applied yet. */
    public static final int MAP_REQUESTED = 6;
    /** Map stream running: netmap applied, keep-alives arriving. */
    public static final int CONNECTED = 7;

    private static final String[] NAMES = {"stopped", "backoff", "connecting", "handshake", "registering", "needs-auth",
        "map-requested", "connected"};

    private ControlState() {
    }

    /** A short lowercase name for status pages. */
    public static String name(int state) {
        return state >= 0 && state < NAMES.length ? NAMES[state] : "unknown";
    }
}
