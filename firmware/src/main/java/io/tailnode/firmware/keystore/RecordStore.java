package io.tailnode.firmware.keystore;

/**
 * Persistent typed records, each replaced atomically: after a power cut at any point a read returns the old or
 * the new value, never a mix and never nothing. The flash key store implements it on the
 * Flash HAL; tests of its users may use an in-memory one. Types are {@link RecordTypes}; a store keeps records of
 * types it does not know.
 * <p>
 * Return codes: lengths and {@link io.tailnode.firmware.hal.HalStatus#OK} on success, negative
 * {@code HalStatus} codes or the codes below on failure. Not thread-safe: the event loop owns the store.
 */
public interface RecordStore {
    /** No record of that type. */
    int NOT_FOUND = -10;
    /** The caller's buffer is smaller than the record; nothing was copied. */
    int BUFFER_TOO_SMALL = -11;
    /** No space left even after garbage collection. */
    int FULL = -12;
    /** Larger than the store's maximum record size. */
    int TOO_LARGE = -13;

    /** Copies the current value of {@code type} into {@code buf}; returns its length or a negative code. */
    int read(int type, byte[] buf, int off, int maxLen);

    /** Atomically replaces the value of {@code type}; returns OK or a negative code (the old value then stays). */
    int write(int type, byte[] buf, int off, int len);

    /** Atomically removes {@code type}; returns OK or NOT_FOUND or a negative code. */
    int delete(int type);
}
