package dev.frozen.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.frozen.data.SyntheticImages;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ctrl-C on a real process: exit 130 and one line saying how to resume; the rerun resumes. Linux only, and it
 * needs coreutils' {@code env --default-signal} so the child sees SIGINT even when the build runs in the background
 * (background jobs inherit an ignored SIGINT).
 */
class InterruptTest {
    @TempDir Path tmp;

    private static boolean envResetsSignals() {
        try {
            Process p = new ProcessBuilder("env", "--default-signal=INT", "true").redirectErrorStream(true).start();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    private Process start(Path data, Path features, Path err) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("env", "--default-signal=INT", "FROZEN_HOME=" + tmp.resolve("home"),
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "--add-opens=java.base/java.nio=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "extract", "--dataset", "folder", "--data", data.toString(), "--weights", "random:1",
                "--input-size", "96", "--batch", "2", "--features-dir", features.toString()));
        return new ProcessBuilder(cmd).redirectError(err.toFile()).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    }

    /** Waits until a batch is committed (the partial folder has a committed train file), then sends SIGINT. */
    private static void interruptAfterFirstBatch(Process p, Path features) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline && p.isAlive()) {
            try (var walk = Files.walk(features)) {
                if (walk.anyMatch(f -> f.getFileName().toString().matches("train-\\d+-\\d+\\.arrow"))) {
                    break;
                }
            } catch (IOException | java.io.UncheckedIOException e) {
                // the folder may not exist yet, or changes while walked
            }
            Thread.sleep(100);
        }
        Thread.sleep(1500);
        assertTrue(p.isAlive(), "the extraction ended before it could be interrupted");
        Process kill = new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).start();
        assertEquals(0, kill.waitFor());
    }

    @Test
    void ctrlCExits130AndSaysHowToResume() throws Exception {
        assumeTrue(System.getProperty("os.name").toLowerCase().contains("linux") && envResetsSignals(),
                "needs Linux and env --default-signal");
        Path data = SyntheticImages.generate(tmp.resolve("imgs"), 2, 300, 2, 32, 5);
        Path features = tmp.resolve("features");
        Path err = tmp.resolve("err.txt");
        Process first = start(data, features, err);
        interruptAfterFirstBatch(first, features);
        assertTrue(first.waitFor(60, TimeUnit.SECONDS));
        String text = Files.readString(err, StandardCharsets.UTF_8);
        assertEquals(130, first.exitValue(), text);
        assertTrue(text.contains("interrupted; rerun the same command to resume"), text);
        assertTrue(!text.contains("Exception"), text);

        Path err2 = tmp.resolve("err2.txt");
        Process second = start(data, features, err2);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        String text2 = "";
        while (System.nanoTime() < deadline && second.isAlive() && !text2.contains("resuming train at row")) {
            Thread.sleep(100);
            text2 = Files.readString(err2, StandardCharsets.UTF_8);
        }
        new ProcessBuilder("kill", "-INT", Long.toString(second.pid())).start().waitFor();
        assertTrue(second.waitFor(60, TimeUnit.SECONDS));
        assertTrue(text2.contains("resuming train at row"), text2);
    }
}
