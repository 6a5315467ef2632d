package io.tailnode.gate;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import org.objectweb.asm.ClassReader;

/**
 * The bytecode half of the compliance gate: device code is Java 7 on the MicroEJ API subset.
 * It scans a device module's classes and every jar of its runtime dependency closure and fails on
 * class version &gt; 51, invokedynamic, interface method bodies, java/javax references outside the allowlist
 * (including members inherited from JDK classes), primitive class literals, more than 31 reference fields
 * per object, methods over MicroEJ's size or handler limits, non-device jars in the closure, and allocation
 * or string concatenation in {@code @HotPath} methods (microej.md §2, §4).
 *
 * <p>Usage: {@code ApiGate --module NAME --allowlist FILE --classes DIR [--closure-file FILE]}, where the
 * closure file holds a path-separated class path (maven-dependency-plugin build-classpath). Exit status 1
 * and one line per violation when anything fails.
 */
public final class ApiGate {
    /** Manifest attribute that device-parent writes into every device jar. */
    public static final String DEVICE_ATTRIBUTE = "Tailnode-Device-Module";

    private final Allowlist allowlist;
    private final Map<String, ClassFacts> facts = new LinkedHashMap<>();
    private final Map<String, byte[]> bytecode = new LinkedHashMap<>();
    private final List<Violation> violations = new ArrayList<>();
    private final java.util.Set<String> moduleClasses = new java.util.HashSet<>();
    /** Platform class used by the module's own code → first place it is used. */
    private final Map<String, String> moduleApiUses = new java.util.TreeMap<>();

    public ApiGate(Allowlist allowlist) {
        this.allowlist = allowlist;
    }

