package dev.frozen.experiments.report;

import dev.frozen.experiments.runs.RunRecord;
import java.util.List;

/** Renders a {@link CompareReport} as one Markdown table per feature entry, with the table's notes below. */
final class CompareMarkdown {
    private static final List<CompareTable.Col> COLS = List.of(CompareTable.Col.values());

    private CompareMarkdown() {}

    /** One Markdown table per entry, each under a line naming the entry; ranks are across the whole report. */
    static String of(CompareReport report) {
        StringBuilder out = new StringBuilder();
        boolean notConverged = false;
        for (CompareReport.EntryGroup g : report.entryGroups()) {
            out.append("**entry `").append(g.entry()).append("`**: ").append(g.layer()).append(", ")
                    .append(g.inputSize()).append(" px\n\n");
            out.append("| best |");
            for (CompareTable.Col c : COLS) {
                out.append(' ').append(c.header).append(" |");
            }
            out.append("\n|---|");
            for (CompareTable.Col c : COLS) {
                out.append(c.right ? "---:|" : "---|");
            }
            out.append('\n');
            for (RunRecord r : g.runs()) {
                out.append("| ").append(report.tiedWithBest(r) ? "best" : "").append(" |");
                for (CompareTable.Col c : COLS) {
                    out.append(' ').append(CompareTable.cell(report, r, c).replace("|", "\\|")).append(" |");
                }
                out.append('\n');
                notConverged |= Boolean.FALSE.equals(r.converged());
            }
            out.append('\n');
        }
        out.append("'best' marks the ").append(CompareTable.TIE_NOTE.substring(2)).append('\n');
        String seeds = SeedSpread.block(report.runs(), report::shortId);
        if (!seeds.isEmpty()) {
            out.append('\n').append(seeds.replace("\n  ", "\n- ").replace("|", "\\|"));
        }
        if (report.hasStale()) {
            out.append('\n').append(CompareTable.STALE_NOTE.replace("|", "\\|")).append('\n');
        }
        if (notConverged) {
            out.append('\n').append(CompareTable.CONVERGENCE_NOTE).append('\n');
        }
        return out.toString();
    }
}
