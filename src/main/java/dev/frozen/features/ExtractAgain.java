package dev.frozen.features;

import dev.frozen.UsageError;

/**
 * A usage error whose fix is to extract the entry again as {@link #hint()} says; the message stops before the advice,
 * and the edge that prints it adds the command (the command line as {@code ; run 'frozen extract ...'}).
 */
public final class ExtractAgain extends UsageError {
    private final transient ExtractHint hint;

    public ExtractAgain(String message, ExtractHint hint) {
        super(message);
        this.hint = hint;
    }

    public ExtractHint hint() {
        return hint;
    }
}
