package io.tailnode.gate;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.tools.ToolProvider;

/** Compiles small fixture sources with chosen javac options, to feed the gate real class files. */
final class Fixtures {
    /** Stand-in for the device annotation: the gate keys on its descriptor, not on the class. */
    static final String HOT_PATH_SOURCE = "package io.tailnode.lang;\n"
            + "@java.lang.annotation.Retention(java.lang.annotation.RetentionPolicy.CLASS)\n"
            + "public @interface HotPath {}\n";

    record Result(int exitCode, String diagnostics, Path classes) {
    }

    private Fixtures() {
    }

    static Result compile(Path work, Map<String, String> sources, String... options) throws IOException {
        Path src = Files.createDirectories(work.resolve("src"));
        Path out = Files.createDirectories(work.resolve("classes"));
        List<String> args = new ArrayList<>(List.of(options));
        args.add("-d");
        args.add(out.toString());
        for (Map.Entry<String, String> e : sources.entrySet()) {
            Path f = src.resolve(e.getKey());
            Files.createDirectories(f.getParent());
            Files.writeString(f, e.getValue());
            args.add(f.toString());
        }
        ByteArrayOutputStream diag = new ByteArrayOutputStream();
        PrintStream ps = new PrintStream(diag, true, StandardCharsets.UTF_8);
        int rc = ToolProvider.getSystemJavaCompiler().run(null, ps, ps, args.toArray(new String[0]));
        return new Result(rc, diag.toString(StandardCharsets.UTF_8), out);
    }

    /** Compiles for the JDK at class version 51, so only the gate (not javac's stubs) can object. */
    static Path java7(Path work, Map<String, String> sources) throws IOException {
        return java7(work, sources, null);
    }

    static Path java7(Path work, Map<String, String> sources, Path classpath) throws IOException {
        Result r = classpath == null
                ? compile(work, sources, "-source", "7", "-target", "7", "-Xlint:-options", "-nowarn")
                : compile(work, sources, "-source", "7", "-target", "7", "-Xlint:-options", "-nowarn", "-cp", classpath.toString());
        if (r.exitCode() != 0) {
            throw new AssertionError("fixture did not compile:\n" + r.diagnostics());
        }
        return r.classes();
    }

    static Path java8(Path work, Map<String, String> sources) throws IOException {
        Result r = compile(work, sources, "--release", "8", "-nowarn");
        if (r.exitCode() != 0) {
            throw new AssertionError("fixture did not compile:\n" + r.diagnostics());
        }
        return r.classes();
    }

    static Allowlist allowlist() throws IOException {
        return Allowlist.load(projectRoot().resolve("platform-config/api/microej-api.txt"));
    }

    static Path projectRoot() {
        String root = System.getProperty("project.root");
        return root != null ? Path.of(root) : Path.of("../..").toAbsolutePath().normalize();
    }

    static List<Violation> scan(Path classes) throws IOException {
        ApiGate gate = new ApiGate(allowlist());
        gate.addClassDirectory(classes);
        return gate.check();
    }
}
