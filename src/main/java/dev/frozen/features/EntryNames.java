package dev.frozen.features;

import dev.frozen.DataError;
import dev.frozen.Setting;
import dev.frozen.UsageError;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Resolves how a user names a feature entry: its full folder name, a unique prefix of it, or a dataset name
 * (as recorded in the manifest, e.g. {@code cifar10} or {@code photos}) when only one entry holds that dataset.
 * Every verb that takes an entry name goes through here, so the rules are the same everywhere.
 */
public final class EntryNames {
    /** At most this many candidates are listed when a name is ambiguous. */
    static final int MAX_LISTED = 10;

    private EntryNames() {}

    /** The folder name of the complete entry that {@code name} denotes under {@code featuresDir}. */
    public static String resolve(Path featuresDir, String name) {
        if (name == null || name.isBlank() || name.contains("/") || name.contains("\\")
                || name.endsWith(PartialEntry.SUFFIX) || name.equals(".") || name.equals("..")) {
            throw new UsageError("expected a feature entry name (or a unique prefix, or a dataset name), found '"
                    + name + "'");
        }
        List<Path> dirs = FeatureStore.entryDirs(featuresDir);
        List<String> names = dirs.stream().map(d -> d.getFileName().toString()).toList();
        if (names.contains(name)) {
            return name;
        }
        if (names.isEmpty()) {
            throw new DataError("expected a feature entry '" + name + "' in " + featuresDir
                    + ", found no entries there; run 'frozen extract' first (or pass "
                    + Setting.key("features_dir") + ")");
        }
        List<Path> byPrefix = dirs.stream().filter(d -> d.getFileName().toString().startsWith(name)).toList();
        if (byPrefix.size() == 1) {
            return byPrefix.get(0).getFileName().toString();
        }
        if (byPrefix.size() > 1) {
            throw ambiguous(name, "starts", byPrefix, featuresDir);
        }
        List<Path> byDataset = new ArrayList<>();
        for (Path d : dirs) {
            Manifest m = manifestOrNull(d);
            if (m != null && m.dataset() != null && (name.equals(m.dataset().name()) || name.equals(m.dataset().kind()))) {
                byDataset.add(d);
            }
        }
        if (byDataset.size() == 1) {
            return byDataset.get(0).getFileName().toString();
        }
        if (byDataset.size() > 1) {
            throw ambiguous(name, "holds dataset", byDataset, featuresDir);
        }
        throw new UsageError("no feature entry named, starting with or holding the dataset '" + name + "' in "
                + featuresDir + "; entries: " + describe(dirs));
    }

    private static UsageError ambiguous(String name, String how, List<Path> matches, Path featuresDir) {
        return new UsageError("'" + name + "' is ambiguous: " + matches.size() + " entries in " + featuresDir + " "
                + (how.equals("starts") ? "start with it" : "hold that dataset")
                + "; name one with a longer prefix: " + describe(matches));
    }

    /** Up to {@link #MAX_LISTED} entries, each as its name and what it holds; the rest counted. */
    static String describe(List<Path> dirs) {
        List<String> parts = new ArrayList<>();
        for (Path d : dirs.subList(0, Math.min(MAX_LISTED, dirs.size()))) {
            Manifest m = manifestOrNull(d);
            parts.add(d.getFileName() + (m == null ? "" : String.format(Locale.ROOT, " (%s, %s, %d px, weights %s)",
                    m.dataset() == null ? "?" : m.dataset().name(), m.layer(), m.inputSize(),
                    m.weights() == null ? "?" : m.weights().id())));
        }
        String more = dirs.size() > MAX_LISTED ? "; and " + (dirs.size() - MAX_LISTED) + " more" : "";
        return String.join("; ", parts) + more;
    }

    /** The manifest, or null when it cannot be read (a damaged entry must not hide the others). */
    private static Manifest manifestOrNull(Path dir) {
        try {
            return dev.frozen.Json.MAPPER.readValue(Files.readAllBytes(dir.resolve(FeatureStore.MANIFEST)), Manifest.class);
        } catch (java.io.IOException | RuntimeException e) {
            return null;
        }
    }
}
