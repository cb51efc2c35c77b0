package dev.frozen.features;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.frozen.backbone.Pooling;
import dev.frozen.backbone.Precision;
import dev.frozen.backbone.Preprocessing;
import java.util.List;
import java.util.Map;

/**
 * What a feature entry holds and how it was made. Stored as {@code manifest.json} beside the Arrow files and
 * again in their schema metadata. Every field that changes the numbers also feeds the entry's cache key. This record
 * is the JSON form (its field order and absent defaults are the file format); code reads the settings through
 * {@link #settings()} and makes new manifests with {@link #of}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Manifest(
        @JsonProperty("format_version") int formatVersion,
        @JsonProperty("entry") String entry,
        @JsonProperty("dataset") Dataset dataset,
        @JsonProperty("weights") Weights weights,
        @JsonProperty("backbone") String backbone,
        @JsonProperty("layer") String layer,
        @JsonProperty("input_size") int inputSize,
        @JsonProperty("preprocessing") String preprocessing,
        @JsonProperty("feature_shape") List<Integer> featureShape,
        @JsonProperty("feature_dim") int featureDim,
        @JsonProperty("rows") Map<String, Integer> rows,
        @JsonProperty("class_names") List<String> classNames,
        @JsonProperty("files") Map<String, FileInfo> files,
        @JsonProperty("versions") Map<String, String> versions,
        @JsonProperty("created") String created,
        @JsonProperty("pooling") String pooling,
        @JsonProperty("precision") String precision,
        @JsonProperty("augment") String augment) {

    /** A manifest without augmentation ({@code augment} null: the train split holds the original images only). */
    public Manifest(int formatVersion, String entry, Dataset dataset, Weights weights, String backbone, String layer,
            int inputSize, String preprocessing, List<Integer> featureShape, int featureDim, Map<String, Integer> rows,
            List<String> classNames, Map<String, FileInfo> files, Map<String, String> versions, String created,
            String pooling, String precision) {
        this(formatVersion, entry, dataset, weights, backbone, layer, inputSize, preprocessing, featureShape, featureDim,
                rows, classNames, files, versions, created, pooling, precision, null);
    }

    public static final int FORMAT_VERSION = 1;

    /** The images the features came from. */
    public record Dataset(
            @JsonProperty("kind") String kind,
            @JsonProperty("name") String name,
            @JsonProperty("fingerprint") String fingerprint,
            @JsonProperty("location") String location) {}

    /**
     * The frozen weights: {@code id} is {@code imagenet}, {@code random:SEED} or a file name; {@code path} is
     * the absolute path of a user-supplied file (null otherwise), so heads that fine-tune can reload it.
     */
    public record Weights(
            @JsonProperty("id") String id,
            @JsonProperty("sha256") String sha256,
            @JsonProperty("random") boolean random,
            @JsonProperty("path") String path) {
        public Weights(String id, String sha256, boolean random) {
            this(id, sha256, random, null);
        }
    }

    /**
     * One Arrow file of the entry: its size and SHA-256 (checked by {@code verify} and {@code fit}), its row
     * count, and {@code content_sha256}, a digest of its rows alone (labels and feature values, not the schema
     * metadata), which tells whether a re-extraction produced the same features. The last two are null in
     * entries written before they existed. A split written as several shards ({@code train-00000.arrow},
     * {@code train-00001.arrow}, ...) lists each with {@code first_row}: the shard holds rows
     * {@code [first_row, first_row + rows)} of the split, and the shards of a split tile it without gaps.
     * {@code row_hash_sum} is the file's part of the entry's rows digest ({@link RowHashes}; null in older entries).
     */
    public record FileInfo(@JsonProperty("bytes") long bytes, @JsonProperty("sha256") String sha256,
            @JsonProperty("rows") Integer rows, @JsonProperty("content_sha256") String contentSha256,
            @JsonProperty("first_row") Integer firstRow, @JsonProperty("row_hash_sum") String rowHashSum) {
        public FileInfo(long bytes, String sha256) {
            this(bytes, sha256, null, null, null, null);
        }

        /** A whole-split file ({@code train.arrow}): no {@code first_row}, it starts at row 0. */
        public FileInfo(long bytes, String sha256, Integer rows, String contentSha256) {
            this(bytes, sha256, rows, contentSha256, null, null);
        }

        /** A file without {@code row_hash_sum} (as written before it existed). */
        public FileInfo(long bytes, String sha256, Integer rows, String contentSha256, Integer firstRow) {
            this(bytes, sha256, rows, contentSha256, firstRow, null);
        }

        /** The first row of the split this file holds: {@code first_row} for a shard, 0 for a whole-split file. */
        public int start() {
            return firstRow == null ? 0 : firstRow;
        }
    }

    /**
     * A new entry's manifest, before its files are known: the settings' fields as the JSON stores them (pooling,
     * precision and augment at their defaults written as absent, as in entries made before each existed), with
     * the feature shape they give.
     */
    public static Manifest of(String entry, Dataset dataset, Weights weights, ExtractionSettings s,
            Map<String, Integer> rows, List<String> classNames, Map<String, String> versions, String created) {
        return new Manifest(FORMAT_VERSION, entry, dataset, weights, "vgg16", s.layer(), s.inputSize(),
                s.preprocessing().id(), s.featureShape(), s.featureDim(), rows, classNames, Map.of(), versions, created,
                s.pooling() == Pooling.NONE ? null : s.pooling().id(),
                s.precision() == Precision.FP32 ? null : s.precision().id(),
                s.augment() == Augment.NONE ? null : s.augment().id());
    }

    /**
     * How the base was run for this entry, parsed from the JSON fields once; the batch size is not recorded, so it
     * reads as automatic. A value no setting can take is a damaged manifest (a data error naming the entry).
     */
    public ExtractionSettings settings() {
        try {
            return ExtractionSettings.builder().layer(layer).inputSize(inputSize)
                    .preprocessing(preprocessing == null ? null : Preprocessing.parse(preprocessing))
                    .pooling(poolingMode()).precision(precisionMode()).augment(Augment.of(this)).build();
        } catch (dev.frozen.InvalidOption e) {
            throw new dev.frozen.DataError("the manifest of entry " + entry + " is damaged: " + e.getMessage()
                    + "; rebuild it with 'frozen extract " + dev.frozen.Setting.flag("force") + "'", e);
        }
    }

    /** Global pooling applied to the layer output: none (also written as absent, as in entries made before it existed), avg or max. */
    public Pooling poolingMode() {
        return pooling == null ? Pooling.NONE : Pooling.parse(pooling);
    }

    /** The arithmetic the features were computed in: fp32 (also when absent) or bf16. */
    public Precision precisionMode() {
        return precision == null ? Precision.FP32 : Precision.parse(precision);
    }

    public Manifest {
        featureShape = featureShape == null ? null : List.copyOf(featureShape);
        classNames = classNames == null ? null : List.copyOf(classNames);
        // Sorted, so manifest.json is byte-stable whatever map the caller passed.
        rows = sorted(rows);
        files = sorted(files);
        versions = sorted(versions);
    }

    private static <V> Map<String, V> sorted(Map<String, V> m) {
        return m == null ? null : java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(m));
    }

    public Manifest withFiles(Map<String, FileInfo> newFiles) {
        return new Manifest(formatVersion, entry, dataset, weights, backbone, layer, inputSize, preprocessing,
                featureShape, featureDim, rows, classNames, newFiles, versions, created, pooling, precision, augment);
    }

    /**
     * The rows digest ({@link RowHashes}): labels and feature values in row order, the same whether a split is one
     * file or shards; null for entries written before files recorded {@code row_hash_sum}. Equal digests mean the
     * same rows; this is what decides whether a run is stale.
     */
    public String rowsDigest() {
        return RowHashes.digest(files);
    }

    /**
     * A digest of the features per file (every file's rows, in file-name order), independent of when or by
     * which process they were written; null when an older entry lacks the per-file digests. It depends on how the
     * rows are split into files; {@link #rowsDigest()} does not, and runs record both.
     */
    public String featuresDigest() {
        if (files == null || files.isEmpty()) {
            return null;
        }
        StringBuilder all = new StringBuilder();
        for (String name : new java.util.TreeSet<>(files.keySet())) {
            String c = files.get(name).contentSha256();
            if (c == null) {
                return null;
            }
            all.append(name).append('=').append(c).append('\n');
        }
        return Integrity.sha256(all.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
}
