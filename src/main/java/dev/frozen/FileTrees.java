package dev.frozen;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Recursive deletion of a folder, children first; an absent path is already deleted. */
public final class FileTrees {
    private FileTrees() {}

    public static void delete(Path root) {
        if (root == null || !Files.exists(root)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new DataError("cannot delete " + root + ": " + e.getMessage(), e);
        }
    }

    /** The entries directly inside {@code dir}, sorted by name; empty when it is not a folder. */
    public static java.util.List<java.nio.file.Path> children(java.nio.file.Path dir) {
        if (!java.nio.file.Files.isDirectory(dir)) {
            return java.util.List.of();
        }
        try (java.util.stream.Stream<java.nio.file.Path> s = java.nio.file.Files.list(dir)) {
            return s.sorted().toList();
        } catch (java.io.IOException e) {
            throw new DataError("cannot list " + dir + ": " + IoErrors.describe(e), e);
        }
    }
}
