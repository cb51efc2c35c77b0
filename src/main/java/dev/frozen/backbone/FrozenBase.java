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

    /** The default engine for extraction. */
    static FrozenBase create(Vgg16Weights weights, String layer) {
        return new Nd4jBase(weights, layer);
    }
}
