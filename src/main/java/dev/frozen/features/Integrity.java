package dev.frozen.features;

import dev.frozen.DataError;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** File checksums and their comparison with what a manifest recorded. */
public final class Integrity {
    private Integrity() {}

    public static String sha256(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[1 << 20];
            for (int n; (n = in.read(buf)) > 0; ) {
                digest.update(buf, 0, n);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (IOException e) {
            throw new DataError("cannot read " + file + ": " + e.getMessage(), e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
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
