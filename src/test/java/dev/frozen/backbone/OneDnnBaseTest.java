package dev.frozen.backbone;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
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

    /**
     * Small maps (side 4 or less) run as sgemm products without the padding's products; the same network with
     * oneDNN's direct convolutions everywhere must give the same features: 48px puts block 5 on 3x3 maps, 64px
     * on 4x4, and 37px block 4 on 4x4 and block 5 on 2x2 (after pools that floor odd sides).
     */
    @Test
    void smallMapProductsMatchDirectConvolutions() {
        try (OneDnnBase products = new OneDnnBase(WEIGHTS, "block5_pool", Precision.FP32, true);
                OneDnnBase direct = new OneDnnBase(WEIGHTS, "block5_pool", Precision.FP32, false)) {
            for (int size : new int[] {48, 64, 37}) {
                float[] batch = randomImages(5, size, size);
                float[] expected = direct.forward(batch, 5, size);
                float[] out = products.forward(batch, 5, size);
                assertEquals(expected.length, out.length);
                assertClose(expected, out, 0, size + "px block5_pool");
                assertTrue(products.describe(5, size).stream().anyMatch(l -> l.startsWith("block5_conv3_products")),
                        size + "px: block 5 should run as products: " + products.describe(5, size));
                assertTrue(direct.describe(5, size).stream().noneMatch(l -> l.contains("products")));
            }
            assertTrue(products.describe(5, 37).stream().anyMatch(l -> l.startsWith("block4_conv1_products")));
            assertTrue(products.describe(5, 48).stream().noneMatch(l -> l.startsWith("block4")
                    && l.contains("products")), "6x6 maps stay on direct convolutions");
        }
    }

    @Test
    void smallMapConvMatchesAPlainLoop() {
        // 2 images, 3x3 map, 5 -> 4 channels: every output against the definition, padding included.
        int n = 2, side = 3, in = 5, out = 4;
        Random r = new Random(3);
        float[] x = new float[n * side * side * in];
        float[] k = new float[9 * in * out];
        for (int i = 0; i < x.length; i++) x[i] = (float) r.nextGaussian();
        for (int i = 0; i < k.length; i++) k[i] = (float) r.nextGaussian();
        try (org.bytedeco.javacpp.FloatPointer px = new org.bytedeco.javacpp.FloatPointer(x);
                org.bytedeco.javacpp.FloatPointer pk = new org.bytedeco.javacpp.FloatPointer(k);
                org.bytedeco.javacpp.FloatPointer py = new org.bytedeco.javacpp.FloatPointer(n * side * side * out)) {
            py.put(new float[n * side * side * out]);
            for (int i = 0; i < n * side * side * out; i++) py.put(i, Float.NaN); // beta 0 must overwrite, not add
            SmallMapConv conv = new SmallMapConv(n, side, in, out, px, pk, py);
            assertEquals(21, conv.products(), "3x3 map: 4 corners x 2 rows + 4 edges x (2 or 3) + centre x 3");
            conv.run();
            float[] y = new float[n * side * side * out];
            py.get(y);
            for (int b = 0; b < n; b++) for (int oy = 0; oy < side; oy++) for (int ox = 0; ox < side; ox++)
                for (int o = 0; o < out; o++) {
                    double sum = 0;
                    for (int ky = 0; ky < 3; ky++) for (int kx = 0; kx < 3; kx++) {
                        int iy = oy + ky - 1, ix = ox + kx - 1;
                        if (iy < 0 || ix < 0 || iy >= side || ix >= side) continue;
                        for (int c = 0; c < in; c++) {
                            sum += x[((b * side + iy) * side + ix) * in + c] * k[((ky * 3 + kx) * in + c) * out + o];
                        }
                    }
                    float got = y[((b * side + oy) * side + ox) * out + o];
                    assertEquals(sum, got, 1e-4 * Math.max(1, Math.abs(sum)), "b" + b + " y" + oy + " x" + ox + " o" + o);
                }
        }
    }

    @Test
    void cutsAtAConvLayerLikeThePlainReference() {
        float[] a = randomImages(1, 32, 21);
        float[] expected = NaiveVgg.forward(WEIGHTS, "block4_conv3", a, 32);
        assertEquals(List.of(4, 4, 512), Vgg16.outputShape("block4_conv3", 32));
        for (boolean smallMaps : new boolean[] {true, false}) {
            try (OneDnnBase base = new OneDnnBase(WEIGHTS, "block4_conv3", Precision.FP32, smallMaps)) {
                float[] out = base.forward(a, 1, 32);
                assertEquals(4 * 4 * 512, out.length);
                assertClose(expected, out, 0, "block4_conv3, small maps " + smallMaps);
            }
        }
        try (OneDnnBase base = new OneDnnBase(WEIGHTS, "block1_conv1")) {
            assertClose(NaiveVgg.forward(WEIGHTS, "block1_conv1", a, 32), base.forward(a, 1, 32), 0, "block1_conv1");
        }
    }

    @Test
    void oneForwardReturnsEveryRequestedLayerShallowestFirst() {
        float[] batch = randomImages(2, 32, 23);
        List<String> asked = List.of("block5_pool", "block2_conv1", "block4_conv3", "block3_pool");
        try (OneDnnBase base = new OneDnnBase(WEIGHTS, asked, Precision.FP32)) {
            assertEquals(List.of("block2_conv1", "block3_pool", "block4_conv3", "block5_pool"), base.layers());
            assertEquals("block5_pool", base.layer());
            float[][] all = base.forwardAll(batch, 2, 32);
            assertEquals(4, all.length);
            for (int l = 0; l < 4; l++) {
                String layer = base.layers().get(l);
                int dim = Vgg16.featureDim(layer, 32);
                assertEquals(2 * dim, all[l].length, layer);
                for (int i = 0; i < 2; i++) {
                    assertClose(NaiveVgg.forward(WEIGHTS, layer, image(batch, i, 32), 32), all[l], i * dim, layer + " image " + i);
                }
            }
        }
    }

    @Test
    void rejectsUseAfterClose() {
        OneDnnBase base = new OneDnnBase(WEIGHTS, "block1_pool");
        base.close();
        assertThrows(IllegalStateException.class, () -> base.forward(new float[32 * 32 * 3], 1, 32));
    }
}
