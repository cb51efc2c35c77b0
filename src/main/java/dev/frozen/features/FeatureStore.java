package dev.frozen.features;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.frozen.DataError;
import dev.frozen.IoErrors;
import dev.frozen.Json;
import dev.frozen.Setting;
import dev.frozen.UsageError;
import dev.frozen.data.Split;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The features folder: lists, resolves and writes entries. Only complete entries (a folder with
 * {@code manifest.json}, published by an atomic rename) are ever listed; work in progress lives in
 * {@code <entry>.partial/} and is invisible here. Every manifest is checked when read: against the SHA-256 in
 * its sidecar {@code manifest.sha256} (or, for entries older than the sidecar, against the copy in the Arrow
 * files' schema metadata), and for internal consistency of shape and row counts.
 */
public final class FeatureStore {
    public static final String MANIFEST = "manifest.json";
    /** Holds the hex SHA-256 of {@code manifest.json}; written in the same atomic publish as the manifest. */
    public static final String MANIFEST_SHA = "manifest.sha256";

    /** {@code manifest.json}'s bytes as every store writes them: the manifest's JSON, then a newline. */
    public static byte[] manifestBytes(Manifest m) throws IOException {
        return (Json.MAPPER.writeValueAsString(m) + "\n").getBytes(StandardCharsets.UTF_8);
    }

    /** {@code manifest.sha256}'s bytes for {@code manifest.json}'s: the hex SHA-256, then a newline. */
    public static byte[] manifestShaBytes(byte[] manifestBytes) {
        return (Integrity.sha256(manifestBytes) + "\n").getBytes(StandardCharsets.UTF_8);
    }
    /** The advice for a damaged complete entry: a plain rerun would be a cache hit, so it takes --force. */
    /** The advice for a file another user's umask made unreadable: access, not a rebuild. */
    public static final String GRANT_READ = "ask its owner to make it readable (chmod -R a+rX on the entry), "
            + "and extract with a umask such as 022 on shared folders";
    static final String REBUILD = "rebuild it with 'frozen extract " + Setting.flag("force") + "' and the entry's settings (fitted runs are kept)";
    /** The advice for a damaged manifest: every extract of the entry sees the damage and rebuilds, no --force needed. */
    static final String REBUILD_PLAIN = "rerun the 'frozen extract' that made the entry (same settings) to rebuild it"
            + " (fitted runs are kept)";

    private FeatureStore() {}

    /** Complete entries under {@code featuresDir}, sorted by name; an absent folder has none. */
    public static List<FeatureEntry> list(Path featuresDir) {
        List<FeatureEntry> entries = new ArrayList<>();
        for (Path dir : entryDirs(featuresDir)) {
            entries.add(open(dir));
        }
        return entries;
    }

    /**
     * Whether {@code name} can be an entry's folder name: a plain name (see {@link dev.frozen.FileNames}) that is not
     * hidden ({@code .NAME.removing} of a prune, {@code .pull-*} scratch, temporary files) and not work in progress
     * or a lock ({@code NAME.partial}, {@code NAME.lock}). Runs folders of such folders are listed too.
     */
    public static boolean isEntryName(String name) {
        return dev.frozen.FileNames.isPlain(name) && !name.startsWith(".") && !name.endsWith(PartialEntry.SUFFIX)
                && !name.endsWith(".lock") && !name.endsWith(".tmp") && !name.endsWith(".removing");
    }

    /**
     * The one test every reader and lister applies: a folder with an entry's name ({@link #isEntryName}) that holds
     * a {@code manifest.json}, the last file a publish renames in. Anything else (partial, being removed, temporary,
     * a lock) is invisible.
     */
    public static boolean isCompleteEntry(Path dir) {
        Path name = dir.getFileName();
        return name != null && isEntryName(name.toString()) && Files.isDirectory(dir)
                && Files.isRegularFile(dir.resolve(MANIFEST));
    }

    /**
     * Complete entry folders under {@code featuresDir} ({@link #isCompleteEntry}), sorted, without reading the
     * manifests (so a damaged one does not hide the others, e.g. from {@code verify}).
     */
    public static List<Path> entryDirs(Path featuresDir) {
        if (!Files.isDirectory(featuresDir)) {
            return List.of();
        }
        try (Stream<Path> children = Files.list(featuresDir)) {
            return children.sorted().filter(FeatureStore::isCompleteEntry).toList();
        } catch (IOException e) {
            throw new DataError("cannot list features folder " + featuresDir + ": " + IoErrors.describe(e), e);
        }
    }

    /** Leftover {@code <entry>.partial/} folders under {@code featuresDir} (interrupted or running extractions). */
    public static List<Path> partialDirs(Path featuresDir) {
        if (!Files.isDirectory(featuresDir)) {
            return List.of();
        }
        try (Stream<Path> children = Files.list(featuresDir)) {
            return children.sorted().filter(d -> Files.isDirectory(d)
                    && d.getFileName().toString().endsWith(PartialEntry.SUFFIX)).toList();
        } catch (IOException e) {
            throw new DataError("cannot list features folder " + featuresDir + ": " + IoErrors.describe(e), e);
        }
    }

    /** The complete entry in folder {@code dir}, its manifest checked (see the class comment). */
    public static FeatureEntry open(Path dir) {
        Path file = dir.resolve(MANIFEST);
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new DataError(IoErrors.cause(e) == IoErrors.Cause.PERMISSION
                    ? "permission denied reading the manifest " + file + "; " + GRANT_READ
                    : "cannot read the manifest " + file + " (" + IoErrors.describe(e) + ")", e);
        }
        Manifest m;
        try {
            m = Json.MAPPER.readValue(bytes, Manifest.class);
        } catch (IOException e) {
            throw new DataError("expected a JSON manifest at " + file + ", found unreadable content ("
                    + String.valueOf(e instanceof com.fasterxml.jackson.core.JsonProcessingException j ? j.getOriginalMessage() : e.getMessage()).lines().findFirst().orElse("") + "); " + REBUILD_PLAIN, e);
        }
        String sha = Integrity.sha256(bytes);
        Path sidecar = dir.resolve(MANIFEST_SHA);
        checkStructure(file, m);
        if (Files.isRegularFile(sidecar)) {
            String recorded = readSidecar(sidecar);
            if (!recorded.equals(sha)) {
                throw new DataError("manifest " + file + " was changed after extraction (its SHA-256 is "
                        + Integrity.abbrev(sha) + ", " + MANIFEST_SHA + " records " + Integrity.abbrev(recorded)
                        + "); " + REBUILD_PLAIN);
            }
        } else {
            // Written before the sidecar existed: the Arrow files carry their own copy of the manifest.
            checkAgainstFiles(dir, m);
        }
        return new FeatureEntry(dir, m, sha);
    }

    private static String readSidecar(Path sidecar) {
        try {
            return Files.readString(sidecar, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new DataError("cannot read " + sidecar + " (" + IoErrors.describe(e) + ")", e);
        }
    }

    /** Fields that readers rely on are present and agree with each other. */
    public static void checkStructure(Path file, Manifest m) {
        String problem = null;
        if (m.formatVersion() != Manifest.FORMAT_VERSION) {
            problem = "format_version " + m.formatVersion() + ", expected " + Manifest.FORMAT_VERSION;
        } else if (m.layer() == null || m.preprocessing() == null || m.weights() == null || m.inputSize() <= 0) {
            problem = "no layer, input_size, preprocessing or weights";
        } else if (m.rows() == null || m.files() == null || m.files().isEmpty() || m.classNames() == null) {
            problem = "no rows, files or class_names";
        } else if (m.files().keySet().stream().anyMatch(n -> !dev.frozen.FileNames.isPlain(n))) {
            String bad = m.files().keySet().stream().filter(n -> !dev.frozen.FileNames.isPlain(n)).findFirst().orElseThrow();
            problem = "files lists " + dev.frozen.FileNames.problem(bad) + ", expected plain file names inside the entry"
                    + " folder";
        } else if (m.featureShape() != null
                && m.featureShape().stream().mapToLong(Integer::longValue).reduce(1, (a, b) -> a * b) != m.featureDim()) {
            problem = "feature_shape " + m.featureShape() + " but feature_dim " + m.featureDim();
        } else {
            for (Map.Entry<String, Integer> split : m.rows().entrySet()) {
                long listed = 0;
                boolean known = true;
                for (Map.Entry<String, Manifest.FileInfo> f : m.files().entrySet()) {
                    if (splitOf(f.getKey()).equals(split.getKey())) {
                        known &= f.getValue().rows() != null;
                        listed += f.getValue().rows() == null ? 0 : f.getValue().rows();
                    }
                }
                if (known && listed != split.getValue()) {
                    problem = "rows." + split.getKey() + " = " + split.getValue() + " but its files hold " + listed;
                } else if (known && problem == null) {
                    problem = tiling(m, split.getKey());
                }
            }
        }
        if (problem != null) {
            throw new DataError("manifest " + file + " is inconsistent: " + problem + "; " + REBUILD_PLAIN);
        }
    }

    /** Null when the files of a split (shards or one file) cover its rows in order without gap or overlap. */
    private static String tiling(Manifest m, String split) {
        List<Map.Entry<String, Manifest.FileInfo>> files = new ArrayList<>(m.files().entrySet().stream()
                .filter(f -> splitOf(f.getKey()).equals(split)).toList());
        files.sort(java.util.Comparator.comparingInt(f -> f.getValue().start()));
        long next = 0;
        for (Map.Entry<String, Manifest.FileInfo> f : files) {
            if (f.getValue().start() != next) {
                return f.getKey() + " has first_row " + f.getValue().start() + ", expected " + next;
            }
            next += f.getValue().rows();
        }
        return null;
    }

    /** The split a data file belongs to: {@code train.arrow} and {@code train-00001.arrow} are both "train". */
    public static String splitOf(String fileName) {
        String stem = fileName.endsWith(".arrow") ? fileName.substring(0, fileName.length() - 6) : fileName;
        int dash = stem.indexOf('-');
        return dash < 0 ? stem : stem.substring(0, dash);
    }

    /**
     * Cheap cross-check of a manifest with its data files, without reading rows: every listed file exists with
     * the recorded size and feature width, and the manifest copy in its schema metadata says the same (apart from
     * {@code files}, which cannot be known when the metadata is written).
     */
    static void checkAgainstFiles(Path dir, Manifest m) {
        for (String name : m.files().keySet()) {
            checkAgainstFile(dir, m, name);
        }
    }

    /** {@link #checkAgainstFiles} for one listed file. */
    static void checkAgainstFile(Path dir, Manifest m, String name) {
        Path file = dir.resolve(name);
        Integrity.checkSize(file, m.files().get(name));
        ArrowFeatures.SchemaInfo schema = ArrowFeatures.schema(file);
        if (schema.dim() != m.featureDim()) {
            throw new DataError("manifest of " + dir + " says " + m.featureDim() + " features per row, but "
                    + file.getFileName() + " holds " + schema.dim() + "; " + REBUILD);
        }
        if (schema.manifestJson() != null) {
            JsonNode expected = withoutFiles(Json.MAPPER.valueToTree(m));
            JsonNode embedded;
            try {
                embedded = withoutFiles(Json.MAPPER.readTree(schema.manifestJson()));
            } catch (IOException e) {
                throw new DataError("unreadable manifest copy in the schema of " + file + "; " + REBUILD, e);
            }
            if (!embedded.equals(expected)) {
                throw new DataError("manifest " + dir.resolve(MANIFEST) + " disagrees with the copy inside "
                        + file.getFileName() + " (" + firstDifference(embedded, expected) + "); " + REBUILD);
            }
        }
    }

    private static JsonNode withoutFiles(JsonNode node) {
        ObjectNode copy = ((ObjectNode) node).deepCopy();
        copy.remove("files");
        return copy;
    }

    private static String firstDifference(JsonNode inFile, JsonNode inManifest) {
        var names = new java.util.TreeSet<String>();
        inFile.fieldNames().forEachRemaining(names::add);
        inManifest.fieldNames().forEachRemaining(names::add);
        for (String name : names) {
            if (!java.util.Objects.equals(inFile.get(name), inManifest.get(name))) {
                return name + ": " + inManifest.get(name) + " in manifest.json, " + inFile.get(name) + " in the file";
            }
        }
        return "no field differs";
    }

    /** The complete entry called {@code name} in {@code featuresDir}, or empty when there is none. */
    public static Optional<FeatureEntry> find(Path featuresDir, String name) {
        if (name == null || !isEntryName(name)) {
            return Optional.empty();
        }
        Path dir = featuresDir.resolve(name);
        if (isCompleteEntry(dir)) {
            return Optional.of(open(dir));
        }
        return Optional.empty();
    }

    /**
     * The entry {@code name} denotes (its full name, a unique prefix or a dataset name: {@link EntryNames}), or the
     * only entry when {@code name} is null. Throws a {@code DataError} telling the user to run {@code extract} when
     * there is none, and a {@code UsageError} listing the entries when there are several or the name fits none.
     */
    public static FeatureEntry resolve(Path featuresDir, String name) {
        return resolve(featuresDir, name, Setting.key("features_dir"), Setting.key("features"));
    }

    /** As {@link #resolve(Path, String)}, naming the folder and entry options as the calling verb spells them. */
    public static FeatureEntry resolve(Path featuresDir, String name, String dirOption, String entryOption) {
        if (name != null) {
            return open(featuresDir.resolve(EntryNames.resolve(featuresDir, name)));
        }
        List<FeatureEntry> entries = list(featuresDir);
        if (entries.isEmpty()) {
            throw new DataError("expected a feature entry in " + featuresDir + ", found none" + foreignNote(featuresDir)
                    + "; run 'frozen extract' first (or pass " + dirOption + ")");
        }
        if (entries.size() == 1) {
            return entries.get(0);
        }
        throw new UsageError("several feature entries in " + featuresDir + "; choose one with " + entryOption
                + " (a unique prefix or a dataset name will do): " + EntryNames.describe(entries.stream().map(FeatureEntry::dir).toList()));
    }

    /** The folder of the entry {@code name} denotes ({@link EntryNames}) without opening it; a {@code UsageError} when none. */
    public static Path resolveDir(Path featuresDir, String name) {
        return featuresDir.resolve(EntryNames.resolve(featuresDir, name));
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
