package dev.frozen.experiments.runs;

import static org.junit.jupiter.api.Assertions.*;

import dev.frozen.DataError;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A run's model and record appear together or not at all. */
class RunStoreTest {
    @TempDir Path tmp;

    private static RunRecord record(String id) {
        return Runs.of(id, "logreg", Runs.map("lambda", 1.0), "e1", null, 0.5, 1.0);
    }

    private static List<String> names(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void aFailedModelWriteLeavesNothingBehind() throws Exception {
        Path runs = tmp.resolve("e1/runs");
        String id = "20260101-000000-000-logreg-aaaaaa";
        DataError e = assertThrows(DataError.class, () -> RunStore.publish(runs, record(id), dir -> {
            try {
                Files.createDirectories(dir);
                Files.writeString(dir.resolve("head.json"), "{");
            } catch (IOException io) {
                throw new AssertionError(io);
            }
            throw new java.io.UncheckedIOException(new IOException("No space left on device"));
        }));
        assertTrue(e.getMessage().contains("no space left on device") && e.getMessage().contains("rerun"), e.getMessage());
        assertEquals(List.of(), names(runs), "no orphan model, no staging folder, no record");
    }

    @Test
    void publishedRunHasBothPartsAndRemoveTakesBoth() throws Exception {
        Path runs = tmp.resolve("e1/runs");
        String id = "20260101-000000-000-logreg-bbbbbb";
        RunStore.publish(runs, record(id), dir -> writeModel(dir));
        assertEquals(List.of(id + ".json", id + ".model"), names(runs));
        RunStore.StoredRun run = RunStore.find(tmp, id.substring(0, 24), s -> {});
        assertEquals(id, run.record().runId());
        RunStore.remove(run);
        assertEquals(List.of(), names(runs));
    }

    @Test
    void aPublishKilledBetweenItsTwoRenamesIsFinishedByTheNextReader() throws Exception {
        Path runs = tmp.resolve("e1/runs");
        String id = "20260101-000000-000-logreg-cccccc";
        // The state a SIGKILL right after the model rename leaves: model in place, record still in staging.
        Path staging = Files.createDirectories(runs.resolve("." + id + ".partial"));
        Files.writeString(staging.resolve(id + ".json"), RunStore.toJson(record(id)));
        writeModel(runs.resolve(id + ".model"));
        List<String> warnings = new ArrayList<>();
        List<RunStore.StoredRun> listed = RunStore.list(tmp, null, warnings::add);
        assertEquals(1, listed.size());
        assertEquals(List.of(id + ".json", id + ".model"), names(runs));
        assertEquals(List.of(), warnings);
    }

    @Test
    void incompleteRecordsAreSkippedWithAWarningNamingTheFile() throws Exception {
        Path runs = Files.createDirectories(tmp.resolve("e1/runs"));
        Files.writeString(runs.resolve("20260101-000000-000-svm-dddddd.json"), "{}");
        RunStore.writeRecord(runs, record("20260101-000000-000-logreg-eeeeee"));
        List<String> warnings = new ArrayList<>();
        assertEquals(1, RunStore.list(tmp, null, warnings::add).size());
        assertEquals(1, warnings.size());
        assertTrue(warnings.get(0).contains("svm-dddddd.json"), warnings.toString());
    }

    private static void writeModel(Path dir) {
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("head.json"), "{}");
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
