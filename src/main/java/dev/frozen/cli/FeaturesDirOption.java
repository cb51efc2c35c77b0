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
            description = "Folder of cached feature entries, their runs and reports (default: ${DEFAULT-VALUE}).")
    void set(String value) {
        text = value;
        dir = Path.of(value);
    }
}
