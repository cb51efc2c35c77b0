package dev.frozen.experiments.runs;

import dev.frozen.AtomicFiles;
import dev.frozen.DataError;
import dev.frozen.FileTrees;
import dev.frozen.IoErrors;
import dev.frozen.Json;
import dev.frozen.Setting;
import dev.frozen.UsageError;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Owns the {@code <entry>/runs/} layout, as {@code FeatureStore} owns entries: {@code <id>.json} (the record)
 * and {@code <id>.model/} (the saved head). A run is published from a staging folder {@code .<id>.partial/}:
 * the model folder is renamed into place first, then the record, which is the commit point. A process killed
 * between the two renames leaves the record in the staging folder, and the next reader finishes the publish;
 * a failure before leaves only the hidden staging folder ({@code frozen cache prune} removes it).
 *
 * <p>An id is {@code yyyyMMdd-HHmmss-SSS-<head>-<6 hex>} in UTC, so ids sort by creation time and two runs
 * started in the same millisecond still differ.
 */
public final class RunStore {
    public static final String DIR = "runs";
    static final String STAGING_SUFFIX = ".partial";
    private static final DateTimeFormatter ID_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS").withZone(ZoneOffset.UTC);

    /**
     * A record as found on disk; {@code entryName} is the feature entry folder it lives in. A run is identified by
     * its record's file name ({@link #id()}); a record whose {@code run_id} or {@code model_file} says otherwise (a
     * copy, a hand edit) is {@linkplain #inconsistency() inconsistent}, and its paths never follow what it says.
     */
    public record StoredRun(Path recordFile, RunRecord record) {
        /** The run's id: the record's file name without {@code .json}. */
        public String id() {
            return idOf(recordFile);
        }

        /** Null when the record's {@code run_id} and {@code model_file} agree with its file name, else what differs. */
        public String inconsistency() {
            if (!id().equals(record.runId())) {
                return "its run_id is '" + record.runId() + "' but its file name says '" + id() + "'";
            }
            if (record.modelFile() != null && !record.modelFile().equals(modelFolderName(id()))) {
                return "its model_file is '" + record.modelFile() + "', expected '" + modelFolderName(id()) + "'";
            }
            if (record.featuresEntry() != null && !record.featuresEntry().equals(entryName())) {
                return "its features_entry is '" + record.featuresEntry() + "' but it lives in entry '" + entryName() + "'";
            }
            return null;
        }

        public Path runsDir() {
            return recordFile.getParent();
        }

        public Path entryDir() {
            return runsDir().getParent();
        }

        public String entryName() {
            return entryDir().getFileName().toString();
        }

        /** The run's model folder, {@code <id>.model} beside the record (whatever the record's content says). */
        public Path modelDir() {
            return runsDir().resolve(modelFolderName(id()));
        }
    }

    /** Writes a model into a folder that does not exist yet. */
    @FunctionalInterface
    public interface ModelWriter {
        void writeTo(Path dir);
    }

    private RunStore() {}

    public static String newRunId(String head, Instant when) {
        int random = ThreadLocalRandom.current().nextInt(1 << 24);
        return ID_TIME.format(when) + "-" + head + "-" + String.format("%06x", random);
    }

    /** The record file of {@code runId} inside a runs folder. */
    public static Path recordFile(Path runsDir, String runId) {
        return runsDir.resolve(runId + ".json");
    }

    /** The model folder name stored in {@code modelDirfile}. */
    public static String modelFolderName(String runId) {
        return runId + ".model";
    }

    /**
     * Fails unless a run can be published into {@code runsDir}: creates the folder and a hidden probe file, then
     * deletes it. Called before training, so a read-only features folder fails in seconds, not after the fit.
     */
    public static void requireWritable(Path runsDir) {
        try {
            Files.createDirectories(runsDir);
            Path probe = Files.createTempFile(runsDir, ".write-probe-", ".tmp");
            Files.delete(probe);
        } catch (IOException e) {
            throw notWritable(runsDir, e);
        }
    }

