package dev.frozen.spark;

import dev.frozen.DataError;
import dev.frozen.FrozenError;
import dev.frozen.Json;
import dev.frozen.Setting;
import dev.frozen.UsageError;
import dev.frozen.data.Split;
import dev.frozen.features.Extraction;
import dev.frozen.features.Manifest;
import dev.frozen.features.PartialEntry;
import dev.frozen.features.Shards;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;

/**
 * The driver of {@code extract --spark MASTER}: plans shards of rows, runs the missing ones as Spark tasks (each
 * writes and commits its shard in the entry's work folder), then publishes the entry with a manifest listing the
 * shards. The driver holds the entry's lock, computes the cache key and manifest, and receives only shard
 * descriptions. A rerun after a killed driver or a failed job reuses the committed shards and the saved plan.
 */
public final class SparkExtraction {
    /** The saved plan in the work folder: the manifest every shard embeds and the shard size, fixed at the first run. */
    static final String PLAN = "spark-plan.json";

    private SparkExtraction() {}

    record Plan(String manifestJson, int shardRows) {}

    /**
     * Runs (or resumes) the extraction of {@code r} on Spark at {@code master} into {@code r.featuresDir()}, or, when
     * {@code featuresUri} is not null, into that features folder on a Hadoop file system. {@code weightsForExecutors}
     * is a weights spec every executor can load ({@code random:SEED} or a path they can all read); {@code home} is
     * the driver's cache folder, passed on to executors; {@code hook} runs on every shard.
     */
    static Extraction.Result run(Extraction.Request r, String master, String weightsForExecutors, Integer shardRows,
            String featuresUri, dev.frozen.FrozenHome home, PrintStream log, ShardHook hook) {
        String name = Extraction.key(r).entryName();
        try (Target target = featuresUri == null ? new LocalTarget(r, name) : HadoopTarget.open(HadoopEntries.at(featuresUri, Setting.key("features_dir")), name)) {
            if (r.force()) {
                target.reset();
            } else {
                Optional<Extraction.Result> meanwhile = target.cacheHit(r);
                if (meanwhile.isPresent()) {
                    return meanwhile.get();
                }
            }
            Plan plan = plan(r, target, shardRows);
            Manifest manifest = readManifest(plan.manifestJson());
            Map<String, Manifest.FileInfo> committed = target.committed();
            List<ShardTask> all = tasks(r, plan.shardRows());
            List<ShardTask> todo = new ArrayList<>();
            for (ShardTask t : all) {
                Manifest.FileInfo done = committed.get(t.name());
                if (done == null || done.start() != t.from() || done.rows() != t.to() - t.from()) {
                    todo.add(t);
                }
            }
            if (todo.size() < all.size()) {
                log.printf(Locale.ROOT, "resuming: %d of %d shards already committed in %s%n", all.size() - todo.size(),
                        all.size(), target.work());
            }
            long start = System.nanoTime();
            long images = todo.stream().mapToLong(t -> t.to() - t.from()).sum();
            if (!todo.isEmpty()) {
                ShardJob job = new ShardJob(r.dataset().kind(), r.dataset().location(), weightsForExecutors, r.settings(),
                        r.engine().id(), target.work(), plan.manifestJson(), Extraction.featureDim(r),
                        home.dir().toString(), hook);
                runJob(master, job, todo, log);
            }
            Map<String, Manifest.FileInfo> shards = new TreeMap<>();
            Map<String, Manifest.FileInfo> now = target.committed();
            for (ShardTask t : all) {
                Manifest.FileInfo info = now.get(t.name());
                if (info == null || info.start() != t.from() || info.rows() != t.to() - t.from()) {
                    Optional<Extraction.Result> meanwhile = target.cacheHit(r);
                    if (meanwhile.isPresent()) {
                        // Another driver without a shared lock (hdfs:, s3a:) published the same entry first: its
                        // shards are the ones this run would have written, so the entry is complete; drop our copy.
                        target.reset();
                        return meanwhile.get();
                    }
                    throw new DataError("expected shard " + t.name() + " (rows " + t.from() + "-" + t.to() + ") in "
                            + target.work() + " after the Spark job, found " + (info == null ? "none" : info.rows()
                            + " rows from " + info.start()) + "; rerun the same command to resume");
                }
                shards.put(t.name(), info);
            }
            return target.publish(manifest, shards, images, (System.nanoTime() - start) / 1e9);
        }
    }

