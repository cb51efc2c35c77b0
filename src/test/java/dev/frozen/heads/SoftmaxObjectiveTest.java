package dev.frozen.heads;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.frozen.features.FeatureSet;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;

class SoftmaxObjectiveTest {
    private static final int ROWS = 7;
    private static final int DIM = 3;
    private static final int CLASSES = 3;

    private static float[][] rows(Random r) {
        float[][] z = new float[ROWS][DIM];
        for (float[] row : z) {
            for (int j = 0; j < DIM; j++) {
                row[j] = (float) r.nextGaussian();
            }
        }
        return z;
    }

    private static double[] params(Random r, int size, double scale) {
        double[] w = new double[size];
        for (int i = 0; i < size; i++) {
            w[i] = scale * r.nextGaussian();
        }
        return w;
    }

    @Test
    void gradientMatchesFiniteDifferences() {
        Random r = new Random(3);
        int[] y = {0, 1, 2, 0, 1, 2, 2};
        SoftmaxObjective f = new SoftmaxObjective(rows(r), y, CLASSES, 0.5, DataType.DOUBLE);
        double[] w = params(r, f.size(), 0.7);
        double[] g = new double[f.size()];
        double value = f.g(w, g);
        assertEquals(f.f(w), value, 1e-12);
        double h = 1e-6;
        for (int i = 0; i < w.length; i++) {
            double[] up = w.clone();
            double[] down = w.clone();
            up[i] += h;
            down[i] -= h;
            double estimate = (f.f(up) - f.f(down)) / (2 * h);
            assertEquals(estimate, g[i], 1e-7, "parameter " + i);
        }
    }

    @Test
    void largeScoresStayFinite() {
        Random r = new Random(4);
        SoftmaxObjective f = new SoftmaxObjective(rows(r), new int[] {0, 1, 2, 0, 1, 2, 2}, CLASSES, 1.0, DataType.DOUBLE);
        double[] g = new double[f.size()];
        double value = f.g(params(r, f.size(), 1000), g);
        assertTrue(Double.isFinite(value), "value " + value);
        for (double v : g) {
            assertTrue(Double.isFinite(v));
        }
    }

    @Test
    void floatProductsAgreeWithDouble() {
        Random r = new Random(5);
        float[][] z = rows(r);
        int[] y = {2, 1, 0, 0, 1, 2, 1};
        SoftmaxObjective exact = new SoftmaxObjective(z, y, CLASSES, 1.0, DataType.DOUBLE);
        SoftmaxObjective fast = new SoftmaxObjective(z, y, CLASSES, 1.0, DataType.FLOAT);
        double[] w = params(r, exact.size(), 0.5);
        double[] g1 = new double[exact.size()];
        double[] g2 = new double[exact.size()];
        assertEquals(exact.g(w, g1), fast.g(w, g2), 1e-5);
        assertArrayEquals(g1, g2, 1e-5);
    }

    @Test
    void sameInputSameLogRegModel() {
        Blobs blobs = new Blobs(4, 6, 9);
        FeatureSet train = blobs.sample(200, 1);
        FeatureSet test = blobs.sample(50, 2);
        // Different seeds on purpose: logreg has no random state, so only the data may decide the model.
        double[][] a = Heads.train(LogRegOptions.defaults(), train, null, 1, HeadsTest.QUIET).scores(test.features());
        double[][] b = Heads.train(LogRegOptions.defaults(), train, null, 2, HeadsTest.QUIET).scores(test.features());
        assertArrayEquals(a, b);
    }
}
