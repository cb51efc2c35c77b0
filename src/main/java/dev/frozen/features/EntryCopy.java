package dev.frozen.features;

import dev.frozen.DataError;
import dev.frozen.Setting;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.Optional;

/**
 * Copies a complete entry from another features folder (shared storage: NFS, a mounted bucket) into a local one,
 * re-verifying every data file's SHA-256 against the manifest on the local copy before publishing it like any
 * extraction (work folder, then atomic publish). Fitted runs are not copied.
 */
public final class EntryCopy {
    private EntryCopy() {}

    /** The result: the local entry and whether it was already there with the same manifest. */
    public record Result(FeatureEntry entry, boolean alreadyPresent, long bytes) {}

    /** Copies entry {@code name} (or the only one) of {@code fromFeaturesDir} into {@code toFeaturesDir}. */
    public static Result pull(Path fromFeaturesDir, String name, Path toFeaturesDir) {
        return pull(fromFeaturesDir, name, toFeaturesDir, null);
    }

    /**
     * As {@link #pull(Path, String, Path)}; {@code shownSource}, when not null, is what messages call the source
     * (the remote URI a scratch copy was downloaded from).
     */
    public static Result pull(Path fromFeaturesDir, String name, Path toFeaturesDir, String shownSource) {
        FeatureEntry source = FeatureStore.resolve(fromFeaturesDir, name, Setting.key("from"), Setting.key("entry"));
        String shown = shownSource != null ? shownSource : source.dir().toString();
        Optional<FeatureEntry> local = FeatureStore.find(toFeaturesDir, source.name());
        if (local.isPresent() && local.get().manifestSha256().equals(source.manifestSha256())) {
            return new Result(local.get(), true, 0);
        }
        Map<String, Manifest.FileInfo> files = source.manifest().files();
        for (String file : files.keySet()) { // every name, before anything is written (open() checked them too)
            dev.frozen.FileNames.requirePlain(file, "each file name of the manifest", source.dir().resolve(FeatureStore.MANIFEST));
        }
        requireWritable(toFeaturesDir);
        try (PartialEntry partial = PartialEntry.open(toFeaturesDir, source.name(), false)) {
            partial.reset();
            Files.createDirectories(partial.dir());
            long bytes = 0;
            for (String file : files.keySet()) {
                Path copy = partial.dir().resolve(file);
                Files.copy(source.dir().resolve(file), copy, StandardCopyOption.REPLACE_EXISTING);
                try {
                    Integrity.check(copy, source.manifest()); // the local bytes, not the remote ones, are what counts
                } catch (DataError e) {
                    throw new DataError("copy of " + shown + " failed its check: " + e.getMessage(), e);
                }
                bytes += Files.size(copy);
            }
            return new Result(partial.completeSharded(source.manifest().withFiles(Map.of()), files), false, bytes);
        } catch (IOException e) {
            throw dev.frozen.IoErrors.writeFailure("a local copy of " + source.name(), toFeaturesDir, e,
                    "rerun the same command");
        }
    }

    /**
     * Fails in one line, before anything is copied, unless a file can be created (and deleted) in the destination
     * folder: a read-only destination is a permission problem, not a copy that "failed its check".
     */
    public static void requireWritable(Path toFeaturesDir) {
        try {
            Files.createDirectories(toFeaturesDir);
            Files.delete(Files.createTempFile(toFeaturesDir, ".write-probe-", ".tmp"));
        } catch (IOException e) {
            throw notWritable(toFeaturesDir, e);
        }
    }

    /** The message for a destination that cannot be written: the cause first, then the fix. */
    static DataError notWritable(Path toFeaturesDir, IOException e) {
        dev.frozen.IoErrors.Cause c = dev.frozen.IoErrors.cause(e);
        String head = c == dev.frozen.IoErrors.Cause.OTHER
                ? "cannot write into the destination " + toFeaturesDir + " (" + dev.frozen.IoErrors.describe(e) + ")"
                : c.words + ": cannot write into the destination " + toFeaturesDir;
        return new DataError(head + "; nothing was copied; " + (c == dev.frozen.IoErrors.Cause.OTHER ? "fix the cause"
                : c.fix) + " (" + Setting.key("features_dir") + " names the destination)", e);
    }
}
