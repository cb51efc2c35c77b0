package dev.frozen.spark;

import dev.frozen.backbone.FrozenBase;
import dev.frozen.data.ImageDataset;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Per-JVM state of an executor, kept across tasks (static, like one predictor per executor): the frozen base, built
 * once per settings from weights loaded once, and the opened datasets. Concurrent tasks of one executor share the
 * base and take turns on it (it is not thread-safe); each forward pass uses oneDNN's OpenMP threads, so while one
 * task runs the network the others decode and preprocess their next batch.
 */
final class ExecutorState {
    private static final Map<String, Shared> BASES = new HashMap<>();
    private static final Map<String, ImageDataset> DATASETS = new HashMap<>();
    private static final AtomicLong WEIGHT_LOADS = new AtomicLong();

    private ExecutorState() {}

    /** A base and the lock tasks hold while running it. */
    record Shared(FrozenBase base, ReentrantLock lock) {}

    static synchronized Shared base(ShardJob job) {
        return BASES.computeIfAbsent(job.baseKey(), k -> {
            WEIGHT_LOADS.incrementAndGet();
            FrozenBase base = FrozenBase.create(job.weightsSpec().load(), job.settings().layer(),
                    FrozenBase.Engine.parse(job.engine()), job.settings().precision());
            return new Shared(base, new ReentrantLock(true));
        });
    }

    static synchronized ImageDataset dataset(ShardJob job) {
        return DATASETS.computeIfAbsent(job.datasetKind() + "|" + job.datasetLocation(), k -> job.openDataset());
    }

    /** How many times this JVM has loaded weights and built a base (once per distinct setting). */
    static long weightLoads() {
        return WEIGHT_LOADS.get();
    }
}
