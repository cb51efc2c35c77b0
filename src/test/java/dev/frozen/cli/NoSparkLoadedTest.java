package dev.frozen.cli;

import static org.junit.jupiter.api.Assertions.*;

import dev.frozen.data.Fixtures;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Spark is on the test class path (provided scope), yet --help and a cache-hit extract must not load any of its
 * classes: checked in a fresh JVM with -verbose:class, since this one may have loaded Spark for other tests.
 */
class NoSparkLoadedTest {
    @TempDir Path tmp;

    private String run(String... args) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(a -> a.startsWith("--add-opens") || a.startsWith("-Xmx")).toList());
        cmd.addAll(List.of("-verbose:class", "-cp",
                System.getProperty("java.class.path"), Main.class.getName()));
        cmd.addAll(List.of(args));
        ProcessBuilder child = new ProcessBuilder(cmd);
        child.environment().put("FROZEN_HOME", tmp.resolve("home").toString());
        Process p = child.redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor(), out.lines().filter(l -> !l.startsWith("[")).toList().toString());
        return out;
    }

    @Test
    void helpAndACacheHitLoadNoSparkClass() throws Exception {
        String help = run("--help");
        assertTrue(help.contains("dev.frozen.cli.Main source:"), "-verbose:class output expected");
        assertFalse(help.contains("org.apache.spark"), "--help loaded a Spark class");

        Path data = Fixtures.cifarFolder(tmp, 2);
        String[] extract = {"extract", "--data", data.toString(), "--features-dir", tmp.resolve("f").toString(),
            "--input-size", "32", "--weights", "random:1"};
        CliRun first = CliRun.in(tmp.resolve("home"), extract);
        assertEquals(0, first.code(), first.toString());
        String hit = run(extract);
        assertTrue(hit.contains("cache hit: "), hit.lines().filter(l -> !l.startsWith("[")).toList().toString());
        assertFalse(hit.contains("org.apache.spark"), "a cache hit loaded a Spark class");
        List<String> withSpark = new ArrayList<>(List.of(extract));
        withSpark.addAll(List.of("--spark", "local[2]"));
        String sparkHit = run(withSpark.toArray(new String[0]));
        assertTrue(sparkHit.contains("cache hit: "));
        assertFalse(sparkHit.contains("org.apache.spark"), "a cache hit with --spark started Spark");
    }
}
