package dev.frozen.experiments;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.frozen.Json;
import dev.frozen.Setting;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Renders a {@link CompareReport} as a terminal table, Markdown, CSV or JSON. The table and Markdown group runs by
 * feature entry (entry, layer and input size are said once per group); the table fits a given width by leaving out
 * the least needed columns first and says which. CSV and JSON always carry every field.
 */
public final class CompareTable {
    /** A width that shows every column. */
    public static final int WIDE = Integer.MAX_VALUE;
    /** The narrowest width a table is laid out for; below it lines may be longer than asked. */
    static final int MIN_WIDTH = 70;

    private CompareTable() {}

    /** The table's columns, in display order. */
    enum Col {
        RANK("#", true), ID("id", false), HEAD("head", false), PARAMS("params", false), TRIED("tried", true),
        TRAIN("train_n", true), VAL("val_acc", true), TEST("test_acc", true), CI("95% CI", false),
        P("p_vs_best", true), FIT("fit_s", true);

        final String header;
        final boolean right;

        Col(String header, boolean right) {
            this.header = header;
            this.right = right;
        }
    }

    /** Marks a run whose solver stopped at its iteration limit, after the head's name. */
    static final String NOT_CONVERGED = "~";

    static final String TIE_NOTE = "* best test accuracy, or tied with it: exact McNemar test against the best run on "
            + "the same test rows, p >= 0.05 (n/a: a run without saved predictions). 95% CI: Wilson score interval.";
    static final String STALE_NOTE = "! stale: fitted on features that its entry no longer holds (re-extracted "
            + "since); refit it, or remove it with 'frozen runs rm RUN " + Setting.flag("delete") + "'.";
    static final String CONVERGENCE_NOTE = NOT_CONVERGED + " not converged: the solver stopped at its iteration "
            + "limit before meeting its tolerance; raise max_iter (or tol) and refit, the accuracy may change.";

    public static String render(CompareReport report, ReportFormat format, int width) {
        return switch (format) {
            case TABLE -> table(report, width);
            case MARKDOWN -> markdown(report);
            case CSV -> csv(report);
            case JSON -> json(report);
        };
    }

    private static String cell(CompareReport report, RunRecord r, Col c) {
        return switch (c) {
            case RANK -> report.rank(r) + (report.staleReason(r) != null ? "!" : "");
            case ID -> report.shortId(r);
            case HEAD -> r.head() + (Boolean.FALSE.equals(r.converged()) ? NOT_CONVERGED : "");
            case PARAMS -> ParamSummary.of(r.head(), r.params());
            case TRIED -> String.valueOf(r.settingsTried());
            case TRAIN -> String.valueOf(r.trainRows());
            case VAL -> r.valAccuracy() == null ? "-" : acc(r.valAccuracy());
            case TEST -> acc(r.testAccuracy());
            case CI -> {
                double[] ci = CompareReport.ci95(r);
                yield String.format(Locale.ROOT, "%.3f-%.3f", ci[0], ci[1]);
            }
            case P -> {
                Double p = report.pValueVsBest(r);
                yield report.rank(r) == 1 ? "best" : p == null ? "n/a" : pValue(p);
            }
            case FIT -> String.format(Locale.ROOT, "%.1f", r.fitSeconds());
        };
    }

