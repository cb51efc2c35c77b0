package dev.frozen.heads;

import java.util.Map;

/**
 * The hyperparameters of one head kind. Implementations are records that reject invalid values in their
 * constructor with a {@code UsageError}, so a constructed instance is always trainable.
 */
public sealed interface HeadOptions permits SvmOptions, LogRegOptions, DenseOptions, KnnOptions {
    HeadKind kind();

    /** The hyperparameters as recorded in run records and model files, in a stable order. */
    Map<String, Object> params();

    /** How much looser than the user's tolerance the solver may stop when a fit only ranks a setting in a search. */
    double SELECTION_TOL_FACTOR = 10;

    /**
     * The setting as a search fits it only to score it on the validation split or CV folds, when the chosen setting
     * is refitted afterwards with its own options: for the linear SVM, the same setting with a
     * {@link #SELECTION_TOL_FACTOR}-fold looser tolerance (the ranking needs no more; the refit keeps the user's).
     * Others return themselves. Logistic regression keeps its tolerance: on the 50k x 512 bench a tenfold looser one
     * moved the chosen setting's validation accuracy (by one row in 5000) and saved little, its search already
     * being cheap.
     */
    default HeadOptions forSelection() {
        return this;
    }
}
