package dev.frozen.features;

import static org.junit.jupiter.api.Assertions.*;

import dev.frozen.DataError;
import dev.frozen.cli.CliRun;
import dev.frozen.data.Fixtures;
import dev.frozen.data.Split;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Killed, concurrent and out-of-space extractions never leave a complete-looking entry that is wrong. */
class ReliabilityTest {
    @TempDir Path tmp;
    Path data;

    @BeforeEach
    void setUp() throws Exception {
        data = Fixtures.cifarFolder(tmp, 4);
    }

    private List<String> extractArgs(Path features) {
        return List.of("extract", "--data", data.toString(), "--weights", "random:2", "--input-size", "64",
                "--layer", "block3_pool", "--batch", "1", "--features-dir", features.toString());
    }

    private Process child(Path features) throws IOException {
        return child(features, List.of());
    }

    private Process child(Path features, List<String> more) throws IOException {
        ProcessBuilder child = new ProcessBuilder(childCommand(features, more));
        child.environment().put("FROZEN_HOME", tmp.resolve("home").toString());
        return child.redirectErrorStream(true)
                .redirectOutput(tmp.resolve("child.log").toFile()).start();
    }

    private List<String> childCommand(Path features, List<String> more) {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-opens=java.base/java.nio=ALL-UNNAMED", "-Xmx1g",
                "-cp", System.getProperty("java.class.path"),
                "dev.frozen.cli.Main"));
        cmd.addAll(extractArgs(features));
        cmd.addAll(more);
        return cmd;
    }

    private static long chunks(Path features) throws IOException {
        if (!Files.isDirectory(features)) {
            return 0;
        }
        // The child renames train-*.arrow.tmp files while this looks; Files.walk fails on a name that vanishes
        // between listing and reading its attributes, so such a walk is simply taken again.
        while (true) {
            try (Stream<Path> walk = Files.walk(features)) {
                return walk.filter(p -> p.getFileName().toString().matches("train-\\d+-\\d+\\.arrow")).count();
            } catch (java.io.UncheckedIOException e) {
                if (!(e.getCause() instanceof java.nio.file.NoSuchFileException)) {
                    throw e;
                }
            }
        }
    }

    @Test
    void sigkilledExtractionResumesToIdenticalFeatures() throws Exception {
        Path features = tmp.resolve("killed");
        Process p = child(features);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (chunks(features) < 3 && p.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertTrue(p.isAlive(), "child finished before it could be killed: " + Files.readString(tmp.resolve("child.log")));
        p.destroyForcibly().waitFor(); // SIGKILL
        assertTrue(FeatureStore.list(features).isEmpty(), "a killed run must not leave a complete entry");
        long committed = chunks(features);
        assertTrue(committed >= 3, "committed chunks survive the kill");

        CliRun resumed = CliRun.in(tmp.resolve("home"), extractArgs(features).toArray(new String[0]));
        assertEquals(0, resumed.code(), resumed.toString());
        Path fresh = tmp.resolve("fresh");
        assertEquals(0, CliRun.in(tmp.resolve("home"), extractArgs(fresh).toArray(new String[0])).code());

        FeatureEntry a = FeatureStore.resolve(features, null), b = FeatureStore.resolve(fresh, null);
        assertEquals(b.name(), a.name());
        for (Split split : Split.values()) {
            FeatureSet x = a.load(split), y = b.load(split);
            assertArrayEquals(y.labels(), x.labels());
            for (int i = 0; i < y.size(); i++) {
                assertArrayEquals(y.features()[i], x.features()[i], split + " row " + i);
            }
        }
    }

    @Test
    void concurrentExtractionsOfOneEntryWaitInsteadOfCorrupting() throws Exception {
        Path features = tmp.resolve("shared");
        Process p = child(features);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (chunks(features) < 1 && p.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        CliRun second = CliRun.in(tmp.resolve("home"), extractArgs(features).toArray(new String[0]));
        assertEquals(0, p.waitFor(), Files.readString(tmp.resolve("child.log")));
        assertEquals(0, second.code(), second.toString());
        assertTrue(second.out().startsWith("cache hit"), "the waiter finds the finished entry: " + second);
        FeatureEntry entry = FeatureStore.resolve(features, null);
        assertEquals(20, entry.load(Split.TRAIN).size());
        assertEquals(4, entry.load(Split.TEST).size());
    }

    @Test
    void fullDiskLeavesNoCompleteEntryAndSaysSo() throws Exception {
        Path small = Files.createDirectories(tmp.resolve("small"));
        Process mount = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=200k", "tmpfs", small.toString())
                .redirectErrorStream(true).start();
        boolean mounted = mount.waitFor(10, TimeUnit.SECONDS) && mount.exitValue() == 0;
        Assumptions.assumeTrue(mounted, "needs permission to mount a small tmpfs");
        try {
            CliRun run = CliRun.in(tmp.resolve("home"), extractArgs(small).toArray(new String[0]));
            assertEquals(1, run.code(), run.toString());
            assertTrue(run.cleanError(), run.toString());
            assertTrue(run.err().contains("no space left on device") && run.err().contains("rerun the same command"),
                    run.toString());
            assertFalse(run.err().contains("--force"), "a plain rerun resumes, so --force is not the advice: " + run);
            assertTrue(FeatureStore.list(small).isEmpty());
        } finally {
            new ProcessBuilder("umount", small.toString()).start().waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static boolean mount(Path dir, String size) throws Exception {
        Process mount = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=" + size, "tmpfs", dir.toString())
                .redirectErrorStream(true).start();
        return mount.waitFor(10, TimeUnit.SECONDS) && mount.exitValue() == 0;
    }

    @Test
    void diskFullDuringTheFinalJoinSaysSoAndAPlainRerunResumes() throws Exception {
        // Room for every committed batch (about 1.6 MB) but not for the joined copy of them.
        Path small = Files.createDirectories(tmp.resolve("join"));
        Assumptions.assumeTrue(mount(small, "2300k"), "needs permission to mount a small tmpfs");
        try {
            CliRun run = CliRun.in(tmp.resolve("home"), extractArgs(small).toArray(new String[0]));
            assertEquals(1, run.code(), run.toString());
            assertTrue(run.cleanError(), run.toString());
            assertTrue(run.err().contains("no space left on device") && run.err().contains("free space and rerun the same command"),
                    run.toString());
            assertFalse(run.err().contains("--force") || run.err().contains("corrupt"), run.toString());
            assertTrue(FeatureStore.list(small).isEmpty());
            assertEquals(24, chunks(small) + testChunks(small), "every batch was committed before the join");

            new ProcessBuilder("mount", "-o", "remount,size=8m", small.toString()).start().waitFor(10, TimeUnit.SECONDS);
            CliRun resumed = CliRun.in(tmp.resolve("home"), extractArgs(small).toArray(new String[0]));
            assertEquals(0, resumed.code(), resumed.toString());
            assertTrue(resumed.out().contains(", 0.0 img/s"), "no image is recomputed: " + resumed);
            assertEquals(0, CliRun.in(tmp.resolve("home"), "verify", "--features-dir", small.toString()).code());
        } finally {
            new ProcessBuilder("umount", small.toString()).start().waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static long testChunks(Path features) throws IOException {
        try (Stream<Path> walk = Files.walk(features)) {
            return walk.filter(p -> p.getFileName().toString().matches("test-\\d+-\\d+\\.arrow")).count();
        }
    }

    private static List<String> runFiles(Path features) throws IOException {
        try (Stream<Path> walk = Files.walk(features)) {
            return walk.filter(p -> p.getParent().getFileName().toString().equals("runs"))
                    .map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    /** Every model folder has its record and every record its model folder. */
    private static void assertRunsComplete(Path features) throws IOException {
        List<String> files = runFiles(features);
        for (String f : files) {
            if (f.endsWith(".model")) {
                assertTrue(files.contains(f.replace(".model", ".json")), "orphan model " + f + " in " + files);
            } else if (f.endsWith(".json")) {
                assertTrue(files.contains(f.replace(".json", ".model")), "record without model " + f + " in " + files);
            }
        }
    }

    @Test
    void diskFullDuringFitLeavesNoOrphanModelAndSaysSo() throws Exception {
        Path small = Files.createDirectories(tmp.resolve("fitfull"));
        Assumptions.assumeTrue(mount(small, "8m"), "needs permission to mount a small tmpfs");
        try {
            Path images = dev.frozen.data.SyntheticImages.generate(tmp.resolve("imgs"), 3, 8, 3, 32, 5);
            CliRun extract = CliRun.in(tmp.resolve("home"), "extract", "--dataset", "folder", "--data", images.toString(), "--weights", "random:2",
                    "--input-size", "64", "--layer", "block3_pool", "--features-dir", small.toString());
            assertEquals(0, extract.code(), extract.toString());
            Path filler = small.resolve("filler");
            try (var out = Files.newOutputStream(filler)) {
                byte[] block = new byte[64 * 1024];
                while (true) {
                    out.write(block); // until the disk is full
                }
            } catch (IOException full) {
                // expected: no space left
            }
            CliRun fit = CliRun.in(tmp.resolve("home"), "fit", "--head", "logreg", "--features-dir", small.toString());
            assertEquals(1, fit.code(), fit.toString());
            assertTrue(fit.cleanError() && fit.err().contains("no space left on device")
                    && fit.err().contains("free space and rerun the same command"), fit.toString());
            assertEquals(List.of(), runFiles(small).stream().filter(f -> !f.equals("runs")).toList(),
                    "no model, record or staging folder is left");
            Files.delete(filler);
            CliRun again = CliRun.in(tmp.resolve("home"), "fit", "--head", "logreg", "--features-dir", small.toString());
            assertEquals(0, again.code(), again.toString());
            assertRunsComplete(small);
            assertEquals(2, runFiles(small).size());
        } finally {
            new ProcessBuilder("umount", small.toString()).start().waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void sigkilledFitsNeverLeaveAnOrphanModel() throws Exception {
        Path features = tmp.resolve("fits");
        assertEquals(0, CliRun.in(tmp.resolve("home"), extractArgs(features).toArray(new String[0])).code());
        java.util.Random random = new java.util.Random(1);
        for (int i = 0; i < 4; i++) {
            List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "--add-opens=java.base/java.nio=ALL-UNNAMED", "-Xmx1g", "-cp", System.getProperty("java.class.path"), "dev.frozen.cli.Main", "fit", "--head", "logreg",
                    "--features-dir", features.toString()));
            ProcessBuilder fit = new ProcessBuilder(cmd);
            fit.environment().put("FROZEN_HOME", tmp.resolve("home").toString());
            Process p = fit.redirectErrorStream(true).redirectOutput(tmp.resolve("fit.log").toFile()).start();
            Thread.sleep(500 + random.nextInt(2500));
            p.destroyForcibly().waitFor(); // SIGKILL at a random point, sometimes after it finished
            CliRun compare = CliRun.in(tmp.resolve("home"), "compare", "--features-dir", features.toString()); // any reader finishes a half publish
            assertTrue(compare.code() == 0 || compare.err().contains("no runs found"), compare.toString());
            assertRunsComplete(features);
        }
    }

    @Test
    void sigkilledForcedReextractionsNeverLoseARun() throws Exception {
        Path features = tmp.resolve("forced");
        assertEquals(0, CliRun.in(tmp.resolve("home"), extractArgs(features).toArray(new String[0])).code());
        CliRun fit = CliRun.in(tmp.resolve("home"), "fit", "--head", "logreg", "--features-dir", features.toString());
        assertEquals(0, fit.code(), fit.toString());
        FeatureEntry entry = FeatureStore.resolve(features, null);
        String record;
        try (Stream<Path> s = Files.list(entry.runsDir())) {
            record = s.filter(p -> p.toString().endsWith(".json")).findFirst().orElseThrow().getFileName().toString();
        }
        String before = Files.readString(entry.runsDir().resolve(record));
        java.util.Random random = new java.util.Random(3);
        for (int i = 0; i < 4; i++) {
            Process p = child(features, List.of("--force"));
            Thread.sleep(800 + random.nextInt(4000));
            p.destroyForcibly().waitFor(); // SIGKILL anywhere: chunks, join, publish, or after it finished
            CliRun again = CliRun.in(tmp.resolve("home"), extractArgs(features).toArray(new String[0]));
            assertEquals(0, again.code(), again.toString());
            assertEquals(before, Files.readString(entry.runsDir().resolve(record)), "the run survives kill " + i);
            CliRun verify = CliRun.in(tmp.resolve("home"), "verify", "--features-dir", features.toString());
            assertEquals(0, verify.code(), verify.toString());
            CliRun compare = CliRun.in(tmp.resolve("home"), "compare", "--features-dir", features.toString());
            assertFalse(compare.out().contains("stale"), "deterministic re-extraction is not stale: " + compare);
        }
    }

    @Test
    void threeConcurrentExtractionsAgreeAndLeaveNoLockBehind() throws Exception {
        Path features = tmp.resolve("three");
        List<Process> children = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            children.add(new ProcessBuilder(childCommand(features, List.of())).redirectErrorStream(true)
                    .redirectOutput(tmp.resolve("child" + i + ".log").toFile()).start());
        }
        for (int i = 0; i < 3; i++) {
            assertEquals(0, children.get(i).waitFor(), Files.readString(tmp.resolve("child" + i + ".log")));
        }
        assertEquals(0, CliRun.in(tmp.resolve("home"), "verify", "--features-dir", features.toString()).code());
        try (Stream<Path> s = Files.list(features)) {
            assertEquals(1, s.count(), "one entry, no lock file, no work folder");
        }
    }
}
