package dev.frozen.experiments.report;

import dev.frozen.DataError;
import dev.frozen.experiments.runs.RunRecord;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.Paint;
import java.awt.geom.Line2D;
import java.awt.geom.Rectangle2D;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.LegendItem;
import org.jfree.chart.LegendItemCollection;
import org.jfree.chart.annotations.XYTextAnnotation;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.axis.SymbolAxis;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.PaintScale;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.CategoryItemRendererState;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.renderer.xy.XYBlockRenderer;
import org.jfree.chart.title.LegendTitle;
import org.jfree.chart.title.PaintScaleLegend;
import org.jfree.chart.ui.HorizontalAlignment;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.RectangleInsets;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.category.CategoryDataset;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.xy.DefaultXYZDataset;

/**
 * Draws a compare report as two images, PNG, JPEG or SVG by the file's extension: {@code FILE}, test accuracy per
 * run as horizontal bars with 95% Wilson whiskers, the value on each bar and the runs tied with the best in colour;
 * and {@code FILE-confusion}, the best run's confusion matrix with the count in each cell, coloured by the share of
 * its true class. The accuracy axis is zoomed to the data (and says so) so that a point or two shows. Runs headless.
 */
public final class ComparePlots {
    private ComparePlots() {}

    /** The image formats a plot file may have, by extension. */
    public enum Format {
        PNG, JPEG, SVG;

        /** The format of a plot file's extension; any other extension is a usage error, in one line. */
        public static Format of(Path file) {
            String name = file.getFileName() == null ? "" : file.getFileName().toString().toLowerCase(Locale.ROOT);
            if (name.endsWith(".png")) {
                return PNG;
            }
            if (name.endsWith(".jpg") || name.endsWith(".jpeg")) {
                return JPEG;
            }
            if (name.endsWith(".svg")) {
                return SVG;
            }
            throw new dev.frozen.UsageError("expected a plot file ending in .png, .svg, .jpg or .jpeg, found '" + file
                    + "'; the image format follows the extension");
        }
    }

    /** Writes both files and returns their paths: the accuracy chart, then the confusion matrix. */
    public static List<Path> write(CompareReport report, Path file) {
        Format.of(file);
        if (report.isEmpty()) {
            throw new DataError("no runs to plot");
        }
        Path confusion = confusionPath(file);
        int n = report.runs().size();
        JFreeChart accuracy = accuracyChart(report);
        ChartFiles.write(file, 820, 150 + 34 * n, g -> accuracy.draw(g, new Rectangle2D.Double(0, 0, 820, 150 + 34 * n)));
        RunRecord best = report.best();
        int k = best.classNames().size();
        int side = Math.max(420, Math.min(760, 160 + 56 * k));
        JFreeChart matrix = confusionChart(best);
        ChartFiles.write(confusion, side + 150, side + 80, g -> matrix.draw(g, new Rectangle2D.Double(0, 0, side + 150, side + 80)));
        return List.of(file, confusion);
    }

    /** {@code plots/acc.png} becomes {@code plots/acc-confusion.png} (and .svg stays .svg). */
    public static Path confusionPath(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String stem = dot > 0 ? name.substring(0, dot) : name;
        String ext = dot > 0 ? name.substring(dot) : ".png";
        return file.resolveSibling(stem + "-confusion" + ext);
    }

    /** How a bar relates to the best run: its colour and legend line. */
    enum Standing {
        BEST(ChartStyle.ORANGE, "best run"),
        TIED(ChartStyle.BLUE, "tied with the best (exact McNemar p >= 0.05)"),
        WORSE(ChartStyle.GREY, "significantly worse than the best (p < 0.05)"),
        UNTESTED(Color.WHITE, "no paired test (run without saved predictions)");

        final Color colour;
        final String legend;

        Standing(Color colour, String legend) {
            this.colour = colour;
            this.legend = legend;
        }
    }

    static Standing standing(CompareReport report, RunRecord r) {
        if (r == report.best()) {
            return Standing.BEST;
        }
        if (report.tiedWithBest(r)) {
            return Standing.TIED;
        }
        return report.pValueVsBest(r) == null ? Standing.UNTESTED : Standing.WORSE;
    }

