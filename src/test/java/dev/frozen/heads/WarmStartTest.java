package dev.frozen.heads;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.frozen.features.FeatureSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The starting points a search hands from one setting to the next: re-expressed exactly, scaled optimally. */
class WarmStartTest {
    @Test
    void aStartReExpressedForAnotherStandardizerScoresEveryRowTheSame() {
        FeatureSet all = new Blobs(3, 5, 7).sample(120, 1);
        float[][] x = all.features();
        float[][] firstHalf = java.util.Arrays.copyOf(x, 60);
        Standardizer a = Standardizer.fit(firstHalf);
        Standardizer b = Standardizer.fit(x);
        Random r = new Random(4);
        double[][] w = new double[3][all.dim() + 1];
        for (double[] row : w) {
            for (int j = 0; j < row.length; j++) {
                row[j] = r.nextGaussian();
            }
        }
        List<String> names = all.classNames();
        LinearHead onA = new LinearHead(SvmKind.KIND, Map.of(), names, a, w, false);
        double[][] moved = onA.warmStartFor(SvmKind.KIND, 3, b);
        LinearHead onB = new LinearHead(SvmKind.KIND, Map.of(), names, b, moved, false);
        double[][] sa = onA.scores(x);
        double[][] sb = onB.scores(x);
        for (int i = 0; i < x.length; i++) {
            for (int c = 0; c < 3; c++) {
                assertEquals(sa[i][c], sb[i][c], 1e-9 * (1 + Math.abs(sa[i][c])), "row " + i + " class " + c);
            }
        }
        assertTrue(Math.abs(moved[0][0] - w[0][0]) > 1e-6, "the two standardizers should differ, or this proves nothing");
        assertEquals(null, onA.warmStartFor(LogRegKind.KIND, 3, b), "another kind is no start");
    }

    @Test
    void theScaleMinimisesTheSquaredHingeObjectiveAlongTheStart() {
        Random r = new Random(11);
        for (int trial = 0; trial < 20; trial++) {
            double[] m = new double[200];
            for (int i = 0; i < m.length; i++) {
                m[i] = r.nextGaussian() * (trial + 1) * 0.3 + 0.2;
            }
            double ww = 0.1 + r.nextDouble() * 10;
            double c = Math.pow(10, -4 + r.nextInt(6));
            double a = SvmTrainer.bestScale(m, ww, c);
            double f = objective(m, ww, c, a);
            assertTrue(a > 0);
            assertTrue(f <= objective(m, ww, c, 1) + 1e-12, "no better than the unscaled start");
            assertTrue(f <= objective(m, ww, c, a * (1 + 1e-4)) + 1e-12 && f <= objective(m, ww, c, a * (1 - 1e-4)) + 1e-12,
                    "not a minimum at " + a);
        }
    }

    /**
     * The scaled starts of all machines, from one pass over the rows, are each machine's start times the factor
     * that minimises its own objective: margins taken with the bias feature of 1 and label +1 for the machine's
     * class. Checked by the objective itself, computed here row by row.
     */
    @Test
    void scaledStartsMinimiseEachMachinesObjectiveAlongItsStart() {
        Random r = new Random(5);
        int n = 300, d = 7, k = 3;
        double[][] z = new double[n][d];
        int[] y = new int[n];
        double[][] init = new double[k][d + 1];
        for (int i = 0; i < n; i++) {
            y[i] = r.nextInt(k);
            for (int j = 0; j < d; j++) {
                z[i][j] = r.nextGaussian() + (j == y[i] ? 1.5 : 0);
            }
        }
        for (double[] w : init) {
            for (int j = 0; j <= d; j++) {
                w[j] = r.nextGaussian();
            }
        }
        double c = 0.01;
        double[][] scaled = SvmTrainer.scaledStarts(z, y, init, c);
        for (int m = 0; m < k; m++) {
            double a = scaled[m][0] / init[m][0];
            for (int j = 0; j <= d; j++) {
                assertEquals(a * init[m][j], scaled[m][j], 1e-12 * Math.abs(init[m][j]) + 1e-15, "a multiple of the start");
            }
            double f = primal(z, y, m, scaled[m], c);
            assertTrue(f <= primal(z, y, m, init[m], c) + 1e-12, "machine " + m + ": worse than the unscaled start");
            for (double e : new double[] {1 + 1e-3, 1 - 1e-3}) {
                double[] moved = scaled[m].clone();
                for (int j = 0; j <= d; j++) moved[j] *= e;
                assertTrue(f <= primal(z, y, m, moved, c) + 1e-12, "machine " + m + ": not the minimum along the start");
            }
        }
    }

    /** 0.5 |w|^2 + C sum max(0, 1 - y w.[x, 1])^2 for the machine "class m versus the rest". */
    private static double primal(double[][] z, int[] y, int m, double[] w, double c) {
        double f = 0;
        for (double v : w) f += 0.5 * v * v;
        for (int i = 0; i < z.length; i++) {
            double dot = w[z[i].length];
            for (int j = 0; j < z[i].length; j++) dot += w[j] * z[i][j];
            double slack = Math.max(0, 1 - (y[i] == m ? dot : -dot));
            f += c * slack * slack;
        }
        return f;
    }

    @Test
    void aWarmHeadOfAnotherKindOrShapeIsNoStartAndNoFailure() {
        FeatureSet rows = new Blobs(3, 5, 7).sample(90, 2);
        SvmOptions o = SvmOptions.of(Map.of("C", "0.1", "kernel", "linear", "tol", "1e-4", "max_iter", "1000", "solver", "primal"));
        java.io.PrintStream quiet = new java.io.PrintStream(java.io.OutputStream.nullOutputStream());
        LinearHead cold = (LinearHead) SvmTrainer.train(o, SharedRows.of(rows), 42, quiet, null);
        double[][] w = new double[3][rows.dim() + 1];
        Standardizer std = Standardizer.fit(rows.features());
        for (LinearHead warm : List.of(new LinearHead(LogRegKind.KIND, Map.of(), rows.classNames(), std, w, false),
                new LinearHead(SvmKind.KIND, Map.of(), List.of("a", "b"), std, new double[2][rows.dim() + 1], false))) {
            LinearHead h = (LinearHead) SvmTrainer.train(o, SharedRows.of(rows), 42, quiet, warm);
            double[][] a = cold.scores(rows.features());
            double[][] b = h.scores(rows.features());
            for (int i = 0; i < a.length; i++) {
                assertArrayEquals(a[i], b[i], 1e-12, "a start it cannot use must leave the fit as from zero");
            }
        }
    }

    @Test
    void withEveryRowInsideTheMarginTheScaleHasItsClosedForm() {
        double[] m = {0.01, -0.02, 0.03, 0.005};
        double ww = 2, c = 0.5;
        // All slacks positive: minimise 0.5 a^2 ww + C sum (1 - a m)^2, so a = 2C sum m / (ww + 2C sum m^2).
        double sm = 0, smm = 0;
        for (double v : m) {
            sm += v;
            smm += v * v;
        }
        assertEquals(2 * c * sm / (ww + 2 * c * smm), SvmTrainer.bestScale(m, ww, c), 1e-12);
    }

    private static double objective(double[] m, double ww, double c, double a) {
        double f = 0.5 * a * a * ww;
        for (double v : m) {
            double s = Math.max(0, 1 - a * v);
            f += c * s * s;
        }
        return f;
    }
}
