package dev.frozen.experiments.fit;

import static org.junit.jupiter.api.Assertions.*;

import dev.frozen.experiments.runs.RunRecord;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GridEdgesTest {
    private static Map<String, Object> tried(String key, double value, double score) {
        return Map.of("params", Map.of(key, value, "tol", 1e-4), "val_accuracy", score);
    }

    @Test
    void theSmallestValueSuggestsTheNextDecadeDown() {
        List<Map<String, Object>> search = List.of(tried("C", 0.001, 0.8), tried("C", 0.01, 0.7), tried("C", 0.1, 0.6));
        assertEquals(List.of("note: C=0.001 is the smallest value tried; the best may lie beyond it: try --C 0.0001,0.001"),
                shown(GridEdges.notes(search, 0)));
    }

    @Test
    void theLargestValueSuggestsTheNextDecadeUp() {
        List<Map<String, Object>> search = List.of(tried("lambda", 100, 0.8), tried("lambda", 10, 0.7), tried("lambda", 1, 0.6));
        List<String> notes = shown(GridEdges.notes(search, 0));
        assertEquals(1, notes.size());
        assertTrue(notes.get(0).contains("lambda=100 is the largest value tried") && notes.get(0).endsWith("try --lambda 100,1000"),
                notes.get(0));
    }

    @Test
    void aGridThatScoredAllTheSameOrACountAtOneSaysNothing() {
        List<Map<String, Object>> flat = List.of(tried("C", 0.001, 0.8), tried("C", 0.01, 0.8), tried("C", 0.1, 0.8));
        assertEquals(List.of(), GridEdges.notes(flat, 0), "a tie across the grid points nowhere");
        List<Map<String, Object>> k = List.of(Map.of("params", Map.of("k", 1), "val_accuracy", 0.9),
                Map.of("params", Map.of("k", 5), "val_accuracy", 0.8));
        assertEquals(List.of(), GridEdges.notes(k, 0), "nothing lies below k=1");
        List<Map<String, Object>> kTop = List.of(Map.of("params", Map.of("k", 1), "val_accuracy", 0.8),
                Map.of("params", Map.of("k", 5), "val_accuracy", 0.9));
        assertEquals(1, GridEdges.notes(kTop, 1).size(), "k=5 is the largest tried: " + GridEdges.notes(kTop, 1));
    }

    @Test
    void anInteriorChoiceOrASingleSettingSaysNothing() {
        List<Map<String, Object>> search = List.of(tried("C", 0.001, 0.6), tried("C", 0.01, 0.8), tried("C", 0.1, 0.6));
        assertEquals(List.of(), GridEdges.notes(search, 1));
        assertEquals(List.of(), GridEdges.notes(List.of(tried("C", 1, 0.5)), 0));
        assertEquals(List.of(), GridEdges.notes(null, -1));
    }

    @Test
    void aSearchLogsTheEdgeNote(@org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp) {
        // Two values: whichever wins is at an edge of the grid.
        List<dev.frozen.heads.HeadOptions> grid = List.of(
                dev.frozen.heads.LogRegOptions.of(java.util.Map.of("lambda", "100", "max_iter", "100")),
                dev.frozen.heads.LogRegOptions.of(java.util.Map.of("lambda", "10", "max_iter", "100")));
        java.io.ByteArrayOutputStream text = new java.io.ByteArrayOutputStream();
        RunRecord r = Fitter.fit(new FitTarget("e", "block5_pool", 48, tmp.resolve("runs")), SearchTest.TRAIN, SearchTest.TEST,
                new dev.frozen.heads.HeadSpec(grid, 0.2, 3, 0, true), new java.io.PrintStream(text, true));
        String log = text.toString();
        double chosen = ((Number) r.params().get("lambda")).doubleValue();
        assertTrue(log.contains("note: lambda=" + (chosen == 100 ? "100 is the largest" : "10 is the smallest") + " value tried"), log);
    }

    /** The notes as the command line prints them: an option by its flag. */
    private static List<String> shown(List<String> notes) {
        return notes.stream().map(n -> dev.frozen.Setting.render(n, dev.frozen.Setting.FLAGS)).toList();
    }
}