    /** "#2 svm C=0.01", plus the layer (and input size) when the report spans several entries. */
    static String label(CompareReport report, RunRecord r) {
        List<CompareReport.EntryGroup> groups = report.entryGroups();
        boolean layers = groups.stream().map(CompareReport.EntryGroup::layer).distinct().count() > 1;
        boolean sizes = groups.stream().map(CompareReport.EntryGroup::inputSize).distinct().count() > 1;
        boolean entries = groups.size() > 1 && !layers && !sizes;
        StringBuilder s = new StringBuilder("#").append(report.rank(r)).append(' ').append(r.head());
        String params = ParamSummary.of(r.head(), r.params());
        if (!params.isEmpty()) {
            s.append(' ').append(params);
        }
        if (layers || sizes) {
            s.append("  @ ").append(layers ? r.layer() : "").append(layers && sizes ? " " : "")
                    .append(sizes ? r.inputSize() + "px" : "");
        } else if (entries) {
            s.append("  @ ").append(CompareTable.fit(r.featuresEntry(), 14));
        }
        if (Boolean.FALSE.equals(r.converged())) {
            s.append(" ~");
        }
        if (report.staleReason(r) != null) {
            s.append(" (stale)");
        }
        return s.toString();
    }

    private static JFreeChart accuracyChart(CompareReport report) {
        List<RunRecord> runs = report.runs();
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        double lo = 1;
        double hi = 0;
        for (RunRecord r : runs) {
            data.addValue(r.testAccuracy(), "test accuracy", label(report, r));
            double[] ci = CompareReport.ci95(r);
            lo = Math.min(lo, ci[0]);
            hi = Math.max(hi, ci[1]);
        }
        // Zoom to the intervals, with a margin; a span under 2 points is widened so the axis does not magnify noise.
        double span = Math.max(0.02, hi - lo);
        double lower = Math.max(0, lo - 0.15 * span);
        double upper = Math.min(1, hi + 0.12 * span);
        if (lower < 0.1 * (upper - lower)) {
            lower = 0; // nearly at 0 anyway: start there
        }

        NumberAxis accAxis = new NumberAxis("test accuracy (bars: value; whiskers: 95% Wilson interval)");
        ChartStyle.axis(accAxis);
        accAxis.setRange(lower, upper);
        int decimals = upper - lower < 0.05 ? 1 : 0;
        accAxis.setNumberFormatOverride(ChartStyle.percent(decimals));
        accAxis.setTickUnit(new NumberTickUnit(niceStep((upper - lower) / 6)));

        WhiskerBars renderer = new WhiskerBars(report);
        CategoryPlot plot = new CategoryPlot(data, runsAxis(), accAxis, renderer);
        plot.setOrientation(PlotOrientation.HORIZONTAL);
        ChartStyle.plot(plot);
        plot.setRangeGridlinePaint(ChartStyle.GRID);
        plot.setRangeGridlineStroke(ChartStyle.THIN);
        plot.setDomainGridlinesVisible(false);
        plot.setRangeAxisLocation(org.jfree.chart.axis.AxisLocation.BOTTOM_OR_LEFT);

        plot.setFixedLegendItems(legend(report));

        String title = "Test accuracy per run, best first";
        JFreeChart chart = new JFreeChart(title, ChartStyle.TITLE, plot, true);
        ChartStyle.apply(chart);
        styleLegend(chart.getLegend());
        String about = (report.group().isEmpty() ? runs.get(0).testRows() + " test rows" : report.group())
                + "; colour: exact McNemar test against the best run on the same rows";
        ChartStyle.subtitle(chart, about, RectangleEdge.TOP);
        if (lower > 0) {
            ChartStyle.subtitle(chart, String.format(Locale.ROOT, "Note: the accuracy axis starts at %s, not at 0, so "
                    + "that differences of a point or two are visible: compare the intervals, not bar lengths.",
                    ChartStyle.percent(decimals).format(lower)), RectangleEdge.BOTTOM);
        }
        if (runs.stream().anyMatch(r -> Boolean.FALSE.equals(r.converged()))) {
            ChartStyle.subtitle(chart, "~ not converged: the solver stopped at its iteration limit; its accuracy may "
                    + "change with a higher max_iter.", RectangleEdge.BOTTOM);
        }
        return chart;
    }

    /** The run labels' axis: no line or ticks, labels on up to two lines. */
    private static CategoryAxis runsAxis() {
        CategoryAxis runsAxis = new CategoryAxis(null);
        ChartStyle.axis(runsAxis);
        runsAxis.setTickLabelFont(ChartStyle.LABEL);
        runsAxis.setMaximumCategoryLabelWidthRatio(0.55f);
        runsAxis.setMaximumCategoryLabelLines(2);
        runsAxis.setCategoryMargin(0.3);
        runsAxis.setLowerMargin(0.02);
        runsAxis.setUpperMargin(0.02);
        runsAxis.setAxisLineVisible(false);
        runsAxis.setTickMarksVisible(false);
        return runsAxis;
    }

