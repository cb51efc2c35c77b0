package dev.frozen.features;

import dev.frozen.InvalidOption;
import dev.frozen.backbone.Pooling;
import dev.frozen.backbone.Precision;
import dev.frozen.backbone.Preprocessing;
import dev.frozen.backbone.Vgg16;
import java.io.Serializable;
import java.util.List;

/**
 * How the frozen base is run for one feature entry: where it is cut, the input size, preprocessing, pooling,
 * precision, augmentation and batch size. Everything here but the batch keys the cache ({@link CacheKey}) and is
 * recorded in the manifest; the weights' identity travels with the weights, not here. Valid by construction: the
 * constructor refuses what the base cannot run, in domain words naming the setting.
 *
 * @param batch images per forward pass, or {@link #AUTO_BATCH} for {@link #autoBatch(int)} of the input size
 */
public record ExtractionSettings(String layer, int inputSize, Preprocessing preprocessing, Pooling pooling,
        Precision precision, Augment augment, int batch) implements Serializable {

    // Compile-time constants, so that picocli annotations can name them as defaults.
    /** The tutorial's cut: the last pooling layer of VGG16. */
    public static final String DEFAULT_LAYER = "block5_pool";
    public static final int DEFAULT_INPUT_SIZE = 48;
    public static final String DEFAULT_PREPROCESSING = "caffe";
    public static final String DEFAULT_POOLING = "none";
    public static final String DEFAULT_PRECISION = "fp32";
    public static final String DEFAULT_AUGMENT = "none";
    /** A batch of 0 asks for {@link #autoBatch(int)}. */
    public static final int AUTO_BATCH = 0;

    /** The tutorial's settings: VGG16 cut at block5_pool, 48 px, Keras "caffe" preprocessing, no pooling, fp32. */
    public static final ExtractionSettings DEFAULTS = builder().build();

    public ExtractionSettings {
        Vgg16.blockOf(required(layer, "layer"));
        Vgg16.requireInputSize(inputSize);
        required(preprocessing, "preprocessing");
        required(pooling, "pooling");
        required(precision, "precision");
        required(augment, "augment");
        if (batch < AUTO_BATCH) {
            throw new InvalidOption("batch", " must be at least 1, found " + batch);
        }
    }

    private static <T> T required(T value, String key) {
        if (value == null) {
            throw new InvalidOption(key, ": expected a value, found none");
        }
        return value;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from these settings. */
    public Builder toBuilder() {
        Builder b = new Builder().layer(layer).inputSize(inputSize).preprocessing(preprocessing).pooling(pooling)
                .precision(precision).augment(augment);
        b.batch = batch;
        return b;
    }

    /** The same settings cut at another layer (a pipeline or {@code --layer a,b} extracts several in one pass). */
    public ExtractionSettings withLayer(String other) {
        return toBuilder().layer(other).build();
    }

    /** Images per forward pass: the given batch, or {@link #autoBatch(int)} of the input size. */
    public int batchSize() {
        return batch == AUTO_BATCH ? autoBatch(inputSize) : batch;
    }

    /** Default batch: 128 at 48 px, scaled by pixel count so activation memory stays roughly constant. */
    public static int autoBatch(int inputSize) {
        double scaled = 128.0 * (48.0 * 48.0) / ((double) inputSize * inputSize);
        return (int) Math.max(4, Math.min(256, Math.round(scaled)));
    }

    /** The [h, w, c] shape of one stored row: the layer's output at this input size, after pooling. */
    public List<Integer> featureShape() {
        return pooling.shape(Vgg16.outputShape(layer, inputSize));
    }

    /** Features per stored row (the product of {@link #featureShape()}). */
    public int featureDim() {
        return featureShape().stream().mapToInt(Integer::intValue).reduce(1, (a, b) -> a * b);
    }

    /** Collects settings one at a time; unset ones keep their defaults, and {@link #build()} validates them all. */
    public static final class Builder {
        private String layer = DEFAULT_LAYER;
        private int inputSize = DEFAULT_INPUT_SIZE;
        private Preprocessing preprocessing = Preprocessing.parse(DEFAULT_PREPROCESSING);
        private Pooling pooling = Pooling.parse(DEFAULT_POOLING);
        private Precision precision = Precision.parse(DEFAULT_PRECISION);
        private Augment augment = Augment.parse(DEFAULT_AUGMENT);
        private int batch = AUTO_BATCH;

        private Builder() {}

        public Builder layer(String value) {
            layer = value;
            return this;
        }

        public Builder inputSize(int value) {
            inputSize = value;
            return this;
        }

        public Builder preprocessing(Preprocessing value) {
            preprocessing = value;
            return this;
        }

        public Builder pooling(Pooling value) {
            pooling = value;
            return this;
        }

        public Builder precision(Precision value) {
            precision = value;
            return this;
        }

        public Builder augment(Augment value) {
            augment = value;
            return this;
        }

        /** Images per forward pass, at least 1 (leave it unset, or pass null, for {@link #autoBatch(int)}). */
        public Builder batch(Integer value) {
            if (value != null && value < 1) {
                throw new InvalidOption("batch", " must be at least 1, found " + value);
            }
            batch = value == null ? AUTO_BATCH : value;
            return this;
        }

        public ExtractionSettings build() {
            return new ExtractionSettings(layer, inputSize, preprocessing, pooling, precision, augment, batch);
        }
    }
}
