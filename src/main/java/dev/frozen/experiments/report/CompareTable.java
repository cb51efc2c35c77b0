package dev.frozen.experiments.report;

import dev.frozen.experiments.runs.RunRecord;
import dev.frozen.Setting;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Renders a {@link CompareReport} as a terminal table: runs grouped by feature entry (entry, layer and input size are
 * said once per group), fitted to a given width by leaving out the least needed columns first, saying which. The
 * columns and their cells are shared with {@link CompareMarkdown}.
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

    /** One cell of the table or Markdown, as shown. */
    static String cell(CompareReport report, RunRecord r, Col c) {
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

    /**
     * How a table is laid out: the columns shown, each column's width, the columns left out to fit {@code limit},
     * and whether each entry's header says its train rows (then the column is left out).
     */
    private record Layout(Set<Col> cols, int[] widths, List<Col> dropped, boolean trainInHeaders, int limit) {}

    /** One line per run, grouped by entry, fitted to {@code width} columns (at least {@link #MIN_WIDTH}). */
    static String table(CompareReport report, int width) {
        Layout layout = layout(report, width);
        StringBuilder out = new StringBuilder();
        List<String> header = new ArrayList<>();
        for (Col c : layout.cols()) {
            header.add(c.header);
        }
        line(out, "  ", layout.cols(), header, layout.widths());
        boolean notConverged = false;
        for (CompareReport.EntryGroup g : report.entryGroups()) {
            String about = g.layer() + ", " + g.inputSize() + " px"
                    + (layout.trainInHeaders() ? ", " + g.runs().get(0).trainRows() + " train rows" : "");
            entryHeader(out, g.entry(), about, layout.limit());
            for (RunRecord r : g.runs()) {
                List<String> row = new ArrayList<>();
                for (Col c : layout.cols()) {
                    row.add(fit(cell(report, r, c), layout.widths()[c.ordinal()]));
                }
                line(out, report.tiedWithBest(r) ? "* " : "  ", layout.cols(), row, layout.widths());
                notConverged |= Boolean.FALSE.equals(r.converged());
            }
        }
        notes(out, report, layout, notConverged);
        return out.toString();
    }

    /** The columns that fit {@code width} and their widths. */
    private static Layout layout(CompareReport report, int width) {
        boolean wide = width == WIDE;
        int limit = wide ? WIDE : Math.max(MIN_WIDTH, width);
        Set<Col> cols = EnumSet.allOf(Col.class);
        boolean trainInHeaders = false;
        if (!wide) {
            // Columns that say nothing in this table: every run tried one setting, or each entry's runs trained on
            // the same rows (the entry's header then says how many).
            if (report.runs().stream().allMatch(r -> r.settingsTried() == 1)) {
                cols.remove(Col.TRIED);
            }
            trainInHeaders = report.entryGroups().stream()
                    .allMatch(g -> g.runs().stream().map(RunRecord::trainRows).distinct().count() == 1);
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
        return new Layout(cols, w, dropped, trainInHeaders, limit);
    }

    /** The tie note, the multi-seed spreads, then the stale, convergence and left-out-columns notes that apply. */
    private static void notes(StringBuilder out, CompareReport report, Layout layout, boolean notConverged) {
        List<String> notes = new ArrayList<>();
        notes.add(TIE_NOTE);
        if (report.hasStale()) {
            notes.add(STALE_NOTE);
        }
        if (notConverged) {
            notes.add(CONVERGENCE_NOTE);
        }
        if (!layout.dropped().isEmpty()) {
            List<String> names = layout.dropped().stream().map(c -> c.header).toList();
            notes.add("(left out to fit " + layout.limit() + " columns: " + String.join(", ", names)
                    + "; " + Setting.key("wide") + " shows every column)");
        }
        wrap(out, notes.remove(0), layout.limit());
        // Multi-seed runs: the spread over seeds under the tie note (lines as they are: each one holds its intervals).
        out.append(SeedSpread.block(report.runs(), report::shortId));
        for (String note : notes) {
            wrap(out, note, layout.limit());
        }
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

    static String pValue(double p) {
        return p < 0.0001 ? "<0.0001" : String.format(Locale.ROOT, "%.4f", p);
    }

    static String acc(double a) {
        return String.format(Locale.ROOT, "%.4f", a);
    }
}
