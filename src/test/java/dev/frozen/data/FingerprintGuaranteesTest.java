package dev.frozen.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a user can rely on (README, Datasets): a rewrite that keeps a file's size and mtime still changes the
 * dataset fingerprint, so it never gives a stale cache hit; {@code --rehash} recomputes from content regardless.
 */
class FingerprintGuaranteesTest {
    @TempDir Path tmp;

    /** Flips one label byte in place, then restores size (unchanged anyway) and mtime, as a sneaky rewrite would. */
    private static void rewriteKeepingMtime(Path file, int offset, byte value) throws IOException {
        FileTime mtime = Files.getLastModifiedTime(file);
        byte[] bytes = Files.readAllBytes(file);
        bytes[offset] = value;
        Files.write(file, bytes);
        Files.setLastModifiedTime(file, mtime);
        assertEquals(mtime, Files.getLastModifiedTime(file));
    }

    @Test
    void cifarLabelRewriteWithSameSizeAndMtimeChangesTheFingerprint() throws IOException {
        Path dir = Fixtures.cifarFolder(tmp.resolve("c"), 3);
        Path home = tmp.resolve("home");
        String before = CifarBinary.open(dir, home, null).fingerprint();
        assertEquals(before, CifarBinary.open(dir, home, null).fingerprint(), "stable while nothing changes");
        Path batch = CifarBinary.open(dir, home, null).batchesDir().resolve("data_batch_2.bin");
        byte old = Files.readAllBytes(batch)[CifarBinary.RECORD];
        rewriteKeepingMtime(batch, CifarBinary.RECORD, (byte) ((old + 1) % 10)); // label of record 1
        assertNotEquals(before, CifarBinary.open(dir, home, null).fingerprint());
    }

    @Test
    void folderRewriteWithSameSizeAndMtimeChangesTheFingerprint() throws IOException {
        Path root = tmp.resolve("imgs");
        for (String split : new String[] {"train", "test"}) {
            for (String cls : new String[] {"a", "b"}) {
                Path f = Files.createDirectories(root.resolve(split).resolve(cls)).resolve("x.bmp");
                ImageIO.write(new BufferedImage(4, 4, BufferedImage.TYPE_3BYTE_BGR), "bmp", f.toFile());
            }
        }
        ContentHashes hashes = ContentHashes.in(tmp.resolve("home"));
        String before = ImageFolder.open(root, System.err, hashes).fingerprint();
        Path file = root.resolve("train/a/x.bmp");
        int pixelOffset = (int) Files.size(file) - 1; // BMP pixels are uncompressed: same size, other content
        rewriteKeepingMtime(file, pixelOffset, (byte) 200);
        String after = ImageFolder.open(root, System.err, hashes).fingerprint();
        assertNotEquals(before, after, "ctime/inode in the memo key catch a rewrite that keeps size and mtime");
        assertEquals(after, ImageFolder.open(root, System.err, hashes.rehashing()).fingerprint(), "--rehash agrees");
    }

    @Test
    void rehashIgnoresTheMemo() throws IOException {
        Path file = Files.writeString(tmp.resolve("f"), "x");
        ContentHashes hashes = ContentHashes.in(tmp.resolve("home"));
        assertEquals("v1", hashes.memoize("k", java.util.List.of(file), () -> "v1"));
        assertEquals("v1", hashes.memoize("k", java.util.List.of(file), () -> "v2"), "memo trusted by default");
        assertEquals("v3", hashes.rehashing().memoize("k", java.util.List.of(file), () -> "v3"), "--rehash recomputes");
    }
}
