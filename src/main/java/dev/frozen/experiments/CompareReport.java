package dev.frozen.experiments;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.frozen.DataError;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
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

    public CompareReport(List<RunRecord> runs) {
        List<RunRecord> sorted = new ArrayList<>(runs);
        sorted.sort(Comparator.comparingDouble(RunRecord::testAccuracy).reversed().thenComparing(RunRecord::runId));
        this.runs = List.copyOf(sorted);
    }

    /**
     * Reads {@code <featuresDir>/<entry>/runs/*.json}, keeping those matching the filters (null = any).
     * Unreadable records are reported to {@code warn} and skipped, so one bad file does not hide the rest.
     */
    public static CompareReport load(Path featuresDir, String entry, String head, Consumer<String> warn) {
        List<RunRecord> found = new ArrayList<>();
        for (Path runsDir : runsDirs(featuresDir, entry)) {
            try (Stream<Path> files = Files.list(runsDir)) {
                for (Path f : files.filter(p -> p.getFileName().toString().endsWith(".json")).sorted().toList()) {
                    try {
                        RunRecord r = RunRecords.read(f);
                        if (head == null || head.equals(r.head())) {
                            found.add(r);
                        }
                    } catch (DataError e) {
                        warn.accept("warning: skipping " + f + ": " + e.getMessage());
                    }
                }
            } catch (IOException e) {
                throw new DataError("cannot list " + runsDir + ": " + e.getMessage(), e);
            }
        }
        return new CompareReport(found);
    }

    private static List<Path> runsDirs(Path featuresDir, String entry) {
        if (entry != null) {
            Path dir = featuresDir.resolve(entry);
            if (!Files.isDirectory(dir)) {
                throw new DataError("no feature entry '" + entry + "' under " + featuresDir);
            }
            return Files.isDirectory(dir.resolve("runs")) ? List.of(dir.resolve("runs")) : List.of();
        }
        if (!Files.isDirectory(featuresDir)) {
            return List.of();
        }
        try (Stream<Path> dirs = Files.list(featuresDir)) {
            return dirs.map(d -> d.resolve("runs")).filter(Files::isDirectory).sorted().toList();
        } catch (IOException e) {
            throw new DataError("cannot list " + featuresDir + ": " + e.getMessage(), e);
        }
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
                String.valueOf(i + 1), r.head(), ParamSummary.of(r.head(), r.params()), r.featuresEntry(),
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
        return out.toString();
    }

    private String csv() {
        StringBuilder out = new StringBuilder(
                "rank,best,run_id,head,params,features_entry,layer,input_size,val_accuracy,test_accuracy,fit_seconds\n");
        for (int i = 0; i < runs.size(); i++) {
            RunRecord r = runs.get(i);
            String[] row = {String.valueOf(i + 1), String.valueOf(i == 0), r.runId(), r.head(),
                ParamSummary.of(r.head(), r.params()), r.featuresEntry(), String.valueOf(r.layer()),
                String.valueOf(r.inputSize()), r.valAccuracy() == null ? "" : acc(r.valAccuracy()),
                acc(r.testAccuracy()), String.format(Locale.ROOT, "%.3f", r.fitSeconds())};
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
        ArrayNode array = RunRecords.MAPPER.createArrayNode();
        for (int i = 0; i < runs.size(); i++) {
            RunRecord r = runs.get(i);
            ObjectNode o = array.addObject();
            o.put("rank", i + 1);
            o.put("best", i == 0);
            o.put("run_id", r.runId());
            o.put("head", r.head());
            o.put("params", ParamSummary.of(r.head(), r.params()));
            o.set("params_full", RunRecords.MAPPER.valueToTree(r.params()));
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
        }
        try {
            return RunRecords.MAPPER.writeValueAsString(array) + "\n";
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String acc(double a) {
        return String.format(Locale.ROOT, "%.4f", a);
    }
}
