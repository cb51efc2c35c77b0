package dev.frozen.spark;

import dev.frozen.DataError;
import dev.frozen.data.DataFiles;
import dev.frozen.data.ImageDataset;
import dev.frozen.data.Split;
import dev.frozen.features.Extraction;
import dev.frozen.features.Manifest;
import dev.frozen.features.Shards;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

/** The executor side of one task: computes a shard's rows batch by batch and commits it (see {@link Shards}). */
final class ShardRunner {
    /** Shards this JVM committed (tests use it to see that a resumed run computes only what was missing). */
    static final AtomicInteger COMMITTED = new AtomicInteger();

    /** Shard tasks running in this JVM now (tests wait for zero before counting what a failed job left). */
    static final AtomicInteger RUNNING = new AtomicInteger();

    private ShardRunner() {}

    static ShardResult run(ShardJob job, ShardTask task) {
        RUNNING.incrementAndGet();
        try {
            return compute(job, task);
        } finally {
            RUNNING.decrementAndGet();
        }
    }

    private static ShardResult compute(ShardJob job, ShardTask task) {
        ImageDataset dataset = ExecutorState.dataset(job);
        Extraction.Request request = job.request(dataset);
        Split split = Split.valueOf(task.split());
        if (dataset.size(split) < task.to()) {
            throw new DataError("expected at least " + task.to() + " " + split.fileStem() + " rows in "
                    + job.datasetLocation() + " as seen by this executor, found " + dataset.size(split)
                    + "; the dataset must be the same on every node");
        }
        ExecutorState.Shared shared = ExecutorState.base(job);
        // A work folder on a Hadoop file system: the shard is written and committed in a local scratch folder,
        // then uploaded and committed there (HadoopEntries.upload).
        boolean remote = DataFiles.isUri(job.partialDir());
        Path local = remote ? scratch(task) : Path.of(job.partialDir());
        try (Shards.Writer writer = new Shards.Writer(local, task.name(), task.from(), job.dim(), job.manifestJson())) {
            int row = task.from();
            while (row < task.to()) {
                Extraction.Batch batch = Extraction.prepare(request, split, row, task.to());
                float[] features;
                shared.lock().lock();
                try {
                    features = Extraction.features(request, shared.base(), batch);
                } finally {
                    shared.lock().unlock();
                }
                writer.add(batch.labels(), features, batch.count());
                row += batch.count();
                job.hook().afterBatch(task);
                stopIfKilled(task);
            }
            // A task of a failed or cancelled job must not commit: the next run may already be planning.
            stopIfKilled(task);
            Manifest.FileInfo info = writer.commit();
            if (remote) {
                stopIfKilled(task);
                HadoopEntries.upload(local, task.name(), job.partialDir());
            }
            COMMITTED.incrementAndGet();
            return new ShardResult(task.name(), info.bytes(), info.sha256(), info.rows(), info.contentSha256(),
                    info.firstRow(), ExecutorState.weightLoads());
        } finally {
            if (remote) {
                dev.frozen.FileTrees.delete(local);
            }
        }
    }

    private static Path scratch(ShardTask task) {
        try {
            return java.nio.file.Files.createTempDirectory("frozen-" + task.name() + "-");
        } catch (java.io.IOException e) {
            throw new DataError("cannot create a scratch folder for shard " + task.name() + " in "
                    + System.getProperty("java.io.tmpdir") + " (" + dev.frozen.IoErrors.describe(e) + ")");
        }
    }

    /** Spark marks tasks of a failed job as killed without interrupting them; check between batches. */
    private static void stopIfKilled(ShardTask task) {
        org.apache.spark.TaskContext context = org.apache.spark.TaskContext.get();
        if (context != null && context.isInterrupted()) {
            throw new org.apache.spark.TaskKilledException("shard " + task.name() + " cancelled: its job stopped");
        }
    }
}
