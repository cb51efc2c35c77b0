package dev.frozen.experiments.runs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.frozen.experiments.fit.Evaluation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunRecordTest {
    @TempDir
    Path tmp;

    @Test
    void jsonRoundTrip() throws Exception {
        for (RunRecord r : Runs.three()) {
            Path file = RunStore.writeRecord(tmp, r);
            assertEquals(tmp.resolve(r.runId() + ".json"), file);
            RunRecord back = RunStore.read(file);
            assertEquals(RunStore.toJson(r), RunStore.toJson(back));
            assertEquals(r.params().keySet(), back.params().keySet());
            assertArrayEquals(r.confusionMatrix(), back.confusionMatrix());
            assertEquals(r.valAccuracy(), back.valAccuracy());
        }
        String json = Files.readString(tmp.resolve("20260102-030407-000-logreg-cccccc.json"));
        assertTrue(json.contains("\"val_accuracy\" : null"), json);
        for (String key : List.of("run_id", "head", "params", "seed", "features_entry", "layer", "input_size",
                "test_accuracy", "per_class_accuracy", "confusion_matrix", "class_names", "fit_seconds",
                "predict_seconds", "train_rows", "val_rows", "test_rows", "created", "versions", "model_file")) {
            assertTrue(json.contains("\"" + key + "\""), key);
        }
    }

    @Test
    void runIdsSortByTimeAndDiffer() {
        Instant t = Instant.parse("2026-01-02T03:04:05.006Z");
        String a = RunStore.newRunId("svm", t);
        String b = RunStore.newRunId("svm", t);
        assertTrue(a.matches("20260102-030405-006-svm-[0-9a-f]{6}"), a);
        assertNotEquals(a, b);
        assertTrue(RunStore.newRunId("svm", t.plusMillis(1)).compareTo(a) > 0);
    }

    @Test
    void evaluation() {
        Evaluation e = Evaluation.of(new int[] {0, 0, 1, 1}, new int[] {0, 1, 1, 1}, List.of("a", "b", "c"));
        assertEquals(0.75, e.accuracy());
        assertEquals(0.5, e.perClassAccuracy().get(0));
        assertEquals(1.0, e.perClassAccuracy().get(1));
        assertNull(e.perClassAccuracy().get(2));
        assertArrayEquals(new int[][] {{1, 1, 0}, {0, 2, 0}, {0, 0, 0}}, e.confusion());
    }
}
