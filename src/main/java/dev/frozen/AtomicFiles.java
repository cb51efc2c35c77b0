package dev.frozen;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * The one way frozen publishes a file or folder: write it under a temporary name in the same folder, fsync it,
 * rename it into place atomically, fsync the parent. A reader therefore sees the old content or the new, never
 * half of either, and a crash leaves at most a temporary name behind.
 */
public final class AtomicFiles {
    /** Writes the content of a file to a stream. */
    @FunctionalInterface
    public interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    private AtomicFiles() {}

    /** Replaces {@code target} with {@code text} (UTF-8) atomically. */
    public static void writeString(Path target, String text) throws IOException {
        write(target, out -> out.write(text.getBytes(StandardCharsets.UTF_8)));
    }

    /** Replaces {@code target} with what {@code content} writes, atomically; the temporary file never survives a failure. */
    public static void write(Path target, Content content) throws IOException {
        Path parent = target.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path tmp = null;
        try {
            OutputStream created = null;
            while (created == null) {
                tmp = parent.resolve(tempName(target));
                try {
                    created = Files.newOutputStream(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                } catch (java.nio.file.FileAlreadyExistsException e) {
                    tmp = null; // another writer drew the same name: draw again
                }
            }
            try (OutputStream out = created) {
                content.writeTo(out);
            }
            fsync(tmp);
            move(tmp, target, true);
        } finally {
            if (tmp != null) {
                Files.deleteIfExists(tmp);
            }
        }
    }

    /**
     * A fresh folder {@code parent/prefixRANDOM} created with the umask's permissions, unlike
     * {@link Files#createTempDirectory}, which makes it 0700 whatever the umask: published folders must be
     * readable by whoever the user's umask lets read them.
     */
    public static Path createTempDir(Path parent, String prefix) throws IOException {
        while (true) {
            Path dir = parent.resolve(prefix + Long.toUnsignedString(RANDOM.nextLong(), 36));
            try {
                return Files.createDirectory(dir);
            } catch (java.nio.file.FileAlreadyExistsException e) {
                // drawn twice: draw again
            }
        }
    }

    private static final java.security.SecureRandom RANDOM = new java.security.SecureRandom();

    /**
     * A temporary sibling name for {@code target}. Created with {@link StandardOpenOption#CREATE_NEW}, so the file
     * gets the umask's permissions ({@link Files#createTempFile} would make every published file 0600).
     */
    private static String tempName(Path target) {
        return "." + shortName(target) + "." + Long.toUnsignedString(RANDOM.nextLong(), 36) + ".tmp";
    }

    /**
     * Renames a finished file or folder {@code from} onto {@code to} in one step and syncs the parent.
     * {@code replace} allows replacing an existing file (never a non-empty folder).
     */
    public static void move(Path from, Path to, boolean replace) throws IOException {
        try {
            if (replace) {
                Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } else {
                Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
            }
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("cannot rename " + from + " to " + to + " in one step (" + e.getReason()
                    + "); keep the folder on one file system", e);
        }
        fsyncDir(to.toAbsolutePath().getParent());
    }

    /** Publishes a finished folder {@code from} as {@code to}, which must not exist yet. */
    public static void publishDir(Path from, Path to) throws IOException {
        fsyncDir(from);
        move(from, to, false);
    }

    /** Forces a file's content to disk. */
    public static void fsync(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.force(true);
        }
    }

    /** Forces a folder's entries to disk; some file systems refuse to open folders, and then the rename is still atomic. */
    public static void fsyncDir(Path dir) {
        if (dir == null) {
            return;
        }
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException ignored) {
            // Best effort, see above.
        }
    }

    // Temporary names must stay short: a long target name plus a suffix could exceed the file system's limit.
    private static String shortName(Path target) {
        String name = target.getFileName().toString();
        return name.length() > 40 ? name.substring(0, 40) : name;
    }
}
