package dev.frozen.cli;

import dev.frozen.features.ExtractionDefaults;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The {@code --features-dir} option every verb that reads or writes the cache shares (a picocli mixin). */
public final class FeaturesDirOption {
    Path dir;

    /** The value as given (a URI keeps its {@code //}, which {@link Path} would fold). */
    String text;

    @Option(names = "--features-dir", defaultValue = ExtractionDefaults.FEATURES_DIR, paramLabel = "DIR",
            description = "Folder of cached feature entries, their runs and reports: a path or a file: URI "
                    + "(file:///data/features) (default: ${DEFAULT-VALUE}).")
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
}
