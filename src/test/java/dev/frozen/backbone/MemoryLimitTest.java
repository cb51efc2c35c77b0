package dev.frozen.backbone;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.frozen.UsageError;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The up-front memory check: which batch sizes an extraction holds, and that its stated limit is exact. */
class MemoryLimitTest {
    @Test
    void batchSizesAreFullBatchesAndEachSplitsRemainder() {
        assertEquals(Set.of(2, 4), Vgg16.batchSizes(4, 4, 2));
        assertEquals(Set.of(16, 80, 128), Vgg16.batchSizes(128, 10_000, 2_000));
        assertEquals(Set.of(128), Vgg16.batchSizes(128, 50_000 - 50_000 % 128, 1_280));
        assertEquals(Set.of(3), Vgg16.batchSizes(128, 3, 3));
    }

    @Test
    void theLargestSizeItNamesFitsAndOneMoreDoesNot() {
        long heap = 1L << 30;
        Set<Integer> batches = Set.of(4, 2);
        assertDoesNotThrow(() -> Vgg16.requireFitsInMemory(48, batches, heap));
        UsageError e = assertThrows(UsageError.class, () -> Vgg16.requireFitsInMemory(10_000, batches, heap));
        assertTrue(((dev.frozen.InvalidOption) e).asFlag().startsWith("--input-size 10000 needs about ") && e.getMessage().contains("heap limit is 1.0 GiB"),
                e.getMessage());
        Matcher m = Pattern.compile("largest input size that fits is (\\d+)").matcher(e.getMessage());
        assertTrue(m.find(), e.getMessage());
        int largest = Integer.parseInt(m.group(1));
        assertDoesNotThrow(() -> Vgg16.requireFitsInMemory(largest, batches, heap));
        assertThrows(UsageError.class, () -> Vgg16.requireFitsInMemory(largest + 1, batches, heap));
        // Measured on oneDNN with -Xmx1g (910 MiB usable): 480 px ran with batches {4, 2}; 595 px died part-way.
        assertDoesNotThrow(() -> Vgg16.requireFitsInMemory(480, batches, 910L << 20));
        assertThrows(UsageError.class, () -> Vgg16.requireFitsInMemory(595, batches, 910L << 20));
    }
}
