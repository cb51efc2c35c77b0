package dev.frozen.features;

import dev.frozen.DataError;
import dev.frozen.data.Split;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
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
 * the manifest with their checksums, and publishes the folder as {@code <entry>/} with one rename.
 * Holding an instance means holding the entry's exclusive file lock.
 */
public final class PartialEntry implements AutoCloseable {
    public static final String SUFFIX = ".partial";
    private static final Pattern CHUNK = Pattern.compile("(train|test)-(\\d{10})-(\\d{10})\\.arrow");

    private final Path featuresDir;
    private final String entry;
    private final Path dir;
    private final FileChannel lockChannel;
    private final FileLock lock;

    private PartialEntry(Path featuresDir, String entry, FileChannel lockChannel, FileLock lock) {
        this.featuresDir = featuresDir;
        this.entry = entry;
        this.dir = featuresDir.resolve(entry + SUFFIX);
        this.lockChannel = lockChannel;
        this.lock = lock;
    }

    /**
     * Takes the entry's lock, waiting for another process that holds it when {@code wait} is true, or
     * failing with a clear message otherwise.
     */
    public static PartialEntry open(Path featuresDir, String entry, boolean wait) {
        try {
            Files.createDirectories(featuresDir);
            Path lockFile = featuresDir.resolve(entry + ".lock");
            FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock = tryLock(channel);
            if (lock == null && !wait) {
                channel.close();
                throw new DataError("another frozen process is writing " + featuresDir.resolve(entry)
                        + " (lock " + lockFile + " is held); wait for it to finish");
            }
            if (lock == null) {
                System.err.println("frozen: another process is writing " + entry + "; waiting for it to finish...");
                // Polling rather than lock(): within one JVM an overlapping lock() throws instead of blocking.
                while ((lock = tryLock(channel)) == null) {
                    sleep(200);
                }
            }
            return new PartialEntry(featuresDir, entry, channel, lock);
        } catch (IOException e) {
            throw new DataError("cannot lock feature entry " + featuresDir.resolve(entry) + ": " + e.getMessage(), e);
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

    private static FileLock tryLock(FileChannel channel) throws IOException {
        try {
            return channel.tryLock();
        } catch (OverlappingFileLockException e) {
            return null;
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
        } catch (IOException e) {
            deleteQuietly(tmp);
            throw writeFailure(tmp, e);
        }
    }

    /**
     * Joins the committed chunks into {@code train.arrow} and {@code test.arrow} with the manifest in
     * their schema metadata, writes {@code manifest.json} with checksums, syncs, and publishes the entry.
     */
    public FeatureEntry complete(Manifest manifest) {
        Path target = featuresDir.resolve(entry);
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
                            + ", found " + committed + "; rerun extract to resume");
                }
                try (ArrowFeatures.Writer writer = new ArrowFeatures.Writer(out, manifest.featureDim(),
                        Map.of(ArrowFeatures.MANIFEST_KEY, metadataJson))) {
                    for (Chunk chunk : chunks(split)) {
                        ArrowFeatures.forEachBatch(chunk.file, (labels, features, dim) ->
                                writer.writeBatch(labels, features, labels.length));
                    }
                }
                files.put(out.getFileName().toString(), Integrity.describe(out));
            }
            Manifest finished = manifest.withFiles(files);
            Path manifestTmp = dir.resolve(FeatureStore.MANIFEST + ".tmp");
            Files.writeString(manifestTmp, Json.MAPPER.writeValueAsString(finished) + "\n");
            try (FileChannel ch = FileChannel.open(manifestTmp, StandardOpenOption.WRITE)) {
                ch.force(true);
            }
            atomicMove(manifestTmp, dir.resolve(FeatureStore.MANIFEST));
            for (Split split : Split.values()) {
                for (Chunk chunk : chunks(split)) {
                    Files.delete(chunk.file);
                }
            }
            if (Files.exists(target)) {
                dev.frozen.FileTrees.delete(target);
            }
            atomicMove(dir, target);
            fsyncDir(featuresDir);
            return new FeatureEntry(target, finished);
        } catch (IOException e) {
            throw writeFailure(dir, e);
        }
    }

    @Override
    public void close() {
        try {
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

    private static DataError writeFailure(Path where, IOException e) {
        String reason = String.valueOf(e.getMessage());
        boolean full = reason.contains("No space left") || reason.contains("Disk quota");
        return new DataError((full ? "disk full" : "write failed") + " while writing " + where + " (" + reason
                + "); the entry was NOT completed; free space and rerun extract to resume", e);
    }

    private static void atomicMove(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException | FileAlreadyExistsException e) {
            throw new IOException("cannot atomically rename " + from + " to " + to + ": " + e.getMessage(), e);
        }
    }

    private static void fsyncDir(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException ignored) {
            // Some filesystems refuse to open directories; the rename itself is still atomic.
        }
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // Best effort: a leftover .tmp is never mistaken for a chunk.
        }
    }
}
