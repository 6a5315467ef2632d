package io.tailnode.sim;

import io.tailnode.firmware.config.ConfigFields;
import io.tailnode.firmware.config.ConfigParser;
import io.tailnode.firmware.config.ConfigStatus;
import io.tailnode.firmware.config.DeviceConfig;
import io.tailnode.firmware.config.ProvisioningRecord;
import io.tailnode.firmware.keystore.RecordStore;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Host tool behind {@code ./simulate provision}: builds a provisioning record (format in
 * {@link ProvisioningRecord}), validates it with the device's own parser, and writes it into a flash image
 * through the key store, as the console line does on a board.
 * <pre>
 *   provision --image FILE --hostname NAME --control-url URL
 *             [--auth-key KEY | --auth-key-file FILE] [--reusable] [--control-key mkey:HEX]
 *             [--max-peers N] [--mtu N] [--&lt;numeric field, '_' as '-'&gt; N] ...
 * </pre>
 * Exit status: 0 written, 2 usage, 3 invalid record (reason code and field name; never the value), 4 image
 * or store failure. The auth key is never printed; the summary is {@link DeviceConfig#describe}.
 * {@code --auth-key-file} keeps the key out of the process list and shell history.
 */
public final class ProvisionTool {
    public static final int EXIT_OK = 0;
    public static final int EXIT_USAGE = 2;
    public static final int EXIT_INVALID = 3;
    public static final int EXIT_STORE = 4;

    public static final String USAGE = "usage: provision --image FILE --hostname NAME --control-url URL"
            + " [--auth-key KEY | --auth-key-file FILE] [--reusable] [--control-key mkey:HEX]"
            + " [--max-peers N] [--mtu N] [--<numeric config field with '-' for '_'> N ...]";

    /** How the tool gets a key store for an image file; {@link #openImage} in production, a fake in tests. */
    public interface ImageOpener {
        RecordStore open(Path image) throws IOException;
    }

    /** A command line the tool refuses; the message names options, never their values. */
    public static final class UsageException extends Exception {
        private static final long serialVersionUID = 1L;

        public UsageException(String message) {
            super(message);
        }
    }

    private ProvisionTool() {
    }

    public static void main(String[] args) {
        System.exit(run(args, ProvisionTool::openImage, System.out, System.err));
    }

    /** Mounts the flash key store on a simulated device's flash image, creating a blank image if needed. */
    public static RecordStore openImage(Path image) throws IOException {
        return io.tailnode.sim.hal.SimFlashImage.open(image);
    }

    public static int run(String[] args, ImageOpener opener, PrintStream out, PrintStream err) {
        Map<String, String> opts;
        byte[] record;
        try {
            opts = parse(args);
            record = buildRecord(opts).getBytes(StandardCharsets.US_ASCII);
        } catch (UsageException e) {
            err.println("provision: " + e.getMessage());
            err.println(USAGE);
            return EXIT_USAGE;
        }
        ConfigParser parser = new ConfigParser();
        DeviceConfig config = new DeviceConfig();
        int status = parser.checkRecord(record, 0, record.length, config);
        if (status != ConfigStatus.OK) {
            err.println("provision: invalid record: " + reasonName(status) + " (" + status + ")"
                    + fieldAt(record, parser.errorOffset()));
            return EXIT_INVALID;
        }
        Path image = Path.of(opts.get("image"));
        try {
            RecordStore store = opener.open(image);
            int w = new ProvisioningRecord().store(store, record, 0, record.length, config);
            if (w != ConfigStatus.OK) {
                err.println("provision: key store refused the record: " + w);
                return EXIT_STORE;
            }
        } catch (IOException e) {
            err.println("provision: " + image + ": " + e.getMessage());
            return EXIT_STORE;
        } finally {
            java.util.Arrays.fill(record, (byte) 0);
        }
        byte[] status0 = new byte[1024];
        out.println("provisioned " + image + " (" + record.length + " bytes): "
                + new String(status0, 0, config.describe(status0, 0, status0.length), StandardCharsets.US_ASCII));
        return EXIT_OK;
    }

    /** Options by record field name ("image" for the image); values as given. */
    public static Map<String, String> parse(String[] args) throws UsageException {
        Map<String, String> opts = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (!a.startsWith("--") || a.length() == 2) {
                throw new UsageException("unexpected argument #" + (i + 1));
            }
            String name = a.substring(2).replace('-', '_');
            if (name.equals("reusable")) {
                put(opts, "auth_key_reusable", "true");
                continue;
            }
            if (i + 1 >= args.length) {
                throw new UsageException("missing value for " + a);
            }
            String value = args[++i];
            switch (name) {
                case "image":
                case "hostname":
                case "control_url":
                case "auth_key":
                case "control_key":
                    put(opts, name, value);
                    break;
                case "auth_key_file":
                    put(opts, "auth_key", readKeyFile(value));
                    break;
                default:
                    int id = fieldId(name);
                    if (id < 0 || id >= ConfigFields.INT_COUNT || id == ConfigFields.AUTH_KEY_REUSABLE) {
                        throw new UsageException("unknown option " + a);
                    }
                    put(opts, name, value);
            }
        }
        for (String required : new String[] {"image", "hostname", "control_url"}) {
            if (!opts.containsKey(required)) {
                throw new UsageException("missing --" + required.replace('_', '-'));
            }
        }
        return opts;
    }

    /** The record text: identity fields first, then capacities in command-line order. */
    public static String buildRecord(Map<String, String> opts) throws UsageException {
        StringBuilder sb = new StringBuilder(ProvisioningRecord.MAGIC);
        for (String key : new String[] {"hostname", "control_url", "control_key", "auth_key", "auth_key_reusable"}) {
            append(sb, key, opts.get(key));
        }
        for (Map.Entry<String, String> e : opts.entrySet()) {
            int id = fieldId(e.getKey());
            if (id >= 0 && id < ConfigFields.INT_COUNT && id != ConfigFields.AUTH_KEY_REUSABLE) {
                append(sb, e.getKey(), e.getValue());
            }
        }
        return sb.append(' ').append(ProvisioningRecord.END).toString();
    }

    /** "ERR_..." name of a {@link ConfigStatus} code (host side: reflection is fine here). */
    public static String reasonName(int status) {
        for (Field f : ConfigStatus.class.getFields()) {
            try {
                if (Modifier.isStatic(f.getModifiers()) && f.getType() == int.class && f.getInt(null) == status) {
                    return f.getName();
                }
            } catch (IllegalAccessException e) {
                throw new AssertionError(e);
            }
        }
        return "status";
    }

    private static void append(StringBuilder sb, String key, String value) throws UsageException {
        if (value == null) {
            return;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c <= 0x20 || c >= 0x7F) {
                // The record is space-separated ASCII; say which option, not what it held.
                throw new UsageException("--" + key.replace('_', '-') + " must be printable ASCII without spaces");
            }
        }
        sb.append(' ').append(key).append('=').append(value);
    }

    private static void put(Map<String, String> opts, String name, String value) throws UsageException {
        if (opts.put(name, value) != null) {
            throw new UsageException("--" + name.replace('_', '-') + " given twice");
        }
    }

    private static int fieldId(String name) {
        for (int id = 0; id < ConfigFields.COUNT; id++) {
            if (ConfigFields.NAMES[id].equals(name)) {
                return id;
            }
        }
        return -1;
    }

    private static String readKeyFile(String file) throws UsageException {
        try {
            String s = Files.readString(Path.of(file), StandardCharsets.US_ASCII).strip();
            if (s.isEmpty()) {
                throw new UsageException("--auth-key-file is empty");
            }
            return s;
        } catch (IOException e) {
            throw new UsageException("cannot read --auth-key-file");
        }
    }

    /** " in field NAME" for the token at {@code offset}: the key only, so a bad auth key is not echoed. */
    private static String fieldAt(byte[] record, int offset) {
        if (offset < 0 || offset >= record.length) {
            return "";
        }
        int start = offset;
        while (start > 0 && record[start - 1] != ' ') {
            start--;
        }
        int eq = start;
        while (eq < record.length && record[eq] != '=' && record[eq] != ' ') {
            eq++;
        }
        if (eq >= record.length || record[eq] != '=') {
            return "";
        }
        return " in field " + new String(record, start, eq - start, StandardCharsets.US_ASCII);
    }
}
