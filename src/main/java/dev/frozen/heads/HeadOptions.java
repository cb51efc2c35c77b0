package dev.frozen.heads;

import java.util.Map;

/**
 * The hyperparameters of one head kind. Implementations are records that reject invalid values in their
 * constructor with a {@code UsageError}, so a constructed instance is always trainable.
 */
public sealed interface HeadOptions permits SvmOptions, LogRegOptions, DenseOptions {
    HeadKind kind();

    /** The hyperparameters as recorded in run records and model files, in a stable order. */
    Map<String, Object> params();

    /** How much looser than the user's tolerance the solver may stop when a fit only ranks a setting in a search. */
    double SELECTION_TOL_FACTOR = 10;

    /**
     * The setting as a search fits it only to score it on the validation split or CV folds, when the chosen setting
     * is refitted afterwards with its own options: for solvers with a stopping tolerance, the same setting with a
     * {@link #SELECTION_TOL_FACTOR}-fold looser one (the ranking needs no more; the refit keeps the user's). Others
     * return themselves.
     */
    default HeadOptions forSelection() {
        return this;
    }
}
