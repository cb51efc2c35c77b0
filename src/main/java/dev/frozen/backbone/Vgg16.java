package dev.frozen.backbone;

import dev.frozen.Setting;
import java.util.ArrayList;
import java.util.List;

/**
 * The VGG16 convolutional base exactly as Keras defines it: five blocks of 3x3 "same" convolutions with
 * ReLU, each block closed by 2x2/2 "valid" max pooling (odd sizes floor). Feature maps are channels-last. The base
 * can be cut after any of its 18 layers, named as Keras names them ({@link #LAYERS}).
 */
public final class Vgg16 {
    /** One convolution: {@code in -> out} channels, in block {@code block} (1-based). */
    public record Conv(String name, int block, int in, int out) {}

    public static final int MIN_INPUT = 32;
    public static final int BLOCKS = 5;
    private static final int[][] WIDTHS = {{64, 64}, {128, 128}, {256, 256, 256}, {512, 512, 512}, {512, 512, 512}};
    public static final List<Conv> CONVS;
    public static final List<String> POOL_LAYERS =
            List.of("block1_pool", "block2_pool", "block3_pool", "block4_pool", "block5_pool");
    /**
     * The pseudo-layer below block 1: the preprocessed image itself ([size, size, 3]). An entry cached there lets
     * fine-tuning train all five blocks (K=5); extracting it runs no convolution.
     */
    public static final String INPUT = "input";
    /** Every layer an entry can cache: {@link #INPUT} and the pool layers. */
    public static final List<String> CACHE_LAYERS =
            List.of(INPUT, "block1_pool", "block2_pool", "block3_pool", "block4_pool", "block5_pool");

    /** Every layer the base can be cut after, in network order: block1_conv1, block1_conv2, block1_pool, ... */
    public static final List<String> LAYERS;

    static {
        List<Conv> convs = new ArrayList<>();
        List<String> layers = new ArrayList<>();
        int in = 3;
        for (int b = 0; b < WIDTHS.length; b++) {
            for (int i = 0; i < WIDTHS[b].length; i++) {
                convs.add(new Conv("block" + (b + 1) + "_conv" + (i + 1), b + 1, in, WIDTHS[b][i]));
                layers.add("block" + (b + 1) + "_conv" + (i + 1));
                in = WIDTHS[b][i];
            }
            layers.add("block" + (b + 1) + "_pool");
        }
        CONVS = List.copyOf(convs);
        LAYERS = List.copyOf(layers);
    }

    private Vgg16() {}

    /**
     * The block number (1..5) a layer belongs to, 0 for {@link #INPUT}; a usage error naming the valid layers
     * otherwise.
     */
    public static int blockOf(String layer) {
        if (INPUT.equals(layer)) {
            return 0;
        }
        if (!LAYERS.contains(layer)) {
            throw new dev.frozen.InvalidOption("layer", ": expected a VGG16 layer (" + INPUT + ", " + String.join(", ", LAYERS)
                    + "), found '" + layer + "'");
        }
        return layer.charAt(5) - '0';
    }

    /** The cache layer just above block {@code block}'s pooling: {@code block3_pool} for 3, {@link #INPUT} for 0. */
    public static String cacheLayer(int block) {
        return CACHE_LAYERS.get(block);
    }

    /** Whether the layer is one of the five pool layers (checked: a usage error for an unknown name). */
    public static boolean isPool(String layer) {
        blockOf(layer);
        return POOL_LAYERS.contains(layer);
    }

    /**
     * Position of the layer in {@link #LAYERS}: a later layer is computed from an earlier one; -1 for {@link #INPUT},
     * which comes before every layer.
     */
    public static int depth(String layer) {
        blockOf(layer);
        return LAYERS.indexOf(layer);
    }

    /**
     * The block (1..5) a pool layer closes, 0 for {@link #INPUT}. Fine-tuning rebuilds whole blocks above the cached
     * layer, so it starts from a pool layer (or the input) only; any other layer is refused in one line naming the
     * pool layer to use.
     */
    public static int poolBlockOf(String layer, String why) {
        int block = blockOf(layer);
        if (!CACHE_LAYERS.contains(layer)) {
            throw new dev.frozen.UsageError(why + " needs features cut at a pool layer (the output of a whole block: "
                    + String.join(", ", POOL_LAYERS) + "), found " + layer);
        }
        return block;
    }

    /** The convolutions computed up to and including {@code layer}, in order (none for {@link #INPUT}). */
    public static List<Conv> convsUpTo(String layer) {
        int depth = depth(layer);
        List<Conv> out = new ArrayList<>();
        for (Conv c : CONVS) {
            if (LAYERS.indexOf(c.name()) <= depth) {
                out.add(c);
            }
        }
        return out;
    }

    /**
     * Whether the network cut at {@code layer} pools after {@code conv} (an index into {@link #convsUpTo}): after the
     * last convolution of a block, except the cut's own block when the cut is that block's convolution.
     */
    public static boolean poolsAfter(String layer, int conv) {
        List<Conv> convs = convsUpTo(layer);
        if (conv + 1 < convs.size()) {
            return convs.get(conv + 1).block() != convs.get(conv).block();
        }
        return isPool(layer);
    }

