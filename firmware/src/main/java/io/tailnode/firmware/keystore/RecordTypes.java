package io.tailnode.firmware.keystore;

/**
 * Record types of the key store. Values are persisted: never renumber, only add. Secrets (keys) are marked;
 * they never leave the device and never appear in logs or status.
 */
public final class RecordTypes {
    /** Secret: 32-byte X25519 machine private key (identity towards the control server). */
    public static final int MACHINE_KEY = 1;
    /** Secret: 32-byte X25519 node private key (WireGuard identity). */
    public static final int NODE_KEY = 2;
    /** Secret: the previous node key, kept during rotation until the server confirms the new one. */
    public static final int OLD_NODE_KEY = 3;
    /** Disco key policy (rotate per boot or persistent; the key itself if persistent). */
    public static final int DISCO_KEY_POLICY = 4;
    /** 32-byte pinned control-server public key (mkey). */
    public static final int CONTROL_KEY = 5;
    /** Registration state (authorized, node key expiry, auth URL pending...). */
    public static final int REGISTRATION = 6;
    /** The provisioning record (hostname, auth key, control URL, capacities). Contains a secret (auth key). */
    public static final int PROVISIONING = 7;
    /** Persisted clock floor (Unix milliseconds) so TAI64N never goes backwards across reboots. */
    public static final int CLOCK_FLOOR = 8;

    private RecordTypes() {
    }
}
