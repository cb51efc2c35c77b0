package dev.frozen.experiments.pipeline;

import static org.junit.jupiter.api.Assertions.*;

import dev.frozen.experiments.runs.RunRecord;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ChosenIndexTest {
    private static Map<String, Object> tried(String key, double value, double score) {
        return Map.of("params", Map.of(key, value, "tol", 1e-4), "val_accuracy", score);
    }

    @Test
    void theChosenIndexOfARecordIsTheFirstBestScore() {
        RunRecord r = new RunRecord("id", "svm", Map.of(), 1, 0.1, "e", "l", 48, 0.8, 0.5, List.of(), new int[0][0],
                List.of(), 1, 1, 1, 1, 1, "c", Map.of(), "m", null, null,
                List.of(tried("C", 0.001, 0.7), tried("C", 0.01, 0.8), tried("C", 0.1, 0.8)), true, null, null, null, null, null);
        assertEquals(1, PipelineRunner.chosenIndex(r));
    }
}
