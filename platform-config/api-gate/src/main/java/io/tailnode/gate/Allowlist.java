package io.tailnode.gate;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The MicroEJ API allowlist (platform-config/api/microej-api.txt) in the API Dependency Discoverer's
 * notation: {@code java/util/Vector}, {@code java/lang/System.out:Ljava/io/PrintStream;},
 * {@code java/lang/String.getBytes(Ljava/lang/String;)[B}. A {@code ## [tag] title} line opens a block
 * whose tag ({@code src} or {@code unverified}) applies to every entry below it.
 */
public final class Allowlist {
    /** Entry → tag ("src" or "unverified"), in file order. */
    private final Map<String, String> entries;
    private final Set<String> classes;

    private Allowlist(Map<String, String> entries, Set<String> classes) {
        this.entries = entries;
        this.classes = classes;
    }

    public static Allowlist load(Path file) throws IOException {
        return parse(Files.readAllLines(file, StandardCharsets.UTF_8), file.toString());
    }

    static Allowlist parse(List<String> lines, String source) {
        Map<String, String> entries = new LinkedHashMap<>();
        Set<String> classes = new TreeSet<>();
        String tag = null;
        int n = 0;
        for (String raw : lines) {
            n++;
            String line = raw.trim();
            if (line.startsWith("## [")) {
                int close = line.indexOf(']');
                tag = line.substring(4, close);
                if (!tag.equals("src") && !tag.equals("unverified")) {
                    throw new IllegalArgumentException(source + ":" + n + ": unknown tag [" + tag + "]");
                }
                continue;
            }
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            if (tag == null) {
                throw new IllegalArgumentException(source + ":" + n + ": entry before the first ## [tag] block");
            }
            if (!line.matches("[A-Za-z_$][\\w$/]*(\\.(<init>|[\\w$]+)(\\([^)]*\\)\\S+|:\\S+))?")) {
                throw new IllegalArgumentException(source + ":" + n + ": not in discoverer notation: " + line);
            }
            entries.putIfAbsent(line, tag);
            classes.add(ownerOf(line));
        }
        return new Allowlist(entries, classes);
    }

    /** Internal name of the class an entry belongs to. */
    static String ownerOf(String entry) {
        int dot = entry.indexOf('.');
        return dot < 0 ? entry : entry.substring(0, dot);
    }

    public boolean allowsClass(String internalName) {
        return classes.contains(internalName);
    }

    public boolean allowsMember(String owner, String name, String descriptor) {
        return entries.containsKey(memberEntry(owner, name, descriptor));
    }

    /** Discoverer notation of a member: fields as {@code owner.name:desc}, methods as {@code owner.name(args)ret}. */
    static String memberEntry(String owner, String name, String descriptor) {
        return descriptor.startsWith("(") ? owner + "." + name + descriptor : owner + "." + name + ":" + descriptor;
    }

    public Set<String> classes() {
        return Collections.unmodifiableSet(classes);
    }

    public Map<String, String> entries() {
        return Collections.unmodifiableMap(entries);
    }

    public String tagOf(String entry) {
        return entries.get(entry);
    }
}
