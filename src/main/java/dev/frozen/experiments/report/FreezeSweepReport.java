package dev.frozen.experiments.report;

import dev.frozen.experiments.runs.RunRecord;
import dev.frozen.experiments.runs.TestPredictions;
import dev.frozen.heads.HeadKind;
import dev.frozen.heads.HeadKinds;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.labels.ItemLabelAnchor;
import org.jfree.chart.labels.ItemLabelPosition;
import org.jfree.chart.labels.StandardXYItemLabelGenerator;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYErrorRenderer;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.xy.YIntervalSeries;
import org.jfree.data.xy.YIntervalSeriesCollection;

/**
 * The freeze-sweep section of a pipeline report: for dense heads fitted with different numbers of trainable
 * blocks K (and any reinit controls), one row per run with the mean test accuracy over its seeds, their spread,
 * exact McNemar p-values against K=0 and against the best K (on seed-majority votes, see {@link dev.frozen.experiments.fit.MultiSeedFit}),
 * and the fit time per seed; a chart of accuracy against K and against time, with min-max error bars over seeds
 * (a 95% Wilson interval for a one-seed run). It names the K to pick: the smallest K not significantly worse
 * (p >= 0.05) than the best. It applies only when the dense runs cover at least two values of K.
 */
public final class FreezeSweepReport {
    /** The accuracy-against-K chart's series: pretrained fp32 runs, reinit controls, pretrained bf16 runs. */
    private static final String PRETRAINED = "pretrained";
    private static final String REINIT = "reinit control";
    private static final String BF16 = "pretrained, bf16";

    private FreezeSweepReport() {}

    /** One dense run of the sweep. */
    record Point(int k, boolean reinit, boolean bf16, String layer, SeedSpread spread, double secondsPerSeed,
            String runId, int testRows) {
        String label() {
            return "K=" + k + (reinit ? " reinit" : "") + (bf16 ? " bf16" : "");
        }

        /** The error bar: min-max over seeds for a multi-seed run, the 95% Wilson interval of a one-seed run. */
        double[] bar() {
            if (spread.n() > 1) {
                return new double[] {spread.min(), spread.max()};
            }
            return Stats.wilson(Math.round(spread.mean() * testRows), testRows);
        }
    }

    static List<Point> points(List<RunRecord> runs) {
        return runs.stream().filter(FreezeSweepReport::trainsBaseBlocks)
                .map(r -> {
                    HeadKind kind = HeadKinds.find(r.head());
                    return new Point(kind.trainableBlocks(r.params()), kind.reinitialised(r.params()),
                            kind.bf16Blocks(r.params()), r.layer(), SeedSpread.of(r),
                            r.fitSeconds() / r.seedAccuracies().size(), r.runId(), r.testRows());
                })
                .sorted(Comparator.comparingInt(Point::k).thenComparing(Point::reinit).thenComparing(Point::bf16)
                        .thenComparing(Point::runId))
                .toList();
    }

    public static boolean applies(List<RunRecord> runs) {
        return points(runs).stream().map(Point::k).distinct().count() >= 2;
    }

    /** Runs of a kind that can train the base's blocks (the dense head), whatever K they trained. */
    private static boolean trainsBaseBlocks(RunRecord r) {
        HeadKind kind = HeadKinds.find(r.head());
        return kind != null && kind.trainsBaseBlocks();
    }

    /** The pretrained (not reinit) run with the best mean test accuracy; the smaller K on ties. */
    static Point best(List<Point> points) {
        return points.stream().filter(p -> !p.reinit())
                .max(Comparator.comparingDouble((Point p) -> p.spread().mean()).thenComparing(p -> -p.k()))
                .orElse(null);
    }

    /** Whether {@code mean} lies within the min-max of {@code spread}. */
    private static boolean within(double mean, SeedSpread spread) {
        return mean >= spread.min() && mean <= spread.max();
    }

