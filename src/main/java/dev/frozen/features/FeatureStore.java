package dev.frozen.features;

import dev.frozen.DataError;
import dev.frozen.UsageError;
import dev.frozen.data.Split;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The features folder: lists, resolves and writes entries. Only complete entries (a folder with
 * {@code manifest.json}, published by an atomic rename) are ever listed; work in progress lives in
 * {@code <entry>.partial/} and is invisible here.
 */
public final class FeatureStore {
    public static final String MANIFEST = "manifest.json";

    private FeatureStore() {}

    /** Complete entries under {@code featuresDir}, sorted by name; an absent folder has none. */
    public static List<FeatureEntry> list(Path featuresDir) {
        if (!Files.isDirectory(featuresDir)) {
            return List.of();
        }
        List<FeatureEntry> entries = new ArrayList<>();
        try (Stream<Path> children = Files.list(featuresDir)) {
            for (Path dir : children.sorted().toList()) {
                if (Files.isDirectory(dir) && Files.isRegularFile(dir.resolve(MANIFEST))
                        && !dir.getFileName().toString().endsWith(PartialEntry.SUFFIX)) {
                    entries.add(new FeatureEntry(dir, readManifest(dir)));
                }
            }
        } catch (IOException e) {
            throw new DataError("cannot list features folder " + featuresDir + ": " + e.getMessage(), e);
        }
        return entries;
    }

    /** The complete entry called {@code name} in {@code featuresDir}, or empty when there is none. */
    public static java.util.Optional<FeatureEntry> find(Path featuresDir, String name) {
        Path dir = featuresDir.resolve(name);
        if (Files.isRegularFile(dir.resolve(MANIFEST))) {
            return java.util.Optional.of(new FeatureEntry(dir, readManifest(dir)));
        }
        return java.util.Optional.empty();
    }

    /**
     * The entry called {@code name}, or the only entry when {@code name} is null. Throws a {@code DataError}
     * telling the user to run {@code extract} when there is none, and a {@code UsageError} listing the
     * entries when there are several or the name is unknown.
     */
    public static FeatureEntry resolve(Path featuresDir, String name) {
        List<FeatureEntry> entries = list(featuresDir);
        if (entries.isEmpty()) {
            throw new DataError("expected a feature entry in " + featuresDir + ", found none" + foreignNote(featuresDir)
                    + "; run 'frozen extract' first (or pass --features-dir)");
        }
        if (name == null) {
            if (entries.size() == 1) {
                return entries.get(0);
            }
            throw new UsageError("several feature entries in " + featuresDir + "; choose one with --features: "
                    + names(entries));
        }
        return entries.stream().filter(e -> e.name().equals(name)).findFirst().orElseThrow(() -> new UsageError(
                "no feature entry '" + name + "' in " + featuresDir + "; available: " + names(entries)));
    }

    /** Writes a complete entry named {@code manifest.entry()} from in-memory splits (tests, tools). */
    public static FeatureEntry write(Path featuresDir, Manifest manifest, FeatureSet train, FeatureSet test) {
        try (PartialEntry partial = PartialEntry.open(featuresDir, manifest.entry(), false)) {
            partial.reset();
            for (Split split : Split.values()) {
                FeatureSet set = split == Split.TRAIN ? train : test;
                int dim = set.dim() == 0 ? manifest.featureDim() : set.dim();
                float[] flat = new float[set.size() * dim];
                for (int i = 0; i < set.size(); i++) {
                    System.arraycopy(set.features()[i], 0, flat, i * dim, dim);
                }
                partial.commitChunk(split, 0, set.labels(), flat, set.size(), dim);
            }
            return partial.complete(manifest);
        }
    }

    static Manifest readManifest(Path dir) {
        Path file = dir.resolve(MANIFEST);
        try {
            return Json.MAPPER.readValue(file.toFile(), Manifest.class);
        } catch (IOException e) {
            throw new DataError("expected a JSON manifest at " + file + ", found unreadable content ("
                    + e.getMessage().lines().findFirst().orElse("") + "); rerun extract with --force", e);
        }
    }

    private static String names(List<FeatureEntry> entries) {
        return entries.stream().map(FeatureEntry::name).collect(Collectors.joining(", "));
    }

    private static String foreignNote(Path featuresDir) {
        if (!Files.isDirectory(featuresDir)) {
            return " (the folder does not exist)";
        }
        try (Stream<Path> children = Files.list(featuresDir)) {
            long others = children.filter(p -> !p.getFileName().toString().equals("README.md")).count();
            return others == 0 ? "" : " (it holds " + others + " other file(s) or folder(s) that are not entries)";
        } catch (IOException e) {
            return "";
        }
    }
}
