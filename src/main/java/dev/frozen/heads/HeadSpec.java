package dev.frozen.heads;

import java.util.Objects;

/**
 * Everything needed to fit one head on one feature entry: the head's hyperparameters, the fraction of the
 * training split held out (stratified) for validation, and the seed. The one seed drives the validation split
 * and the head's own randomness, so the same spec on the same features gives the same model.
 */
public record HeadSpec(HeadOptions options, double valFraction, long seed) {
    public static final double DEFAULT_VAL_FRACTION = 0.1;
    public static final long DEFAULT_SEED = 42;

    public HeadSpec {
        Objects.requireNonNull(options, "options");
        Check.fraction("--val-fraction", valFraction);
    }

    public static HeadSpec of(HeadOptions options) {
        return new HeadSpec(options, DEFAULT_VAL_FRACTION, DEFAULT_SEED);
    }

    public HeadKind kind() {
        return options.kind();
    }
}
