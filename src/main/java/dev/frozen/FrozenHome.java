package dev.frozen;

import java.nio.file.Path;

/** The per-user cache folder for downloads: {@code $FROZEN_HOME}, else {@code ~/.cache/frozen}. */
public final class FrozenHome {
    private FrozenHome() {}

    public static Path dir() {
        String env = System.getenv("FROZEN_HOME");
        if (env != null && !env.isBlank()) {
            return Path.of(env).toAbsolutePath();
        }
        return Path.of(System.getProperty("user.home"), ".cache", "frozen");
    }
}
