package io.tailnode.gate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every module.ivy in the tree parses and agrees with its pom through the explicit mapping table. */
class IvyDescriptorsTest {
    private static final Set<String> BUILD_TYPES = Set.of("build-microej-javalib", "build-firmware-singleapp",
            "build-firmware-multiapp", "build-application", "build-microej-mock", "build-custom");

    private static IvyMapping mapping() throws IOException {
        return IvyMapping.load(Fixtures.projectRoot().resolve("platform-config/api/ivy-mapping.txt"));
    }

    private static List<Path> ivyFiles() throws IOException {
        Path root = Fixtures.projectRoot();
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(p -> p.getFileName().toString().equals("module.ivy"))
                    .filter(p -> !root.relativize(p).toString().contains("target"))
                    .filter(p -> !root.relativize(p).startsWith(".git"))
                    .sorted().toList();
        }
    }

    private static String pomValue(String pom, String tag) {
        String withoutParent = pom.replaceAll("(?s)<parent>.*?</parent>", "");
        Matcher m = Pattern.compile("<" + tag + ">([^<]+)</" + tag + ">").matcher(withoutParent);
        assertTrue(m.find(), "pom has <" + tag + ">");
        return m.group(1);
    }

    @Test
    void everyModuleIvyMatchesItsPomThroughTheMappingTable() throws IOException {
        Path root = Fixtures.projectRoot();
        IvyMapping mapping = mapping();
        Set<String> seenFolders = new TreeSet<>();
        String version = pomValue(Files.readString(root.resolve("pom.xml")), "version");
        for (Path ivyFile : ivyFiles()) {
            String folder = root.relativize(ivyFile.getParent()).toString();
            folder = folder.isEmpty() ? "." : folder.replace('\\', '/');
            seenFolders.add(folder);
            IvyDescriptor ivy = IvyDescriptor.parse(ivyFile);
            IvyMapping.ModuleRow row = mapping.modules().get(folder);
            assertNotNull(row, folder + "/module.ivy has no row in ivy-mapping.txt");
            assertEquals(row.ivyModule(), ivy.id(), folder + ": ivy organisation#module");
            assertEquals(row.buildType(), ivy.buildType(), folder + ": build type");
            assertTrue(BUILD_TYPES.contains(ivy.buildType()), ivy.buildType());
            String pom = Files.readString(ivyFile.getParent().resolve("pom.xml"));
            assertEquals(row.artifactId(), pomValue(pom, "artifactId"), folder + ": Maven artifactId");
            assertEquals(version.replace("-SNAPSHOT", ""), ivy.revision(), folder + ": ivy revision follows the Maven version");
            for (String dep : ivy.dependencies()) {
                if (dep.startsWith("ej.api#")) {
                    assertTrue(mapping.apis().containsValue(dep), folder + ": " + dep + " is not an ej.api revision of the mapping table");
                } else if (dep.startsWith("io.tailnode#")) {
                    String depModule = dep.substring(0, dep.indexOf(';'));
                    IvyMapping.ModuleRow target = mapping.modules().values().stream()
                            .filter(r -> r.ivyModule().equals(depModule)).findFirst().orElse(null);
                    assertNotNull(target, folder + ": depends on unknown " + dep);
                    assertTrue(pom.contains("<artifactId>" + target.artifactId() + "</artifactId>") || folder.equals("."),
                            folder + ": ivy dependency " + dep + " is missing from the pom");
                    assertEquals(ivy.revision(), dep.substring(dep.indexOf(';') + 1));
                }
            }
            if (ivy.buildType().equals("build-firmware-singleapp")) {
                assertNotNull(ivy.properties().get("application.main.class"), "an application names its main class");
            }
        }
        assertEquals(mapping.modules().keySet(), seenFolders, "every mapped module has a module.ivy and vice versa");
    }

    @Test
    void devicePomDependenciesOnDeviceModulesAreIvyDependenciesToo() throws IOException {
        Path root = Fixtures.projectRoot();
        IvyMapping mapping = mapping();
        for (IvyMapping.ModuleRow row : mapping.modules().values()) {
            if (row.folder().equals(".")) {
                continue;
            }
            Matcher depsBlock = Pattern.compile("(?s)<dependencies>(.*)</dependencies>")
                    .matcher(Files.readString(root.resolve(row.folder()).resolve("pom.xml")));
            String pom = depsBlock.find() ? depsBlock.group(1) : "";
            List<String> ivyDeps = IvyDescriptor.parse(root.resolve(row.folder()).resolve("module.ivy")).dependencies();
            for (IvyMapping.ModuleRow other : mapping.modules().values()) {
                if (!other.folder().equals(".") && pom.contains("<artifactId>" + other.artifactId() + "</artifactId>")) {
                    assertTrue(ivyDeps.stream().anyMatch(d -> d.startsWith(other.ivyModule() + ";")),
                            row.folder() + " depends on " + other.artifactId() + " in Maven but not in module.ivy");
                }
            }
        }
    }

    @Test
    void gateRejectsAnUndeclaredEjApiDependency(@TempDir Path work) throws IOException {
        Path classes = Fixtures.java7(work, Map.of("a/S.java",
                "package a; public class S { Object s() throws Exception { return new java.net.Socket(); } }"));
        ApiGate gate = new ApiGate(Fixtures.allowlist());
        gate.addModuleClasses(classes);
        assertEquals(List.of(), gate.check());
        IvyDescriptor edcOnly = new IvyDescriptor("io.tailnode", "x", "0.1.0", "build-microej-javalib", Map.of(),
                List.of("ej.api#edc;1.3.7"));
        List<Violation> vs = gate.checkIvyDependencies(edcOnly, mapping());
        assertEquals(1, vs.size(), vs::toString);
        assertEquals(Violation.IVY_DEPENDENCY, vs.get(0).rule());
        assertTrue(vs.get(0).message().contains("java.net.Socket from ej.api#net;1.1.4"), vs.get(0).message());
        IvyDescriptor withNet = new IvyDescriptor("io.tailnode", "x", "0.1.0", "build-microej-javalib", Map.of(),
                List.of("ej.api#edc;1.3.7", "ej.api#net;1.1.4"));
        assertTrue(gate.checkIvyDependencies(withNet, mapping()).isEmpty());
    }

    @Test
    void malformedDescriptorsAreRejectedWithTheFileName(@TempDir Path work) throws IOException {
        Path bad = work.resolve("module.ivy");
        Files.writeString(bad, "<ivy-module version=\"2.0\"><info organisation=\"a\" module=\"b\"/>");
        IOException e = assertThrows(IOException.class, () -> IvyDescriptor.parse(bad));
        assertTrue(e.getMessage().startsWith(bad.toString()), e.getMessage());
        Files.writeString(bad, "<ivy-module version=\"2.0\"><info organisation=\"a\" module=\"b\" revision=\"1\"/><dependencies/></ivy-module>");
        assertFalse(assertThrows(IOException.class, () -> IvyDescriptor.parse(bad)).getMessage().isEmpty());
    }
}