    /** Where an entry is built and published: a local features folder, or one on a Hadoop file system. */
    private interface Target extends AutoCloseable {
        Optional<Extraction.Result> cacheHit(Extraction.Request r);

        void reset();

        /** The work folder, as executors are given it: a local path or a URI. */
        String work();

        Optional<String> readPlan();

        void writePlan(String json);

        Map<String, Manifest.FileInfo> committed();

        Extraction.Result publish(Manifest manifest, Map<String, Manifest.FileInfo> shards, long images, double seconds);

        @Override
        void close();
    }

    /** A local (or NFS) features folder: the work folder and lock of {@link PartialEntry}. */
    private static final class LocalTarget implements Target {
        private final PartialEntry partial;

        LocalTarget(Extraction.Request r, String name) {
            this.partial = PartialEntry.open(r.featuresDir(), name, true);
        }

        @Override
        public Optional<Extraction.Result> cacheHit(Extraction.Request r) {
            return Extraction.cached(r, new PrintStream(java.io.OutputStream.nullOutputStream()))
                    .map(e -> new Extraction.Result(e, true, 0, 0));
        }

        @Override
        public void reset() {
            partial.reset();
        }

        @Override
        public String work() {
            return partial.dir().toAbsolutePath().toString();
        }

        @Override
        public Optional<String> readPlan() {
            Path file = partial.dir().resolve(PLAN);
            try {
                return Files.isRegularFile(file) ? Optional.of(Files.readString(file)) : Optional.empty();
            } catch (IOException e) {
                throw dev.frozen.IoErrors.writeFailure("the Spark plan", partial.dir(), e, "rerun the same command");
            }
        }

        @Override
        public void writePlan(String json) {
            try {
                Files.createDirectories(partial.dir());
                dev.frozen.AtomicFiles.writeString(partial.dir().resolve(PLAN), json);
            } catch (IOException e) {
                throw dev.frozen.IoErrors.writeFailure("the Spark plan", partial.dir(), e, "rerun the same command");
            }
        }

        @Override
        public Map<String, Manifest.FileInfo> committed() {
            return Shards.committed(partial.dir());
        }

        @Override
        public Extraction.Result publish(Manifest manifest, Map<String, Manifest.FileInfo> shards, long images, double seconds) {
            return new Extraction.Result(partial.completeSharded(manifest, shards), false, images, seconds);
        }

        @Override
        public void close() {
            partial.close();
        }
    }

    /**
     * A features folder on a Hadoop file system (see {@link HadoopEntries}). On the local file system ({@code file:})
     * it holds the entry's {@link PartialEntry} lock, as a local extraction does, so a second driver waits and then
     * finds the entry complete; other file systems have no such lock.
     */
    private record HadoopTarget(HadoopEntries entries, String name, PartialEntry lock) implements Target {
        static HadoopTarget open(HadoopEntries entries, String name) {
            return new HadoopTarget(entries, name, entries.localFolder().map(dir -> PartialEntry.open(dir, name, true)).orElse(null));
        }

        @Override
        public Optional<Extraction.Result> cacheHit(Extraction.Request r) {
            return entries.complete(name).map(m -> new Extraction.Result(null, entries.entry(name).toString(), m, true, 0, 0));
        }

        @Override
        public void reset() {
            entries.reset(name);
        }

        @Override
        public String work() {
            return entries.work(name).toString();
        }

        @Override
        public Optional<String> readPlan() {
            return entries.readPlan(name);
        }

        @Override
        public void writePlan(String json) {
            entries.writePlan(name, json);
        }

        @Override
        public Map<String, Manifest.FileInfo> committed() {
            return entries.committed(name);
        }

        @Override
        public Extraction.Result publish(Manifest manifest, Map<String, Manifest.FileInfo> shards, long images, double seconds) {
            Manifest finished = manifest.withFiles(shards);
            entries.publish(name, finished);
            return new Extraction.Result(null, entries.entry(name).toString(), finished, false, images, seconds);
        }

        @Override
        public void close() {
            if (lock != null) {
                lock.close();
            }
        }
    }

