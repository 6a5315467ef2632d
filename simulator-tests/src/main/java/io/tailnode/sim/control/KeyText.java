package io.tailnode.sim.control;

import java.util.HexFormat;

/** Tailscale key text forms (tailscale-protocol.md §1): a fixed prefix and 64 lowercase hex digits. */
public final class KeyText {
    public static final String MACHINE = "mkey:";
    public static final String NODE = "nodekey:";
    public static final String DISCO = "discokey:";
    private static final HexFormat HEX = HexFormat.of();

    private KeyText() {
    }

    public static String format(String prefix, byte[] key) {
        return prefix + HEX.formatHex(key);
    }

    /** The 32 key bytes, or null when {@code text} is absent, has another prefix or is not 64 hex digits. */
    public static byte[] parse(String prefix, String text) {
        if (text == null || !text.startsWith(prefix) || text.length() != prefix.length() + 64) {
            return null;
        }
        try {
            return HEX.parseHex(text, prefix.length(), text.length());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** Whether {@code text} is a well-formed key of this kind with all-zero bytes (e.g. an omitted OldNodeKey). */
    public static boolean isZero(String prefix, String text) {
        byte[] k = parse(prefix, text);
        if (k == null) {
            return false;
        }
        for (byte b : k) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }
}
