package io.tailnode.firmware.config;

import io.tailnode.firmware.keystore.RecordStore;
import io.tailnode.firmware.log.LogEvents;
import io.tailnode.firmware.log.LogLevel;
import io.tailnode.firmware.log.Logger;

/**
 * Provisioning over the serial console: a line {@code provision <record>} (record as in
 * {@link ProvisioningRecord}, e.g. {@code provision tnp1 hostname=sensor-7 auth_key=... end}) is validated,
 * stored in the key store and applied. A trailing CR and/or LF is ignored; anything else that is not such a
 * line is {@link ConfigStatus#ERR_NOT_A_COMMAND}. Bounded: a line longer than the command plus
 * {@link ProvisioningRecord#MAX_BYTES} is refused before it is looked at.
 * <p>
 * Logs the outcome as event codes with numbers only (reason, error offset, record length) and the
 * hostname; never the line. Note the console's own echo is the terminal's business. Not thread-safe.
 */
public final class ConsoleProvisioning {
    public static final String COMMAND = "provision ";
    public static final int MAX_LINE_BYTES = 10 + ProvisioningRecord.MAX_BYTES + 2;

    private final ProvisioningRecord records;
    private final RecordStore store;
    private final DeviceConfig config;
    private final Logger log;
    private final byte[] name = new byte[ConfigFields.HOSTNAME_MAX];

    /** {@code log} may be null (no logging). */
    public ConsoleProvisioning(ProvisioningRecord records, RecordStore store, DeviceConfig config, Logger log) {
        this.records = records;
        this.store = store;
        this.config = config;
        this.log = log;
    }

    /** Handles one console line; returns OK, a {@link ConfigStatus} reason or the store's code. */
    public int onLine(byte[] line, int off, int len, long nowMs) {
        int status = handle(line, off, len);
        if (log != null) {
            if (status == ConfigStatus.OK) {
                int n = config.copyHostname(name, 0);
                log.logArgs(LogLevel.INFO, LogEvents.PROVISIONING_STORED, nowMs, name, 0, n, 1, 0,
                        records.parser().fieldsApplied(), 0L, 0L, 0L);
            } else {
                log.log(LogLevel.WARN, LogEvents.CONSOLE_LINE_REJECTED, nowMs, status,
                        records.parser().errorOffset());
            }
        }
        return status;
    }

    private int handle(byte[] line, int off, int len) {
        if (line == null || off < 0 || len < 0 || len > line.length - off) {
            return ConfigStatus.ERR_MALFORMED;
        }
        if (len > MAX_LINE_BYTES) {
            return ConfigStatus.ERR_TOO_LARGE;
        }
        int end = off + len;
        if (end > off && line[end - 1] == '\n') {
            end--;
        }
        if (end > off && line[end - 1] == '\r') {
            end--;
        }
        int c = COMMAND.length();
        if (!ConfigParser.startsWithAscii(line, off, end - off, COMMAND)) {
            return ConfigStatus.ERR_NOT_A_COMMAND;
        }
        return records.store(store, line, off + c, end - off - c, config);
    }
}
