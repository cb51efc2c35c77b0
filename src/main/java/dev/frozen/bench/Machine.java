package dev.frozen.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** A one-line description of this machine for benchmark tables. */
final class Machine {
    private Machine() {}

    static String describe(int threads) {
        String cpu = "unknown CPU";
        String flags = "";
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name") && cpu.equals("unknown CPU")) {
                    cpu = line.substring(line.indexOf(':') + 1).trim();
                }
                if (line.startsWith("flags") && flags.isEmpty()) {
                    flags = line.contains("avx512f") ? "AVX-512" : line.contains("avx2") ? "AVX2" : "no AVX2";
                }
            }
        } catch (IOException ignored) {
            // Not Linux: the CPU line just says unknown.
        }
        long memGb = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getTotalMemorySize() >> 30;
        return String.format(Locale.ROOT, "machine: %s (%s), %d cores, %d GiB; Java %s; %d threads per run", cpu,
                flags, Runtime.getRuntime().availableProcessors(), memGb, System.getProperty("java.version"), threads);
    }
}
