package dev.frozen.heads;

import dev.frozen.UsageError;
import dev.frozen.backbone.Vgg16;
import dev.frozen.backbone.Vgg16Weights;
import dev.frozen.Setting;
import dev.frozen.features.ExtractAgain;
import dev.frozen.features.ExtractHint;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Where a head's input rows come from: the feature entry, the VGG16 layer it caches, that layer's
 * {@code [h, w, c]} shape, the weights it was extracted with, and (when known) how to extract the entry again at
 * another layer. The weights are loaded only by heads that
 * rebuild convolution blocks above the cached layer.
 */
public record CachedLayer(String entry, String layer, List<Integer> shape, Supplier<Vgg16Weights> weights,
        boolean pooled, Function<String, ExtractHint> extractHint) {
    public CachedLayer {
        shape = List.copyOf(shape);
    }

    public CachedLayer(String entry, String layer, List<Integer> shape, Supplier<Vgg16Weights> weights, boolean pooled) {
        this(entry, layer, shape, weights, pooled, null);
    }

    public CachedLayer(String entry, String layer, List<Integer> shape, Supplier<Vgg16Weights> weights) {
        this(entry, layer, shape, weights, false);
    }

    /**
     * The block whose pool layer the rows are (0 for the input); fine-tuning rebuilds the blocks above it, so other
     * layers are refused.
     */
    public int block() {
        return Vgg16.poolBlockOf(layer, "a trainable-blocks head");
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
            throw new UsageError(Setting.key("trainable_blocks") + " " + trainableBlocks + " needs the spatial activations, but entry "
                    + entry + " holds globally pooled features; extract it again without " + Setting.key("pooling"));
        }
        int highest = Vgg16.BLOCKS - trainableBlocks;
        if (!Vgg16.CACHE_LAYERS.contains(layer) || Vgg16.blockOf(layer) > highest) {
            String needed = Vgg16.cacheLayer(highest);
            String problem = Setting.key("trainable_blocks") + " " + trainableBlocks + " needs features cached at "
                    + (highest == 0 ? "" : "a pool layer, ") + needed + " or below, but entry " + entry + " is cached at " + layer;
            if (extractHint != null) { // the edge that prints it adds the command
                throw new ExtractAgain(problem, extractHint.apply(needed));
            }
            throw new UsageError(problem + "; extract " + needed + " with the entry's other settings");
        }
    }
}
