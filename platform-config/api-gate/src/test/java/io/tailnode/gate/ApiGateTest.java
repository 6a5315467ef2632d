package io.tailnode.gate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each gate rule on a class file that breaks it, with the readable message a developer would see. */
class ApiGateTest {
    @TempDir
    Path work;

    private static Violation only(List<Violation> vs, String rule) {
        List<Violation> matching = vs.stream().filter(v -> v.rule().equals(rule)).toList();
        assertEquals(1, matching.size(), () -> "expected one " + rule + " violation, got " + vs);
        return matching.get(0);
    }

    @Test
    void cleanJava7CodePasses() throws IOException {
        Path classes = Fixtures.java7(work, Map.of("a/Clean.java",
                "package a;\n"
                        + "public class Clean extends Exception implements Runnable {\n"
                        + "  private final byte[] buf = new byte[16];\n"
                        + "  public void run() { String s = \"x\" + buf.length; System.arraycopy(buf, 0, buf, 1, 2);"
                        + "    if (getMessage() == null && s.length() > 0) { byte[] c = buf.clone(); } }\n"
                        + "}\n"));
        assertEquals(List.of(), Fixtures.scan(classes));
    }

    @Test
    void rejectsClassVersion52() throws IOException {
        Path classes = Fixtures.java8(work, Map.of("a/V52.java", "package a; public class V52 {}"));
        Violation v = only(Fixtures.scan(classes), Violation.CLASS_VERSION);
        assertEquals("a.V52", v.where());
        assertTrue(v.message().contains("version 52 > 51"), v.message());
    }

    @Test
    void rejectsInvokedynamicFromALambda() throws IOException {
        Path classes = Fixtures.java8(work, Map.of("a/L.java",
                "package a; public class L { Runnable r = () -> {}; }"));
        Violation v = only(Fixtures.scan(classes), Violation.INVOKEDYNAMIC);
        assertTrue(v.where().startsWith("a.L.<init>"), v.where());
        assertTrue(v.message().contains("lambda"), v.message());
    }

    @Test
    void rejectsInterfaceDefaultAndStaticMethods() throws IOException {
        Path classes = Fixtures.java8(work, Map.of("a/I.java",
                "package a; public interface I { default int x() { return 1; } static int y() { return 2; } int z(); }"));
        List<Violation> vs = Fixtures.scan(classes).stream()
                .filter(v -> v.rule().equals(Violation.INTERFACE_METHOD_BODY)).toList();
        assertEquals(2, vs.size(), vs::toString);
        assertTrue(vs.stream().anyMatch(v -> v.where().equals("a.I.x()I") && v.message().contains("default")));
        assertTrue(vs.stream().anyMatch(v -> v.where().equals("a.I.y()I") && v.message().contains("static")));
    }

    @Test
    void rejectsJavaNioReference() throws IOException {
        Path classes = Fixtures.java7(work, Map.of("a/N.java",
                "package a; public class N { int f() { return java.nio.ByteBuffer.allocate(4).capacity(); } }"));
        List<Violation> vs = Fixtures.scan(classes);
        assertTrue(vs.stream().allMatch(v -> v.rule().equals(Violation.API_NOT_ALLOWED)), vs::toString);
        assertTrue(vs.stream().anyMatch(v -> v.where().equals("a.N.f()I")
                && v.message().equals("java.nio.ByteBuffer is not in the MicroEJ API allowlist (platform-config/api/microej-api.txt)")), vs::toString);
        assertTrue(vs.stream().anyMatch(v -> v.message().startsWith("java/nio/ByteBuffer.allocate(I)Ljava/nio/ByteBuffer;")), vs::toString);
    }

    @Test
    void rejectsStringFormatEvenWhenCompiledAgainstTheJdk() throws IOException {
        Path classes = Fixtures.java7(work, Map.of("a/F.java",
                "package a; public class F { String f(int x) { return String.format(\"%d\", x); } }"));
        List<Violation> vs = Fixtures.scan(classes);
        assertTrue(vs.stream().anyMatch(v -> v.rule().equals(Violation.API_NOT_ALLOWED)
                && v.message().startsWith("java/lang/String.format(Ljava/lang/String;[Ljava/lang/Object;)Ljava/lang/String;")), vs::toString);
    }

    @Test
    void acceptsAllowlistedMembersInheritedThroughDeviceAndJdkClasses() throws IOException {
        Path classes = Fixtures.java7(work, Map.of("a/E.java",
                "package a; public class E extends java.io.IOException {\n"
                        + "  int f(StringBuilder sb) { return getMessage().length() + sb.hashCode(); } }\n",
                "a/G.java", "package a; public class G extends E { int g() { return f(null) + getMessage().length(); } }"));
        assertEquals(List.of(), Fixtures.scan(classes));
    }

    @Test
    void rejectsPrimitiveClassLiteral() throws IOException {
        Path classes = Fixtures.java7(work, Map.of("a/P.java",
                "package a; public class P { Object c() { return int.class; } }"));
        Violation v = only(Fixtures.scan(classes), Violation.PRIMITIVE_CLASS_LITERAL);
        assertEquals("a.P.c()Ljava/lang/Object;", v.where());
    }

    private static String fields(String cls, String sup, int n) {
        StringBuilder sb = new StringBuilder("package a; public class " + cls + (sup == null ? "" : " extends " + sup) + " {\n");
        for (int i = 0; i < n; i++) {
            sb.append("  Object f").append(cls).append(i).append(";\n");
        }
        sb.append("  int primitivesDoNotCount; static Object staticsDoNotCount;\n}\n");
        return sb.toString();
    }

