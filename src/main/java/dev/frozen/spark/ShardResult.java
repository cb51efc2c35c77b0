package dev.frozen.spark;

import java.io.Serializable;

/** What a task sends back to the driver: the committed shard's name and description, never its features. */
public record ShardResult(String name, long bytes, String sha256, int rows, String contentSha256, int firstRow,
        long weightLoads) implements Serializable {}
