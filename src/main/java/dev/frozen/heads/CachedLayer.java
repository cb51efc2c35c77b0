package dev.frozen.heads;

import dev.frozen.UsageError;
import dev.frozen.backbone.Vgg16;
import dev.frozen.backbone.Vgg16Weights;
import java.util.List;
import java.util.function.Supplier;

/**
 * Where a head's input rows come from: the feature entry, the VGG16 pool layer it caches, that layer's
 * {@code [h, w, c]} shape, and the weights it was extracted with. The weights are loaded only by heads that
 * rebuild convolution blocks above the cached layer.
 */
public record CachedLayer(String entry, String layer, List<Integer> shape, Supplier<Vgg16Weights> weights,
        boolean pooled) {
    public CachedLayer {
        shape = List.copyOf(shape);
    }

    public CachedLayer(String entry, String layer, List<Integer> shape, Supplier<Vgg16Weights> weights) {
        this(entry, layer, shape, weights, false);
    }

    public int block() {
        return Vgg16.blockOf(layer);
    }

    public int dim() {
        return shape.get(0) * shape.get(1) * shape.get(2);
    }

    /**
     * Fails unless the last {@code trainableBlocks} blocks all lie above this layer; the message names the
     * layer to extract instead. Nothing is checked for 0 blocks.
     */
    public void requireBelowTrainable(int trainableBlocks) {
        if (trainableBlocks == 0) {
            return;
        }
        if (pooled) {
            throw new UsageError("--trainable-blocks " + trainableBlocks + " needs the spatial activations, but entry " + entry
                    + " holds globally pooled features; extract it again without --pooling");
        }
        int highest = Vgg16.BLOCKS - trainableBlocks;
        if (block() > highest) {
            String needed = Vgg16.cacheLayer(highest);
            throw new UsageError("--trainable-blocks " + trainableBlocks + " needs features cached at " + needed
                    + " or below, but entry " + entry + " is cached at " + layer + "; run 'frozen extract --layer "
                    + needed + "'");
        }
    }
}
