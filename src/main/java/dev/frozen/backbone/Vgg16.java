package dev.frozen.backbone;

import dev.frozen.UsageError;
import java.util.ArrayList;
import java.util.List;

/**
 * The VGG16 convolutional base exactly as Keras defines it: five blocks of 3x3 "same" convolutions with
 * ReLU, each block closed by 2x2/2 "valid" max pooling (odd sizes floor). Feature maps are channels-last.
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

    static {
        List<Conv> convs = new ArrayList<>();
        int in = 3;
        for (int b = 0; b < WIDTHS.length; b++) {
            for (int i = 0; i < WIDTHS[b].length; i++) {
                convs.add(new Conv("block" + (b + 1) + "_conv" + (i + 1), b + 1, in, WIDTHS[b][i]));
                in = WIDTHS[b][i];
            }
        }
        CONVS = List.copyOf(convs);
    }

    private Vgg16() {}

    /** The block number (1..5) a pool layer closes; a usage error naming the valid layers otherwise. */
    public static int blockOf(String poolLayer) {
        int i = POOL_LAYERS.indexOf(poolLayer);
        if (i < 0) {
            throw new UsageError("unknown --layer '" + poolLayer + "'; expected one of " + String.join(", ", POOL_LAYERS));
        }
        return i + 1;
    }

    public static List<Conv> convsOfBlock(int block) {
        return CONVS.stream().filter(c -> c.block() == block).toList();
    }

    /** Channels-last shape [h, w, c] of a pool layer's output for a square input of side {@code inputSize}. */
    public static List<Integer> outputShape(String poolLayer, int inputSize) {
        requireInputSize(inputSize);
        int block = blockOf(poolLayer);
        int side = inputSize;
        for (int b = 0; b < block; b++) {
            side /= 2;
        }
        return List.of(side, side, WIDTHS[block - 1][0]);
    }

    public static int featureDim(String poolLayer, int inputSize) {
        return outputShape(poolLayer, inputSize).stream().reduce(1, (a, b) -> a * b);
    }

    public static void requireInputSize(int inputSize) {
        if (inputSize < MIN_INPUT) {
            throw new UsageError("--input-size must be at least " + MIN_INPUT + " (five 2x2 poolings), found " + inputSize);
        }
    }

    /**
     * Bytes one extraction batch needs at {@code inputSize}, heap and native together (JavaCPP caps native memory at
     * the heap limit too): two ping-pong activation buffers of the widest early layer (64 channels at full size),
     * the preprocessed input in Java and native form, and the decoded images.
     */
    public static long batchBytes(int inputSize, int batch) {
        long pixels = (long) inputSize * inputSize;
        return batch * pixels * (2L * 64 * 4 + 3 * 4 + 3 * 4 + 3);
    }

    /**
     * Refuses, before any work, an input size whose batch cannot fit in {@code maxBytes} (80% of the heap limit
     * by default), naming the largest size that would fit: otherwise the run dies later with an out-of-memory error.
     */
    public static void requireFitsInMemory(int inputSize, int batch, long maxBytes) {
        long usable = (long) (maxBytes * 0.8);
        if (batchBytes(inputSize, batch) <= usable) {
            return;
        }
        int largest = MIN_INPUT;
        while (batchBytes(largest + 1, batch) <= usable) {
            largest++;
        }
        throw new UsageError("--input-size " + inputSize + " needs about " + gib(batchBytes(inputSize, batch))
                + " GiB for a batch of " + batch + " images, but the Java heap limit is " + gib(maxBytes) + " GiB; the largest"
                + " input size that fits is " + largest + " (raise the limit with FROZEN_JAVA_OPTS=-Xmx..., or lower --batch)");
    }

    public static void requireFitsInMemory(int inputSize, int batch) {
        requireFitsInMemory(inputSize, batch, Runtime.getRuntime().maxMemory());
    }

    private static String gib(long bytes) {
        return String.format(java.util.Locale.ROOT, "%.1f", bytes / (double) (1L << 30));
    }

    /** Multiply-adds times two for one image up to and including {@code poolLayer}. */
    public static double flops(String poolLayer, int inputSize) {
        int block = blockOf(poolLayer);
        double total = 0;
        int side = inputSize;
        for (int b = 1; b <= block; b++) {
            for (Conv c : convsOfBlock(b)) {
                total += 2.0 * side * side * 9 * c.in() * c.out();
            }
            side /= 2;
        }
        return total;
    }
}
