package dev.frozen.experiments;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.frozen.DataError;
import dev.frozen.Json;
import dev.frozen.features.FeatureEntry;
import dev.frozen.features.FeatureStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Run records gathered across feature entries, ranked by test accuracy (best first; ties by run id), and
 * rendered as a table, Markdown, CSV or JSON. Rank 1 is the best run. Building the report never draws;
 * {@link ComparePlots} draws it.
 */
public final class CompareReport {
    private static final String[] HEADERS = {"#", "id", "head", "params", "tried", "entry", "layer", "input", "val_acc",
        "test_acc", "95% CI", "p_vs_best", "fit_s"};
    private static final boolean[] RIGHT = {true, false, false, false, true, false, false, true, true, true, false, true, true};
    /** Significance level below which a run is called worse than the best of its group. */
    static final double ALPHA = 0.05;

    private final List<RunRecord> runs;
    private final Map<String, String> stale;
    private final Map<String, TestPredictions> predictions;
    private final String group;
    private final Map<String, String> shortIds;

    public CompareReport(List<RunRecord> runs) {
        this(runs, Map.of());
    }

    /** {@code stale} maps run ids to why the run no longer matches its entry (see {@link Staleness}). */
    public CompareReport(List<RunRecord> runs, Map<String, String> stale) {
        this(runs, stale, Map.of(), "", null);
    }

