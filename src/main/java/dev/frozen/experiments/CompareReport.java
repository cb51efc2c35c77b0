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
    private static final String[] HEADERS = {"#", "head", "params", "entry", "layer", "input", "val_acc", "test_acc", "fit_s"};
    private static final boolean[] RIGHT = {true, false, false, false, false, true, true, true, true};

    private final List<RunRecord> runs;
    private final Map<String, String> stale;

    public CompareReport(List<RunRecord> runs) {
        this(runs, Map.of());
    }

    /** {@code stale} maps run ids to why the run no longer matches its entry (see {@link Staleness}). */
    public CompareReport(List<RunRecord> runs, Map<String, String> stale) {
        List<RunRecord> sorted = new ArrayList<>(runs);
        sorted.sort(Comparator.comparingDouble(RunRecord::testAccuracy).reversed().thenComparing(RunRecord::runId));
        this.runs = List.copyOf(sorted);
        this.stale = Map.copyOf(stale);
    }

    /**
     * Reads {@code <featuresDir>/<entry>/runs/*.json}, keeping those matching the filters (null = any), and marks
     * the runs whose entry no longer holds the features they were fitted on. Unreadable records are reported to
     * {@code warn} and skipped, so one bad file does not hide the rest.
     */
    public static CompareReport load(Path featuresDir, String entry, String head, Consumer<String> warn) {
        List<RunRecord> found = new ArrayList<>();
        Map<String, String> stale = new HashMap<>();
        Map<Path, Optional<FeatureEntry>> entries = new HashMap<>();
        for (RunStore.StoredRun run : RunStore.list(featuresDir, entry, warn)) {
            RunRecord r = run.record();
            if (head != null && !head.equals(r.head())) {
                continue;
            }
            found.add(r);
            Optional<FeatureEntry> current = entries.computeIfAbsent(run.entryDir(), dir -> {
                try {
                    return FeatureStore.find(featuresDir, dir.getFileName().toString());
                } catch (DataError e) {
                    warn.accept("warning: " + e.getMessage());
                    return Optional.empty();
                }
            });
            String reason = Staleness.of(r, null, current.orElse(null));
            if (reason != null) {
                stale.put(r.runId(), reason);
            }
        }
        return new CompareReport(found, stale);
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
            rows.add(new String[] {
                String.valueOf(i + 1) + (stale.containsKey(r.runId()) ? "!" : ""), r.head(), ParamSummary.of(r.head(), r.params()), r.featuresEntry(),
                String.valueOf(r.layer()), String.valueOf(r.inputSize()),
                r.valAccuracy() == null ? "-" : acc(r.valAccuracy()), acc(r.testAccuracy()),
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
            tableLine(out, i == 0 ? "* " : "  ", rows.get(i), width);
        }
        out.append("* best test accuracy\n");
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
            out.append("| ").append(i == 0 ? "best" : "").append(" | ");
            String[] row = rows.get(i).clone();
            for (int c = 0; c < row.length; c++) {
                row[c] = row[c].replace("|", "\\|");
            }
            out.append(String.join(" | ", row)).append(" |\n");
        }
        if (!stale.isEmpty()) {
            out.append('\n').append(STALE_NOTE.replace("|", "\\|")).append('\n');
        }
        return out.toString();
    }

    private String csv() {
        StringBuilder out = new StringBuilder(
                "rank,best,run_id,head,params,features_entry,layer,input_size,val_accuracy,test_accuracy,fit_seconds"
                + (stale.isEmpty() ? "" : ",stale") + "\n");
        for (int i = 0; i < runs.size(); i++) {
            RunRecord r = runs.get(i);
            String[] row = {String.valueOf(i + 1), String.valueOf(i == 0), r.runId(), r.head(),
                ParamSummary.of(r.head(), r.params()), r.featuresEntry(), String.valueOf(r.layer()),
                String.valueOf(r.inputSize()), r.valAccuracy() == null ? "" : acc(r.valAccuracy()),
                acc(r.testAccuracy()), String.format(Locale.ROOT, "%.3f", r.fitSeconds()),
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
        for (int i = 0; i < runs.size(); i++) {
            RunRecord r = runs.get(i);
            ObjectNode o = array.addObject();
            o.put("rank", i + 1);
            o.put("best", i == 0);
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
            if (stale.containsKey(r.runId())) {
                o.put("stale", true);
                o.put("stale_reason", stale.get(r.runId()));
            }
        }
        try {
            return Json.MAPPER.writeValueAsString(array) + "\n";
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String acc(double a) {
        return String.format(Locale.ROOT, "%.4f", a);
    }
}
