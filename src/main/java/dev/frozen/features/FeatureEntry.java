package dev.frozen.features;

import dev.frozen.data.Split;
import java.nio.file.Path;

/** A complete feature entry folder: {@code train.arrow}, {@code test.arrow}, {@code manifest.json} and {@code runs/}. */
public final class FeatureEntry {
    private final Path dir;
    private final Manifest manifest;

    FeatureEntry(Path dir, Manifest manifest) {
        this.dir = dir;
        this.manifest = manifest;
    }

    public String name() {
        return dir.getFileName().toString();
    }

    public Path dir() {
        return dir;
    }

    public Manifest manifest() {
        return manifest;
    }

    /** Where fitted heads of this entry keep their run records and models. */
    public Path runsDir() {
        return dir.resolve("runs");
    }

    public Path arrowFile(Split split) {
        return dir.resolve(split.fileStem() + ".arrow");
    }

    /** Reads one split fully into memory, after checking the file against the manifest's checksum. */
    public FeatureSet load(Split split) {
        return ArrowFeatures.read(arrowFile(split), manifest, true);
    }
}
