package dev.frozen.experiments;

import dev.frozen.DataError;
import java.awt.Color;
import java.awt.Font;
import java.awt.Paint;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryLabelPositions;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.SymbolAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.PaintScale;
import org.jfree.chart.renderer.xy.XYBlockRenderer;
import org.jfree.chart.title.PaintScaleLegend;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.xy.DefaultXYZDataset;

/**
 * Draws a compare report as two PNG (or, for a .jpg/.jpeg name, JPEG) files: {@code FILE.png}, a bar chart of test accuracy per run (best first),
 * and {@code FILE-confusion.png}, the best run's confusion matrix as a heatmap of row-normalised counts
 * (each true class's row sums to 1). Runs headless.
 */
public final class ComparePlots {
    private ComparePlots() {}

    /** Writes both files and returns their paths: the bar chart, then the confusion heatmap. */
    public static List<Path> write(CompareReport report, Path png) {
        boolean jpeg = isJpeg(png);
        if (report.isEmpty()) {
            throw new DataError("no runs to plot");
        }
        System.setProperty("java.awt.headless", "true");
        Path confusion = confusionPath(png);
        try {
            Path parent = png.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            if (jpeg) {
                ChartUtils.saveChartAsJPEG(png.toFile(), 0.92f, accuracyChart(report), 1000, 600);
                ChartUtils.saveChartAsJPEG(confusion.toFile(), 0.92f, confusionChart(report.best()), 800, 700);
            } else {
                ChartUtils.saveChartAsPNG(png.toFile(), accuracyChart(report), 1000, 600);
                ChartUtils.saveChartAsPNG(confusion.toFile(), confusionChart(report.best()), 800, 700);
            }
        } catch (IOException e) {
            throw new DataError("cannot write plot " + png + ": " + dev.frozen.Plain.describe(e), e);
        }
        return List.of(png, confusion);
    }

    /**
     * True for .jpg/.jpeg, false for .png; any other name is a UsageError, so that the bytes written always match
     * the extension asked for.
     */
    public static boolean isJpeg(Path file) {
        String name = file.getFileName() == null ? "" : file.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
        if (name.endsWith(".png")) {
            return false;
        }
        if (name.endsWith(".jpg") || name.endsWith(".jpeg")) {
            return true;
        }
        throw new dev.frozen.UsageError("expected --plot FILE.png, FILE.jpg or FILE.jpeg, found '" + file
                + "'; the image format follows the extension");
    }

    /** {@code plots/acc.png} becomes {@code plots/acc-confusion.png} (and .jpg stays .jpg). */
    public static Path confusionPath(Path png) {
        String name = png.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String stem = dot > 0 ? name.substring(0, dot) : name;
        String ext = dot > 0 ? name.substring(dot) : ".png";
        return png.resolveSibling(stem + "-confusion" + ext);
    }

    private static JFreeChart accuracyChart(CompareReport report) {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        List<RunRecord> runs = report.runs();
        for (int i = 0; i < runs.size(); i++) {
            RunRecord r = runs.get(i);
            String label = (i + 1) + ". " + r.head() + " " + ParamSummary.of(r.head(), r.params()) + " [" + r.featuresEntry() + "]";
            data.addValue(r.testAccuracy(), "test accuracy", label);
        }
        JFreeChart chart = ChartFactory.createBarChart("Test accuracy per run (best first)", "run", "test accuracy",
                data, PlotOrientation.VERTICAL, false, false, false);
        CategoryPlot plot = chart.getCategoryPlot();
        plot.getDomainAxis().setCategoryLabelPositions(CategoryLabelPositions.UP_45);
        plot.getDomainAxis().setTickLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 10));
        ((NumberAxis) plot.getRangeAxis()).setRange(0, 1);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        return chart;
    }

    private static JFreeChart confusionChart(RunRecord best) {
        int[][] m = best.confusionMatrix();
        int k = m.length;
        double[] xs = new double[k * k];
        double[] ys = new double[k * k];
        double[] zs = new double[k * k];
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
            }
        }
        DefaultXYZDataset data = new DefaultXYZDataset();
        data.addSeries("confusion", new double[][] {xs, ys, zs});
        String[] names = best.classNames().toArray(String[]::new);
        SymbolAxis predicted = new SymbolAxis("predicted class", names);
        predicted.setVerticalTickLabels(true);
        SymbolAxis truth = new SymbolAxis("true class", names);
        truth.setInverted(true); // first class at the top, as matrices are printed
        XYBlockRenderer renderer = new XYBlockRenderer();
        BluePaintScale scale = new BluePaintScale();
        renderer.setPaintScale(scale);
        XYPlot plot = new XYPlot(data, predicted, truth, renderer);
        plot.setBackgroundPaint(Color.WHITE);
        JFreeChart chart = new JFreeChart("Confusion matrix of the best run: " + best.head() + " "
                + ParamSummary.of(best.head(), best.params()), JFreeChart.DEFAULT_TITLE_FONT, plot, false);
        PaintScaleLegend legend = new PaintScaleLegend(scale, new NumberAxis("fraction of true class"));
        legend.setPosition(RectangleEdge.RIGHT);
        chart.addSubtitle(legend);
        return chart;
    }

    /** White (0) to dark blue (1). */
    private static final class BluePaintScale implements PaintScale {
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
            return new Color((int) (255 - 230 * v), (int) (255 - 200 * v), (int) (255 - 90 * v));
        }
    }
}
