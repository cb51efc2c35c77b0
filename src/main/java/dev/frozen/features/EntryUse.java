package dev.frozen.features;

import dev.frozen.DataError;
import dev.frozen.IoErrors;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A claim on a complete entry while it is read ({@code fit}, {@code predict}): a shared file lock on
 * {@code <entry>/.in-use.lock}. {@code cache prune} removes an entry only while it holds that lock exclusively, so
 * it never removes an entry in use, and a reader that arrives after a removal finds the entry gone and fails.
 * The last holder deletes the file (under an exclusive lock), so none is left behind; every holder checks after
 * locking that the file at the path is the one it locked, as {@link PartialEntry} does for its lock.
 */
public final class EntryUse implements AutoCloseable {
    /** The lock file inside the entry folder; it moves with the folder when prune hides it. */
    static final String LOCK = ".in-use.lock";

    /**
     * Locks this JVM holds, by entry folder: within one JVM two overlapping locks on a file throw rather than share,
     * so readers on several threads share one lock.
     */
    private static final Map<Path, Held> HELD = new HashMap<>();

    private static final class Held {
        final FileChannel channel; // null: the folder is read-only to us, so nothing is locked
        final FileLock lock;
        final boolean exclusive;
        final Object key; // the lock file's identity when it was opened (null where the file system has none)
        int users = 1;

        Held(FileChannel channel, FileLock lock, boolean exclusive, Object key) {
            this.channel = channel;
            this.lock = lock;
            this.exclusive = exclusive;
            this.key = key;
        }

        void release() {
            try {
                if (lock != null && lock.isValid()) {
                    lock.release();
                }
                if (channel != null) {
                    channel.close();
                }
            } catch (IOException ignored) {
                // Closing the channel releases the lock whatever happens here.
            }
        }
    }

    private final Path dir;
    private final Held held;
    private boolean closed;

    private EntryUse(Path dir, Held held) {
        this.dir = dir;
        this.held = held;
    }

    /**
     * Takes a shared claim on {@code entry}, waiting while a prune holds the entry; a {@link DataError} when the
     * entry was removed meanwhile. A folder this user cannot write is read without a claim (nobody who cannot
     * write it can prune it either).
     */
    public static EntryUse shared(FeatureEntry entry) {
        Path dir = key(entry.dir());
        long deadline = System.nanoTime() + WAIT_NANOS;
        while (true) {
            synchronized (HELD) {
                Held h = HELD.get(dir);
                if (h != null && !h.exclusive) {
                    h.users++;
                    return new EntryUse(dir, h);
                }
                if (h == null) {
                    Held fresh = open(dir, true, entry.name());
                    if (fresh != null) {
                        if (!FeatureStore.isCompleteEntry(dir) || (fresh.channel != null && !sameFile(dir, fresh))) {
                            deleteIfLast(dir, fresh); // a lock file made in a folder that is no entry (any more)
                            fresh.release();
                            if (!FeatureStore.isCompleteEntry(dir)) {
                                throw gone(entry.name(), dir);
                            }
                            continue; // the entry was replaced while we locked: lock the new one
                        }
                        HELD.put(dir, fresh);
                        return new EntryUse(dir, fresh);
                    }
                }
            }
            if (System.nanoTime() > deadline) {
                throw new DataError("expected to read feature entry " + entry.name() + ", found it locked by another"
                        + " process for over " + WAIT_NANOS / 1_000_000_000L + " s (a 'frozen cache prune' holds an"
                        + " entry for a moment only); rerun the command");
            }
            sleep(); // a prune holds the entry for a moment: wait, then see whether it is still there
        }
    }

    /** How long a reader waits for a prune to let go of an entry. */
    private static final long WAIT_NANOS = 120_000_000_000L;

    /** One key per folder however it was reached (a symbolic link, a relative path): one lock per JVM and folder. */
    private static Path key(Path dir) {
        try {
            return dir.toRealPath();
        } catch (IOException e) {
            return dir.toAbsolutePath().normalize();
        }
    }

