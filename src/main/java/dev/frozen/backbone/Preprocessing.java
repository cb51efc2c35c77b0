package dev.frozen.backbone;

import dev.frozen.data.RgbImage;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How an 8-bit RGB image becomes the network's float input of size x size x 3, written in HWC order (row,
 * column, channel). {@link #CAFFE} is what Keras's VGG16 expects; {@link #ARTICLE} reproduces the tutorial's
 * {@code np.resize} bug on request. Stateless apart from shared, immutable resize tables; thread-safe.
 */
public enum Preprocessing implements dev.frozen.Choices.Named {
    /**
     * Keras {@code preprocess_input} in caffe mode after TF2 {@code tf.image.resize} (bilinear, half-pixel
     * centres, no antialias) on 0..255 floats: output channels are B, G, R minus [103.939, 116.779, 123.68].
     */
    CAFFE,
    /** {@code np.resize(img, (size, size, 3)) / 255}: raw HWC bytes repeated cyclically or truncated, RGB kept. */
    ARTICLE;

    private static final float[] MEAN_BGR = {103.939f, 116.779f, 123.68f};
    private static final ConcurrentHashMap<Long, Axis> AXES = new ConcurrentHashMap<>();

    public static Preprocessing parse(String text) {
        return dev.frozen.Choices.parse(Preprocessing.class, "preprocessing", text);
    }

    /** Writes {@code size * size * 3} floats for {@code img} into {@code dst} from {@code offset}. */
    public void apply(RgbImage img, int size, float[] dst, int offset) {
        if (size <= 0 || offset < 0 || dst.length - offset < size * size * 3) {
            throw new IllegalArgumentException("need " + size * size * 3 + " floats from offset " + offset
                    + " but dst has " + dst.length);
        }
        if (this == CAFFE) {
            caffe(img, size, dst, offset);
        } else {
            article(img, size, dst, offset);
        }
    }

    /** Source taps for one axis: output i blends {@code lo[i]} and {@code hi[i]} with weight {@code frac[i]} on hi. */
    private record Axis(int[] lo, int[] hi, float[] frac) {}

    private static Axis axis(int in, int out) {
        return AXES.computeIfAbsent(((long) in << 32) | out, k -> {
            int[] lo = new int[out];
            int[] hi = new int[out];
            float[] frac = new float[out];
            // float arithmetic, as TF's resize_bilinear kernel does (HalfPixelScaler, compute_interpolation_weights).
            float scale = (float) in / out;
            for (int i = 0; i < out; i++) {
                float src = (i + 0.5f) * scale - 0.5f;
                float floor = (float) Math.floor(src);
                lo[i] = Math.max((int) floor, 0);
                hi[i] = Math.min((int) Math.ceil(src), in - 1);
                frac[i] = src - floor;
            }
            return new Axis(lo, hi, frac);
        });
    }

    private static void caffe(RgbImage img, int size, float[] dst, int offset) {
        byte[] p = img.pixels();
        int w = img.width();
        if (w == size && img.height() == size) {
            // Identity resize: skip the blend, whose weights would all be zero anyway.
            for (int i = 0, o = offset; i < p.length; i += 3, o += 3) {
                dst[o] = (p[i + 2] & 0xFF) - MEAN_BGR[0];
                dst[o + 1] = (p[i + 1] & 0xFF) - MEAN_BGR[1];
                dst[o + 2] = (p[i] & 0xFF) - MEAN_BGR[2];
            }
            return;
        }
        Axis ys = axis(img.height(), size);
        Axis xs = axis(w, size);
        // Separable: blend along x once per source row, then along y. The float operations are exactly TF's
        // (top = tl + (tr - tl) * fx, etc.), only not repeated for every output row that shares a source row.
        int rowLen = size * 3;
        float[] rows = new float[img.height() * rowLen];
        for (int sy = 0; sy < img.height(); sy++) {
            int in = sy * w * 3;
            int o = sy * rowLen;
            for (int x = 0; x < size; x++) {
                int left = in + xs.lo[x] * 3;
                int right = in + xs.hi[x] * 3;
                float fx = xs.frac[x];
                for (int c = 0; c < 3; c++) {
                    float l = p[left + c] & 0xFF;
                    float r = p[right + c] & 0xFF;
                    rows[o++] = l + (r - l) * fx;
                }
            }
        }
        int o = offset;
        for (int y = 0; y < size; y++) {
            int top = ys.lo[y] * rowLen;
            int bottom = ys.hi[y] * rowLen;
            float fy = ys.frac[y];
            for (int i = 0; i < rowLen; i += 3) {
                // RGB in, BGR out.
                for (int c = 0; c < 3; c++) {
                    float t = rows[top + i + c];
                    float b = rows[bottom + i + c];
                    dst[o + i + 2 - c] = t + (b - t) * fy - MEAN_BGR[2 - c];
                }
            }
            o += rowLen;
        }
    }

    private static void article(RgbImage img, int size, float[] dst, int offset) {
        byte[] p = img.pixels();
        int n = size * size * 3;
        int j = 0;
        for (int i = 0; i < n; i++) {
            dst[offset + i] = (p[j] & 0xFF) / 255f;
            if (++j == p.length) {
                j = 0;
            }
        }
    }
}
