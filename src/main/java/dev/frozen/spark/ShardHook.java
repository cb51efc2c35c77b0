package dev.frozen.spark;

import java.io.Serializable;

/**
 * Called by an executor after each batch of a shard is written, before the shard commits: tests inject failures
 * through it (see SparkExtractTest); {@link #NONE} in real use. It travels to executors inside the {@link ShardJob}.
 */
@FunctionalInterface
interface ShardHook extends Serializable {
    /** An enum constant, so that it stays the same instance (and equal) after Spark serializes a job. */
    ShardHook NONE = None.INSTANCE;

    void afterBatch(ShardTask task);

    /** The hook of real runs: does nothing. */
    enum None implements ShardHook {
        INSTANCE;

        @Override
        public void afterBatch(ShardTask task) {}
    }
}
