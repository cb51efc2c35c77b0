package dev.frozen.experiments.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.frozen.experiments.runs.RunRecord;
import dev.frozen.experiments.runs.RunStore;
import dev.frozen.experiments.runs.Runs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CompareReportTest {
    @TempDir
    Path tmp;

    private final CompareReport report = new CompareReport(Runs.three());

    @Test
    void tableGroupsRunsByEntryAndKeepsTheGlobalRank() {
        assertEquals("""
                  #  id               head    params                          tried  train_n  val_acc  test_acc  95% CI       p_vs_best  fit_s
                  entry cifar10-48: block5_pool, 48 px
                * 1  20260102-030406  dense   hidden=1000,500 drop=0.3 ep=10      1       90   0.5000    0.5123  0.150-0.850       best   25.5
                  3  20260102-030405  svm     C=0.01                              1       90   0.4400    0.4500  0.150-0.850        n/a  163.0
                  entry cifar10-64: block5_pool, 48 px
                  2  20260102-030407  logreg  lambda=1                            1       90        -    0.4520  0.150-0.850        n/a   46.0
                * best test accuracy, or tied with it: exact McNemar test against the best run on the same test rows, p >= 0.05 (n/a: a run without saved predictions). 95% CI: Wilson score interval.
                """, report.render(ReportFormat.TABLE));
    }

    @Test
    void narrowTableMovesUniformTrainRowsToTheEntryHeader() {
        assertEquals("""
                  #  id               head    params                          test_acc  95% CI       p_vs_best
                  entry cifar10-48: block5_pool, 48 px, 90 train rows
                * 1  20260102-030406  dense   hidden=1000,500 drop=0.3 ep=10    0.5123  0.150-0.850       best
                  3  20260102-030405  svm     C=0.01                            0.4500  0.150-0.850        n/a
                  entry cifar10-64: block5_pool, 48 px, 90 train rows
                  2  20260102-030407  logreg  lambda=1                          0.4520  0.150-0.850        n/a
                * best test accuracy, or tied with it: exact McNemar test against the best run on the same test
                  rows, p >= 0.05 (n/a: a run without saved predictions). 95% CI: Wilson score interval.
                (left out to fit 100 columns: fit_s, val_acc; --wide shows every column)
                """, dev.frozen.Setting.render(report.render(ReportFormat.TABLE, 100), dev.frozen.Setting.FLAGS));
    }

    @Test
    void markdown() {
        assertEquals("""
                **entry `cifar10-48`**: block5_pool, 48 px

                | best | # | id | head | params | tried | train_n | val_acc | test_acc | 95% CI | p_vs_best | fit_s |
                |---|---:|---|---|---|---:|---:|---:|---:|---|---:|---:|
                | best | 1 | 20260102-030406 | dense | hidden=1000,500 drop=0.3 ep=10 | 1 | 90 | 0.5000 | 0.5123 | 0.150-0.850 | best | 25.5 |
                |  | 3 | 20260102-030405 | svm | C=0.01 | 1 | 90 | 0.4400 | 0.4500 | 0.150-0.850 | n/a | 163.0 |

                **entry `cifar10-64`**: block5_pool, 48 px

                | best | # | id | head | params | tried | train_n | val_acc | test_acc | 95% CI | p_vs_best | fit_s |
                |---|---:|---|---|---|---:|---:|---:|---:|---|---:|---:|
                |  | 2 | 20260102-030407 | logreg | lambda=1 | 1 | 90 | - | 0.4520 | 0.150-0.850 | n/a | 46.0 |

                'best' marks the best test accuracy, or tied with it: exact McNemar test against the best run on the same test rows, p >= 0.05 (n/a: a run without saved predictions). 95% CI: Wilson score interval.
                """, report.render(ReportFormat.MARKDOWN));
    }

    @Test
    void csv() {
        assertEquals("""
                rank,best,run_id,head,params,features_entry,layer,input_size,val_accuracy,test_accuracy,fit_seconds,group,settings_tried,test_accuracy_ci95_low,test_accuracy_ci95_high,p_value_vs_best,tied_with_best,stale,train_rows,converged,pipeline
                1,true,20260102-030406-000-dense-bbbbbb,dense,"hidden=1000,500 drop=0.3 ep=10",cifar10-48,block5_pool,48,0.5000,0.5123,25.500,,1,0.1500,0.8500,,true,false,90,,
                2,false,20260102-030407-000-logreg-cccccc,logreg,lambda=1,cifar10-64,block5_pool,48,,0.4520,46.000,,1,0.1500,0.8500,,false,false,90,,
                3,false,20260102-030405-000-svm-aaaaaa,svm,C=0.01,cifar10-48,block5_pool,48,0.4400,0.4500,163.040,,1,0.1500,0.8500,,false,false,90,,
                """, report.render(ReportFormat.CSV));
    }

    @Test
    void json() throws Exception {
        com.fasterxml.jackson.databind.JsonNode all = dev.frozen.Json.MAPPER.readTree(report.render(ReportFormat.JSON));
        assertEquals(3, all.size());
        com.fasterxml.jackson.databind.JsonNode best = all.get(0);
        assertEquals("20260102-030406-000-dense-bbbbbb", best.get("run_id").asText());
        assertEquals("hidden=1000,500 drop=0.3 ep=10", best.get("params").asText());
        assertEquals(7, best.get("params_full").get("kept_epoch").asInt());
        assertTrue(best.get("p_value_vs_best").isNull());
        assertTrue(best.get("tied_with_best").asBoolean());
        // 2 of 4 rows right: Wilson 95% interval [0.150, 0.850].
        assertEquals(0.15004, best.get("test_accuracy_ci95").get(0).asDouble(), 1e-5);
        assertEquals(0.84996, best.get("test_accuracy_ci95").get(1).asDouble(), 1e-5);
        // Confusion {{2,0},{1,1}}: F1 of class 0 = 4/5, of class 1 = 2/3.
        assertEquals((0.8 + 2.0 / 3) / 2, best.get("macro_f1").asDouble(), 1e-12);
        com.fasterxml.jackson.databind.JsonNode second = all.get(1);
        assertTrue(second.get("val_accuracy").isNull());
        assertTrue(second.get("p_value_vs_best").isNull(), "no saved predictions, so no paired test");
        assertEquals(false, second.get("tied_with_best").asBoolean());
        assertEquals(1, second.get("settings_tried").asInt());
        assertEquals(90, second.get("train_rows").asInt());
        assertTrue(second.get("converged").isNull(), "unknown convergence is null, not absent");
        assertEquals(false, second.get("stale").asBoolean());
    }

    @Test
    void paramSummaries() {
        assertEquals("C=1 rbf gamma=0.001953", ParamSummary.of("svm", Runs.map("C", 1.0, "kernel", "rbf", "gamma", 1.0 / 512)));
        assertEquals("hidden=1000 drop=0 ep=5 lr=0.01 batch=64",
                ParamSummary.of("dense", Runs.map("hidden", List.of(1000), "dropout", 0.0, "lr", 0.01, "epochs", 5, "batch", 64)));
        // Far from 1, values keep an exponent instead of hundreds of digits.
        assertEquals("lambda=1e300", ParamSummary.of("logreg", Runs.map("lambda", 1e300)));
        assertEquals("lambda=2.5e-7", ParamSummary.of("logreg", Runs.map("lambda", 2.5e-7)));
        assertEquals("C=1.235e6", ParamSummary.of("svm", Runs.map("C", 1234567.0)));
        assertEquals("C=100000", ParamSummary.of("svm", Runs.map("C", 1e5)));
        assertEquals("C=0.0001", ParamSummary.of("svm", Runs.map("C", 1e-4)));
    }

    @Test
    void loadsAcrossEntriesWithFiltersAndSkipsBadFiles() throws Exception {
        for (RunRecord r : Runs.three()) {
            RunStore.writeRecord(tmp.resolve(r.featuresEntry()).resolve("runs"), r);
        }
        Files.writeString(tmp.resolve("cifar10-48/runs/broken.json"), "{not json");
        List<String> warnings = new ArrayList<>();
        List<CompareReport> groups = CompareLoader.load(tmp, CompareLoader.Filter.ALL, warnings::add).groups();
        // Without manifests the test sets are unknown, so each entry is its own group, largest first.
        assertEquals(List.of(2, 1), groups.stream().map(g -> g.runs().size()).toList());
        assertEquals(1, warnings.stream().filter(w -> w.contains("broken.json")).count(), warnings.toString());
        assertEquals(2, CompareLoader.load(tmp, new CompareLoader.Filter("cifar10-48", null, null, null), w -> {}).groups()
                .get(0).runs().size());
        List<CompareReport> svm = CompareLoader.load(tmp, new CompareLoader.Filter(null, "svm", null, null), w -> {})
                .groups();
        assertEquals(List.of("svm"), svm.get(0).runs().stream().map(RunRecord::head).toList());
        assertTrue(CompareLoader.load(tmp.resolve("absent"), CompareLoader.Filter.ALL, w -> {}).groups().isEmpty());
    }

    private static RunRecord copy(RunRecord r, String id, long seed, String pipeline) {
        return r.toBuilder().runId(id).seed(seed).fitSeconds(r.fitSeconds() + 1).modelFile(id + ".model")
                .pipeline(pipeline).build();
    }

    @Test
    void identicalRunsAreFoldedToTheNewestAndCounted() {
        RunRecord svm = Runs.three().get(0);
        for (RunRecord r : Runs.three()) {
            RunStore.writeRecord(tmp.resolve(r.featuresEntry()).resolve("runs"), r);
        }
        Path runs = tmp.resolve(svm.featuresEntry()).resolve("runs");
        RunStore.writeRecord(runs, copy(svm, "20260103-000000-000-svm-dddddd", svm.seed(), null));
        RunStore.writeRecord(runs, copy(svm, "20260104-000000-000-svm-eeeeee", svm.seed(), null));
        RunStore.writeRecord(runs, copy(svm, "20260105-000000-000-svm-ffffff", svm.seed() + 1, null)); // another seed
        CompareLoader.Loaded loaded = CompareLoader.load(tmp, CompareLoader.Filter.ALL, w -> {});
        assertEquals(2, loaded.folded());
        List<String> ids = loaded.groups().stream().flatMap(g -> g.runs().stream()).map(RunRecord::runId).sorted().toList();
        assertEquals(List.of("20260102-030406-000-dense-bbbbbb", "20260102-030407-000-logreg-cccccc",
                "20260104-000000-000-svm-eeeeee", "20260105-000000-000-svm-ffffff"), ids);
    }

    @Test
    void pipelineFilterKeepsThatPipelinesRunsAndCountsTheOthers() {
        RunRecord svm = Runs.three().get(0);
        Path runs = tmp.resolve(svm.featuresEntry()).resolve("runs");
        RunStore.writeRecord(runs, copy(svm, "20260103-000000-000-svm-aaaaaa", 1, "smoke"));
        RunStore.writeRecord(runs, copy(svm, "20260103-000000-000-svm-bbbbbb", 2, "article"));
        RunStore.writeRecord(runs, copy(svm, "20260103-000000-000-svm-cccccc", 3, null));
        CompareLoader.Loaded smoke = CompareLoader.load(tmp, new CompareLoader.Filter(null, null, null, "smoke"), w -> {});
        assertEquals(List.of("20260103-000000-000-svm-aaaaaa"),
                smoke.groups().stream().flatMap(g -> g.runs().stream()).map(RunRecord::runId).toList());
        assertEquals(java.util.Map.of("article", 1, "smoke", 1), smoke.pipelines());
        assertTrue(CompareLoader.load(tmp, new CompareLoader.Filter(null, null, null, "nope"), w -> {}).groups().isEmpty());
    }

    @Test
    void plotsTwoFilesInTheFormatOfTheExtension() throws Exception {
        for (String name : List.of("acc.png", "acc.svg", "acc.jpg")) {
            List<Path> files = ComparePlots.write(ReportRuns.cifarLike(), tmp.resolve("plots").resolve(name));
            assertEquals(ComparePlots.confusionPath(tmp.resolve("plots").resolve(name)), files.get(1));
            for (Path f : files) {
                byte[] bytes = Files.readAllBytes(f);
                String head = new String(java.util.Arrays.copyOf(bytes, 5), java.nio.charset.StandardCharsets.ISO_8859_1);
                switch (name.substring(4)) {
                    case "png" -> assertEquals("\u0089PNG", head.substring(0, 4), f.toString());
                    case "jpg" -> assertEquals("\u00ff\u00d8", head.substring(0, 2), f.toString());
                    default -> {
                        String svg = Files.readString(f);
                        assertTrue(svg.startsWith("<?xml") && svg.contains("<svg") && svg.strip().endsWith("</svg>"), f.toString());
                    }
                }
            }
        }
        assertEquals(tmp.resolve("plots/acc-confusion.svg"), ComparePlots.confusionPath(tmp.resolve("plots/acc.svg")));
        // The SVG carries the words a reader needs: values, the note on the zoomed axis, the counts.
        String svg = Files.readString(tmp.resolve("plots/acc.svg"));
        assertTrue(svg.contains("88.03%") && svg.contains("not at 0") && svg.contains("tied with the best"), "accuracy chart text");
        String matrix = Files.readString(tmp.resolve("plots/acc-confusion.svg"));
        assertTrue(matrix.contains(">893<") && matrix.contains("share of the true class"), "confusion chart text");
    }

    @Test
    void otherPlotExtensionsAreRefusedInOneLine() {
        dev.frozen.UsageError e = org.junit.jupiter.api.Assertions.assertThrows(dev.frozen.UsageError.class,
                () -> ComparePlots.write(report, tmp.resolve("acc.gif")));
        assertTrue(e.getMessage().contains(".png, .svg, .jpg or .jpeg") && !e.getMessage().contains("\n"), e.getMessage());
        assertFalse(Files.exists(tmp.resolve("acc.gif")));
    }

    @Test
    void labelsNameHeadAndParamsWithoutEntryHashes() {
        CompareReport cifar = ReportRuns.cifarLike();
        RunRecord best = cifar.best();
        // Two layers in one report: the label says which, not the entry's long name.
        assertEquals("#1 dense hidden=1000 drop=0.5 ep=10 trainable_blocks=1  @ block4_pool", ComparePlots.label(cifar, best));
        RunRecord notConverged = cifar.runs().stream().filter(r -> Boolean.FALSE.equals(r.converged())).findFirst().orElseThrow();
        assertTrue(ComparePlots.label(cifar, notConverged).endsWith(" ~"));
        assertEquals("#1 dense hidden=1000,500 drop=0.3 ep=10  @ cifar10-48", ComparePlots.label(report, report.best()));
    }

    @Test
    void tiesAreColouredApart() {
        CompareReport cifar = ReportRuns.cifarLike();
        List<ComparePlots.Standing> standings = cifar.runs().stream().map(r -> ComparePlots.standing(cifar, r)).toList();
        assertEquals(List.of(ComparePlots.Standing.BEST, ComparePlots.Standing.TIED, ComparePlots.Standing.WORSE,
                ComparePlots.Standing.WORSE, ComparePlots.Standing.WORSE), standings);
        assertEquals(ComparePlots.Standing.UNTESTED, ComparePlots.standing(report, report.runs().get(1)));
    }
}
