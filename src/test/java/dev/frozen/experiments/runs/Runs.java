package dev.frozen.experiments.runs;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Fixed run records for the run store, report and pipeline tests, so expected outputs are stable. */
public final class Runs {
    private Runs() {}

    public static RunRecord of(String id, String head, Map<String, Object> params, String entry, Double val, double test, double fit) {
        return RunRecord.builder().runId(id).head(head).params(params).seed(42).valFraction(val == null ? 0 : 0.1)
                .featuresEntry(entry).layer("block5_pool").inputSize(48).valAccuracy(val).testAccuracy(test)
                .perClassAccuracy(List.of(1.0, 0.5)).confusionMatrix(new int[][] {{2, 0}, {1, 1}})
                .classNames(List.of("cat", "dog")).fitSeconds(fit).predictSeconds(0.25).trainRows(90)
                .valRows(val == null ? 0 : 10).testRows(4).created("2026-01-02T03:04:05Z")
                .versions(Map.of("frozen", "0.1.0")).modelFile(id + ".model").build();
    }

    public static Map<String, Object> map(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    public static List<RunRecord> three() {
        return List.of(
                of("20260102-030405-000-svm-aaaaaa", "svm", map("C", 0.01, "kernel", "linear", "tol", 1e-4, "max_iter", 1000),
                        "cifar10-48", 0.44, 0.45, 163.04),
                of("20260102-030406-000-dense-bbbbbb", "dense",
                        map("hidden", List.of(1000, 500), "dropout", 0.3, "lr", 0.001, "epochs", 10, "batch", 256, "kept_epoch", 7),
                        "cifar10-48", 0.5, 0.5123, 25.5),
                of("20260102-030407-000-logreg-cccccc", "logreg", map("lambda", 1.0, "tol", 1e-4, "max_iter", 100),
                        "cifar10-64", null, 0.452, 46));
    }

    public static final List<String> CIFAR = List.of("airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse",
            "ship", "truck");

    /** Dense runs of a freeze sweep, K = 0..3, each on the layer below its trainable blocks, 10,000 test rows. */
    public static List<RunRecord> sweep() {
        double[] acc = {0.8712, 0.8934, 0.9011, 0.8987};
        double[] seconds = {42.0, 610.0, 1350.0, 2400.0};
        List<RunRecord> out = new java.util.ArrayList<>();
        for (int k = 0; k < 4; k++) {
            String layer = "block" + (5 - k) + "_pool";
            String id = "20261201-11000" + k + "-000-dense-00000" + k;
            out.add(RunRecord.builder().runId(id).head("dense")
                    .params(map("hidden", List.of(256), "dropout", 0.5, "lr", 0.001, "epochs", 5, "batch", 64,
                            "trainable_blocks", k, "kept_epoch", 4))
                    .seed(42).valFraction(0.1).featuresEntry("cifar10-" + layer).layer(layer).inputSize(32)
                    .valAccuracy(0.9).testAccuracy(acc[k]).perClassAccuracy(List.of())
                    .confusionMatrix(new int[][] {{1}}).classNames(List.of("a")).fitSeconds(seconds[k])
                    .predictSeconds(1.0).trainRows(45000).valRows(5000).testRows(10_000).created("2026-12-01T11:00:00Z")
                    .versions(Map.of()).modelFile(id + ".model").build());
        }
        return out;
    }
}
