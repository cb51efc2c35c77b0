package dev.frozen.backbone;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.frozen.UsageError;
import dev.frozen.features.CacheKey;
import dev.frozen.features.ExtractionSettings;
import java.util.List;
import org.junit.jupiter.api.Test;

class PoolingTest {
    // Two rows of a 2x2x3 layer, channels last: position p, channel j at p*3 + j.
    private static final float[] ROWS = {
        1, 10, -1, 2, 20, -2, 3, 30, -3, 4, 40, -4,
        0, 0, 0, 8, 0, 0, 0, 0, 0, 0, 0, 4};

    @Test
    void averagesAndMaximaOverPositionsPerChannel() {
        List<Integer> shape = List.of(2, 2, 3);
        assertArrayEquals(new float[] {2.5f, 25f, -2.5f, 2f, 0f, 1f}, Pooling.AVG.apply(ROWS, 2, shape), 0f);
        assertArrayEquals(new float[] {4f, 40f, -1f, 8f, 0f, 4f}, Pooling.MAX.apply(ROWS, 2, shape), 0f);
        assertSame(ROWS, Pooling.NONE.apply(ROWS, 2, shape));
        assertEquals(List.of(1, 1, 3), Pooling.AVG.shape(shape));
        assertEquals(shape, Pooling.NONE.shape(shape));
        assertThrows(UsageError.class, () -> Pooling.parse("sum"));
    }

    @Test
    void poolingIsPartOfTheKeyOnlyWhenSet() {
        ExtractionSettings at224 = ExtractionSettings.builder().inputSize(224).build();
        CacheKey plain = new CacheKey("cifar10", "sha256:ab", "md5:cd", false, at224);
        CacheKey none = new CacheKey("cifar10", "sha256:ab", "md5:cd", false, at224.toBuilder().pooling(Pooling.NONE).build());
        CacheKey avg = new CacheKey("cifar10", "sha256:ab", "md5:cd", false, at224.toBuilder().pooling(Pooling.AVG).build());
        assertEquals(plain.hash(), none.hash());
        assertEquals(plain.entryName(), none.entryName());
        assertNotEquals(plain.hash(), avg.hash());
        assertTrue(avg.entryName().startsWith("cifar10-vgg16-block5_pool-224px-avgpool-"), avg.entryName());
    }
}
