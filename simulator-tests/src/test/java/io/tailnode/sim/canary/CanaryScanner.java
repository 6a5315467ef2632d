package io.tailnode.sim.canary;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Searches texts for the forms a secret takes when it leaks: hex (lower and upper case), base64 and
 * base64url at each of the three byte alignments (a key inside a longer encoded blob encodes differently
 * depending on where it starts; only the characters determined by the secret alone are searched), and the
 * raw text for printable secrets (auth keys). Secrets shorter than {@link #MIN_SECRET_BYTES} are refused:
 * their encodings would match by chance.
 */
public final class CanaryScanner {
    public static final int MIN_SECRET_BYTES = 8;

    /** One leak: which secret, in which form, found in which recorded output. */
    public record Hit(String secretLabel, String form, String source) {
    }

    private final List<String> labels = new ArrayList<>();
    private final List<List<String[]>> needles = new ArrayList<>();
    private int patternCount;

    public void addSecret(String label, byte[] secret) {
        if (secret.length < MIN_SECRET_BYTES) {
            throw new IllegalArgumentException("secret '" + label + "' shorter than " + MIN_SECRET_BYTES + " bytes");
        }
        Set<String> seen = new LinkedHashSet<>();
        List<String[]> forms = new ArrayList<>();
        addForm(forms, seen, "hex", HexFormat.of().formatHex(secret));
        addForm(forms, seen, "HEX", HexFormat.of().withUpperCase().formatHex(secret));
        for (int shift = 0; shift < 3; shift++) {
            addForm(forms, seen, "base64@" + shift, aligned(Base64.getEncoder(), secret, shift));
            addForm(forms, seen, "base64url@" + shift, aligned(Base64.getUrlEncoder(), secret, shift));
        }
        boolean printable = true;
        for (byte b : secret) {
            printable &= b > 0x20 && b < 0x7F;
        }
        if (printable) {
            addForm(forms, seen, "text", new String(secret, StandardCharsets.US_ASCII));
        }
        labels.add(label);
        needles.add(forms);
        patternCount += forms.size();
    }

    public int secretCount() {
        return labels.size();
    }

    public int patternCount() {
        return patternCount;
    }

    public List<Hit> scan(String source, String text) {
        List<Hit> hits = new ArrayList<>();
        for (int i = 0; i < labels.size(); i++) {
            for (String[] form : needles.get(i)) {
                if (text.contains(form[1])) {
                    hits.add(new Hit(labels.get(i), form[0], source));
                }
            }
        }
        return hits;
    }

    private static void addForm(List<String[]> forms, Set<String> seen, String name, String pattern) {
        if (seen.add(pattern)) {
            forms.add(new String[] {name, pattern});
        }
    }

    /** The base64 characters fixed by the secret alone when it starts {@code shift} bytes into a blob. */
    static String aligned(Base64.Encoder enc, byte[] secret, int shift) {
        byte[] padded = new byte[shift + secret.length];
        System.arraycopy(secret, 0, padded, shift, secret.length);
        String s = enc.withoutPadding().encodeToString(padded);
        int firstBit = 8 * shift;
        int endBit = 8 * (shift + secret.length);
        int first = (firstBit + 5) / 6;
        int last = endBit / 6; // exclusive: chars whose 6 bits all lie in the secret
        return s.substring(first, last);
    }
}
