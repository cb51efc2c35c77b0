package dev.frozen;

/**
 * A failure the user can act on: its message is a single line saying what was expected, what was
 * found and where, without Java or Jackson internals ({@link Plain#sanitize} is applied on construction). The CLI prints the message (no stack trace) and exits with {@link #exitCode()}.
 */
public abstract class FrozenError extends RuntimeException {
    protected FrozenError(String message, Throwable cause) {
        // Sanitized here, once, so that every path that prints a message (CLI, warnings, verify) shows plain words.
        super(Plain.sanitize(message), cause);
    }

    /** 2 for usage errors, 1 for data and runtime errors. */
    public abstract int exitCode();
}
