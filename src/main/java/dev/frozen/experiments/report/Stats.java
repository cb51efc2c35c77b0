package dev.frozen.experiments.report;

import dev.frozen.experiments.runs.TestPredictions;

/**
 * The statistics behind a trustworthy comparison: Wilson score intervals for an accuracy, the exact McNemar test
 * for two classifiers scored on the same rows, macro-F1, log-loss and expected calibration error. Pure functions
 * of counts and arrays; nothing here reads files or renders.
 */
public final class Stats {
    /** Two-sided 95% normal quantile. */
    static final double Z95 = 1.959963984540054;

    private Stats() {}

    /**
     * The 95% Wilson score interval for {@code correct} successes out of {@code n}: unlike the normal
     * approximation it stays inside [0, 1] and is sensible near 0 and 1. Returns {@code [low, high]}.
     */
    public static double[] wilson(long correct, long n) {
        if (n <= 0) {
            return new double[] {0, 1};
        }
        double p = (double) correct / n;
        double z2 = Z95 * Z95;
        double denom = 1 + z2 / n;
        double centre = (p + z2 / (2.0 * n)) / denom;
        double half = Z95 * Math.sqrt(p * (1 - p) / n + z2 / (4.0 * n * n)) / denom;
        // Clamp tiny rounding excursions so the interval always contains p itself.
        return new double[] {Math.max(0, Math.min(p, centre - half)), Math.min(1, Math.max(p, centre + half))};
    }

    /**
     * Exact two-sided McNemar test: under the null hypothesis the {@code b + c} discordant rows (only one of the two
     * classifiers right) split as Binomial(b + c, 1/2). Returns the p-value, 1 when there are no discordant rows.
     */
    public static double mcnemarExact(int b, int c) {
        int n = b + c;
        if (n == 0) {
            return 1.0;
        }
        int k = Math.min(b, c);
        // P(X <= k) for X ~ Bin(n, 1/2), summed in log space so that n in the tens of thousands stays exact enough.
        double logHalfN = -n * Math.log(2);
        double tail = 0;
        double logChoose = 0; // log C(n, 0)
        for (int i = 0; i <= k; i++) {
            if (i > 0) {
                logChoose += Math.log(n - i + 1) - Math.log(i);
            }
            tail += Math.exp(logChoose + logHalfN);
        }
        return Math.min(1.0, 2 * tail);
    }

    /**
     * McNemar between two runs' saved test predictions; null when either has none (runs recorded before they were
     * kept) or they are not on the same test rows.
     */
    public static Double mcnemarExact(TestPredictions a, TestPredictions b) {
        if (a == null || b == null || !java.util.Arrays.equals(a.labels(), b.labels())) {
            return null;
        }
        return mcnemarExact(a.labels(), a.predicted(), b.predicted());
    }

    /** McNemar between two prediction vectors on the same rows with the given true labels. */
    public static double mcnemarExact(int[] truth, int[] a, int[] b) {
        if (truth.length != a.length || truth.length != b.length) {
            throw new IllegalArgumentException("rows differ: " + truth.length + ", " + a.length + ", " + b.length);
        }
        int onlyA = 0;
        int onlyB = 0;
        for (int i = 0; i < truth.length; i++) {
            boolean ra = a[i] == truth[i];
            boolean rb = b[i] == truth[i];
            if (ra && !rb) {
                onlyA++;
            } else if (rb && !ra) {
                onlyB++;
            }
        }
        return mcnemarExact(onlyA, onlyB);
    }

    /** Unweighted mean over classes of F1; a class with no true and no predicted rows is left out. */
    public static double macroF1(int[][] confusion) {
        int k = confusion.length;
        double sum = 0;
        int counted = 0;
        for (int c = 0; c < k; c++) {
            long tp = confusion[c][c];
            long actual = 0;
            long predicted = 0;
            for (int j = 0; j < k; j++) {
                actual += confusion[c][j];
                predicted += confusion[j][c];
            }
            if (actual == 0 && predicted == 0) {
                continue;
            }
            sum += actual + predicted == 0 ? 0 : 2.0 * tp / (actual + predicted);
            counted++;
        }
        return counted == 0 ? 0 : sum / counted;
    }

    /** Mean negative log-probability of the true class, with probabilities clipped at 1e-15 as scikit-learn does. */
    public static double logLoss(int[] truth, double[][] probabilities) {
        double sum = 0;
        for (int i = 0; i < truth.length; i++) {
            double p = Math.max(1e-15, Math.min(1 - 1e-15, probabilities[i][truth[i]]));
            sum -= Math.log(p);
        }
        return truth.length == 0 ? 0 : sum / truth.length;
    }

    /**
     * Expected calibration error over {@code bins} equal-width bins of top-class confidence: the row-weighted mean
     * gap between confidence and accuracy per bin (0 for a perfectly calibrated classifier).
     */
    public static double ece(int[] truth, double[][] probabilities, int bins) {
        double[] conf = new double[bins];
        double[] correct = new double[bins];
        int[] count = new int[bins];
        for (int i = 0; i < truth.length; i++) {
            int arg = 0;
            for (int c = 1; c < probabilities[i].length; c++) {
                if (probabilities[i][c] > probabilities[i][arg]) {
                    arg = c;
                }
            }
            double top = probabilities[i][arg];
            int bin = Math.min(bins - 1, (int) (top * bins));
            conf[bin] += top;
            correct[bin] += arg == truth[i] ? 1 : 0;
            count[bin]++;
        }
        double sum = 0;
        for (int b = 0; b < bins; b++) {
            if (count[b] > 0) {
                sum += Math.abs(correct[b] - conf[b]); // = count * |acc - mean confidence|
            }
        }
        return truth.length == 0 ? 0 : sum / truth.length;
    }
}
