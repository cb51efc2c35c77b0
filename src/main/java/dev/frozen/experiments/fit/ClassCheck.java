package dev.frozen.experiments.fit;

import dev.frozen.DataError;
import dev.frozen.features.FeatureSet;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * The class rules every head needs, checked once before any head trains: the training split has rows of at least
 * two classes (one class makes every head answer 1.0 without learning anything), and every class in the test split
 * has training rows (a head cannot predict a class it never saw, so its accuracy would be silently capped).
 */
public final class ClassCheck {
    private ClassCheck() {}

    /** Throws a one-line DataError naming {@code where} (e.g. the feature entry) when a rule is broken. */
    public static void require(FeatureSet train, FeatureSet test, String where) {
        int[] trainCounts = counts(train, "train", where);
        int[] testCounts = counts(test, "test", where);
        List<String> present = new ArrayList<>();
        for (int c = 0; c < trainCounts.length; c++) {
            if (trainCounts[c] > 0) {
                present.add(name(train, c));
            }
        }
        if (present.size() < 2) {
            throw new DataError("expected training rows of at least 2 classes in " + where + ", found "
                    + (present.isEmpty() ? "none" : "only class '" + present.get(0) + "' (" + train.size() + " rows)")
                    + "; a classifier needs two or more classes");
        }
        TreeMap<String, Integer> unseen = new TreeMap<>();
        for (int c = 0; c < testCounts.length; c++) {
            if (testCounts[c] > 0 && (c >= trainCounts.length || trainCounts[c] == 0)) {
                unseen.put(name(test, c), testCounts[c]);
            }
        }
        if (!unseen.isEmpty()) {
            throw new DataError("expected every test class to have training rows in " + where + ", found test rows of "
                    + unseen.size() + " class" + (unseen.size() == 1 ? "" : "es") + " with none in train: " + unseen);
        }
    }

    private static int[] counts(FeatureSet set, String split, String where) {
        int[] counts = new int[set.numClasses()];
        for (int y : set.labels()) {
            if (y < 0 || y >= counts.length) {
                throw new DataError("expected " + split + " labels 0.." + (counts.length - 1) + " in " + where + ", found " + y);
            }
            counts[y]++;
        }
        return counts;
    }

    private static String name(FeatureSet set, int c) {
        return c < set.classNames().size() ? set.classNames().get(c) : Integer.toString(c);
    }
}
