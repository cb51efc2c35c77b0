package dev.frozen.experiments.fit;

import dev.frozen.features.FeatureSet;

/**
 * The validation split of an augmented training set: drawn from the original rows alone (stratified and seeded as
 * {@link StratifiedSplit} draws it), then each augmented copy follows its original. So validation holds originals
 * only, and no copy of a validation image is ever trained on. {@code originalOf[r]} is the original row of row
 * {@code r} (itself for an original); null means no augmentation.
 */
public final class AugmentedSplit {
    private AugmentedSplit() {}

    /** Row indices of the two parts, each in row order. */
    public record Rows(int[] train, int[] val) {}

    public static Rows rows(FeatureSet all, int[] originalOf, double fraction, long seed) {
        int n = all.size();
        int originals = 0;
        int[] indexAmongOriginals = new int[n];
        for (int r = 0; r < n; r++) {
            indexAmongOriginals[r] = originalOf[r] == r ? originals++ : -1;
        }
        float[][] x = new float[originals][];
        int[] y = new int[originals];
        for (int r = 0; r < n; r++) {
            if (indexAmongOriginals[r] >= 0) {
                x[indexAmongOriginals[r]] = all.features()[r];
                y[indexAmongOriginals[r]] = all.labels()[r];
            }
        }
        boolean[] valOriginal = fraction == 0 ? new boolean[originals]
                : StratifiedSplit.valRows(new FeatureSet(x, y, all.classNames()), fraction, seed);
        int[] train = java.util.stream.IntStream.range(0, n)
                .filter(r -> !valOriginal[indexAmongOriginals[originalOf[r]]]).toArray();
        int[] val = java.util.stream.IntStream.range(0, n)
                .filter(r -> originalOf[r] == r && valOriginal[indexAmongOriginals[r]]).toArray();
        return new Rows(train, val);
    }

    /** The parts as {@link StratifiedSplit#split} returns them; plain stratified when {@code originalOf} is null. */
    public static StratifiedSplit.Parts split(FeatureSet all, int[] originalOf, double fraction, long seed) {
        if (originalOf == null) {
            return StratifiedSplit.split(all, fraction, seed);
        }
        if (!(fraction >= 0 && fraction < 1)) {
            throw new dev.frozen.InvalidOption("val_fraction", " must be in [0, 1) (got " + fraction + ")");
        }
        Rows rows = rows(all, originalOf, fraction, seed);
        return new StratifiedSplit.Parts(all.rows(rows.train()), fraction == 0 ? null : all.rows(rows.val()));
    }
}
