package dev.frozen.backbone;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class OneDnnBaseTest {
    static final Vgg16Weights WEIGHTS = Vgg16Weights.random(11);
    static OneDnnBase block5;

    @BeforeAll
    static void open() {
        block5 = new OneDnnBase(WEIGHTS, "block5_pool");
    }

    @AfterAll
    static void close() {
        block5.close();
    }

    private static float[] randomImages(int count, int size, long seed) {
        Random r = new Random(seed);
        float[] x = new float[count * size * size * 3];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (r.nextDouble() * 255 - 120);
        }
        return x;
    }

    private static float[] image(float[] batch, int index, int size) {
        int n = size * size * 3;
        float[] x = new float[n];
        System.arraycopy(batch, index * n, x, 0, n);
        return x;
    }

    /** Every element within 1e-4 of the largest magnitude in {@code expected} (a relative tolerance). */
    private static void assertClose(float[] expected, float[] actual, int offset, String what) {
        double maxAbs = 0;
        for (float v : expected) maxAbs = Math.max(maxAbs, Math.abs(v));
        assertTrue(maxAbs > 0, what + ": reference is all zeros, the comparison would prove nothing");
        for (int i = 0; i < expected.length; i++) {
            double err = Math.abs(expected[i] - actual[offset + i]);
            assertTrue(err <= 1e-4 * maxAbs, what + " element " + i + ": expected " + expected[i]
                    + " found " + actual[offset + i]);
        }
    }

    @Test
    void matchesPlainReferenceAtBlock5With32px() {
        float[] batch = randomImages(2, 32, 1);
        float[] out = block5.forward(batch, 2, 32);
        assertEquals(2 * 512, out.length);
        for (int i = 0; i < 2; i++) {
            assertClose(NaiveVgg.forward(WEIGHTS, "block5_pool", image(batch, i, 32), 32), out, i * 512, "image " + i);
        }
    }

    @Test
    void oddSizesFloorLikeKerasAtBlock2() {
        try (OneDnnBase base = new OneDnnBase(WEIGHTS, "block2_pool")) {
            float[] a = randomImages(1, 37, 3);
            float[] out = base.forward(a, 1, 37);
            assertEquals(9 * 9 * 128, out.length);
            assertClose(NaiveVgg.forward(WEIGHTS, "block2_pool", a, 37), out, 0, "37px block2_pool");
        }
    }

    @Test
    void matchesNd4jOnABatchAt48pxBlock4AndHandlesAPartialLastBatch() {
        Nd4jBase nd4j = new Nd4jBase(WEIGHTS, "block4_pool");
        try (OneDnnBase base = new OneDnnBase(WEIGHTS, "block4_pool")) {
            int dim = Vgg16.featureDim("block4_pool", 48);
            assertEquals(3 * 3 * 512, dim);
            float[] full = randomImages(8, 48, 5);
            float[] expected = nd4j.forward(full, 8, 48);
            float[] out = base.forward(full, 8, 48);
            assertEquals(8 * dim, out.length);
            float[] expectedRow = new float[dim];
            for (int i = 0; i < 8; i++) {
                System.arraycopy(expected, i * dim, expectedRow, 0, dim);
                assertClose(expectedRow, out, i * dim, "48px block4_pool image " + i);
            }
            // A partial last batch gets its own primitives; the full-batch ones must still work afterwards.
            float[] partial = randomImages(3, 48, 6);
            float[] expectedPartial = nd4j.forward(partial, 3, 48);
            float[] outPartial = base.forward(partial, 3, 48);
            assertEquals(3 * dim, outPartial.length);
            for (int i = 0; i < 3; i++) {
                System.arraycopy(expectedPartial, i * dim, expectedRow, 0, dim);
                assertClose(expectedRow, outPartial, i * dim, "partial batch image " + i);
            }
            assertArrayEquals(out, base.forward(full, 8, 48), "cached full-batch plan reused after the partial one");
            assertEquals(10, base.weightReorders(), "weights reordered once per convolution, not per call or plan");
        }
    }

    @Test
    void rejectsUseAfterClose() {
        OneDnnBase base = new OneDnnBase(WEIGHTS, "block1_pool");
        base.close();
        assertThrows(IllegalStateException.class, () -> base.forward(new float[32 * 32 * 3], 1, 32));
    }
}
