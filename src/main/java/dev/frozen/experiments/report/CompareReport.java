package dev.frozen.experiments.report;

import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.frozen.experiments.runs.RunRecord;
import dev.frozen.experiments.runs.TestPredictions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The runs scored on one test set, ranked by test accuracy (best first; ties by run id), with what a comparison
 * needs: Wilson intervals, the paired test against the best run, which runs tie with it, which are stale. Rank 1 is
 * the best run. {@link CompareLoader} builds reports from the run store; {@link CompareTable}, {@link CompareMarkdown},
 * {@link CompareCsv} and {@link CompareJson} render them (picked in {@link CompareRenderers}), {@link ComparePlots}
 * draws them.
 */
public final class CompareReport {
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

    /** {@code stale} maps run ids to why the run no longer matches its entry (see {@link dev.frozen.experiments.runs.Staleness}). */
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

    /** The test set this table ranks on, e.g. "cifar10 test split (3f2a9c1d, 10000 rows)". */
    public String group() {
        return group;
    }

    /** The saved test predictions of a run (a multi-seed run's are its seed-majority vote), or null. */
    public TestPredictions predictionsOf(String runId) {
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
        return Stats.mcnemarExact(predictions.get(best.runId()), predictions.get(r.runId()));
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

    /** The report in {@code format}, every column shown. */
    public String render(ReportFormat format) {
        return CompareRenderers.render(this, format, CompareTable.WIDE);
    }

    /** The report in {@code format}; a table fits {@code width} columns ({@link CompareTable#WIDE}: every column). */
    public String render(ReportFormat format, int width) {
        return CompareRenderers.render(this, format, width);
    }

    /** Appends one JSON object per run, best first, to {@code array}. */
    public void addJson(ArrayNode array) {
        CompareJson.addJson(this, array);
    }

    /** The saved per-row test answers of a run, or null. */
    TestPredictions predictions(RunRecord r) {
        return predictions.get(r.runId());
    }

    /** The id shown for a run: its shortest unique prefix. */
    String shortId(RunRecord r) {
        return shortIds.getOrDefault(r.runId(), r.runId());
    }

    /** The id shown for a run id: its shortest unique prefix. */
    String shortId(String runId) {
        return shortIds.getOrDefault(runId, runId);
    }

    /** 1 for the best run. */
    int rank(RunRecord r) {
        return runs.indexOf(r) + 1;
    }

    /** Whether a run of this report (not of another test set) is stale. */
    boolean hasStale() {
        return runs.stream().anyMatch(r -> stale.containsKey(r.runId()));
    }

    /** The runs of one feature entry, best first. */
    public record EntryGroup(String entry, String layer, int inputSize, List<RunRecord> runs) {}

    /** The runs split by feature entry, the entry holding the best run first (each entry's runs best first). */
    public List<EntryGroup> entryGroups() {
        Map<String, List<RunRecord>> byEntry = new java.util.LinkedHashMap<>();
        for (RunRecord r : runs) {
            byEntry.computeIfAbsent(r.featuresEntry(), e -> new ArrayList<>()).add(r);
        }
        List<EntryGroup> out = new ArrayList<>();
        byEntry.forEach((entry, rs) -> out.add(new EntryGroup(entry, rs.get(0).layer(), rs.get(0).inputSize(), List.copyOf(rs))));
        return out;
    }
}
