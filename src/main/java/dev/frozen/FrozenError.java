package dev.frozen;

/**
 * A failure the user can act on: its message is a single line saying what was expected, what was
 * found and where. The CLI prints the message (no stack trace) and exits with {@link #exitCode()}.
 */
public abstract class FrozenError extends RuntimeException {
    protected FrozenError(String message, Throwable cause) {
        super(message, cause);
    }

    /** 2 for usage errors, 1 for data and runtime errors. */
    public abstract int exitCode();
}
