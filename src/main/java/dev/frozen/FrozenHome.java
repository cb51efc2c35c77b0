package dev.frozen;

import java.nio.file.Path;

/**
 * The per-user cache folder for downloads, unpacked archives, generated data and memoized hashes. It is passed
 * down explicitly from the entry point (the CLI, a Spark job, a test's temporary folder); only
 * {@link #fromEnvironment()} reads the environment: {@code $FROZEN_HOME}, else {@code ~/.cache/frozen}.
 */
public record FrozenHome(Path dir) {
    public FrozenHome {
        dir = dir.toAbsolutePath().normalize();
    }

    /** The user's home folder: {@code $FROZEN_HOME} when set, else {@code ~/.cache/frozen}. */
    public static FrozenHome fromEnvironment() {
        String env = System.getenv("FROZEN_HOME");
        if (env != null && !env.isBlank()) {
            return new FrozenHome(Path.of(env));
        }
        return new FrozenHome(Path.of(System.getProperty("user.home"), ".cache", "frozen"));
    }

    public Path resolve(String name) {
        return dir.resolve(name);
    }
}
