package io.tailnode.sim;

import io.tailnode.firmware.wgconfig.WgConfig;
import io.tailnode.firmware.wgconfig.WgConfigParser;
import io.tailnode.firmware.wgconfig.WgConfigStatus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Host side of {@code ./simulate device --wg-config FILE}: reads the file, runs the device's own parser
 * ({@link WgConfigParser}) and turns a failure into "file:line: problem" (the device itself only has codes).
 */
public final class WgConfigFile {
    private WgConfigFile() {
    }

    /** A configuration file that cannot be used; the message is "file:line: problem" (or "file: problem"). */
    public static final class InvalidConfigException extends Exception {
        private static final long serialVersionUID = 1L;
        private final int status;
        private final int line;

        InvalidConfigException(String message, int status, int line) {
            super(message);
            this.status = status;
            this.line = line;
        }

        public int status() {
            return status;
        }

        public int line() {
            return line;
        }
    }

    /** Parses {@code file} into a new holder with the given capacities. */
    public static WgConfig load(Path file, int maxPeers, int allowedIpsPerPeer, int maxAddresses)
            throws IOException, InvalidConfigException {
        if (Files.size(file) > WgConfigParser.MAX_TEXT_BYTES) {
            throw new InvalidConfigException(file + ": " + problem(WgConfigStatus.ERR_TOO_LARGE),
                    WgConfigStatus.ERR_TOO_LARGE, 0);
        }
        byte[] text = Files.readAllBytes(file);
        WgConfigParser parser = new WgConfigParser(maxPeers, allowedIpsPerPeer, maxAddresses);
        WgConfig config = new WgConfig(maxPeers, allowedIpsPerPeer, maxAddresses);
        int status = parser.parse(text, 0, text.length, config);
        java.util.Arrays.fill(text, (byte) 0); // the text holds the private key
        if (status != WgConfigStatus.OK) {
            int line = parser.errorLine();
            String where = line > 0 ? file + ":" + line : file.toString();
            throw new InvalidConfigException(where + ": " + problem(status), status, line);
        }
        return config;
    }

    /** One human sentence per {@link WgConfigStatus} code (never quoting the line: it may hold a key). */
    public static String problem(int status) {
        return switch (status) {
            case WgConfigStatus.OK -> "ok";
            case WgConfigStatus.ERR_TOO_LARGE -> "file larger than " + WgConfigParser.MAX_TEXT_BYTES + " bytes";
            case WgConfigStatus.ERR_LINE_TOO_LONG -> "line longer than " + WgConfigParser.MAX_LINE_BYTES + " bytes";
            case WgConfigStatus.ERR_BAD_CHARACTER -> "control character or non-ASCII byte outside a comment";
            case WgConfigStatus.ERR_UNKNOWN_SECTION -> "unknown section (expected [Interface] or [Peer])";
            case WgConfigStatus.ERR_OUTSIDE_SECTION -> "key before any [Interface] or [Peer] section";
            case WgConfigStatus.ERR_UNKNOWN_KEY -> "unknown key for this section";
            case WgConfigStatus.ERR_MISSING_EQUALS -> "expected 'Key = value'";
            case WgConfigStatus.ERR_EMPTY_VALUE -> "empty value";
            case WgConfigStatus.ERR_DUPLICATE_KEY -> "key given twice in this section";
            case WgConfigStatus.ERR_BAD_KEY -> "not a base64 32-byte key (44 characters, as wg genkey prints)";
            case WgConfigStatus.ERR_BAD_NUMBER -> "not a decimal number";
            case WgConfigStatus.ERR_OUT_OF_RANGE -> "number out of range (ports 0-65535, MTU "
                    + WgConfigParser.MTU_MIN + "-" + WgConfigParser.MTU_MAX + ", keepalive 0-65535)";
            case WgConfigStatus.ERR_BAD_ADDRESS -> "not an IPv4 or IPv6 address";
            case WgConfigStatus.ERR_BAD_PREFIX -> "bad prefix length (0-32 for IPv4, 0-128 for IPv6)";
            case WgConfigStatus.ERR_BAD_ENDPOINT -> "endpoint must be a.b.c.d:port or [IPv6]:port (no host names)";
            case WgConfigStatus.ERR_TOO_MANY_PEERS -> "more [Peer] sections than the device's peer capacity";
            case WgConfigStatus.ERR_TOO_MANY_ALLOWED_IPS -> "more AllowedIPs than the per-peer capacity";
            case WgConfigStatus.ERR_TOO_MANY_ADDRESSES -> "more Address entries than the device supports";
            case WgConfigStatus.ERR_DUPLICATE_INTERFACE -> "second [Interface] section";
            case WgConfigStatus.ERR_MISSING_PRIVATE_KEY -> "[Interface] with PrivateKey is required";
            case WgConfigStatus.ERR_MISSING_PUBLIC_KEY -> "[Peer] without PublicKey";
            case WgConfigStatus.ERR_DUPLICATE_PEER -> "same PublicKey as an earlier peer";
            case WgConfigStatus.ERR_CAPACITY_MISMATCH -> "internal: holder capacities differ from the parser's";
            default -> "error " + status;
        };
    }
}
