package dev.frozen.features;

import dev.frozen.DataError;
import dev.frozen.data.ContentHashes;
import java.nio.file.Files;
import java.nio.file.Path;

/** File checksums and their comparison with what a manifest recorded. */
public final class Integrity {
    private Integrity() {}

    /** Not memoized: cached files are rewritten under the same name, and their sums are what is being checked. */
    public static String sha256(Path file) {
        return ContentHashes.hashFile(file, "SHA-256");
    }

    public static Manifest.FileInfo describe(Path file) {
        return new Manifest.FileInfo(ArrowFeatures.size(file), sha256(file));
    }

    /** Throws a {@link DataError} telling the user to re-extract when the file differs from the manifest. */
    public static void check(Path file, Manifest manifest) {
        String name = file.getFileName().toString();
        Manifest.FileInfo expected = manifest.files() == null ? null : manifest.files().get(name);
        if (expected == null) {
            throw new DataError("manifest of " + file.getParent() + " has no checksum for " + name
                    + "; rerun extract with --force");
        }
        if (!Files.isRegularFile(file)) {
            throw new DataError("expected " + file + " (listed in its manifest), found no such file; rerun extract with --force");
        }
        long size = ArrowFeatures.size(file);
        if (size != expected.bytes()) {
            throw new DataError("expected " + expected.bytes() + " bytes in " + file + ", found " + size
                    + " (truncated or modified); rerun extract with --force");
        }
        String actual = sha256(file);
        if (!actual.equals(expected.sha256())) {
            throw new DataError("expected SHA-256 " + expected.sha256().substring(0, 12) + "… for " + file + ", found "
                    + actual.substring(0, 12) + "… (corrupted); rerun extract with --force");
        }
    }
}
