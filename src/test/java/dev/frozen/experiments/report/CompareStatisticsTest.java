package dev.frozen.experiments.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.frozen.Json;
import dev.frozen.cli.CliRun;
import dev.frozen.experiments.fit.Evaluation;
import dev.frozen.experiments.runs.RunRecord;
import dev.frozen.experiments.runs.Runs;
import dev.frozen.experiments.runs.TestPredictions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Intervals, paired tests and ties in the comparison; one test set per table. */
class CompareStatisticsTest {
    @TempDir
    Path tmp;

    private static RunRecord run(String id, int[] truth, int[] predicted) {
        Evaluation e = Evaluation.of(truth, predicted, List.of("a", "b"));
        return RunRecord.builder().runId(id).head("logreg").params(Runs.map("lambda", 1.0)).seed(1).valFraction(0.1)
                .featuresEntry("e").layer("block5_pool").inputSize(48).testAccuracy(e.accuracy())
                .perClassAccuracy(e.perClassAccuracy()).confusionMatrix(e.confusion()).classNames(e.classNames())
                .fitSeconds(1).predictSeconds(0.1).trainRows(100).valRows(0).testRows(truth.length)
                .created("2026-01-01T00:00:00Z").versions(Map.of()).modelFile(id + ".model").build();
    }

    /** A copy of {@code base} with {@code flips} rows changed from right to wrong (or the other way). */
    private static int[] flip(int[] truth, int[] base, int flips, boolean makeWrong, long seed) {
        int[] out = base.clone();
        Random r = new Random(seed);
        int done = 0;
        while (done < flips) {
            int i = r.nextInt(out.length);
            if ((out[i] == truth[i]) == makeWrong) {
                out[i] = makeWrong ? 1 - truth[i] : truth[i];
                done++;
            }
        }
        return out;
    }

    @Test
    void noiseSizedDifferencesAreTiedAndClearLossesAreNot() {
        int n = 2000;
        Random r = new Random(5);
        int[] truth = new int[n];
        int[] best = new int[n];
        for (int i = 0; i < n; i++) {
            truth[i] = r.nextInt(2);
            best[i] = r.nextDouble() < 0.70 ? truth[i] : 1 - truth[i];
        }
        // Disagrees with the best on 108 rows, both ways: net 12 rows (0.6 points) worse, well inside the noise.
        int[] close = flip(truth, flip(truth, best, 60, true, 1), 48, false, 3);
        int[] worse = flip(truth, best, 200, true, 2); // 10 points worse
        Map<String, TestPredictions> preds = new HashMap<>();
        List<RunRecord> runs = new ArrayList<>();
        for (Object[] o : new Object[][] {{"run-best", best}, {"run-close", close}, {"run-worse", worse}}) {
            int[] p = (int[]) o[1];
            runs.add(run((String) o[0], truth, p));
            preds.put((String) o[0], new TestPredictions(truth, p, false, null));
        }
        CompareReport report = new CompareReport(runs, Map.of(), preds, "g", null);
        RunRecord b = report.runs().get(0);
        assertEquals("run-best", b.runId());
        assertNull(report.pValueVsBest(b));
        assertTrue(report.tiedWithBest(b));
        RunRecord c = report.runs().get(1);
        assertTrue(report.pValueVsBest(c) >= 0.05, "p " + report.pValueVsBest(c));
        assertTrue(report.tiedWithBest(c));
        RunRecord w = report.runs().get(2);
        assertTrue(report.pValueVsBest(w) < 1e-6, "p " + report.pValueVsBest(w));
        assertFalse(report.tiedWithBest(w));
        for (RunRecord x : report.runs()) {
            double[] ci = CompareReport.ci95(x);
            assertTrue(ci[0] <= x.testAccuracy() && x.testAccuracy() <= ci[1]);
        }
        String table = report.render(ReportFormat.TABLE);
        assertEquals(2, table.lines().filter(l -> l.startsWith("* ") && !l.startsWith("* best test")).count(), table);
    }

    @Test
    void shortIdsAreUniquePrefixesOfOneLength() {
        Map<String, String> ids = CompareReport.shortIds(List.of("20260101-aaa", "20260101-abb", "20270101-x"));
        assertEquals("20260101-aa", ids.get("20260101-aaa"));
        assertEquals("20260101-ab", ids.get("20260101-abb"));
        assertEquals("20270101-x", ids.get("20270101-x")); // as long as the others, or whole
    }

    private Path pipeline(String name, int seed) throws Exception {
        Path f = tmp.resolve(name + ".yaml");
        Files.writeString(f, String.join("\n",
                "name: " + name,
                "dataset:",
                "  kind: folder",
                "  generate: {classes: 3, train_per_class: 12, test_per_class: 6, size: 32, seed: " + seed + "}",
                "backbone: {weights: 'random:1', layer: block5_pool, input_size: 32}",
                "heads:",
                "  - head: logreg",
                "  - head: svm",
                "    C: [0.01, 1]",
                "val_fraction: 0.2",
                ""));
        return f;
    }

