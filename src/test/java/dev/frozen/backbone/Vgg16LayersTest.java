package dev.frozen.backbone;

import static org.junit.jupiter.api.Assertions.*;

import dev.frozen.UsageError;
import java.util.List;
import org.junit.jupiter.api.Test;

class Vgg16LayersTest {
    @Test
    void namesEveryConvAndPoolLayerInNetworkOrder() {
        assertEquals(18, Vgg16.LAYERS.size());
        assertEquals("block1_conv1", Vgg16.LAYERS.get(0));
        assertEquals("block1_pool", Vgg16.LAYERS.get(2));
        assertEquals("block4_conv3", Vgg16.LAYERS.get(12));
        assertEquals("block5_pool", Vgg16.LAYERS.get(17));
    }

    @Test
    void shapesOfConvLayersKeepTheirBlocksInputSide() {
        assertEquals(List.of(48, 48, 64), Vgg16.outputShape("block1_conv2", 48));
        assertEquals(List.of(6, 6, 512), Vgg16.outputShape("block4_conv3", 48));
        assertEquals(List.of(3, 3, 512), Vgg16.outputShape("block4_pool", 48));
        assertEquals(List.of(1, 1, 512), Vgg16.outputShape("block5_pool", 48));
        assertEquals(10, Vgg16.convsUpTo("block4_conv3").size());
        assertEquals(13, Vgg16.convsUpTo("block5_pool").size());
        assertFalse(Vgg16.poolsAfter("block4_conv3", 9), "the cut's own conv is not pooled");
        assertTrue(Vgg16.poolsAfter("block4_pool", 9));
        assertTrue(Vgg16.flops("block4_conv3", 48) < Vgg16.flops("block4_pool", 48) + 1);
        assertTrue(Vgg16.flops("block4_conv3", 48) > Vgg16.flops("block4_conv2", 48));
    }

    @Test
    void unknownLayerNamesEveryValidOne() {
        UsageError e = assertThrows(UsageError.class, () -> Vgg16.blockOf("block4_conv4"));
        assertTrue(e.getMessage().contains("found 'block4_conv4'"), e.getMessage());
        assertTrue(e.getMessage().contains("block1_conv1") && e.getMessage().contains("block5_pool"), e.getMessage());
    }

    @Test
    void fineTuningStartsOnlyFromAPoolLayer() {
        assertEquals(4, Vgg16.poolBlockOf("block4_pool", "--trainable-blocks 1"));
        UsageError e = assertThrows(UsageError.class, () -> Vgg16.poolBlockOf("block4_conv3", "--trainable-blocks 1"));
        assertEquals("--trainable-blocks 1 needs features cut at a pool layer (the output of a whole block: block1_pool, "
                + "block2_pool, block3_pool, block4_pool, block5_pool), found block4_conv3", e.getMessage());
    }
}