    /** Exact McNemar p-value between two runs' saved (voted) test predictions; null when either has none. */
    static Double pValue(Point a, Point b, Function<String, TestPredictions> predictions) {
        if (a == null || b == null) {
            return null;
        }
        return Stats.mcnemarExact(predictions.apply(a.runId()), predictions.apply(b.runId()));
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
    public static String markdown(List<RunRecord> runs, Function<String, TestPredictions> predictions, String pngName) {
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
            Point same = points.stream().filter(p -> p.k() == c.k() && !p.reinit() && p.bf16() == c.bf16())
                    .findFirst().orElse(null);
            if (same != null) {
                double diff = c.spread().mean() - same.spread().mean();
                Double pv = pValue(c, same, predictions);
                md.append(String.format(Locale.ROOT, "- Control %s against pretrained %s: mean %+.4f, p %s%s.%n",
                        c.label(), same.label(), diff, p(pv), controlVerdict(diff, pv, same.k())));
            }
        }
        for (Point b : points) {
            Point fp32 = b.bf16() ? points.stream().filter(p -> p.k() == b.k() && p.reinit() == b.reinit() && !p.bf16())
                    .findFirst().orElse(null) : null;
            if (fp32 != null) {
                md.append(String.format(Locale.ROOT, "- %s against %s (fp32): mean %+.4f, %s fp32's min-max over seeds, "
                        + "p %s; fit seconds per seed %.2fx fp32's.%n", b.label(), fp32.label(),
                        b.spread().mean() - fp32.spread().mean(), within(b.spread().mean(), fp32.spread()) ? "within"
                                : "outside", p(pValue(b, fp32, predictions)), b.secondsPerSeed() / fp32.secondsPerSeed()));
            }
        }
        Pick pick = pick(points, predictions);
        md.append("\n**K to pick** (rule: the smallest K whose test accuracy is not significantly worse than the best K's, ")
                .append("p >= 0.05): ");
        if (pick.point() == null) {
            md.append("none can be named: no pretrained run has saved test predictions to test against the best.\n\n");
        } else if (pick.noDifference()) {
            md.append("**").append(pick.point().label()).append("**. No difference detected: no K is significantly ")
                    .append("worse than the best (").append(best.label()).append("), so the cheapest K is enough.\n\n");
        } else {
            md.append("**").append(pick.point().label()).append("** (best: ").append(best.label()).append(String.format(
                    Locale.ROOT, ", mean %.4f)", best.spread().mean())).append(pick.missingTests()
                            ? "; some runs had no saved predictions and were left out of the rule" : "")
                    .append(".\n\n");
        }
        md.append("![test accuracy against trainable blocks and training time](").append(pngName).append(")\n\n");
        return md.toString();
    }

    /**
     * What the reinit control says about the pretrained weights of the K trainable blocks (Yosinski et al.'s
     * question): nothing without a p-value, "no difference" above {@link CompareReport#ALPHA}, else which start won.
     */
    static String controlVerdict(double diff, Double p, int k) {
        String blocks = k == 1 ? "this block" : "these " + k + " blocks";
        if (p == null) {
            return "";
        }
        if (p >= CompareReport.ALPHA) {
            return ": no difference detected, so the pretrained weights of " + blocks + " add nothing measurable here";
        }
        return diff > 0 ? ": the random start is better, so the pretrained weights of " + blocks + " do not help here"
                : ": the pretrained weights of " + blocks + " help";
    }

    private static String p(Double p) {
        return p == null ? "n/a" : p < 0.0001 ? "<0.0001" : String.format(Locale.ROOT, "%.4f", p);
    }

