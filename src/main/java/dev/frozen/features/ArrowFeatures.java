package dev.frozen.features;

import java.nio.file.Path;

/** Reads and writes the Arrow IPC file contract: {@code label} int32 and {@code features} FixedSizeList<float32>[D]. */
final class ArrowFeatures {
    private ArrowFeatures() {}

    static FeatureSet read(Path file, Manifest manifest, boolean verifyChecksum) {
        throw new UnsupportedOperationException("lands with the Arrow store");
    }
}
