package dev.frozen.experiments;

import dev.frozen.DataError;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.labels.StandardXYItemLabelGenerator;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYErrorRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.jfree.data.xy.YIntervalSeries;
import org.jfree.data.xy.YIntervalSeriesCollection;

/**
 * The freeze-sweep section of a pipeline report: for dense heads fitted with different numbers of trainable
 * blocks K (and any reinit controls), one row per run with the mean test accuracy over its seeds, their spread,
 * exact McNemar p-values against K=0 and against the best K (on seed-majority votes, see {@link MultiSeedFit}),
 * and the fit time per seed; a PNG of accuracy against K with min-max error bars, and against time. It names the
 * K to pick: the smallest K not significantly worse (p >= 0.05) than the best. It applies only when the dense runs
 * cover at least two values of K.
 */
final class FreezeSweepReport {
    private FreezeSweepReport() {}

    /** One dense run of the sweep. */
    record Point(int k, boolean reinit, String layer, SeedSpread spread, double secondsPerSeed, String runId) {
        String label() {
            return "K=" + k + (reinit ? " reinit" : "");
        }
    }

    static List<Point> points(List<RunRecord> runs) {
        return runs.stream().filter(r -> r.head().equals("dense"))
                .map(r -> new Point(k(r), Boolean.TRUE.equals(r.params().get("reinit")), r.layer(), SeedSpread.of(r),
                        r.fitSeconds() / r.seedAccuracies().size(), r.runId()))
                .sorted(Comparator.comparingInt(Point::k).thenComparing(Point::reinit).thenComparing(Point::runId))
                .toList();
    }

    static boolean applies(List<RunRecord> runs) {
        return points(runs).stream().map(Point::k).distinct().count() >= 2;
    }

    private static int k(RunRecord r) {
        Object v = r.params().get("trainable_blocks");
        return v == null ? 0 : Integer.parseInt(String.valueOf(v));
    }

    /** The pretrained (not reinit) run with the best mean test accuracy; the smaller K on ties. */
    static Point best(List<Point> points) {
        return points.stream().filter(p -> !p.reinit())
                .max(Comparator.comparingDouble((Point p) -> p.spread().mean()).thenComparing(p -> -p.k()))
                .orElse(null);
    }

    /** Exact McNemar p-value between two runs' saved (voted) test predictions; null when either has none. */
    static Double pValue(Point a, Point b, Function<String, TestPredictions> predictions) {
        if (a == null || b == null) {
            return null;
        }
        TestPredictions pa = predictions.apply(a.runId());
        TestPredictions pb = predictions.apply(b.runId());
        if (pa == null || pb == null || !java.util.Arrays.equals(pa.labels(), pb.labels())) {
            return null;
        }
        return Stats.mcnemarExact(pa.labels(), pa.predicted(), pb.predicted());
    }

    /**
     * The recommendation: the smallest pretrained K whose p-value against the best is at least
     * {@link CompareReport#ALPHA} (the best itself qualifies), and whether no K differs from the best at all.
     */
    record Pick(Point point, boolean noDifference, boolean missingTests) {}

    static Pick pick(List<Point> points, Function<String, TestPredictions> predictions) {
        Point best = best(points);
        if (best == null) {
            return new Pick(null, false, false);
        }
        Point chosen = null;
        boolean all = true;
        boolean missing = false;
        for (Point p : points) {
            if (p.reinit()) {
                continue;
            }
            Double pv = p == best ? Double.valueOf(1) : pValue(p, best, predictions);
            missing |= pv == null;
            boolean tied = pv != null && pv >= CompareReport.ALPHA;
            all &= tied;
            if (tied && (chosen == null || p.k() < chosen.k())) {
                chosen = p;
            }
        }
        return new Pick(chosen, all && !missing, missing);
    }

