package dev.frozen.backbone;

/** A deliberately plain loop implementation of the Keras VGG16 base, the reference the fast path is checked against. */
final class NaiveVgg {
    private NaiveVgg() {}

    /** 3x3 convolution, stride 1, zero "same" padding, then ReLU; HWC in and out. */
    static float[] convRelu(float[] x, int h, int w, int in, int out, float[] kernel, float[] bias) {
        float[] y = new float[h * w * out];
        for (int r = 0; r < h; r++) {
            for (int c = 0; c < w; c++) {
                for (int o = 0; o < out; o++) {
                    double acc = bias[o];
                    for (int kr = 0; kr < 3; kr++) {
                        int rr = r + kr - 1;
                        if (rr < 0 || rr >= h) continue;
                        for (int kc = 0; kc < 3; kc++) {
                            int cc = c + kc - 1;
                            if (cc < 0 || cc >= w) continue;
                            for (int i = 0; i < in; i++) {
                                acc += x[(rr * w + cc) * in + i] * kernel[((kr * 3 + kc) * in + i) * out + o];
                            }
                        }
                    }
                    y[(r * w + c) * out + o] = (float) Math.max(0, acc);
                }
            }
        }
        return y;
    }

    /** 2x2 max pooling, stride 2, "valid": odd sizes drop the last row/column. */
    static float[] pool(float[] x, int h, int w, int ch) {
        int oh = h / 2, ow = w / 2;
        float[] y = new float[oh * ow * ch];
        for (int r = 0; r < oh; r++)
            for (int c = 0; c < ow; c++)
                for (int k = 0; k < ch; k++) {
                    float m = Float.NEGATIVE_INFINITY;
                    for (int dr = 0; dr < 2; dr++)
                        for (int dc = 0; dc < 2; dc++)
                            m = Math.max(m, x[((2 * r + dr) * w + 2 * c + dc) * ch + k]);
                    y[(r * ow + c) * ch + k] = m;
                }
        return y;
    }

    /** The activations of any layer (conv or pool) for one HWC image, computed layer by layer in plain loops. */
    static float[] forward(Vgg16Weights weights, String layer, float[] image, int size) {
        float[] h = image;
        int side = size;
        int ch = 3;
        for (String name : Vgg16.LAYERS) {
            if (name.endsWith("_pool")) {
                h = pool(h, side, side, ch);
                side /= 2;
            } else {
                Vgg16.Conv c = Vgg16.CONVS.stream().filter(x -> x.name().equals(name)).findFirst().orElseThrow();
                ConvWeights w = weights.get(c.name());
                h = convRelu(h, side, side, c.in(), c.out(), w.kernel(), w.bias());
                ch = c.out();
            }
            if (name.equals(layer)) {
                return h;
            }
        }
        throw new IllegalArgumentException("not a VGG16 layer: " + layer);
    }
}
