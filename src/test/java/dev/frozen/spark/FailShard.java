package dev.frozen.spark;

import org.apache.spark.TaskContext;

/**
 * A shard hook that fails shard {@code name} after its first batch is written (leaving a half-written temporary):
 * on its first attempt only, or on every attempt when {@code always}.
 */
record FailShard(String name, boolean always) implements ShardHook {
    /** The extraction the CLI uses in a test that injects this failure. */
    SparkExtractor extractor() {
        return new SparkExtractor(this);
    }

    @Override
    public void afterBatch(ShardTask task) {
        TaskContext context = TaskContext.get();
        if (name.equals(task.name()) && (always || (context != null && context.attemptNumber() == 0))) {
            throw new IllegalStateException("injected failure of " + task.name()
                    + (context == null ? "" : " attempt " + context.attemptNumber()));
        }
    }
}
