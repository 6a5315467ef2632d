package io.tailnode.firmware.config;

import io.tailnode.firmware.keystore.RecordStore;
import io.tailnode.firmware.keystore.RecordTypes;

/**
 * The per-device provisioning record ({@link RecordTypes#PROVISIONING} in the key store): hostname, auth
 * key, control URL, pinned control key and any capacity overrides. One line of printable ASCII, the same
 * bytes in flash, on the console and from the host tool:
 * <pre>
 *   record = "tnp1" 1*( SP field ) SP "end"           ; at most {@link #MAX_BYTES} bytes, no CR/LF
 *   field  = key "=" value                            ; key from {@link ConfigFields#NAMES}, each at most once
 *   value  = 1*%x21-7E                                ; rules per field in {@link ConfigParser}
 *
 *   e.g.  tnp1 hostname=sensor-7 control_url=https://ctl.example.com auth_key=tskey-auth-... max_peers=8 end
 * </pre>
 * "tnp1" names the format and its version; a later version gets a new magic and this firmware rejects it
 * ({@link ConfigStatus#ERR_UNSUPPORTED_VERSION}) rather than half-understanding it. The "end" marker makes a
 * record cut short (console overrun, host tool interrupted) fail as {@link ConfigStatus#ERR_TRUNCATED}
 * instead of parsing as a shorter valid record with, say, a cut-off hostname. Absent fields keep their
 * defaults. Integrity in flash is the key store's job; this format only has to be unambiguous.
 * <p>
 * The record holds a secret (the auth key): buffers are wiped after use; nothing here logs. Allocation at
 * construction only; not thread-safe.
 */
public final class ProvisioningRecord {
    /** Upper bound of a record, and the smallest key-store record size provisioning needs. */
    public static final int MAX_BYTES = 512;
    public static final String MAGIC = "tnp1";
    public static final String END = "end";
    static final byte[] MAGIC_BYTES = {'t', 'n', 'p', '1'};

    private static final String AUTH_KEY_TOKEN = "auth_key=";

    private final ConfigParser parser = new ConfigParser();
    private final byte[] buf = new byte[MAX_BYTES];
    private final byte[] out = new byte[MAX_BYTES];

    public ConfigParser parser() {
        return parser;
    }

    /**
     * Applies the stored record over {@code config} (which holds the defaults). Returns OK,
     * {@link RecordStore#NOT_FOUND} (an unprovisioned device: defaults stay), a store error, or a parser
     * reason (the stored record is invalid: nothing applied).
     */
    public int load(RecordStore store, DeviceConfig config) {
        int n = store.read(RecordTypes.PROVISIONING, buf, 0, MAX_BYTES);
        if (n == RecordStore.BUFFER_TOO_SMALL) {
            return ConfigStatus.ERR_TOO_LARGE;
        }
        if (n < 0) {
            return n;
        }
        int status = parser.parseRecord(buf, 0, n, config);
        wipe(buf);
        return status;
    }

    /**
     * Validates a record, writes it to the store and applies it to {@code config}, in that order, so an
     * invalid record is never stored and a failed write changes nothing in RAM. Returns OK, a parser reason
     * or the store's code.
     */
    public int store(RecordStore store, byte[] rec, int off, int len, DeviceConfig config) {
        int status = parser.checkRecord(rec, off, len, config);
        if (status != ConfigStatus.OK) {
            return status;
        }
        int w = store.write(RecordTypes.PROVISIONING, rec, off, len);
        if (w < 0) {
            return w;
        }
        return parser.parseRecord(rec, off, len, config);
    }

    /**
     * After a successful registration: unless the key was provisioned as reusable, rewrites the stored
     * record without its auth_key field and wipes the key from {@code config}, so a stolen board does not
     * yield a key that can enrol other devices. Returns OK, {@link ConfigStatus#KEPT_REUSABLE}, or a store or
     * parser code (then the stored record is unchanged; RAM is wiped regardless, as the key has done its job).
     */
    public int deleteAuthKey(RecordStore store, DeviceConfig config) {
        if (config.authKeyReusable()) {
            return ConfigStatus.KEPT_REUSABLE;
        }
        config.wipeAuthKey();
        int n = store.read(RecordTypes.PROVISIONING, buf, 0, MAX_BYTES);
        if (n == RecordStore.NOT_FOUND) {
            return ConfigStatus.OK;
        }
        if (n < 0) {
            return n == RecordStore.BUFFER_TOO_SMALL ? ConfigStatus.ERR_TOO_LARGE : n;
        }
        int status = parser.checkRecord(buf, 0, n, config);
        int len = status == ConfigStatus.OK ? withoutAuthKey(buf, n, out) : 0;
        if (status == ConfigStatus.OK && len != n) {
            status = parser.checkRecord(out, 0, len, config);
            if (status == ConfigStatus.OK) {
                status = store.write(RecordTypes.PROVISIONING, out, 0, len);
            }
        }
        wipe(buf);
        wipe(out);
        return status;
    }

    /** Copies the space-separated tokens of {@code rec[0..n)} except "auth_key=..." into {@code dst}. */
    private static int withoutAuthKey(byte[] rec, int n, byte[] dst) {
        int len = 0;
        int p = 0;
        while (p < n) {
            int q = p;
            while (q < n && rec[q] != ' ') {
                q++;
            }
            if (!ConfigParser.startsWithAscii(rec, p, q - p, AUTH_KEY_TOKEN)) {
                if (len > 0) {
                    dst[len++] = ' ';
                }
                System.arraycopy(rec, p, dst, len, q - p);
                len += q - p;
            }
            p = q + 1;
        }
        return len;
    }

    private static void wipe(byte[] b) {
        for (int i = 0; i < b.length; i++) {
            b[i] = 0;
        }
    }
}
