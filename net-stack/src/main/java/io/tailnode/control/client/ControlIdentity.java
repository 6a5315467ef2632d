package io.tailnode.control.client;

/**
 * The device's keys and registration state as the {@link ControlClient} needs them; the firmware backs it with
 * its key store (machine key, node key, old node key, registration record) and key generator. Calls come from
 * the client's thread; implementations do not allocate and never log key material. Key writers return 32 on
 * success or a negative code.
 */
public interface ControlIdentity {
    /** Copies the machine private key (Noise static key, §2.3); the client wipes its copy after the handshake. */
    int machinePrivateKey(byte[] out, int off);

    /** The current node public key (the WireGuard identity). */
    int nodePublicKey(byte[] out, int off);

    /** The previous node public key while a rotation is unconfirmed: 32, or 0 when there is none. */
    int oldNodePublicKey(byte[] out, int off);

    /** This boot's disco public key (must be non-zero, §2.6). */
    int discoPublicKey(byte[] out, int off);

    /** Copies the provisioned auth key; returns its length, 0 when none is left. */
    int authKey(byte[] out, int off, int max);

    /** True while the server has accepted the current node key (persisted registration state). */
    boolean isRegistered();

    /**
     * Makes a new node key current, keeping the old one until {@link #registered}; returns 0 or a negative code.
     * The WireGuard device must take the new key too (the listener hears {@link ControlListener#onNodeKeyRotated}).
     */
    int rotateNodeKey();

    /**
     * The server authorized the current node key: persist it, forget the old node key, drop a single-use auth
     * key. Returns 0 or a negative store code (the client goes on: the state is re-learnt next connection).
     */
    int registered();

    /** The server no longer accepts the node key (expired, logged out): persist "not registered". */
    void unregistered();
}