    /**
     * Two charts side by side: mean test accuracy against K (pretrained and reinit controls as two series), and
     * against fit seconds per seed (points labelled K); each point with its error bar ({@link Point#bar}: min-max
     * over seeds, or the 95% Wilson interval of a one-seed run). The accuracy axis spans at least 10 points, so
     * run-to-run noise does not look like an effect. The format follows {@code file}'s extension (.png, .svg, .jpg).
     */
    public static void plot(List<RunRecord> runs, Path file) {
        List<Point> points = points(runs);
        YIntervalSeries pretrained = new YIntervalSeries(PRETRAINED, false, true);
        YIntervalSeries reinit = new YIntervalSeries(REINIT, false, true);
        YIntervalSeries bf16 = new YIntervalSeries(BF16, false, true);
        // The time panel has the same three series (same colours); each keeps its points in order for the labels.
        java.util.Map<String, YIntervalSeries> byTime = new java.util.LinkedHashMap<>();
        java.util.Map<String, List<Point>> timePoints = new java.util.LinkedHashMap<>();
        double lo = 1;
        double hi = 0;
        double minTime = Double.MAX_VALUE;
        double maxTime = 0;
        for (Point p : points) {
            double[] bar = p.bar();
            double mean = p.spread().mean();
            double seconds = Math.max(p.secondsPerSeed(), 0.01);
            // Controls are drawn a little to the right and bf16 runs to the left, so no bar hides another.
            (p.reinit() ? reinit : p.bf16() ? bf16 : pretrained).add(p.k() + (p.reinit() ? 0.08 : p.bf16() ? -0.08 : 0),
                    mean, bar[0], bar[1]);
            String series = p.reinit() ? REINIT : p.bf16() ? BF16 : PRETRAINED;
            byTime.computeIfAbsent(series, key -> new YIntervalSeries(key, false, true)).add(seconds, mean, bar[0], bar[1]);
            timePoints.computeIfAbsent(series, key -> new java.util.ArrayList<>()).add(p); // item i of the series
            lo = Math.min(lo, bar[0]);
            hi = Math.max(hi, bar[1]);
            minTime = Math.min(minTime, seconds);
            maxTime = Math.max(maxTime, p.secondsPerSeed());
        }
        double centre = (lo + hi) / 2;
        double half = Math.max(0.05, (hi - lo) / 2 * 1.15);
        double lower = Math.max(0, centre - half);
        double upper = Math.min(1, lower + 2 * half);
        lower = Math.max(0, upper - 2 * half);

        NumberAxis kAxis = new NumberAxis("trainable blocks K (0: frozen base, dense head only)");
        kAxis.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        int maxK = points.stream().mapToInt(Point::k).max().orElse(0);
        kAxis.setRange(-0.5, maxK + 0.5);
        List<YIntervalSeries> byK = java.util.stream.Stream.of(pretrained, reinit, bf16)
                .filter(series -> series == pretrained || series.getItemCount() > 0).toList();
        boolean multiSeed = points.stream().anyMatch(p -> p.spread().n() > 1);
        JFreeChart left = chart("Test accuracy against trainable blocks", kAxis, byK, true, List.of(), multiSeed, lower,
                upper);
        ValueAxis timeAxis;
        if (maxTime / minTime > 20) {
            LogAxis log = new LogAxis("fit seconds (log scale)");
            log.setNumberFormatOverride(new java.text.DecimalFormat("0.#", java.text.DecimalFormatSymbols.getInstance(Locale.ROOT)));
            log.setSmallestValue(0.01);
            log.setTickUnit(new org.jfree.chart.axis.NumberTickUnit(1)); // one tick per decade: 10, 100, 1000 s
            timeAxis = log;
        } else {
            NumberAxis lin = new NumberAxis("fit seconds");
            lin.setAutoRangeIncludesZero(true);
            lin.setTickUnit(new org.jfree.chart.axis.NumberTickUnit(ComparePlots.niceStep(Math.max(maxTime, 1) * 1.15 / 6)));
            timeAxis = lin;
        }
        timeAxis.setLowerMargin(0.12);
        timeAxis.setUpperMargin(0.2);
        JFreeChart right = chart("Test accuracy against training time", timeAxis, List.copyOf(byTime.values()), false,
                List.copyOf(timePoints.values()), multiSeed, lower, upper);
        int w = 1000;
        int h = 440;
        ChartFiles.write(file, w, h, g -> {
            left.draw(g, new java.awt.geom.Rectangle2D.Double(0, 0, w / 2.0, h));
            right.draw(g, new java.awt.geom.Rectangle2D.Double(w / 2.0, 0, w / 2.0, h));
        });
    }

