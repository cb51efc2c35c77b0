package dev.frozen.backbone;

/**
 * One 3x3 convolution's parameters in Keras layout: {@code kernel} is (3, 3, in, out) row-major and
 * {@code bias} has {@code out} values.
 */
public record ConvWeights(String layer, int in, int out, float[] kernel, float[] bias) {
    public ConvWeights {
        if (kernel.length != 9 * in * out || bias.length != out) {
            throw new IllegalArgumentException(layer + ": kernel needs 3x3x" + in + "x" + out + " and bias " + out + " values");
        }
    }
}
