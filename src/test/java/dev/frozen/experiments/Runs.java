package dev.frozen.experiments;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Fixed run records for report tests, so expected outputs are stable. */
final class Runs {
    private Runs() {}

    static RunRecord of(String id, String head, Map<String, Object> params, String entry, Double val, double test, double fit) {
        return new RunRecord(id, head, params, 42, val == null ? 0 : 0.1, entry, "block5_pool", 48, val, test,
                List.of(1.0, 0.5), new int[][] {{2, 0}, {1, 1}}, List.of("cat", "dog"), fit, 0.25, 90, val == null ? 0 : 10, 4,
                "2026-01-02T03:04:05Z", Map.of("frozen", "0.1.0"), id + ".model");
    }

    static Map<String, Object> map(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    static List<RunRecord> three() {
        return List.of(
                of("20260102-030405-000-svm-aaaaaa", "svm", map("C", 0.01, "kernel", "linear", "tol", 1e-4, "max_iter", 1000),
                        "cifar10-48", 0.44, 0.45, 163.04),
                of("20260102-030406-000-dense-bbbbbb", "dense",
                        map("hidden", List.of(1000, 500), "dropout", 0.3, "lr", 0.001, "epochs", 10, "batch", 256, "kept_epoch", 7),
                        "cifar10-48", 0.5, 0.5123, 25.5),
                of("20260102-030407-000-logreg-cccccc", "logreg", map("lambda", 1.0, "tol", 1e-4, "max_iter", 100),
                        "cifar10-64", null, 0.452, 46));
    }
}
