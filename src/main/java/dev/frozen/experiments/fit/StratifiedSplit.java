package dev.frozen.experiments.fit;

import dev.frozen.features.FeatureSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Carves a seeded, stratified validation set out of a training set: about {@code fraction} of each class, at
 * least one row from every class that has two or more. Fraction 0 keeps everything for training (no val set).
 */
public final class StratifiedSplit {
    private StratifiedSplit() {}

    /** The two parts; {@code val} is null when the fraction is 0. Rows keep their original relative order. */
    public record Parts(FeatureSet train, FeatureSet val) {}

    public static Parts split(FeatureSet all, double fraction, long seed) {
        if (!(fraction >= 0 && fraction < 1)) {
            throw new dev.frozen.InvalidOption("val_fraction", " must be in [0, 1) (got " + fraction + ")");
        }
        if (fraction == 0) {
            return new Parts(all, null);
        }
        boolean[] isVal = valRows(all, fraction, seed);
        return new Parts(subset(all, isVal, false), subset(all, isVal, true));
    }

    /** Which rows {@link #split} holds out for validation (fraction in (0, 1)). */
    static boolean[] valRows(FeatureSet all, double fraction, long seed) {
        int k = Math.max(all.numClasses(), max(all.labels()) + 1);
        List<List<Integer>> byClass = new ArrayList<>();
        for (int c = 0; c < k; c++) {
            byClass.add(new ArrayList<>());
        }
        for (int i = 0; i < all.size(); i++) {
            byClass.get(all.labels()[i]).add(i);
        }
        boolean[] isVal = new boolean[all.size()];
        Random rnd = new Random(seed);
        for (List<Integer> rows : byClass) {
            int take = (int) Math.round(rows.size() * fraction);
            if (take == 0 && rows.size() >= 2) {
                take = 1;
            }
            take = Math.min(take, rows.size() - 1);
            // Partial Fisher-Yates: the first `take` slots become a uniform sample of the class.
            for (int t = 0; t < take; t++) {
                int j = t + rnd.nextInt(rows.size() - t);
                Integer swap = rows.get(t);
                rows.set(t, rows.get(j));
                rows.set(j, swap);
                isVal[rows.get(t)] = true;
            }
        }
        return isVal;
    }

    private static FeatureSet subset(FeatureSet all, boolean[] isVal, boolean wantVal) {
        return all.rows(java.util.stream.IntStream.range(0, isVal.length).filter(i -> isVal[i] == wantVal).toArray());
    }

    private static int max(int[] v) {
        int m = -1;
        for (int x : v) {
            m = Math.max(m, x);
        }
        return m;
    }
}
