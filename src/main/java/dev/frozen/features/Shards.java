package dev.frozen.features;

import dev.frozen.AtomicFiles;
import dev.frozen.DataError;
import dev.frozen.Json;
import dev.frozen.data.Split;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Shards of a split written in parallel by several processes (extract --spark) into an entry's work folder
 * {@code <entry>.partial/}. A shard is committed in two renames: its Arrow file ({@code train-00003.arrow}) from a
 * temporary name, then its description ({@code train-00003.arrow.json}: size, SHA-256, rows, row digest, first row).
 * Only a shard with both, agreeing in size, counts as committed, so a half-written shard is never used and a rerun
 * recomputes exactly the shards that are missing.
 */
public final class Shards {
    private static final Pattern NAME = Pattern.compile("(train|test)-(\\d{5})\\.arrow");
    /** The suffix of a shard's description file ({@code train-00003.arrow.json}). */
    public static final String INFO_SUFFIX = ".json";

    private Shards() {}

    /** The file name of shard {@code index} of a split, e.g. {@code train-00003.arrow}. */
    public static String name(Split split, int index) {
        return String.format(java.util.Locale.ROOT, "%s-%05d.arrow", split.fileStem(), index);
    }

    /** Writes one shard's rows batch by batch; {@link #commit()} publishes it, {@link #close()} without commit discards it. */
    public static final class Writer implements AutoCloseable {
        private final Path dir;
        private final String name;
        private final int firstRow;
        private final Path tmp;
        private final ArrowFeatures.Writer arrow;
        private final ArrowFeatures.ContentDigest digest;
        private final int dim;
        private boolean done;

        /** Starts shard {@code name} in {@code partialDir}, holding rows from {@code firstRow}, with the entry's manifest in its schema. */
        public Writer(Path partialDir, String name, int firstRow, int dim, String manifestJson) {
            this.dir = partialDir;
            this.name = name;
            this.firstRow = firstRow;
            this.dim = dim;
            this.digest = new ArrowFeatures.ContentDigest(firstRow);
            // A unique temporary name: two attempts of one task (a retry, a speculative copy) never share a file.
            this.tmp = partialDir.resolve(name + ".tmp-" + java.util.UUID.randomUUID());
            try {
                Files.createDirectories(partialDir);
                this.arrow = new ArrowFeatures.Writer(tmp, dim, Map.of(ArrowFeatures.MANIFEST_KEY, manifestJson));
            } catch (IOException e) {
                throw failure(e);
            }
        }

        public void add(int[] labels, float[] features, int count) {
            try {
                arrow.writeBatch(labels, features, count);
            } catch (IOException e) {
                throw failure(e);
            }
            digest.update(labels, features, count, dim);
        }

        /** Closes (and syncs) the file, renames it into place, then writes its description: the commit point. */
        public Manifest.FileInfo commit() {
            try {
                arrow.close();
                done = true;
                Manifest.FileInfo info = new Manifest.FileInfo(Files.size(tmp), Integrity.sha256(tmp), digest.rows(),
                        digest.hex(), firstRow, digest.rowHashSum());
                AtomicFiles.move(tmp, dir.resolve(name), true);
                AtomicFiles.writeString(dir.resolve(name + INFO_SUFFIX), Json.MAPPER.writeValueAsString(info));
                return info;
            } catch (IOException e) {
                throw failure(e);
            }
        }

        private DataError failure(IOException e) {
            return dev.frozen.IoErrors.writeFailure("feature shard " + name, dir, e,
                    "rerun the same command to resume (committed shards are kept)");
        }

        @Override
        public void close() {
            if (!done) {
                try {
                    arrow.close();
                } catch (IOException | RuntimeException ignored) {
                    // Discarding anyway.
                }
            }
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // A leftover temporary never counts as a shard.
            }
        }
    }

    /** True for a shard's file name, e.g. {@code train-00003.arrow}. */
    public static boolean isShard(String fileName) {
        return NAME.matcher(fileName).matches();
    }

    /**
     * A shard's description if it makes the shard committed: readable, with rows and first row, and the size of the
     * shard file as it is now ({@code shardBytes}); empty otherwise (the shard is recomputed).
     */
    public static java.util.Optional<Manifest.FileInfo> committedInfo(byte[] description, long shardBytes) {
        try {
            Manifest.FileInfo fi = Json.MAPPER.readValue(description, Manifest.FileInfo.class);
            return fi.bytes() == shardBytes && fi.rows() != null && fi.firstRow() != null
                    ? java.util.Optional.of(fi) : java.util.Optional.empty();
        } catch (IOException e) {
            return java.util.Optional.empty();
        }
    }

    /** Committed shards in {@code partialDir} by file name: both files present and the sizes agreeing. */
    public static Map<String, Manifest.FileInfo> committed(Path partialDir) {
        Map<String, Manifest.FileInfo> result = new TreeMap<>();
        if (!Files.isDirectory(partialDir)) {
            return result;
        }
        try (Stream<Path> files = Files.list(partialDir)) {
            for (Path f : files.toList()) {
                Path info = f.resolveSibling(f.getFileName() + INFO_SUFFIX);
                if (!isShard(f.getFileName().toString()) || !Files.isRegularFile(info)) {
                    continue;
                }
                try {
                    committedInfo(Files.readAllBytes(info), Files.size(f))
                            .ifPresent(fi -> result.put(f.getFileName().toString(), fi));
                } catch (IOException ignored) {
                    // An unreadable description: the shard is recomputed.
                }
            }
        } catch (IOException e) {
            throw new DataError("cannot list " + partialDir + " (" + dev.frozen.IoErrors.describe(e) + ")", e);
        }
        return result;
    }
}