    @Test
    void rejects32ReferenceFieldsIncludingSuperclasses() throws IOException {
        Path classes = Fixtures.java7(work, Map.of(
                "a/R31.java", fields("R31", null, 31),
                "a/Base.java", fields("Base", null, 20),
                "a/R32.java", fields("R32", "Base", 12)));
        Violation v = only(Fixtures.scan(classes), Violation.TOO_MANY_REFERENCE_FIELDS);
        assertEquals("a.R32", v.where());
        assertTrue(v.message().startsWith("32 reference fields including superclasses"), v.message());
    }

    @Test
    void rejectsAllocationAndConcatenationInHotPathOnly() throws IOException {
        Path classes = Fixtures.java7(work, Map.of(
                "io/tailnode/lang/HotPath.java", Fixtures.HOT_PATH_SOURCE,
                "a/H.java", "package a; import io.tailnode.lang.HotPath; public class H {\n"
                        + "  private final byte[] scratch = new byte[32];\n"
                        + "  @HotPath int seal(byte[] p) { byte[] t = new byte[16]; return t.length + p.length; }\n"
                        + "  @HotPath String log(int n) { return \"n=\" + n; }\n"
                        + "  @HotPath int clean(byte[] p) { System.arraycopy(p, 0, scratch, 0, 4); return scratch[0]; }\n"
                        + "  int coldPathMayAllocate() { return new byte[8].length; }\n"
                        + "}\n"));
        List<Violation> vs = Fixtures.scan(classes);
        assertTrue(vs.stream().allMatch(v -> v.rule().equals(Violation.HOT_PATH_ALLOCATION)), vs::toString);
        assertEquals(2, vs.size(), vs::toString);
        assertTrue(vs.stream().anyMatch(v -> v.where().equals("a.H.seal([B)I") && v.message().startsWith("new primitive array in a @HotPath method")));
        assertTrue(vs.stream().anyMatch(v -> v.where().equals("a.H.log(I)Ljava/lang/String;") && v.message().startsWith("string concatenation")));
    }

    @Test
    void rejectsMoreThan63ExceptionHandlers() throws IOException {
        StringBuilder body = new StringBuilder("package a; public class T { int f(int[] a) { int s = 0;\n");
        for (int i = 0; i < 64; i++) {
            body.append("  try { s += a[").append(i).append("]; } catch (RuntimeException e) { s--; }\n");
        }
        body.append("  return s; }\n int g(int[] a) { try { return a[0]; } catch (RuntimeException e) { return 0; } } }\n");
        Path classes = Fixtures.java7(work, Map.of("a/T.java", body.toString()));
        Violation v = only(Fixtures.scan(classes), Violation.TOO_MANY_HANDLERS);
        assertEquals("a.T.f([I)I", v.where());
        assertTrue(v.message().startsWith("64 exception handlers"), v.message());
    }

    private Path jar(String name, boolean device, Path classes) throws IOException {
        Manifest m = new Manifest();
        m.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        if (device) {
            m.getMainAttributes().putValue(ApiGate.DEVICE_ATTRIBUTE, "true");
        }
        Path jar = work.resolve(name);
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), m)) {
            for (Path p : Files.walk(classes).filter(p -> p.toString().endsWith(".class")).toList()) {
                out.putNextEntry(new JarEntry(classes.relativize(p).toString()));
                out.write(Files.readAllBytes(p));
                out.closeEntry();
            }
        }
        return jar;
    }

    @Test
    void closureMustHoldOnlyDeviceJarsAndIsScannedToo() throws IOException {
        Path lib = Fixtures.java7(work.resolve("lib"), Map.of("b/Lib.java",
                "package b; public class Lib { public static int f() { return java.nio.ByteBuffer.allocate(1).capacity(); } }"));
        Path app = Fixtures.java7(work.resolve("app"), Map.of("a/App.java",
                "package a; public class App { int g() { return b.Lib.f(); } }"), lib);
        ApiGate gate = new ApiGate(Fixtures.allowlist());
        gate.addClassDirectory(app);
        gate.addClosureEntry(jar("third-party.jar", false, lib));
        List<Violation> vs = gate.check();
        assertEquals("third-party.jar", only(vs, Violation.NON_DEVICE_JAR).where());
        assertTrue(vs.stream().anyMatch(v -> v.rule().equals(Violation.API_NOT_ALLOWED) && v.where().startsWith("b.Lib.f")), vs::toString);

        ApiGate deviceGate = new ApiGate(Fixtures.allowlist());
        deviceGate.addClassDirectory(app);
        deviceGate.addClosureEntry(jar("device.jar", true, lib));
        assertTrue(deviceGate.check().stream().noneMatch(v -> v.rule().equals(Violation.NON_DEVICE_JAR)));
    }

    @Test
    void rejectsReferencesOutsideTheClosure() throws IOException {
        Path lib = Fixtures.java7(work.resolve("lib"), Map.of("b/Missing.java", "package b; public class Missing { public static void f() {} }"));
        Path app = Fixtures.java7(work.resolve("app"), Map.of("a/App.java", "package a; public class App { void g() { b.Missing.f(); } }"),
                lib);
        List<Violation> vs = Fixtures.scan(app);
        assertTrue(vs.stream().anyMatch(v -> v.message().equals("b.Missing is neither MicroEJ API nor part of the device closure")), vs::toString);
    }
}
