package dev.frozen.backbone;

import java.util.List;

/**
 * A base that computes several requested layers in one pass: it holds them in depth order, is cut at the deepest,
 * and answers {@link #forward} with the last of {@link #forwardAll}.
 */
abstract class CutBase implements FrozenBase {
    /** Every layer whose activations forwardAll returns, shallowest first; the last is {@link #layer}. */
    final List<String> layers;
    final String layer;

    CutBase(List<String> layers) {
        this.layers = FrozenBase.inDepthOrder(layers);
        this.layer = this.layers.get(this.layers.size() - 1);
    }

    @Override
    public final String layer() {
        return layer;
    }

    @Override
    public final List<String> layers() {
        return layers;
    }

    @Override
    public final float[] forward(float[] images, int count, int size) {
        float[][] all = forwardAll(images, count, size);
        return all[all.length - 1];
    }

    @Override
    public abstract float[][] forwardAll(float[] images, int count, int size);
}
