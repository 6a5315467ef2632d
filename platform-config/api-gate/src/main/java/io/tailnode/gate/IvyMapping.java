package io.tailnode.gate;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * platform-config/api/ivy-mapping.txt: which module.ivy describes which Maven module, and which ej.api module
 * provides each stub package. Lines: {@code module <folder> <artifactId> <org#module> <build type>} and
 * {@code api <package> <org#module;rev>}.
 */
public final class IvyMapping {
    /** One Maven module ↔ module.ivy row. */
    public record ModuleRow(String folder, String artifactId, String ivyModule, String buildType) {
    }

    private final Map<String, ModuleRow> modulesByFolder = new LinkedHashMap<>();
    private final Map<String, String> apiByPackage = new LinkedHashMap<>();

    public static IvyMapping load(Path file) throws IOException {
        IvyMapping m = new IvyMapping();
        int n = 0;
        for (String raw : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            n++;
            String line = raw.trim();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] f = line.split("\\s+");
            if (f[0].equals("module") && f.length == 5) {
                m.modulesByFolder.put(f[1], new ModuleRow(f[1], f[2], f[3], f[4]));
            } else if (f[0].equals("api") && f.length == 3 && f[2].matches("[\\w.]+#[\\w.-]+;[\\w.]+")) {
                m.apiByPackage.put(f[1], f[2]);
            } else {
                throw new IllegalArgumentException(file + ":" + n + ": expected 'module <folder> <artifactId> <org#module> <build type>' or 'api <package> <org#module;rev>'");
            }
        }
        return m;
    }

    public Map<String, ModuleRow> modules() {
        return modulesByFolder;
    }

    public Map<String, String> apis() {
        return apiByPackage;
    }

    /** The ej.api module ({@code org#module;rev}) that provides a class, or null if it is not platform API. */
    public String apiModuleOf(String internalClassName) {
        int slash = internalClassName.lastIndexOf('/');
        return slash < 0 ? null : apiByPackage.get(internalClassName.substring(0, slash));
    }
}
