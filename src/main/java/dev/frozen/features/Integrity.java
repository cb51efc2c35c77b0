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

    public static String sha256(byte[] bytes) {
        return ContentHashes.hex(ContentHashes.digest("SHA-256").digest(bytes));
    }

    /** A whole-split file's entry in the manifest: size, SHA-256 and what {@code digest} saw of its rows. */
    public static Manifest.FileInfo describe(Path file, ArrowFeatures.ContentDigest digest) {
        return new Manifest.FileInfo(ArrowFeatures.size(file), sha256(file), digest.rows(), digest.hex(), null,
                digest.rowHashSum());
    }

    /**
     * Throws a {@link DataError} telling the user to re-extract when the file differs from the manifest: missing,
     * another size, another SHA-256.
     */
    public static void check(Path file, Manifest manifest) {
        Manifest.FileInfo expected = expected(file, manifest);
        checkSize(file, expected);
        String actual = sha256(file);
        if (!actual.equals(expected.sha256())) {
            throw new DataError("expected SHA-256 " + abbrev(expected.sha256()) + " for " + file + ", found "
                    + abbrev(actual) + " (corrupted); " + FeatureStore.REBUILD);
        }
    }

    /** The cheap part of {@link #check}: the file is there and has the recorded size. */
    static void checkSize(Path file, Manifest.FileInfo expected) {
        if (!Files.isRegularFile(file)) {
            throw new DataError("expected " + file + " (listed in its manifest), found no such file; " + FeatureStore.REBUILD);
        }
        long size = ArrowFeatures.size(file);
        if (size != expected.bytes()) {
            throw new DataError("expected " + expected.bytes() + " bytes in " + file + ", found " + size
                    + " (truncated or modified); " + FeatureStore.REBUILD);
        }
    }

    static Manifest.FileInfo expected(Path file, Manifest manifest) {
        String name = file.getFileName().toString();
        Manifest.FileInfo expected = manifest.files() == null ? null : manifest.files().get(name);
        if (expected == null) {
            throw new DataError("manifest of " + file.getParent() + " has no checksum for " + name + "; "
                    + FeatureStore.REBUILD);
        }
        return expected;
    }

    static String abbrev(String hex) {
        return hex == null ? "none" : hex.length() > 12 ? hex.substring(0, 12) + "…" : hex;
    }
}
