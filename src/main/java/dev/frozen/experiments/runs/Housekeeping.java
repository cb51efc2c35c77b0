package dev.frozen.experiments.runs;

import dev.frozen.DataError;
import dev.frozen.FileTrees;
import dev.frozen.IoErrors;
import dev.frozen.features.EntryUse;
import dev.frozen.features.FeatureStore;
import dev.frozen.features.PartialEntry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * What {@code frozen cache prune} may remove from a features folder, and the removal itself: leftovers of
 * interrupted extractions ({@code <entry>.partial/}) and fits (hidden staging folders in {@code runs/}), lock
 * files nobody holds, and, unless asked not to, complete entries that no run uses. Fitted runs are never
 * pruned; removing a run takes {@code frozen runs rm}. Anything in use by a running extraction is skipped.
 */
public final class Housekeeping {
    /** Leftovers of a fit younger than this may belong to a fit that is publishing right now. */
    static final long RUN_LEFTOVER_MIN_AGE_MS = 120_000;

    /** One thing that can be pruned, why, and how many bytes it holds. */
    public record Item(Path path, String reason, long bytes, Kind kind) {}

    public enum Kind { PARTIAL_ENTRY, STALE_LOCK, RUN_LEFTOVER, REMOVAL_LEFTOVER, UNUSED_ENTRY }

    /** The hidden name an entry folder is renamed to while prune deletes it. */
    static Path removingName(Path entryDir) {
        return entryDir.resolveSibling("." + entryDir.getFileName() + REMOVING_SUFFIX);
    }

    static final String REMOVING_SUFFIX = ".removing";

    private Housekeeping() {}

    /** What could be pruned under {@code featuresDir}; nothing is changed. */
    public static List<Item> candidates(Path featuresDir, boolean includeUnusedEntries) {
        List<Item> items = new ArrayList<>();
        for (Path partial : FeatureStore.partialDirs(featuresDir)) {
            if (!PartialEntry.isLocked(partial)) {
                items.add(new Item(partial, "interrupted extraction, " + PartialEntry.committedWork(partial),
                        bytes(partial), Kind.PARTIAL_ENTRY));
            }
        }
        for (Path dir : children(featuresDir)) {
            String name = dir.getFileName().toString();
            if (name.startsWith(".") && name.endsWith(REMOVING_SUFFIX) && Files.isDirectory(dir) && !hasRuns(dir)) {
                items.add(new Item(dir, "left by an interrupted 'cache prune'", bytes(dir), Kind.REMOVAL_LEFTOVER));
            }
        }
        for (Path dir : children(featuresDir)) {
            if (Files.isDirectory(dir) && !Files.exists(dir.resolve(FeatureStore.MANIFEST)) && !hasRuns(dir)
                    && FeatureStore.isEntryName(dir.getFileName().toString()) && holdsArrow(dir)
                    && !Files.exists(PartialEntry.partialDirOf(dir)) && !PartialEntry.isLocked(dir)) {
                items.add(new Item(dir, "incomplete entry folder: no manifest, no runs", bytes(dir), Kind.PARTIAL_ENTRY));
            }
        }
        for (Path lock : children(featuresDir)) {
            String name = lock.getFileName().toString();
            if (name.endsWith(".lock") && Files.isRegularFile(lock)) {
                Path partial = lock.resolveSibling(name.substring(0, name.length() - 5) + PartialEntry.SUFFIX);
                if (!Files.exists(partial) && !PartialEntry.isLocked(partial)) {
                    items.add(new Item(lock, "lock file no process holds", bytes(lock), Kind.STALE_LOCK));
                }
            }
        }
        for (Path runsDir : RunStore.runsDirs(featuresDir, null)) {
            for (Path left : RunStore.leftovers(runsDir, RUN_LEFTOVER_MIN_AGE_MS)) {
                items.add(new Item(left, "left by an interrupted fit or run removal", bytes(left), Kind.RUN_LEFTOVER));
            }
        }
        if (includeUnusedEntries) {
            for (Path entry : FeatureStore.entryDirs(featuresDir)) {
                if (!hasRuns(entry) && !PartialEntry.isLocked(entry)) {
                    items.add(new Item(entry, "unused entry: no fitted runs (a cache; 'frozen extract' rebuilds it)",
                            bytes(entry), Kind.UNUSED_ENTRY));
                }
            }
        }
        return items;
    }

