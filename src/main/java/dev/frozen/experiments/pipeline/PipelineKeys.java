package dev.frozen.experiments.pipeline;

import dev.frozen.Setting;
import java.util.Map;
import java.util.Set;

/**
 * How a pipeline file names a setting that a message names by its key ({@link Setting#key}): {@code precision} is
 * {@code backbone.precision}, {@code max_iter} is {@code heads.max_iter}. Settings a pipeline file has no key for
 * ({@code force}, {@code wide}, {@code verbose}, ...) are flags of {@code frozen run} or of another verb, so they stay
 * flags.
 */
public final class PipelineKeys {
    private PipelineKeys() {}

    // Keys outside heads:, as Pipeline.load reads them ("batch" is the extraction batch: the dense head's is
    // reported by PipelineHeads with its own line).
    private static final Map<String, String> PLACED = Map.ofEntries(
            Map.entry("dataset", "dataset.kind"), Map.entry("data", "dataset.data"),
            Map.entry("weights", "backbone.weights"), Map.entry("layer", "backbone.layer"),
            Map.entry("input_size", "backbone.input_size"), Map.entry("preprocessing", "backbone.preprocessing"),
            Map.entry("batch", "backbone.batch"), Map.entry("pooling", "backbone.pooling"),
            Map.entry("precision", "backbone.precision"), Map.entry("features_dir", "features_dir"),
            Map.entry("seed", "seed"));

    // Settings only a command line has (of run, or of the verb a message suggests).
    private static final Set<String> FLAGS_ONLY = Set.of("force", "wide", "verbose", "from", "entry", "features",
            "spark", "shard_rows", "allow_emulated_bf16", "engine", "rehash", "check", "delete");

    /** The name a pipeline user knows {@code key} by: its {@code section.key}, or its flag when the file has none. */
    public static String name(String key) {
        String placed = PLACED.get(key);
        if (placed != null) {
            return placed;
        }
        return FLAGS_ONLY.contains(key) ? Setting.FLAGS.apply(key) : "heads." + key;
    }
}
