package dev.frozen;

/** Input data, weights, cache contents or the environment are not as expected; exit code 1. */
public final class DataError extends FrozenError {
    public DataError(String message) {
        super(message, null);
    }

    public DataError(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public int exitCode() {
        return 1;
    }
}
