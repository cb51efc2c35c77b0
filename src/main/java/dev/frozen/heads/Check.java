package dev.frozen.heads;

import dev.frozen.InvalidOption;

/** One-line option validation shared by the options records: each names the option by its key, the range and the value. */
final class Check {
    private Check() {}

    static double positive(String key, double value) {
        if (!(value > 0) || Double.isInfinite(value)) {
            throw new InvalidOption(key, " must be > 0 (got " + value + ")");
        }
        return value;
    }

    static double nonNegative(String key, double value) {
        if (!(value >= 0) || Double.isInfinite(value)) {
            throw new InvalidOption(key, " must be >= 0 (got " + value + ")");
        }
        return value;
    }

    static int atLeast(String key, int min, int value) {
        if (value < min) {
            throw new InvalidOption(key, " must be >= " + min + " (got " + value + ")");
        }
        return value;
    }

    static int between(String key, int min, int max, int value) {
        if (value < min || value > max) {
            throw new InvalidOption(key, " must be in " + min + ".." + max + " (got " + value + ")");
        }
        return value;
    }

    /** A value in [0, 1): a fraction that cannot take everything. */
    static double fraction(String key, double value) {
        if (!(value >= 0 && value < 1)) {
            throw new InvalidOption(key, " must be in [0, 1) (got " + value + ")");
        }
        return value;
    }
}
