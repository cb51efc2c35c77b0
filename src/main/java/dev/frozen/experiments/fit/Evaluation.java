package dev.frozen.experiments.fit;

import java.util.ArrayList;
import java.util.List;

/**
 * Test-set quality of predictions: overall accuracy, per-class accuracy (recall; null for a class with no
 * rows) and the confusion matrix, where {@code confusion[t][p]} counts rows of true class t predicted as p.
 */
public record Evaluation(double accuracy, List<Double> perClassAccuracy, int[][] confusion, List<String> classNames) {
    public Evaluation {
        perClassAccuracy = java.util.Collections.unmodifiableList(new ArrayList<>(perClassAccuracy));
        classNames = List.copyOf(classNames);
    }

    public static Evaluation of(int[] truth, int[] predicted, List<String> classNames) {
        if (truth.length != predicted.length) {
            throw new IllegalArgumentException(truth.length + " labels but " + predicted.length + " predictions");
        }
        int k = classNames.size();
        int[][] confusion = new int[k][k];
        int correct = 0;
        for (int i = 0; i < truth.length; i++) {
            confusion[truth[i]][predicted[i]]++;
            if (truth[i] == predicted[i]) {
                correct++;
            }
        }
        List<Double> perClass = new ArrayList<>();
        for (int t = 0; t < k; t++) {
            int rows = 0;
            for (int p = 0; p < k; p++) {
                rows += confusion[t][p];
            }
            perClass.add(rows == 0 ? null : (double) confusion[t][t] / rows);
        }
        double accuracy = truth.length == 0 ? 0 : (double) correct / truth.length;
        return new Evaluation(accuracy, perClass, confusion, classNames);
    }

    /** Fraction of rows predicted correctly, or 0 for no rows. */
    public static double accuracy(int[] truth, int[] predicted) {
        int correct = 0;
        for (int i = 0; i < truth.length; i++) {
            if (truth[i] == predicted[i]) {
                correct++;
            }
        }
        return truth.length == 0 ? 0 : (double) correct / truth.length;
    }
}