    /** One line per run, grouped by entry, fitted to {@code width} columns (at least {@link #MIN_WIDTH}). */
    static String table(CompareReport report, int width) {
        boolean wide = width == WIDE;
        int limit = wide ? WIDE : Math.max(MIN_WIDTH, width);
        List<CompareReport.EntryGroup> groups = report.entryGroups();
        Set<Col> cols = EnumSet.allOf(Col.class);
        boolean trainInHeaders = false;
        if (!wide) {
            // Columns that say nothing in this table: every run tried one setting, or each entry's runs trained on
            // the same rows (the entry's header then says how many).
            if (report.runs().stream().allMatch(r -> r.settingsTried() == 1)) {
                cols.remove(Col.TRIED);
            }
            trainInHeaders = groups.stream().allMatch(g -> g.runs().stream().map(RunRecord::trainRows).distinct().count() == 1);
            if (trainInHeaders) {
                cols.remove(Col.TRAIN);
            }
        }
        int[] natural = new int[Col.values().length];
        for (Col c : Col.values()) {
            natural[c.ordinal()] = c.header.length();
            for (RunRecord r : report.runs()) {
                natural[c.ordinal()] = Math.max(natural[c.ordinal()], cell(report, r, c).length());
            }
        }
        int paramsWidth = natural[Col.PARAMS.ordinal()];
        List<Col> dropped = new ArrayList<>();
        // Least needed first: timings, the search size and validation accuracy; then (after cutting long params to
        // 24 characters) the p-value ('*' still marks ties) and train rows. CSV, JSON and --wide keep them all.
        dropWhileTooWide(List.of(Col.FIT, Col.TRIED, Col.VAL), cols, dropped, natural, paramsWidth, limit);
        paramsWidth = shrink(paramsWidth, 24, width(cols, natural, paramsWidth) - limit);
        dropWhileTooWide(List.of(Col.P, Col.TRAIN), cols, dropped, natural, paramsWidth, limit);
        paramsWidth = shrink(paramsWidth, Col.PARAMS.header.length() + 4, width(cols, natural, paramsWidth) - limit);
        // Columns left out may have freed more room than the cut params needed: give it back.
        paramsWidth = Math.min(natural[Col.PARAMS.ordinal()], paramsWidth + Math.max(0, limit - width(cols, natural, paramsWidth)));
        int[] w = natural.clone();
        w[Col.PARAMS.ordinal()] = paramsWidth;

        StringBuilder out = new StringBuilder();
        List<String> header = new ArrayList<>();
        for (Col c : cols) {
            header.add(c.header);
        }
        line(out, "  ", cols, header, w);
        boolean notConverged = false;
        for (CompareReport.EntryGroup g : groups) {
            String about = g.layer() + ", " + g.inputSize() + " px"
                    + (trainInHeaders ? ", " + g.runs().get(0).trainRows() + " train rows" : "");
            entryHeader(out, g.entry(), about, limit);
            for (RunRecord r : g.runs()) {
                List<String> row = new ArrayList<>();
                for (Col c : cols) {
                    row.add(fit(cell(report, r, c), w[c.ordinal()]));
                }
                line(out, report.tiedWithBest(r) ? "* " : "  ", cols, row, w);
                notConverged |= Boolean.FALSE.equals(r.converged());
            }
        }
        List<String> notes = new ArrayList<>();
        notes.add(TIE_NOTE);
        if (report.hasStale()) {
            notes.add(STALE_NOTE);
        }
        if (notConverged) {
            notes.add(CONVERGENCE_NOTE);
        }
        if (!dropped.isEmpty()) {
            List<String> names = dropped.stream().map(c -> c.header).toList();
            notes.add("(left out to fit " + limit + " columns: " + String.join(", ", names)
                    + "; " + Setting.key("wide") + " shows every column)");
        }
        wrap(out, notes.remove(0), limit);
        // Multi-seed runs: the spread over seeds under the tie note (lines as they are: each one holds its intervals).
        out.append(SeedSpread.block(report.runs(), report::shortId));
        for (String note : notes) {
            wrap(out, note, limit);
        }
        return out.toString();
    }

    private static void dropWhileTooWide(List<Col> candidates, Set<Col> cols, List<Col> dropped, int[] natural,
            int paramsWidth, int limit) {
        for (Col c : candidates) {
            if (width(cols, natural, paramsWidth) <= limit) {
                return;
            }
            if (cols.remove(c)) {
                dropped.add(c);
            }
        }
    }

    /** {@code current} made {@code excess} narrower, but not below {@code floor} (nor wider than it was). */
    private static int shrink(int current, int floor, int excess) {
        return excess <= 0 ? current : Math.max(Math.min(current, floor), current - excess);
    }

