package dev.frozen.cli;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.frozen.DataError;
import dev.frozen.Json;
import dev.frozen.experiments.fit.Predictor;
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
 * A run is its record file: a copied record whose run_id names another run is reported as inconsistent, never
 * shown as a second run under that id, never used to find that run's model, and 'runs rm' of the copy removes
 * only the copy.
 */
class RunIdentityTest {
    @TempDir Path tmp;

    @Test
    void aCopiedRecordIsReportedAndRemovingItKeepsTheOriginal() throws Exception {
        float[][] x = {{0, 1}, {1, 0}, {0, 2}, {2, 0}, {0, 3}, {3, 0}};
        FeatureSet set = new FeatureSet(x, new int[] {0, 1, 0, 1, 0, 1}, List.of("a", "b"));
        Path dir = tmp.resolve("f");
        FeatureStore.write(dir, TestManifests.of("e1", 2, 6, 6, List.of("a", "b")), set, set);
        assertEquals(0, CliRun.of("fit", "--head", "logreg", "--features-dir", dir.toString()).code());
        RunStore.StoredRun original = RunStore.list(dir, null, w -> {}).get(0);
        String id = original.id();
        Path runs = original.runsDir();
        Files.copy(runs.resolve(id + ".json"), runs.resolve(id + "-backup.json"));

        CliRun compare = CliRun.of("compare", "--format", "json", "--features-dir", dir.toString());
        assertEquals(0, compare.code(), compare.toString());
        assertEquals(1, compare.out().split("\"run_id\"", -1).length - 1, "one run, shown once: " + compare.out());
        assertTrue(compare.err().contains(id + "-backup.json: inconsistent, its run_id is '" + id + "'"), compare.err());

        CliRun verify = CliRun.of("verify", "--features-dir", dir.toString());
        assertEquals(0, verify.code(), verify.toString());
        assertTrue(verify.out().contains("note  skipping run record") && verify.out().contains("inconsistent"), verify.out());

        DataError predict = assertThrows(DataError.class, () -> Predictor.open(dir, id + "-backup", null,
                new dev.frozen.FrozenHome(tmp.resolve("home")), w -> {}));
        assertTrue(predict.getMessage().contains("is inconsistent"), predict.getMessage());

        CliRun rm = CliRun.of("runs", "rm", id + "-backup", "--delete", "--features-dir", dir.toString());
        assertEquals(0, rm.code(), rm.toString());
        assertTrue(rm.out().startsWith("removed run " + id + "-backup ("), rm.out());
        assertFalse(Files.exists(runs.resolve(id + "-backup.json")));
        assertTrue(Files.isRegularFile(runs.resolve(id + ".json")), "the original record stays");
        assertTrue(Files.isDirectory(runs.resolve(id + ".model")), "the original model stays");
    }

    @Test
    void aRecordCopiedIntoAnotherEntryIsNeitherListedTwiceNorPickedSilently() throws Exception {
        float[][] x = {{0, 1}, {1, 0}, {0, 2}, {2, 0}, {0, 3}, {3, 0}};
        FeatureSet set = new FeatureSet(x, new int[] {0, 1, 0, 1, 0, 1}, List.of("a", "b"));
        Path dir = tmp.resolve("f");
        FeatureStore.write(dir, TestManifests.of("e1", 2, 6, 6, List.of("a", "b")), set, set);
        FeatureStore.write(dir, TestManifests.of("e2", 2, 6, 6, List.of("a", "b")), set, set);
        assertEquals(0, CliRun.of("fit", "--head", "logreg", "--features", "e1", "--features-dir", dir.toString()).code());
        String id = RunStore.list(dir, null, w -> {}).get(0).id();
        Files.createDirectories(dir.resolve("e2/runs"));
        Files.copy(dir.resolve("e1/runs/" + id + ".json"), dir.resolve("e2/runs/" + id + ".json"));

        CliRun compare = CliRun.of("compare", "--format", "json", "--features-dir", dir.toString());
        assertEquals(1, compare.out().split("\"run_id\"", -1).length - 1, compare.out());
        assertTrue(compare.err().contains("its features_entry is 'e1' but it lives in entry 'e2'"), compare.err());
        CliRun rm = CliRun.of("runs", "rm", id, "--delete", "--features-dir", dir.toString());
        assertEquals(2, rm.code(), rm.toString());
        assertTrue(rm.err().contains("is recorded in several entries"), rm.toString());
        assertTrue(Files.isRegularFile(dir.resolve("e1/runs/" + id + ".json")) && Files.isDirectory(dir.resolve("e1/runs/" + id + ".model")));
    }

    @Test
    void aRecordsModelFileNeverLeadsOutsideItsRunsFolder() throws Exception {
        Path runs = tmp.resolve("f/e1/runs");
        Files.createDirectories(runs);
        Path victim = tmp.resolve("victim.model");
        Files.createDirectories(victim);
        Files.writeString(victim.resolve("keep"), "x");
        String id = "20260101-000000-000-logreg-abcdef";
        ObjectNode record = (ObjectNode) Json.MAPPER.readTree(RunStore.toJson(dev.frozen.experiments.runs.RunRecord.builder()
                .runId(id).head("logreg").params(java.util.Map.of("lambda", 1.0)).seed(1).valFraction(0)
                .featuresEntry("e1").layer("block5_pool").inputSize(32).testAccuracy(0.5).perClassAccuracy(List.of(0.5))
                .confusionMatrix(new int[][] {{1}}).classNames(List.of("a")).fitSeconds(1).predictSeconds(1)
                .trainRows(1).valRows(0).testRows(1).created("2026-01-01T00:00:00Z").versions(java.util.Map.of())
                .modelFile("../../victim.model").build()));
        Files.writeString(runs.resolve(id + ".json"), Json.MAPPER.writeValueAsString(record));

        CliRun rm = CliRun.of("runs", "rm", id, "--delete", "--features-dir", tmp.resolve("f").toString());
        assertEquals(0, rm.code(), rm.toString());
        assertTrue(rm.out().contains("inconsistent, its model_file is '../../victim.model'"), rm.out());
        assertTrue(Files.isRegularFile(victim.resolve("keep")), "nothing outside the runs folder is removed");
        assertFalse(Files.exists(runs.resolve(id + ".json")));
    }
}
