package dev.frozen.experiments.report;

import dev.frozen.experiments.runs.RunRecord;
import java.util.List;
import java.util.Locale;

/**
 * The spread of a run's test accuracy over its seeds: mean, min-max, and the 95% Student t-interval of the mean
 * (mean +- t(0.975, n-1) * sd / sqrt(n), clipped to [0, 1]), beside each seed's own 95% Wilson interval on the test rows. The
 * t-interval is about training noise (what another seed would give); a Wilson interval is about the test sample.
 */
public record SeedSpread(int n, double mean, double min, double max, double tLow, double tHigh) {
    /** t(0.975, df) for df = 1..30; beyond 30 the normal quantile is within 4%. */
    private static final double[] T975 = {12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228,
        2.201, 2.179, 2.160, 2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086, 2.080, 2.074, 2.069, 2.064, 2.060,
        2.056, 2.052, 2.048, 2.045, 2.042};

    /** Over the given accuracies; with one value the interval is that value alone. */
    public static SeedSpread of(List<Double> accuracies) {
        int n = accuracies.size();
        double mean = accuracies.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
        double min = accuracies.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
        double max = accuracies.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
        if (n < 2) {
            return new SeedSpread(n, mean, min, max, mean, mean);
        }
        double ss = 0;
        for (double a : accuracies) {
            ss += (a - mean) * (a - mean);
        }
        double half = t975(n - 1) * Math.sqrt(ss / (n - 1)) / Math.sqrt(n);
        // An accuracy lies in [0, 1]; with two or three seeds the raw interval can reach far outside it.
        return new SeedSpread(n, mean, min, max, Math.max(0, mean - half), Math.min(1, mean + half));
    }

    public static SeedSpread of(RunRecord r) {
        return of(r.seedAccuracies());
    }

    static double t975(int df) {
        return df <= T975.length ? T975[df - 1] : Stats.Z95;
    }

    /**
     * One line for a multi-seed run: {@code 3 seeds: mean 0.4512, min-max 0.4400-0.4600, 95% t 0.4261-0.4763;
     * seed 42 0.4400 (Wilson 0.41-0.47), ...}.
     */
    public static String line(RunRecord r) {
        SeedSpread s = of(r);
        StringBuilder out = new StringBuilder(String.format(Locale.ROOT,
                "%d seeds: mean %.4f, min-max %.4f-%.4f, 95%% t %.4f-%.4f;", s.n(), s.mean(), s.min(), s.max(), s.tLow(),
                s.tHigh()));
        String sep = " ";
        for (RunRecord.SeedResult seed : r.seeds()) {
            double[] w = Stats.wilson(Math.round(seed.testAccuracy() * r.testRows()), r.testRows());
            out.append(sep).append(String.format(Locale.ROOT, "seed %d %.4f (Wilson %.3f-%.3f)", seed.seed(),
                    seed.testAccuracy(), w[0], w[1]));
            sep = ", ";
        }
        return out.toString();
    }

    /**
     * The block compare prints under its table: one line per multi-seed run (by the id the table shows), and how
     * McNemar treats them; empty when no run has several seeds.
     */
    static String block(List<RunRecord> runs, java.util.function.Function<String, String> shownId) {
        StringBuilder out = new StringBuilder();
        for (RunRecord r : runs) {
            if (r.seeds() != null && r.seeds().size() > 1) {
                out.append("  ").append(shownId.apply(r.runId())).append("  ").append(line(r)).append('\n');
            }
        }
        if (out.length() == 0) {
            return "";
        }
        return "Seeds (test_acc is the mean over seeds; p-values compare seed-majority votes):\n" + out;
    }
}
