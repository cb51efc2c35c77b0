package dev.frozen.experiments.runs;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/**
 * One fitted head, as stored in {@code <entry>/runs/<run_id>.json}. {@code model_file} is relative to the
 * runs folder and names the saved model folder. {@code val_accuracy} is null when no validation split was held
 * out; times are wall-clock seconds. {@code search} lists every setting tried when hyperparameters were searched
 * (each with {@code params} and {@code val_accuracy} or {@code cv_accuracy}; null when one setting was fitted), and
 * {@code converged} is false when a solver stopped at its iteration limit (null where that is not known). {@code rows_sha256} is the entry's rows digest at fit time
 * (labels and values in row order, whatever the file layout) and {@code features_sha256} its per-file features digest
 * (either is null in older records): when the entry is re-extracted with different rows, the run is stale. {@code epochs} lists, for the dense head,
 * each epoch's mean training loss and its validation loss and accuracy (null for other heads and older records). {@code pipeline} names
 * the pipeline that fitted the run (null for a plain {@code fit}), for {@code compare --pipeline}. {@code seeds} lists
 * each seed's result when one setting was trained with several seeds (null for one seed, as in older records): then
 * {@code test_accuracy} and {@code val_accuracy} are the means over seeds, {@code confusion_matrix} their sum,
 * {@code fit_seconds} the total, and the saved model is the first seed's. {@code augment} names the augmented
 * copies trained on ({@code hflip}; null for none).
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record RunRecord(
        @JsonProperty("run_id") String runId,
        @JsonProperty("head") String head,
        @JsonProperty("params") Map<String, Object> params,
        @JsonProperty("seed") long seed,
        @JsonProperty("val_fraction") double valFraction,
        @JsonProperty("features_entry") String featuresEntry,
        @JsonProperty("layer") String layer,
        @JsonProperty("input_size") int inputSize,
        @JsonProperty("val_accuracy") Double valAccuracy,
        @JsonProperty("test_accuracy") double testAccuracy,
        @JsonProperty("per_class_accuracy") List<Double> perClassAccuracy,
        @JsonProperty("confusion_matrix") int[][] confusionMatrix,
        @JsonProperty("class_names") List<String> classNames,
        @JsonProperty("fit_seconds") double fitSeconds,
        @JsonProperty("predict_seconds") double predictSeconds,
        @JsonProperty("train_rows") int trainRows,
        @JsonProperty("val_rows") int valRows,
        @JsonProperty("test_rows") int testRows,
        @JsonProperty("created") String created,
        @JsonProperty("versions") Map<String, String> versions,
        @JsonProperty("model_file") String modelFile,
        @JsonProperty("features_sha256") String featuresSha256,
        @JsonProperty("manifest_sha256") String manifestSha256,
        @JsonProperty("search") List<Map<String, Object>> search,
        @JsonProperty("converged") Boolean converged,
        @JsonProperty("rows_sha256") String rowsSha256,
        @JsonProperty("epochs") List<Map<String, Object>> epochs,
        @JsonProperty("pipeline") String pipeline,
        @JsonProperty("seeds") List<SeedResult> seeds,
        @JsonProperty("augment") String augment) {

    /**
     * One seed of a multi-seed run: its seed, accuracies, fit time, the dense head's kept epoch (null for other
     * heads) and its predicted class per test row, in the entry's test order.
     */
    public record SeedResult(
            @JsonProperty("seed") long seed,
            @JsonProperty("val_accuracy") Double valAccuracy,
            @JsonProperty("test_accuracy") double testAccuracy,
            @JsonProperty("fit_seconds") double fitSeconds,
            @JsonProperty("kept_epoch") Integer keptEpoch,
            @JsonProperty("predicted") int[] predicted) {}

    /**
     * A record of one seed without augmentation, rows digest, epoch log or pipeline (the form before those fields
     * existed).
     */
    public RunRecord(String runId, String head, Map<String, Object> params, long seed, double valFraction,
            String featuresEntry, String layer, int inputSize, Double valAccuracy, double testAccuracy,
            List<Double> perClassAccuracy, int[][] confusionMatrix, List<String> classNames, double fitSeconds,
            double predictSeconds, int trainRows, int valRows, int testRows, String created,
            Map<String, String> versions, String modelFile, String featuresSha256, String manifestSha256,
            List<Map<String, Object>> search, Boolean converged) {
        this(runId, head, params, seed, valFraction, featuresEntry, layer, inputSize, valAccuracy, testAccuracy,
                perClassAccuracy, confusionMatrix, classNames, fitSeconds, predictSeconds, trainRows, valRows, testRows,
                created, versions, modelFile, featuresSha256, manifestSha256, search, converged, null, null, null, null,
                null);
    }

    /** The test accuracy of every seed: the one test accuracy for a single-seed run. */
    public List<Double> seedAccuracies() {
        return seeds == null || seeds.isEmpty() ? List.of(testAccuracy)
                : seeds.stream().map(SeedResult::testAccuracy).toList();
    }

    /** How many hyperparameter settings were tried: the search's size, or 1. */
    public int settingsTried() {
        return search == null || search.isEmpty() ? 1 : search.size();
    }

    /** A record without provenance digests (as written before they existed, and by tests of reports). */
    public RunRecord(String runId, String head, Map<String, Object> params, long seed, double valFraction,
            String featuresEntry, String layer, int inputSize, Double valAccuracy, double testAccuracy,
            List<Double> perClassAccuracy, int[][] confusionMatrix, List<String> classNames, double fitSeconds,
            double predictSeconds, int trainRows, int valRows, int testRows, String created,
            Map<String, String> versions, String modelFile) {
        this(runId, head, params, seed, valFraction, featuresEntry, layer, inputSize, valAccuracy, testAccuracy,
                perClassAccuracy, confusionMatrix, classNames, fitSeconds, predictSeconds, trainRows, valRows, testRows,
                created, versions, modelFile, null, null, null, null, null, null, null, null, null);
    }
}
