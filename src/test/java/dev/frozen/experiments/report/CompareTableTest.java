package dev.frozen.experiments.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.frozen.experiments.runs.RunRecord;
import dev.frozen.experiments.runs.Runs;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The terminal table: fitted to a width, grouped by entry, with its markers and notes. */
class CompareTableTest {
    private final CompareReport report = ReportRuns.cifarLike();

    private static void assertFits(String table, int width) {
        for (String line : table.lines().toList()) {
            assertTrue(line.length() <= width, "line of " + line.length() + " > " + width + ":\n" + line + "\n\n" + table);
        }
    }

    /** Every run's rank, id, head and test accuracy, and every entry's name, layer and input size, are shown. */
    private void assertCarriesTheRuns(String table) {
        for (RunRecord r : report.runs()) {
            String row = table.lines().filter(l -> l.contains(report.shortId(r))).findFirst().orElseThrow(
                    () -> new AssertionError("no row for " + r.runId() + "\n" + table));
            assertTrue(row.matches("[* ] +" + report.rank(r) + " .*"), row);
            assertTrue(row.contains(" " + r.head()), row);
            assertTrue(row.contains(String.format(java.util.Locale.ROOT, "%.4f", r.testAccuracy())), row);
        }
        for (CompareReport.EntryGroup g : report.entryGroups()) {
            assertTrue(table.contains("entry " + g.entry()), g.entry() + "\n" + table);
            assertTrue(table.contains(g.layer() + ", " + g.inputSize() + " px"), table);
        }
        assertEquals(1, table.lines().filter(l -> l.contains("test_acc")).count(), "one header line\n" + table);
    }

    @Test
    void fitsOneHundredColumnsAndSaysWhatItLeftOut() {
        String table = dev.frozen.Setting.render(report.render(ReportFormat.TABLE, 100), dev.frozen.Setting.FLAGS); // as printed
        assertFits(table, 100);
        assertCarriesTheRuns(table);
        // The entry name is said once per group, never on the runs' rows.
        String entry = report.runs().get(0).featuresEntry();
        assertEquals(1, table.lines().filter(l -> l.contains(entry)).count(), table);
        assertTrue(table.contains("--wide shows every column"), table);
        assertTrue(table.contains("train_n"), "train rows differ between heads, so the column stays\n" + table);
    }

    @Test
    void twoHundredColumnsShowEverything() {
        String table = dev.frozen.Setting.render(report.render(ReportFormat.TABLE, 200), dev.frozen.Setting.FLAGS);
        assertFits(table, 200);
        assertCarriesTheRuns(table);
        for (String h : List.of("val_acc", "train_n", "95% CI", "p_vs_best", "fit_s")) {
            assertTrue(table.lines().findFirst().orElseThrow().contains(h), h + "\n" + table);
        }
        assertFalse(table.contains("--wide"), table);
        assertTrue(table.contains("hidden=1000 drop=0.5 ep=10 trainable_blocks=1"), "params in full\n" + table);
        // --wide also shows the columns that say nothing here (every run tried one setting).
        assertFalse(table.lines().findFirst().orElseThrow().contains("tried"), table);
        assertTrue(report.render(ReportFormat.TABLE, CompareTable.WIDE).lines().findFirst().orElseThrow().contains("tried"));
    }

    @Test
    void nonConvergenceIsMarkedWithAFootnote() {
        String table = report.render(ReportFormat.TABLE, 120);
        String row = table.lines().filter(l -> l.contains("lambda=1 ")).findFirst().orElseThrow();
        assertTrue(row.contains("logreg~"), row);
        assertTrue(table.contains("~ not converged"), table);
        String converged = new CompareReport(Runs.three()).render(ReportFormat.TABLE, 120);
        assertFalse(converged.contains("not converged"), converged);
        assertTrue(report.render(ReportFormat.MARKDOWN).contains("~ not converged"));
    }

    @Test
    void staleFootnoteOnlyUnderAGroupWithAStaleRun() {
        List<RunRecord> runs = Runs.three();
        Map<String, String> stale = Map.of(runs.get(0).runId(), "entry re-extracted");
        CompareReport withStale = new CompareReport(runs.subList(0, 1), stale, Map.of(), "a", null);
        CompareReport without = new CompareReport(runs.subList(1, 3), stale, Map.of(), "b", null);
        assertTrue(withStale.render(ReportFormat.TABLE, 100).contains("! stale"));
        assertTrue(withStale.render(ReportFormat.TABLE, 100).contains(" 1!"));
        assertFalse(without.render(ReportFormat.TABLE, 100).contains("! stale"), "the stale run is in another group");
        assertFalse(without.render(ReportFormat.MARKDOWN).contains("stale"));
    }

    @Test
    void csvAlwaysHasTheStaleTrainRowsConvergedAndPipelineColumns() {
        String csv = report.render(ReportFormat.CSV);
        List<String> header = List.of(csv.lines().findFirst().orElseThrow().split(","));
        for (String col : List.of("stale", "train_rows", "converged", "pipeline")) {
            assertTrue(header.contains(col), col + " in " + header);
        }
        String logreg = csv.lines().filter(l -> l.contains("-logreg-bbbbbb")).findFirst().orElseThrow();
        assertTrue(logreg.endsWith(",false,45000,false,article"), logreg);
        String noConvergenceKnown = csv.lines().filter(l -> l.contains("-dense-dddddd")).findFirst().orElseThrow();
        assertTrue(noConvergenceKnown.endsWith(",false,50000,,article"), noConvergenceKnown);
    }

    @Test
    void wrapsNotesAtWordsWithinTheWidth() {
        StringBuilder out = new StringBuilder();
        CompareTable.wrap(out, "aaaa bbbb cccc dddd", 10);
        assertEquals("aaaa bbbb\n  cccc\n  dddd\n", out.toString());
    }
}