    /** Whether a running fit or predict holds the entry {@code item} would remove (a dry run says so). */
    public static boolean inUse(Item item) {
        return item.kind() == Kind.UNUSED_ENTRY && (EntryUse.inUse(item.path()) || PartialEntry.isLocked(item.path()));
    }

    /**
     * Removes one candidate, re-checking under the entry's lock that it is still unused; returns false when it
     * was skipped because an extraction, a fit or a predict is using it (it holds the entry's lock or claim).
     */
    public static boolean remove(Item item) {
        Path p = item.path();
        return switch (item.kind()) {
            case RUN_LEFTOVER -> {
                FileTrees.delete(p);
                yield true;
            }
            case REMOVAL_LEFTOVER -> {
                deleteTolerant(p); // another prune may be deleting it too
                yield true;
            }
            case PARTIAL_ENTRY -> PartialEntry.whileUnlocked(PartialEntry.lockFileOf(p), () -> {
                if (!hasRuns(p)) { // never a folder that holds runs
                    FileTrees.delete(p);
                }
                deleteLock(PartialEntry.lockFileOf(p));
            });
            case STALE_LOCK -> PartialEntry.whileUnlocked(p, () -> deleteLock(p));
            case UNUSED_ENTRY -> {
                boolean[] removed = {false};
                boolean ran = PartialEntry.whileUnlocked(PartialEntry.lockFileOf(p), () -> {
                    // Readers (fit, predict) hold a shared claim for as long as they use the entry: skip it then.
                    java.util.Optional<EntryUse> claim = hasRuns(p) ? java.util.Optional.empty() : EntryUse.tryExclusive(p);
                    if (claim.isEmpty()) { // in use, or a fit published a run meanwhile
                        deleteLock(PartialEntry.lockFileOf(p)); // the one whileUnlocked made; we hold it
                        return;
                    }
                    Path trash = removingName(p);
                    try (EntryUse held = claim.get()) {
                        if (hasRuns(p)) {
                            return;
                        }
                        // Hide it first with one rename, so no reader sees a half-deleted entry; a reader arriving
                        // later finds nothing at the entry's path.
                        try {
                            Files.move(p, trash, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
                        } catch (IOException e) {
                            throw new DataError("cannot remove " + p + " (" + IoErrors.describe(e) + ")", e);
                        }
                    }
                    // Deleted once the claim's file is closed: NFS cannot remove a folder holding an open file.
                    FileTrees.delete(trash);
                    deleteLock(PartialEntry.lockFileOf(p));
                    removed[0] = true;
                });
                yield ran && removed[0];
            }
        };
    }

    private static void deleteTolerant(Path p) {
        try {
            FileTrees.delete(p);
        } catch (DataError e) {
            if (Files.exists(p)) {
                throw e;
            }
        }
    }

    private static void deleteLock(Path lock) {
        try {
            // Deleted while we hold it: a waiter that locked the old file notices and locks the new one.
            Files.deleteIfExists(lock);
        } catch (IOException e) {
            throw new DataError("cannot remove " + lock + " (" + IoErrors.describe(e) + ")", e);
        }
    }

    private static boolean holdsArrow(Path dir) {
        return children(dir).stream().anyMatch(p -> p.getFileName().toString().endsWith(".arrow"));
    }

    static boolean hasRuns(Path entryDir) {
        Path runs = entryDir.resolve(RunStore.DIR);
        return children(runs).stream().anyMatch(p -> !p.getFileName().toString().startsWith("."));
    }

    /** Total size of a file or folder. */
    public static long bytes(Path p) {
        if (!Files.exists(p)) {
            return 0;
        }
        try (Stream<Path> walk = Files.walk(p)) {
            return walk.filter(Files::isRegularFile).mapToLong(f -> {
                try {
                    return Files.size(f);
                } catch (IOException e) {
                    return 0;
                }
            }).sum();
        } catch (IOException e) {
            return 0;
        }
    }

    private static List<Path> children(Path dir) {
        return dev.frozen.FileTrees.children(dir);
    }
}
