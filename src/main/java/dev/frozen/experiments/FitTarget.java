package dev.frozen.experiments;

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
}
