package dev.frozen.spark;

import java.io.Serializable;

/** One Spark task: rows {@code [from, to)} of a split, written as shard {@code name}. */
public record ShardTask(String split, int index, String name, int from, int to) implements Serializable {}
