package dev.frozen.heads;

import dev.frozen.features.FeatureSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Synthetic, well-separated Gaussian blobs for fast tests: same centres for every split made with one instance. */
public final class Blobs {
    private final double[][] centres;

    public Blobs(int classes, int dim, long seed) {
        Random r = new Random(seed);
        centres = new double[classes][dim];
        for (double[] c : centres) {
            for (int j = 0; j < dim; j++) {
                c[j] = 4 * r.nextGaussian();
            }
        }
    }

    /** {@code rows} rows, classes in turn, unit noise around each centre; a constant last feature tests zero variance. */
    public FeatureSet sample(int rows, long seed) {
        Random r = new Random(seed);
        int k = centres.length;
        int d = centres[0].length;
        float[][] x = new float[rows][d + 1];
        int[] y = new int[rows];
        for (int i = 0; i < rows; i++) {
            y[i] = i % k;
            for (int j = 0; j < d; j++) {
                x[i][j] = (float) (centres[y[i]][j] + r.nextGaussian() + 10 * j);
            }
            x[i][d] = 7f;
        }
        List<String> names = new ArrayList<>();
        for (int c = 0; c < k; c++) {
            names.add("class" + c);
        }
        return new FeatureSet(x, y, names);
    }

    public static double accuracy(Head head, FeatureSet set) {
        int[] p = head.predict(set.features());
        int ok = 0;
        for (int i = 0; i < p.length; i++) {
            if (p[i] == set.labels()[i]) {
                ok++;
            }
        }
        return (double) ok / p.length;
    }
}