    /** The one-line message for a runs folder that cannot be written: the cause first, then the fix. */
    static DataError notWritable(Path runsDir, IOException e) {
        IoErrors.Cause c = IoErrors.cause(e);
        String head = c == IoErrors.Cause.OTHER ? "cannot write runs into " + runsDir + " (" + IoErrors.describe(e) + ")"
                : c.words + ": cannot write runs into " + runsDir;
        return new DataError(head + "; nothing was trained; " + (c == IoErrors.Cause.OTHER ? "fix the cause"
                : c.fix) + ", then rerun", e);
    }

    /**
     * Publishes a run: the model (written by {@code model} into the staging folder) and {@code record}, which
     * must name {@code modelFolderName(record.runId())} as its model. Either both appear or neither does.
     */
    public static Path publish(Path runsDir, RunRecord record, ModelWriter model) {
        String id = dev.frozen.FileNames.requirePlain(record.runId(), "the run id", runsDir);
        Path staging = runsDir.resolve("." + id + STAGING_SUFFIX);
        Path modelDir = runsDir.resolve(modelFolderName(id));
        Path file = recordFile(runsDir, id);
        boolean modelPublished = false;
        try {
            Files.createDirectories(staging);
            Path stagedModel = staging.resolve(modelFolderName(id));
            model.writeTo(stagedModel);
            syncTree(stagedModel);
            Path stagedRecord = staging.resolve(id + ".json");
            AtomicFiles.writeString(stagedRecord, toJson(record));
            AtomicFiles.move(stagedModel, modelDir, false);
            modelPublished = true;
            try {
                AtomicFiles.move(stagedRecord, file, false);
            } catch (IOException e) {
                if (!Files.isRegularFile(file)) {
                    throw e;
                }
                // A concurrent reader finished this publish for us (see finishInterrupted).
            }
            FileTrees.delete(staging);
            return file;
        } catch (IOException | DataError | java.io.UncheckedIOException e) {
            if (modelPublished && !Files.isRegularFile(file)) {
                deleteQuietly(modelDir);
            }
            deleteQuietly(staging);
            Throwable cause = e instanceof DataError && e.getCause() != null ? e.getCause() : e;
            if (e instanceof DataError de && IoErrors.cause(cause) == IoErrors.Cause.OTHER) {
                throw de;
            }
            throw IoErrors.writeFailure("run " + id, runsDir, cause,
                    "rerun the same command (nothing of this run was kept)");
        }
    }

    /** Writes a record that has no model folder (reports built from imported or test records). */
    public static Path writeRecord(Path runsDir, RunRecord record) {
        Path file = recordFile(runsDir, dev.frozen.FileNames.requirePlain(record.runId(), "the run id", runsDir));
        try {
            AtomicFiles.writeString(file, toJson(record));
            return file;
        } catch (IOException e) {
            throw IoErrors.writeFailure("run record", file, e, "rerun the same command");
        }
    }

    /** Reads one record; a file that is not a complete record is a {@link DataError} naming it. */
    public static RunRecord read(Path file) {
        RunRecord r;
        try {
            r = Json.MAPPER.readValue(file.toFile(), RunRecord.class);
        } catch (IOException e) {
            String why = e instanceof com.fasterxml.jackson.core.JsonProcessingException j ? j.getOriginalMessage()
                    : IoErrors.describe(e);
            throw new DataError("cannot read run record " + file + ": " + String.valueOf(why).lines().findFirst().orElse(""), e);
        }
        if (r == null || r.runId() == null || r.head() == null || r.params() == null) {
            throw new DataError("run record " + file + " is incomplete (it lacks run_id, head or params)");
        }
        return r;
    }

    public static String toJson(RunRecord record) {
        return Json.write(record);
    }

