package dev.frozen.training;

import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.ShortPointer;

/**
 * The im2col matrix of a 3x3 "same" convolution's bf16 input, for kernel gradients as one matrix product: one row
 * per output pixel (image, h, w), holding the input channels under each of the nine taps (kh, kw, channel; zeros
 * where a tap falls in the padding), then a 1 whose product with the output gradient is the bias gradient.
 */
final class Im2col {
    private static final short BF16_ONE = 0x3F80;
    private static final int BF16 = 2; // bytes per value

    private Im2col() {}

    /** Columns of the matrix for {@code channels} input channels: nine taps of them, then the ones. */
    static long columns(int channels) {
        return 9L * channels + 1;
    }

    /**
     * Fills {@code col} ([n * side * side, columns(channels)] row-major bf16) from {@code src} (NHWC bf16,
     * [n, side, side, channels]). Both are native memory that the caller keeps alive.
     */
    static void fill(Pointer src, Pointer col, int n, int side, int channels) {
        long cols = columns(channels);
        long run = (long) channels * BF16;
        BytePointer from = new BytePointer(src);
        BytePointer to = new BytePointer(col);
        ShortPointer one = new ShortPointer(1).put(BF16_ONE);
        long row = 0;
        for (int img = 0; img < n; img++) {
            for (int h = 0; h < side; h++) {
                for (int w = 0; w < side; w++, row++) {
                    long base = row * cols * BF16;
                    for (int kh = 0; kh < 3; kh++) {
                        int sh = h + kh - 1;
                        for (int kw = 0; kw < 3; kw++) {
                            int sw = w + kw - 1;
                            to.position(base + (kh * 3L + kw) * run);
                            if (sh < 0 || sh >= side || sw < 0 || sw >= side) {
                                Pointer.memset(to, 0, run);
                            } else {
                                from.position((((long) img * side + sh) * side + sw) * run);
                                Pointer.memcpy(to, from, run);
                            }
                        }
                    }
                    to.position(base + (cols - 1) * BF16);
                    Pointer.memcpy(to, one, BF16);
                }
            }
        }
        one.close();
    }
}
