package dev.frozen.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
    void table() {
        assertEquals("""
                  #  id               head    params                          tried  entry       layer        input  val_acc  test_acc  95% CI       p_vs_best  fit_s
                * 1  20260102-030406  dense   hidden=1000,500 drop=0.3 ep=10      1  cifar10-48  block5_pool     48   0.5000    0.5123  0.150-0.850       best   25.5
                  2  20260102-030407  logreg  lambda=1                            1  cifar10-64  block5_pool     48        -    0.4520  0.150-0.850        n/a   46.0
                  3  20260102-030405  svm     C=0.01                              1  cifar10-48  block5_pool     48   0.4400    0.4500  0.150-0.850        n/a  163.0
                * best test accuracy, or tied with it: exact McNemar test on the same test rows, p >= 0.05 (n/a: a run without saved predictions); 95% CI: Wilson score interval
                """, report.render(ReportFormat.TABLE));
    }

    @Test
    void markdown() {
        assertEquals("""
                | best | # | id | head | params | tried | entry | layer | input | val_acc | test_acc | 95% CI | p_vs_best | fit_s |
                |---|---:|---|---|---|---:|---|---|---:|---:|---:|---|---:|---:|
                | best | 1 | 20260102-030406 | dense | hidden=1000,500 drop=0.3 ep=10 | 1 | cifar10-48 | block5_pool | 48 | 0.5000 | 0.5123 | 0.150-0.850 | best | 25.5 |
                |  | 2 | 20260102-030407 | logreg | lambda=1 | 1 | cifar10-64 | block5_pool | 48 | - | 0.4520 | 0.150-0.850 | n/a | 46.0 |
                |  | 3 | 20260102-030405 | svm | C=0.01 | 1 | cifar10-48 | block5_pool | 48 | 0.4400 | 0.4500 | 0.150-0.850 | n/a | 163.0 |

                'best' marks the best test accuracy, or tied with it: exact McNemar test on the same test rows, p >= 0.05 (n/a: a run without saved predictions); 95% CI: Wilson score interval
                """, report.render(ReportFormat.MARKDOWN));
    }

    @Test
    void csv() {
        assertEquals("""
                rank,best,run_id,head,params,features_entry,layer,input_size,val_accuracy,test_accuracy,fit_seconds,group,settings_tried,test_accuracy_ci95_low,test_accuracy_ci95_high,p_value_vs_best,tied_with_best
                1,true,20260102-030406-000-dense-bbbbbb,dense,"hidden=1000,500 drop=0.3 ep=10",cifar10-48,block5_pool,48,0.5000,0.5123,25.500,,1,0.1500,0.8500,,true
                2,false,20260102-030407-000-logreg-cccccc,logreg,lambda=1,cifar10-64,block5_pool,48,,0.4520,46.000,,1,0.1500,0.8500,,false
                3,false,20260102-030405-000-svm-aaaaaa,svm,C=0.01,cifar10-48,block5_pool,48,0.4400,0.4500,163.040,,1,0.1500,0.8500,,false
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
    }

    @Test
    void paramSummaries() {
        assertEquals("C=1 rbf gamma=0.001953", ParamSummary.of("svm", Runs.map("C", 1.0, "kernel", "rbf", "gamma", 1.0 / 512)));
        assertEquals("hidden=1000 drop=0 ep=5 lr=0.01 batch=64",
                ParamSummary.of("dense", Runs.map("hidden", List.of(1000), "dropout", 0.0, "lr", 0.01, "epochs", 5, "batch", 64)));
    }

    @Test
    void loadsAcrossEntriesWithFiltersAndSkipsBadFiles() throws Exception {
        for (RunRecord r : Runs.three()) {
            RunStore.writeRecord(tmp.resolve(r.featuresEntry()).resolve("runs"), r);
        }
        Files.writeString(tmp.resolve("cifar10-48/runs/broken.json"), "{not json");
        List<String> warnings = new ArrayList<>();
        List<CompareReport> groups = CompareReport.loadGroups(tmp, null, null, null, warnings::add);
        // Without manifests the test sets are unknown, so each entry is its own group, largest first.
        assertEquals(List.of(2, 1), groups.stream().map(g -> g.runs().size()).toList());
        assertEquals(1, warnings.stream().filter(w -> w.contains("broken.json")).count(), warnings.toString());
        assertEquals(2, CompareReport.loadGroups(tmp, "cifar10-48", null, null, w -> {}).get(0).runs().size());
        List<CompareReport> svm = CompareReport.loadGroups(tmp, null, "svm", null, w -> {});
        assertEquals(List.of("svm"), svm.get(0).runs().stream().map(RunRecord::head).toList());
        assertTrue(CompareReport.loadGroups(tmp.resolve("absent"), null, null, null, w -> {}).isEmpty());
    }

    @Test
    void plotsTwoPngFiles() throws Exception {
        List<Path> files = ComparePlots.write(report, tmp.resolve("plots/acc.png"));
        assertEquals(tmp.resolve("plots/acc-confusion.png"), files.get(1));
        for (Path f : files) {
            byte[] head = java.util.Arrays.copyOf(Files.readAllBytes(f), 4);
            assertEquals("\u0089PNG", new String(head, java.nio.charset.StandardCharsets.ISO_8859_1));
        }
    }
}