    @Test
    void runsOnDifferentDatasetsAreNeverRankedTogether() throws Exception {
        Path features = tmp.resolve("features");
        for (Object[] p : new Object[][] {{"one", 1}, {"two", 2}}) {
            CliRun run = CliRun.in(tmp.resolve("home"), "run", pipeline((String) p[0], (Integer) p[1]).toString(), "--features-dir", features.toString());
            assertEquals(0, run.code(), run.toString());
        }
        CliRun json = CliRun.in(tmp.resolve("home"), "compare", "--features-dir", features.toString(), "--format", "json");
        assertEquals(0, json.code(), json.toString());
        JsonNode all = Json.MAPPER.readTree(json.out());
        assertEquals(4, all.size());
        Map<String, Set<String>> entriesByGroup = new HashMap<>();
        Set<String> ids = new HashSet<>();
        for (JsonNode r : all) {
            for (String field : List.of("run_id", "head", "params", "test_accuracy", "test_accuracy_ci95",
                    "p_value_vs_best", "tied_with_best", "group")) {
                assertTrue(r.has(field), field + " missing in " + r);
            }
            double acc = r.get("test_accuracy").asDouble();
            assertTrue(r.get("test_accuracy_ci95").get(0).asDouble() <= acc && acc <= r.get("test_accuracy_ci95").get(1).asDouble());
            entriesByGroup.computeIfAbsent(r.get("group").asText(), g -> new HashSet<>()).add(r.get("features_entry").asText());
            ids.add(r.get("run_id").asText());
            if (r.get("head").asText().equals("svm")) {
                assertEquals(2, r.get("settings_tried").asInt(), "the YAML list C: [0.01, 1] is a search");
            }
        }
        assertEquals(2, entriesByGroup.size(), entriesByGroup.toString());
        for (Set<String> entries : entriesByGroup.values()) {
            assertEquals(1, entries.size(), "a group mixes entries of different datasets: " + entries);
        }
        CliRun table = CliRun.in(tmp.resolve("home"), "compare", "--features-dir", features.toString());
        assertEquals(2, table.out().lines().filter(l -> l.startsWith("test set: ")).count(), table.out());
        CliRun one = CliRun.in(tmp.resolve("home"), "compare", "--features-dir", features.toString(), "--dataset", "synthetic-3c-12-6-32px-seed2");
        assertEquals(0, one.code(), one.toString());
        assertFalse(one.out().contains("test set: "), one.out());

        // A wrong dataset name lists the datasets that have runs.
        CliRun wrong = CliRun.in(tmp.resolve("home"), "compare", "--features-dir", features.toString(), "--dataset", "cifar");
        assertEquals(1, wrong.code(), wrong.toString());
        assertTrue(wrong.cleanError() && wrong.err().contains("no runs on dataset 'cifar'")
                && wrong.err().contains("synthetic-3c-12-6-32px-seed1 (2 runs)")
                && wrong.err().contains("synthetic-3c-12-6-32px-seed2 (2 runs)"), wrong.err());

        // Running a pipeline again records the same fits again: compare folds them and says so.
        CliRun again = CliRun.in(tmp.resolve("home"), "run", pipeline("one", 1).toString(), "--features-dir", features.toString());
        assertEquals(0, again.code(), again.toString());
        CliRun folded = CliRun.in(tmp.resolve("home"), "compare", "--features-dir", features.toString(), "--format", "csv");
        assertEquals(1 + 4, folded.out().strip().lines().count(), folded.out());
        assertTrue(folded.err().contains("2 duplicate runs folded"), folded.err());

        // --pipeline selects one pipeline's runs; an unknown name lists the pipelines.
        CliRun onlyTwo = CliRun.in(tmp.resolve("home"), "compare", "--features-dir", features.toString(), "--pipeline", "two",
                "--format", "csv");
        assertEquals(0, onlyTwo.code(), onlyTwo.toString());
        assertEquals(1 + 2, onlyTwo.out().strip().lines().count(), onlyTwo.out());
        assertTrue(onlyTwo.out().lines().skip(1).allMatch(l -> l.endsWith(",two")), onlyTwo.out());
        CliRun noSuch = CliRun.in(tmp.resolve("home"), "compare", "--features-dir", features.toString(), "--pipeline", "three");
        assertEquals(1, noSuch.code(), noSuch.toString());
        assertTrue(noSuch.err().contains("pipelines with runs: one (4 runs), two (2 runs)"), noSuch.err());
    }
}
