package dev.frozen.heads;

import dev.frozen.DataError;
import dev.frozen.features.FeatureSet;
import java.io.PrintStream;
import java.nio.file.Path;

/** Entry points for training any head kind and for loading a saved head folder. */
public final class Heads {
    private Heads() {}

    /**
     * Trains a head on {@code train}; {@code val} (may be null) is used only by heads that select among
     * epochs. The standardizer is fitted on {@code train} alone. Progress and warnings go to {@code log}.
     */
    public static Head train(HeadOptions options, FeatureSet train, FeatureSet val, long seed, PrintStream log) {
        return train(options, train, val, seed, null, log);
    }

    /**
     * The same, knowing which cached layer the rows are ({@code source}, may be null): a dense head with
     * trainable convolution blocks needs it to rebuild those blocks from the extraction weights.
     */
    public static Head train(HeadOptions options, FeatureSet train, FeatureSet val, long seed, CachedLayer source,
            PrintStream log) {
        return train(options, train, val, seed, source, log, null);
    }

    /**
     * The same, starting from {@code warm}'s solution where the solver allows it: a head fitted on the same rows with
     * a neighbouring setting (logreg's L-BFGS; the linear SVM's primal solver). The optimum is the same; only the
     * path to it is shorter, which is what makes a search along a C or lambda path cheap.
     */
    public static Head train(HeadOptions options, FeatureSet train, FeatureSet val, long seed, CachedLayer source,
            PrintStream log, Head warm) {
        return train(options, SharedRows.of(train), val, seed, source, log, warm);
    }

    /**
     * The same on rows whose standardisation and solver input are shared between calls: a search passes one
     * {@link SharedRows} to every setting it fits on the same rows, so those are built once, not per setting.
     */
    public static Head train(HeadOptions options, SharedRows shared, FeatureSet val, long seed, CachedLayer source,
            PrintStream log, Head warm) {
        FeatureSet train = shared.rows();
        requireAllClasses(train);
        if (val != null && val.size() > 0 && val.dim() != train.dim()) {
            throw new DataError("validation rows have " + val.dim() + " features but training rows have " + train.dim());
        }
        return options.kind().train(options, shared, val, seed, source, log, warm);
    }

    /**
     * Saves {@code head} into {@code dir} and records in its {@code head.json} what it was fitted on, e.g.
     * {@code entry}, {@code manifest_sha256}, {@code features_sha256}, so a saved model describes itself.
     */
    public static void save(Head head, Path dir, java.util.Map<String, String> source) {
        head.save(dir);
        HeadFile.writeSource(dir, source);
    }

    /** What a saved head says it was fitted on; empty for heads saved before this was recorded. */
    public static java.util.Map<String, String> source(Path dir) {
        java.util.Map<String, String> s = HeadFile.read(dir).source();
        return s == null ? java.util.Map.of() : s;
    }

    /** Loads a folder written by {@link Head#save(Path)}. */
    public static Head load(Path dir) {
        HeadFile file = HeadFile.read(dir);
        return HeadKinds.parse(file.kind()).load(dir, file);
    }

    private static void requireAllClasses(FeatureSet train) {
        if (train.size() == 0) {
            throw new DataError("the training split is empty");
        }
        boolean[] seen = new boolean[train.numClasses()];
        for (int y : train.labels()) {
            if (y < 0 || y >= seen.length) {
                throw new DataError("label " + y + " is outside the " + seen.length + " class names");
            }
            seen[y] = true;
        }
        for (int c = 0; c < seen.length; c++) {
            if (!seen[c]) {
                throw new DataError("class '" + train.classNames().get(c) + "' has no training rows; every class needs some");
            }
        }
    }
}