    /** The runs folders under {@code featuresDir} (of one entry when {@code entry} is not null). */
    public static List<Path> runsDirs(Path featuresDir, String entry) {
        if (entry != null) {
            Path dir = featuresDir.resolve(entry);
            if (!dev.frozen.features.FeatureStore.isEntryName(entry) || !Files.isDirectory(dir)) {
                throw new DataError("no feature entry '" + entry + "' under " + featuresDir);
            }
            return Files.isDirectory(dir.resolve(DIR)) ? List.of(dir.resolve(DIR)) : List.of();
        }
        if (!Files.isDirectory(featuresDir)) {
            return List.of();
        }
        try (Stream<Path> dirs = Files.list(featuresDir)) {
            // Folders with an entry's name, complete or not: runs of an entry being rebuilt or damaged stay listed.
            return dirs.filter(d -> dev.frozen.features.FeatureStore.isEntryName(d.getFileName().toString()))
                    .map(d -> d.resolve(DIR)).filter(Files::isDirectory).sorted().toList();
        } catch (IOException e) {
            throw new DataError("cannot list " + featuresDir + ": " + IoErrors.describe(e), e);
        }
    }

    /**
     * Every readable, consistent record under {@code featuresDir} (of one entry when {@code entry} is not null),
     * sorted by file. Unreadable, incomplete or inconsistent records ({@link StoredRun#inconsistency()}) are reported
     * to {@code warn} and skipped, so one bad file neither hides the rest nor shows a run twice under one id.
     */
    public static List<StoredRun> list(Path featuresDir, String entry, Consumer<String> warn) {
        List<StoredRun> found = new ArrayList<>();
        java.util.Map<String, Path> seen = new java.util.HashMap<>();
        for (Path runsDir : runsDirs(featuresDir, entry)) {
            finishInterrupted(runsDir);
            for (Path f : records(runsDir)) {
                try {
                    StoredRun run = new StoredRun(f, read(f));
                    String problem = run.inconsistency();
                    if (problem == null && seen.containsKey(run.id())) {
                        problem = "run id '" + run.id() + "' is also recorded at " + seen.get(run.id());
                    }
                    if (problem != null) {
                        warn.accept("warning: skipping run record " + f + ": inconsistent, " + problem
                                + " (a copied or edited record?); 'frozen runs rm " + run.id()
                                + " " + Setting.flag("delete") + "' removes this record alone");
                        continue;
                    }
                    seen.put(run.id(), f);
                    found.add(run);
                } catch (DataError e) {
                    warn.accept("warning: skipping " + f + ": " + e.getMessage());
                }
            }
        }
        return found;
    }

    /** The run whose id is {@code idOrPrefix} or starts with it; a {@link UsageError} when none or several match. */
    public static StoredRun find(Path featuresDir, String idOrPrefix, Consumer<String> warn) {
        List<Path> matches = new ArrayList<>();
        List<Path> exact = new ArrayList<>();
        for (Path runsDir : runsDirs(featuresDir, null)) {
            finishInterrupted(runsDir);
            for (Path f : records(runsDir)) {
                String id = idOf(f);
                if (id.equals(idOrPrefix)) {
                    exact.add(f);
                } else if (!idOrPrefix.isEmpty() && id.startsWith(idOrPrefix)) {
                    matches.add(f);
                }
            }
        }
        if (exact.size() == 1) {
            return new StoredRun(exact.get(0), read(exact.get(0)));
        }
        if (exact.size() > 1) {
            throw new UsageError("run id '" + idOrPrefix + "' is recorded in several entries under " + featuresDir + ": "
                    + exact + " (a copied entry or record); delete the copy you do not mean by hand");
        }
        if (matches.isEmpty()) {
            throw new UsageError("no run '" + idOrPrefix + "' under " + featuresDir + "; 'frozen compare' lists the runs");
        }
        if (matches.size() > 1) {
            throw new UsageError("run id '" + idOrPrefix + "' is ambiguous under " + featuresDir + ": " + matches.stream()
                    .map(p -> p.getFileName().toString().replaceFirst("\\.json$", "")).toList());
        }
        return new StoredRun(matches.get(0), read(matches.get(0)));
    }

