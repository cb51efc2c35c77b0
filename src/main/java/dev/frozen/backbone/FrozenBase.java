package dev.frozen.backbone;

import java.util.List;

/**
 * The frozen VGG16 convolutional base cut after one of its layers, forward only, optionally also returning the
 * activations of shallower layers met on the way. Implementations must agree with Keras to within float rounding;
 * they are checked against each other and a plain reference in tests.
 */
public interface FrozenBase extends AutoCloseable {
    /** The deepest layer: where the base is cut. */
    String layer();

    /** Every layer whose activations {@link #forwardAll} returns, shallowest first; the last is {@link #layer()}. */
    default List<String> layers() {
        return List.of(layer());
    }

    /** One array per {@link #layers()} entry, each as {@link #forward} describes, from one pass through the network. */
    default float[][] forwardAll(float[] images, int count, int size) {
        return new float[][] {forward(images, count, size)};
    }

    /** The distinct layers, shallowest first; a usage error for an unknown name or an empty list. */
    static List<String> inDepthOrder(List<String> layers) {
        if (layers.isEmpty()) {
            throw new dev.frozen.InvalidOption("layer", ": expected at least one VGG16 layer, found none");
        }
        return layers.stream().distinct().sorted(java.util.Comparator.comparingInt(Vgg16::depth)).toList();
    }

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
        ONEDNN, ND4J;

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
        return create(weights, List.of(layer), engine, precision);
    }

    /** The base cut at the deepest of {@code layers}, returning each of them from one pass ({@link #forwardAll}). */
    static FrozenBase create(Vgg16Weights weights, List<String> layers, Engine engine, Precision precision) {
        if (precision == Precision.BF16 && engine != Engine.ONEDNN) {
            throw new dev.frozen.InvalidOption("precision", " bf16 needs engine onednn, found engine " + engine.id());
        }
        List<String> ordered = inDepthOrder(layers);
        if (ordered.get(0).equals(Vgg16.INPUT)) {
            // nothing to compute for the input: the cache holds the preprocessed images
            return ordered.size() == 1 ? new InputLayer()
                    : new InputLayer(create(weights, ordered.subList(1, ordered.size()), engine, precision));
        }
        return engine == Engine.ONEDNN ? new OneDnnBase(weights, layers, precision) : new Nd4jBase(weights, layers);
    }
}