    private static int width(Set<Col> cols, int[] natural, int paramsWidth) {
        int total = 2; // the tie marker
        for (Col c : cols) {
            total += (c == Col.PARAMS ? paramsWidth : natural[c.ordinal()]) + 2;
        }
        return total - 2;
    }

    /** "entry NAME: layer, size", on two lines when one would be too long; a name longer than the width is cut. */
    private static void entryHeader(StringBuilder out, String entry, String about, int limit) {
        String one = "  entry " + entry + ": " + about;
        if (one.length() <= limit) {
            out.append(one).append('\n');
            return;
        }
        String name = "  entry " + entry;
        out.append(fit(name, limit)).append('\n');
        out.append(fit("    " + about, limit)).append('\n');
    }

    private static void line(StringBuilder out, String marker, Set<Col> cols, List<String> row, int[] w) {
        StringBuilder line = new StringBuilder(marker);
        int i = 0;
        for (Col c : cols) {
            String v = row.get(i++);
            if (i > 1) {
                line.append("  ");
            }
            String pad = " ".repeat(Math.max(0, w[c.ordinal()] - v.length()));
            line.append(c.right ? pad + v : v + pad);
        }
        out.append(line.toString().stripTrailing()).append('\n');
    }

    /** {@code s} cut to {@code width} characters, ending in "..." when cut. */
    static String fit(String s, int width) {
        return s.length() <= width ? s : s.substring(0, Math.max(0, width - 3)) + "...";
    }

    /** Word-wraps a note to {@code width}, continuation lines indented by two spaces. */
    static void wrap(StringBuilder out, String text, int width) {
        StringBuilder line = new StringBuilder();
        for (String word : text.split(" ")) {
            if (line.length() > 0 && line.length() + 1 + word.length() > width) {
                out.append(line).append('\n');
                line = new StringBuilder("  ");
            }
            if (line.length() > 0 && !line.toString().isBlank()) {
                line.append(' ');
            }
            line.append(word);
        }
        out.append(line).append('\n');
    }

    private static final List<Col> MARKDOWN_COLS = List.of(Col.values());

    /** One Markdown table per entry, each under a line naming the entry; ranks are across the whole report. */
    static String markdown(CompareReport report) {
        StringBuilder out = new StringBuilder();
        boolean notConverged = false;
        for (CompareReport.EntryGroup g : report.entryGroups()) {
            out.append("**entry `").append(g.entry()).append("`**: ").append(g.layer()).append(", ")
                    .append(g.inputSize()).append(" px\n\n");
            out.append("| best |");
            for (Col c : MARKDOWN_COLS) {
                out.append(' ').append(c.header).append(" |");
            }
            out.append("\n|---|");
            for (Col c : MARKDOWN_COLS) {
                out.append(c.right ? "---:|" : "---|");
            }
            out.append('\n');
            for (RunRecord r : g.runs()) {
                out.append("| ").append(report.tiedWithBest(r) ? "best" : "").append(" |");
                for (Col c : MARKDOWN_COLS) {
                    out.append(' ').append(cell(report, r, c).replace("|", "\\|")).append(" |");
                }
                out.append('\n');
                notConverged |= Boolean.FALSE.equals(r.converged());
            }
            out.append('\n');
        }
        out.append("'best' marks the ").append(TIE_NOTE.substring(2)).append('\n');
        String seeds = SeedSpread.block(report.runs(), report::shortId);
        if (!seeds.isEmpty()) {
            out.append('\n').append(seeds.replace("\n  ", "\n- ").replace("|", "\\|"));
        }
        if (report.hasStale()) {
            out.append('\n').append(STALE_NOTE.replace("|", "\\|")).append('\n');
        }
        if (notConverged) {
            out.append('\n').append(CONVERGENCE_NOTE).append('\n');
        }
        return out.toString();
    }

    static final String CSV_HEADER = "rank,best,run_id,head,params,features_entry,layer,input_size,val_accuracy,"
            + "test_accuracy,fit_seconds,group,settings_tried,test_accuracy_ci95_low,test_accuracy_ci95_high,"
            + "p_value_vs_best,tied_with_best,stale,train_rows,converged,pipeline";

