package dev.frozen;

/** The command line or a pipeline file asked for something invalid; exit code 2. */
public class UsageError extends FrozenError {
    public UsageError(String message) {
        super(message, null);
    }

    @Override
    public int exitCode() {
        return 2;
    }
}
