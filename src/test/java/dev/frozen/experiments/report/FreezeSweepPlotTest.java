package dev.frozen.experiments.report;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.frozen.experiments.runs.Runs;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The freeze-sweep chart: points with Wilson whiskers and K labels, in PNG or SVG. */
class FreezeSweepPlotTest {
    @TempDir
    Path tmp;

    @Test
    void drawsEveryKWithItsLabelInSvgAndPng() throws Exception {
        Path svg = tmp.resolve("sweep.svg");
        FreezeSweepReport.plot(Runs.sweep(), svg);
        String text = Files.readString(svg);
        for (int k = 0; k < 4; k++) {
            assertTrue(text.contains(">K=" + k + "<"), "K=" + k + " label");
        }
        assertTrue(text.contains("fit seconds (log scale)"), "times spanning more than 20x get a log axis");
        Path png = tmp.resolve("sweep.png");
        FreezeSweepReport.plot(Runs.sweep().subList(0, 2), png);
        assertTrue(Files.size(png) > 5000);
    }
}