    public static void main(String[] args) throws IOException {
        String module = "?";
        Path allow = null;
        Path classes = null;
        Path closureFile = null;
        Path ivy = null;
        Path ivyMapping = null;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--module" -> module = args[i + 1];
                case "--allowlist" -> allow = Path.of(args[i + 1]);
                case "--classes" -> classes = Path.of(args[i + 1]);
                case "--closure-file" -> closureFile = Path.of(args[i + 1]);
                case "--ivy" -> ivy = Path.of(args[i + 1]);
                case "--ivy-mapping" -> ivyMapping = Path.of(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        if (allow == null || classes == null) {
            System.err.println("usage: ApiGate --module NAME --allowlist FILE --classes DIR [--closure-file FILE]");
            System.exit(2);
        }
        ApiGate gate = new ApiGate(Allowlist.load(allow));
        gate.addModuleClasses(classes);
        if (closureFile != null && Files.exists(closureFile)) {
            String cp = Files.readString(closureFile, StandardCharsets.UTF_8).trim();
            if (!cp.isEmpty()) {
                for (String entry : cp.split(java.io.File.pathSeparator)) {
                    gate.addClosureEntry(Path.of(entry));
                }
            }
        }
        List<Violation> found = gate.check();
        if (ivy != null && ivyMapping != null) {
            found.addAll(gate.checkIvyDependencies(IvyDescriptor.parse(ivy), IvyMapping.load(ivyMapping)));
        }
        if (found.isEmpty()) {
            System.out.println("[api-gate] " + module + ": " + gate.bytecode.size() + " classes (module + runtime closure) pass");
            return;
        }
        System.err.println("[api-gate] " + module + ": " + found.size() + " violation(s) of the device Java rules:");
        for (Violation v : found) {
            System.err.println("[api-gate]   " + v);
        }
        System.exit(1);
    }

    public void addClassDirectory(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) files.filter(f -> f.toString().endsWith(".class"))::iterator) {
                add(Files.readAllBytes(p), dir.relativize(p).toString());
            }
        }
    }

    /** The module's own classes: scanned like the closure, and their API use is checked against module.ivy. */
    public void addModuleClasses(Path dir) throws IOException {
        java.util.Set<String> known = new java.util.HashSet<>(bytecode.keySet());
        addClassDirectory(dir);
        for (String name : bytecode.keySet()) {
            if (!known.contains(name)) {
                moduleClasses.add(name);
            }
        }
    }

    void noteApiUse(String fromClass, String apiClass, String where) {
        if (moduleClasses.contains(fromClass)) {
            moduleApiUses.putIfAbsent(apiClass, where);
        }
    }

    /**
     * Every ej.api module whose API the module's own bytecode uses must be a dependency in its module.ivy,
     * at the revision of the mapping table; otherwise the MicroEJ SDK build would not link what Maven did.
     * Call after {@link #check()}.
     */
    public List<Violation> checkIvyDependencies(IvyDescriptor ivy, IvyMapping mapping) {
        List<Violation> out = new ArrayList<>();
        java.util.Set<String> reported = new java.util.HashSet<>();
        for (Map.Entry<String, String> use : moduleApiUses.entrySet()) {
            String api = mapping.apiModuleOf(use.getKey());
            if (api == null) {
                out.add(new Violation(Violation.IVY_DEPENDENCY, use.getValue(), use.getKey().replace('/', '.')
                        + " belongs to no ej.api module in platform-config/api/ivy-mapping.txt"));
            } else if (!ivy.dependencies().contains(api) && reported.add(api)) {
                out.add(new Violation(Violation.IVY_DEPENDENCY, use.getValue(), "uses " + use.getKey().replace('/', '.')
                        + " from " + api + ", but module.ivy (" + ivy.id() + ") does not declare that dependency"));
            }
        }
        return out;
    }

    /** A runtime dependency: must be a device jar (or a device module's class folder inside the reactor). */
    public void addClosureEntry(Path entry) throws IOException {
        if (Files.isDirectory(entry)) {
            Path manifest = entry.resolve("META-INF/MANIFEST.MF");
            boolean device = false;
            if (Files.exists(manifest)) {
                try (InputStream in = Files.newInputStream(manifest)) {
                    device = "true".equals(new Manifest(in).getMainAttributes().getValue(DEVICE_ATTRIBUTE));
                }
            }
            if (!device) {
                violations.add(new Violation(Violation.NON_DEVICE_JAR, entry.toString(),
                        "runtime dependency is not a device module; only device jars (built on device-parent) may be linked into firmware"));
            }
            addClassDirectory(entry);
            return;
        }
        try (JarFile jar = new JarFile(entry.toFile())) {
            Manifest m = jar.getManifest();
            if (m == null || !"true".equals(m.getMainAttributes().getValue(DEVICE_ATTRIBUTE))) {
                violations.add(new Violation(Violation.NON_DEVICE_JAR, entry.getFileName().toString(),
                        "runtime dependency is not a device module; only device jars (built on device-parent) may be linked into firmware"));
            }
            for (JarEntry e : java.util.Collections.list(jar.entries())) {
                if (e.getName().endsWith(".class") && !e.getName().startsWith("META-INF/")) {
                    try (InputStream in = jar.getInputStream(e)) {
                        add(in.readAllBytes(), entry.getFileName() + "!" + e.getName());
                    }
                }
            }
        }
    }

    /** Adds one class file; {@code origin} names it in messages. */
    public void add(byte[] classFile, String origin) {
        ClassReader cr = new ClassReader(classFile);
        ClassFacts f = new ClassFacts(cr.getClassName(), cr.getSuperName(), cr.getInterfaces(),
                (cr.getAccess() & org.objectweb.asm.Opcodes.ACC_INTERFACE) != 0, origin);
        cr.accept(new FactsCollector(f), ClassReader.SKIP_CODE | ClassReader.SKIP_DEBUG | ClassReader.SKIP_FRAMES);
        facts.put(f.name, f);
        bytecode.put(f.name, classFile);
    }

    /** Runs every rule over everything added; returns the violations (empty when the gate passes). */
    public List<Violation> check() {
        List<Violation> out = new ArrayList<>(violations);
        for (Map.Entry<String, byte[]> e : bytecode.entrySet()) {
            ClassReader cr = new ClassReader(e.getValue());
            cr.accept(new RuleChecker(this, out), ClassReader.SKIP_FRAMES);
            checkLimits(cr, out);
            checkReferenceFields(facts.get(e.getKey()), out);
        }
        return out;
    }

    private void checkLimits(ClassReader cr, List<Violation> out) {
        String cls = cr.getClassName().replace('/', '.');
        for (Map.Entry<String, int[]> m : CodeLimits.read(cr).entrySet()) {
            int[] v = m.getValue();
            if (v[0] > 65535) {
                out.add(new Violation(Violation.METHOD_TOO_LARGE, cls + "." + m.getKey(),
                        "method body is " + v[0] + " bytes; MicroEJ links at most 65,535"));
            }
            if (v[1] > 63) {
                out.add(new Violation(Violation.TOO_MANY_HANDLERS, cls + "." + m.getKey(),
                        v[1] + " exception handlers; MicroEJ allows at most 63 per method"));
            }
        }
    }

    /** MicroEJ: at most 31 reference instance fields per object, superclasses included (microej.md §2). */
    private void checkReferenceFields(ClassFacts f, List<Violation> out) {
        if (f == null || f.isInterface) {
            return;
        }
        int count = 0;
        for (ClassFacts c = f; c != null; c = facts.get(c.superName)) {
            count += c.instanceReferenceFields.size();
        }
        if (count > 31) {
            out.add(new Violation(Violation.TOO_MANY_REFERENCE_FIELDS, f.name.replace('/', '.'),
                    count + " reference fields including superclasses; MicroEJ allows at most 31 per object "
                            + "(group them into a holder object or flat arrays)"));
        }
    }

    Allowlist allowlist() {
        return allowlist;
    }

    ClassFacts facts(String internalName) {
        return facts.get(internalName);
    }
}
