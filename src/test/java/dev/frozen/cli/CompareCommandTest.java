package dev.frozen.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.frozen.experiments.RunRecord;
import dev.frozen.experiments.RunStore;
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
            RunStore.writeRecord(tmp.resolve("e1/runs"), new RunRecord(r[0], r[1], params, 1, 0, "e1", "block5_pool", 32,
                    null, Double.parseDouble(r[2]), List.of(1.0, 0.0), new int[][] {{1, 0}, {1, 0}}, List.of("a", "b"),
                    1.5, 0.1, 2, 0, 2, "2026-01-01T00:00:00Z", Map.of(), r[0] + ".model"));
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
        CliRun r = CliRun.of("compare", "--features-dir", tmp.toString());
        assertEquals(0, r.code(), r.err());
        assertEquals("""
                  #  id               head    params    tried  entry  layer        input  val_acc  test_acc  95% CI       p_vs_best  fit_s
                * 1  20260101-000001  logreg  lambda=1      1  e1     block5_pool     32        -    0.6000  0.095-0.905       best    1.5
                  2  20260101-000000  svm     C=1           1  e1     block5_pool     32        -    0.4000  0.095-0.905        n/a    1.5
                * best test accuracy, or tied with it: exact McNemar test on the same test rows, p >= 0.05 (n/a: a run without saved predictions); 95% CI: Wilson score interval
                """, r.out());
        CliRun csv = CliRun.of("compare", "--features-dir", tmp.toString(), "--head", "svm", "--format", "csv");
        assertEquals(2, csv.out().lines().count(), csv.out());
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
    }
}
