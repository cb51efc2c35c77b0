package dev.frozen.export;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.frozen.AtomicFiles;
import dev.frozen.DataError;
import dev.frozen.FileTrees;
import dev.frozen.IoErrors;
import dev.frozen.Json;
import dev.frozen.Setting;
import dev.frozen.UsageError;
import dev.frozen.experiments.runs.RunRecord;
import dev.frozen.experiments.runs.RunStore;
import dev.frozen.features.FeatureEntry;
import dev.frozen.features.FeatureStore;
import dev.frozen.features.Manifest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * {@code frozen runs export --format mlflow}: run records in MLflow's tracking file-store layout, so that
 * {@code mlflow ui --backend-store-uri DIR} lists them; no MLflow or Python is involved in writing. One experiment per
 * dataset (the entry's dataset name and fingerprint); each run has {@code meta.yaml}, {@code params/}, {@code metrics/}
 * ({@code timestamp value step} lines), {@code tags/} and a dataset input naming its feature entry. The folder is built
 * under a temporary name beside {@code DIR} and renamed into place, so a failure leaves no half-written store.
 */
public final class MlflowExport {
    /** MLflow's RunStatus.FINISHED and SourceType.LOCAL, stored as integers in a run's meta.yaml. */
    static final int STATUS_FINISHED = 3;
    static final int SOURCE_LOCAL = 4;
    /** MLflow refuses longer dataset digests (MAX_DATASET_DIGEST_SIZE); the full SHA-256 is in a tag. */
    static final int MAX_DIGEST = 36;
    /** What MLflow accepts as a param, metric or tag name (and what is safe as a file name here). */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.\\- ]+");

    /** One-line JSON for values stored in YAML scalars and params. */
    private static final com.fasterxml.jackson.databind.ObjectWriter COMPACT = Json.MAPPER.writer()
            .without(com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT);

    private MlflowExport() {}

    /** What was written: the store folder and its experiments by name, each with its run count. */
    public record Result(Path dir, Map<String, Integer> runsByExperiment) {}

    /**
     * Writes {@code runs} into a new MLflow file store {@code outDir}. An existing {@code outDir} is a
     * {@link UsageError} unless {@code force}, which replaces it whole. Runs whose entry manifest cannot be read go
     * to an experiment named after the entry, with a warning.
     */
    public static Result write(List<RunStore.StoredRun> runs, Path outDir, boolean force, Consumer<String> warn) {
        if (runs.isEmpty()) {
            throw new DataError("no runs to export; train one first, e.g. 'frozen fit " + Setting.flag("head") + " logreg'");
        }
        Path target = outDir.toAbsolutePath().normalize();
        if (Files.exists(target) && !force) {
            throw new UsageError(target + " already exists; add " + Setting.key("force") + " to replace it (its whole content)");
        }
        if (Files.exists(target) && !Files.isDirectory(target)) {
            throw new UsageError("-o must name a folder; " + target + " is a file");
        }
        for (RunStore.StoredRun run : runs) {
            if (run.entryDir().toAbsolutePath().normalize().startsWith(target)) {
                throw new UsageError("-o " + target + " holds the feature entry " + run.entryDir() + "; choose a folder"
                        + " outside the features folder");
            }
        }
        if (Files.isDirectory(target) && !FileTrees.children(target).isEmpty()
                && !Files.isRegularFile(target.resolve("0").resolve("meta.yaml"))) {
            // --force replaces the whole folder: only ever one that looks like an MLflow store.
            throw new UsageError(target + " is not empty and is not an MLflow file store (no 0/meta.yaml); choose"
                    + " another folder");
        }
        Map<String, List<Source>> experiments = group(runs, warn);
        Path parent = target.getParent();
        Path staging = parent.resolve("." + target.getFileName() + ".partial-" + UUID.randomUUID());
        Map<String, Integer> counts = new LinkedHashMap<>();
        try {
            Files.createDirectories(staging);
            long now = System.currentTimeMillis();
            writeExperiment(staging, target, "0", "Default", now, now, Map.of());
            Files.createDirectories(staging.resolve(".trash"));
            int id = 1;
            for (Map.Entry<String, List<Source>> e : experiments.entrySet()) {
                String expId = Integer.toString(id++);
                List<Source> group = e.getValue();
                long created = group.stream().mapToLong(s -> startMillis(s.run.record())).min().orElse(now);
                long updated = group.stream().mapToLong(s -> endMillis(s.run.record())).max().orElse(now);
                Map<String, String> tags = new TreeMap<>();
                Manifest.Dataset dataset = group.get(0).dataset();
                if (dataset != null) {
                    tags.put("frozen.dataset", dataset.name());
                    tags.put("frozen.dataset_fingerprint", String.valueOf(dataset.fingerprint()));
                }
                Path expDir = writeExperiment(staging, target, expId, e.getKey(), created, updated, tags);
                for (Source s : group) {
                    writeRun(expDir, target.resolve(expId), expId, s, warn);
                }
                counts.put(e.getKey(), group.size());
            }
            publish(staging, target);
            return new Result(target, counts);
        } catch (IOException e) {
            throw IoErrors.writeFailure("MLflow export", target, e, "rerun the same command (nothing was published)");
        } finally {
            if (Files.exists(staging)) {
                try {
                    FileTrees.delete(staging);
                } catch (DataError ignored) {
                    // A hidden leftover beside DIR is never mistaken for the store.
                }
            }
        }
    }

    /** A run with the entry it was fitted on (empty when its manifest is unreadable or gone). */
    private record Source(RunStore.StoredRun run, Optional<FeatureEntry> entry) {
        Manifest.Dataset dataset() {
            return entry.map(e -> e.manifest().dataset()).orElse(null);
        }
    }

    /** Runs by experiment name, experiments in name order, runs in id (time) order. */
    private static Map<String, List<Source>> group(List<RunStore.StoredRun> runs, Consumer<String> warn) {
        Map<Path, Optional<FeatureEntry>> entries = new HashMap<>();
        Map<String, List<Source>> byKey = new TreeMap<>();
        Map<String, String> fingerprintsByName = new HashMap<>();
        List<Source> sources = new ArrayList<>();
        for (RunStore.StoredRun run : runs) {
            Optional<FeatureEntry> entry = entries.computeIfAbsent(run.entryDir(), dir -> {
                try {
                    return Optional.of(FeatureStore.open(dir));
                } catch (DataError e) {
                    warn.accept("warning: " + e.getMessage());
                    return Optional.empty();
                }
            });
            Source s = new Source(run, entry);
            sources.add(s);
            Manifest.Dataset d = s.dataset();
            if (d != null) {
                fingerprintsByName.merge(d.name(), String.valueOf(d.fingerprint()), (a, b) -> a.equals(b) ? a : "");
            }
        }
        for (Source s : sources) {
            Manifest.Dataset d = s.dataset();
            String name;
            if (d == null) {
                name = "frozen: entry " + s.run.entryName();
            } else if (fingerprintsByName.get(d.name()).isEmpty()) {
                // Two datasets share a name (e.g. two folders called "images"): the fingerprint tells them apart.
                String fp = String.valueOf(d.fingerprint()).replaceFirst("^[a-z0-9]+:", "");
                name = "frozen: " + d.name() + " (" + fp.substring(0, Math.min(8, fp.length())) + ")";
            } else {
                name = "frozen: " + d.name();
            }
            byKey.computeIfAbsent(name, k -> new ArrayList<>()).add(s);
        }
        byKey.values().forEach(l -> l.sort(java.util.Comparator.comparing(s -> s.run.record().runId())));
        return byKey;
    }

    private static Path writeExperiment(Path root, Path finalRoot, String id, String name, long created, long updated,
            Map<String, String> tags) throws IOException {
        Path dir = Files.createDirectories(root.resolve(id));
        Map<String, Object> meta = new TreeMap<>();
        meta.put("artifact_location", uri(finalRoot.resolve(id)));
        meta.put("creation_time", created);
        meta.put("experiment_id", id);
        meta.put("last_update_time", updated);
        meta.put("lifecycle_stage", "active");
        meta.put("name", name);
        write(dir.resolve("meta.yaml"), yaml(meta));
        for (Map.Entry<String, String> t : tags.entrySet()) {
            write(Files.createDirectories(dir.resolve("tags")).resolve(t.getKey()), t.getValue());
        }
        return dir;
    }

    private static void writeRun(Path expDir, Path finalExpDir, String expId, Source s, Consumer<String> warn)
            throws IOException {
        RunRecord r = s.run.record();
        String runUuid = mlflowRunId(r.runId());
        Path dir = Files.createDirectories(expDir.resolve(runUuid));
        Files.createDirectories(dir.resolve("artifacts"));
        long start = startMillis(r);
        long end = endMillis(r);
        Map<String, Object> meta = new TreeMap<>();
        meta.put("artifact_uri", uri(finalExpDir.resolve(runUuid).resolve("artifacts")));
        meta.put("deleted_time", null);
        meta.put("end_time", end);
        meta.put("entry_point_name", "");
        meta.put("experiment_id", expId);
        meta.put("lifecycle_stage", "active");
        meta.put("run_id", runUuid);
        meta.put("run_name", r.runId());
        meta.put("run_uuid", runUuid);
        meta.put("source_name", "");
        meta.put("source_type", SOURCE_LOCAL);
        meta.put("source_version", "");
        meta.put("start_time", start);
        meta.put("status", STATUS_FINISHED);
        meta.put("tags", List.of());
        meta.put("user_id", System.getProperty("user.name", "frozen"));
        write(dir.resolve("meta.yaml"), yaml(meta));

        Path params = Files.createDirectories(dir.resolve("params"));
        for (Map.Entry<String, String> p : params(r, s.entry).entrySet()) {
            if (checkedName(p.getKey(), "param", r, warn)) {
                write(params.resolve(p.getKey()), p.getValue());
            }
        }
        Path metrics = Files.createDirectories(dir.resolve("metrics"));
        for (Map.Entry<String, List<double[]>> m : metrics(r).entrySet()) {
            if (!checkedName(m.getKey(), "metric", r, warn)) {
                continue;
            }
            StringBuilder lines = new StringBuilder();
            for (double[] valueAndStep : m.getValue()) {
                lines.append(end).append(' ').append(valueAndStep[0]).append(' ').append((long) valueAndStep[1]).append('\n');
            }
            write(metrics.resolve(m.getKey()), lines.toString());
        }
        Path tags = Files.createDirectories(dir.resolve("tags"));
        for (Map.Entry<String, String> t : tags(r, s).entrySet()) {
            write(tags.resolve(t.getKey()), t.getValue());
        }
        if (s.entry.isPresent()) {
            writeDatasetInput(expDir, dir, runUuid, s.entry.get(), r);
        }
    }

    /** The run's settings: the head's options as fitted, then how it was fitted and on what. */
    static Map<String, String> params(RunRecord r, Optional<FeatureEntry> entry) throws JsonProcessingException {
        Map<String, String> p = new TreeMap<>();
        for (Map.Entry<String, Object> o : r.params().entrySet()) {
            Object v = o.getValue();
            p.put(o.getKey(), v instanceof String str ? str : COMPACT.writeValueAsString(v));
        }
        p.put("head", r.head());
        p.put("seed", Long.toString(r.seed()));
        p.put("val_fraction", Double.toString(r.valFraction()));
        p.put("layer", r.layer());
        p.put("input_size", Integer.toString(r.inputSize()));
        entry.ifPresent(e -> {
            p.put("pooling", e.manifest().poolingMode().id());
            p.put("precision", e.manifest().precisionMode().id());
            p.put("preprocessing", e.manifest().preprocessing());
            p.put("weights", e.manifest().weights().id());
        });
        return p;
    }

    /** Each metric's values as (value, step); one step each but the search's per-setting scores. */
    static Map<String, List<double[]>> metrics(RunRecord r) {
        Map<String, List<double[]>> m = new TreeMap<>();
        m.put("test_accuracy", List.<double[]>of(new double[] {r.testAccuracy(), 0}));
        if (r.valAccuracy() != null) {
            m.put("val_accuracy", List.<double[]>of(new double[] {r.valAccuracy(), 0}));
        }
        m.put("fit_seconds", List.<double[]>of(new double[] {r.fitSeconds(), 0}));
        m.put("predict_seconds", List.<double[]>of(new double[] {r.predictSeconds(), 0}));
        m.put("train_rows", List.<double[]>of(new double[] {r.trainRows(), 0}));
        m.put("val_rows", List.<double[]>of(new double[] {r.valRows(), 0}));
        m.put("test_rows", List.<double[]>of(new double[] {r.testRows(), 0}));
        m.put("settings_tried", List.<double[]>of(new double[] {r.settingsTried(), 0}));
        if (r.perClassAccuracy() != null && r.classNames() != null) {
            for (int c = 0; c < r.perClassAccuracy().size() && c < r.classNames().size(); c++) {
                Double acc = r.perClassAccuracy().get(c);
                if (acc != null) {
                    m.put("test_accuracy_class/" + safeName(r.classNames().get(c)), List.<double[]>of(new double[] {acc, 0}));
                }
            }
        }
        if (r.search() != null) {
            for (int i = 0; i < r.search().size(); i++) {
                for (String key : List.of("val_accuracy", "cv_accuracy")) {
                    if (r.search().get(i).get(key) instanceof Number score) {
                        m.computeIfAbsent("search_" + key, k -> new ArrayList<>()).add(new double[] {score.doubleValue(), i});
                    }
                }
            }
        }
        return m;
    }

    /** MLflow's own tags (run name, source, user, a note) and frozen's provenance. */
    private static Map<String, String> tags(RunRecord r, Source s) {
        Map<String, String> t = new TreeMap<>();
        t.put("mlflow.runName", r.runId());
        t.put("mlflow.source.type", "LOCAL");
        t.put("mlflow.source.name", "frozen fit");
        t.put("mlflow.user", System.getProperty("user.name", "frozen"));
        t.put("mlflow.note.content", "frozen run " + r.runId() + ": " + r.head() + " head on feature entry "
                + s.run.entryName() + " (" + r.layer() + ", " + r.inputSize() + " px).");
        t.put("frozen.run_id", r.runId());
        t.put("frozen.entry", s.run.entryName());
        t.put("frozen.head", r.head());
        t.put("frozen.model_dir", s.run.modelDir().toAbsolutePath().toString());
        if (r.versions() != null && r.versions().get("frozen") != null) {
            t.put("frozen.version", r.versions().get("frozen"));
        }
        if (r.featuresSha256() != null) {
            t.put("frozen.features_sha256", r.featuresSha256());
        }
        if (r.manifestSha256() != null) {
            t.put("frozen.manifest_sha256", r.manifestSha256());
        }
        s.entry.ifPresent(e -> {
            t.put("frozen.weights", e.manifest().weights().id());
            t.put("frozen.weights_sha256", weightsDigest(e.manifest().weights()));
            String stale = dev.frozen.experiments.runs.Staleness.of(r, null, e);
            if (stale != null) {
                t.put("frozen.stale", stale);
            }
        });
        return t;
    }

    /**
     * The entry as the run's dataset input: {@code <experiment>/datasets/<id>/meta.yaml} (name = entry key, digest =
     * the weights' SHA-256 cut to MLflow's 36 characters) and {@code <run>/inputs/<id>/meta.yaml}, with the ids MLflow
     * derives (MD5 of name and digest; of dataset id and run id).
     */
    private static void writeDatasetInput(Path expDir, Path runDir, String runUuid, FeatureEntry entry, RunRecord r)
            throws IOException {
        Manifest m = entry.manifest();
        String name = entry.name();
        String digest = weightsDigest(m.weights()).substring(0, MAX_DIGEST);
        String datasetId = md5Hex(name + digest);
        Path datasetDir = expDir.resolve("datasets").resolve(datasetId);
        if (!Files.exists(datasetDir.resolve("meta.yaml"))) {
            Files.createDirectories(datasetDir);
            Map<String, Object> profile = new LinkedHashMap<>();
            profile.put("rows", m.rows());
            profile.put("feature_dim", m.featureDim());
            profile.put("classes", m.classNames().size());
            Map<String, Object> meta = new TreeMap<>();
            meta.put("digest", digest);
            meta.put("name", name);
            meta.put("profile", COMPACT.writeValueAsString(profile));
            meta.put("schema", null);
            meta.put("source", COMPACT.writeValueAsString(Map.of("uri", entry.dir().toAbsolutePath().toUri().toString())));
            meta.put("source_type", "local");
            write(datasetDir.resolve("meta.yaml"), yaml(meta));
        }
        Path inputDir = Files.createDirectories(runDir.resolve("inputs").resolve(md5Hex(datasetId + runUuid)));
        Map<String, Object> input = new TreeMap<>();
        input.put("destination_id", runUuid);
        input.put("destination_type", "RUN");
        input.put("source_id", datasetId);
        input.put("source_type", "DATASET");
        input.put("tags", Map.of("mlflow.data.context", "train"));
        write(inputDir.resolve("meta.yaml"), yaml(input));
    }

    /**
     * The weights' SHA-256; for {@code random:SEED} weights, which have no file (and no recorded digest), the SHA-256
     * of their id, which determines them.
     */
    static String weightsDigest(Manifest.Weights w) {
        return w.sha256() != null ? w.sha256()
                : dev.frozen.features.Integrity.sha256(("weights:" + w.id()).getBytes(StandardCharsets.UTF_8));
    }

    /** A stable 32-hex MLflow run id for a frozen run id: a re-export gives the same ids. */
    public static String mlflowRunId(String frozenRunId) {
        return UUID.nameUUIDFromBytes(("frozen-run:" + frozenRunId).getBytes(StandardCharsets.UTF_8)).toString()
                .replace("-", "");
    }

    static long endMillis(RunRecord r) {
        try {
            return Instant.parse(r.created()).toEpochMilli();
        } catch (RuntimeException e) {
            return 0;
        }
    }

    static long startMillis(RunRecord r) {
        return endMillis(r) - Math.round((r.fitSeconds() + r.predictSeconds()) * 1000);
    }

    /** A file: URI without the trailing slash {@link Path#toUri()} adds for a folder that exists (as MLflow writes them). */
    private static String uri(Path p) {
        return p.toAbsolutePath().toUri().toString().replaceFirst("/$", "");
    }

    private static boolean checkedName(String name, String what, RunRecord r, Consumer<String> warn) {
        if (NAME.matcher(name).matches() || name.startsWith("test_accuracy_class/")) {
            return true;
        }
        warn.accept("warning: run " + r.runId() + ": " + what + " '" + name + "' is not a name MLflow accepts; left out");
        return false;
    }

    /** A class name as a path-safe metric name part: letters, digits, '_', '-', '.', never a leading dot. */
    static String safeName(String s) {
        String clean = s.replaceAll("[^A-Za-z0-9_.\\-]", "_");
        return clean.isEmpty() || clean.startsWith(".") ? "_" + clean : clean;
    }

    /** A flat YAML mapping: strings single-quoted, numbers plain, null, an empty list, or a nested string map. */
    static String yaml(Map<String, Object> m) {
        StringBuilder out = new StringBuilder();
        for (Map.Entry<String, Object> e : m.entrySet()) {
            out.append(e.getKey()).append(':');
            Object v = e.getValue();
            if (v instanceof Map<?, ?> nested) {
                if (nested.isEmpty()) {
                    out.append(" {}\n");
                    continue;
                }
                out.append('\n');
                for (Map.Entry<?, ?> n : new TreeMap<>(nested).entrySet()) {
                    out.append("  ").append(quote(String.valueOf(n.getKey()))).append(": ")
                            .append(quote(String.valueOf(n.getValue()))).append('\n');
                }
                continue;
            }
            out.append(' ');
            if (v == null) {
                out.append("null");
            } else if (v instanceof List<?> list && list.isEmpty()) {
                out.append("[]");
            } else if (v instanceof Number n) {
                out.append(n);
            } else {
                out.append(quote(String.valueOf(v)));
            }
            out.append('\n');
        }
        return out.toString();
    }

    private static String quote(String s) {
        return "'" + s.replace("'", "''").replace("\n", " ") + "'";
    }

    private static String md5Hex(String s) {
        try {
            byte[] d = MessageDigest.getInstance("MD5").digest(s.getBytes(StandardCharsets.UTF_8));
            StringBuilder hex = new StringBuilder();
            for (byte b : d) {
                hex.append(String.format(Locale.ROOT, "%02x", b));
            }
            return hex.toString();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent()); // metric names with '/' are nested folders, as MLflow stores them
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }

    /** Renames the finished store into place; an old one (with --force) is moved aside first and removed after. */
    private static void publish(Path staging, Path target) throws IOException {
        Path old = null;
        if (Files.exists(target)) {
            old = target.resolveSibling("." + target.getFileName() + ".old-" + UUID.randomUUID());
            AtomicFiles.move(target, old, false);
        }
        AtomicFiles.move(staging, target, false);
        if (old != null) {
            FileTrees.delete(old);
        }
    }
}
