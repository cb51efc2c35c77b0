package dev.frozen.features;

import dev.frozen.AtomicFiles;
import dev.frozen.DataError;
import dev.frozen.Json;
import dev.frozen.data.Split;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * An entry being written: {@code <entry>.partial/} holds one small Arrow file per committed batch
 * ({@code train-<from>-<to>.arrow}), each published by an atomic rename after fsync, so a killed run
 * loses at most the batch in flight. {@link #complete} joins the chunks into the final files, writes
 * the manifest with their checksums, and publishes the entry into {@code <entry>/} with {@code manifest.json}
 * renamed in last (a folder is an entry only once it has one). An existing folder (re-extraction with
 * {@code --force}, or after its manifest was lost) is updated in place, so its {@code runs/} is never touched.
 * Holding an instance means holding the entry's exclusive file lock.
 */
public final class PartialEntry implements AutoCloseable {
    public static final String SUFFIX = ".partial";
    private static final Pattern CHUNK = Pattern.compile("(train|test)-(\\d{10})-(\\d{10})\\.arrow");
    private static final Pattern SHARD = Pattern.compile("(train|test)-\\d{5}\\.arrow\\.json");

    private final Path featuresDir;
    private final String entry;
    private final Path dir;
    private final FileChannel lockChannel;
    private final FileLock lock;

    private final Object lockKey;

    private PartialEntry(Path featuresDir, String entry, FileChannel lockChannel, FileLock lock, Object lockKey) {
        this.featuresDir = featuresDir;
        this.entry = entry;
        this.dir = featuresDir.resolve(entry + SUFFIX);
        this.lockChannel = lockChannel;
        this.lock = lock;
        this.lockKey = lockKey;
    }

    /**
     * Takes the entry's lock, waiting for another process that holds it when {@code wait} is true, or
     * failing with a clear message otherwise.
     */
    public static PartialEntry open(Path featuresDir, String entry, boolean wait) {
        dev.frozen.FileNames.requirePlain(entry, "the entry name", featuresDir);
        try {
            Files.createDirectories(featuresDir);
            Path lockFile = featuresDir.resolve(entry + ".lock");
            FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            Object opened = fileKey(lockFile);
            FileLock lock = LockFiles.tryLock(channel, false);
            if (lock == null && !wait) {
                channel.close();
                throw new DataError("another frozen process is writing " + featuresDir.resolve(entry)
                        + " (lock " + lockFile + " is held); wait for it to finish");
            }
            if (lock == null) {
                System.err.println("frozen: another process is writing " + entry + "; waiting for it to finish...");
                // Polling rather than lock(): within one JVM an overlapping lock() throws instead of blocking.
                while ((lock = LockFiles.tryLock(channel, false)) == null) {
                    sleep(200);
                }
            }
            Object current = fileKey(lockFile);
            if (opened == MISSING || (opened != null && !opened.equals(current))) {
                // 'cache prune' removed the lock file while we waited on it: lock the current one instead.
                lock.release();
                channel.close();
                return open(featuresDir, entry, wait);
            }
            return new PartialEntry(featuresDir, entry, channel, lock, opened);
        } catch (IOException e) {
            if (dev.frozen.IoErrors.cause(e) != dev.frozen.IoErrors.Cause.OTHER) {
                throw dev.frozen.IoErrors.writeFailure("the lock of feature entry " + entry, featuresDir, e,
                        "rerun the same command");
            }
            throw new DataError("cannot lock feature entry " + featuresDir.resolve(entry) + " ("
                    + dev.frozen.IoErrors.describe(e) + ")", e);
        }
    }

    /** What {@link #fileKey} returns for a file that does not exist (any more). */
    private static final Object MISSING = new Object();

    /**
     * The file system's identity of {@code path} (inode on Linux), {@link #MISSING} when it is absent, or null
     * when the file system does not report identities.
     */
    static Object fileKey(Path path) {
        try {
            return Files.readAttributes(path, java.nio.file.attribute.BasicFileAttributes.class).fileKey();
        } catch (IOException e) {
            return MISSING;
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DataError("interrupted while waiting for the lock on a feature entry", e);
        }
    }

    /** The lock file of the entry whose work folder is {@code partialDir} (or whose name is its file name). */
    public static Path lockFileOf(Path partialDir) {
        String name = partialDir.getFileName().toString();
        String entry = name.endsWith(SUFFIX) ? name.substring(0, name.length() - SUFFIX.length()) : name;
        return partialDir.resolveSibling(entry + ".lock");
    }

    /** The work folder {@code <entry>.partial} of the entry folder {@code entryDir}. */
    public static Path partialDirOf(Path entryDir) {
        return entryDir.resolveSibling(entryDir.getFileName() + SUFFIX);
    }

    /** Whether a process (this one included) holds the lock of the entry whose work folder is {@code partialDir}. */
    public static boolean isLocked(Path partialDir) {
        return LockFiles.held(lockFileOf(partialDir));
    }

    /** How many committed batch files a work folder holds. */
    public static int committedChunks(Path partialDir) {
        try (Stream<Path> files = Files.list(partialDir)) {
            return (int) files.filter(f -> CHUNK.matcher(f.getFileName().toString()).matches()).count();
        } catch (IOException e) {
            return 0;
        }
    }

    /**
     * How many shards (of {@code extract --spark}) a work folder holds committed: a shard counts once its
     * description ({@code train-00003.arrow.json}) is written, the last step of its commit.
     */
    public static int committedShards(Path partialDir) {
        try (Stream<Path> files = Files.list(partialDir)) {
            return (int) files.filter(f -> {
                String name = f.getFileName().toString();
                return name.endsWith(Shards.INFO_SUFFIX) && SHARD.matcher(name).matches()
                        && Files.isRegularFile(f.resolveSibling(name.substring(0, name.length() - Shards.INFO_SUFFIX.length())));
            }).count();
        } catch (IOException e) {
            return 0;
        }
    }

    /**
     * What a work folder holds, for notes: "3 committed batches", "2 committed shards", or both when a local and a
     * Spark run both left work there.
     */
    public static String committedWork(Path partialDir) {
        int batches = committedChunks(partialDir);
        int shards = committedShards(partialDir);
        if (shards == 0) {
            return batches + " committed batches";
        }
        return (batches == 0 ? "" : batches + " committed batches and ") + shards + " committed shard" + (shards == 1 ? "" : "s");
    }

    /**
     * Runs {@code action} while holding the lock of {@code lockFile} when nobody else holds it, and returns
     * whether it ran; used by {@code cache prune} to remove a leftover only when no extraction is using it.
     */
    public static boolean whileUnlocked(Path lockFile, Runnable action) {
        try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            FileLock lock = LockFiles.tryLock(channel, false);
            if (lock == null) {
                return false;
            }
            try {
                action.run();
                return true;
            } finally {
                if (channel.isOpen()) {
                    lock.release();
                }
            }
        } catch (IOException e) {
            throw new DataError("cannot lock " + lockFile + " (" + dev.frozen.IoErrors.describe(e) + ")", e);
        }
    }

    /** Drops any chunks left by an earlier, interrupted run (used by {@code --force}). */
    public void reset() {
        dev.frozen.FileTrees.delete(dir);
    }

    /** Rows {@code [0, n)} of the split that are already committed as contiguous chunks. */
    public int committedRows(Split split) {
        int next = 0;
        for (Chunk chunk : chunks(split)) {
            if (chunk.from != next) {
                break;
            }
            next = chunk.to;
        }
        return next;
    }

    /** Durably commits rows {@code [from, from + count)} of a split. */
    public void commitChunk(Split split, int from, int[] labels, float[] features, int count, int dim) {
        Path finalName = dir.resolve(String.format("%s-%010d-%010d.arrow", split.fileStem(), from, from + count));
        Path tmp = dir.resolve(finalName.getFileName() + ".tmp");
        try {
            Files.createDirectories(dir);
            try (ArrowFeatures.Writer writer = new ArrowFeatures.Writer(tmp, dim, Map.of())) {
                writer.writeBatch(labels, features, count);
            }
            atomicMove(tmp, finalName);
        } catch (IOException | java.io.UncheckedIOException e) {
            deleteQuietly(tmp);
            throw writeFailure(tmp, e);
        }
    }

    /**
     * Joins the committed chunks into {@code train.arrow} and {@code test.arrow} with the manifest in their
     * schema metadata, writes {@code manifest.json} (with sizes, checksums, row counts and row digests) and its
     * {@code manifest.sha256}, syncs, and publishes the entry (see {@link #publishInto}). The chunks are deleted
     * only once the entry is published, so a failure at any point leaves a state that a plain rerun resumes from.
     */
    public FeatureEntry complete(Manifest manifest) {
        try {
            Files.createDirectories(dir);
            String metadataJson = Json.MAPPER.writeValueAsString(manifest.withFiles(Map.of()));
            Map<String, Manifest.FileInfo> files = new LinkedHashMap<>();
            for (Split split : Split.values()) {
                Path out = dir.resolve(split.fileStem() + ".arrow");
                int expectedRows = manifest.rows().get(split.fileStem());
                int committed = committedRows(split);
                if (committed != expectedRows) {
                    throw new DataError("expected " + expectedRows + " committed " + split.fileStem() + " rows in " + dir
                            + ", found " + committed + "; rerun the same extract command to resume");
                }
                ArrowFeatures.ContentDigest digest = new ArrowFeatures.ContentDigest();
                try (ArrowFeatures.Writer writer = new ArrowFeatures.Writer(out, manifest.featureDim(),
                        Map.of(ArrowFeatures.MANIFEST_KEY, metadataJson), originalOf(manifest, split, expectedRows))) {
                    for (Chunk chunk : chunks(split)) {
                        ArrowFeatures.forEachBatch(chunk.file, (labels, features, dim) -> {
                            writer.writeBatch(labels, features, labels.length);
                            digest.update(labels, features, labels.length, dim);
                        });
                    }
                }
                files.put(out.getFileName().toString(), Integrity.describe(out, digest));
            }
            return publish(manifest.withFiles(files));
        } catch (IOException | java.io.UncheckedIOException e) {
            throw writeFailure(dir, e);
        }
    }

    /**
     * Which original image each train row of an augmented entry was made from, for its {@code original_row} column;
     * null (no column) for the test split and for entries without augmentation, whose files stay as they were.
     */
    private static java.util.function.LongUnaryOperator originalOf(Manifest manifest, Split split, int rows) {
        Augment augment = Augment.of(manifest);
        if (split != Split.TRAIN || augment == Augment.NONE) {
            return null;
        }
        int[] of = augment.originals(rows);
        return r -> of[(int) r];
    }

    /** The work folder {@code <entry>.partial/} (shards written by other processes go here). */
    public Path dir() {
        return dir;
    }

    /**
     * Publishes an entry whose data files are shards already committed in the work folder by other processes
     * (see {@link Shards}): writes {@code manifest.json} listing them (with their first rows and checksums) and its
     * {@code manifest.sha256}, and publishes as {@link #complete} does. No feature row passes through this process.
     */
    public FeatureEntry completeSharded(Manifest manifest, Map<String, Manifest.FileInfo> shards) {
        try {
            Manifest finished = manifest.withFiles(shards);
            FeatureStore.checkStructure(dir.resolve(FeatureStore.MANIFEST), finished);
            return publish(finished);
        } catch (IOException | java.io.UncheckedIOException e) {
            throw writeFailure(dir, e);
        }
    }

    /**
     * Writes the finished manifest and its {@code manifest.sha256} in the work folder, publishes the data files it
     * lists and the manifest into the entry folder ({@link #publishInto}), and removes the work folder.
     */
    private FeatureEntry publish(Manifest finished) throws IOException {
        Path target = featuresDir.resolve(entry);
        byte[] manifestBytes = FeatureStore.manifestBytes(finished);
        AtomicFiles.write(dir.resolve(FeatureStore.MANIFEST_SHA),
                out -> out.write(FeatureStore.manifestShaBytes(manifestBytes)));
        AtomicFiles.write(dir.resolve(FeatureStore.MANIFEST), out -> out.write(manifestBytes));
        Files.createDirectories(target);
        publishInto(target, finished.files().keySet());
        dev.frozen.FileTrees.delete(dir);
        AtomicFiles.fsyncDir(featuresDir);
        return new FeatureEntry(target, finished, Integrity.sha256(manifestBytes));
    }

    /**
     * Publishes the finished files into the entry folder (new, or existing after a re-extraction) without
     * touching anything else in it, its {@code runs/} above all. An old manifest goes first, so the folder is
     * not a complete entry while data files are swapped, and the new manifest is renamed in last: it is the
     * commit point. A crash before it leaves a folder without a manifest, which no reader takes for an entry
     * and which a plain rerun completes from the chunks, still in {@code <entry>.partial/}.
     */
    private void publishInto(Path target, java.util.Set<String> dataFiles) throws IOException {
        Files.deleteIfExists(target.resolve(FeatureStore.MANIFEST));
        AtomicFiles.fsyncDir(target);
        Files.deleteIfExists(target.resolve(FeatureStore.MANIFEST_SHA));
        try (Stream<Path> old = Files.list(target)) {
            for (Path f : old.toList()) {
                String name = f.getFileName().toString();
                if (name.endsWith(".arrow") && !dataFiles.contains(name) && Files.isRegularFile(f)) {
                    Files.delete(f); // a data file of the old entry that the new one does not have
                }
            }
        }
        for (String name : dataFiles) {
            AtomicFiles.move(dir.resolve(name), target.resolve(name), true);
        }
        AtomicFiles.move(dir.resolve(FeatureStore.MANIFEST_SHA), target.resolve(FeatureStore.MANIFEST_SHA), true);
        AtomicFiles.move(dir.resolve(FeatureStore.MANIFEST), target.resolve(FeatureStore.MANIFEST), true);
    }

    @Override
    public void close() {
        try {
            Path lockFile = featuresDir.resolve(entry + ".lock");
            // A finished writer removes its lock file, so none are left behind; a waiter that locked the removed
            // file notices (open() compares file identities) and locks a fresh one. Only where the file system
            // reports identities: without them a waiter could not tell.
            if (lockKey != null && lockKey != MISSING && lockKey.equals(fileKey(lockFile)) && !Files.isDirectory(dir)) {
                Files.deleteIfExists(lockFile);
            }
            lock.release();
            lockChannel.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private record Chunk(int from, int to, Path file) {}

    private List<Chunk> chunks(Split split) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        List<Chunk> chunks = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.toList()) {
                Matcher m = CHUNK.matcher(file.getFileName().toString());
                if (m.matches() && m.group(1).equals(split.fileStem())) {
                    chunks.add(new Chunk(Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)), file));
                }
            }
        } catch (IOException e) {
            throw new DataError("cannot list " + dir + ": " + e.getMessage(), e);
        }
        chunks.sort(Comparator.comparingInt(Chunk::from));
        return chunks;
    }

    private static DataError writeFailure(Path where, Exception e) {
        return dev.frozen.IoErrors.writeFailure("the feature entry", where, e,
                "rerun the same command to resume (the entry was not completed; committed batches are kept)");
    }

    private static void atomicMove(Path from, Path to) throws IOException {
        AtomicFiles.move(from, to, true);
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // Best effort: a leftover .tmp is never mistaken for a chunk.
        }
    }
}
