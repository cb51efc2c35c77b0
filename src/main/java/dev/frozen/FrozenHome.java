package dev.frozen;

import java.nio.file.Path;

/**
 * The per-user cache folder for downloads and memoized hashes: the {@code frozen.home} system property (tests),
 * else {@code $FROZEN_HOME}, else {@code ~/.cache/frozen}.
 */
public final class FrozenHome {
    private FrozenHome() {}

    public static Path dir() {
        String property = System.getProperty("frozen.home");
        if (property != null && !property.isBlank()) {
            return Path.of(property).toAbsolutePath();
        }
        String env = System.getenv("FROZEN_HOME");
        if (env != null && !env.isBlank()) {
            return Path.of(env).toAbsolutePath();
        }
        return Path.of(System.getProperty("user.home"), ".cache", "frozen");
    }
}
