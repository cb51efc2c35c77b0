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
}
