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
                  #  head    params                          entry       layer        input  val_acc  test_acc  fit_s
                * 1  dense   hidden=1000,500 drop=0.3 ep=10  cifar10-48  block5_pool     48   0.5000    0.5123   25.5
                  2  logreg  lambda=1                        cifar10-64  block5_pool     48        -    0.4520   46.0
                  3  svm     C=0.01                          cifar10-48  block5_pool     48   0.4400    0.4500  163.0
                * best test accuracy
                """, report.render(ReportFormat.TABLE));
    }

    @Test
    void markdown() {
        assertEquals("""
                | best | # | head | params | entry | layer | input | val_acc | test_acc | fit_s |
                |---|---:|---|---|---|---|---:|---:|---:|---:|
                | best | 1 | dense | hidden=1000,500 drop=0.3 ep=10 | cifar10-48 | block5_pool | 48 | 0.5000 | 0.5123 | 25.5 |
                |  | 2 | logreg | lambda=1 | cifar10-64 | block5_pool | 48 | - | 0.4520 | 46.0 |
                |  | 3 | svm | C=0.01 | cifar10-48 | block5_pool | 48 | 0.4400 | 0.4500 | 163.0 |
                """, report.render(ReportFormat.MARKDOWN));
    }

    @Test
    void csv() {
        assertEquals("""
                rank,best,run_id,head,params,features_entry,layer,input_size,val_accuracy,test_accuracy,fit_seconds
                1,true,20260102-030406-000-dense-bbbbbb,dense,"hidden=1000,500 drop=0.3 ep=10",cifar10-48,block5_pool,48,0.5000,0.5123,25.500
                2,false,20260102-030407-000-logreg-cccccc,logreg,lambda=1,cifar10-64,block5_pool,48,,0.4520,46.000
                3,false,20260102-030405-000-svm-aaaaaa,svm,C=0.01,cifar10-48,block5_pool,48,0.4400,0.4500,163.040
                """, report.render(ReportFormat.CSV));
    }

    @Test
    void json() {
        String json = report.render(ReportFormat.JSON);
        assertEquals("""
                [ {
                  "rank" : 1,
                  "best" : true,
                  "run_id" : "20260102-030406-000-dense-bbbbbb",
                  "head" : "dense",
                  "params" : "hidden=1000,500 drop=0.3 ep=10",
                  "params_full" : {
                    "hidden" : [ 1000, 500 ],
                    "dropout" : 0.3,
                    "lr" : 0.001,
                    "epochs" : 10,
                    "batch" : 256,
                    "kept_epoch" : 7
                  },
                  "features_entry" : "cifar10-48",
                  "layer" : "block5_pool",
                  "input_size" : 48,
                  "val_accuracy" : 0.5,
                  "test_accuracy" : 0.5123,
                  "fit_seconds" : 25.5
                }, {
                  "rank" : 2,
                  "best" : false,
                  "run_id" : "20260102-030407-000-logreg-cccccc",
                  "head" : "logreg",
                  "params" : "lambda=1",
                  "params_full" : {
                    "lambda" : 1.0,
                    "tol" : 1.0E-4,
                    "max_iter" : 100
                  },
                  "features_entry" : "cifar10-64",
                  "layer" : "block5_pool",
                  "input_size" : 48,
                  "val_accuracy" : null,
                  "test_accuracy" : 0.452,
                  "fit_seconds" : 46.0
                }, {
                  "rank" : 3,
                  "best" : false,
                  "run_id" : "20260102-030405-000-svm-aaaaaa",
                  "head" : "svm",
                  "params" : "C=0.01",
                  "params_full" : {
                    "C" : 0.01,
                    "kernel" : "linear",
                    "tol" : 1.0E-4,
                    "max_iter" : 1000
                  },
                  "features_entry" : "cifar10-48",
                  "layer" : "block5_pool",
                  "input_size" : 48,
                  "val_accuracy" : 0.44,
                  "test_accuracy" : 0.45,
                  "fit_seconds" : 163.04
                } ]
                """, json);
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
        assertEquals(3, CompareReport.load(tmp, null, null, warnings::add).runs().size());
        assertEquals(1, warnings.size());
        assertEquals(2, CompareReport.load(tmp, "cifar10-48", null, w -> {}).runs().size());
        CompareReport svm = CompareReport.load(tmp, null, "svm", w -> {});
        assertEquals(List.of("svm"), svm.runs().stream().map(RunRecord::head).toList());
        assertTrue(CompareReport.load(tmp.resolve("absent"), null, null, w -> {}).isEmpty());
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
