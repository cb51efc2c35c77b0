package dev.frozen.features;

import dev.frozen.DataError;
import dev.frozen.Setting;
import dev.frozen.backbone.WeightsSpec;
import dev.frozen.data.ContentHashes;
import java.nio.file.Path;

/**
 * The weights an entry was extracted with, checked against its manifest before anything is computed with
 * them: a file must have the recorded SHA-256 (hashed afresh, since a replaced file can keep its size and
 * modification time), random weights the recorded seed. This is what stops a prediction or a fine-tune from
 * running on another network than the one that made the cached features.
 */
public final class EntryWeights {
    private EntryWeights() {}

    /**
     * {@code override} (or, when null, the weights the manifest names, resolved in {@code home}), after checking it
     * is the entry's.
     */
    public static WeightsSpec verified(String entryName, Manifest m, WeightsSpec override, dev.frozen.FrozenHome home) {
        Manifest.Weights w = m.weights();
        if (override == null && w.path() != null && !java.nio.file.Files.isRegularFile(Path.of(w.path()))) {
            // Checked here, where the path is known to come from the manifest and not from --weights.
            throw new DataError("entry " + entryName + " was extracted with the weights file " + w.path()
                    + ", which is missing now (moved or deleted); pass " + Setting.key("weights") + " PATH with that file"
                    + (w.sha256() == null ? "" : " (SHA-256 " + w.sha256() + ")"));
        }
        WeightsSpec spec = override != null ? override : WeightsSpec.fromManifest(w.id(), w.path(), home);
        String recorded = w.random() ? w.id() : "SHA-256 " + w.sha256();
        if (w.random() || spec.isRandom()) {
            if (!(w.random() && spec.isRandom() && spec.id().equals(w.id()))) {
                throw new DataError("entry " + entryName + " was extracted with weights " + describe(w)
                        + ", but " + (spec.file() != null ? spec.file().toString() : spec.id())
                        + " was given; pass " + Setting.key("weights") + " " + (w.random() ? w.id() : "with the file of " + recorded));
            }
            return spec;
        }
        if (w.sha256() == null) {
            return spec; // entries without a recorded digest cannot be checked
        }
        Path file = spec.resolveFile();
        String actual = ContentHashes.hashFile(file, "SHA-256");
        if (!actual.equalsIgnoreCase(w.sha256())) {
            throw new DataError("weights file " + file + " has SHA-256 " + actual + ", but entry " + entryName
                    + " was extracted with weights " + describe(w) + " of SHA-256 " + w.sha256()
                    + "; pass " + Setting.key("weights") + " with that file (its features would differ from the cached ones)");
        }
        return spec;
    }

    private static String describe(Manifest.Weights w) {
        return w.path() != null ? w.path() : w.id();
    }
}
