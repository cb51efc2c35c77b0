package dev.frozen.cli;

import dev.frozen.DataError;
import dev.frozen.FrozenHome;
import dev.frozen.UsageError;
import dev.frozen.features.EntryNames;
import dev.frozen.features.ExtractionDefaults;
import dev.frozen.features.FeatureStore;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Predicate;
import java.util.function.Supplier;
import picocli.CommandLine.Option;

/**
 * The {@code --features-dir} option every verb that reads or writes the cache shares (a picocli mixin): the flag,
 * else {@code $FROZEN_FEATURES_DIR}, else {@code ./features}. Folders used before are remembered in the
 * {@link FrozenHome}, so a verb run from another folder can point to the entries it cannot find.
 */
public final class FeaturesDirOption {
    /** The environment variable that replaces the default {@code ./features}. */
    public static final String ENV = "FROZEN_FEATURES_DIR";

    Path dir;

    /** The value as given (a URI keeps its {@code //}, which {@link Path} would fold). */
    String text;

    @Option(names = "--features-dir", defaultValue = ExtractionDefaults.FEATURES_DIR, paramLabel = "DIR",
            description = "Folder of cached feature entries, their runs and reports: a path or a file: URI "
                    + "(default: $" + ENV + " when set, else ./${DEFAULT-VALUE}; folders used before are remembered "
                    + "to point to entries found there).")
    void set(String value) {
        text = value;
        dir = localOrNull(value);
    }

    /**
     * The local folder {@code value} names ({@link dev.frozen.LocalPaths}), or null when it names none (another URI,
     * a malformed one): {@code Main} then refuses it in one line before any verb runs ({@code extract --spark}
     * takes Hadoop URIs itself).
     */
    static Path localOrNull(String value) {
        try {
            return dev.frozen.LocalPaths.isOtherUri(value) ? null : dev.frozen.LocalPaths.parse(value, "--features-dir", null);
        } catch (dev.frozen.UsageError e) {
            return null;
        }
    }

    /**
     * Says on {@code err} (the progress stream, beside the progress bars) which features folder an extraction uses
     * and whether it is new, and when the entry it is about to make already exists in another remembered folder,
     * where; then remembers this folder.
     */
    void announce(FrozenHome home, String entryName, PrintStream err) {
        Path abs = dir.toAbsolutePath().normalize();
        int entries = FeatureStore.entryDirs(abs).size();
        err.println("features folder: " + abs + (!Files.isDirectory(abs) ? " (new: created now)"
                : entries == 0 ? " (exists, no entries yet)" : " (" + entries + " entr" + (entries == 1 ? "y" : "ies") + ")"));
        if (!Files.isRegularFile(abs.resolve(entryName).resolve(FeatureStore.MANIFEST))) {
            for (Path other : elsewhere(home)) {
                if (Files.isRegularFile(other.resolve(entryName).resolve(FeatureStore.MANIFEST))) {
                    err.println("note: this entry is already extracted in " + other + ": pass --features-dir " + other
                            + " to use it (extracting into " + abs + " now; Ctrl-C stops, a rerun resumes)");
                    break;
                }
            }
        }
        err.flush();
        home.rememberFeaturesDir(abs);
    }

    /**
     * Runs {@code lookup} in this folder; when it finds nothing (a {@code DataError} or an unknown-name
     * {@code UsageError}) and a remembered folder has what {@code found} asks for, the error says where.
     */
    <T> T withHint(FrozenHome home, Predicate<Path> found, Supplier<T> lookup) {
        try {
            return lookup.get();
        } catch (DataError | UsageError e) {
            if (e.getMessage() != null && e.getMessage().contains("ambiguous")) {
                throw e;
            }
            String hint = hint(home, found);
            if (hint.isEmpty()) {
                throw e;
            }
            String message = e.getMessage() + hint;
            throw e instanceof UsageError ? new UsageError(message) : new DataError(message, e);
        }
    }

    /** A remembered folder's entry matches {@code name} (null: any entry). */
    static Predicate<Path> hasEntry(String name) {
        return other -> {
            try {
                return name == null ? !FeatureStore.entryDirs(other).isEmpty() : EntryNames.resolve(other, name) != null;
            } catch (RuntimeException e) { // a damaged folder elsewhere only means no hint
                return false;
            }
        };
    }

    /** A remembered folder holds the run {@code idOrPrefix} (null: any run). */
    static Predicate<Path> hasRun(String idOrPrefix) {
        return other -> {
            try {
                return idOrPrefix == null ? !dev.frozen.experiments.runs.RunStore.list(other, null, w -> {}).isEmpty()
                        : dev.frozen.experiments.runs.RunStore.find(other, idOrPrefix, w -> {}) != null;
            } catch (RuntimeException e) { // a damaged folder elsewhere only means no hint
                return false;
            }
        };
    }

    /** "; found in X: pass --features-dir X" for the most recently used other folder that qualifies, else "". */
    String hint(FrozenHome home, Predicate<Path> found) {
        for (Path other : elsewhere(home)) {
            if (found.test(other)) {
                return "; found in " + other + ": pass --features-dir " + other;
            }
        }
        return "";
    }

    /** Remembered folders other than this one, most recently used first. */
    private java.util.List<Path> elsewhere(FrozenHome home) {
        Path abs = dir.toAbsolutePath().normalize();
        java.util.List<Path> others = new java.util.ArrayList<>(home.knownFeaturesDirs());
        java.util.Collections.reverse(others);
        others.remove(abs);
        return others;
    }
}