    /**
     * {@code cache pull --from URI}: copies entry {@code name} (or the only one) from a features folder on a Hadoop
     * file system into a scratch folder inside {@code toFeaturesDir}, then publishes it there with every file's
     * SHA-256 checked on the local copy ({@link dev.frozen.features.EntryCopy}).
     */
    public static dev.frozen.features.EntryCopy.Result pull(String fromUri, String name, Path toFeaturesDir) {
        HadoopEntries remote = HadoopEntries.at(fromUri, Setting.key("from"));
        String entry = name;
        if (entry == null) {
            List<String> all = remote.list();
            if (all.size() != 1) {
                throw new UsageError("expected one entry in " + remote + " or " + Setting.key("entry") + " NAME, found " + all.size()
                        + (all.isEmpty() ? "" : ": " + all));
            }
            entry = all.get(0);
        }
        if (!dev.frozen.features.FeatureStore.isEntryName(entry)) {
            throw new UsageError(Setting.key("entry") + " expects the name of an entry folder in " + remote + ", found '" + entry + "'");
        }
        dev.frozen.features.EntryCopy.requireWritable(toFeaturesDir); // the scratch copy goes there too
        Path scratch = toFeaturesDir.resolve(".pull-" + java.util.UUID.randomUUID());
        try {
            remote.download(entry, scratch.resolve(entry));
            return dev.frozen.features.EntryCopy.pull(scratch, entry, toFeaturesDir, remote + "/" + entry);
        } finally {
            dev.frozen.FileTrees.delete(scratch);
        }
    }

    /**
     * Opens a dataset given as a URI ({@code hdfs:}, {@code s3a:}, {@code file:}, ...) through Hadoop's file systems,
     * as the executors will; its location in the manifest is the qualified URI.
     */
    static dev.frozen.data.ImageDataset openDataset(String kind, String uri, PrintStream log, boolean rehash,
            dev.frozen.FrozenHome home) {
        return dev.frozen.data.Datasets.open(kind, HadoopFiles.at(uri), log, rehash, home);
    }

    /** The shards of both splits: about {@code shardRows} rows each, a whole number of batches. */
    static List<ShardTask> tasks(Extraction.Request r, int shardRows) {
        List<ShardTask> tasks = new ArrayList<>();
        for (Split split : Split.values()) {
            int total = r.dataset().size(split);
            int index = 0;
            for (int from = 0; from < total; from += shardRows, index++) {
                tasks.add(new ShardTask(split.name(), index, Shards.name(split, index), from, Math.min(total, from + shardRows)));
            }
        }
        return tasks;
    }

    /** Shard size: the given one, or enough shards for about 4 waves on a handful of cores, 256 to 8,192 rows, whole batches. */
    static int defaultShardRows(Extraction.Request r) {
        int total = r.dataset().size(Split.TRAIN) + r.dataset().size(Split.TEST);
        int rows = Math.max(256, Math.min(8192, total / 16));
        int batch = r.settings().batchSize();
        return Math.max(batch, (rows + batch - 1) / batch * batch);
    }

    private static Plan plan(Extraction.Request r, Target target, Integer shardRows) {
        try {
            Optional<String> text = target.readPlan();
            if (text.isPresent()) {
                Plan saved = Json.MAPPER.readValue(text.get(), Plan.class);
                Manifest m = readManifest(saved.manifestJson());
                if (m.entry().equals(Extraction.key(r).entryName()) && saved.shardRows() > 0) {
                    return saved; // the first run's manifest (its creation time) and shard size: committed shards stay valid
                }
            }
            if (shardRows != null && shardRows < 1) {
                throw new UsageError(Setting.key("shard_rows") + " must be at least 1, found " + shardRows);
            }
            Plan plan = new Plan(Json.MAPPER.writeValueAsString(Extraction.plannedManifest(r).withFiles(Map.of())),
                    shardRows != null ? shardRows : defaultShardRows(r));
            target.writePlan(Json.MAPPER.writeValueAsString(plan));
            return plan;
        } catch (IOException e) {
            throw new DataError("unreadable saved Spark plan in " + target.work() + " (" + e.getMessage().lines().findFirst()
                    .orElse("") + "); delete that folder or use " + Setting.key("force"), e);
        }
    }

    private static Manifest readManifest(String json) {
        try {
            return Json.MAPPER.readValue(json, Manifest.class);
        } catch (IOException e) {
            throw new DataError("unreadable saved plan in an entry's work folder (" + e.getMessage().lines().findFirst().orElse("")
                    + "); delete the .partial folder or use " + Setting.key("force"), e);
        }
    }

