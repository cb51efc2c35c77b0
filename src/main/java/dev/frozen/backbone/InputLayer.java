package dev.frozen.backbone;

/**
 * The base cut at {@link Vgg16#INPUT}: its "features" are the preprocessed images, unchanged (HWC, as given). It
 * lets an entry cache the images themselves, so that fine-tuning can train all five blocks above them.
 */
final class InputLayer implements FrozenBase {
    @Override
    public String layer() {
        return Vgg16.INPUT;
    }

    @Override
    public float[] forward(float[] images, int count, int size) {
        int n = count * size * size * 3;
        if (images.length < n) {
            throw new IllegalArgumentException(count + " images of " + size + "px need " + n + " floats, got " + images.length);
        }
        return java.util.Arrays.copyOf(images, n);
    }
}
