package dev.frozen.features;

import java.util.List;

/**
 * One split of cached features in memory: row i has {@code features[i]} (all the same length) and class
 * index {@code labels[i]} into {@code classNames}.
 */
public record FeatureSet(float[][] features, int[] labels, List<String> classNames) {
    public FeatureSet {
        if (features.length != labels.length) {
            throw new IllegalArgumentException(features.length + " feature rows but " + labels.length + " labels");
        }
        classNames = List.copyOf(classNames);
    }

    public int size() {
        return labels.length;
    }

    public int dim() {
        return features.length == 0 ? 0 : features[0].length;
    }

    public int numClasses() {
        return classNames.size();
    }

    /** The given rows, in that order (the row arrays are shared, not copied). */
    public FeatureSet rows(int[] rows) {
        float[][] x = new float[rows.length][];
        int[] y = new int[rows.length];
        for (int i = 0; i < rows.length; i++) {
            x[i] = features[rows[i]];
            y[i] = labels[rows[i]];
        }
        return new FeatureSet(x, y, classNames);
    }
}
