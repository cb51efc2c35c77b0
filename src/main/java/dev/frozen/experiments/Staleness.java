package dev.frozen.experiments;

import dev.frozen.features.FeatureEntry;
import java.util.Map;

/**
 * Whether a run still matches its feature entry. A run records the digest of the features it was fitted on;
 * when the entry has been re-extracted into different features (another engine, changed images under the same
 * fingerprint, a damaged file rebuilt), the run is stale: it is kept and listed, but marked.
 */
public final class Staleness {
    private Staleness() {}

    /**
     * Null when the run matches {@code entry} (or cannot be checked: records older than the digest), otherwise
     * the reason in a few words.
     */
    public static String of(RunRecord record, Map<String, String> source, FeatureEntry entry) {
        String fitted = record.featuresSha256() != null ? record.featuresSha256()
                : source == null ? null : source.get("features_sha256");
        if (fitted == null) {
            return null;
        }
        if (entry == null) {
            return "its feature entry is missing, incomplete or damaged";
        }
        String now = entry.manifest().featuresDigest();
        return fitted.equals(now) ? null : "entry " + entry.name() + " was re-extracted with different features";
    }
}
