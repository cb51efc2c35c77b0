package dev.frozen.experiments;

import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
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
 * blocks K, a table and a chart (test accuracy against K, and against training time, with 95% intervals). It applies only when the
 * dense runs cover at least two values of K.
 */
final class FreezeSweepReport {
    private FreezeSweepReport() {}

    /** One dense run of the sweep. */
    record Point(int k, String layer, double testAccuracy, Double valAccuracy, Object keptEpoch, double fitSeconds,
            String runId, int testRows) {}

    static List<Point> points(List<RunRecord> runs) {
        return runs.stream().filter(r -> r.head().equals("dense"))
                .map(r -> new Point(k(r), r.layer(), r.testAccuracy(), r.valAccuracy(), r.params().get("kept_epoch"),
                        r.fitSeconds(), r.runId(), r.testRows()))
                .sorted(Comparator.comparingInt(Point::k).thenComparing(Point::fitSeconds))
                .toList();
    }

    static boolean applies(List<RunRecord> runs) {
        return points(runs).stream().map(Point::k).distinct().count() >= 2;
    }

    private static int k(RunRecord r) {
        Object v = r.params().get("trainable_blocks");
        return v == null ? 0 : Integer.parseInt(String.valueOf(v));
    }

    /** The Markdown section (heading, table, plot link). */
    static String markdown(List<RunRecord> runs, String pngName) {
        StringBuilder md = new StringBuilder("## How many blocks to fine-tune\n\n");
        md.append("Dense heads with K trainable VGG16 blocks, each on the layer cached just below them; test accuracy of ")
                .append("the epoch kept on validation, and the wall-clock seconds of the fit.\n\n");
        md.append("| K | cached layer | test accuracy | val accuracy | kept epoch | fit seconds |\n|---|---|---|---|---|---|\n");
        for (Point p : points(runs)) {
            md.append(String.format(Locale.ROOT, "| %d | %s | %.4f | %s | %s | %.1f |%n", p.k(), p.layer(),
                    p.testAccuracy(), p.valAccuracy() == null ? "-" : String.format(Locale.ROOT, "%.4f", p.valAccuracy()),
                    p.keptEpoch() == null ? "-" : p.keptEpoch(), p.fitSeconds()));
        }
        md.append("\n![test accuracy against trainable blocks and training time](").append(pngName).append(")\n\n");
        return md.toString();
    }

    /**
     * Two charts side by side: test accuracy against K, and against fit seconds (points labelled K); each point with
     * its 95% Wilson interval. The accuracy axis spans at least 10 points, so run-to-run noise does not look like an
     * effect. The format follows {@code file}'s extension (.png, .svg, .jpg).
     */
    static void plot(List<RunRecord> runs, Path file) {
        List<Point> points = points(runs);
        YIntervalSeries byK = new YIntervalSeries("test accuracy", false, true);
        YIntervalSeries byTime = new YIntervalSeries("test accuracy", false, true);
        double lo = 1;
        double hi = 0;
        double minTime = Double.MAX_VALUE;
        double maxTime = 0;
        for (Point p : points) {
            double[] ci = Stats.wilson(Math.round(p.testAccuracy() * p.testRows()), p.testRows());
            byK.add(p.k(), p.testAccuracy(), ci[0], ci[1]);
            byTime.add(Math.max(p.fitSeconds(), 0.01), p.testAccuracy(), ci[0], ci[1]);
            lo = Math.min(lo, ci[0]);
            hi = Math.max(hi, ci[1]);
            minTime = Math.min(minTime, Math.max(p.fitSeconds(), 0.01));
            maxTime = Math.max(maxTime, p.fitSeconds());
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
        JFreeChart left = chart("Test accuracy against trainable blocks", kAxis, new YIntervalSeriesCollection(),
                byK, true, points, lower, upper);
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
        timeAxis.setUpperMargin(0.15);
        JFreeChart right = chart("Test accuracy against training time", timeAxis, new YIntervalSeriesCollection(),
                byTime, false, points, lower, upper);
        int w = 1000;
        int h = 440;
        ChartFiles.write(file, w, h, g -> {
            left.draw(g, new java.awt.geom.Rectangle2D.Double(0, 0, w / 2.0, h));
            right.draw(g, new java.awt.geom.Rectangle2D.Double(w / 2.0, 0, w / 2.0, h));
        });
    }

    private static JFreeChart chart(String title, ValueAxis x, YIntervalSeriesCollection data, YIntervalSeries series,
            boolean lines, List<Point> points, double lower, double upper) {
        data.addSeries(series);
        NumberAxis y = new NumberAxis("test accuracy (95% Wilson interval)");
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
        r.setSeriesLinesVisible(0, lines);
        r.setSeriesShapesVisible(0, true);
        r.setSeriesPaint(0, ChartStyle.BLUE);
        r.setSeriesStroke(0, new java.awt.BasicStroke(1.6f));
        r.setSeriesShape(0, new java.awt.geom.Ellipse2D.Double(-4.5, -4.5, 9, 9));
        if (!lines) {
            // Which K each point is: the time axis does not say.
            r.setDefaultItemLabelGenerator(new StandardXYItemLabelGenerator() {
                @Override
                public String generateLabel(org.jfree.data.xy.XYDataset d, int s, int item) {
                    return "K=" + points.stream().filter(p -> Math.max(p.fitSeconds(), 0.01) == d.getXValue(s, item))
                            .findFirst().map(Point::k).orElse(-1);
                }
            });
            r.setDefaultItemLabelsVisible(true);
            r.setDefaultItemLabelFont(ChartStyle.VALUE.deriveFont(11f));
            r.setDefaultItemLabelPaint(ChartStyle.TEXT);
            r.setDefaultPositiveItemLabelPosition(new ItemLabelPosition(ItemLabelAnchor.OUTSIDE3, TextAnchor.CENTER_LEFT));
            r.setItemLabelAnchorOffset(6);
        }
        XYPlot plot = new XYPlot(data, x, y, r);
        ChartStyle.plot(plot);
        plot.setDomainGridlinePaint(ChartStyle.GRID);
        plot.setRangeGridlinePaint(ChartStyle.GRID);
        plot.setDomainGridlineStroke(ChartStyle.THIN);
        plot.setRangeGridlineStroke(ChartStyle.THIN);
        JFreeChart chart = new JFreeChart(title, ChartStyle.TITLE.deriveFont(13f), plot, false);
        ChartStyle.apply(chart);
        return chart;
    }
}
