package dev.frozen.spark;

import dev.frozen.DataError;
import dev.frozen.Json;
import dev.frozen.Setting;
import dev.frozen.features.FeatureStore;
import dev.frozen.features.Integrity;
import dev.frozen.features.Manifest;
import dev.frozen.features.Shards;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Feature entries in a features folder on a Hadoop file system ({@code extract --spark --features-dir hdfs://...}),
 * laid out exactly as local ones: {@code <entry>/} with its Arrow shards, {@code manifest.sha256} and
 * {@code manifest.json}, built in {@code <entry>.partial/}. Every file appears under its final name by a rename
 * (shards by the executors, the manifest last by the driver), so no reader sees a half-written file. There is no
 * lock: shards are deterministic, so two drivers on one entry write the same bytes, and the second publish finds
 * the entry complete.
 */
final class HadoopEntries {
    private final FileSystem fs;
    private final Path features;

    HadoopEntries(FileSystem fs, Path features) {
        this.fs = fs;
        this.features = features;
    }

    /** The features folder at {@code uri}; {@code option} names it in errors ({@code --features-dir}, {@code --from}). */
    static HadoopEntries at(String uri, String option) {
        HadoopFiles.Located at = HadoopFiles.locate(uri, option);
        return new HadoopEntries(at.fs(), at.path());
    }

    /** The features folder as a local path when it is on the local file system ({@code file:}), else empty. */
    Optional<java.nio.file.Path> localFolder() {
        return "file".equals(fs.getUri().getScheme()) ? Optional.of(java.nio.file.Path.of(features.toUri()))
                : Optional.empty();
    }

    Path entry(String name) {
        return new Path(features, name);
    }

    Path work(String name) {
        return new Path(features, name + ".partial");
    }

    /**
     * The manifest of a complete entry: {@code manifest.json} readable and well formed, matching its
     * {@code manifest.sha256}, and every data file it lists present with its listed size. Anything less is no entry.
     */
    Optional<Manifest> complete(String name) {
        if (!FeatureStore.isEntryName(name)) {
            return Optional.empty();
        }
        Path dir = entry(name);
        try {
            byte[] bytes = read(new Path(dir, FeatureStore.MANIFEST));
            String sha = new String(read(new Path(dir, FeatureStore.MANIFEST_SHA)), StandardCharsets.UTF_8).strip();
            if (!Integrity.sha256(bytes).equalsIgnoreCase(sha)) {
                return Optional.empty();
            }
            Manifest m = Json.MAPPER.readValue(bytes, Manifest.class);
            if (!name.equals(m.entry()) || m.files() == null || m.files().isEmpty()) {
                return Optional.empty();
            }
            for (String file : m.files().keySet()) {
                dev.frozen.FileNames.requirePlain(file, "each file name of the manifest", new Path(dir, FeatureStore.MANIFEST));
            }
            for (Map.Entry<String, Manifest.FileInfo> f : m.files().entrySet()) {
                if (fs.getFileStatus(new Path(dir, f.getKey())).getLen() != f.getValue().bytes()) {
                    return Optional.empty();
                }
            }
            return Optional.of(m);
        } catch (FileNotFoundException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new DataError("expected a readable features folder at " + features + ", found "
                    + dev.frozen.IoErrors.describe(e));
        }
    }

    /** Names of the complete entries in the folder, sorted. */
    java.util.List<String> list() {
        java.util.List<String> names = new java.util.ArrayList<>();
        try {
            for (FileStatus s : fs.listStatus(features)) {
                String name = s.getPath().getName();
                if (s.isDirectory() && FeatureStore.isEntryName(name) && complete(name).isPresent()) {
                    names.add(name);
                }
            }
        } catch (FileNotFoundException e) {
            throw new DataError("expected a features folder at " + features + ", found nothing there");
        } catch (IOException e) {
            throw new DataError("expected a readable features folder at " + features + ", found " + dev.frozen.IoErrors.describe(e));
        }
        java.util.Collections.sort(names);
        return names;
    }

    /**
     * Copies a complete entry's files (manifest files and every listed data file) into the local folder
     * {@code into}, which then holds the entry as the remote folder does; checking them is the caller's job.
     */
    void download(String name, java.nio.file.Path into) {
        dev.frozen.FileNames.requirePlain(name, "the entry name", features);
        Manifest m = complete(name).orElseThrow(() -> new DataError("expected a complete entry " + name + " in " + features
                + ", found none (entries there: " + list() + ")"));
        try {
            java.nio.file.Files.createDirectories(into);
            java.util.List<String> files = new java.util.ArrayList<>(m.files().keySet());
            files.add(FeatureStore.MANIFEST_SHA);
            files.add(FeatureStore.MANIFEST);
            for (String file : files) { // each name was checked by complete(): a plain name inside the entry folder
                fs.copyToLocalFile(false, new Path(entry(name), file), new Path(into.resolve(file).toUri()), true);
            }
        } catch (IOException e) {
            throw new DataError("cannot copy entry " + name + " from " + features + " into " + into + " ("
                    + dev.frozen.IoErrors.describe(e) + ")", e);
        }
    }

    /** Copies one file at {@code uri} into a fresh local scratch folder (its caller deletes the folder). */
    static java.nio.file.Path fetch(String uri) {
        HadoopFiles.Located at = HadoopFiles.locate(uri, "entry file");
        try {
            java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("frozen-shard-");
            java.nio.file.Path local = dir.resolve(at.path().getName());
            at.fs().copyToLocalFile(false, at.path(), new Path(local.toUri()), true);
            return local;
        } catch (IOException e) {
            throw new DataError("cannot copy " + uri + " to local scratch (" + dev.frozen.IoErrors.describe(e) + ")", e);
        }
    }

    /** Deletes the work folder ({@code --force}). */
    void reset(String name) {
        try {
            fs.delete(work(name), true);
        } catch (IOException e) {
            throw failure("the work folder", work(name), e);
        }
    }

    Optional<String> readPlan(String name) {
        try {
            return Optional.of(new String(read(new Path(work(name), SparkExtraction.PLAN)), StandardCharsets.UTF_8));
        } catch (FileNotFoundException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw failure("the Spark plan", work(name), e);
        }
    }

    void writePlan(String name, String json) {
        try {
            fs.mkdirs(work(name));
            publish(fs, json.getBytes(StandardCharsets.UTF_8), new Path(work(name), SparkExtraction.PLAN));
        } catch (IOException e) {
            throw failure("the Spark plan", work(name), e);
        }
    }

    /** Committed shards in the work folder: the Arrow file and its description both present, sizes agreeing. */
    Map<String, Manifest.FileInfo> committed(String name) {
        Map<String, Manifest.FileInfo> result = new TreeMap<>();
        Map<String, Long> sizes = new TreeMap<>();
        Map<String, Path> infos = new TreeMap<>();
        try {
            if (!fs.exists(work(name))) {
                return result;
            }
            for (FileStatus s : fs.listStatus(work(name))) {
                String file = s.getPath().getName();
                if (Shards.isShard(file)) {
                    sizes.put(file, s.getLen());
                } else if (file.endsWith(Shards.INFO_SUFFIX)
                        && Shards.isShard(file.substring(0, file.length() - Shards.INFO_SUFFIX.length()))) {
                    infos.put(file.substring(0, file.length() - Shards.INFO_SUFFIX.length()), s.getPath());
                }
            }
            for (Map.Entry<String, Path> info : infos.entrySet()) {
                Long size = sizes.get(info.getKey());
                if (size == null) {
                    continue;
                }
                try {
                    Shards.committedInfo(read(info.getValue()), size).ifPresent(fi -> result.put(info.getKey(), fi));
                } catch (IOException ignored) {
                    // An unreadable description: the shard is recomputed.
                }
            }
        } catch (IOException e) {
            throw new DataError("cannot list " + work(name) + " (" + dev.frozen.IoErrors.describe(e) + ")", e);
        }
        return result;
    }

    /**
     * Publishes the entry as {@code PartialEntry} does locally: the manifest files are written in the work folder,
     * an old entry's manifest goes first, the shards move in, the manifest moves in last (the commit point), and
     * the work folder goes. An entry another driver completed meanwhile is left as it is.
     */
    void publish(String name, Manifest finished) {
        Path work = work(name);
        Path target = entry(name);
        try {
            FeatureStore.checkStructure(java.nio.file.Path.of(FeatureStore.MANIFEST), finished);
            byte[] manifest = FeatureStore.manifestBytes(finished);
            if (complete(name).filter(m -> m.files().equals(finished.files())).isPresent()) {
                fs.delete(work, true);
                return;
            }
            publish(fs, FeatureStore.manifestShaBytes(manifest), new Path(work, FeatureStore.MANIFEST_SHA));
            publish(fs, manifest, new Path(work, FeatureStore.MANIFEST));
            fs.mkdirs(target);
            fs.delete(new Path(target, FeatureStore.MANIFEST), false);
            fs.delete(new Path(target, FeatureStore.MANIFEST_SHA), false);
            for (FileStatus old : fs.listStatus(target)) {
                String file = old.getPath().getName();
                if (old.isFile() && file.endsWith(".arrow") && !finished.files().containsKey(file)) {
                    fs.delete(old.getPath(), false); // a data file of the old entry that the new one does not have
                }
            }
            for (String file : finished.files().keySet()) {
                move(fs, new Path(work, file), new Path(target, file));
            }
            move(fs, new Path(work, FeatureStore.MANIFEST_SHA), new Path(target, FeatureStore.MANIFEST_SHA));
            move(fs, new Path(work, FeatureStore.MANIFEST), new Path(target, FeatureStore.MANIFEST));
            fs.delete(work, true);
        } catch (IOException e) {
            throw failure("entry " + name, target, e);
        }
    }

    /** Renames {@code from} to {@code to}, replacing what is there (Hadoop's rename refuses an existing target). */
    private static void move(FileSystem fs, Path from, Path to) throws IOException {
        fs.delete(to, false);
        if (!fs.rename(from, to)) {
            throw new IOException("could not rename " + from + " to " + to);
        }
    }

    private byte[] read(Path file) throws IOException {
        try (var in = fs.open(file)) {
            return in.readAllBytes();
        }
    }

    /**
     * Executor side: copies a shard committed in a local folder ({@code name} and its description) into the work
     * folder at {@code workUri}, each under a unique temporary name first, the description last: the commit point.
     * An attempt that finds the shard already committed (a retry, a speculative copy) replaces it with the same
     * bytes.
     */
    static void upload(java.nio.file.Path localDir, String name, String workUri) {
        HadoopFiles.Located at = HadoopFiles.locate(workUri, Setting.key("features_dir"));
        FileSystem fs = at.fs();
        Path work = at.path();
        try {
            fs.mkdirs(work);
            String unique = ".tmp-" + java.util.UUID.randomUUID();
            Path shard = new Path(work, name);
            Path tmp = new Path(work, name + unique);
            fs.copyFromLocalFile(false, true, new Path(localDir.resolve(name).toUri()), tmp);
            move(fs, tmp, shard);
            byte[] info = java.nio.file.Files.readAllBytes(localDir.resolve(name + Shards.INFO_SUFFIX));
            publish(fs, info, new Path(work, name + Shards.INFO_SUFFIX));
        } catch (IOException e) {
            throw failure("feature shard " + name, work, e);
        }
    }

    /** Writes {@code bytes} to a temporary sibling, then renames it to {@code file}, replacing what is there. */
    private static void publish(FileSystem fs, byte[] bytes, Path file) throws IOException {
        Path tmp = new Path(file.getParent(), "." + file.getName() + ".tmp-" + java.util.UUID.randomUUID());
        try (FSDataOutputStream out = fs.create(tmp, false)) {
            out.write(bytes);
            out.hsync();
        }
        try {
            move(fs, tmp, file);
        } catch (IOException e) {
            fs.delete(tmp, false);
            throw e;
        }
    }

    private static DataError failure(String what, Path where, IOException e) {
        return new DataError("cannot write " + what + " at " + where + " (" + dev.frozen.IoErrors.describe(e)
                + "); rerun the same command to resume (committed shards are kept)", e);
    }

    /** For messages: where entries go. */
    @Override
    public String toString() {
        return features.toString();
    }
}
