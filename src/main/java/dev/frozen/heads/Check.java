package dev.frozen.heads;

import dev.frozen.UsageError;

/** One-line option validation shared by the options records: each message names the option, the range and the value. */
final class Check {
    private Check() {}

    static double positive(String option, double value) {
        if (!(value > 0) || Double.isInfinite(value)) {
            throw new UsageError(option + " must be > 0 (got " + value + ")");
        }
        return value;
    }

    static double nonNegative(String option, double value) {
        if (!(value >= 0) || Double.isInfinite(value)) {
            throw new UsageError(option + " must be >= 0 (got " + value + ")");
        }
        return value;
    }

    static int atLeast(String option, int min, int value) {
        if (value < min) {
            throw new UsageError(option + " must be >= " + min + " (got " + value + ")");
        }
        return value;
    }

    static int between(String option, int min, int max, int value) {
        if (value < min || value > max) {
            throw new UsageError(option + " must be in " + min + ".." + max + " (got " + value + ")");
        }
        return value;
    }

    /** A value in [0, 1): a fraction that cannot take everything. */
    static double fraction(String option, double value) {
        if (!(value >= 0 && value < 1)) {
            throw new UsageError(option + " must be in [0, 1) (got " + value + ")");
        }
        return value;
    }
}