    /** The Markdown section (heading, table, recommendation, plot link). */
    static String markdown(List<RunRecord> runs, Function<String, TestPredictions> predictions, String pngName) {
        List<Point> points = points(runs);
        Point best = best(points);
        Point k0 = points.stream().filter(p -> p.k() == 0 && !p.reinit()).findFirst().orElse(null);
        StringBuilder md = new StringBuilder("## How many blocks to fine-tune\n\n");
        md.append("Dense heads with K trainable VGG16 blocks, each on the layer cached just below them (reinit: the ")
                .append("same K blocks started from seeded Glorot-uniform values instead of the pretrained ones). Test ")
                .append("accuracy is the mean over seeds, each seed's model kept at its best validation epoch; spread: ")
                .append("min-max and the 95% t-interval over seeds. p: exact McNemar test on the same test rows, between ")
                .append("seed-majority votes.\n\n");
        md.append("| K | cached layer | seeds | mean test accuracy | min-max | 95% t-interval | p vs K=0 | p vs best K "
                + "| fit seconds per seed |\n|---|---|---:|---:|---|---|---:|---:|---:|\n");
        for (Point p : points) {
            SeedSpread s = p.spread();
            md.append(String.format(Locale.ROOT, "| %s | %s | %d | %.4f | %.4f-%.4f | %s | %s | %s | %.1f |%n", p.label(),
                    p.layer(), s.n(), s.mean(), s.min(), s.max(),
                    s.n() < 2 ? "-" : String.format(Locale.ROOT, "%.4f-%.4f", s.tLow(), s.tHigh()),
                    p == k0 ? "-" : p(pValue(p, k0, predictions)), p == best ? "best" : p(pValue(p, best, predictions)),
                    p.secondsPerSeed()));
        }
        md.append('\n');
        for (Point c : points) {
            if (!c.reinit()) {
                continue;
            }
            Point same = points.stream().filter(p -> p.k() == c.k() && !p.reinit()).findFirst().orElse(null);
            if (same != null) {
                md.append(String.format(Locale.ROOT, "- Control %s against pretrained K=%d: mean %+.4f, p %s.%n",
                        c.label(), c.k(), c.spread().mean() - same.spread().mean(), p(pValue(c, same, predictions))));
            }
        }
        Pick pick = pick(points, predictions);
        md.append("\n**K to pick** (rule: the smallest K whose test accuracy is not significantly worse than the best K's, ")
                .append("p >= 0.05): ");
        if (pick.point() == null) {
            md.append("none can be named: no pretrained run has saved test predictions to test against the best.\n\n");
        } else if (pick.noDifference()) {
            md.append("**K=").append(pick.point().k()).append("**. No difference detected: no K is significantly ")
                    .append("worse than the best (K=").append(best.k()).append("), so the cheapest K is enough.\n\n");
        } else {
            md.append("**K=").append(pick.point().k()).append("** (best: K=").append(best.k()).append(String.format(
                    Locale.ROOT, ", mean %.4f)", best.spread().mean())).append(pick.missingTests()
                            ? "; some runs had no saved predictions and were left out of the rule" : "")
                    .append(".\n\n");
        }
        md.append("![test accuracy against trainable blocks and training time](").append(pngName).append(")\n\n");
        return md.toString();
    }

    private static String p(Double p) {
        return p == null ? "n/a" : p < 0.0001 ? "<0.0001" : String.format(Locale.ROOT, "%.4f", p);
    }

    /**
     * Two charts side by side: mean test accuracy against K with min-max error bars over seeds (pretrained and
     * reinit as two series), and against fit seconds per seed (points labelled K).
     */
    static void plot(List<RunRecord> runs, Path png) {
        System.setProperty("java.awt.headless", "true");
        List<Point> points = points(runs);
        YIntervalSeries pretrained = new YIntervalSeries("pretrained", false, true);
        YIntervalSeries reinit = new YIntervalSeries("reinit control", false, true);
        XYSeries byTime = new XYSeries("test accuracy", false, true);
        for (Point p : points) {
            SeedSpread s = p.spread();
            // The control is drawn a little to the right so that its bar does not hide the pretrained one.
            (p.reinit() ? reinit : pretrained).add(p.k() + (p.reinit() ? 0.08 : 0), s.mean(), s.min(), s.max());
            byTime.add(p.secondsPerSeed(), s.mean());
        }
        YIntervalSeriesCollection byK = new YIntervalSeriesCollection();
        byK.addSeries(pretrained);
        if (reinit.getItemCount() > 0) {
            byK.addSeries(reinit);
        }
        JFreeChart left = ChartFactory.createXYLineChart("Test accuracy against trainable blocks (min-max over seeds)",
                "trainable blocks K", "mean test accuracy", byK, PlotOrientation.VERTICAL, reinit.getItemCount() > 0,
                false, false);
        XYErrorRenderer errors = new XYErrorRenderer();
        errors.setDrawXError(false);
        errors.setDefaultLinesVisible(true);
        left.getXYPlot().setRenderer(errors);
        ((NumberAxis) left.getXYPlot().getDomainAxis()).setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        JFreeChart right = ChartFactory.createScatterPlot("Test accuracy against training time", "fit seconds per seed",
                "mean test accuracy", new XYSeriesCollection(byTime), PlotOrientation.VERTICAL, false, false, false);
        XYPlot rp = right.getXYPlot();
        XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(false, true);
        r.setDefaultItemLabelGenerator(new StandardXYItemLabelGenerator() {
            @Override
            public String generateLabel(org.jfree.data.xy.XYDataset d, int series, int item) {
                return points.get(item).label();
            }
        });
        r.setDefaultItemLabelsVisible(true);
        rp.setRenderer(r);
        for (JFreeChart c : List.of(left, right)) {
            NumberAxis y = (NumberAxis) c.getXYPlot().getRangeAxis();
            y.setAutoRangeIncludesZero(false);
        }
        BufferedImage img = new BufferedImage(1200, 500, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        left.draw(g, new java.awt.geom.Rectangle2D.Double(0, 0, 600, 500));
        right.draw(g, new java.awt.geom.Rectangle2D.Double(600, 0, 600, 500));
        g.dispose();
        try {
            Path tmp = png.resolveSibling("." + png.getFileName() + ".partial");
            javax.imageio.ImageIO.write(img, "png", tmp.toFile());
            java.nio.file.Files.move(tmp, png, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new DataError("cannot write plot " + png + ": " + dev.frozen.Plain.describe(e), e);
        }
    }
}
