package dev.frozen.heads;

import dev.frozen.InvalidOption;
import dev.frozen.backbone.Vgg16;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The dense head's up-front memory check: a network whose parameters, with their gradients and Adam's two moments
 * (about four floats per parameter), cannot fit in memory is refused before any row is read, naming the largest
 * hidden size that fits, instead of dying in a native allocation part-way.
 */
public final class DenseMemory {
    /** Parameter, gradient and Adam's two moment estimates, float each. */
    static final long BYTES_PER_PARAMETER = 4L * Float.BYTES;

    private DenseMemory() {}

    /** Refuses {@code o} if it cannot fit in the Java heap or in the native memory ND4J may allocate. */
    public static void require(DenseOptions o, CachedLayer source, int classes) {
        long heap = Runtime.getRuntime().maxMemory();
        long nativeLimit = org.bytedeco.javacpp.Pointer.maxBytes();
        if (nativeLimit > 0 && nativeLimit < heap) {
            require(o, source, classes, nativeLimit, "ND4J's native memory limit (org.bytedeco.javacpp.maxBytes)");
        } else {
            require(o, source, classes, heap, "the Java heap limit");
        }
    }

    /** The check against {@code maxBytes}, of which 10% is kept for the rows and scratch memory. */
    static void require(DenseOptions o, CachedLayer source, int classes, long maxBytes, String limitName) {
        long usable = (long) (maxBytes * 0.9);
        double needed = bytes(o.hidden(), o.trainableBlocks(), source, classes);
        if (needed <= usable) {
            return;
        }
        int largest = largestCap(o.hidden(), o.trainableBlocks(), source, classes, usable);
        throw new InvalidOption("hidden", " " + join(o.hidden()) + " needs about " + gib(needed) + " GiB for "
                + String.format(Locale.ROOT, "%.3g", parameters(o.hidden(), o.trainableBlocks(), source, classes))
                + " parameters (4 floats each with Adam's state), but " + limitName + " is " + gib(maxBytes)
                + " GiB; the largest hidden size that fits is " + (largest < 1 ? "none (fewer trainable blocks, or more memory)"
                        : Integer.toString(largest)) + " (raise the limit with FROZEN_JAVA_OPTS=-Xmx...)");
    }

    /** Parameters of the network, as a double: products of huge sizes overflow a long. */
    static double parameters(List<Integer> hidden, int trainableBlocks, CachedLayer source, int classes) {
        double total = 0;
        double in = source.dim();
        if (trainableBlocks > 0) {
            for (int b = source.block() + 1; b <= Vgg16.BLOCKS; b++) {
                for (Vgg16.Conv c : Vgg16.convsOfBlock(b)) {
                    total += 9.0 * c.in() * c.out() + c.out();
                }
            }
            int halvings = Vgg16.BLOCKS - source.block();
            in = (double) (source.shape().get(0) >> halvings) * (source.shape().get(1) >> halvings)
                    * Vgg16.convsOfBlock(Vgg16.BLOCKS).get(0).out();
        }
        for (int h : hidden) {
            total += in * h + h;
            in = h;
        }
        return total + in * classes + classes;
    }

    private static double bytes(List<Integer> hidden, int trainableBlocks, CachedLayer source, int classes) {
        return parameters(hidden, trainableBlocks, source, classes) * BYTES_PER_PARAMETER;
    }

    /** The largest N such that every hidden size capped at N fits; 0 when even size 1 does not. */
    private static int largestCap(List<Integer> hidden, int trainableBlocks, CachedLayer source, int classes, long usable) {
        int lo = 0;
        int hi = hidden.stream().mapToInt(Integer::intValue).max().orElse(1);
        while (lo < hi) {
            int mid = (int) (((long) lo + hi + 1) / 2);
            if (bytes(capped(hidden, mid), trainableBlocks, source, classes) <= usable) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return lo;
    }

    private static List<Integer> capped(List<Integer> hidden, int cap) {
        List<Integer> out = new ArrayList<>();
        for (int h : hidden) {
            out.add(Math.min(h, cap));
        }
        return out;
    }

    private static String join(List<Integer> hidden) {
        return String.join(",", hidden.stream().map(String::valueOf).toList());
    }

    private static String gib(double bytes) {
        return String.format(Locale.ROOT, "%.1f", bytes / (1L << 30));
    }
}