    /** One legend item per standing that some run has. */
    private static LegendItemCollection legend(CompareReport report) {
        LegendItemCollection legend = new LegendItemCollection();
        for (Standing s : Standing.values()) {
            if (report.runs().stream().anyMatch(r -> standing(report, r) == s)) {
                LegendItem item = new LegendItem(s.legend, null, null, null, new Rectangle2D.Double(-6, -5, 12, 10), s.colour,
                        ChartStyle.THIN, ChartStyle.MUTED);
                item.setLabelFont(ChartStyle.SUBTITLE);
                item.setLabelPaint(ChartStyle.TEXT);
                legend.add(item);
            }
        }
        return legend;
    }

    private static void styleLegend(LegendTitle lt) {
        lt.setPosition(RectangleEdge.BOTTOM);
        lt.setHorizontalAlignment(HorizontalAlignment.LEFT);
        lt.setFrame(org.jfree.chart.block.BlockBorder.NONE);
        lt.setBackgroundPaint(Color.WHITE);
        lt.setItemFont(ChartStyle.SUBTITLE);
    }

    /** 1, 2 or 5 times a power of ten, at least {@code raw}. */
    static double niceStep(double raw) {
        double pow = Math.pow(10, Math.floor(Math.log10(raw)));
        for (double m : new double[] {1, 2, 2.5, 5, 10}) {
            if (m * pow >= raw) {
                return m * pow;
            }
        }
        return 10 * pow;
    }

    /** Bars coloured by standing, each with its Wilson whisker and its value written beside it. */
    private static final class WhiskerBars extends BarRenderer {
        private final CompareReport report;

        WhiskerBars(CompareReport report) {
            this.report = report;
            setBarPainter(new StandardBarPainter());
            setShadowVisible(false);
            setDrawBarOutline(true);
            setMaximumBarWidth(0.12);
            setItemMargin(0);
        }

        private RunRecord run(int column) {
            return report.runs().get(column);
        }

        @Override
        public Paint getItemPaint(int row, int column) {
            return standing(report, run(column)).colour;
        }

        @Override
        public Paint getItemOutlinePaint(int row, int column) {
            Standing s = standing(report, run(column));
            return s == Standing.UNTESTED ? ChartStyle.MUTED : s.colour;
        }

        @Override
        public void drawItem(Graphics2D g2, CategoryItemRendererState state, Rectangle2D dataArea, CategoryPlot plot,
                CategoryAxis domainAxis, ValueAxis rangeAxis, CategoryDataset dataset, int row, int column, int pass) {
            super.drawItem(g2, state, dataArea, plot, domainAxis, rangeAxis, dataset, row, column, pass);
            RunRecord r = run(column);
            double[] ci = CompareReport.ci95(r);
            RectangleEdge valueEdge = plot.getRangeAxisEdge();
            double y = domainAxis.getCategoryMiddle(column, dataset.getColumnCount(), dataArea, plot.getDomainAxisEdge());
            double x0 = rangeAxis.valueToJava2D(ci[0], dataArea, valueEdge);
            double x1 = rangeAxis.valueToJava2D(ci[1], dataArea, valueEdge);
            double cap = Math.min(5, state.getBarWidth() / 3);
            g2.setPaint(ChartStyle.TEXT);
            g2.setStroke(new BasicStroke(1.3f));
            g2.draw(new Line2D.Double(x0, y, x1, y));
            g2.draw(new Line2D.Double(x0, y - cap, x0, y + cap));
            g2.draw(new Line2D.Double(x1, y - cap, x1, y + cap));

            String text = String.format(Locale.ROOT, "%.2f%%", 100 * r.testAccuracy());
            g2.setFont(ChartStyle.VALUE);
            FontMetrics fm = g2.getFontMetrics();
            double w = fm.stringWidth(text);
            double baseline = y + fm.getAscent() / 2.0 - 1;
            double right = x1 + 5;
            if (right + w <= dataArea.getMaxX()) {
                g2.drawString(text, (float) right, (float) baseline);
            } else {
                // No room right of the whisker: inside the bar, left of the whisker.
                Standing s = standing(report, r);
                g2.setPaint(s == Standing.BEST || s == Standing.TIED ? Color.WHITE : ChartStyle.TEXT);
                g2.drawString(text, (float) (x0 - 5 - w), (float) baseline);
            }
        }
    }

