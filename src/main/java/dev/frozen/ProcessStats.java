package dev.frozen;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Figures about this process that benchmarks and summaries report; Linux only, -1 elsewhere. */
public final class ProcessStats {
    private ProcessStats() {}

    /** Peak resident set size (VmHWM) in bytes, or -1 when unknown. */
    public static long peakRssBytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }
}
