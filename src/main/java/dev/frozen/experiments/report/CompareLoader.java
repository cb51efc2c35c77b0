package dev.frozen.experiments.report;

import dev.frozen.DataError;
import dev.frozen.Json;
import dev.frozen.experiments.runs.RunRecord;
import dev.frozen.experiments.runs.RunStore;
import dev.frozen.experiments.runs.Staleness;
import dev.frozen.experiments.runs.TestPredictions;
import dev.frozen.features.FeatureEntry;
import dev.frozen.features.FeatureStore;
import dev.frozen.features.Manifest;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Gathers the run records that {@code compare} ranks: reads every entry's runs, applies the filters, folds duplicate
 * runs (a pipeline run twice records the same fits twice) and splits the rest into one {@link CompareReport} per
 * test set. It also counts what exists, so that a filter matching nothing can list what would have matched.
 */
public final class CompareLoader {
    private CompareLoader() {}

    /** What to keep; a null field keeps everything. {@code dataset} matches a dataset's name or its kind. */
    public record Filter(String entry, String head, String dataset, String pipeline) {
        public static final Filter ALL = new Filter(null, null, null, null);
    }

    /**
     * The reports, largest test set first; {@code folded}: duplicate runs left out; {@code datasets} and
     * {@code pipelines}: run counts per dataset name and per pipeline among all runs of the searched entries,
     * before the dataset, head and pipeline filters.
     */
    public record Loaded(List<CompareReport> groups, int folded, Map<String, Integer> datasets,
            Map<String, Integer> pipelines) {}

    /**
     * Reads {@code <featuresDir>/<entry>/runs/*.json} (every entry when {@code filter.entry()} is null; unreadable
     * records are reported to {@code warn} and skipped). Runs are grouped by the fingerprint of the dataset their
     * entry was extracted from and its test split, so no table ranks, ties or plots runs scored on different rows.
     */
    public static Loaded load(Path featuresDir, Filter filter, Consumer<String> warn) {
        List<String> allIds = new ArrayList<>();
        for (RunStore.StoredRun run : RunStore.list(featuresDir, null, warn)) {
            allIds.add(run.record().runId()); // prefixes must be unique among all runs, as predict --run searches all
        }
        List<RunStore.StoredRun> stored = new ArrayList<>(RunStore.list(featuresDir, filter.entry(), w -> {}));
        // Newest first, so the run kept of a set of duplicates is the latest one.
        stored.sort(Comparator.comparing((RunStore.StoredRun s) -> s.record().runId()).reversed());

        Map<String, List<RunRecord>> byGroup = new LinkedHashMap<>();
        Map<String, String> labels = new HashMap<>();
        Map<String, String> stale = new HashMap<>();
        Map<String, TestPredictions> preds = new HashMap<>();
        Map<Path, Optional<FeatureEntry>> entries = new HashMap<>();
        Map<String, Integer> datasets = new TreeMap<>();
        Map<String, Integer> pipelines = new TreeMap<>();
        Set<String> seen = new HashSet<>();
        int folded = 0;
        for (RunStore.StoredRun run : stored) {
            RunRecord r = run.record();
            Optional<FeatureEntry> current = entries.computeIfAbsent(run.entryDir(), dir -> entry(featuresDir, dir, warn));
            Manifest.Dataset dataset = current.map(e -> e.manifest().dataset()).orElse(null);
            if (dataset != null) {
                datasets.merge(dataset.name(), 1, Integer::sum);
            }
            if (r.pipeline() != null) {
                pipelines.merge(r.pipeline(), 1, Integer::sum);
            }
            if (!kept(filter, r, dataset)) {
                continue;
            }
            if (!seen.add(duplicateKey(run))) {
                folded++;
                continue;
            }
            TestSet set = testSet(run, dataset);
            byGroup.computeIfAbsent(set.key(), k -> new ArrayList<>()).add(r);
            labels.put(set.key(), set.label());
            String reason = Staleness.of(r, null, current.orElse(null));
            if (reason != null) {
                stale.put(r.runId(), reason);
            }
            try {
                TestPredictions.read(run.modelDir()).ifPresent(p -> preds.put(r.runId(), p));
            } catch (DataError e) {
                warn.accept("warning: " + e.getMessage() + "; run " + r.runId() + " gets no significance test");
            }
        }
        Map<String, String> ids = CompareReport.shortIds(allIds);
        List<CompareReport> out = new ArrayList<>();
        for (Map.Entry<String, List<RunRecord>> g : byGroup.entrySet()) {
            out.add(new CompareReport(g.getValue(), stale, preds, labels.get(g.getKey()), ids));
        }
        out.sort(Comparator.comparingInt((CompareReport c) -> -c.runs().size()).thenComparing(CompareReport::group));
        return new Loaded(out, folded, datasets, pipelines);
    }