    public static List<Conv> convsOfBlock(int block) {
        return CONVS.stream().filter(c -> c.block() == block).toList();
    }

    /** Channels-last shape [h, w, c] of a layer's output for a square input of side {@code inputSize}. */
    public static List<Integer> outputShape(String layer, int inputSize) {
        requireInputSize(inputSize);
        int block = blockOf(layer);
        int pools = isPool(layer) ? block : block - 1;
        int side = inputSize;
        for (int b = 0; b < pools; b++) {
            side /= 2;
        }
        return List.of(side, side, block == 0 ? 3 : WIDTHS[block - 1][0]);
    }

    public static int featureDim(String layer, int inputSize) {
        return outputShape(layer, inputSize).stream().reduce(1, (a, b) -> a * b);
    }

    public static void requireInputSize(int inputSize) {
        if (inputSize < MIN_INPUT) {
            throw new dev.frozen.InvalidOption("input_size", " must be at least " + MIN_INPUT + " (five 2x2 poolings), found " + inputSize);
        }
    }

    /** Native bytes the kernels and biases take, twice (as given and as reordered for the engine), rounded up. */
    static final long WEIGHT_BYTES = 128L << 20;

    /**
     * Native bytes the engine holds for these batch sizes at {@code inputSize}: one plan per distinct batch size
     * (full batches, and the last, smaller batch of each split), each with two ping-pong buffers of the widest
     * early layer (64 channels at full size) and its input, plus the weights. JavaCPP caps native memory at the
     * heap limit, so this is what must fit under it.
     */
    public static long nativeBytes(int inputSize, java.util.Set<Integer> batchSizes) {
        long pixels = (long) inputSize * inputSize;
        long images = batchSizes.stream().mapToLong(Integer::longValue).sum();
        return images * pixels * (2L * 64 * 4 + 3 * 4) + WEIGHT_BYTES;
    }

    /** The distinct batch sizes an extraction of splits with these row counts runs, at most {@code batch} each. */
    public static java.util.Set<Integer> batchSizes(int batch, int... splitRows) {
        java.util.Set<Integer> sizes = new java.util.TreeSet<>();
        for (int rows : splitRows) {
            if (rows >= batch) {
                sizes.add(batch);
            }
            if (rows % batch != 0) {
                sizes.add(rows % batch);
            }
        }
        if (sizes.isEmpty()) {
            sizes.add(batch);
        }
        return sizes;
    }

    /**
     * Refuses, before any work, an input size whose batches cannot fit under {@code maxBytes}, naming the largest
     * size that would fit: otherwise the run dies part-way with an out-of-memory error. {@code batchSizes} as from
     * {@link #batchSizes}; a 10% margin is kept for the engine's own scratch memory.
     */
    public static void requireFitsInMemory(int inputSize, java.util.Set<Integer> batchSizes, long maxBytes) {
        long usable = (long) (maxBytes * 0.9);
        if (nativeBytes(inputSize, batchSizes) <= usable) {
            return;
        }
        int largest = MIN_INPUT;
        while (nativeBytes(largest + 1, batchSizes) <= usable) {
            largest++;
        }
        int images = batchSizes.stream().mapToInt(Integer::intValue).sum();
        throw new dev.frozen.InvalidOption("input_size", " " + inputSize + " needs about " + gib(nativeBytes(inputSize, batchSizes))
                + " GiB for batches of " + batchSizes + " images (" + images + " held at once), but the Java heap limit is "
                + gib(maxBytes) + " GiB; the largest input size that fits is " + (nativeBytes(MIN_INPUT, batchSizes) > usable
                        ? "none at this batch size" : Integer.toString(largest))
                + " (raise the limit with FROZEN_JAVA_OPTS=-Xmx..., or lower " + Setting.key("batch") + ")");
    }

    /** The check for one batch size only: a lower bound used before the dataset's row counts are known. */
    public static void requireFitsInMemory(int inputSize, int batch) {
        requireFitsInMemory(inputSize, java.util.Set.of(batch), Runtime.getRuntime().maxMemory());
    }

    /** The exact check for an extraction of splits with these row counts. */
    public static void requireFitsInMemory(int inputSize, int batch, int... splitRows) {
        requireFitsInMemory(inputSize, batchSizes(batch, splitRows), Runtime.getRuntime().maxMemory());
    }

    private static String gib(long bytes) {
        return String.format(java.util.Locale.ROOT, "%.1f", bytes / (double) (1L << 30));
    }

    /** Multiply-adds times two for one image up to and including {@code layer}. */
    public static double flops(String layer, int inputSize) {
        double total = 0;
        for (Conv c : convsUpTo(layer)) {
            int side = inputSize;
            for (int b = 1; b < c.block(); b++) {
                side /= 2;
            }
            total += 2.0 * side * side * 9 * c.in() * c.out();
        }
        return total;
    }
}
