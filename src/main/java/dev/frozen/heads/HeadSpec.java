package dev.frozen.heads;

import dev.frozen.InvalidOption;
import dev.frozen.UsageError;
import java.util.List;
import java.util.Objects;

/**
 * Everything needed to fit one head on one feature entry: the grid of hyperparameter settings to try (one setting
 * for a plain fit), the fraction of the training split held out (stratified) for validation, the seed, and how a
 * grid is searched ({@code cvFolds} 0 = on the validation split, K >= 2 = K-fold CV; {@code refit} on all training
 * rows afterwards). The one seed drives the split, the folds and the head's own randomness, so the same spec on the
 * same features gives the same model. All settings are of one head kind. {@code seeds} N > 1 trains one setting N
 * times, with seeds {@code seed .. seed+N-1} for the head's own randomness (the validation split stays the base seed's).
 * {@code augment} trains on an augmented entry's copies too (every copy is a training row, for every head kind).
 */
public record HeadSpec(List<HeadOptions> grid, double valFraction, long seed, int cvFolds, boolean refit, int seeds,
        boolean augment) {
    public static final double DEFAULT_VAL_FRACTION = 0.1;
    public static final long DEFAULT_SEED = 42;

    public HeadSpec {
        Objects.requireNonNull(grid, "grid");
        if (grid.isEmpty()) {
            throw new UsageError("no hyperparameter settings to try");
        }
        grid = List.copyOf(grid);
        for (HeadOptions o : grid) {
            if (o.kind() != grid.get(0).kind()) {
                throw new IllegalArgumentException("a grid mixes " + o.kind() + " with " + grid.get(0).kind());
            }
        }
        Check.fraction("val_fraction", valFraction);
        if (cvFolds == 1 || cvFolds < 0) {
            throw new InvalidOption("cv", ": expected at least 2 folds, found " + cvFolds);
        }
        if (cvFolds > 0 && !refit) {
            throw new InvalidOption("no_refit", " keeps the model checked on the validation split, and with cv there is none");
        }
        if (seeds < 1) {
            throw new InvalidOption("seeds", ": expected at least 1, found " + seeds);
        }
        if (seeds > 1 && (grid.size() > 1 || cvFolds > 0)) {
            throw new InvalidOption("seeds", " trains one setting several times, but this fit searches "
                    + (cvFolds > 0 ? "by " + cvFolds + "-fold CV" : grid.size() + " settings")
                    + "; search with one seed first, then fit the chosen setting with seeds");
        }
        if (augment && cvFolds > 0) {
            throw new InvalidOption("augment", " draws validation from the original images; it does not combine with cv");
        }
    }

    /** Without augmentation. */
    public HeadSpec(List<HeadOptions> grid, double valFraction, long seed, int cvFolds, boolean refit, int seeds) {
        this(grid, valFraction, seed, cvFolds, refit, seeds, false);
    }

    /** One seed, as before {@code seeds} existed. */
    public HeadSpec(List<HeadOptions> grid, double valFraction, long seed, int cvFolds, boolean refit) {
        this(grid, valFraction, seed, cvFolds, refit, 1, false);
    }

    /** The same spec trained with {@code n} seeds. */
    public HeadSpec withSeeds(int n) {
        return new HeadSpec(grid, valFraction, seed, cvFolds, refit, n, augment);
    }

    /** One setting, selected and trained as a plain {@code frozen fit} does. */
    public HeadSpec(HeadOptions options, double valFraction, long seed) {
        this(List.of(options), valFraction, seed, 0, true, 1, false);
    }

    /** The first setting (the only one for a plain fit). */
    public HeadOptions options() {
        return grid.get(0);
    }

    /** True when several settings are compared, or one is scored by cross-validation. */
    public boolean searching() {
        return grid.size() > 1 || cvFolds > 0;
    }

    public HeadKind kind() {
        return grid.get(0).kind();
    }
}
