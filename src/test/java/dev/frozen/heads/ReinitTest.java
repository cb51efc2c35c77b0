package dev.frozen.heads;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.frozen.UsageError;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

/** The reinit control: trainable blocks start from seeded Glorot-uniform values, frozen ones from the weights. */
class ReinitTest {
    /** K=1 over block3_pool at 32 px: block 4 frozen, block 5 trainable. */
    private static MultiLayerNetwork built(boolean reinit, long seed) {
        DenseOptions o = DenseOptions.of(Map.of("hidden", "4", "dropout", "0.3", "lr", "1e-3", "epochs", "1", "batch", "2", "trainable_blocks", "1", "reinit", String.valueOf(reinit)));
        CachedLayer source = FineTuneTest.cached("block3_pool", 32);
        MultiLayerNetwork net = new MultiLayerNetwork(DenseNetworks.network(o, source, 2, seed));
        net.init();
        ConvBlocks.load(net, 4, FineTuneTest.WEIGHTS, reinit ? 5 : 6);
        return net;
    }

    private static INDArray kernel(MultiLayerNetwork net, int layer) {
        return net.getLayer(layer).getParam("W").dup();
    }

    @Test
    void onlyTheTrainableBlocksAreReinitialisedAndTheSeedDecidesHow() {
        MultiLayerNetwork pretrained = built(false, 1);
        MultiLayerNetwork control = built(true, 1);
        MultiLayerNetwork sameSeed = built(true, 1);
        MultiLayerNetwork otherSeed = built(true, 2);
        int block5 = ConvBlocks.layerCount(4) - ConvBlocks.layerCount(5); // first layer of block 5
        for (int layer = 0; layer < 3; layer++) { // block 4's convolutions: the pretrained values in both
            assertEquals(kernel(pretrained, layer), kernel(control, layer), "frozen layer " + layer);
        }
        for (int layer = block5; layer < block5 + 3; layer++) {
            INDArray w = kernel(control, layer);
            assertNotEquals(kernel(pretrained, layer), w, "trainable layer " + layer);
            assertEquals(kernel(sameSeed, layer), w, "seeded: layer " + layer);
            assertNotEquals(kernel(otherSeed, layer), w, "another seed: layer " + layer);
            // Glorot uniform for a 3x3 512->512 convolution: |w| <= sqrt(6 / (fanIn + fanOut)).
            double limit = Math.sqrt(6.0 / (9 * 512 + 9 * 512));
            assertTrue(w.amaxNumber().doubleValue() <= limit + 1e-6, "range " + w.amaxNumber());
            assertEquals(0.0, control.getLayer(layer).getParam("b").amaxNumber().doubleValue(), 0.0);
        }
    }

    @Test
    void reinitNeedsTrainableBlocksAndIsRecordedOnlyWhenSet() {
        UsageError e = assertThrows(UsageError.class, () -> DenseOptions.of(Map.of("hidden", "4", "dropout", "0.3", "lr", "1e-3", "epochs", "1", "batch", "2", "trainable_blocks", "0", "reinit", "true")));
        assertTrue(e.getMessage().contains("trainable_blocks is 0"), e.getMessage());
        assertEquals(true, DenseOptions.of(Map.of("hidden", "4", "dropout", "0.3", "lr", "1e-3", "epochs", "1", "batch", "2", "trainable_blocks", "2", "reinit", "true")).params().get("reinit"));
        assertEquals(false, DenseOptions.defaults().params().containsKey("reinit"));
        DenseOptions back = DenseOptions.of(java.util.Map.of("trainable_blocks", "2", "reinit", "true"));
        assertTrue(back.reinit());
        assertTrue(DenseKind.KIND.summary(back.params()).endsWith("trainable_blocks=2 reinit"));
    }
}
