package dev.frozen.experiments.runs;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.frozen.DataError;
import dev.frozen.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A run's per-row answers on the test split, kept in its model folder as {@value #FILE} so that runs can be
 * compared pairwise (McNemar) and scored (log-loss, calibration) without refitting. Rows are in the entry's test
 * order; {@code scores} are class probabilities when {@code probabilities} is true, else decision values.
 */
public record TestPredictions(
        @JsonProperty("labels") int[] labels,
        @JsonProperty("predicted") int[] predicted,
        @JsonProperty("probabilities") boolean probabilities,
        @JsonProperty("scores") float[][] scores) {
    public static final String FILE = "test_predictions.json";

    public TestPredictions {
        if (labels == null || predicted == null || labels.length != predicted.length
                || (scores != null && scores.length != labels.length)) {
            throw new IllegalArgumentException("labels, predictions and scores must have one entry per test row");
        }
    }

    /** From a head's scores: the predicted class is each row's arg max, as {@code Head.predict} does. */
    public static TestPredictions of(int[] labels, double[][] scores, boolean probabilities) {
        int[] predicted = new int[scores.length];
        float[][] compact = new float[scores.length][];
        for (int i = 0; i < scores.length; i++) {
            int arg = 0;
            compact[i] = new float[scores[i].length];
            for (int c = 0; c < scores[i].length; c++) {
                compact[i][c] = (float) scores[i][c];
                if (scores[i][c] > scores[i][arg]) {
                    arg = c;
                }
            }
            predicted[i] = arg;
        }
        return new TestPredictions(labels.clone(), predicted, probabilities, compact);
    }

    /** Probabilities as doubles, or null when the scores are not probabilities. */
    public double[][] probabilityMatrix() {
        if (!probabilities || scores == null) {
            return null;
        }
        double[][] p = new double[scores.length][];
        for (int i = 0; i < scores.length; i++) {
            p[i] = new double[scores[i].length];
            for (int c = 0; c < p[i].length; c++) {
                p[i][c] = scores[i][c];
            }
        }
        return p;
    }

    /** Writes {@value #FILE} into {@code modelDir} (compact: one test set can be tens of thousands of rows). */
    public void write(Path modelDir) throws IOException {
        Files.write(modelDir.resolve(FILE), Json.MAPPER.writer().without(SerializationFeature.INDENT_OUTPUT).writeValueAsBytes(this));
    }

    /** The predictions saved with a run, or empty for runs recorded before they were kept. */
    public static Optional<TestPredictions> read(Path modelDir) {
        Path f = modelDir.resolve(FILE);
        if (!Files.isRegularFile(f)) {
            return Optional.empty();
        }
        try {
            return Optional.of(Json.MAPPER.readValue(f.toFile(), TestPredictions.class));
        } catch (IOException | IllegalArgumentException e) {
            throw new DataError("cannot read the test predictions " + f + ": " + dev.frozen.Plain.describe(e), e);
        }
    }
}
