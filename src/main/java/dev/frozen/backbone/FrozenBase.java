package dev.frozen.backbone;

/**
 * The frozen VGG16 convolutional base cut after a pool layer, forward only. Implementations must agree with
 * Keras to within float rounding; they are checked against each other and a plain reference in tests.
 */
public interface FrozenBase extends AutoCloseable {
    String layer();

    /**
     * Runs {@code count} preprocessed images ({@code size * size * 3} floats each, HWC) through the base and
     * returns their features, one row of {@code Vgg16.featureDim(layer, size)} floats per image, row-major
     * in Keras's flatten order (row, column, channel).
     */
    float[] forward(float[] images, int count, int size);

    @Override
    default void close() {}

    /**
     * How the base is computed. Both give Keras's numbers; {@code onednn} keeps activations in oneDNN's
     * blocked layout end to end and is 1.4-1.9x faster than {@code nd4j}, which goes through libnd4j's ops.
     */
    enum Engine implements dev.frozen.Choices.Named {
        ONEDNN("onednn"),
        ND4J("nd4j");

        private final String id;

        Engine(String id) {
            this.id = id;
        }

        public String id() {
            return id;
        }

        public static Engine parse(String value) {
            return dev.frozen.Choices.parse(Engine.class, "engine", value);
        }
    }

    /** The default engine for extraction. */
    static FrozenBase create(Vgg16Weights weights, String layer) {
        return create(weights, layer, Engine.ONEDNN);
    }

    static FrozenBase create(Vgg16Weights weights, String layer, Engine engine) {
        return create(weights, layer, engine, Precision.FP32);
    }

    /** The base on {@code engine} in {@code precision}; bf16 needs the onednn engine. */
    static FrozenBase create(Vgg16Weights weights, String layer, Engine engine, Precision precision) {
        if (precision == Precision.BF16 && engine != Engine.ONEDNN) {
            throw new dev.frozen.InvalidOption("precision", " bf16 needs engine onednn, found engine " + engine.id());
        }
        if (layer.equals(Vgg16.INPUT)) {
            return new InputLayer(); // nothing to compute: the cache holds the preprocessed images
        }
        return engine == Engine.ONEDNN ? new OneDnnBase(weights, layer, precision) : new Nd4jBase(weights, layer);
    }
}