    /** One header and one row per run; every column is always present (empty where unknown). */
    static String csv(CompareReport report) {
        StringBuilder out = new StringBuilder(CSV_HEADER).append('\n');
        for (RunRecord r : report.runs()) {
            double[] ci = CompareReport.ci95(r);
            Double p = report.pValueVsBest(r);
            String[] row = {String.valueOf(report.rank(r)), String.valueOf(report.tiedWithBest(r)), r.runId(), r.head(),
                ParamSummary.of(r.head(), r.params()), r.featuresEntry(), String.valueOf(r.layer()),
                String.valueOf(r.inputSize()), r.valAccuracy() == null ? "" : acc(r.valAccuracy()),
                acc(r.testAccuracy()), String.format(Locale.ROOT, "%.3f", r.fitSeconds()), report.group(),
                String.valueOf(r.settingsTried()), String.format(Locale.ROOT, "%.4f", ci[0]),
                String.format(Locale.ROOT, "%.4f", ci[1]), p == null ? "" : String.valueOf(p),
                String.valueOf(report.tiedWithBest(r)), String.valueOf(report.staleReason(r) != null),
                String.valueOf(r.trainRows()), r.converged() == null ? "" : String.valueOf(r.converged()),
                r.pipeline() == null ? "" : r.pipeline()};
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

    private static String json(CompareReport report) {
        ArrayNode array = Json.MAPPER.createArrayNode();
        addJson(report, array);
        return Json.write(array) + "\n";
    }

    /** Appends one JSON object per run, best first, to {@code array}. */
    static void addJson(CompareReport report, ArrayNode array) {
        for (RunRecord r : report.runs()) {
            ObjectNode o = array.addObject();
            o.put("rank", report.rank(r));
            o.put("best", report.tiedWithBest(r));
            o.put("group", report.group());
            o.put("run_id", r.runId());
            o.put("head", r.head());
            o.put("params", ParamSummary.of(r.head(), r.params()));
            o.set("params_full", Json.MAPPER.valueToTree(r.params()));
            o.put("features_entry", r.featuresEntry());
            o.put("layer", r.layer());
            o.put("input_size", r.inputSize());
            o.put("train_rows", r.trainRows());
            if (r.valAccuracy() == null) {
                o.putNull("val_accuracy");
            } else {
                o.put("val_accuracy", r.valAccuracy());
            }
            o.put("test_accuracy", r.testAccuracy());
            o.put("fit_seconds", r.fitSeconds());
            double[] ci = CompareReport.ci95(r);
            o.putArray("test_accuracy_ci95").add(ci[0]).add(ci[1]);
            Double p = report.pValueVsBest(r);
            if (p == null) {
                o.putNull("p_value_vs_best");
            } else {
                o.put("p_value_vs_best", p);
            }
            o.put("tied_with_best", report.tiedWithBest(r));
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
            if (r.converged() == null) {
                o.putNull("converged");
            } else {
                o.put("converged", r.converged());
            }
            o.put("pipeline", r.pipeline());
            if (r.confusionMatrix() != null) {
                o.put("macro_f1", Stats.macroF1(r.confusionMatrix()));
            }
            o.set("per_class_accuracy", Json.MAPPER.valueToTree(r.perClassAccuracy()));
            TestPredictions tp = report.predictions(r);
            double[][] probs = tp == null ? null : tp.probabilityMatrix();
            if (probs != null) {
                o.put("log_loss", Stats.logLoss(tp.labels(), probs));
                o.put("ece", Stats.ece(tp.labels(), probs, 15));
            }
            o.put("stale", report.staleReason(r) != null);
            if (report.staleReason(r) != null) {
                o.put("stale_reason", report.staleReason(r));
            }
        }
    }

    private static String pValue(double p) {
        return p < 0.0001 ? "<0.0001" : String.format(Locale.ROOT, "%.4f", p);
    }

    private static String acc(double a) {
        return String.format(Locale.ROOT, "%.4f", a);
    }
}
