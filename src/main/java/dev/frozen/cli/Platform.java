package dev.frozen.cli;

import java.util.Locale;

/**
 * Whether this machine is one the bundled native libraries (oneDNN, libnd4j, OpenBLAS, all linux-x86_64 builds)
 * run on. Checked first thing in {@link Main#main}, before ND4J or JavaCPP load anything, so that another platform
 * gets one plain line instead of a native-library stack trace.
 */
final class Platform {
    private Platform() {}

    /** Set to {@code off} to skip the check, for someone porting the natives to another platform. */
    static final String SKIP_VARIABLE = "FROZEN_PLATFORM_CHECK";

    /**
     * Null on linux-x86_64; otherwise the one-line message naming this platform and what is supported. Takes the
     * JVM's {@code os.name} and {@code os.arch}, which spell x86_64 as {@code amd64} (or {@code x86_64}).
     */
    static String problem(String osName, String osArch) {
        String os = osName == null ? "" : osName.toLowerCase(Locale.ROOT);
        String arch = osArch == null ? "" : osArch.toLowerCase(Locale.ROOT);
        boolean linux = os.startsWith("linux");
        boolean x86_64 = arch.equals("amd64") || arch.equals("x86_64");
        if (linux && x86_64) {
            return null;
        }
        String name = (os.startsWith("mac") ? "macos" : os.startsWith("windows") ? "windows" : linux ? "linux"
                : os.isEmpty() ? "unknown" : os.replace(' ', '-'))
                + "-" + (arch.equals("aarch64") || arch.equals("arm64") ? "arm64" : x86_64 ? "x86_64"
                : arch.isEmpty() ? "unknown" : arch);
        return "frozen runs on linux-x86_64 only (its oneDNN, libnd4j and OpenBLAS native libraries are linux-x86_64 "
                + "builds), found " + name + " (os.name '" + osName + "', os.arch '" + osArch + "'); run it on a "
                + "linux-x86_64 machine or container (docs/platforms.md says what a port would need)";
    }

    /** The problem with this JVM's platform, or null when it is supported or the check is switched off. */
    static String current() {
        if ("off".equalsIgnoreCase(System.getenv(SKIP_VARIABLE))) {
            return null;
        }
        return problem(System.getProperty("os.name"), System.getProperty("os.arch"));
    }
}
