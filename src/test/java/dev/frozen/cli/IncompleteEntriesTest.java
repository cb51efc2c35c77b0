package dev.frozen.cli;

import static org.junit.jupiter.api.Assertions.*;

import dev.frozen.UsageError;
import dev.frozen.experiments.runs.RunStore;
import dev.frozen.features.FeatureSet;
import dev.frozen.features.FeatureStore;
import dev.frozen.features.TestManifests;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Only complete entries exist for readers and listers: a killed prune's {@code .NAME.removing}, a work folder that
 * already holds its manifest, hidden scratch folders are invisible to fit, verify and compare, and prune cleans up
 * the {@code .removing} leftovers.
 */
class IncompleteEntriesTest {
    @TempDir Path tmp;

    @Test
    void leftoversWithAManifestAreNoEntriesAndPruneRemovesRemovingFolders() throws Exception {
        float[][] x = {{0, 1}, {1, 0}, {0, 2}, {2, 0}, {0, 3}, {3, 0}};
        FeatureSet set = new FeatureSet(x, new int[] {0, 1, 0, 1, 0, 1}, List.of("a", "b"));
        Path dir = tmp.resolve("f");
        for (String name : new String[] {"e1", "e0", "e2", "e3", "e4"}) {
            FeatureStore.write(dir, TestManifests.of(name, 2, 6, 6, List.of("a", "b")), set, set);
        }
        Files.move(dir.resolve("e0"), dir.resolve(".e0.removing")); // a prune killed after its rename
        Files.move(dir.resolve("e2"), dir.resolve("e2.partial")); // a publish killed after writing the manifest
        Files.move(dir.resolve("e3"), dir.resolve(".pull-1234")); // a killed pull's scratch copy
        Files.move(dir.resolve("e4"), dir.resolve(".e4.removing"));
        String hiddenRun = "20260101-000000-000-logreg-abcdef";
        RunStore.writeRecord(dir.resolve(".e4.removing/runs"), dev.frozen.experiments.runs.RunRecord.builder()
                .runId(hiddenRun).head("logreg").params(java.util.Map.of()).seed(1).valFraction(0).featuresEntry("e4")
                .layer("block5_pool").inputSize(32).testAccuracy(0.5).perClassAccuracy(List.of(0.5))
                .confusionMatrix(new int[][] {{1}}).classNames(List.of("a")).fitSeconds(1).predictSeconds(1)
                .trainRows(1).valRows(0).testRows(1).created("2026-01-01T00:00:00Z").versions(java.util.Map.of())
                .modelFile(hiddenRun + ".model").build());

        assertEquals(List.of(dir.resolve("e1")), FeatureStore.entryDirs(dir));
        assertThrows(UsageError.class, () -> FeatureStore.resolve(dir, ".e0.removing"));
        CliRun fit = CliRun.of("fit", "--head", "logreg", "--features-dir", dir.toString());
        assertEquals(0, fit.code(), fit.toString());
        assertTrue(fit.out().startsWith("fitting logreg on e1 "), fit.out());
        CliRun verify = CliRun.of("verify", "--features-dir", dir.toString());
        assertEquals(0, verify.code(), verify.toString());
        assertFalse(verify.out().contains("ok    .e0") || verify.out().contains(".pull-") || verify.out().contains("ok    e2"),
                verify.out());
        assertTrue(verify.out().contains("note  leftover .e0.removing (of an interrupted 'cache prune'; not an entry"),
                verify.out());
        CliRun compare = CliRun.of("compare", "--format", "json", "--features-dir", dir.toString());
        assertEquals(0, compare.code(), compare.toString());
        assertFalse(compare.out().contains(hiddenRun), compare.out());

        CliRun prune = CliRun.of("cache", "prune", "--delete", "--leftovers-only", "--features-dir", dir.toString());
        assertEquals(0, prune.code(), prune.toString());
        assertTrue(prune.out().contains("removed       " + dir.resolve(".e0.removing") + "  (left by an interrupted 'cache prune'"),
                prune.out());
        assertFalse(Files.exists(dir.resolve(".e0.removing")));
        assertTrue(Files.exists(dir.resolve(".e4.removing/runs")), "a folder holding runs is never pruned");
        assertTrue(FeatureStore.isCompleteEntry(dir.resolve("e1")));
    }
}
