package dev.frozen.experiments;

import dev.frozen.DataError;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.labels.StandardXYItemLabelGenerator;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * The freeze-sweep section of a pipeline report: for dense heads fitted with different numbers of trainable
 * blocks K, a table and a PNG (test accuracy against K, and against training time). It applies only when the
 * dense runs cover at least two values of K.
 */
final class FreezeSweepReport {
    private FreezeSweepReport() {}

    /** One dense run of the sweep. */
    record Point(int k, String layer, double testAccuracy, Double valAccuracy, Object keptEpoch, double fitSeconds,
            String runId) {}

    static List<Point> points(List<RunRecord> runs) {
        return runs.stream().filter(r -> r.head().equals("dense"))
                .map(r -> new Point(k(r), r.layer(), r.testAccuracy(), r.valAccuracy(), r.params().get("kept_epoch"),
                        r.fitSeconds(), r.runId()))
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

    /** Two charts side by side: test accuracy against K, and against fit seconds (points labelled K). */
    static void plot(List<RunRecord> runs, Path png) {
        System.setProperty("java.awt.headless", "true");
        List<Point> points = points(runs);
        XYSeries byK = new XYSeries("test accuracy", false, true);
        XYSeries byTime = new XYSeries("test accuracy", false, true);
        for (Point p : points) {
            byK.add(p.k(), p.testAccuracy());
            byTime.add(p.fitSeconds(), p.testAccuracy());
        }
        JFreeChart left = ChartFactory.createXYLineChart("Test accuracy against trainable blocks", "trainable blocks K",
                "test accuracy", new XYSeriesCollection(byK), PlotOrientation.VERTICAL, false, false, false);
        ((NumberAxis) left.getXYPlot().getDomainAxis()).setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        JFreeChart right = ChartFactory.createScatterPlot("Test accuracy against training time", "fit seconds",
                "test accuracy", new XYSeriesCollection(byTime), PlotOrientation.VERTICAL, false, false, false);
        XYPlot rp = right.getXYPlot();
        XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(false, true);
        r.setDefaultItemLabelGenerator(new StandardXYItemLabelGenerator() {
            @Override
            public String generateLabel(org.jfree.data.xy.XYDataset d, int series, int item) {
                return "K=" + points.get(item).k();
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
