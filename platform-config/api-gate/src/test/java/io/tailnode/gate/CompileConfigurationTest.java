package io.tailnode.gate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The compile half of the gate, with the options device-parent/pom.xml really passes to javac (read from the
 * pom, the stub jar substituted): Java 8 syntax and missing EDC APIs fail with javac's own readable message,
 * while the Java 7 features javac lowers onto library calls compile against the stubs.
 */
class CompileConfigurationTest {
    private static final List<String> OPTIONS = new ArrayList<>();

    @TempDir
    Path work;

    @BeforeAll
    static void readDeviceCompileOptions() throws IOException {
        String pom = Files.readString(Fixtures.projectRoot().resolve("platform-config/device-parent/pom.xml"));
        Matcher exec = Pattern.compile("<id>default-compile</id>\\s*<configuration>(.*?)</configuration>", Pattern.DOTALL).matcher(pom);
        assertTrue(exec.find(), "device-parent has a default-compile configuration");
        String conf = exec.group(1);
        Matcher source = Pattern.compile("<source>(\\d+)</source>").matcher(conf);
        Matcher target = Pattern.compile("<target>(\\d+)</target>").matcher(conf);
        assertTrue(source.find() && target.find());
        assertEquals("7", source.group(1));
        assertEquals("7", target.group(1));
        OPTIONS.clear();
        OPTIONS.addAll(List.of("-source", source.group(1), "-target", target.group(1)));
        Matcher arg = Pattern.compile("<arg>([^<]*)</arg>").matcher(conf);
        String stubs = System.getProperty("api.stubs.jar");
        assertTrue(stubs != null && Files.exists(Path.of(stubs)), "stub jar located by the build: " + stubs);
        while (arg.find()) {
            OPTIONS.add(arg.group(1).equals("${io.tailnode:tailnode-api-stubs:jar}") ? stubs : arg.group(1));
        }
        assertTrue(OPTIONS.contains("-bootclasspath"), "device code compiles against the stubs only: " + OPTIONS);
    }

    private Fixtures.Result compile(String name, String source) throws IOException {
        return Fixtures.compile(work, Map.of(name, source), OPTIONS.toArray(new String[0]));
    }

    @Test
    void stringFormatIsNotInEdc() throws IOException {
        Fixtures.Result r = compile("a/F.java", "package a; class F { String f(int x) { return String.format(\"%d\", x); } }");
        assertNotEquals(0, r.exitCode());
        assertTrue(r.diagnostics().contains("cannot find symbol") && r.diagnostics().contains("method format(String,int)"), r.diagnostics());
    }

    @Test
    void lambdasAreNotJava7() throws IOException {
        Fixtures.Result r = compile("a/L.java", "package a; class L { Runnable r = () -> {}; }");
        assertNotEquals(0, r.exitCode());
        assertTrue(r.diagnostics().contains("lambda expressions are not supported in -source 7"), r.diagnostics());
    }

    @Test
    void javaNioDoesNotExist() throws IOException {
        Fixtures.Result r = compile("a/N.java", "package a; class N { java.nio.ByteBuffer b; }");
        assertNotEquals(0, r.exitCode());
        assertTrue(r.diagnostics().contains("package java.nio does not exist"), r.diagnostics());
    }

    @Test
    void java7FeaturesCompileAgainstTheStubsAtVersion51() throws IOException {
        Fixtures.Result r = compile("a/Ok.java", "package a;\n"
                + "import java.io.*; import java.util.*;\n"
                + "class Ok implements Runnable, Comparable<Ok> {\n"
                + "  enum Mode { A, B }\n"
                + "  public void run() {}\n"
                + "  public int compareTo(Ok o) { return 0; }\n"
                + "  int f(String s, List<Integer> xs, Mode m, InputStream in) throws IOException {\n"
                + "    int t = 0;\n"
                + "    switch (s) { case \"a\": t++; break; default: t--; }\n"
                + "    switch (m) { case A: t++; break; default: t--; }\n"
                + "    for (int x : xs) { t += x; }\n"
                + "    try (InputStream c = in) { t += c.read(); }\n"
                + "    Map<String, Integer> map = new HashMap<>(); map.put(s, t);\n"
                + "    String msg = \"t=\" + t + ' ' + 1L + true;\n"
                + "    return msg.length() + map.get(s);\n"
                + "  }\n"
                + "}\n");
        assertEquals(0, r.exitCode(), r.diagnostics());
        byte[] cls = Files.readAllBytes(r.classes().resolve("a/Ok.class"));
        assertEquals(51, ((cls[6] & 0xFF) << 8) | (cls[7] & 0xFF), "class file major version");
        assertEquals(List.of(), Fixtures.scan(r.classes()), "and the bytecode gate accepts what javac emitted");
    }
}
