package dev.frozen.backbone;

import java.util.List;

/**
 * Global pooling of a layer's output over its spatial positions, as Keras's {@code VGG16(pooling=...)}: {@code none}
 * keeps the h x w x c activations, {@code avg} and {@code max} reduce them to c values per image. Rows are flattened
 * channels-last (row, column, channel), so channel j of position p sits at {@code p * c + j}.
 */
public enum Pooling implements dev.frozen.Choices.Named {
    NONE, AVG, MAX;

    public static Pooling parse(String s) {
        return dev.frozen.Choices.parse(Pooling.class, "pooling", s);
    }

    /** The [h, w, c] shape of a pooled row: unchanged for {@code none}, [1, 1, c] otherwise. */
    public List<Integer> shape(List<Integer> layerShape) {
        return this == NONE ? layerShape : List.of(1, 1, layerShape.get(2));
    }

    /**
     * Pools {@code count} rows of {@code h * w * c} floats (channels last) into rows of {@code c}; returns
     * {@code features} itself for {@code none}. Averages sum in double, so the result does not depend on h * w.
     */
    public float[] apply(float[] features, int count, List<Integer> layerShape) {
        if (this == NONE) {
            return features;
        }
        int positions = layerShape.get(0) * layerShape.get(1);
        int c = layerShape.get(2);
        float[] out = new float[count * c];
        for (int i = 0; i < count; i++) {
            int base = i * positions * c;
            for (int j = 0; j < c; j++) {
                if (this == AVG) {
                    double sum = 0;
                    for (int p = 0; p < positions; p++) {
                        sum += features[base + p * c + j];
                    }
                    out[i * c + j] = (float) (sum / positions);
                } else {
                    float max = Float.NEGATIVE_INFINITY;
                    for (int p = 0; p < positions; p++) {
                        max = Math.max(max, features[base + p * c + j]);
                    }
                    out[i * c + j] = max;
                }
            }
        }
        return out;
    }
}
