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
        RunRecord r = RunRecord.builder().runId("id").head("svm").params(Map.of()).seed(1).valFraction(0.1)
                .featuresEntry("e").layer("l").inputSize(48).valAccuracy(0.8).testAccuracy(0.5)
                .perClassAccuracy(List.of()).confusionMatrix(new int[0][0]).classNames(List.of()).fitSeconds(1)
                .predictSeconds(1).trainRows(1).valRows(1).testRows(1).created("c").versions(Map.of()).modelFile("m")
                .search(List.of(tried("C", 0.001, 0.7), tried("C", 0.01, 0.8), tried("C", 0.1, 0.8))).converged(true)
                .build();
        assertEquals(1, PipelineRunner.chosenIndex(r));
    }
}
