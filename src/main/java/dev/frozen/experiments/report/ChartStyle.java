package dev.frozen.experiments.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.Locale;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.Axis;
import org.jfree.chart.plot.Plot;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.HorizontalAlignment;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.RectangleInsets;

/**
 * The one look of every chart: white background, no plot border, light grid lines, dark grey text in a sans-serif
 * font, and colours from the palette most readers know from matplotlib ("tab10").
 */
final class ChartStyle {
    private ChartStyle() {}

    static final Color TEXT = new Color(0x26, 0x26, 0x26);
    static final Color MUTED = new Color(0x59, 0x59, 0x59);
    static final Color GRID = new Color(0xDD, 0xDD, 0xDD);
    /** tab:blue, for the runs tied with the best. */
    static final Color BLUE = new Color(0x1F, 0x77, 0xB4);
    /** tab:orange, for the best run itself. */
    static final Color ORANGE = new Color(0xFF, 0x7F, 0x0E);
    /** A light grey for runs significantly worse than the best. */
    static final Color GREY = new Color(0xB0, 0xB0, 0xB0);

    static final Font TITLE = new Font(Font.SANS_SERIF, Font.BOLD, 15);
    static final Font SUBTITLE = new Font(Font.SANS_SERIF, Font.PLAIN, 11);
    static final Font LABEL = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
    static final Font TICK = new Font(Font.SANS_SERIF, Font.PLAIN, 11);
    static final Font VALUE = new Font(Font.SANS_SERIF, Font.PLAIN, 10);

    static final BasicStroke THIN = new BasicStroke(1.0f);

    /** White theme on the chart and its plot; the title left-aligned as a figure caption. */
    static void apply(JFreeChart chart) {
        chart.setBackgroundPaint(Color.WHITE);
        chart.setAntiAlias(true);
        chart.setTextAntiAlias(true);
        chart.setPadding(new RectangleInsets(8, 8, 8, 16));
        if (chart.getTitle() != null) {
            chart.getTitle().setFont(TITLE);
            chart.getTitle().setPaint(TEXT);
            chart.getTitle().setHorizontalAlignment(HorizontalAlignment.LEFT);
            chart.getTitle().setPadding(new RectangleInsets(2, 4, 2, 4));
        }
        plot(chart.getPlot());
    }

    static void plot(Plot plot) {
        plot.setBackgroundPaint(Color.WHITE);
        plot.setOutlineVisible(false);
        plot.setInsets(new RectangleInsets(4, 4, 4, 4));
    }

    static void axis(Axis axis) {
        axis.setLabelFont(LABEL);
        axis.setLabelPaint(TEXT);
        axis.setTickLabelFont(TICK);
        axis.setTickLabelPaint(TEXT);
        axis.setAxisLinePaint(MUTED);
        axis.setTickMarkPaint(MUTED);
    }

    /** A line of small grey text under the title (or at the bottom), left-aligned. */
    static void subtitle(JFreeChart chart, String text, RectangleEdge edge) {
        TextTitle t = new TextTitle(text, SUBTITLE);
        t.setPaint(MUTED);
        t.setPosition(edge);
        t.setHorizontalAlignment(HorizontalAlignment.LEFT);
        t.setPadding(new RectangleInsets(2, 4, 4, 4));
        chart.addSubtitle(t);
    }

    /** Percent with as many decimals as the axis needs, e.g. 87% or 87.5%. */
    static DecimalFormat percent(int decimals) {
        DecimalFormat f = new DecimalFormat(decimals == 0 ? "0%" : "0." + "0".repeat(decimals) + "%",
                DecimalFormatSymbols.getInstance(Locale.ROOT));
        return f;
    }
}
