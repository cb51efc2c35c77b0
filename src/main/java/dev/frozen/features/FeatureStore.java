package dev.frozen.features;

import java.nio.file.Path;
import java.util.List;

/** The features folder: lists, resolves and writes complete entries. */
public final class FeatureStore {
    private FeatureStore() {}

    /** Complete entries under {@code featuresDir}, sorted by name; an absent folder has none. */
    public static List<FeatureEntry> list(Path featuresDir) {
        throw new UnsupportedOperationException("lands with the Arrow store");
    }

    /**
     * The entry called {@code name}, or the only entry when {@code name} is null. Throws a {@code DataError}
     * telling the user to run {@code extract} when there is none, and a {@code UsageError} listing the
     * entries when there are several.
     */
    public static FeatureEntry resolve(Path featuresDir, String name) {
        throw new UnsupportedOperationException("lands with the Arrow store");
    }

    /** Writes a complete entry named {@code manifest.entry()} from in-memory splits (tests, tools). */
    public static FeatureEntry write(Path featuresDir, Manifest manifest, FeatureSet train, FeatureSet test) {
        throw new UnsupportedOperationException("lands with the Arrow store");
    }
}