    /**
     * The runs just recorded under {@code featuresDir} (one pipeline's, all on one dataset), with their saved test
     * predictions, so the table carries paired tests as 'frozen compare' would show them.
     */
    public static CompareReport ofRecorded(List<RunRecord> runs, Path featuresDir) {
        Map<String, TestPredictions> preds = new HashMap<>();
        for (RunRecord r : runs) {
            try {
                RunStore.StoredRun stored = RunStore.find(featuresDir, r.runId(), w -> {});
                TestPredictions.read(stored.modelDir()).ifPresent(p -> preds.put(r.runId(), p));
            } catch (RuntimeException e) {
                // A run that cannot be found again just gets no paired test; the table still shows it.
            }
        }
        return new CompareReport(runs, Map.of(), preds, "", null);
    }

    /** The entry a run folder belongs to, empty when its manifest cannot be read (said once to {@code warn}). */
    private static Optional<FeatureEntry> entry(Path featuresDir, Path entryDir, Consumer<String> warn) {
        try {
            return FeatureStore.find(featuresDir, entryDir.getFileName().toString());
        } catch (DataError e) {
            warn.accept("warning: " + e.getMessage());
            return Optional.empty();
        }
    }

    /** Whether a run passes the head, pipeline and dataset filters ({@code dataset} null: its entry is unreadable). */
    private static boolean kept(Filter filter, RunRecord r, Manifest.Dataset dataset) {
        if (filter.head() != null && !filter.head().equals(r.head())) {
            return false;
        }
        if (filter.pipeline() != null && !filter.pipeline().equals(r.pipeline())) {
            return false;
        }
        return filter.dataset() == null || dataset != null
                && (filter.dataset().equals(dataset.name()) || filter.dataset().equals(dataset.kind()));
    }

    /** The test set a run was scored on: its grouping key and the label a report shows for it. */
    private record TestSet(String key, String label) {}

    private static TestSet testSet(RunStore.StoredRun run, Manifest.Dataset dataset) {
        RunRecord r = run.record();
        if (dataset == null) {
            return new TestSet("entry|" + run.entryName() + "|" + r.testRows(), "entry " + run.entryName()
                    + " (its manifest is unreadable; test set unknown, " + r.testRows() + " rows)");
        }
        String fp = dataset.fingerprint() == null ? "?" : dataset.fingerprint().replaceFirst("^[a-z0-9]+:", "");
        return new TestSet(dataset.fingerprint() + "|test|" + r.testRows(), dataset.name() + " test split ("
                + fp.substring(0, Math.min(8, fp.length())) + ", " + r.testRows() + " rows)");
    }

    /**
     * Two runs with the same key are the same fit repeated: same head, params (as recorded, including what training
     * chose), seed, validation split, search, entry folder and features. Timings and run ids are not part of it.
     */
    static String duplicateKey(RunStore.StoredRun run) {
        RunRecord r = run.record();
        Map<String, Object> key = new TreeMap<>();
        key.put("entry", run.entryName());
        key.put("head", r.head());
        key.put("params", sorted(r.params()));
        key.put("seed", r.seed());
        key.put("val_fraction", r.valFraction());
        key.put("train_rows", r.trainRows());
        key.put("features_sha256", r.featuresSha256());
        key.put("search", r.search() == null ? null : r.search().stream().map(s -> sorted(s.get("params"))).toList());
        return Json.write(key);
    }

    private static Object sorted(Object value) {
        if (value instanceof Map<?, ?> m) {
            Map<String, Object> out = new TreeMap<>();
            m.forEach((k, v) -> out.put(String.valueOf(k), sorted(v)));
            return out;
        }
        return value;
    }
}
