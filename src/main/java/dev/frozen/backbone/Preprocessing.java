package dev.frozen.backbone;

import dev.frozen.UsageError;
import dev.frozen.data.RgbImage;

/** Placeholder (identity-size caffe only) until the data branch's full implementation is merged. */
public enum Preprocessing {
    CAFFE("caffe"),
    ARTICLE("article");

    private final String id;

    Preprocessing(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    public static Preprocessing parse(String value) {
        for (Preprocessing p : values()) {
            if (p.id.equals(value)) {
                return p;
            }
        }
        throw new UsageError("unknown preprocessing '" + value + "'; expected caffe or article");
    }

    public void apply(RgbImage img, int size, float[] dst, int offset) {
        float[] means = {103.939f, 116.779f, 123.68f};
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                for (int c = 0; c < 3; c++) {
                    dst[offset + (y * size + x) * 3 + c] = img.at(y, x, 2 - c) - means[c];
                }
            }
        }
    }
}