    private static JFreeChart confusionChart(RunRecord best) {
        int[][] m = best.confusionMatrix();
        int k = m.length;
        double[] xs = new double[k * k];
        double[] ys = new double[k * k];
        double[] zs = new double[k * k];
        List<XYTextAnnotation> counts = new ArrayList<>();
        Font cellFont = new Font(Font.SANS_SERIF, Font.PLAIN, k <= 12 ? 12 : 9);
        for (int t = 0; t < k; t++) {
            int rowSum = 0;
            for (int p = 0; p < k; p++) {
                rowSum += m[t][p];
            }
            for (int p = 0; p < k; p++) {
                int i = t * k + p;
                xs[i] = p;
                ys[i] = t;
                zs[i] = rowSum == 0 ? 0 : (double) m[t][p] / rowSum;
                if (k <= 30) {
                    XYTextAnnotation a = new XYTextAnnotation(String.valueOf(m[t][p]), p, t);
                    a.setFont(cellFont);
                    a.setTextAnchor(TextAnchor.CENTER);
                    a.setPaint(zs[i] > 0.5 ? Color.WHITE : ChartStyle.TEXT);
                    counts.add(a);
                }
            }
        }
        DefaultXYZDataset data = new DefaultXYZDataset();
        data.addSeries("confusion", new double[][] {xs, ys, zs});
        String[] names = best.classNames().toArray(String[]::new);
        SymbolAxis predicted = new SymbolAxis("predicted class", names);
        SymbolAxis truth = new SymbolAxis("true class", names);
        for (SymbolAxis a : List.of(predicted, truth)) {
            ChartStyle.axis(a);
            a.setGridBandsVisible(false);
            a.setAxisLineVisible(false);
        }
        int longest = best.classNames().stream().mapToInt(String::length).max().orElse(1);
        predicted.setVerticalTickLabels(longest * 7 > 560 / k);
        truth.setInverted(true); // first class at the top, as matrices are printed
        XYBlockRenderer renderer = new XYBlockRenderer();
        BluesScale scale = new BluesScale();
        renderer.setPaintScale(scale);
        XYPlot plot = new XYPlot(data, predicted, truth, renderer);
        ChartStyle.plot(plot);
        plot.setDomainGridlinesVisible(false);
        plot.setRangeGridlinesVisible(false);
        counts.forEach(plot::addAnnotation);

        JFreeChart chart = new JFreeChart("Confusion matrix of the best run", ChartStyle.TITLE, plot, false);
        ChartStyle.apply(chart);
        ChartStyle.subtitle(chart, best.head() + " " + ParamSummary.of(best.head(), best.params()) + String.format(Locale.ROOT,
                ", test accuracy %.2f%%; cells: test rows, colour: share of the true class's row", 100 * best.testAccuracy()),
                RectangleEdge.TOP);
        NumberAxis shareAxis = new NumberAxis("share of the true class");
        ChartStyle.axis(shareAxis);
        shareAxis.setRange(0, 1);
        shareAxis.setNumberFormatOverride(ChartStyle.percent(0));
        shareAxis.setTickUnit(new NumberTickUnit(0.25));
        PaintScaleLegend legend = new PaintScaleLegend(scale, shareAxis);
        legend.setPosition(RectangleEdge.RIGHT);
        legend.setSubdivisionCount(128);
        legend.setStripWidth(14);
        legend.setAxisOffset(4);
        legend.setStripOutlineVisible(false);
        legend.setBackgroundPaint(Color.WHITE);
        legend.setMargin(new RectangleInsets(40, 12, 60, 4));
        legend.setPadding(new RectangleInsets(0, 0, 0, 4));
        chart.addSubtitle(legend);
        return chart;
    }

    /** matplotlib's "Blues": near white (0) to dark blue (1). */
    private static final class BluesScale implements PaintScale {
        private static final double[] STOPS = {0, 0.25, 0.5, 0.75, 1};
        private static final Color[] COLOURS = {new Color(0xF7FBFF), new Color(0xC6DBEF), new Color(0x6BAED6),
            new Color(0x2171B5), new Color(0x08306B)};

        @Override
        public double getLowerBound() {
            return 0;
        }

        @Override
        public double getUpperBound() {
            return 1;
        }

        @Override
        public Paint getPaint(double value) {
            double v = Math.max(0, Math.min(1, value));
            int i = Math.min(STOPS.length - 2, (int) (v * (STOPS.length - 1)));
            double f = (v - STOPS[i]) / (STOPS[i + 1] - STOPS[i]);
            Color a = COLOURS[i];
            Color b = COLOURS[i + 1];
            return new Color((int) Math.round(a.getRed() + f * (b.getRed() - a.getRed())),
                    (int) Math.round(a.getGreen() + f * (b.getGreen() - a.getGreen())),
                    (int) Math.round(a.getBlue() + f * (b.getBlue() - a.getBlue())));
        }
    }
}
