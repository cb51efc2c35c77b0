package dev.frozen.cli;

import static org.junit.jupiter.api.Assertions.*;

import dev.frozen.DataError;
import dev.frozen.experiments.fit.FitTarget;
import dev.frozen.experiments.fit.Fitter;
import dev.frozen.features.EntryUse;
import dev.frozen.features.FeatureEntry;
import dev.frozen.features.FeatureSet;
import dev.frozen.features.FeatureStore;
import dev.frozen.features.TestManifests;
import dev.frozen.heads.HeadSpec;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * 'cache prune --delete' never removes an entry a reader (fit, predict) is using: readers hold a shared claim, prune
 * needs it exclusively and says when it skips. A fit whose entry vanished anyway publishes nothing.
 */
class PruneInUseTest {
    @TempDir Path tmp;

    private static FeatureSet set() {
        float[][] x = {{0, 1}, {1, 0}, {0, 2}, {2, 0}, {0, 3}, {3, 0}};
        return new FeatureSet(x, new int[] {0, 1, 0, 1, 0, 1}, List.of("a", "b"));
    }

    private FeatureEntry entry(Path dir) {
        return FeatureStore.write(dir, TestManifests.of("e1", 2, 6, 6, List.of("a", "b")), set(), set());
    }

    @Test
    void pruneSkipsAnEntryAnotherThreadReadsThenRemovesIt() throws Exception {
        Path dir = tmp.resolve("f");
        FeatureEntry entry = entry(dir);
        CountDownLatch held = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Thread reader = new Thread(() -> {
            try (EntryUse use = EntryUse.shared(entry)) {
                held.countDown();
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        reader.start();
        assertTrue(held.await(30, TimeUnit.SECONDS));
        try {
            CliRun dry = CliRun.of("cache", "prune", "--features-dir", dir.toString());
            assertTrue(dry.out().contains("would skip    " + entry.dir()), dry.out());
            CliRun prune = CliRun.of("cache", "prune", "--delete", "--features-dir", dir.toString());
            assertEquals(0, prune.code(), prune.toString());
            assertTrue(prune.out().contains("skipped       " + entry.dir() + "  (in use now"), prune.out());
            assertTrue(FeatureStore.isCompleteEntry(entry.dir()), "the entry in use stays");
            assertTrue(prune.out().contains("removed 0 item(s), 0.0 MB; 1 in use, skipped"), prune.out());
            assertFalse(Files.exists(dir.resolve("e1.lock")), "skipping leaves no lock file behind");
        } finally {
            release.countDown();
            reader.join();
        }
        CliRun after = CliRun.of("cache", "prune", "--delete", "--features-dir", dir.toString());
        assertTrue(after.out().contains("removed       " + entry.dir()), after.out());
        assertFalse(Files.exists(entry.dir()));
    }

    @Test
    void pruneSkipsAnEntryAnotherProcessReads() throws Exception {
        Path dir = tmp.resolve("f");
        FeatureEntry entry = entry(dir);
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-cp", System.getProperty("java.class.path"), "dev.frozen.features.EntryUseHolder",
                entry.dir().toString()));
        Process child = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream()));
            assertEquals("held", out.readLine());
            CliRun prune = CliRun.of("cache", "prune", "--delete", "--features-dir", dir.toString());
            assertTrue(prune.out().contains("skipped       " + entry.dir()), prune.out());
            assertTrue(FeatureStore.isCompleteEntry(entry.dir()));
        } finally {
            child.getOutputStream().close();
            assertTrue(child.waitFor(60, TimeUnit.SECONDS));
        }
        CliRun after = CliRun.of("cache", "prune", "--delete", "--features-dir", dir.toString());
        assertTrue(after.out().contains("removed       " + entry.dir()), after.out());
    }

    @Test
    void aReaderArrivingAfterPruneFindsTheEntryGone() {
        Path dir = tmp.resolve("f");
        FeatureEntry entry = entry(dir);
        assertEquals(0, CliRun.of("cache", "prune", "--delete", "--features-dir", dir.toString()).code());
        DataError e = assertThrows(DataError.class, () -> EntryUse.shared(entry));
        assertTrue(e.getMessage().contains("found it removed"), e.getMessage());
    }

    @Test
    void aFitWhoseEntryVanishedPublishesNothing() throws Exception {
        Path dir = tmp.resolve("f");
        FeatureEntry entry = entry(dir);
        FeatureSet rows = entry.load(dev.frozen.data.Split.TRAIN);
        dev.frozen.FileTrees.delete(entry.dir()); // removed while the fit trained, by hand or by an older prune
        FitTarget target = new FitTarget("e1", "block5_pool", 32, entry.runsDir(), null, "f", entry.manifestSha256(), null);
        HeadSpec spec = new HeadSpec(dev.frozen.heads.LogRegOptions.defaults(), 0, 1);
        DataError e = assertThrows(DataError.class, () -> Fitter.fit(target, rows, rows, spec, System.err));
        assertTrue(e.getMessage().contains("nothing was published"), e.getMessage());
        assertFalse(Files.exists(entry.dir()), "no runs folder appears where the entry was");
    }
}
