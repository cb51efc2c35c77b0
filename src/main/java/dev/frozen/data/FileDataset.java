package dev.frozen.data;

import java.util.List;

/**
 * What every dataset read through {@link DataFiles} shares: its kind, its fixed class list and where its files are.
 * A new file format extends this and adds its rows, reads and fingerprint.
 */
abstract class FileDataset implements ImageDataset {
    private final String kind;
    final DataFiles files;
    final List<String> classes;

    FileDataset(String kind, DataFiles files, List<String> classes) {
        this.kind = kind;
        this.files = files;
        this.classes = classes;
    }

    @Override
    public final String kind() {
        return kind;
    }

    @Override
    public final List<String> classNames() {
        return classes;
    }

    @Override
    public final String location() {
        return files.location();
    }
}