    /**
     * Removes a run: its model folder is first moved to a hidden name (so it cannot be mistaken for a run any
     * more), then the record is deleted, then the model. Returns the paths removed.
     */
    public static List<Path> remove(StoredRun run) {
        // Only what belongs to this record file: <id>.json and <id>.model, named by the file, never by its content.
        Path model = run.modelDir();
        Path trash = run.runsDir().resolve("." + run.id() + ".removing");
        try {
            List<Path> removed = new ArrayList<>();
            if (Files.isDirectory(model) && model.getParent().equals(run.runsDir())) {
                AtomicFiles.move(model, trash, false);
                removed.add(model);
            }
            Files.deleteIfExists(run.recordFile());
            removed.add(0, run.recordFile());
            FileTrees.delete(trash);
            return removed;
        } catch (IOException e) {
            throw new DataError("cannot remove run " + run.id() + " (" + IoErrors.describe(e) + ")", e);
        }
    }

    /**
     * What an interrupted fit or removal left in a runs folder: staging folders, folders being removed, and
     * model folders that no record points at. Only files older than {@code minAgeMillis} count, so that a
     * publish in progress is not mistaken for a leftover.
     */
    public static List<Path> leftovers(Path runsDir, long minAgeMillis) {
        finishInterrupted(runsDir);
        List<Path> out = new ArrayList<>();
        long now = System.currentTimeMillis();
        for (Path p : children(runsDir)) {
            String name = p.getFileName().toString();
            boolean hidden = name.startsWith(".") && (name.endsWith(STAGING_SUFFIX) || name.endsWith(".removing")
                    || name.endsWith(".tmp"));
            boolean orphanModel = name.endsWith(".model") && Files.isDirectory(p)
                    && !Files.exists(runsDir.resolve(name.substring(0, name.length() - 6) + ".json"));
            if ((hidden || orphanModel) && now - modified(p) >= minAgeMillis) {
                out.add(p);
            }
        }
        return out;
    }

    /** Finishes publishes that were killed between their two renames (the record is still in staging). */
    static void finishInterrupted(Path runsDir) {
        for (Path staging : children(runsDir)) {
            String name = staging.getFileName().toString();
            if (!name.startsWith(".") || !name.endsWith(STAGING_SUFFIX) || !Files.isDirectory(staging)) {
                continue;
            }
            String id = name.substring(1, name.length() - STAGING_SUFFIX.length());
            Path stagedRecord = staging.resolve(id + ".json");
            Path model = runsDir.resolve(modelFolderName(id));
            if (Files.isRegularFile(stagedRecord) && Files.isDirectory(model)
                    && !Files.exists(staging.resolve(modelFolderName(id)))) {
                try {
                    AtomicFiles.move(stagedRecord, recordFile(runsDir, id), false);
                    FileTrees.delete(staging);
                } catch (IOException | DataError e) {
                    // Read-only folder or a concurrent finisher: the run stays as it was, nothing is lost.
                }
            }
        }
    }

    /** A record file's run id: its name without {@code .json}. */
    static String idOf(Path recordFile) {
        return recordFile.getFileName().toString().replaceFirst("\\.json$", "");
    }

    private static List<Path> records(Path runsDir) {
        return children(runsDir).stream().filter(p -> {
            String n = p.getFileName().toString();
            return n.endsWith(".json") && !n.startsWith(".") && Files.isRegularFile(p);
        }).toList();
    }

    private static List<Path> children(Path dir) {
        return dev.frozen.FileTrees.children(dir);
    }

    private static long modified(Path p) {
        try {
            return Files.getLastModifiedTime(p).toMillis();
        } catch (IOException e) {
            return 0;
        }
    }

    private static void syncTree(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.toList()) {
                if (Files.isRegularFile(p)) {
                    AtomicFiles.fsync(p);
                } else {
                    AtomicFiles.fsyncDir(p);
                }
            }
        }
    }

    private static void deleteQuietly(Path p) {
        try {
            FileTrees.delete(p);
        } catch (DataError ignored) {
            // Best effort; 'frozen cache prune' lists what is left.
        }
    }
}
