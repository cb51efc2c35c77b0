package dev.frozen.experiments.fit;

import dev.frozen.heads.CachedLayer;
import java.nio.file.Path;

/**
 * Where a fit's features came from (recorded in the run record and the saved head) and the runs folder its
 * outputs go to. {@code source} (may be null) describes the cached layer for heads that rebuild convolution
 * blocks; the digests (may be null for in-memory features) identify the entry's features (per file, and its
 * rows whatever the file layout) and manifest.
 */
public record FitTarget(String featuresEntry, String layer, int inputSize, Path runsDir, CachedLayer source,
        String featuresSha256, String manifestSha256, String rowsSha256) {
    public FitTarget(String featuresEntry, String layer, int inputSize, Path runsDir) {
        this(featuresEntry, layer, inputSize, runsDir, null, null, null, null);
    }

    /** What a saved head records about the features it was fitted on, for run {@code runId}; null digests left out. */
    java.util.Map<String, String> headSource(String runId) {
        java.util.Map<String, String> source = new java.util.LinkedHashMap<>();
        source.put("entry", featuresEntry);
        source.put("run_id", runId);
        if (manifestSha256 != null) {
            source.put("manifest_sha256", manifestSha256);
        }
        if (featuresSha256 != null) {
            source.put("features_sha256", featuresSha256);
        }
        if (rowsSha256 != null) {
            source.put("rows_sha256", rowsSha256);
        }
        return source;
    }
}
