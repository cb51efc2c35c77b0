package dev.frozen.experiments.runs;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Fixed run records for the run store, report and pipeline tests, so expected outputs are stable. */
public final class Runs {
    private Runs() {}

    public static RunRecord of(String id, String head, Map<String, Object> params, String entry, Double val, double test, double fit) {
        return new RunRecord(id, head, params, 42, val == null ? 0 : 0.1, entry, "block5_pool", 48, val, test,
                List.of(1.0, 0.5), new int[][] {{2, 0}, {1, 1}}, List.of("cat", "dog"), fit, 0.25, 90, val == null ? 0 : 10, 4,
                "2026-01-02T03:04:05Z", Map.of("frozen", "0.1.0"), id + ".model");
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
            out.add(new RunRecord(id, "dense", map("hidden", List.of(256), "dropout", 0.5, "lr", 0.001, "epochs", 5,
                    "batch", 64, "trainable_blocks", k, "kept_epoch", 4), 42, 0.1, "cifar10-" + layer, layer, 32, 0.9,
                    acc[k], List.of(), new int[][] {{1}}, List.of("a"), seconds[k], 1.0, 45000, 5000, 10_000,
                    "2026-12-01T11:00:00Z", Map.of(), id + ".model"));
        }
        return out;
    }
}
