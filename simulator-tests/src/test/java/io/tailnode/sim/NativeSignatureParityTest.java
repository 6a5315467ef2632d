package io.tailnode.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The three sides of each SNI seam agree: the device class's {@code static native} declarations, the C
 * definitions in bsp/ (SNI names Java_&lt;package&gt;_&lt;Class&gt;_&lt;method&gt;, JNI-style escapes, byte[] as jbyte*,
 * int as jint, long as jlong), the prototypes in bsp/include/tn_natives.h, and the simulator mock
 * (platform-config/sni-mock: same class name, public static, same signatures).
 */
class NativeSignatureParityTest {
    private static final Path BSP = Path.of("../bsp");
    private static final Pattern C_FUNCTION = Pattern.compile(
            "^(jint|jlong|jboolean|jbyte|void)\\s+(Java_\\w+)\\s*\\(([^)]*)\\)\\s*([;{])", Pattern.MULTILINE);

    @ParameterizedTest
    @ValueSource(strings = {"io.tailnode.crypto.sni.CryptoNatives", "io.tailnode.firmware.board.BoardNatives"})
    void deviceNativesMatchCAndMock(String className) throws Exception {
        Class<?> device = loadDeviceClass(className);
        Map<String, String> javaSide = new TreeMap<>();
        for (Method m : device.getDeclaredMethods()) {
            if (Modifier.isNative(m.getModifiers())) {
                assertTrue(Modifier.isStatic(m.getModifiers()), m + ": SNI natives are static");
                assertTrue(m.getParameterCount() <= 15, m + ": SNI allows at most 15 parameters");
                javaSide.put(sniName(className, m.getName()), cSignature(m));
            }
        }
        assertFalse(javaSide.isEmpty(), className + " declares no natives");

        Map<String, String> definitions = cFunctions(sources(BSP.resolve("common"), ".c"), "{");
        Map<String, String> prototypes = cFunctions(List.of(BSP.resolve("include/tn_natives.h")), ";");
        String prefix = "Java_" + mangle(className).replace('.', '_') + "_";
        assertEquals(javaSide, filter(definitions, prefix), "C definitions in bsp/common vs " + className);
        assertEquals(javaSide, filter(prototypes, prefix), "bsp/include/tn_natives.h vs " + className);

        Class<?> mock = Class.forName(className);
        assertTrue(mock.getProtectionDomain().getCodeSource().getLocation().toString().contains("sni-mock"),
                "the mock must shadow the device class on the simulator class path");
        for (Method m : device.getDeclaredMethods()) {
            if (!Modifier.isNative(m.getModifiers())) {
                continue;
            }
            Method mm = mock.getMethod(m.getName(), m.getParameterTypes());
            assertNotNull(mm);
            assertEquals(m.getReturnType(), mm.getReturnType(), m.getName() + ": return type");
            assertTrue(Modifier.isStatic(mm.getModifiers()) && Modifier.isPublic(mm.getModifiers())
                    && !Modifier.isNative(mm.getModifiers()), m.getName() + ": mock is public static Java");
        }
    }

    /** The device's own class (native methods), not the mock that shadows it: loaded apart from the class path. */
    private static Class<?> loadDeviceClass(String className) throws Exception {
        String resource = className.replace('.', '/') + ".class";
        List<URL> copies = Collections.list(NativeSignatureParityTest.class.getClassLoader().getResources(resource));
        URL deviceCopy = null;
        for (URL u : copies) {
            if (!u.toString().contains("sni-mock")) {
                deviceCopy = u;
            }
        }
        assertNotNull(deviceCopy, "device class not on the class path: " + copies);
        String s = deviceCopy.toString();
        URL root = s.startsWith("jar:") ? new URL(s.substring(4, s.indexOf("!/")))
                : new URL(s.substring(0, s.length() - resource.length()));
        URLClassLoader isolated = new URLClassLoader(new URL[] {root}, ClassLoader.getPlatformClassLoader());
        return Class.forName(className, false, isolated);
    }

    /** JNI-style escaping as SNI names C functions: '_' becomes "_1" inside names. */
    static String mangle(String name) {
        return name.replace("_", "_1");
    }

    static String sniName(String className, String method) {
        return "Java_" + mangle(className).replace('.', '_') + "_" + mangle(method);
    }

    private static String cSignature(Method m) {
        List<String> params = new ArrayList<>();
        for (Class<?> p : m.getParameterTypes()) {
            params.add(cType(p));
        }
        return cType(m.getReturnType()) + "(" + String.join(",", params) + ")";
    }

    private static String cType(Class<?> t) {
        if (t == void.class) {
            return "void";
        } else if (t == int.class) {
            return "jint";
        } else if (t == long.class) {
            return "jlong";
        } else if (t == boolean.class) {
            return "jboolean";
        } else if (t == byte.class) {
            return "jbyte";
        } else if (t == byte[].class) {
            return "jbyte*";
        } else if (t == int[].class) {
            return "jint*";
        }
        throw new AssertionError("no SNI mapping in this test for " + t);
    }

    private static List<Path> sources(Path dir, String suffix) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.toString().endsWith(suffix)).sorted().toList();
        }
    }

    private static Map<String, String> cFunctions(List<Path> files, String terminator) throws IOException {
        Map<String, String> out = new TreeMap<>();
        for (Path f : files) {
            Matcher m = C_FUNCTION.matcher(Files.readString(f));
            while (m.find()) {
                if (!m.group(4).equals(terminator)) {
                    continue;
                }
                List<String> types = new ArrayList<>();
                String params = m.group(3).trim();
                if (!params.equals("void") && !params.isEmpty()) {
                    for (String p : params.split(",")) {
                        Matcher pm = Pattern.compile("^(.*?)(\\w+)$").matcher(p.trim());
                        assertTrue(pm.matches(), f + ": parameter without a name: " + p);
                        types.add(pm.group(1).replaceAll("\\s+", ""));
                    }
                }
                String previous = out.put(m.group(2), m.group(1) + "(" + String.join(",", types) + ")");
                assertEquals(null, previous, f + ": " + m.group(2) + " defined twice");
            }
        }
        return out;
    }

    private static Map<String, String> filter(Map<String, String> all, String prefix) {
        Map<String, String> out = new TreeMap<>();
        all.forEach((k, v) -> {
            if (k.startsWith(prefix)) {
                out.put(k, v);
            }
        });
        return out;
    }
}
