package dev.frozen.backbone;

import java.util.ArrayList;
import java.util.List;

/**
 * The base cut at {@link Vgg16#INPUT}: its "features" are the preprocessed images, unchanged (HWC, as given). It
 * lets an entry cache the images themselves, so that fine-tuning can train all five blocks above them. Asked for
 * deeper layers too, it returns the images first and the deeper base's activations after them.
 */
final class InputLayer implements FrozenBase {
    private final FrozenBase deeper; // null when the input is the only layer

    InputLayer() {
        this(null);
    }

    InputLayer(FrozenBase deeper) {
        this.deeper = deeper;
    }

    @Override
    public String layer() {
        return deeper == null ? Vgg16.INPUT : deeper.layer();
    }

    @Override
    public List<String> layers() {
        List<String> out = new ArrayList<>();
        out.add(Vgg16.INPUT);
        if (deeper != null) {
            out.addAll(deeper.layers());
        }
        return List.copyOf(out);
    }

    @Override
    public float[][] forwardAll(float[] images, int count, int size) {
        if (deeper == null) {
            return new float[][] {images(images, count, size)};
        }
        float[][] rest = deeper.forwardAll(images, count, size);
        float[][] out = new float[rest.length + 1][];
        out[0] = images(images, count, size);
        System.arraycopy(rest, 0, out, 1, rest.length);
        return out;
    }

    @Override
    public float[] forward(float[] images, int count, int size) {
        return deeper == null ? images(images, count, size) : deeper.forward(images, count, size);
    }

    private static float[] images(float[] images, int count, int size) {
        int n = count * size * size * 3;
        if (images.length < n) {
            throw new IllegalArgumentException(count + " images of " + size + "px need " + n + " floats, got " + images.length);
        }
        return java.util.Arrays.copyOf(images, n);
    }

    @Override
    public void close() {
        if (deeper != null) {
            deeper.close();
        }
    }
}
