package io.tailnode.wg;

/**
 * Random source for the jitter added to handshake retransmissions (whitepaper §6.4: REKEY_TIMEOUT "plus some
 * jitter", up to 334 ms in wireguard-go). Injected so the core reads no global random state and tests can fix
 * the value. The firmware backs it with the Random HAL; it must not allocate.
 */
public interface Jitter {
    /** A value in {@code [0, maxExclusive)} milliseconds; {@code maxExclusive > 0}. */
    int nextJitterMs(int maxExclusive);
}