    private static JFreeChart chart(String title, ValueAxis x, List<YIntervalSeries> series, boolean lines,
            List<List<Point>> labelled, boolean multiSeed, double lower, double upper) {
        YIntervalSeriesCollection data = new YIntervalSeriesCollection();
        series.forEach(data::addSeries);
        NumberAxis y = new NumberAxis(multiSeed ? "mean test accuracy (min-max over seeds)" : "test accuracy (95% Wilson interval)");
        y.setRange(lower, upper);
        y.setNumberFormatOverride(ChartStyle.percent(upper - lower < 0.05 ? 1 : 0));
        y.setTickUnit(new org.jfree.chart.axis.NumberTickUnit(ComparePlots.niceStep((upper - lower) / 6)));
        ChartStyle.axis(x);
        ChartStyle.axis(y);
        XYErrorRenderer r = new XYErrorRenderer();
        r.setDrawXError(false);
        r.setDrawYError(true);
        r.setErrorPaint(ChartStyle.TEXT);
        r.setErrorStroke(new java.awt.BasicStroke(1.3f));
        r.setCapLength(8);
        for (int i = 0; i < series.size(); i++) {
            r.setSeriesLinesVisible(i, lines);
            r.setSeriesShapesVisible(i, true);
            Comparable<?> key = series.get(i).getKey();
            r.setSeriesPaint(i, REINIT.equals(key) ? ChartStyle.ORANGE : BF16.equals(key) ? ChartStyle.MUTED : ChartStyle.BLUE);
            r.setSeriesStroke(i, new java.awt.BasicStroke(1.6f));
            r.setSeriesShape(i, new java.awt.geom.Ellipse2D.Double(-4.5, -4.5, 9, 9));
        }
        if (!lines) {
            // Which K each point is: the time axis does not say.
            r.setDefaultItemLabelGenerator(new StandardXYItemLabelGenerator() {
                @Override
                public String generateLabel(org.jfree.data.xy.XYDataset d, int s, int item) {
                    return labelled.get(s).get(item).label();
                }
            });
            r.setDefaultItemLabelsVisible(true);
            r.setDefaultItemLabelFont(ChartStyle.VALUE.deriveFont(11f));
            r.setDefaultItemLabelPaint(ChartStyle.TEXT);
            r.setDefaultPositiveItemLabelPosition(new ItemLabelPosition(ItemLabelAnchor.OUTSIDE3, TextAnchor.CENTER_LEFT));
            for (int i = 0; i < series.size(); i++) {
                if (BF16.equals(series.get(i).getKey())) { // left of the point: a bf16 run sits beside its fp32 twin
                    r.setSeriesPositiveItemLabelPosition(i,
                            new ItemLabelPosition(ItemLabelAnchor.OUTSIDE9, TextAnchor.CENTER_RIGHT));
                }
            }
            r.setItemLabelAnchorOffset(6);
        }
        XYPlot plot = new XYPlot(data, x, y, r);
        ChartStyle.plot(plot);
        plot.setDomainGridlinePaint(ChartStyle.GRID);
        plot.setRangeGridlinePaint(ChartStyle.GRID);
        plot.setDomainGridlineStroke(ChartStyle.THIN);
        plot.setRangeGridlineStroke(ChartStyle.THIN);
        // One legend, under the left chart; the time chart uses the same colours.
        JFreeChart chart = new JFreeChart(title, ChartStyle.TITLE.deriveFont(13f), plot, lines && series.size() > 1);
        ChartStyle.apply(chart);
        return chart;
    }
}
