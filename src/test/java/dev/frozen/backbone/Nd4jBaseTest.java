package dev.frozen.backbone;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class Nd4jBaseTest {
    static final Vgg16Weights WEIGHTS = Vgg16Weights.random(11);

    @Test
    void referenceConvPadsWithZerosAndPoolFloors() {
        // 3x3 single-channel input 1..9, kernel of ones, bias 0: each output sums its in-bounds neighbourhood.
        float[] x = {1, 2, 3, 4, 5, 6, 7, 8, 9};
        float[] ones = new float[9];
        java.util.Arrays.fill(ones, 1f);
        float[] y = NaiveVgg.convRelu(x, 3, 3, 1, 1, ones, new float[] {0});
        assertArrayEquals(new float[] {12, 21, 16, 27, 45, 33, 24, 39, 28}, y);
        assertArrayEquals(new float[] {45}, NaiveVgg.pool(y, 3, 3, 1), "3x3 pools to 1x1 over the top-left 2x2");
        float[] neg = NaiveVgg.convRelu(x, 3, 3, 1, 1, ones, new float[] {-30});
        assertEquals(0f, neg[0], "ReLU clips negatives");
        assertEquals(15f, neg[4]);
    }

    private static float[] randomImage(int size, long seed) {
        Random r = new Random(seed);
        float[] x = new float[size * size * 3];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (r.nextDouble() * 255 - 120);
        }
        return x;
    }

    private static void assertClose(float[] expected, float[] actual, int offset, String what) {
        double maxAbs = 0;
        for (float v : expected) maxAbs = Math.max(maxAbs, Math.abs(v));
        for (int i = 0; i < expected.length; i++) {
            double err = Math.abs(expected[i] - actual[offset + i]);
            assertTrue(err <= 1e-4 * Math.max(maxAbs, 1e-6), what + " element " + i + ": expected " + expected[i]
                    + " found " + actual[offset + i]);
        }
    }

    @Test
    void matchesPlainReferenceAtBlock5With32px() {
        FrozenBase base = new Nd4jBase(WEIGHTS, "block5_pool");
        float[] a = randomImage(32, 1), b = randomImage(32, 2);
        float[] batch = new float[2 * a.length];
        System.arraycopy(a, 0, batch, 0, a.length);
        System.arraycopy(b, 0, batch, a.length, b.length);
        float[] out = base.forward(batch, 2, 32);
        assertEquals(2 * 512, out.length);
        assertClose(NaiveVgg.forward(WEIGHTS, "block5_pool", a, 32), out, 0, "image 0");
        assertClose(NaiveVgg.forward(WEIGHTS, "block5_pool", b, 32), out, 512, "image 1");
    }

    @Test
    void oddSizesFloorLikeKerasAtBlock2() {
        FrozenBase base = new Nd4jBase(WEIGHTS, "block2_pool");
        float[] a = randomImage(37, 3);
        float[] out = base.forward(a, 1, 37);
        assertEquals(Vgg16.featureDim("block2_pool", 37), out.length);
        assertEquals(9 * 9 * 128, out.length);
        assertClose(NaiveVgg.forward(WEIGHTS, "block2_pool", a, 37), out, 0, "37px block2_pool");
    }

    @Test
    void cutsAtAConvLayerAndReturnsShallowerLayersFromOnePass() {
        float[] a = randomImage(32, 31);
        Nd4jBase base = new Nd4jBase(WEIGHTS, List.of("block4_conv3", "block1_pool"));
        float[][] all = base.forwardAll(a, 1, 32);
        assertEquals(List.of("block1_pool", "block4_conv3"), base.layers());
        assertClose(NaiveVgg.forward(WEIGHTS, "block1_pool", a, 32), all[0], 0, "block1_pool");
        assertClose(NaiveVgg.forward(WEIGHTS, "block4_conv3", a, 32), all[1], 0, "block4_conv3");
        assertEquals(4 * 4 * 512, all[1].length);
    }
}
