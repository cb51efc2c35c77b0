package dev.frozen;

import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Versions of frozen and its numeric libraries, recorded in manifests and run records. They come from
 * {@code frozen-versions.properties}, which Maven fills from the pom at build time, so they cannot drift from
 * the libraries actually built against. {@code onednn} is the JavaCPP preset version (oneDNN-javacpp).
 */
public final class Versions {
    private static final List<String> LIBRARIES = List.of("nd4j", "onednn", "smile", "liblinear", "arrow", "jhdf");
    private static final Properties BUILT = load();

    private Versions() {}

    /** frozen's own version. */
    public static String frozen() {
        return BUILT.getProperty("frozen", "unknown");
    }

    /** frozen, java and every numeric or IO library, in a stable order. */
    public static Map<String, String> all() {
        Map<String, String> v = new LinkedHashMap<>();
        v.put("frozen", frozen());
        v.put("java", System.getProperty("java.version"));
        for (String lib : LIBRARIES) {
            v.put(lib, BUILT.getProperty(lib, "unknown"));
        }
        return v;
    }

    private static Properties load() {
        Properties p = new Properties();
        try (InputStream in = Versions.class.getResourceAsStream("/frozen-versions.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            // An unreadable resource only means "unknown" versions in provenance, never a failed run.
        }
        // An unfiltered resource (e.g. run from an IDE without Maven) holds ${...} placeholders: treat as unknown.
        p.entrySet().removeIf(e -> String.valueOf(e.getValue()).startsWith("${"));
        return p;
    }
}
