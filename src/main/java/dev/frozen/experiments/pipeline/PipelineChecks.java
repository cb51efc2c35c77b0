package dev.frozen.experiments.pipeline;

import dev.frozen.Setting;
import dev.frozen.UsageError;
import dev.frozen.backbone.Vgg16;
import dev.frozen.heads.HeadSpec;
import java.util.List;

/**
 * Checks across a pipeline's parts that {@link Pipeline#load} cannot make key by key, run by {@code frozen run}
 * (and {@code --check}) before any work: every dense head's {@code trainable_blocks} must lie above every cached
 * layer, every input size must fit in memory at its batch size, features_dir must be a folder (or absent), a
 * dataset folder must have a valid layout, and a weights file must load.
 */
public final class PipelineChecks {
    private PipelineChecks() {}

    /** {@code heads.get(i)} is the parsed form of {@code p.heads().get(i)}; {@code home} as the run will use it. */
    public static void beforeWork(Pipeline p, List<HeadSpec> heads, dev.frozen.FrozenHome home) {
        for (int i = 0; i < heads.size(); i++) {
            for (var g : heads.get(i).grid()) {
                int blocks = g.kind().trainableBlocks(g.params());
                if (blocks == 0) {
                    continue;
                }
                if (p.backbone().pooling() != dev.frozen.backbone.Pooling.NONE) {
                    Pipeline.HeadEntry h = p.heads().get(i);
                    throw new UsageError(p.file() + ":" + h.optionLines().getOrDefault("trainable_blocks", h.line())
                            + ": heads.trainable_blocks: trainable blocks need the spatial activations, but backbone.pooling is "
                            + p.backbone().pooling().id() + "; drop one of them");
                }
                int highest = Vgg16.BLOCKS - blocks;
                for (String layer : p.heads().get(i).layersOf(p.backbone().layers())) {
                    if (!Vgg16.CACHE_LAYERS.contains(layer) || Vgg16.blockOf(layer) > highest) {
                        Pipeline.HeadEntry h = p.heads().get(i);
                        if (h.options().containsKey(Pipeline.HEAD_LAYER)) {
                            throw new UsageError(p.file() + ":" + h.optionLines().getOrDefault("trainable_blocks", h.line())
                                    + ": heads.trainable_blocks: " + blocks + " trainable blocks need this head's "
                                    + "layer at " + (highest == 0 ? "" : "a pool layer, ") + Vgg16.cacheLayer(highest) + " or below, found " + layer
                                    + "; set heads.layer to " + Vgg16.cacheLayer(highest)
                                    + " (and list it in backbone.layer), or lower trainable_blocks");
                        }
                        int line = h.optionLines().getOrDefault("trainable_blocks", h.line());
                        throw new UsageError(p.file() + ":" + line + ": heads.trainable_blocks: " + blocks
                                + " trainable blocks need every backbone.layer at " + (highest == 0 ? "" : "a pool layer, ")
                                + Vgg16.cacheLayer(highest)
                                + " or below, found " + layer + " in " + p.backbone().layers() + "; list only layers up to "
                                + Vgg16.cacheLayer(highest) + ", or lower trainable_blocks");
                    }
                }
            }
        }
        if (p.backbone().precision() == dev.frozen.backbone.Precision.BF16
                && !dev.frozen.backbone.Precision.nativeBf16(dev.frozen.backbone.Precision.cpuFlags())) {
            throw new UsageError(p.file() + ": backbone.precision: bf16 needs a CPU with AVX512_BF16 or AMX, and this one has "
                    + "neither; use fp32 (or 'frozen extract " + Setting.flag("precision") + " bf16 "
                    + Setting.flag("allow_emulated_bf16") + "' to emulate it slowly)");
        }
        java.nio.file.Path features = java.nio.file.Path.of(p.featuresDir());
        if (p.featuresDir().isBlank() || java.nio.file.Files.exists(features) && !java.nio.file.Files.isDirectory(features)) {
            throw new UsageError(at(p, "features_dir") + ": features_dir: expected a folder, found "
                    + (p.featuresDir().isBlank() ? "an empty value" : "a file that is not a folder: " + features));
        }
        dev.frozen.data.ImageDataset listed = checkDataset(p, home);
        checkWeights(p, home);
        for (int size : p.backbone().inputSizes()) {
            int batch = p.backbone().settings(p.backbone().layers().get(0), size).batchSize();
            try {
                if (listed != null) {
                    Vgg16.requireFitsInMemory(size, batch, listed.size(dev.frozen.data.Split.TRAIN),
                            listed.size(dev.frozen.data.Split.TEST));
                } else {
                    Vgg16.requireFitsInMemory(size, batch);
                }
            } catch (dev.frozen.InvalidOption e) {
                throw new UsageError(at(p, "input_size") + ": " + e.asKey("backbone"));
            }
        }
    }

