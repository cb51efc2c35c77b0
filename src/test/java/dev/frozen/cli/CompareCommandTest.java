package dev.frozen.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.frozen.experiments.runs.RunRecord;
import dev.frozen.experiments.runs.RunStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CompareCommandTest {
    @TempDir
    Path tmp;

    private void writeRuns() {
        for (String[] r : List.of(new String[] {"20260101-000000-000-svm-000001", "svm", "0.4"},
                new String[] {"20260101-000001-000-logreg-000002", "logreg", "0.6"})) {
            Map<String, Object> params = r[1].equals("svm") ? Map.of("C", 1.0, "kernel", "linear") : Map.of("lambda", 1.0);
            RunStore.writeRecord(tmp.resolve("e1/runs"), RunRecord.builder().runId(r[0]).head(r[1]).params(params)
                    .seed(1).valFraction(0).featuresEntry("e1").layer("block5_pool").inputSize(32)
                    .testAccuracy(Double.parseDouble(r[2])).perClassAccuracy(List.of(1.0, 0.0))
                    .confusionMatrix(new int[][] {{1, 0}, {1, 0}}).classNames(List.of("a", "b")).fitSeconds(1.5)
                    .predictSeconds(0.1).trainRows(2).valRows(0).testRows(2).created("2026-01-01T00:00:00Z")
                    .versions(Map.of()).modelFile(r[0] + ".model").build());
        }
    }

    @Test
    void noRunsExitsWithOneAndSaysWhatToDo() {
        CliRun r = CliRun.of("compare", "--features-dir", tmp.toString());
        assertEquals(1, r.code());
        assertTrue(r.err().contains("no runs found") && r.err().contains("frozen fit"), r.err());
    }

    @Test
    void printsRankedTableAndFiltersByHead() {
        writeRuns();
        CliRun r = CliRun.of("compare", "--features-dir", tmp.toString(), "--width", "100");
        assertEquals(0, r.code(), r.err());
        assertEquals("""
                  #  id               head    params    val_acc  test_acc  95% CI       p_vs_best  fit_s
                  entry e1: block5_pool, 32 px, 2 train rows
                * 1  20260101-000001  logreg  lambda=1        -    0.6000  0.095-0.905       best    1.5
                  2  20260101-000000  svm     C=1             -    0.4000  0.095-0.905        n/a    1.5
                * best test accuracy, or tied with it: exact McNemar test against the best run on the same test
                  rows, p >= 0.05 (n/a: a run without saved predictions). 95% CI: Wilson score interval.
                """, r.out());
        CliRun csv = CliRun.of("compare", "--features-dir", tmp.toString(), "--head", "svm", "--format", "csv");
        assertEquals(2, csv.out().lines().count(), csv.out());
        CliRun wide = CliRun.of("compare", "--features-dir", tmp.toString(), "--wide");
        assertTrue(wide.out().lines().findFirst().orElseThrow().contains("tried  train_n"), wide.out());
    }

    @Test
    void widthComesFromColumnsOrIsOneHundred() {
        assertEquals(100, CompareCommand.widthFrom(null));
        assertEquals(100, CompareCommand.widthFrom("wide"));
        assertEquals(100, CompareCommand.widthFrom("0"));
        assertEquals(173, CompareCommand.widthFrom("173"));
        writeRuns();
        CliRun narrow = CliRun.of("compare", "--features-dir", tmp.toString(), "--width", "70");
        assertEquals(0, narrow.code(), narrow.err());
        assertTrue(narrow.out().lines().allMatch(l -> l.length() <= 70), narrow.out());
        // Narrower than 70 columns is laid out at 70, the least that holds rank, id, head, params and accuracy.
        CliRun tiny = CliRun.of("compare", "--features-dir", tmp.toString(), "--width", "30");
        assertTrue(tiny.out().lines().allMatch(l -> l.length() <= 70), tiny.out());
        assertEquals(2, CliRun.of("compare", "--features-dir", tmp.toString(), "--width", "0").code());
    }

    @Test
    void aPlotWithAnotherExtensionIsRefusedBeforeAnythingIsRead() {
        CliRun r = CliRun.of("compare", "--features-dir", tmp.resolve("absent").toString(), "--plot", "x.gif");
        assertEquals(2, r.code(), r.toString());
        assertTrue(r.cleanError() && r.err().contains(".png, .svg, .jpg or .jpeg") && r.err().lines().count() == 1, r.err());
    }

    @Test
    void badFormatIsUsageAndPlotWritesFiles() {
        writeRuns();
        assertEquals(2, CliRun.of("compare", "--features-dir", tmp.toString(), "--format", "xml").code());
        assertEquals(2, CliRun.of("compare", "--features-dir", tmp.toString(), "--head", "tree").code());
        Path png = tmp.resolve("out/acc.png");
        CliRun r = CliRun.of("compare", "--features-dir", tmp.toString(), "--plot", png.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(Files.isRegularFile(png) && Files.isRegularFile(tmp.resolve("out/acc-confusion.png")));
        CliRun svg = CliRun.of("compare", "--features-dir", tmp.toString(), "--plot", tmp.resolve("out/acc.svg").toString());
        assertEquals(0, svg.code(), svg.err());
        assertTrue(Files.isRegularFile(tmp.resolve("out/acc.svg")) && Files.isRegularFile(tmp.resolve("out/acc-confusion.svg")));
    }
}