    /**
     * An exclusive claim on the entry folder {@code entryDir} when no reader (in any process) holds it, else empty.
     * Held while {@code cache prune} hides and deletes the folder.
     */
    public static Optional<EntryUse> tryExclusive(Path entryDir) {
        Path dir = key(entryDir);
        synchronized (HELD) {
            if (HELD.containsKey(dir)) {
                return Optional.empty();
            }
            for (int attempt = 0; attempt < 3; attempt++) {
                Held fresh = open(dir, false, dir.getFileName().toString());
                if (fresh == null || fresh.channel == null) {
                    if (fresh != null) {
                        fresh.release();
                    }
                    return Optional.empty();
                }
                if (sameFile(dir, fresh)) {
                    HELD.put(dir, fresh);
                    return Optional.of(new EntryUse(dir, fresh));
                }
                fresh.release(); // a reader's last close deleted the file we opened: lock the current one
            }
            return Optional.empty();
        }
    }

    /** Whether a reader holds {@code entryDir} now (for a dry run; creates nothing). */
    public static boolean inUse(Path entryDir) {
        Path dir = key(entryDir);
        synchronized (HELD) {
            if (HELD.containsKey(dir)) {
                return true;
            }
            return LockFiles.held(dir.resolve(LOCK));
        }
    }

    /** Opens and locks the lock file; null when another process holds a conflicting lock. */
    private static Held open(Path dir, boolean shared, String name) {
        Path file = dir.resolve(LOCK);
        FileChannel channel;
        try {
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        } catch (NoSuchFileException e) {
            if (!Files.isDirectory(dir)) {
                throw gone(name, dir);
            }
            return new Held(null, null, !shared, null);
        } catch (java.nio.file.FileSystemException e) { // access denied, a read-only file system
            if (!shared) {
                return new Held(null, null, true, null);
            }
            try {
                channel = FileChannel.open(file, StandardOpenOption.READ); // a shared lock needs only reading
            } catch (IOException readOnly) {
                return new Held(null, null, false, null);
            }
        } catch (IOException e) {
            throw new DataError("cannot lock feature entry " + dir + " (" + IoErrors.describe(e) + ")", e);
        }
        Object key = PartialEntry.fileKey(file);
        try {
            FileLock lock = LockFiles.tryLock(channel, shared);
            if (lock == null) {
                channel.close();
                return null;
            }
            return new Held(channel, lock, !shared, key);
        } catch (IOException e) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // Already failing.
            }
            throw new DataError("cannot lock feature entry " + dir + " (" + IoErrors.describe(e) + ")", e);
        }
    }

    /**
     * Whether the lock file now at the entry's path is the one that was opened and locked: prune renames the folder
     * (and its lock file with it) before deleting it, so a reader that locked the old file sees a different one or none.
     */
    private static boolean sameFile(Path dir, Held held) {
        Path file = dir.resolve(LOCK);
        Object now = PartialEntry.fileKey(file);
        return Files.exists(file) && (held.key == null || held.key.equals(now));
    }

    /**
     * Deletes the lock file when no other process holds it: under an exclusive lock, and only if it is still the
     * file at the path (a waiter that opened it notices the deletion by {@link #sameFile} and locks a new one).
     */
    private static void deleteIfLast(Path dir, Held held) {
        if (held.channel == null) {
            return;
        }
        try {
            FileLock exclusive = held.lock;
            if (!held.exclusive) {
                held.lock.release();
                exclusive = LockFiles.tryLock(held.channel, false);
            }
            if (exclusive != null) {
                if (sameFile(dir, held)) {
                    Files.deleteIfExists(dir.resolve(LOCK));
                }
                exclusive.release();
            }
        } catch (IOException ignored) {
            // A leftover lock file is harmless: the next reader uses it, the next prune removes it with the entry.
        }
    }

    private static DataError gone(String name, Path dir) {
        return new DataError("expected feature entry " + name + " at " + dir + ", found it removed (by 'frozen cache"
                + " prune'?) while this command was starting; rerun the 'frozen extract' that made it, then this command");
    }

    private static void sleep() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DataError("interrupted while waiting for 'frozen cache prune' to release a feature entry", e);
        }
    }

    @Override
    public void close() {
        synchronized (HELD) {
            if (closed) {
                return;
            }
            closed = true;
            if (--held.users == 0) {
                HELD.remove(dir, held);
                deleteIfLast(dir, held);
                held.release();
            }
        }
    }
}
