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

    /** The test accuracy of every seed: the one test accuracy for a single-seed run. */
    public List<Double> seedAccuracies() {
        return seeds == null || seeds.isEmpty() ? List.of(testAccuracy)
                : seeds.stream().map(SeedResult::testAccuracy).toList();
    }

    /** How many hyperparameter settings were tried: the search's size, or 1. */
    public int settingsTried() {
        return search == null || search.isEmpty() ? 1 : search.size();
    }

    /** A builder with every field unset (null, or zero for numbers), for a new record. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this record's fields, for a copy that differs in a few. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.runId = runId;
        b.head = head;
        b.params = params;
        b.seed = seed;
        b.valFraction = valFraction;
        b.featuresEntry = featuresEntry;
        b.layer = layer;
        b.inputSize = inputSize;
        b.valAccuracy = valAccuracy;
        b.testAccuracy = testAccuracy;
        b.perClassAccuracy = perClassAccuracy;
        b.confusionMatrix = confusionMatrix;
        b.classNames = classNames;
        b.fitSeconds = fitSeconds;
        b.predictSeconds = predictSeconds;
        b.trainRows = trainRows;
        b.valRows = valRows;
        b.testRows = testRows;
        b.created = created;
        b.versions = versions;
        b.modelFile = modelFile;
        b.featuresSha256 = featuresSha256;
        b.manifestSha256 = manifestSha256;
        b.search = search;
        b.converged = converged;
        b.rowsSha256 = rowsSha256;
        b.epochs = epochs;
        b.pipeline = pipeline;
        b.seeds = seeds;
        b.augment = augment;
        return b;
    }

    /**
     * Sets a record's fields by name, so that adding a field touches only this record and the places that set it.
     * Unset fields are null (zero for numbers), as JSON from before that field existed reads.
     */
    public static final class Builder {
        private String runId;
        private String head;
        private Map<String, Object> params;
        private long seed;
        private double valFraction;
        private String featuresEntry;
        private String layer;
        private int inputSize;
        private Double valAccuracy;
        private double testAccuracy;
        private List<Double> perClassAccuracy;
        private int[][] confusionMatrix;
        private List<String> classNames;
        private double fitSeconds;
        private double predictSeconds;
        private int trainRows;
        private int valRows;
        private int testRows;
        private String created;
        private Map<String, String> versions;
        private String modelFile;
        private String featuresSha256;
        private String manifestSha256;
        private List<Map<String, Object>> search;
        private Boolean converged;
        private String rowsSha256;
        private List<Map<String, Object>> epochs;
        private String pipeline;
        private List<SeedResult> seeds;
        private String augment;

        private Builder() {}

        public Builder runId(String runId) {
            this.runId = runId;
            return this;
        }

        public Builder head(String head) {
            this.head = head;
            return this;
        }

        public Builder params(Map<String, Object> params) {
            this.params = params;
            return this;
        }

        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        public Builder valFraction(double valFraction) {
            this.valFraction = valFraction;
            return this;
        }

        public Builder featuresEntry(String featuresEntry) {
            this.featuresEntry = featuresEntry;
            return this;
        }

        public Builder layer(String layer) {
            this.layer = layer;
            return this;
        }

        public Builder inputSize(int inputSize) {
            this.inputSize = inputSize;
            return this;
        }

        public Builder valAccuracy(Double valAccuracy) {
            this.valAccuracy = valAccuracy;
            return this;
        }

        public Builder testAccuracy(double testAccuracy) {
            this.testAccuracy = testAccuracy;
            return this;
        }

        public Builder perClassAccuracy(List<Double> perClassAccuracy) {
            this.perClassAccuracy = perClassAccuracy;
            return this;
        }

        public Builder confusionMatrix(int[][] confusionMatrix) {
            this.confusionMatrix = confusionMatrix;
            return this;
        }

        public Builder classNames(List<String> classNames) {
            this.classNames = classNames;
            return this;
        }

        public Builder fitSeconds(double fitSeconds) {
            this.fitSeconds = fitSeconds;
            return this;
        }

        public Builder predictSeconds(double predictSeconds) {
            this.predictSeconds = predictSeconds;
            return this;
        }

        public Builder trainRows(int trainRows) {
            this.trainRows = trainRows;
            return this;
        }

        public Builder valRows(int valRows) {
            this.valRows = valRows;
            return this;
        }

        public Builder testRows(int testRows) {
            this.testRows = testRows;
            return this;
        }

        public Builder created(String created) {
            this.created = created;
            return this;
        }

        public Builder versions(Map<String, String> versions) {
            this.versions = versions;
            return this;
        }

        public Builder modelFile(String modelFile) {
            this.modelFile = modelFile;
            return this;
        }

        public Builder featuresSha256(String featuresSha256) {
            this.featuresSha256 = featuresSha256;
            return this;
        }

        public Builder manifestSha256(String manifestSha256) {
            this.manifestSha256 = manifestSha256;
            return this;
        }

        public Builder search(List<Map<String, Object>> search) {
            this.search = search;
            return this;
        }

        public Builder converged(Boolean converged) {
            this.converged = converged;
            return this;
        }

        public Builder rowsSha256(String rowsSha256) {
            this.rowsSha256 = rowsSha256;
            return this;
        }

        public Builder epochs(List<Map<String, Object>> epochs) {
            this.epochs = epochs;
            return this;
        }

        public Builder pipeline(String pipeline) {
            this.pipeline = pipeline;
            return this;
        }

        public Builder seeds(List<SeedResult> seeds) {
            this.seeds = seeds;
            return this;
        }

        public Builder augment(String augment) {
            this.augment = augment;
            return this;
        }

        /** The record with the fields set so far. */
        public RunRecord build() {
            return new RunRecord(runId, head, params, seed, valFraction, featuresEntry, layer, inputSize, valAccuracy,
                    testAccuracy, perClassAccuracy, confusionMatrix, classNames, fitSeconds, predictSeconds,
                    trainRows, valRows, testRows, created, versions, modelFile, featuresSha256, manifestSha256,
                    search, converged, rowsSha256, epochs, pipeline, seeds, augment);
        }
    }
}
