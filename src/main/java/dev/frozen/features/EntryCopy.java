package dev.frozen.features;

import dev.frozen.DataError;
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

    public static Result pull(Path fromFeaturesDir, String name, Path toFeaturesDir) {
        FeatureEntry source = FeatureStore.resolve(fromFeaturesDir, name);
        Optional<FeatureEntry> local = FeatureStore.find(toFeaturesDir, source.name());
        if (local.isPresent() && local.get().manifestSha256().equals(source.manifestSha256())) {
            return new Result(local.get(), true, 0);
        }
        Map<String, Manifest.FileInfo> files = source.manifest().files();
        for (String file : files.keySet()) { // every name, before anything is written (open() checked them too)
            dev.frozen.FileNames.requirePlain(file, "each file name of the manifest", source.dir().resolve(FeatureStore.MANIFEST));
        }
        try (PartialEntry partial = PartialEntry.open(toFeaturesDir, source.name(), false)) {
            partial.reset();
            Files.createDirectories(partial.dir());
            long bytes = 0;
            for (String file : files.keySet()) {
                Path copy = partial.dir().resolve(file);
                Files.copy(source.dir().resolve(file), copy, StandardCopyOption.REPLACE_EXISTING);
                Integrity.check(copy, source.manifest()); // the local bytes, not the remote ones, are what counts
                bytes += Files.size(copy);
            }
            return new Result(partial.completeSharded(source.manifest().withFiles(Map.of()), files), false, bytes);
        } catch (IOException e) {
            throw dev.frozen.IoErrors.writeFailure("a local copy of " + source.name(), toFeaturesDir, e,
                    "free space and rerun the same command");
        } catch (DataError e) {
            throw new DataError("copy of " + source.dir() + " failed its check: " + e.getMessage(), e);
        }
    }
}
