package dev.frozen.heads;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.frozen.InvalidOption;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The dense head's up-front memory check: parameter counts, and that the largest size it names is exact. */
class DenseMemoryTest {
    private static final CachedLayer FLAT = new CachedLayer("e", "block5_pool", List.of(1, 1, 512), () -> null);
    private static final CachedLayer SPATIAL = new CachedLayer("e", "block4_pool", List.of(14, 14, 512), () -> null);

    private static DenseOptions hidden(Integer... sizes) {
        return DenseOptions.of(Map.of("hidden", String.valueOf(List.of(sizes)), "dropout", "0.3", "lr", "1e-3", "epochs", "1", "batch", "32"));
    }

    @Test
    void parametersAreWeightsAndBiasesOfEachLayer() {
        assertEquals(512.0 * 1000 + 1000 + 1000 * 10 + 10, DenseMemory.parameters(List.of(1000), 0, FLAT, 10));
        assertEquals(512.0 * 100 + 100 + 100 * 50 + 50 + 50 * 3 + 3, DenseMemory.parameters(List.of(100, 50), 0, FLAT, 3));
        // block 5 above block4_pool: three 3x3 512->512 convolutions, then 7x7x512 flattened into the top.
        double conv = 3 * (9.0 * 512 * 512 + 512);
        assertEquals(conv + 7 * 7 * 512.0 * 10 + 10 + 10 * 2 + 2, DenseMemory.parameters(List.of(10), 1, SPATIAL, 2));
    }

    @Test
    void aHundredMillionUnitsIsRefusedNamingTheLargestSizeThatFits() {
        long limit = 1L << 30;
        InvalidOption e = assertThrows(InvalidOption.class,
                () -> DenseMemory.require(hidden(100_000_000), FLAT, 10, limit, "the Java heap limit"));
        assertTrue(e.asFlag().startsWith("--hidden 100000000 needs about "), e.asFlag());
        assertTrue(e.getMessage().contains("the Java heap limit is 1.0 GiB"), e.getMessage());
        assertEquals(1, e.getMessage().lines().count());
        Matcher m = Pattern.compile("largest hidden size that fits is (\\d+)").matcher(e.getMessage());
        assertTrue(m.find(), e.getMessage());
        int largest = Integer.parseInt(m.group(1));
        assertDoesNotThrow(() -> DenseMemory.require(hidden(largest), FLAT, 10, limit, "x"));
        assertThrows(InvalidOption.class, () -> DenseMemory.require(hidden(largest + 1), FLAT, 10, limit, "x"));
        assertDoesNotThrow(() -> DenseMemory.require(hidden(1000), FLAT, 10, limit, "x"), "the default head fits in 1 GiB");
    }

    @Test
    void whenEvenTheBlocksDoNotFitItSaysNone() {
        DenseOptions o = DenseOptions.of(Map.of("hidden", "10", "dropout", "0.3", "lr", "1e-3", "epochs", "1", "batch", "32", "trainable_blocks", "1"));
        InvalidOption e = assertThrows(InvalidOption.class, () -> DenseMemory.require(o, SPATIAL, 2, 50L << 20, "x"));
        assertTrue(e.getMessage().contains("largest hidden size that fits is none"), e.getMessage());
    }
}
