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
}
