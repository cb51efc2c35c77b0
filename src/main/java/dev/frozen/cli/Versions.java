package dev.frozen.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine;

/** Versions of frozen and its numeric libraries, recorded in manifests and run records. */
public final class Versions {
    public static final String FROZEN = "0.1.0";

    private Versions() {}

    public static Map<String, String> all() {
        Map<String, String> v = new LinkedHashMap<>();
        v.put("frozen", FROZEN);
        v.put("java", System.getProperty("java.version"));
        v.put("nd4j", "1.0.0-M2.1");
        v.put("smile", "3.1.1");
        v.put("arrow", "18.3.0");
        return v;
    }

    /** Supplies {@code --version}. */
    public static final class Provider implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"frozen " + FROZEN, "java " + System.getProperty("java.version")};
        }
    }
}
