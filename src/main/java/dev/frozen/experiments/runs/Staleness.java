package dev.frozen.experiments.runs;

import dev.frozen.features.FeatureEntry;
import java.util.Map;

/**
 * Whether a run still matches its feature entry: a statement about rows. A run records the entry's rows digest
 * (labels and feature values in row order, the same for one file or shards); when the entry now holds other rows
 * (another engine, changed images under the same fingerprint, a damaged file rebuilt), the run is stale: kept and
 * listed, but marked. Where the run or the entry predates the rows digest, the per-file digest is compared
 * instead, and a difference is reported as what it is: the files changed, the rows may not have.
 */
public final class Staleness {
    private Staleness() {}

    /**
     * Null when the run matches {@code entry} (or cannot be checked: records older than any digest), otherwise
     * the reason in a few words. {@code source} is the saved head's description (may be null).
     */
    public static String of(RunRecord record, Map<String, String> source, FeatureEntry entry) {
        String fittedRows = record.rowsSha256() != null ? record.rowsSha256()
                : source == null ? null : source.get("rows_sha256");
        String fittedFiles = record.featuresSha256() != null ? record.featuresSha256()
                : source == null ? null : source.get("features_sha256");
        if (fittedRows == null && fittedFiles == null) {
            return null;
        }
        if (entry == null) {
            return "its feature entry is missing, incomplete or damaged";
        }
        String nowRows = entry.manifest().rowsDigest();
        if (fittedRows != null && nowRows != null) {
            return fittedRows.equals(nowRows) ? null
                    : "entry " + entry.name() + " was re-extracted and now holds different rows";
        }
        // One side predates rows digests: only the per-file digest can be compared.
        if (fittedFiles != null && fittedFiles.equals(entry.manifest().featuresDigest())) {
            return null;
        }
        String older = nowRows == null ? "the entry's manifest predates rows digests"
                : "the run was fitted before rows digests were recorded";
        return "entry " + entry.name() + " was rebuilt since the run was fitted and its files differ (" + older
                + ", so whether the rows changed is unknown; refit to be sure)";
    }
}