    private static void runJob(String master, ShardJob job, List<ShardTask> todo, PrintStream log) {
        long t0 = System.nanoTime();
        SparkSession spark = start(master);
        try {
            JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
            waitForExecutors(jsc, master);
            long t1 = System.nanoTime();
            log.printf(Locale.ROOT, "spark: started in %.1f s; %d shard task(s) on %s (default parallelism %d)%n",
                    (t1 - t0) / 1e9, todo.size(), master, jsc.defaultParallelism());
            List<ShardResult> results;
            long images = todo.stream().mapToLong(t -> t.to() - t.from()).sum();
            try (dev.frozen.Progress progress = new dev.frozen.Progress("extract (Spark)", images, "img", 0, System.err)) {
                // Counted from task-end events on the driver: a shard's rows when its task succeeds.
                jsc.sc().addSparkListener(new org.apache.spark.scheduler.SparkListener() {
                    @Override
                    public void onTaskEnd(org.apache.spark.scheduler.SparkListenerTaskEnd end) {
                        int index = end.taskInfo().index();
                        if (end.reason() instanceof org.apache.spark.Success$ && index >= 0 && index < todo.size()) {
                            progress.advance(todo.get(index).to() - todo.get(index).from());
                        }
                    }
                });
                results = jsc.parallelize(todo, todo.size()).map(t -> ShardRunner.run(job, t)).collect();
            } catch (RuntimeException e) {
                throw plain(e);
            }
            if (results.size() != todo.size()) {
                throw new DataError("expected " + todo.size() + " shard results from Spark, found " + results.size());
            }
            long loads = results.stream().mapToLong(ShardResult::weightLoads).max().orElse(0);
            log.printf(Locale.ROOT, "spark: %d shard(s) in %.1f s (%.1f img/s); weights loaded %d time(s) per executor JVM%n",
                    results.size(), (System.nanoTime() - t1) / 1e9,
                    results.stream().mapToLong(ShardResult::rows).sum() / ((System.nanoTime() - t1) / 1e9), loads);
        } finally {
            spark.stop();
        }
    }

    /** Starts (or joins) a Spark session; a master it cannot use is a usage error, in one line. */
    static SparkSession start(String master) {
        SparkConf conf = new SparkConf().setAppName("frozen extract");
        if (master != null) {
            conf.setMaster(master);
        }
        conf.setIfMissing("spark.ui.enabled", "false");
        try {
            return SparkSession.builder().config(conf).getOrCreate();
        } catch (Exception e) { // SparkException is checked in Java's eyes but thrown undeclared from Scala
            boolean cluster = master != null && master.matches("^(spark|k8s|mesos)://.*");
            throw new UsageError("cannot start Spark with " + Setting.key("spark") + " " + master + " (" + firstLine(e) + "); "
                    + (cluster ? "check that the master is running and reachable from this machine"
                            : "expected local[N], spark://HOST:PORT, yarn or k8s://URL"));
        }
    }

    /** On a cluster, waits for at least one executor, so an unreachable master fails in one line instead of hanging. */
    private static void waitForExecutors(JavaSparkContext jsc, String master) {
        if (master == null || master.startsWith("local")) {
            return;
        }
        long timeoutMs = Long.getLong("frozen.spark.executor-wait-s", 120) * 1000;
        long deadline = System.currentTimeMillis() + timeoutMs;
        while (jsc.sc().statusTracker().getExecutorInfos().length < 2) { // the driver counts as one
            if (jsc.sc().isStopped() || System.currentTimeMillis() > deadline) {
                throw new UsageError("no Spark executor registered with " + Setting.key("spark") + " " + master + " within "
                        + timeoutMs / 1000 + " s; check the master URL and that the cluster is reachable and has free cores");
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new DataError("interrupted while waiting for Spark executors", e);
            }
        }
    }

    /** A failed job in one line: the task's own frozen error (a corrupt image, a full disk) when there is one. */
    static RuntimeException plain(RuntimeException e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof FrozenError fe) {
                return fe;
            }
        }
        String message = String.valueOf(e.getMessage());
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("dev\\.frozen\\.DataError: ([^\\n]*)").matcher(message);
        if (m.find()) {
            return new DataError(m.group(1) + " (in a Spark task; committed shards are kept, rerun to resume)", e);
        }
        return new DataError("the Spark job failed: " + firstLine(e) + " (committed shards are kept; rerun the same command "
                + "to resume, " + Setting.key("verbose") + " shows the details)", e);
    }

    private static String firstLine(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return String.valueOf(root.getMessage()).lines().findFirst().orElse(root.getClass().getSimpleName());
    }
}