    /**
     * One ranked table of runs scored on the same test rows ({@code group} names that test set). {@code predictions}
     * holds the per-row answers of the runs that kept them (for McNemar tests, log-loss and calibration);
     * {@code shortIds} maps run ids to the prefixes shown (null: full ids).
     */
    public CompareReport(List<RunRecord> runs, Map<String, String> stale, Map<String, TestPredictions> predictions,
            String group, Map<String, String> shortIds) {
        List<RunRecord> sorted = new ArrayList<>(runs);
        sorted.sort(Comparator.comparingDouble(RunRecord::testAccuracy).reversed().thenComparing(RunRecord::runId));
        this.runs = List.copyOf(sorted);
        this.stale = Map.copyOf(stale);
        this.predictions = Map.copyOf(predictions);
        this.group = group;
        this.shortIds = shortIds == null ? shortIds(runs.stream().map(RunRecord::runId).toList()) : Map.copyOf(shortIds);
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

    /** The test set this table ranks on, e.g. "cifar10 test split (3f2a9c1d, 10000 rows)". */
    public String group() {
        return group;
    }

    /** The saved test predictions of a run (a multi-seed run's are its seed-majority vote), or null. */
    TestPredictions predictionsOf(String runId) {
        return predictions.get(runId);
    }

    /** The 95% Wilson interval of a run's test accuracy. */
    public static double[] ci95(RunRecord r) {
        long correct = Math.round(r.testAccuracy() * r.testRows());
        return Stats.wilson(correct, r.testRows());
    }

    /**
     * Exact McNemar p-value of {@code r} against the best run on the same test rows; null for the best run itself or
     * when either run has no saved predictions (runs recorded before they were kept).
     */
    public Double pValueVsBest(RunRecord r) {
        RunRecord best = best();
        if (best == null || r.runId().equals(best.runId())) {
            return null;
        }
        TestPredictions a = predictions.get(best.runId());
        TestPredictions b = predictions.get(r.runId());
        if (a == null || b == null || !java.util.Arrays.equals(a.labels(), b.labels())) {
            return null;
        }
        return Stats.mcnemarExact(a.labels(), a.predicted(), b.predicted());
    }

    /** The best run, and every run whose difference from it is not significant at {@link #ALPHA}. */
    public boolean tiedWithBest(RunRecord r) {
        if (best() != null && r.runId().equals(best().runId())) {
            return true;
        }
        Double p = pValueVsBest(r);
        return p != null && p >= ALPHA;
    }

    /** For each id, a prefix that no other id starts with, one length for all (what {@code predict --run} accepts). */
    public static Map<String, String> shortIds(java.util.Collection<String> ids) {
        // One length for every id (the longest any of them needs), so the column lines up and reads as a time.
        int len = 1;
        for (String id : ids) {
            for (String other : ids) {
                if (other.equals(id)) {
                    continue;
                }
                int common = 0;
                while (common < id.length() && common < other.length() && id.charAt(common) == other.charAt(common)) {
                    common++;
                }
                len = Math.max(len, common + 1);
            }
        }
        Map<String, String> out = new HashMap<>();
        for (String id : ids) {
            out.put(id, id.substring(0, Math.min(id.length(), len)));
        }
        return out;
    }

    /**
     * Reads {@code <featuresDir>/<entry>/runs/*.json} (every entry when {@code entry} is null; unreadable records are
     * reported to {@code warn} and skipped) and splits the runs into one report per test set: runs are grouped by the
     * fingerprint of the dataset their entry was extracted from and its test split, so no table ranks, ties or
     * plots runs scored on different rows. {@code dataset} (null = any) keeps only groups whose dataset name or kind
     * equals it. Groups come largest first.
     */
    public static List<CompareReport> loadGroups(Path featuresDir, String entry, String head, String dataset,
            Consumer<String> warn) {
        Map<String, List<RunRecord>> byGroup = new java.util.LinkedHashMap<>();
        Map<String, String> labels = new HashMap<>();
        Map<String, String> stale = new HashMap<>();
        Map<String, TestPredictions> preds = new HashMap<>();
        Map<Path, Optional<FeatureEntry>> entries = new HashMap<>();
        List<String> allIds = new ArrayList<>();
        for (RunStore.StoredRun run : RunStore.list(featuresDir, null, warn)) {
            allIds.add(run.record().runId()); // prefixes must be unique among all runs, as predict --run searches all
        }
        for (RunStore.StoredRun run : RunStore.list(featuresDir, entry, w -> {})) {
            RunRecord r = run.record();
            if (head != null && !head.equals(r.head())) {
                continue;
            }
            Optional<FeatureEntry> current = entries.computeIfAbsent(run.entryDir(), dir -> {
                try {
                    return FeatureStore.find(featuresDir, dir.getFileName().toString());
                } catch (DataError e) {
                    warn.accept("warning: " + e.getMessage());
                    return Optional.empty();
                }
            });
            String key;
            String label;
            if (current.isPresent()) {
                var d = current.get().manifest().dataset();
                if (dataset != null && !dataset.equals(d.name()) && !dataset.equals(d.kind())) {
                    continue;
                }
                String fp = d.fingerprint() == null ? "?" : d.fingerprint().replaceFirst("^[a-z0-9]+:", "");
                key = d.fingerprint() + "|test|" + r.testRows();
                label = d.name() + " test split (" + fp.substring(0, Math.min(8, fp.length())) + ", " + r.testRows() + " rows)";
            } else {
                if (dataset != null) {
                    continue;
                }
                key = "entry|" + run.entryName() + "|" + r.testRows();
                label = "entry " + run.entryName() + " (its manifest is unreadable; test set unknown, " + r.testRows() + " rows)";
            }
            byGroup.computeIfAbsent(key, k -> new ArrayList<>()).add(r);
            labels.put(key, label);
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
        Map<String, String> ids = shortIds(allIds);
        List<CompareReport> out = new ArrayList<>();
        for (Map.Entry<String, List<RunRecord>> g : byGroup.entrySet()) {
            out.add(new CompareReport(g.getValue(), stale, preds, labels.get(g.getKey()), ids));
        }
        out.sort(Comparator.comparingInt((CompareReport c) -> -c.runs().size()).thenComparing(CompareReport::group));
        return out;
    }

    /** Why the run no longer matches its entry, or null when it does. */
    public String staleReason(RunRecord r) {
        return stale.get(r.runId());
    }

    /** Runs, best first. */
    public List<RunRecord> runs() {
        return runs;
    }

    public boolean isEmpty() {
        return runs.isEmpty();
    }

    public RunRecord best() {
        return runs.isEmpty() ? null : runs.get(0);
    }

    public String render(ReportFormat format) {
        return switch (format) {
            case TABLE -> table();
            case MARKDOWN -> markdown();
            case CSV -> csv();
            case JSON -> json();
        };
    }

    private List<String[]> cells() {
        List<String[]> rows = new ArrayList<>();
        for (int i = 0; i < runs.size(); i++) {
            RunRecord r = runs.get(i);
            double[] ci = ci95(r);
            Double p = pValueVsBest(r);
            rows.add(new String[] {
                String.valueOf(i + 1) + (stale.containsKey(r.runId()) ? "!" : ""), shortIds.getOrDefault(r.runId(), r.runId()),
                r.head(), ParamSummary.of(r.head(), r.params()), String.valueOf(r.settingsTried()), r.featuresEntry(),
                String.valueOf(r.layer()), String.valueOf(r.inputSize()),
                r.valAccuracy() == null ? "-" : acc(r.valAccuracy()), acc(r.testAccuracy()),
                String.format(Locale.ROOT, "%.3f-%.3f", ci[0], ci[1]),
                i == 0 ? "best" : p == null ? "n/a" : pValue(p),
                String.format(Locale.ROOT, "%.1f", r.fitSeconds())});
        }
        return rows;
    }

    private String table() {
        List<String[]> rows = cells();
        int[] width = new int[HEADERS.length];
        for (int c = 0; c < HEADERS.length; c++) {
            width[c] = HEADERS[c].length();
            for (String[] row : rows) {
                width[c] = Math.max(width[c], row[c].length());
            }
        }
        StringBuilder out = new StringBuilder();
        tableLine(out, "  ", HEADERS, width);
        for (int i = 0; i < rows.size(); i++) {
            tableLine(out, tiedWithBest(runs.get(i)) ? "* " : "  ", rows.get(i), width);
        }
        out.append("* ").append(FOOTNOTE).append('\n');
        out.append(SeedSpread.block(runs, id -> shortIds.getOrDefault(id, id)));
        if (!stale.isEmpty()) {
            out.append(STALE_NOTE).append('\n');
        }
        return out.toString();
    }

    private static void tableLine(StringBuilder out, String marker, String[] row, int[] width) {
        StringBuilder line = new StringBuilder(marker);
        for (int c = 0; c < row.length; c++) {
            if (c > 0) {
                line.append("  ");
            }
            String pad = " ".repeat(width[c] - row[c].length());
            line.append(RIGHT[c] ? pad + row[c] : row[c] + pad);
        }
        out.append(line.toString().stripTrailing()).append('\n');
    }

    static final String FOOTNOTE = "best test accuracy, or tied with it: exact McNemar test on the same test rows, "
            + "p >= 0.05 (n/a: a run without saved predictions); 95% CI: Wilson score interval";

    private static String pValue(double p) {
        return p < 0.0001 ? "<0.0001" : String.format(Locale.ROOT, "%.4f", p);
    }

    private static final String STALE_NOTE = "! stale: fitted on features that its entry no longer holds "
            + "(re-extracted since); refit it, or remove it with 'frozen runs rm RUN --delete'";

    private String markdown() {
        StringBuilder out = new StringBuilder("| best | ").append(String.join(" | ", HEADERS)).append(" |\n|---|");
        for (boolean right : RIGHT) {
            out.append(right ? "---:|" : "---|");
        }
        out.append('\n');
        List<String[]> rows = cells();
        for (int i = 0; i < rows.size(); i++) {
            out.append("| ").append(tiedWithBest(runs.get(i)) ? "best" : "").append(" | ");
            String[] row = rows.get(i).clone();
            for (int c = 0; c < row.length; c++) {
                row[c] = row[c].replace("|", "\\|");
            }
            out.append(String.join(" | ", row)).append(" |\n");
        }
        out.append('\n').append("'best' marks the ").append(FOOTNOTE).append('\n');
        String seeds = SeedSpread.block(runs, id -> shortIds.getOrDefault(id, id));
        if (!seeds.isEmpty()) {
            out.append('\n').append(seeds.replace("\n  ", "\n- ").replace("|", "\\|"));
        }
        if (!stale.isEmpty()) {
            out.append('\n').append(STALE_NOTE.replace("|", "\\|")).append('\n');
        }
        return out.toString();
    }

    private String csv() {
        StringBuilder out = new StringBuilder(
                "rank,best,run_id,head,params,features_entry,layer,input_size,val_accuracy,test_accuracy,fit_seconds,"
                + "group,settings_tried,test_accuracy_ci95_low,test_accuracy_ci95_high,p_value_vs_best,tied_with_best"
                + (stale.isEmpty() ? "" : ",stale") + "\n");
        for (int i = 0; i < runs.size(); i++) {
            RunRecord r = runs.get(i);
            double[] ci = ci95(r);
            Double p = pValueVsBest(r);
            String[] row = {String.valueOf(i + 1), String.valueOf(tiedWithBest(r)), r.runId(), r.head(),
                ParamSummary.of(r.head(), r.params()), r.featuresEntry(), String.valueOf(r.layer()),
                String.valueOf(r.inputSize()), r.valAccuracy() == null ? "" : acc(r.valAccuracy()),
                acc(r.testAccuracy()), String.format(Locale.ROOT, "%.3f", r.fitSeconds()), group,
                String.valueOf(r.settingsTried()), String.format(Locale.ROOT, "%.4f", ci[0]),
                String.format(Locale.ROOT, "%.4f", ci[1]), p == null ? "" : String.valueOf(p), String.valueOf(tiedWithBest(r)),
                String.valueOf(stale.containsKey(r.runId()))};
            if (stale.isEmpty()) {
                row = java.util.Arrays.copyOf(row, row.length - 1); // the column appears only when a run is stale
            }
            for (int c = 0; c < row.length; c++) {
                out.append(c == 0 ? "" : ",").append(csvField(row[c]));
            }
            out.append('\n');
        }
        return out.toString();
    }

    private static String csvField(String s) {
        if (s.contains(",") || s.contains("\"") || s.contains("\n")) {
            return "\"" + s.replace("\"", "\"\"") + "\"";
        }
        return s;
    }

    private String json() {
        ArrayNode array = Json.MAPPER.createArrayNode();
        addJson(array);
        try {
            return Json.MAPPER.writeValueAsString(array) + "\n";
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Appends one JSON object per run, best first, to {@code array}. */
    public void addJson(ArrayNode array) {
        for (int i = 0; i < runs.size(); i++) {
            RunRecord r = runs.get(i);
            ObjectNode o = array.addObject();
            o.put("rank", i + 1);
            o.put("best", tiedWithBest(r));
            o.put("group", group);
            o.put("run_id", r.runId());
            o.put("head", r.head());
            o.put("params", ParamSummary.of(r.head(), r.params()));
            o.set("params_full", Json.MAPPER.valueToTree(r.params()));
            o.put("features_entry", r.featuresEntry());
            o.put("layer", r.layer());
            o.put("input_size", r.inputSize());
            if (r.valAccuracy() == null) {
                o.putNull("val_accuracy");
            } else {
                o.put("val_accuracy", r.valAccuracy());
            }
            o.put("test_accuracy", r.testAccuracy());
            o.put("fit_seconds", r.fitSeconds());
            double[] ci = ci95(r);
            o.putArray("test_accuracy_ci95").add(ci[0]).add(ci[1]);
            Double p = pValueVsBest(r);
            if (p == null) {
                o.putNull("p_value_vs_best");
            } else {
                o.put("p_value_vs_best", p);
            }
            o.put("tied_with_best", tiedWithBest(r));
            o.put("settings_tried", r.settingsTried());
            if (r.seeds() != null) {
                SeedSpread sp = SeedSpread.of(r);
                ObjectNode so = o.putObject("seeds");
                so.put("n", sp.n());
                so.put("mean", sp.mean());
                so.putArray("min_max").add(sp.min()).add(sp.max());
                so.putArray("t_interval95").add(sp.tLow()).add(sp.tHigh());
                so.set("test_accuracies", Json.MAPPER.valueToTree(r.seedAccuracies()));
            }
            if (r.search() != null) {
                o.set("search", Json.MAPPER.valueToTree(r.search()));
            }
            if (r.converged() != null) {
                o.put("converged", r.converged());
            }
            if (r.confusionMatrix() != null) {
                o.put("macro_f1", Stats.macroF1(r.confusionMatrix()));
            }
            o.set("per_class_accuracy", Json.MAPPER.valueToTree(r.perClassAccuracy()));
            TestPredictions tp = predictions.get(r.runId());
            double[][] probs = tp == null ? null : tp.probabilityMatrix();
            if (probs != null) {
                o.put("log_loss", Stats.logLoss(tp.labels(), probs));
                o.put("ece", Stats.ece(tp.labels(), probs, 15));
            }
            if (stale.containsKey(r.runId())) {
                o.put("stale", true);
                o.put("stale_reason", stale.get(r.runId()));
            }
        }
    }

    private static String acc(double a) {
        return String.format(Locale.ROOT, "%.4f", a);
    }
}
