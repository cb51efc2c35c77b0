package dev.frozen;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

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

    /** The file listing the features folders used before, one absolute path a line, most recent last. */
    public Path featuresDirsFile() {
        return dir.resolve("features-dirs.txt");
    }

    /** Features folders used before that still exist, most recent last (none when nothing was remembered). */
    public List<Path> knownFeaturesDirs() {
        List<Path> dirs = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(featuresDirsFile(), StandardCharsets.UTF_8)) {
                if (!line.isBlank()) {
                    Path p = Path.of(line.strip());
                    if (p.isAbsolute() && Files.isDirectory(p) && !dirs.contains(p)) {
                        dirs.add(p);
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            // Remembered folders are a hint only: an unreadable list is an empty one.
        }
        return dirs;
    }

    /**
     * Remembers {@code featuresDir} (as an absolute path) as used, moving it to the end; at most 50 are kept.
     * Written atomically; a failure to write is ignored, since the list only feeds hints.
     */
    public void rememberFeaturesDir(Path featuresDir) {
        Path abs = featuresDir.toAbsolutePath().normalize();
        List<Path> dirs = knownFeaturesDirs();
        dirs.remove(abs);
        dirs.add(abs);
        List<String> lines = dirs.subList(Math.max(0, dirs.size() - 50), dirs.size()).stream().map(Path::toString).toList();
        try {
            Files.createDirectories(dir);
            AtomicFiles.writeString(featuresDirsFile(), String.join("\n", lines) + "\n");
        } catch (IOException | RuntimeException e) {
            // A read-only home folder must not stop an extraction.
        }
    }
}
