package dev.frozen.heads;

import dev.frozen.features.FeatureSet;
import java.io.PrintStream;

/** The {@code knn} kind: exact k-nearest neighbours over the training rows. */
final class KnnKind extends HeadKind {
    static final KnnKind KIND = new KnnKind();

    private KnnKind() {
        super("knn", KnnOptions.DECLARED, KnnOptions::new, KnnHead::load);
    }

    @Override
    Head train(HeadOptions o, SharedRows train, FeatureSet val, long seed, CachedLayer source, PrintStream log, Head warm) {
        return KnnHead.train((KnnOptions) o, train);
    }
}
