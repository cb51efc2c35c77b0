package dev.frozen.experiments;

import dev.frozen.UsageError;
import dev.frozen.backbone.Vgg16;
import dev.frozen.features.Extraction;
import dev.frozen.heads.DenseOptions;
import dev.frozen.heads.HeadSpec;
import java.util.List;

/**
 * Checks across a pipeline's parts that {@link Pipeline#load} cannot make key by key, run by {@code frozen run}
 * (and {@code --check}) before any work: every dense head's {@code trainable_blocks} must lie above every cached
 * layer, every input size must fit in memory at its batch size, and features_dir must be a folder (or absent).
 */
public final class PipelineChecks {
    private PipelineChecks() {}

    /** {@code heads.get(i)} is the parsed form of {@code p.heads().get(i)}. */
    public static void beforeWork(Pipeline p, List<HeadSpec> heads) {
        for (int i = 0; i < heads.size(); i++) {
            if (heads.get(i).options() instanceof DenseOptions o && o.trainableBlocks() > 0) {
                int highest = Vgg16.BLOCKS - o.trainableBlocks();
                for (String layer : p.backbone().layers()) {
                    if (Vgg16.blockOf(layer) > highest) {
                        Pipeline.HeadEntry h = p.heads().get(i);
                        int line = h.optionLines().getOrDefault("trainable_blocks", h.line());
                        throw new UsageError(p.file() + ":" + line + ": heads.trainable_blocks: " + o.trainableBlocks()
                                + " trainable blocks need every backbone.layer at block" + highest + "_pool or below, found "
                                + layer + " in " + p.backbone().layers() + "; list only layers up to block" + highest
                                + "_pool, or lower trainable_blocks");
                    }
                }
            }
        }
        java.nio.file.Path features = java.nio.file.Path.of(p.featuresDir());
        if (p.featuresDir().isBlank() || java.nio.file.Files.exists(features) && !java.nio.file.Files.isDirectory(features)) {
            throw new UsageError(p.file() + ": features_dir: expected a folder, found "
                    + (p.featuresDir().isBlank() ? "an empty value" : "a file that is not a folder: " + features));
        }
        for (int size : p.backbone().inputSizes()) {
            int batch = p.backbone().batch() != null ? p.backbone().batch() : Extraction.autoBatch(size);
            try {
                Vgg16.requireFitsInMemory(size, batch);
            } catch (UsageError e) {
                throw new UsageError(p.file() + ": backbone.input_size: " + e.getMessage().replaceFirst("^--input-size ", ""));
            }
        }
    }
}
