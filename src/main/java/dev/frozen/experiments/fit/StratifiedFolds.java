package dev.frozen.experiments.fit;

import dev.frozen.Setting;
import dev.frozen.UsageError;
import dev.frozen.features.FeatureSet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * K stratified folds of a training split for cross-validation: each class's rows are shuffled with the seed and
 * dealt round-robin to the folds, so every fold holds about 1/K of every class. The same seed gives the same folds.
 */
final class StratifiedFolds {
    private StratifiedFolds() {}

    /** Row indices of each fold, ascending; a {@link UsageError} when a class has fewer than K rows. */
    static int[][] assign(FeatureSet rows, int k, long seed) {
        int classes = rows.numClasses();
        List<List<Integer>> byClass = new ArrayList<>();
        for (int c = 0; c < classes; c++) {
            byClass.add(new ArrayList<>());
        }
        for (int i = 0; i < rows.size(); i++) {
            byClass.get(rows.labels()[i]).add(i);
        }
        int smallest = Integer.MAX_VALUE;
        String smallestName = "";
        for (int c = 0; c < classes; c++) {
            if (!byClass.get(c).isEmpty() && byClass.get(c).size() < smallest) {
                smallest = byClass.get(c).size();
                smallestName = rows.classNames().get(c);
            }
        }
        if (k > smallest) {
            throw new UsageError(Setting.key("cv") + " " + k + ": expected at most as many folds as the smallest class has training rows; "
                    + "class '" + smallestName + "' has " + smallest);
        }
        List<List<Integer>> folds = new ArrayList<>();
        for (int f = 0; f < k; f++) {
            folds.add(new ArrayList<>());
        }
        Random random = new Random(seed);
        int next = 0;
        for (List<Integer> members : byClass) {
            java.util.Collections.shuffle(members, random);
            for (int i : members) {
                folds.get(next).add(i);
                next = (next + 1) % k; // continue across classes so fold sizes differ by at most one
            }
        }
        int[][] out = new int[k][];
        for (int f = 0; f < k; f++) {
            out[f] = folds.get(f).stream().mapToInt(Integer::intValue).sorted().toArray();
        }
        return out;
    }

    /** Every row of {@code all} except those at the given ascending indices. */
    static FeatureSet without(FeatureSet all, int[] fold) {
        int[] rest = new int[all.size() - fold.length];
        for (int i = 0, j = 0; i < all.size(); i++) {
            if (Arrays.binarySearch(fold, i) < 0) {
                rest[j++] = i;
            }
        }
        return all.rows(rest);
    }
}