    /**
     * A dataset that can be checked by listing alone is checked now: an image folder's layout (train/ and test/,
     * at least 2 classes, the same classes in both, no empty class), a CIFAR-10 folder's batch files. Archives
     * are left to the run, since unpacking is work.
     */
    private static dev.frozen.data.ImageDataset checkDataset(Pipeline p, dev.frozen.FrozenHome home) {
        String data = p.dataset().data();
        if (data == null) {
            return null;
        }
        java.nio.file.Path path = java.nio.file.Path.of(data);
        if (!java.nio.file.Files.exists(path)) {
            throw new UsageError(at(p, "data") + ": dataset.data: expected an existing path, found nothing at " + path);
        }
        if (p.dataset().kind().equals("folder")) {
            return dev.frozen.data.ImageFolder.open(path, new java.io.PrintStream(java.io.OutputStream.nullOutputStream()),
                    dev.frozen.data.ContentHashes.in(home.dir()));
        } else if (java.nio.file.Files.isDirectory(path)) {
            return dev.frozen.data.CifarBinary.open(path, home);
        }
        return null;
    }

    /** A weights file is read and checked now (layers, shapes, finite values): about a second, not a failed run. */
    private static void checkWeights(Pipeline p, dev.frozen.FrozenHome home) {
        dev.frozen.backbone.WeightsSpec spec = dev.frozen.backbone.WeightsSpec.parse(p.backbone().weights(), home);
        if (spec.kind() == dev.frozen.backbone.WeightsSpec.Kind.FILE) {
            dev.frozen.backbone.KerasH5.load(spec.file());
        }
    }

    /**
     * The pipeline's weights spec; a bad one written in the file ({@code weights: 5}) is an error at its
     * {@code file:line}, one given by {@code --weights} ({@code fromFlag}) names the flag.
     */
    public static dev.frozen.backbone.WeightsSpec weights(Pipeline p, boolean fromFlag, dev.frozen.FrozenHome home) {
        try {
            return dev.frozen.backbone.WeightsSpec.parse(p.backbone().weights(), home);
        } catch (UsageError e) {
            if (fromFlag) {
                throw e;
            }
            String detail = e.getMessage().replaceFirst("^" + java.util.regex.Pattern.quote(Setting.key("weights")) + " ", "");
            throw new UsageError(at(p, "weights") + ": backbone.weights: " + detail);
        }
    }

    /** {@code file:line} of the first line that sets {@code key}, or just the file when it is not found (a default). */
    private static String at(Pipeline p, String key) {
        try {
            java.util.List<String> lines = java.nio.file.Files.readAllLines(p.file());
            java.util.regex.Pattern set = java.util.regex.Pattern.compile("^[\\s{,-]*" + key + "\\s*:|[{,]\\s*" + key + "\\s*:");
            for (int i = 0; i < lines.size(); i++) {
                if (set.matcher(lines.get(i)).find()) {
                    return p.file() + ":" + (i + 1);
                }
            }
        } catch (java.io.IOException | java.io.UncheckedIOException e) {
            // the file was readable a moment ago; without it only the line number is lost
        }
        return p.file().toString();
    }
}
