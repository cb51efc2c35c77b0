package dev.frozen.experiments.report;

import dev.frozen.experiments.runs.RunRecord;
import dev.frozen.experiments.runs.Runs;
import dev.frozen.experiments.runs.TestPredictions;
import java.util.List;
import java.util.Map;

/** A fixed comparison with saved predictions for the report tests, so expected outputs are stable. */
final class ReportRuns {
    private ReportRuns() {}

    /**
     * A CIFAR-sized comparison (10,000 test rows) with saved predictions: runs one to three points apart, some tied
     * with the best by McNemar and some not, on two entries; one logreg run did not converge. Deterministic.
     */
    static CompareReport cifarLike() {
        int n = 10_000;
        java.util.Random rnd = new java.util.Random(7);
        int[] truth = new int[n];
        double[] shared = new double[n];
        for (int i = 0; i < n; i++) {
            truth[i] = i % 10;
            shared[i] = rnd.nextDouble();
        }
        Object[][] specs = {
            {"20261201-100000-000-dense-aaaaaa", "dense", Runs.map("hidden", List.of(1000), "dropout", 0.3, "lr", 0.001, "epochs", 10, "batch", 256, "trainable_blocks", 0), "block5_pool", 0.877, 50000, Boolean.TRUE},
            {"20261201-100100-000-logreg-bbbbbb", "logreg", Runs.map("lambda", 1.0, "tol", 1e-4, "max_iter", 100), "block5_pool", 0.871, 45000, Boolean.FALSE},
            {"20261201-100200-000-svm-cccccc", "svm", Runs.map("C", 0.01, "kernel", "linear"), "block5_pool", 0.861, 45000, Boolean.TRUE},
            {"20261201-100300-000-dense-dddddd", "dense", Runs.map("hidden", List.of(1000), "dropout", 0.5, "lr", 0.001, "epochs", 10, "batch", 256, "trainable_blocks", 1), "block4_pool", 0.884, 50000, null},
            {"20261201-100400-000-logreg-eeeeee", "logreg", Runs.map("lambda", 1e300, "tol", 1e-4, "max_iter", 100), "block5_pool", 0.842, 45000, Boolean.TRUE},
        };
        List<RunRecord> records = new java.util.ArrayList<>();
        Map<String, TestPredictions> preds = new java.util.HashMap<>();
        for (Object[] sp : specs) {
            double target = (double) sp[4];
            int[] predicted = new int[n];
            int correct = 0;
            int[][] confusion = new int[10][10];
            for (int i = 0; i < n; i++) {
                // Mostly shared difficulty (a mixture of uniforms stays uniform), some own noise: runs agree on most rows, as real heads do.
                double u = rnd.nextDouble() < 0.85 ? shared[i] : rnd.nextDouble();
                boolean right = u < target;
                int wrong = truth[i] == 3 ? 5 : truth[i] == 5 ? 3 : (truth[i] + 1 + rnd.nextInt(9)) % 10;
                predicted[i] = right ? truth[i] : wrong;
                correct += right ? 1 : 0;
                confusion[truth[i]][predicted[i]]++;
            }
            String id = (String) sp[0];
            String layer = (String) sp[3];
            String entry = "cifar10-vgg16-" + layer + "-224px-imagenet-3f2a9c1d" + (layer.equals("block4_pool") ? "-k1" : "");
            List<Double> perClass = new java.util.ArrayList<>();
            for (int c = 0; c < 10; c++) {
                perClass.add(confusion[c][c] / 1000.0);
            }
            records.add(RunRecord.builder().runId(id).head((String) sp[1]).params((Map<String, Object>) sp[2]).seed(42)
                    .valFraction(0.1).featuresEntry(entry).layer(layer).inputSize(224)
                    .valAccuracy(correct / (double) n + 0.004).testAccuracy(correct / (double) n)
                    .perClassAccuracy(perClass).confusionMatrix(confusion).classNames(Runs.CIFAR).fitSeconds(120.5)
                    .predictSeconds(2.0).trainRows((int) sp[5]).valRows(5000).testRows(n)
                    .created("2026-12-01T10:00:00Z").versions(Map.of()).modelFile(id + ".model")
                    .converged((Boolean) sp[6]).pipeline("article").build());
            preds.put(id, new TestPredictions(truth, predicted, false, null));
        }
        return new CompareReport(records, Map.of(), preds, "cifar10 test split (3f2a9c1d, 10000 rows)", null);
    }
}
