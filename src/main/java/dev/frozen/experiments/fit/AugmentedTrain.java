package dev.frozen.experiments.fit;

import dev.frozen.Setting;
import dev.frozen.UsageError;
import dev.frozen.data.Split;
import dev.frozen.features.Augment;
import dev.frozen.features.FeatureEntry;
import dev.frozen.features.FeatureSet;

/**
 * The training rows a fit uses from an entry: with {@code fit --augment}, the originals and their augmented copies
 * ({@code originalOf} gives each row's original); without it, the originals alone, so an augmented entry trains
 * exactly as its plain sibling would. {@code augment} is the kind recorded in the run (null: none used).
 */
record AugmentedTrain(FeatureSet rows, int[] originalOf, String augment) {
    static AugmentedTrain of(FeatureEntry entry, boolean useCopies) {
        Augment kind = Augment.of(entry.manifest());
        if (useCopies && kind == Augment.NONE) {
            throw new UsageError(Setting.key("augment") + " trains on augmented copies, but entry " + entry.name() + " has none; "
                    + "extract it with 'frozen extract " + Setting.flag("augment") + " hflip' first");
        }
        FeatureSet all = entry.load(Split.TRAIN);
        if (kind == Augment.NONE) {
            return new AugmentedTrain(all, null, null);
        }
        int[] originalOf = kind.originals(all.size());
        if (useCopies) {
            return new AugmentedTrain(all, originalOf, kind.id());
        }
        int[] originals = java.util.stream.IntStream.range(0, all.size()).filter(r -> originalOf[r] == r).toArray();
        return new AugmentedTrain(all.rows(originals), null, null);
    }
}
